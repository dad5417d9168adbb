package cloudformation

import (
	"strings"

	"github.com/slslint/slslint/iac/awspolicies"
	"github.com/slslint/slslint/iac/model"
)

// policyDocument reads an IAM policy document (a mapping with Statement, or a JSON string).
func (b *builder) policyDocument(n *node, hdr model.Range) *model.Policy {
	doc, st := b.tp.pick(n)
	at := hdr
	if n != nil {
		at = n.rng
	}
	pol := &model.Policy{At: at, ManagedARN: model.Missing[string](at)}
	if st == vNoValue {
		return pol
	}
	if st == vUnknown || doc == nil {
		pol.Statements = []*model.Statement{{At: at, Effect: model.Unresolved[string](at), Unknown: true}}
		return pol
	}
	if doc.kind == scalarNode || isStringIntrinsic(doc) {
		// A policy written as a JSON string.
		v := b.tp.eval(doc)
		if s, ok := scalarOf(v); ok {
			if parsed, prob := parseJSON(newText([]byte(s), doc.rng.File)); prob == nil {
				// Positions inside the string cannot be mapped back; the string's range stands
				// for all of them.
				relocate(parsed, doc.rng, 0)
				doc = parsed
			}
		}
		if doc.kind != mapNode {
			pol.Statements = []*model.Statement{{At: at, Effect: model.Unresolved[string](at), Unknown: true}}
			return pol
		}
	}
	for _, s := range b.tp.items(doc.get("Statement")) {
		pol.Statements = append(pol.Statements, b.statement(s))
	}
	if doc.get("Statement") != nil && len(pol.Statements) == 0 {
		if _, st := b.tp.pick(doc.get("Statement")); st == vUnknown {
			pol.Statements = []*model.Statement{{At: at, Effect: model.Unresolved[string](at), Unknown: true}}
		}
	}
	return pol
}

// isStringIntrinsic reports whether n is a call that yields a string (a policy or definition
// built with Fn::Sub or Fn::Join).
func isStringIntrinsic(n *node) bool {
	fn, _, ok := n.intrinsic()
	return ok && (fn == "Fn::Sub" || fn == "Fn::Join")
}

// relocate gives every node of a tree parsed from a string the range of that string.
func relocate(n *node, r model.Range, depth int) {
	if n == nil || depth > maxDepth {
		return
	}
	n.rng = r
	for _, c := range n.content {
		relocate(c, r, depth+1)
	}
}

func (b *builder) statement(s *node) *model.Statement {
	tp := b.tp
	st := &model.Statement{At: s.rng, Effect: tp.strOr(s.get("Effect"), "Allow", s.rng)}
	if s.kind != mapNode {
		st.Unknown = true
		return st
	}
	if _, _, ok := s.intrinsic(); ok {
		st.Unknown = true
		return st
	}
	// NotPrincipal applies to everyone but a list, which the model cannot say.
	if s.get("NotPrincipal") != nil {
		st.Unknown = true
	}
	st.Actions = tp.listAttrs(s.get("Action"), s.rng)
	st.Resources = tp.listAttrs(s.get("Resource"), s.rng)
	st.NotActions = tp.listAttrs(s.get("NotAction"), s.rng)
	st.NotResources = tp.listAttrs(s.get("NotResource"), s.rng)
	st.HasCondition = s.get("Condition") != nil
	if p := s.get("Principal"); p != nil {
		st.Principals = b.principals(p, s.rng)
	}
	// Each element carries its own origin; the statement is unknown only when a whole list
	// cannot be read (Action: !If [unknown, ...], a list parameter without default).
	if (s.get("Action") != nil && len(st.Actions) == 0) || (s.get("Resource") != nil && len(st.Resources) == 0) ||
		(s.get("NotAction") != nil && len(st.NotActions) == 0) || (s.get("NotResource") != nil && len(st.NotResources) == 0) {
		st.Unknown = true
	}
	return st
}

