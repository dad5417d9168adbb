package terraform

import (
	"errors"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/slslint/slslint/iac/model"
)

// maxEvalDepth bounds nested evaluations (a local referring to a local referring to ...).
const maxEvalDepth = 400

// maxValueNodes bounds the size of one evaluated value: locals that double a list at each
// step would otherwise grow exponentially.
const maxValueNodes = 50_000

// A scope is where an expression is evaluated: a module instance plus, inside a counted or
// for_each block, count.index or each, and inside dynamic blocks their iterators.
type scope struct {
	inst  *instance
	count cty.Value // cty.NilVal outside count
	each  *eachVals
	iters map[string]cty.Value
}

type eachVals struct{ key, value cty.Value }

// withIterator returns a child scope in which name is a dynamic block's iterator.
func (s *scope) withIterator(name string, key, value cty.Value) *scope {
	c := *s
	c.iters = make(map[string]cty.Value, len(s.iters)+1)
	for k, v := range s.iters {
		c.iters[k] = v
	}
	c.iters[name] = cty.ObjectVal(map[string]cty.Value{"key": key, "value": value})
	return &c
}

// eval evaluates expr. Errors (a type mismatch, an attribute our approximation of a
// resource lacks, an unknown function) make the value unknown: they are not problems of
// the configuration, which Terraform would check with the provider's schema.
func (s *scope) eval(expr hcl.Expression) cty.Value {
	if expr == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	l := s.inst.l
	if l.ctx.Err() != nil || !l.budget.spend(1) {
		return cty.DynamicVal
	}
	if l.depth >= maxEvalDepth {
		l.problem(toRange(expr.Range()), "references nest deeper than 400 levels; the value is unknown")
		return cty.DynamicVal
	}
	l.depth++
	defer func() { l.depth-- }()
	v, diags := expr.Value(s.context(expr))
	if diags.HasErrors() {
		l.reportUnreadable(diags)
		return cty.DynamicVal
	}
	if tooLarge(v) {
		l.problem(toRange(expr.Range()), "value has more than 50000 elements; it is unknown")
		return cty.DynamicVal
	}
	return v
}

// reportUnreadable reports the file function calls (file, templatefile, ...) whose path
// slslint refused to read, at the call. Other errors only make the value unknown.
func (l *loader) reportUnreadable(diags hcl.Diagnostics) {
	for _, d := range diags {
		extra, ok := hcl.DiagnosticExtra[hclsyntax.FunctionCallDiagExtra](d)
		if !ok || d.Subject == nil {
			continue
		}
		var up *unreadablePath
		if errors.As(extra.FunctionCallError(), &up) {
			l.problemAt(toRange(*d.Subject), extra.CalledFunctionName()+": "+up.Error()+"; it is not read and the value is unknown", model.ProblemWarning)
		}
	}
}

