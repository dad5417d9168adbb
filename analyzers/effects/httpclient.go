package effects

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Whether a net/http request is bounded in time: by the client's Timeout or by the
// request's context. A request is Unbounded only when both are evidently missing; a
// client or request whose origin is not evident (a parameter, a constructor's result) is
// assumed bounded.

type bounding uint8

const (
	boundUnknown bounding = iota // not evident: silent
	boundNone                    // evidently nothing bounds it
	boundSet                     // a timeout or a context bounds it
)

// maxOrigin bounds how many assignments deep a client's or request's origin is followed.
const maxOrigin = 4

// httpBound fills Exec.Unbounded for a net/http request with no timeout and no context.
func (s *scanner) httpBound(n *node, call *ast.CallExpr, fn *types.Func, e *Effect) {
	if fn.Pkg() == nil || fn.Pkg().Path() != "net/http" {
		return
	}
	switch recvName(fn) {
	case "":
		e.Exec.Unbounded = "it uses http.DefaultClient, which has no Timeout, and sends its request without a context"
	case "Client":
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return
		}
		b, client := s.clientBound(sel.X, 0)
		if b != boundNone {
			return
		}
		if fn.Name() != "Do" {
			e.Exec.Unbounded = client + ", and " + fn.Name() + " sends its request without a context"
			return
		}
		if len(call.Args) != 1 {
			return
		}
		if b, req := s.requestBound(n, call.Args[0], 0); b == boundNone {
			e.Exec.Unbounded = client + ", and " + req
		}
	}
}

// clientBound says whether the http.Client expr denotes has a Timeout, and if it evidently
// has none, describes the client: "it uses http.DefaultClient, which has no Timeout", "its
// client (h.client, built at api/client.go:12) has no Timeout".
func (s *scanner) clientBound(expr ast.Expr, depth int) (bounding, string) {
	b, origin := s.clientOrigin(expr, depth)
	if b != boundNone {
		return b, ""
	}
	if origin == "" {
		return boundNone, "it uses http.DefaultClient, which has no Timeout"
	}
	return boundNone, "its client (" + types.ExprString(expr) + ", " + origin + ") has no Timeout"
}

// clientOrigin follows a client to where it is built: "" for http.DefaultClient, "built
// at api/client.go:12" for a literal, "a zero http.Client" for a variable never assigned.
func (s *scanner) clientOrigin(expr ast.Expr, depth int) (bounding, string) {
	expr = ast.Unparen(expr)
	if u, ok := expr.(*ast.UnaryExpr); ok && u.Op == token.AND {
		expr = ast.Unparen(u.X)
	}
	switch x := expr.(type) {
	case *ast.CompositeLit:
		if netHTTPType(s.info.TypeOf(x)) != "Client" {
			return boundUnknown, ""
		}
		if b := litTimeout(s.info, x); b != boundNone {
			return b, ""
		}
		return boundNone, "built at " + s.pos(x.Pos(), x.End()).Short()
	case *ast.Ident, *ast.SelectorExpr:
		v, ok := s.objOf(x).(*types.Var)
		if !ok {
			return boundUnknown, ""
		}
		if v.Pkg() != nil && v.Pkg().Path() == "net/http" && v.Name() == "DefaultClient" {
			return boundNone, ""
		}
		switch v.Kind() {
		case types.PackageVar, types.LocalVar, types.FieldVar:
		default:
			return boundUnknown, ""
		}
		if v.Pkg() != s.pass.Pkg || s.timeoutAssigned()[v] {
			return boundUnknown, ""
		}
		assigned := s.index.of(v)
		if len(assigned) == 0 {
			if !v.IsField() && netHTTPType(v.Type()) == "Client" && !isPointer(v.Type()) {
				return boundNone, "a zero http.Client"
			}
			return boundUnknown, ""
		}
		if depth >= maxOrigin {
			return boundUnknown, ""
		}
		origin := ""
		for i, a := range assigned {
			if a.tuple >= 0 {
				return boundUnknown, ""
			}
			b, o := s.clientOrigin(a.expr, depth+1)
			if b != boundNone {
				return b, ""
			}
			if i == 0 {
				origin = o
			}
		}
		return boundNone, origin
	}
	return boundUnknown, ""
}

// litTimeout says whether an http.Client literal sets a non-zero Timeout.
func litTimeout(info *types.Info, lit *ast.CompositeLit) bounding {
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return boundUnknown // positional fields: not worth guessing
		}
		if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "Timeout" {
			if tv, ok := info.Types[kv.Value]; ok && tv.Value != nil && constant.Sign(tv.Value) == 0 {
				return boundNone
			}
			return boundSet
		}
	}
	return boundNone
}

