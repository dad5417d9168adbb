package effects

import (
	"go/ast"
	"go/types"
)

// Parameter origins of set-up arguments and memo keys: whether a value comes from the
// summarized function's parameters, so that at a handler one can tell a value taken from
// the event (set-up that cannot move to start-up, a cache keyed by request data) from one
// fixed for the execution environment (a constant, a package variable, the environment).

// Origins of ExecDetail.FromParam besides a parameter index.
const (
	// fromFixed: the value comes from no parameter.
	fromFixed = 0
	// fromUnknown: the value's origin was lost on the way (a function value whose caller
	// is not known, an argument the call does not show).
	fromUnknown = -1
)

// maxOriginVars bounds the local variables followed for one origin.
const maxOriginVars = 64

// paramOrigin returns the parameter that x's value comes from: a parameter of n (depth 0)
// or of an enclosing function of a literal (depth counts the literal levels up) that x
// mentions, directly or through the local variables it is computed from. context.Context
// parameters do not count: a context carries no configuration. ok is false when x comes
// from no parameter.
func (s *scanner) paramOrigin(n *node, x ast.Node) (param, depth int, ok bool) {
	seen := map[*types.Var]bool{}
	work := []ast.Node{x}
	for len(work) > 0 && len(seen) <= maxOriginVars {
		e := work[len(work)-1]
		work = work[:len(work)-1]
		found := false
		ast.Inspect(e, func(y ast.Node) bool {
			if found {
				return false
			}
			id, isIdent := y.(*ast.Ident)
			if !isIdent {
				return true
			}
			v, isVar := s.info.Uses[id].(*types.Var)
			if !isVar || seen[v] || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
				return true
			}
			seen[v] = true
			if p, d, isParam := paramIndex(n, v); isParam {
				param, depth, found = p, d, true
				return false
			}
			for _, a := range s.index.of(v) {
				work = append(work, a.expr)
			}
			if r := s.rangeOf(v); r != nil {
				work = append(work, r)
			}
			return true
		})
		if found {
			return param, depth, true
		}
	}
	return 0, 0, false
}

// paramIndex says v is a parameter (not a context.Context) of n or of one of its
// enclosing functions, and which.
func paramIndex(n *node, v *types.Var) (param, depth int, ok bool) {
	for d, p := 0, n; p != nil; d, p = d+1, p.parent {
		if p.sig == nil {
			continue
		}
		params := p.sig.Params()
		for i := 0; i < params.Len(); i++ {
			if params.At(i) == v {
				if isContext(v.Type()) {
					return 0, 0, false
				}
				return i + 1, d, true
			}
		}
	}
	return 0, 0, false
}

// rangeOf returns the expression a range statement's key or value variable iterates over.
func (s *scanner) rangeOf(v *types.Var) ast.Expr {
	x := &s.exec
	if x.ranges == nil {
		x.ranges = map[types.Object]ast.Expr{}
		s.eachFile(func(f *ast.File) {
			ast.Inspect(f, func(y ast.Node) bool {
				if r, ok := y.(*ast.RangeStmt); ok {
					for _, k := range []ast.Expr{r.Key, r.Value} {
						if id, ok := k.(*ast.Ident); ok {
							if obj := s.info.Defs[id]; obj != nil {
								x.ranges[obj] = r.X
							}
						}
					}
				}
				return true
			})
		})
	}
	return x.ranges[v]
}

// originAt resolves a callee's parameter origin at an edge: the caller's argument for that
// parameter, followed to the caller's own parameters. A literal's origin in an enclosing
// function moves one level up on the edge from that function.
func originAt(ed *edge, d ExecDetail) ExecDetail {
	if d.FromParam <= 0 {
		return d
	}
	if ed.site == nil {
		return d // the returned function value of a factory, or initialization: unchanged
	}
	if to := ed.to.local; to != nil && to.lit != nil && d.FromDepth > 0 {
		d.FromDepth-- // a captured parameter of the enclosing function
		return d
	}
	call := ed.site.call
	if call == nil || d.FromDepth > 0 {
		d.FromParam, d.FromDepth = fromUnknown, 0
		return d
	}
	i := d.FromParam - 1 + ed.site.shift
	if i >= len(call.Args) || call.Ellipsis.IsValid() {
		d.FromParam, d.FromDepth = fromUnknown, 0
		return d
	}
	if p, depth, ok := ed.site.s.paramOrigin(ed.site.n, call.Args[i]); ok {
		d.FromParam, d.FromDepth = p, depth
	} else {
		d.FromParam, d.FromDepth = fromFixed, 0
	}
	return d
}
