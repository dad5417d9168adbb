package retry

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/slslint/slslint/analyzers/internal/ownmodule"
)

// waitsFact is exported for each function of the analyzed module that waits when called: it
// sleeps, waits on a timer or channel, or calls a backoff, directly or through other
// functions. A retry loop that calls it waits between attempts.
type waitsFact struct{}

func (*waitsFact) AFact() {}

func (*waitsFact) String() string { return "waits" }

// waits answers whether a function waits, for this package's functions and, through facts,
// for the analyzed module's other packages.
type waits struct {
	pass  *analysis.Pass
	local map[*types.Func]bool
}

func (w *waits) fn(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if fn.Pkg() == w.pass.Pkg {
		return w.local[fn]
	}
	return w.pass.ImportObjectFact(fn, new(waitsFact))
}

// exportWaits finds the package's functions that wait and exports their facts.
func exportWaits(pass *analysis.Pass) *waits {
	w := &waits{pass: pass, local: map[*types.Func]bool{}}
	if !ownmodule.Analyzed(pass) {
		return w
	}
	var order []*types.Func
	bodies := map[*types.Func]*ast.BlockStmt{}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				order = append(order, fn)
				bodies[fn] = fd.Body
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range order {
			if !w.local[fn] && containsWait(pass.TypesInfo, bodies[fn], w) {
				w.local[fn] = true
				changed = true
			}
		}
	}
	for _, fn := range order {
		if w.local[fn] && fn.Exported() {
			pass.ExportObjectFact(fn, new(waitsFact))
		}
	}
	return w
}

// waitWords are parts of function names that say the function waits or computes a delay;
// precision comes first, so a call of any such function counts as a wait.
var waitWords = []string{"sleep", "wait", "backoff", "delay", "pause", "throttle", "jitter"}

// containsWait reports whether running n may wait: a sleep, a timer or ticker, a blocking
// receive or select, a range over a channel, or a call of a function that waits. Function
// literals count (they are usually the retried operation or a wait helper); go statements
// do not.
func containsWait(info *types.Info, n ast.Node, w *waits) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.SelectStmt:
			hasDefault := false
			for _, c := range n.Body.List {
				if cc, ok := c.(*ast.CommClause); ok && cc.Comm == nil {
					hasDefault = true
				}
			}
			if !hasDefault {
				found = true
				return false
			}
			// The comm clauses' receives do not block; their bodies may.
			for _, c := range n.Body.List {
				for _, s := range c.(*ast.CommClause).Body {
					if containsWait(info, s, w) {
						found = true
					}
				}
			}
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = true
			}
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					found = true
				}
			}
		case *ast.CallExpr:
			if isWaitCall(info, n, w) {
				found = true
			}
		}
		return !found
	})
	return found
}

func isWaitCall(info *types.Info, call *ast.CallExpr, w *waits) bool {
	obj := typeutil.Callee(info, call)
	var name string
	switch obj := obj.(type) {
	case *types.Func:
		fn := obj.Origin()
		if fn.Pkg() != nil && fn.Pkg().Path() == "time" {
			switch fn.Name() {
			case "Sleep", "After", "Tick", "NewTimer", "NewTicker":
				return true
			}
		}
		if w != nil && w.fn(fn) {
			return true
		}
		name = fn.Name()
	case *types.Var: // a function value: sleep(d), cfg.Backoff(attempt)
		name = obj.Name()
	default:
		return false
	}
	lower := strings.ToLower(name)
	for _, word := range waitWords {
		if strings.Contains(lower, word) {
			return true
		}
	}
	return false
}
