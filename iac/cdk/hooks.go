package cdk

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/iac/model"
)

// Call gives the CDK's functions and methods their meaning (goeval.Hooks).
func (r *reader) Call(in *goeval.Interp, c *goeval.Call) (goeval.Value, bool) {
	pkg := c.Func.Pkg()
	if pkg == nil {
		return nil, false
	}
	name := c.Func.Name()
	if sig, ok := c.Func.Type().(*types.Signature); ok && sig.Recv() != nil {
		return r.method(c, name)
	}
	p := pkg.Path()
	switch {
	case p == jsiiPkg:
		return r.jsii(c, name)
	case p == constructsPkg:
		if name == "NewConstruct" {
			return r.newScope(c, kindScope), true
		}
	case p == cdkModule:
		return r.core(c, name)
	case strings.HasPrefix(p, cdkModule+"/"):
		return r.service(strings.TrimPrefix(p, cdkModule+"/"), name, c)
	case strings.HasPrefix(p, goAlphaModule):
		if name == "NewGoFunction" {
			return r.newFunction(c, true), true
		}
	case strings.HasPrefix(p, apigwv2AlphaPkg) || strings.HasPrefix(p, "github.com/aws/aws-cdk-go/awscdkapigatewayv2integrationsalpha/"):
		// The HTTP API constructs before they became stable.
		return r.service("awsapigatewayv2", name, c)
	}
	return nil, false
}

// Select: the CDK's Go types have methods, not fields.
func (r *reader) Select(*goeval.Interp, goeval.Value, string, *ast.SelectorExpr) (goeval.Value, bool) {
	return nil, false
}

func (r *reader) jsii(c *goeval.Call, name string) (goeval.Value, bool) {
	switch name {
	case "String", "Number", "Bool", "Time":
		return c.Arg(0), true
	case "Strings", "Numbers", "Bools":
		s := &goeval.Slice{}
		for i, a := range c.Args {
			s.Elems = append(s.Elems, goeval.Elem{Value: a, At: c.ArgExpr(i)})
		}
		return s, true
	case "Close":
		return goeval.Nil{}, true
	}
	return nil, false
}

// core handles the awscdk package itself.
func (r *reader) core(c *goeval.Call, name string) (goeval.Value, bool) {
	switch name {
	case "NewApp":
		return &construct{kind: kindApp, call: c.Expr, at: r.header(c.Expr, -1)}, true
	case "NewStack":
		return r.newStack(c), true
	case "NewNestedStack":
		// A nested stack's resources are deployed with its parent's: one project.
		return r.newScope(c, kindScope), true
	case "Duration_Seconds", "Duration_Minutes", "Duration_Hours", "Duration_Days", "Duration_Millis":
		n, ok := goeval.FloatOf(c.Arg(0))
		if !ok {
			return nil, false
		}
		mult := map[string]float64{"Duration_Seconds": 1, "Duration_Minutes": 60, "Duration_Hours": 3600,
			"Duration_Days": 86400, "Duration_Millis": 0.001}[name]
		return duration{seconds: n * mult}, true
	}
	return nil, false
}

// method dispatches a method call on the value it is called on.
func (r *reader) method(c *goeval.Call, name string) (goeval.Value, bool) {
	switch recv := c.Recv.(type) {
	case *statement:
		return r.statementMethod(recv, c, name)
	case metric:
		if name == "CreateAlarm" {
			return r.newAlarm(c, &recv), true
		}
		return recv, true // With(...) and friends: the same metric
	case *goeval.Struct:
		if cn := asConstruct(recv); cn != nil {
			c.Recv = cn
			return r.method(c, name)
		}
	case *construct:
		return r.constructMethod(recv, c, name)
	case duration:
		if name == "ToSeconds" {
			return goeval.Float(recv.seconds), true
		}
	}
	return nil, false
}