// timeoutAssigned lists the clients whose Timeout field the package assigns
// (`c.Timeout = 10 * time.Second`).
func (s *scanner) timeoutAssigned() map[types.Object]bool {
	if s.exec.timeouts != nil {
		return s.exec.timeouts
	}
	s.exec.timeouts = map[types.Object]bool{}
	s.eachFile(func(f *ast.File) {
		ast.Inspect(f, func(x ast.Node) bool {
			as, ok := x.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for _, l := range as.Lhs {
				sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Timeout" || netHTTPType(s.info.TypeOf(sel.X)) != "Client" {
					continue
				}
				if o := s.objOf(sel.X); o != nil {
					s.exec.timeouts[o] = true
				}
			}
			return true
		})
	})
	return s.exec.timeouts
}

// requestBound says whether the *http.Request expr denotes carries a context, and if it
// evidently carries none, says why.
func (s *scanner) requestBound(n *node, expr ast.Expr, depth int) (bounding, string) {
	switch x := ast.Unparen(expr).(type) {
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(s.info, x).(*types.Func)
		if !ok {
			return boundUnknown, ""
		}
		at := s.pos(x.Pos(), x.End()).Short()
		switch fn.FullName() {
		case "net/http.NewRequest", "net/http/httptest.NewRequest":
			return boundNone, "its request (" + fn.Pkg().Name() + ".NewRequest at " + at + ") carries no context"
		case "net/http.NewRequestWithContext", "(*net/http.Request).WithContext", "(*net/http.Request).Clone":
			if len(x.Args) == 0 {
				return boundUnknown, ""
			}
			return s.contextBound(n, x.Args[0], at, depth)
		}
	case *ast.Ident:
		v, ok := s.info.Uses[x].(*types.Var)
		if !ok || v.Kind() != types.LocalVar || depth >= maxOrigin {
			return boundUnknown, ""
		}
		assigned := s.index.of(v)
		if len(assigned) == 0 {
			return boundUnknown, ""
		}
		why := ""
		for _, a := range assigned {
			var b bounding
			var w string
			if a.tuple == 0 {
				if call, ok := ast.Unparen(a.expr).(*ast.CallExpr); ok {
					b, w = s.requestBound(n, call, depth+1)
				}
			} else if a.tuple < 0 {
				b, w = s.requestBound(n, a.expr, depth+1)
			}
			if b != boundNone {
				return boundUnknown, ""
			}
			if why == "" {
				why = w
			}
		}
		return boundNone, why
	}
	return boundUnknown, ""
}

// contextBound says whether a request's context bounds it. context.Background() and
// context.TODO() do not; when the invocation's context is in scope, passing them is
// SLS411's finding, not this one's.
func (s *scanner) contextBound(n *node, ctx ast.Expr, at string, depth int) (bounding, string) {
	if name := s.newContextCall(ctx); name != "" {
		if s.ctxInScope(n) != "" {
			return boundUnknown, ""
		}
		return boundNone, "its request (" + at + ") carries " + name + "(), which has no deadline"
	}
	id, ok := ast.Unparen(ctx).(*ast.Ident)
	if !ok {
		return boundSet, ""
	}
	v, ok := s.info.Uses[id].(*types.Var)
	if !ok || v.Kind() != types.LocalVar || depth >= maxOrigin {
		return boundSet, ""
	}
	assigned := s.index.of(v)
	if len(assigned) == 0 {
		return boundSet, ""
	}
	for _, a := range assigned {
		if a.tuple >= 0 || s.newContextCall(a.expr) == "" {
			return boundSet, ""
		}
	}
	if s.ctxInScope(n) != "" {
		return boundUnknown, ""
	}
	return boundNone, "its request (" + at + ") carries context.Background(), which has no deadline"
}

// newContextCall returns "context.Background" or "context.TODO" when e calls one of them.
func (s *scanner) newContextCall(e ast.Expr) string {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return ""
	}
	if fn, ok := typeutil.Callee(s.info, call).(*types.Func); ok {
		switch fn.FullName() {
		case "context.Background", "context.TODO":
			return fn.FullName()
		}
	}
	return ""
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

// eachFile calls f for every file of the package but its tests.
func (s *scanner) eachFile(f func(*ast.File)) {
	for _, file := range s.pass.Files {
		if !strings.HasSuffix(s.pass.Fset.File(file.FileStart).Name(), "_test.go") {
			f(file)
		}
	}
}
