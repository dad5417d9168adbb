package retry

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// bounded reports whether a retry loop has an attempt bound or a context or deadline exit:
// a range over an integer, a condition that is more than an error or flag test, a counter
// changed in the loop and tested in it, or a use of the context's cancellation or of the
// clock in a condition.
func bounded(info *types.Info, l *loop) bool {
	if l.rangeInt || (l.cond != nil && !isRetryCond(info, l.cond)) {
		return true
	}
	return hasCounter(info, l) || watchesContext(info, l) || checksClock(info, l)
}

// isRetryCond reports whether a loop condition only tests errors against nil and boolean
// flags, which bound nothing by themselves.
func isRetryCond(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return e.Op == token.NOT && isRetryCond(info, e.X)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND, token.LOR:
			return isRetryCond(info, e.X) && isRetryCond(info, e.Y)
		case token.EQL, token.NEQ:
			return (isNilExpr(info, e.Y) && isErrorValue(info, e.X)) || (isNilExpr(info, e.X) && isErrorValue(info, e.Y))
		}
	case *ast.Ident:
		tv, ok := info.Types[e]
		if !ok {
			return false
		}
		if tv.Value != nil { // for true
			return tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
		}
		b, ok := tv.Type.Underlying().(*types.Basic)
		return ok && b.Kind() == types.Bool
	}
	return false
}

func isErrorValue(info *types.Info, e ast.Expr) bool {
	t := info.TypeOf(e)
	return t != nil && types.Identical(t, errorType)
}

// hasCounter reports whether a variable or field incremented or decremented in the loop
// appears in one of its conditions.
func hasCounter(info *types.Info, l *loop) bool {
	counters := map[types.Object]bool{}
	mark := func(e ast.Expr) {
		if obj := refObj(info, e); obj != nil {
			counters[obj] = true
		}
	}
	visitLoop(l, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.AssignStmt:
			switch n.Tok {
			case token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN, token.SHL_ASSIGN:
				mark(n.Lhs[0])
			case token.ASSIGN:
				// n = n + 1
				for i, lhs := range n.Lhs {
					if i < len(n.Rhs) {
						if b, ok := ast.Unparen(n.Rhs[i]).(*ast.BinaryExpr); ok && (b.Op == token.ADD || b.Op == token.SUB) {
							if obj := refObj(info, lhs); obj != nil && (refObj(info, b.X) == obj || refObj(info, b.Y) == obj) {
								counters[obj] = true
							}
						}
					}
				}
			}
		}
	})
	if len(counters) == 0 {
		return false
	}
	found := false
	for _, c := range conditions(l) {
		ast.Inspect(c, func(n ast.Node) bool {
			if e, ok := n.(ast.Expr); ok {
				if obj := refObj(info, e); obj != nil && counters[obj] {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// refObj returns the variable or field an identifier or selector refers to.
func refObj(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj, ok := info.Uses[e].(*types.Var); ok {
			return obj
		}
		if obj, ok := info.Defs[e].(*types.Var); ok {
			return obj
		}
	case *ast.SelectorExpr:
		if obj, ok := info.Uses[e.Sel].(*types.Var); ok {
			return obj
		}
	}
	return nil
}

// conditions returns the loop's condition and the conditions of its if and switch
// statements, outside function literals.
func conditions(l *loop) []ast.Expr {
	var out []ast.Expr
	if l.cond != nil {
		out = append(out, l.cond)
	}
	visitLoop(l, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.IfStmt:
			out = append(out, n.Cond)
		case *ast.SwitchStmt:
			if n.Tag != nil {
				out = append(out, n.Tag)
			}
			for _, c := range n.Body.List {
				out = append(out, c.(*ast.CaseClause).List...)
			}
		case *ast.ForStmt:
			if n.Cond != nil {
				out = append(out, n.Cond)
			}
		}
	})
	return out
}

// visitLoop visits the loop's statements and expressions, outside function literals.
func visitLoop(l *loop, f func(ast.Node)) {
	for _, n := range []ast.Node{l.init, l.cond, l.post, l.body} {
		if n == nil {
			continue
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if n != nil {
				f(n)
			}
			return true
		})
	}
}

// watchesContext reports whether the loop looks at a context's cancellation: Done, Err,
// Deadline, context.Cause, or context.Canceled and context.DeadlineExceeded.
func watchesContext(info *types.Info, l *loop) bool {
	found := false
	visitLoop(l, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "context" {
				switch fn.Name() {
				case "Done", "Err", "Deadline", "Cause":
					found = true
				}
			}
		case *ast.SelectorExpr:
			if v, ok := info.Uses[n.Sel].(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() == "context" &&
				(v.Name() == "Canceled" || v.Name() == "DeadlineExceeded") {
				found = true
			}
		}
	})
	return found
}

// checksClock reports whether one of the loop's conditions reads the clock: time.Since,
// time.Until, time.Now or a time.Time comparison, as deadline checks do.
func checksClock(info *types.Info, l *loop) bool {
	found := false
	for _, c := range conditions(l) {
		ast.Inspect(c, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" {
					switch fn.Name() {
					case "Since", "Until", "Now", "After", "Before", "Compare", "Equal":
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}

// loopWaits reports whether the loop waits between attempts.
func loopWaits(info *types.Info, l *loop, w *waits) bool {
	for _, n := range []ast.Node{l.cond, l.post, l.body} {
		if n == nil {
			continue
		}
		if containsWait(info, n, w) {
			return true
		}
	}
	return false
}
