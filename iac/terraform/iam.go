package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/slslint/slslint/iac/model"
)

// statements reads a policy document attribute (jsonencode, heredoc, file, templatefile,
// or a data.aws_iam_policy_document's json).
func (a *adapter) statements(s *scope, expr hcl.Expression) []*model.Statement {
	return a.docStatements(s.docNode(expr, 0))
}

func (a *adapter) docStatements(doc *node) []*model.Statement {
	switch doc.kind {
	case nNull:
		return nil
	case nObject:
		st := doc.get("Statement")
		var out []*model.Statement
		for _, e := range st.list() {
			out = append(out, a.jsonStatement(e))
		}
		if st == nil && doc.partial || st != nil && (st.kind == nUnknown || st.partial) {
			out = append(out, &model.Statement{At: doc.at, Effect: model.Unresolved[string](doc.at), Unknown: true})
		}
		return out
	case nString:
		// a JSON document given as a known string value (a variable's default, ...)
		r := &render{}
		r.literal(doc.str, doc.at)
		if sub := r.parse(doc.at); sub.kind == nObject {
			for i := range sub.fields {
				sub.fields[i].at = doc.at
			}
			return a.docStatements(relocate(sub, doc.at, doc.info))
		}
	case nUnknown:
		if id := doc.info.dataOf("aws_iam_policy_document"); id != "" {
			return a.policyDocument(id)
		}
	}
	return []*model.Statement{{At: doc.at, Effect: model.Unresolved[string](doc.at), Unknown: true}}
}

// relocate places every node of a document parsed from a value at the value's range.
func relocate(n *node, at model.Range, info markInfo) *node {
	n.at = at
	n.info = mergeInfo(n.info, info)
	for i := range n.fields {
		n.fields[i].at = at
		relocate(n.fields[i].val, at, info)
	}
	for _, e := range n.elems {
		relocate(e, at, info)
	}
	return n
}

// jsonStatement reads one statement of a JSON policy.
func (a *adapter) jsonStatement(n *node) *model.Statement {
	st := &model.Statement{At: n.at}
	if n.kind != nObject {
		st.Effect, st.Unknown = model.Unresolved[string](n.at), true
		return st
	}
	st.Effect = nodeString(n.get("Effect"), n.at)
	var unknown bool
	st.Actions, unknown = elements(n.get("Action"), n.at)
	st.Unknown = st.Unknown || unknown
	st.Resources, unknown = elements(n.get("Resource"), n.at)
	st.Unknown = st.Unknown || unknown
	if p := n.get("Principal"); p != nil {
		switch p.kind {
		case nObject:
			for _, fl := range p.fields {
				vals, unknown := elements(fl.val, fl.at)
				st.Principals = append(st.Principals, vals...)
				st.Unknown = st.Unknown || unknown
			}
			st.Unknown = st.Unknown || p.partial
		default:
			vals, unknown := elements(p, n.at)
			st.Principals = append(st.Principals, vals...)
			st.Unknown = st.Unknown || unknown
		}
	}
	st.NotActions, unknown = elements(n.get("NotAction"), n.at)
	st.Unknown = st.Unknown || unknown
	st.NotResources, unknown = elements(n.get("NotResource"), n.at)
	st.Unknown = st.Unknown || unknown
	if n.get("NotPrincipal") != nil {
		st.Unknown = true // the model has no negated principals: never conclude from this one
	}
	if c := n.get("Condition"); c != nil && c.kind != nNull {
		st.HasCondition = true
	}
	st.Unknown = st.Unknown || n.partial
	return st
}

// elements reads a list-or-scalar into attributes; unknown is set when the list itself
// could not be read.
func elements(n *node, at model.Range) (out []model.Attr[string], unknown bool) {
	if n == nil || n.kind == nNull {
		return nil, false
	}
	if n.kind == nUnknown && !n.scalar || n.partial {
		unknown = true
		if n.kind == nUnknown {
			return []model.Attr[string]{{Origin: model.Unknown, At: n.at, Ref: n.info.ref(), Secret: n.info.secret}}, true
		}
	}
	for _, e := range n.list() {
		if e.kind == nArray || e.kind == nObject {
			unknown = true
			continue
		}
		out = append(out, nodeString(e, at))
	}
	return out, unknown
}

