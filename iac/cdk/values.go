package cdk

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/iac/model"
)

// The values the reader gives the CDK's calls. Each is what the app's code holds at run
// time, reduced to what the resources it configures need.

// kind is a construct's kind.
type kind string

const (
	kindApp       kind = "app"
	kindStack     kind = "stack"
	kindScope     kind = "construct" // constructs.NewConstruct: a scope of the app's own
	kindFunction  kind = "function"
	kindQueue     kind = "queue"
	kindTopic     kind = "topic"
	kindTable     kind = "table"
	kindBucket    kind = "bucket"
	kindStream    kind = "stream"
	kindRestAPI   kind = "rest-api"
	kindRestRes   kind = "rest-resource"
	kindHTTPAPI   kind = "http-api"
	kindRule      kind = "rule"
	kindMachine   kind = "state-machine"
	kindState     kind = "state" // a Step Functions state (a task, a pass, a choice...)
	kindAlarm     kind = "alarm"
	kindLogGroup  kind = "log-group"
	kindRole      kind = "role"
	kindPolicy    kind = "policy"
	kindKey       kind = "kms-key"
	kindL1        kind = "cfn"
	kindResource  kind = "resource" // another construct: its ID and path only
	kindImported  kind = "imported" // Queue_FromQueueArn and the like: declared elsewhere
	kindAlias     kind = "alias"
	kindStepChain kind = "chain"
)

// A construct is a construct instance the app creates.
type construct struct {
	kind   kind
	id     string
	path   string // within its stack, "" for apps and stacks
	parent *construct
	stack  *stack
	call   *ast.CallExpr
	// at is the construct's header, extent the whole call.
	at, extent model.Range
	// res is the main CloudFormation resource (nil for apps, stacks and scopes).
	res *cloudformation.Resource
	// role is a function's execution role (a resource of the stack) and policy the
	// role's default policy, created by the first statement added to it.
	role   *construct
	policy *cloudformation.Resource
	// fn is the function an alias or version belongs to.
	fn *construct
	// restRoot is a REST API's root resource; restPath a resource's path.
	restRoot *construct
	restPath string
	restAPI  *construct
	// state is a Step Functions state's definition (for kindState), or the method settings
	// an API gives its routes; states is a chain's states in order.
	state  *cloudformation.Value
	states []*construct
	// arn is an imported resource's ARN or name as written.
	arn *cloudformation.Value
}

// logicalID is the ID of the construct's resources in its stack's project: its path.
func (c *construct) logicalID() string { return c.path }

// A ref is an attribute of a resource of the stack: {Ref: id} when attr is "", or
// {Fn::GetAtt: [id, attr]}.
type ref struct {
	id, attr string
}

// duration is an awscdk.Duration.
type duration struct{ seconds float64 }

// runtime is an awslambda.Runtime.
type runtime struct{ name string }

// architecture is an awslambda.Architecture.
type architecture struct{ name string }

// code is an awslambda.Code: an asset directory or file (relative to the app's folder),
// inline code, an image, or code from S3.
type code struct {
	asset  string
	known  bool
	image  bool
	inline bool
	at     ast.Node
}

// An eventSource is an awslambdaeventsources source, added to a function later.
type eventSource struct {
	kind   model.TriggerKind
	target goeval.Value
	props  *goeval.Struct
	call   *ast.CallExpr
}

// An integration is an API Gateway Lambda integration of a function.
type integration struct {
	fn   *construct
	call *ast.CallExpr
}

// A target is an EventBridge rule target that invokes a function.
type target struct {
	fn    *construct
	props *goeval.Struct
	call  *ast.CallExpr
}

// A destination is a function's (or stream's) failure or success destination: a queue,
// a topic, a function, an event bus.
type destination struct {
	to   goeval.Value
	call *ast.CallExpr
}

// schedule is an awsevents.Schedule's expression.
type schedule struct{ expr goeval.Value }

// metric is a CloudWatch metric; fn is the function its FunctionName dimension names.
type metric struct {
	namespace, name string
	fn              *construct
	dims            *cloudformation.Value
	call            *ast.CallExpr
}

// statement is an awsiam.PolicyStatement.
type statement struct {
	v    *cloudformation.Value
	call *ast.CallExpr
}

// principal is an IAM principal ("*", a service, an account ARN).
type principal struct {
	key   string // AWS, Service, Federated, or "*"
	value goeval.Value
}

// managedPolicy is an AWS managed policy (ManagedPolicy_FromAwsManagedPolicyName).
type managedPolicy struct{ arn goeval.Value }

// policyDocument is an awsiam.PolicyDocument.
type policyDocument struct{ statements []*statement }

// taskTimeout is an awsstepfunctions.Timeout.
type taskTimeout struct {
	seconds goeval.Value
	path    goeval.Value
}

// condition is a Step Functions Choice condition: not read.
type condition struct{}

// definitionBody is a state machine's definition.
type definitionBody struct {
	chain *construct
	json  goeval.Value
	file  goeval.Value
	at    ast.Node
}

// --- conversion of the app's values to template values ---

// value converts an app value to a template value written at at; nil means no value (nil
// in Go: the property is not set).
func (r *reader) value(v goeval.Value, at model.Range) *cloudformation.Value {
	return r.valueDepth(v, at, 0)
}

