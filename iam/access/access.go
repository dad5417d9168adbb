package access

import (
	"strings"

	"github.com/slslint/slslint/iac/awspolicies"
	"github.com/slslint/slslint/iac/model"
)

// A Grant is one statement of a role's policies, read for evaluation.
type Grant struct {
	// Policy is the policy the statement belongs to; Statement is nil for the statements
	// of an AWS managed policy, which are not in the templates (At is then the attachment).
	Policy    *model.Policy
	Statement *model.Statement
	// Allow is the effect; Unknown says the statement could not be read (its effect, a
	// whole list) and may allow or deny anything.
	Allow, Unknown bool
	Condition      bool
	Actions        []ActionPattern
	NotActions     []ActionPattern
	Resources      []Pattern
	NotResources   []Pattern
}

// An ActionPattern is a statement's action; Unknown when it is not known statically.
type ActionPattern struct {
	Text    string
	Unknown bool
}

// A Role is what a function may do: the grants of the policies that apply to it.
type Role struct {
	Grants []Grant
	// Policies are the policies read, in order.
	Policies []*model.Policy
	// Unknown says why the role is not fully known ("" when it is): a managed policy that
	// is neither an AWS managed policy slslint knows nor one of the project, a SAM policy
	// template it does not know, a role from outside the project.
	Unknown string
	res     *Resources
}

// RoleOf reads the policies that apply to a function of a project: its own (SAM
// Policies, serverless statements, Terraform attachments copied onto it by the loaders)
// and those of its execution role when that is a resource of the project.
func RoleOf(p *model.Project, f *model.Function, res *Resources) *Role {
	r := &Role{res: res}
	seen := map[*model.Policy]bool{}
	add := func(ps []*model.Policy) {
		for _, pol := range ps {
			if pol != nil && !seen[pol] {
				seen[pol] = true
				r.Policies = append(r.Policies, pol)
			}
		}
	}
	add(f.Policies)
	switch {
	case f.Role.Ref != "":
		found := false
		for _, ro := range p.Roles {
			if ro != nil && ro.ID == f.Role.Ref && !ro.External {
				add(ro.Policies)
				found = true
			}
		}
		if !found {
			r.Unknown = "its role " + f.Role.Ref + " is not declared in the project"
		}
	case f.Role.IsSet():
		r.Unknown = "its role comes from outside the project"
	}
	for _, pol := range r.Policies {
		r.read(pol)
	}
	return r
}

func (r *Role) read(pol *model.Policy) {
	unknown := func(why string) {
		if r.Unknown == "" {
			r.Unknown = why
		}
	}
	if len(pol.Statements) == 0 {
		switch {
		case pol.Template && pol.ManagedARN.Known():
			unknown("SAM policy template " + pol.ManagedARN.Value + " is not one slslint knows")
		case pol.ManagedARN.Known():
			mp, ok := awspolicies.Managed(pol.ManagedARN.Value)
			if !ok {
				unknown("managed policy " + pol.ManagedARN.Value + " is not one slslint knows")
				return
			}
			for _, st := range mp.Statements {
				r.Grants = append(r.Grants, grantOf(pol, st))
			}
		case pol.ManagedARN.IsSet():
			unknown("a managed policy is not known statically")
		}
		return
	}
	for _, st := range pol.Statements {
		if st == nil {
			continue
		}
		g := Grant{Policy: pol, Statement: st, Condition: st.HasCondition, Unknown: st.Unknown}
		switch {
		case !st.Effect.Known():
			g.Unknown = true
		default:
			g.Allow = strings.EqualFold(st.Effect.Value, "Allow")
		}
		g.Actions = actionsOf(st.Actions)
		g.NotActions = actionsOf(st.NotActions)
		g.Resources = r.resourcesOf(st.Resources)
		g.NotResources = r.resourcesOf(st.NotResources)
		r.Grants = append(r.Grants, g)
	}
}

