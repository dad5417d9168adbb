package retry

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// deadlineWait finds, for a loop inside a function literal started with a go statement,
// the select statement after the go statement with which the starter waits for the
// goroutine only until a deadline (a case on time.After, a timer's channel or ctx.Done()).
// stack holds the loop's enclosing nodes, outermost first. It returns nil when the loop is
// not in such a goroutine.
func deadlineWait(pass *analysis.Pass, stack []ast.Node) *ast.SelectStmt {
	lit := -1
	for i := len(stack) - 1; i >= 0; i-- {
		if _, ok := stack[i].(*ast.FuncLit); ok {
			lit = i
			break
		}
	}
	if lit < 2 {
		return nil
	}
	call, ok := stack[lit-1].(*ast.CallExpr)
	if !ok || ast.Unparen(call.Fun) != stack[lit] {
		return nil
	}
	goStmt, ok := stack[lit-2].(*ast.GoStmt)
	if !ok || goStmt.Call != call || lit < 3 {
		return nil
	}
	var after []ast.Stmt
	switch b := stack[lit-3].(type) {
	case *ast.BlockStmt:
		after = stmtsAfter(b.List, goStmt)
	case *ast.CaseClause:
		after = stmtsAfter(b.Body, goStmt)
	case *ast.CommClause:
		after = stmtsAfter(b.Body, goStmt)
	}
	var found *ast.SelectStmt
	for _, st := range after {
		ast.Inspect(st, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.SelectStmt:
				if hasDeadlineCase(pass.TypesInfo, n) {
					found = n
					return false
				}
			}
			return true
		})
		if found != nil {
			break
		}
	}
	return found
}

func stmtsAfter(list []ast.Stmt, s ast.Stmt) []ast.Stmt {
	for i, x := range list {
		if x == s {
			return list[i+1:]
		}
	}
	return nil
}

// hasDeadlineCase reports whether a select has a case that receives from a channel
// closed or sent on at a deadline: time.After, a time.Timer's C, or a context's Done.
func hasDeadlineCase(info *types.Info, sel *ast.SelectStmt) bool {
	for _, c := range sel.Body.List {
		cc, ok := c.(*ast.CommClause)
		if !ok || cc.Comm == nil {
			continue
		}
		var recv ast.Expr
		switch comm := cc.Comm.(type) {
		case *ast.ExprStmt:
			recv = comm.X
		case *ast.AssignStmt:
			if len(comm.Rhs) == 1 {
				recv = comm.Rhs[0]
			}
		}
		u, ok := ast.Unparen(recv).(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW {
			continue
		}
		if isDeadlineChan(info, u.X) {
			return true
		}
	}
	return false
}

func isDeadlineChan(info *types.Info, ch ast.Expr) bool {
	switch x := ast.Unparen(ch).(type) {
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(info, x).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return false
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "time.After":
			return true
		}
		// ctx.Done() on a context.Context value.
		if fn.Name() == "Done" {
			if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil && isContextType(sig.Recv().Type()) {
				return true
			}
		}
	case *ast.SelectorExpr:
		// timer.C of a *time.Timer.
		if x.Sel.Name == "C" {
			t := info.TypeOf(x.X)
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Timer" {
				return true
			}
		}
	}
	return false
}

func isContextType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}