func (r *reader) valueDepth(v goeval.Value, at model.Range, depth int) *cloudformation.Value {
	if depth > 32 {
		return cloudformation.Opaque(at)
	}
	switch v := v.(type) {
	case nil:
		return cloudformation.Opaque(at)
	case goeval.Nil:
		return nil
	case goeval.Const:
		switch v.V.Kind() {
		case constant.String:
			return cloudformation.Str(constant.StringVal(v.V), at)
		case constant.Bool:
			return cloudformation.Boolean(constant.BoolVal(v.V), at)
		case constant.Int, constant.Float:
			f, _ := goeval.FloatOf(v)
			return cloudformation.Num(f, at)
		}
	case *goeval.Slice:
		if v.Unknown {
			return cloudformation.Opaque(at)
		}
		out := &cloudformation.Value{Kind: cloudformation.List, At: at}
		for _, e := range v.Elems {
			eat := at
			if e.At != nil {
				eat = r.rng(e.At)
			}
			if x := r.valueDepth(e.Value, eat, depth+1); x != nil {
				out.Items = append(out.Items, x)
			}
		}
		return out
	case *goeval.Map:
		if v.Unknown {
			return cloudformation.Opaque(at)
		}
		out := cloudformation.NewMap(at)
		for _, e := range v.Entries {
			k, ok := goeval.StringOf(e.Key)
			if !ok {
				return cloudformation.Opaque(at)
			}
			eat := at
			if e.At != nil {
				eat = r.rng(e.At)
			}
			if x := r.valueDepth(e.Value, eat, depth+1); x != nil {
				out.Set(k, eat, x)
			}
		}
		return out
	case *goeval.Struct:
		// A struct of the CDK's L1 property types: its fields are CloudFormation's
		// properties, named in Go's casing.
		out := cloudformation.NewMap(at)
		for _, f := range v.Fields {
			fat := at
			if f.At != nil {
				fat = r.rng(f.At)
			}
			if x := r.valueDepth(f.Value, fat, depth+1); x != nil {
				out.Set(cfnName(f.Name), fat, x)
			}
		}
		return out
	case ref:
		if v.attr == "" {
			return cloudformation.Ref(v.id, at)
		}
		return cloudformation.GetAtt(v.id, v.attr, at)
	case *construct:
		if v.res != nil {
			return cloudformation.Ref(v.res.ID, at)
		}
		if v.arn != nil {
			return v.arn
		}
	case duration:
		return cloudformation.Num(v.seconds, at)
	case runtime:
		return cloudformation.Str(v.name, at)
	case architecture:
		return cloudformation.Str(v.name, at)
	case principal:
		if v.key == "*" {
			return cloudformation.Str("*", at)
		}
		out := cloudformation.NewMap(at)
		out.Set(v.key, at, r.value(v.value, at))
		return out
	}
	return cloudformation.Opaque(at)
}

// cfnNames are the CloudFormation property names that Go's casing of the CDK's L1 props
// does not give by capitalizing (acronyms written as words).
var cfnNames = map[string]string{
	"SseSpecification": "SSESpecification",
	"SseEnabled":       "SSEEnabled",
	"SseType":          "SSEType",
}

func cfnName(goName string) string {
	if n, ok := cfnNames[goName]; ok {
		return n
	}
	return goName
}

// field returns a props struct's field and where it is written (the key-value).
func (r *reader) field(props *goeval.Struct, name string) (goeval.Value, model.Range, bool) {
	if props == nil {
		return nil, model.Range{}, false
	}
	f := props.Field(name)
	if f == nil || goeval.IsNil(f.Value) {
		return nil, model.Range{}, false
	}
	return f.Value, r.rng(f.At), true
}

// setProp copies a props field to a template property, converted by conv (r.value when
// nil).
func (r *reader) setProp(props *goeval.Struct, field string, m *cloudformation.Value, prop string, conv func(goeval.Value, model.Range) *cloudformation.Value) {
	v, at, ok := r.field(props, field)
	if !ok {
		return
	}
	if conv == nil {
		conv = r.value
	}
	if x := conv(v, at); x != nil {
		m.Set(prop, at, x)
	}
}

// seconds converts a Duration to a number of seconds.
func (r *reader) seconds(v goeval.Value, at model.Range) *cloudformation.Value {
	if d, ok := v.(duration); ok {
		return cloudformation.Num(d.seconds, at)
	}
	return cloudformation.Opaque(at)
}

// upperCamel turns an enum's value (ACTIVE, PASS_THROUGH) into CloudFormation's casing
// (Active, PassThrough).
func upperCamel(s string) string {
	var b strings.Builder
	for _, part := range strings.Split(strings.ToLower(s), "_") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// asConstruct returns the construct a value is or embeds (a struct of the app's own that
// embeds a stack or a construct).
func asConstruct(v goeval.Value) *construct {
	return asConstructDepth(v, 0)
}

func asConstructDepth(v goeval.Value, depth int) *construct {
	switch v := v.(type) {
	case *construct:
		return v
	case *goeval.Struct:
		if depth > 4 || v.Type == nil {
			return nil
		}
		st, ok := v.Type.Underlying().(*types.Struct)
		if !ok {
			return nil
		}
		for i := range st.NumFields() {
			if f := st.Field(i); f.Embedded() {
				if fv := v.Field(f.Name()); fv != nil {
					if c := asConstructDepth(fv.Value, depth+1); c != nil {
						return c
					}
				}
			}
		}
	}
	return nil
}