func grantOf(pol *model.Policy, st awspolicies.Statement) Grant {
	g := Grant{Policy: pol, Allow: strings.EqualFold(st.Effect, "Allow"), Condition: st.Condition}
	for _, a := range st.Actions {
		g.Actions = append(g.Actions, ActionPattern{Text: a})
	}
	for _, a := range st.NotActions {
		g.NotActions = append(g.NotActions, ActionPattern{Text: a})
	}
	for _, res := range st.Resources {
		g.Resources = append(g.Resources, Lit(res))
	}
	for _, res := range st.NotResources {
		g.NotResources = append(g.NotResources, Lit(res))
	}
	return g
}

func actionsOf(as []model.Attr[string]) []ActionPattern {
	var out []ActionPattern
	for _, a := range as {
		if a.Known() {
			out = append(out, ActionPattern{Text: a.Value})
		} else {
			out = append(out, ActionPattern{Unknown: true})
		}
	}
	return out
}

func (r *Role) resourcesOf(rs []model.Attr[string]) []Pattern {
	var out []Pattern
	for _, a := range rs {
		out = append(out, r.res.GrantPattern(a))
	}
	return out
}

// Allows evaluates whether the role allows action on resource: an explicit Deny that
// applies wins; otherwise an Allow that applies grants. It returns the grants that allow
// (Yes or Maybe), for messages.
func (r *Role) Allows(action string, resource Pattern) (Verdict, []Grant) {
	allowed, denied := No, No
	var by []Grant
	for _, g := range r.Grants {
		v := g.applies(action, resource)
		if v == No {
			continue
		}
		if g.Unknown {
			// An unreadable statement may allow or deny: never conclude from it.
			allowed, denied = max(allowed, Maybe), max(denied, Maybe)
			continue
		}
		if g.Allow {
			allowed = max(allowed, v)
			by = append(by, g)
		} else {
			denied = max(denied, v)
		}
	}
	switch {
	case denied == Yes:
		return No, nil
	case allowed == Yes && denied == No:
		return Yes, by
	case allowed == No:
		return No, nil
	}
	return Maybe, by
}

// applies says whether a grant's statement covers action on resource, whatever its effect.
func (g Grant) applies(action string, resource Pattern) Verdict {
	if g.Unknown && len(g.Actions) == 0 && len(g.NotActions) == 0 {
		return Maybe
	}
	v := actionVerdict(g.Actions, g.NotActions, action)
	if v == No {
		return No
	}
	v = min(v, resourceVerdict(g.Resources, g.NotResources, resource))
	if g.Condition {
		v = min(v, Maybe)
	}
	return v
}

func actionVerdict(actions, notActions []ActionPattern, action string) Verdict {
	if len(notActions) > 0 {
		v := Yes
		for _, a := range notActions {
			switch {
			case a.Unknown:
				v = min(v, Maybe)
			case MatchAction(a.Text, action):
				return No
			}
		}
		return v
	}
	v := No
	for _, a := range actions {
		switch {
		case a.Unknown:
			v = max(v, Maybe)
		case MatchAction(a.Text, action):
			return Yes
		}
	}
	return v
}

func resourceVerdict(resources, notResources []Pattern, resource Pattern) Verdict {
	if len(notResources) > 0 {
		v := Yes
		for _, p := range notResources {
			switch Match(p, resource) {
			case Yes:
				return No
			case Maybe:
				v = min(v, Maybe)
			}
		}
		return v
	}
	v := No
	for _, p := range resources {
		v = max(v, Match(p, resource))
		if v == Yes {
			return Yes
		}
	}
	return v
}

// Grants reports whether a grant can allow an action at all (on some resource), for
// telling the policies a function's code uses from those it does not.
func (g Grant) Grants(action string) Verdict {
	return actionVerdict(g.Actions, g.NotActions, action)
}

// Covers says whether the grant allows action on resource (its effect aside).
func (g Grant) Covers(action string, resource Pattern) Verdict {
	return g.applies(action, resource)
}