// constructMethod handles a method of a construct.
func (r *reader) constructMethod(cn *construct, c *goeval.Call, name string) (goeval.Value, bool) {
	switch cn.kind {
	case kindFunction, kindAlias:
		return r.functionMethod(cn, c, name)
	case kindQueue, kindTopic, kindTable, kindBucket, kindStream, kindImported:
		return r.resourceMethod(cn, c, name)
	case kindRestAPI, kindRestRes:
		return r.restMethod(cn, c, name)
	case kindHTTPAPI:
		return r.httpMethod(cn, c, name)
	case kindRule:
		return r.ruleMethod(cn, c, name)
	case kindState, kindStepChain:
		return r.stateMethod(cn, c, name)
	case kindMachine:
		return r.machineMethod(cn, c, name)
	case kindRole:
		return r.roleMethod(cn, c, name)
	case kindPolicy:
		return r.policyMethod(cn, c, name)
	case kindLogGroup:
		switch name {
		case "LogGroupName":
			return ref{id: cn.logicalID()}, true
		case "LogGroupArn":
			return ref{id: cn.logicalID(), attr: "Arn"}, true
		}
	case kindL1:
		return r.l1Method(cn, c, name)
	case kindApp:
		if name == "Synth" {
			return goeval.Nil{}, true
		}
	}
	return nil, false
}

// newStack creates a stack.
func (r *reader) newStack(c *goeval.Call) goeval.Value {
	id, ok := goeval.StringOf(c.Arg(1))
	cn := &construct{kind: kindStack, call: c.Expr, at: r.header(c.Expr, 1), extent: r.rng(c.Expr)}
	if !ok {
		// A stack whose name is not known statically cannot be told from another.
		return cn
	}
	cn.id = id
	name := id
	if props, ok := c.Arg(2).(*goeval.Struct); ok {
		if v, _, ok := r.field(props, "StackName"); ok {
			if s, ok := goeval.StringOf(v); ok {
				name = s
			}
		}
	}
	for _, s := range r.stacks {
		if s.name == name {
			return s.c // the same stack constructed twice (a branch): one project
		}
	}
	s := &stack{c: cn, name: name, template: &cloudformation.Template{Dir: r.appDir},
		resources: map[string]*cloudformation.Resource{}, files: map[string]bool{}}
	cn.stack = s
	r.stacks = append(r.stacks, s)
	return cn
}

// newScope creates a construct of the app's own (constructs.NewConstruct) or a nested
// stack: a level of construct paths.
func (r *reader) newScope(c *goeval.Call, k kind) goeval.Value {
	cn, _ := r.child(c, k)
	return cn
}

// child creates a construct in the scope given as the first argument (every construct's
// scope) with the ID of the second. ok is false when it cannot be placed: its scope or its ID is unknown,
// or an identical construct exists (the same call in two branches).
func (r *reader) child(c *goeval.Call, k kind) (*construct, bool) {
	site := r.siteOf(c.Expr)
	cn := &construct{kind: k, call: site, at: r.header(site, 1), extent: r.rng(site)}
	parent := asConstruct(c.Arg(0))
	if parent == nil {
		return cn, false
	}
	cn.parent = parent
	cn.stack = parent.stack
	if parent.kind == kindStack && parent.stack != nil {
		cn.stack = parent.stack
	}
	id, ok := goeval.StringOf(c.Arg(1))
	if !ok {
		if cn.stack != nil {
			cn.stack.unknown = true
		}
		return cn, false
	}
	cn.id = id
	switch parent.kind {
	case kindStack, kindApp:
		cn.path = id
	default:
		cn.path = parent.path + "/" + id
	}
	if cn.stack == nil {
		return cn, false
	}
	if !cn.extent.IsZero() {
		r.statements = append(r.statements, cn.extent)
	}
	return cn, true
}

// resource creates a construct's main resource in its stack.
func (r *reader) resource(cn *construct, typ string, props *cloudformation.Value) *cloudformation.Resource {
	if props == nil {
		props = cloudformation.NewMap(cn.at)
	}
	res := &cloudformation.Resource{ID: cn.logicalID(), Type: typ, At: cn.at, Extent: cn.extent, Properties: props}
	if !cn.stack.add(res) {
		return nil
	}
	cn.res = res
	return res
}

// extra adds a resource the construct creates besides its main one (a role, a
// permission, an event source mapping), with the ID suffix CDK gives it.
func (r *reader) extra(cn *construct, suffix, typ string, at model.Range, props *cloudformation.Value) *cloudformation.Resource {
	if cn.stack == nil {
		return nil
	}
	id := cn.logicalID() + "/" + suffix
	for n := 2; cn.stack.resources[id] != nil; n++ {
		id = cn.logicalID() + "/" + suffix + itoa(n)
	}
	res := &cloudformation.Resource{ID: id, Type: typ, At: at, Extent: at, Properties: props}
	cn.stack.add(res)
	return res
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