// tooLarge reports whether v has more than maxValueNodes nodes. Values share structure, so
// counting stops as soon as the bound is passed.
func tooLarge(v cty.Value) bool {
	n := 0
	var walk func(v cty.Value) bool
	walk = func(v cty.Value) bool {
		n++
		if n > maxValueNodes {
			return true
		}
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() {
			return false
		}
		ty := v.Type()
		if ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType() {
			for it := v.ElementIterator(); it.Next(); {
				_, ev := it.Element()
				if walk(ev) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}

// attrRequest is the set of attributes the expression reads from one object.
type attrRequest struct {
	all   bool
	attrs map[string]bool
}

func (r *attrRequest) add(name string, ok bool) {
	if !ok {
		r.all = true
		return
	}
	if r.attrs == nil {
		r.attrs = map[string]bool{}
	}
	r.attrs[name] = true
}

// attrAfter returns the attribute name a traversal reads after its first `skip` steps,
// looking past one index step ([0], ["key"]).
func attrAfter(t hcl.Traversal, skip int) (string, bool) {
	if len(t) <= skip {
		return "", false
	}
	step := t[skip]
	if _, ok := step.(hcl.TraverseIndex); ok {
		if len(t) <= skip+1 {
			return "", false
		}
		step = t[skip+1]
	}
	if a, ok := step.(hcl.TraverseAttr); ok {
		return a.Name, true
	}
	return "", false
}

func stepName(t hcl.Traversal, i int) (string, bool) {
	if len(t) <= i {
		return "", false
	}
	if a, ok := t[i].(hcl.TraverseAttr); ok {
		return a.Name, true
	}
	return "", false
}

// context builds the evaluation context of expr: only the objects its references name,
// with only the attributes they read, so that evaluating one attribute of a resource never
// evaluates the others (which would be slow and could close false cycles).
func (s *scope) context(expr hcl.Expression) *hcl.EvalContext {
	in := s.inst
	vars := map[string]cty.Value{}
	varObj := map[string]cty.Value{}
	localObj := map[string]cty.Value{}
	modReq := map[string]*attrRequest{}
	dataReq := map[string]map[string]*attrRequest{}
	resReq := map[string]map[string]*attrRequest{}
	for _, t := range traversals(expr) {
		root := t.RootName()
		if _, ok := s.iters[root]; ok {
			vars[root] = s.iters[root]
			continue
		}
		switch root {
		case "var":
			if name, ok := stepName(t, 1); ok {
				if _, declared := in.def.variables[name]; declared {
					varObj[name] = in.variable(name)
				}
			}
		case "local":
			if name, ok := stepName(t, 1); ok {
				if _, declared := in.def.locals[name]; declared {
					localObj[name] = in.local(name)
				}
			}
		case "path":
			vars["path"] = cty.ObjectVal(map[string]cty.Value{
				"module": cty.StringVal(in.pathModule), "root": cty.StringVal("."), "cwd": cty.StringVal("."),
			})
		case "terraform":
			vars["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		case "count":
			if s.count != cty.NilVal {
				vars["count"] = cty.ObjectVal(map[string]cty.Value{"index": s.count})
			}
		case "each":
			if s.each != nil {
				vars["each"] = cty.ObjectVal(map[string]cty.Value{"key": s.each.key, "value": s.each.value})
			}
		case "self":
		case "module":
			if name, ok := stepName(t, 1); ok {
				if _, declared := in.calls[name]; declared {
					if modReq[name] == nil {
						modReq[name] = &attrRequest{}
					}
					modReq[name].add(attrAfter(t, 2))
				}
			}
		case "data":
			typ, ok1 := stepName(t, 1)
			name, ok2 := stepName(t, 2)
			if ok1 && ok2 {
				if _, declared := in.datas[typ+"."+name]; declared {
					if dataReq[typ] == nil {
						dataReq[typ] = map[string]*attrRequest{}
					}
					if dataReq[typ][name] == nil {
						dataReq[typ][name] = &attrRequest{}
					}
					dataReq[typ][name].add(attrAfter(t, 3))
				}
			}
		default:
			if name, ok := stepName(t, 1); ok {
				if _, declared := in.resources[root+"."+name]; declared {
					if resReq[root] == nil {
						resReq[root] = map[string]*attrRequest{}
					}
					if resReq[root][name] == nil {
						resReq[root][name] = &attrRequest{}
					}
					resReq[root][name].add(attrAfter(t, 2))
				}
			}
		}
	}
	if len(varObj) > 0 {
		vars["var"] = cty.ObjectVal(varObj)
	}
	if len(localObj) > 0 {
		vars["local"] = cty.ObjectVal(localObj)
	}
	if len(modReq) > 0 {
		mods := map[string]cty.Value{}
		for name, req := range modReq {
			mods[name] = in.calls[name].value(req)
		}
		vars["module"] = cty.ObjectVal(mods)
	}
	if len(dataReq) > 0 {
		types := map[string]cty.Value{}
		for typ, byName := range dataReq {
			objs := map[string]cty.Value{}
			for name, req := range byName {
				objs[name] = in.datas[typ+"."+name].value(req)
			}
			types[typ] = cty.ObjectVal(objs)
		}
		vars["data"] = cty.ObjectVal(types)
	}
	for typ, byName := range resReq {
		if _, taken := vars[typ]; taken {
			continue
		}
		objs := map[string]cty.Value{}
		for name, req := range byName {
			objs[name] = in.resources[typ+"."+name].value(req)
		}
		vars[typ] = cty.ObjectVal(objs)
	}
	return &hcl.EvalContext{Variables: vars, Functions: in.l.functions(in)}
}
