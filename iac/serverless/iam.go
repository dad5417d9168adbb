package serverless

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// declareRole adds the execution role the framework creates (IamRoleLambdaExecution),
// unless provider.iam.role (or the legacy provider.role) names an existing role or every
// function names its own.
func (ld *loader) declareRole(decls []*fnDecl) {
	prov := ld.cfg.get("provider")
	role := prov.path("iam", "role")
	if !role.isNull() && (role.kind != mapNode || role.intrinsic() != "") || prov.get("role") != nil {
		return
	}
	all := len(decls) > 0
	for _, d := range decls {
		if d.n.get("role") == nil {
			all = false
		}
	}
	if all || len(decls) == 0 {
		return
	}
	hdr := keyRange(prov, "iam", keyRange(ld.cfg, "provider", ld.p.At))
	r := &model.Role{Resource: model.Resource{ID: defaultRoleID, Type: "AWS::IAM::Role", At: hdr}}
	if name := role.get("name"); !name.isNull() {
		r.Name = ld.str(name, hdr)
	} else if ld.serviceKnown && ld.stageKnown && ld.regionKnown {
		r.Name = model.Defaulted(ld.service+"-"+ld.stage+"-"+ld.region+"-lambdaRole", hdr)
	} else {
		r.Name = model.Attr[string]{Origin: model.Unknown, At: hdr}
	}
	ld.p.Roles = append(ld.p.Roles, r)
	ld.generated[defaultRoleID] = Generated{ID: defaultRoleID, Type: r.Type}
}

// fillRoles reads the statements and managed policies of the framework's role, before the
// policies that resources: attaches to it (an AWS::IAM::Policy whose Roles name
// IamRoleLambdaExecution).
func (ld *loader) fillRoles() {
	r := ld.roleByID(defaultRoleID)
	if r == nil {
		return
	}
	prov := ld.cfg.get("provider")
	role := prov.path("iam", "role")
	r.Policies = append(ld.policies(present(role.get("statements"), prov.get("iamRoleStatements")),
		present(role.get("managedPolicies"), prov.get("iamManagedPolicies"))), r.Policies...)
}

