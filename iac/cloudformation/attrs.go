package cloudformation

import (
	"math"
	"strconv"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// Conversions from template values to model attributes. A property that is not written is
// Absent (or Default, with the provider's default) at the entity's header; a written
// property is Explicit at the value's range when it resolves, Unknown otherwise. A value of
// the wrong type (Timeout: abc) is Unknown and a Problem, never a crash.

// scalarOf returns the known scalar text of a value.
func scalarOf(v value) (string, bool) {
	if !v.known() || v.isList || v.m != nil {
		return "", false
	}
	return v.s, true
}

// explicit is the origin of a value read from n: Explicit, or Default for a library's
// default that a reader of infrastructure written in Go filled in (see Value.Default).
func explicit(n *node) model.Origin {
	if n.dflt {
		return model.Default
	}
	return model.Explicit
}

func attrFrom[T any](v value, at model.Range) model.Attr[T] {
	a := model.Attr[T]{Origin: model.Unknown, At: at, Ref: v.ref, Secret: v.secret}
	if v.state == vUnknown && !v.isList && v.m == nil && v.s != "${?}" {
		a.Shape = v.s
	}
	return a
}

// str converts a property to a string attribute.
func (tp *template) str(n *node, header model.Range) model.Attr[string] {
	if n == nil {
		return model.Missing[string](header)
	}
	v := tp.eval(n)
	if v.state == vNoValue {
		return model.Missing[string](header)
	}
	a := attrFrom[string](v, n.rng)
	if s, ok := scalarOf(v); ok {
		a.Value, a.Origin = s, explicit(n)
	}
	return a
}

// strOr is str with a provider default for an absent property.
func (tp *template) strOr(n *node, def string, header model.Range) model.Attr[string] {
	a := tp.str(n, header)
	if a.Origin == model.Absent {
		return model.Defaulted(def, header)
	}
	return a
}

// integer converts a property to an int attribute.
func (tp *template) integer(n *node, header model.Range, name string) model.Attr[int] {
	if n == nil {
		return model.Missing[int](header)
	}
	v := tp.eval(n)
	if v.state == vNoValue {
		return model.Missing[int](header)
	}
	a := attrFrom[int](v, n.rng)
	s, ok := scalarOf(v)
	if !ok {
		if v.known() {
			tp.problem(n.rng, "%s must be a number", name)
		}
		return a
	}
	i, err := parseInt(s)
	if err != nil {
		tp.problem(n.rng, "%s must be a whole number, not %q", name, truncate(s, 40))
		return a
	}
	a.Value, a.Origin = i, explicit(n)
	return a
}

func (tp *template) intOr(n *node, def int, header model.Range, name string) model.Attr[int] {
	a := tp.integer(n, header, name)
	if a.Origin == model.Absent {
		return model.Defaulted(def, header)
	}
	return a
}

func parseInt(s string) (int, error) {
	s = strings.TrimSpace(s)
	if i, err := strconv.Atoi(s); err == nil {
		return i, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, strconv.ErrSyntax
	}
	return int(f), nil
}

// float converts a property to a float attribute (API throttling rates).
func (tp *template) float(n *node, header model.Range) model.Attr[float64] {
	if n == nil {
		return model.Missing[float64](header)
	}
	v := tp.eval(n)
	if v.state == vNoValue {
		return model.Missing[float64](header)
	}
	a := attrFrom[float64](v, n.rng)
	s, ok := scalarOf(v)
	if !ok {
		return a
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		tp.problem(n.rng, "expected a number, not %q", truncate(s, 40))
		return a
	}
	a.Value, a.Origin = f, explicit(n)
	return a
}

func (tp *template) boolean(n *node, header model.Range, name string) model.Attr[bool] {
	if n == nil {
		return model.Missing[bool](header)
	}
	v := tp.eval(n)
	if v.state == vNoValue {
		return model.Missing[bool](header)
	}
	a := attrFrom[bool](v, n.rng)
	s, ok := scalarOf(v)
	if !ok {
		return a
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		a.Value, a.Origin = true, explicit(n)
	case "false":
		a.Origin = explicit(n)
	default:
		tp.problem(n.rng, "%s must be true or false, not %q", name, truncate(s, 40))
	}
	return a
}

func (tp *template) boolOr(n *node, def bool, header model.Range, name string) model.Attr[bool] {
	a := tp.boolean(n, header, name)
	if a.Origin == model.Absent {
		return model.Defaulted(def, header)
	}
	return a
}

// strList converts a list property (a single string stands for a list of one).
func (tp *template) strList(n *node, header model.Range) model.Attr[[]string] {
	if n == nil {
		return model.Missing[[]string](header)
	}
	v := tp.eval(n)
	if v.state == vNoValue {
		return model.Missing[[]string](header)
	}
	a := attrFrom[[]string](v, n.rng)
	if !v.known() {
		return a
	}
	if !v.isList {
		if s, ok := scalarOf(v); ok {
			a.Value, a.Origin = []string{s}, explicit(n)
		}
		return a
	}
	out := make([]string, 0, len(v.list))
	for _, e := range v.list {
		s, ok := scalarOf(e)
		if !ok {
			a.Secret = a.Secret || e.secret
			if a.Ref == "" {
				a.Ref = e.ref
			}
			return a
		}
		out = append(out, s)
	}
	a.Value, a.Origin = out, explicit(n)
	return a
}

// listAttrs converts each item of a list property to a string attribute with its own
// range (IAM actions, resources and principals).
func (tp *template) listAttrs(n *node, header model.Range) []model.Attr[string] {
	items := tp.items(n)
	out := make([]model.Attr[string], 0, len(items))
	for _, it := range items {
		v := tp.eval(it)
		if v.known() && v.isList {
			// Fn::Split or a list parameter in place of the whole list.
			for _, e := range v.list {
				a := attrFrom[string](e, it.rng)
				if s, ok := scalarOf(e); ok {
					a.Value, a.Origin = s, model.Explicit
				}
				out = append(out, a)
			}
			continue
		}
		out = append(out, tp.str(it, header))
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// unquoteSAM strips the single quotes SAM's REST API Cors settings put around values
// ("'*'", "'https://example.com'").
func unquoteSAM(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return s[1 : len(s)-1]
	}
	return s
}