// policyDocument returns the statements of a data "aws_iam_policy_document", once.
func (a *adapter) policyDocument(id string) []*model.Statement {
	if sts, ok := a.docs[id]; ok {
		return sts
	}
	a.docs[id] = []*model.Statement{{Effect: model.Unresolved[string](model.Range{}), Unknown: true}} // while reading: a cycle reads as unknown
	ri := a.ps.byID[id]
	if ri == nil {
		return a.docs[id]
	}
	b := ri.view()
	var out []*model.Statement
	for _, name := range []string{"source_policy_documents", "source_json", "override_policy_documents", "override_json"} {
		att, ok := b.attr(name)
		if !ok {
			continue
		}
		n := ri.scope.valueNode(att.Expr, 0)
		if n.kind == nString || n.kind == nUnknown {
			out = append(out, a.docStatements(n)...)
			continue
		}
		for _, e := range n.list() {
			out = append(out, a.docStatements(e)...)
		}
	}
	for _, sb := range b.blocks("statement") {
		out = append(out, a.hclStatement(sb))
	}
	a.docs[id] = out
	return out
}

// hclStatement reads a statement block of an aws_iam_policy_document.
func (a *adapter) hclStatement(b blockView) *model.Statement {
	st := &model.Statement{At: b.at, Effect: orDefault(b.str("effect"), "Allow")}
	list := func(name string) []model.Attr[string] {
		att, ok := b.attr(name)
		if !ok {
			return nil
		}
		vals, unknown := elements(b.s.valueNode(att.Expr, 0), b.at)
		st.Unknown = st.Unknown || unknown
		return vals
	}
	st.Actions = list("actions")
	st.Resources = list("resources")
	st.NotActions = list("not_actions")
	st.NotResources = list("not_resources")
	for _, p := range b.blocks("principals") {
		att, ok := p.attr("identifiers")
		if !ok {
			continue
		}
		vals, unknown := elements(p.s.valueNode(att.Expr, 0), p.at)
		st.Principals = append(st.Principals, vals...)
		st.Unknown = st.Unknown || unknown
	}
	if len(b.blocks("not_principals")) > 0 {
		st.Unknown = true
	}
	st.HasCondition = len(b.blocks("condition")) > 0
	return st
}

// roleFor finds the role an attribute refers to: by reference, name or ARN.
func (a *adapter) roleFor(v model.Attr[string]) *model.Role {
	if r, ok := a.roles[v.Ref]; ok {
		return r
	}
	if !v.Known() {
		return nil
	}
	name := v.Value
	if i := strings.Index(name, ":role/"); i >= 0 {
		name = name[i+len(":role/"):]
		if j := strings.LastIndexByte(name, '/'); j >= 0 {
			name = name[j+1:]
		}
	}
	return a.roleNames[name]
}

// iamRelations attaches role policies and policy attachments to roles.
func (a *adapter) iamRelations() {
	a.each("aws_iam_role_policy", func(ri *resInstance, b blockView) {
		r := a.roleFor(b.str("role"))
		att, ok := b.attr("policy")
		if r == nil || !ok {
			return
		}
		r.Policies = append(r.Policies, &model.Policy{At: b.at, ManagedARN: model.Missing[string](b.at), Statements: a.statements(ri.scope, att.Expr)})
	})
	a.each("aws_iam_role_policy_attachment", func(ri *resInstance, b blockView) {
		if r := a.roleFor(b.str("role")); r != nil {
			r.Policies = append(r.Policies, a.managedPolicy(b.str("policy_arn"), b.at))
		}
	})
	a.each("aws_iam_policy_attachment", func(ri *resInstance, b blockView) {
		att, ok := b.attr("roles")
		if !ok {
			return
		}
		for _, e := range ri.scope.valueNode(att.Expr, 0).list() {
			if r := a.roleFor(nodeString(e, b.at)); r != nil {
				r.Policies = append(r.Policies, a.managedPolicy(b.str("policy_arn"), b.at))
			}
		}
	})
}