// principals flattens a Principal ("*", {AWS: ..., Service: [...]}) into its values.
func (b *builder) principals(p *node, hdr model.Range) []model.Attr[string] {
	p, st := b.tp.pick(p)
	if st != vKnown || p == nil {
		return []model.Attr[string]{model.Unresolved[string](hdr)}
	}
	if p.kind != mapNode {
		return b.tp.listAttrs(p, hdr)
	}
	if _, _, ok := p.intrinsic(); ok {
		return []model.Attr[string]{b.tp.str(p, hdr)}
	}
	var out []model.Attr[string]
	p.pairs(func(_, v *node) { out = append(out, b.tp.listAttrs(v, hdr)...) })
	return out
}

// role declares an AWS::IAM::Role with its inline and managed policies.
func (b *builder) role(r *resource) {
	tp := b.tp
	role := &model.Role{Resource: b.header(r, "RoleName")}
	for _, p := range tp.items(r.props.get("Policies")) {
		pol := b.policyDocument(p.get("PolicyDocument"), p.rng)
		pol.At = p.rng
		role.Policies = append(role.Policies, pol)
	}
	b.roles[r.id] = role
	b.p.Roles = append(b.p.Roles, role)
}

// attachManaged adds a role's ManagedPolicyArns once every managed policy is declared.
func (b *builder) attachManaged(r *resource) {
	role := b.roles[r.id]
	if role == nil {
		return
	}
	for _, m := range b.tp.items(r.props.get("ManagedPolicyArns")) {
		role.Policies = append(role.Policies, b.managedPolicy(m, r.key.rng))
	}
}

// managedPolicy reads a managed policy reference: an AWS managed policy by ARN or (in SAM)
// by name, or a customer managed policy of the template, whose statements it carries.
func (b *builder) managedPolicy(n *node, hdr model.Range) *model.Policy {
	a := b.tp.str(n, hdr)
	pol := &model.Policy{At: n.rng, ManagedARN: a}
	if mp := b.managed[a.Ref]; mp != nil {
		pol.Statements = mp.Statements
		return pol
	}
	if a.Known() && !strings.HasPrefix(a.Value, "arn:") {
		pol.ManagedARN.Value = awsManagedPolicyARN(a.Value)
	}
	return pol
}

// serviceRolePolicies are AWS managed policies that live under the service-role/ path.
var serviceRolePolicies = map[string]bool{
	"AWSLambdaBasicExecutionRole": true, "AWSLambdaVPCAccessExecutionRole": true,
	"AWSLambdaKinesisExecutionRole": true, "AWSLambdaDynamoDBExecutionRole": true,
	"AWSLambdaSQSQueueExecutionRole": true, "AWSLambdaRole": true, "AWSLambdaENIManagementAccess": true,
	"AWSLambdaMSKExecutionRole": true, "AWSLambdaBasicDurableExecutionRolePolicy": true,
}

func awsManagedPolicyARN(name string) string {
	if serviceRolePolicies[name] {
		return "arn:aws:iam::aws:policy/service-role/" + name
	}
	return "arn:aws:iam::aws:policy/" + name
}

// attachPolicy attaches an AWS::IAM::Policy or ManagedPolicy to the roles it names.
func (b *builder) attachPolicy(r *resource) {
	var pol *model.Policy
	if r.typ == "AWS::IAM::ManagedPolicy" {
		pol = b.managed[r.id]
	} else {
		pol = b.policyDocument(r.props.get("PolicyDocument"), r.key.rng)
	}
	if pol == nil {
		return
	}
	for _, rn := range b.tp.items(r.props.get("Roles")) {
		a := b.tp.str(rn, r.key.rng)
		role := b.roles[a.Ref]
		if role == nil && a.Known() {
			for _, ro := range b.p.Roles {
				if ro.Name.Known() && ro.Name.Value == a.Value {
					role = ro
				}
			}
		}
		if role != nil {
			role.Policies = append(role.Policies, pol)
		}
	}
}