func (ld *loader) roleByID(id string) *model.Role {
	for _, r := range ld.p.Roles {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// policies reads a list of statements and a list of managed policy ARNs.
func (ld *loader) policies(statements, managed *node) []*model.Policy {
	var out []*model.Policy
	switch {
	case statements.isNull():
	case statements.unknown || statements.kind != seqNode:
		out = append(out, &model.Policy{At: statements.at, ManagedARN: model.Missing[string](statements.at),
			TemplateResource: model.Missing[string](statements.at),
			Statements:       []*model.Statement{{At: statements.at, Effect: model.Unresolved[string](statements.at), Unknown: true}}})
	default:
		p := &model.Policy{At: statements.at, ManagedARN: model.Missing[string](statements.at), TemplateResource: model.Missing[string](statements.at)}
		for _, s := range statements.items {
			p.Statements = append(p.Statements, ld.statement(s))
		}
		out = append(out, p)
	}
	switch {
	case managed.isNull():
	case managed.kind == seqNode:
		for _, it := range managed.items {
			out = append(out, &model.Policy{At: it.at, ManagedARN: ld.str(it, it.at), TemplateResource: model.Missing[string](it.at)})
		}
	default:
		out = append(out, &model.Policy{At: managed.at, ManagedARN: model.Unresolved[string](managed.at), TemplateResource: model.Missing[string](managed.at)})
	}
	return out
}

// statement reads one IAM statement.
func (ld *loader) statement(s *node) *model.Statement {
	st := &model.Statement{At: s.at}
	if s.unknown || s.kind != mapNode || s.intrinsic() != "" {
		st.Effect, st.Unknown = model.Unresolved[string](s.at), true
		return st
	}
	st.Effect = ld.str(s.get("Effect"), s.at)
	var ok bool
	if st.Actions, ok = ld.stringItems(s.get("Action"), ""); !ok {
		st.Unknown = true
	}
	if st.Resources, ok = ld.stringItems(s.get("Resource"), "any"); !ok {
		st.Unknown = true
	}
	if p := s.get("Principal"); p != nil {
		st.Principals = ld.principals(p)
	}
	if st.NotActions, ok = ld.stringItems(s.get("NotAction"), ""); !ok {
		st.Unknown = true
	}
	if st.NotResources, ok = ld.stringItems(s.get("NotResource"), "any"); !ok {
		st.Unknown = true
	}
	// NotPrincipal applies to everyone but a list, which the model cannot say.
	if s.get("NotPrincipal") != nil {
		st.Unknown = true
	}
	st.HasCondition = !s.get("Condition").isNull()
	return st
}

// stringItems reads a string or list of strings (or intrinsics); refs, when set, looks up
// the resources the strings name. ok is false when the list itself cannot be read.
func (ld *loader) stringItems(n *node, refs string) ([]model.Attr[string], bool) {
	if n.isNull() {
		return nil, true
	}
	items := []*node{n}
	if n.kind == seqNode {
		items = n.items
	} else if n.unknown {
		return []model.Attr[string]{ld.str(n, n.at)}, false
	}
	var out []model.Attr[string]
	for _, it := range items {
		a := ld.str(it, it.at)
		if refs != "" && a.Ref == "" && it.kind == scalarNode {
			a.Ref = ld.resourceByText(it.value, "")
		}
		out = append(out, a)
	}
	return out, true
}

// principals reads a statement's Principal: "*" or {AWS|Service|Federated: value(s)}.
func (ld *loader) principals(p *node) []model.Attr[string] {
	if p.kind == mapNode && p.intrinsic() == "" {
		var out []model.Attr[string]
		for _, pp := range p.pairs {
			items, _ := ld.stringItems(pp.val, "")
			out = append(out, items...)
		}
		return out
	}
	items, _ := ld.stringItems(p, "")
	return items
}

// role sets a function's execution role and its policies.
func (ld *loader) role(d *fnDecl) {
	f, n, hdr := d.fn, d.n, d.keyAt
	prov := ld.cfg.get("provider")
	if r := n.get("role"); r != nil {
		f.Role = ld.roleRef(r, hdr)
	} else if stmts := n.get("iamRoleStatements"); stmts != nil && ld.hasPlugin("serverless-iam-roles-per-function") {
		// The plugin gives the function a role of its own.
		id := normalizeName(d.key) + "IamRoleLambdaExecution"
		r := &model.Role{Resource: model.Resource{ID: id, Type: "AWS::IAM::Role", At: keyRange(n, "iamRoleStatements", hdr),
			Name: ld.str(n.get("iamRoleStatementsName"), hdr)}}
		r.Policies = ld.policies(stmts, n.get("iamManagedPolicies"))
		inherit := ld.boolean(present(n.get("iamRoleStatementsInherit"), ld.cfg.path("custom", "serverless-iam-roles-per-function", "defaultInherit")), hdr)
		if inherit.Known() && inherit.Value {
			if def := ld.roleByID(defaultRoleID); def != nil {
				r.Policies = append(r.Policies, def.Policies...)
			} else {
				role := prov.path("iam", "role")
				r.Policies = append(r.Policies, ld.policies(present(role.get("statements"), prov.get("iamRoleStatements")), nil)...)
			}
		}
		ld.p.Roles = append(ld.p.Roles, r)
		f.Role = model.Attr[string]{Origin: model.Default, Value: id, Ref: id, At: r.At}
		f.Policies = r.Policies
		return
	} else if r := prov.path("iam", "role"); r != nil && (r.kind != mapNode || r.intrinsic() != "") {
		f.Role = ld.roleRef(r, hdr)
	} else if r := prov.get("role"); r != nil {
		f.Role = ld.roleRef(r, hdr)
	} else if def := ld.roleByID(defaultRoleID); def != nil {
		f.Role = model.Attr[string]{Origin: model.Default, Value: defaultRoleID, Ref: defaultRoleID, At: hdr}
		f.Policies = def.Policies
		return
	}
	if r := ld.roleByID(f.Role.Ref); r != nil {
		f.Policies = r.Policies
	}
}

// roleRef reads a role given as an ARN, a logical ID of resources:, or an intrinsic.
func (ld *loader) roleRef(n *node, hdr model.Range) model.Attr[string] {
	a := ld.str(n, hdr)
	if a.Origin == model.Explicit && a.Ref == "" && !strings.HasPrefix(a.Value, "arn:") {
		a.Ref = a.Value // the framework reads a plain name as a logical ID
	}
	return a
}

func (ld *loader) hasPlugin(name string) bool {
	_, ok := ld.plugins[name]
	return ok
}
