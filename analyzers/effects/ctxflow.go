package effects

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// Contexts not derived from the invocation's: a context.Background() or context.TODO()
// passed to a call as its context.Context although a context parameter is in scope.

// contextUse fills Exec.PassedTo and Exec.CtxName of a NewContext effect when the new
// context is passed to a call, directly or through a local variable, while a context
// parameter is in scope. A context passed to a deferred call or to the call of a go
// statement is a deliberate choice (the invocation's context is cancelled when the handler
// returns), as is one created at start-up.
func (s *scanner) contextUse(n *node, call *ast.CallExpr, e *Effect, stack []ast.Node) {
	if !s.invocationCode(n, stack) {
		return
	}
	var parent ast.Node
	if len(stack) > 0 {
		parent = stack[len(stack)-1]
	}
	passedTo := s.passedAsContext(call, parent)
	if passedTo == "" {
		if v := s.assignedTo(call, parent); v != nil {
			passedTo = s.varPassedAsContext(n, v, call.End())
		}
	}
	if passedTo == "" {
		return
	}
	name := s.ctxInScope(n)
	if name == "" {
		return
	}
	e.Exec.PassedTo, e.Exec.CtxName = passedTo, name
}

// invocationCode says that code of n at stack runs as part of an invocation, not at
// start-up, in a deferred call or in the call of a go statement.
func (s *scanner) invocationCode(n *node, stack []ast.Node) bool {
	if s.startup(n) {
		return false
	}
	for _, a := range stack {
		switch a.(type) {
		case *ast.DeferStmt, *ast.GoStmt:
			return false
		}
	}
	return true
}

// storedContexts records the contexts a call receives from a package-level variable, or
// from a field that the package only ever sets to context.Background() or TODO(), while a
// context parameter is in scope: contexts not derived from the invocation's either.
func (s *scanner) storedContexts(n *node, call *ast.CallExpr, stack []ast.Node) {
	if len(call.Args) == 0 || !s.invocationCode(n, stack) {
		return
	}
	sig := s.signatureOf(call)
	if sig == nil {
		return
	}
	for i, a := range call.Args {
		if t := paramType(sig, i); t == nil || !isContext(t) {
			continue
		}
		v, ok := s.objOf(a).(*types.Var)
		if !ok || !isContext(v.Type()) {
			continue
		}
		var op string
		switch {
		case v.Kind() == types.PackageVar:
			op = "var " + v.Name()
			if v.Pkg() != nil && v.Pkg() != s.pass.Pkg {
				op = "var " + v.Pkg().Name() + "." + v.Name()
			}
		case v.IsField() && s.onlyNewContexts(v):
			op = "field " + v.Name()
		default:
			continue
		}
		name := s.ctxInScope(n)
		if name == "" {
			return
		}
		n.local = append(n.local, Effect{Kind: NewContext, Op: op, Exec: ExecDetail{PassedTo: s.calleeName(call), CtxName: name},
			Path: []Step{{Callee: op, At: s.pos(a.Pos(), a.End())}}})
	}
}

// onlyNewContexts says the package assigns field v only context.Background() or TODO().
func (s *scanner) onlyNewContexts(v *types.Var) bool {
	assigned := s.index.of(v)
	for _, a := range assigned {
		if a.tuple >= 0 || s.newContextCall(a.expr) == "" {
			return false
		}
	}
	return len(assigned) > 0
}

// passedAsContext returns the name of the call that receives arg as a context.Context
// argument, when parent is that call.
func (s *scanner) passedAsContext(arg ast.Expr, parent ast.Node) string {
	call, ok := parent.(*ast.CallExpr)
	if !ok {
		return ""
	}
	sig := s.signatureOf(call)
	if sig == nil {
		return ""
	}
	for i, a := range call.Args {
		if a != arg {
			continue
		}
		if t := paramType(sig, i); t != nil && isContext(t) {
			if s.isSetupCall(call) {
				// config.LoadDefaultConfig(context.TODO()) in a handler is SLS202's finding:
				// moved to start-up, where it belongs, the fresh context is right.
				return ""
			}
			return s.calleeName(call)
		}
	}
	return ""
}

func (s *scanner) isSetupCall(call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(s.info, call).(*types.Func)
	if !ok {
		return false
	}
	k, ok := execKnown(fn.Origin())
	return ok && k.kind == Setup
}

// signatureOf is the signature of the function a call calls; nil for conversions and
// builtins.
func (s *scanner) signatureOf(call *ast.CallExpr) *types.Signature {
	t := s.info.TypeOf(call.Fun)
	if t == nil {
		return nil
	}
	sig, _ := t.Underlying().(*types.Signature)
	return sig
}

// paramType is the type of the parameter that receives argument i.
func paramType(sig *types.Signature, i int) types.Type {
	params := sig.Params()
	if sig.Variadic() && i >= params.Len()-1 {
		if sl, ok := params.At(params.Len() - 1).Type().(*types.Slice); ok {
			return sl.Elem()
		}
		return nil
	}
	if i < params.Len() {
		return params.At(i).Type()
	}
	return nil
}

// assignedTo returns the local variable or parameter x is assigned to, when parent is
// that assignment.
func (s *scanner) assignedTo(x ast.Expr, parent ast.Node) *types.Var {
	var lhs ast.Expr
	switch p := parent.(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) != len(p.Rhs) || p.Tok != token.ASSIGN && p.Tok != token.DEFINE {
			return nil
		}
		for i, r := range p.Rhs {
			if r == x {
				lhs = p.Lhs[i]
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) != len(p.Values) {
			return nil
		}
		for i, r := range p.Values {
			if r == x {
				lhs = p.Names[i]
			}
		}
	}
	if lhs == nil {
		return nil
	}
	v, ok := s.objOf(lhs).(*types.Var)
	if !ok || v.Kind() != types.LocalVar && v.Kind() != types.ParamVar {
		return nil
	}
	return v
}

// varPassedAsContext returns the name of the first call after pos in n's body that
// receives v as a context.Context argument.
func (s *scanner) varPassedAsContext(n *node, v *types.Var, after token.Pos) string {
	if n.body == nil {
		return ""
	}
	found := ""
	ast.Inspect(n.body, func(x ast.Node) bool {
		if found != "" {
			return false
		}
		call, ok := x.(*ast.CallExpr)
		if !ok || call.Pos() < after {
			return true
		}
		for _, a := range call.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok && s.info.Uses[id] == v {
				if name := s.passedAsContext(a, call); name != "" {
					found = name
				}
			}
		}
		return true
	})
	return found
}

// ctxInScope returns how n reaches the context of the request it serves: the name of a
// context.Context parameter of n or of the functions around it, or "r.Context()" for an
// *http.Request parameter r (an HTTP route served through Lambda); "" if there is none
// (or the parameter is unnamed).
func (s *scanner) ctxInScope(n *node) string {
	for p := n; p != nil; p = p.parent {
		if p.sig == nil {
			continue
		}
		params := p.sig.Params()
		for i := 0; i < params.Len(); i++ {
			v := params.At(i)
			if v.Name() == "" || v.Name() == "_" {
				continue
			}
			if isContext(v.Type()) {
				return v.Name()
			}
			if isPointer(v.Type()) && netHTTPType(v.Type()) == "Request" {
				return v.Name() + ".Context()"
			}
		}
	}
	return ""
}