// samPolicies reads a SAM function's Policies: managed policy names or ARNs, inline policy
// documents and statements, and policy templates.
func (b *builder) samPolicies(f *model.Function, props *node) {
	n := props.get("Policies")
	if n == nil {
		return
	}
	for _, item := range b.tp.items(n) {
		switch {
		case item.kind == scalarNode:
			f.Policies = append(f.Policies, b.managedPolicy(item, item.rng))
		case item.kind != mapNode:
		default:
			if _, _, ok := item.intrinsic(); ok {
				f.Policies = append(f.Policies, b.managedPolicy(item, item.rng))
				continue
			}
			if item.get("Statement") != nil {
				pol := b.policyDocument(item, item.rng)
				f.Policies = append(f.Policies, pol)
				continue
			}
			item.pairs(func(k, v *node) { f.Policies = append(f.Policies, b.policyTemplate(item, k, v)) })
		}
	}
}

// policyTemplate reads one SAM policy template use ({SQSSendMessagePolicy: {QueueName: X}})
// and expands a template SAM documents into its statements, each resource with the
// parameters' values in it (a reference to a resource of the template keeps its Ref and is
// written into the resource's Shape).
func (b *builder) policyTemplate(item, k, params *node) *model.Policy {
	at := item.rng
	pol := &model.Policy{At: at, ManagedARN: model.Set(k.value, k.rng), Template: true, TemplateResource: model.Missing[string](at)}
	tmpl, known := awspolicies.SAMTemplate(k.value)
	if !known {
		if params != nil && params.kind == mapNode && len(params.content) >= 2 {
			pol.TemplateResource = b.tp.str(params.content[1], at)
		}
		return pol
	}
	values := map[string]model.Attr[string]{}
	for i, name := range tmpl.Params {
		v := model.Missing[string](at)
		if pn := params.get(name); pn != nil {
			v = b.tp.str(pn, at)
		}
		values[name] = v
		if i == 0 {
			pol.TemplateResource = v
		}
	}
	for _, ts := range tmpl.Statements {
		st := &model.Statement{At: at, Effect: model.Set("Allow", k.rng), HasCondition: ts.Condition}
		for _, a := range ts.Actions {
			st.Actions = append(st.Actions, model.Set(a, k.rng))
		}
		for _, r := range ts.Resources {
			st.Resources = append(st.Resources, templateResource(r, values, at))
		}
		pol.Statements = append(pol.Statements, st)
	}
	return pol
}

// templateResource writes a SAM policy template's resource with its parameters' values: an
// Explicit ARN when every part is known, else an Unknown one whose Shape keeps what is
// known and whose Ref is the resource a parameter refers to.
func templateResource(pattern string, values map[string]model.Attr[string], at model.Range) model.Attr[string] {
	out := model.Attr[string]{At: at}
	known := true
	var b strings.Builder
	for rest := pattern; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			b.WriteString(rest[i:])
			break
		}
		name := rest[i+2 : i+j]
		rest = rest[i+j+1:]
		if name == "AWS::Partition" {
			b.WriteString("aws") // as the template's own AWS::Partition resolves
			continue
		}
		v, isParam := values[name]
		switch {
		case isParam && v.Known():
			b.WriteString(v.Value)
		case isParam && v.Shape != "":
			known = false
			b.WriteString(v.Shape)
		case isParam && v.Ref != "":
			known = false
			b.WriteString("${" + v.Ref + "}")
		default:
			known = false
			b.WriteString("${" + name + "}")
		}
		if isParam && v.IsSet() && out.Ref == "" {
			// The resource is located where the parameter naming it is written.
			out.Ref, out.At = v.Ref, v.At
		}
		out.Secret = out.Secret || v.Secret
	}
	if known {
		out.Value, out.Origin = b.String(), model.Explicit
	} else {
		out.Origin, out.Shape = model.Unknown, b.String()
	}
	return out
}
