package coldstart

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// An entry is a package that is a function's binary, or the code a function framework
// runs as one.
type entry struct {
	// start names the call that starts the function ("lambda.Start"); empty for a Cloud
	// Functions package that only registers.
	start string
	// main is the package's main function when it holds the start call.
	main *ast.FuncDecl
	// startStmt is the top-level statement of main that holds the start call; main's
	// statements before it run at start-up.
	startStmt ast.Stmt
	// startCall is the start call itself: its arguments are evaluated at start-up too.
	startCall *ast.CallExpr
	// startup are the statements and expressions of main (control-flow nodes) that run
	// before a start call on a path that reaches it: a branch that returns or exits first
	// (a local debug mode calling the handler once) runs at no cold start.
	startup []ast.Node
	// loops are main's loops (for statements and ranges over integers) around start-up
	// code.
	loops []ast.Node
}

// inMainLoop says a position of main is inside one of its loops.
func (e *entry) inMainLoop(p token.Pos) bool {
	for _, l := range e.loops {
		if l.Pos() <= p && p < l.End() {
			return true
		}
	}
	return false
}

// starters are the functions that start serving a function's events, by package path.
var starters = map[string][]string{
	"github.com/aws/aws-lambda-go/lambda": {
		"Start", "StartWithContext", "StartWithOptions", "StartHandler", "StartHandlerWithContext", "StartHandlerFunc",
	},
	"github.com/aws/aws-lambda-go/lambdaurl":                              {"Start"},
	"github.com/akrylysov/algnhsa":                                        {"ListenAndServe"},
	"github.com/apex/gateway":                                             {"ListenAndServe", "ListenAndServeV2"},
	"github.com/apex/gateway/v2":                                          {"ListenAndServe"},
	"github.com/GoogleCloudPlatform/functions-framework-go/funcframework": {"Start", "StartHostPort"},
}

// registrars register a Cloud Function with the Functions Framework; the registering
// package's initialization is the function's start-up.
var registrars = map[string][]string{
	"github.com/GoogleCloudPlatform/functions-framework-go/functions": {"HTTP", "CloudEvent", "Typed"},
	"github.com/GoogleCloudPlatform/functions-framework-go/funcframework": {
		"RegisterHTTPFunction", "RegisterEventFunction", "RegisterHTTPFunctionContext",
		"RegisterEventFunctionContext", "RegisterCloudEventFunctionContext",
	},
}

func isFunc(fn *types.Func, table map[string][]string) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		return false
	}
	for _, name := range table[fn.Pkg().Path()] {
		if fn.Name() == name {
			return true
		}
	}
	return false
}

// calleeFunc is the function or method a call statically calls, generic instantiations
// resolved to their origin.
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn != nil {
		fn = fn.Origin()
	}
	return fn
}

// findEntry reports whether pass's package is a function's binary, and how it starts.
func findEntry(pass *analysis.Pass) *entry {
	if !importsAny(pass.Pkg, starters) && !importsAny(pass.Pkg, registrars) {
		return nil // fast path
	}
	var e *entry
	isMain := pass.Pkg.Name() == "main"
	for _, f := range pass.Files {
		if isTestFile(pass, f) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn := calleeFunc(pass.TypesInfo, call)
			switch {
			case isMain && isFunc(fn, starters):
				if e == nil {
					e = &entry{}
				}
				if e.start == "" {
					e.start = fn.Pkg().Name() + "." + fn.Name()
				}
			case isFunc(fn, registrars):
				if e == nil {
					e = &entry{}
				}
			}
			return true
		})
	}
	if e == nil || !isMain {
		return e
	}
	// main's statements before the one that starts the function run at start-up.
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Name.Name != "main" || fd.Body == nil {
				continue
			}
			for _, stmt := range fd.Body.List {
				if call := findStart(pass.TypesInfo, stmt); call != nil {
					e.main, e.startStmt, e.startCall = fd, stmt, call
					e.startup = startupNodes(pass.TypesInfo, fd.Body)
					ast.Inspect(fd.Body, func(n ast.Node) bool {
						switch n := n.(type) {
						case *ast.FuncLit:
							return false
						case *ast.ForStmt:
							e.loops = append(e.loops, n)
						case *ast.RangeStmt:
							if isIntRange(pass.TypesInfo, n) {
								e.loops = append(e.loops, n)
							}
						}
						return true
					})
					return e
				}
			}
		}
	}
	return e
}

// findStart returns the first start call in stmt, outside function literals.
func findStart(info *types.Info, stmt ast.Stmt) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(stmt, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if isFunc(calleeFunc(info, n), starters) {
				found = n
				return false
			}
		}
		return true
	})
	return found
}

func importsAny(pkg *types.Package, table map[string][]string) bool {
	for _, imp := range pkg.Imports() {
		if _, ok := table[imp.Path()]; ok {
			return true
		}
	}
	return false
}

func isTestFile(pass *analysis.Pass, f *ast.File) bool {
	return strings.HasSuffix(pass.Fset.File(f.FileStart).Name(), "_test.go")
}

// startupNodes returns the control-flow nodes of main's body that run before a start call
// on a path that reaches one, in source order. The start calls' own nodes are left out
// (their arguments are scanned on their own).
func startupNodes(info *types.Info, body *ast.BlockStmt) []ast.Node {
	g := cfg.New(body, func(call *ast.CallExpr) bool { return !noReturn(info, call) })
	// The blocks holding a start call, and where in them it is.
	startAt := map[*cfg.Block]int{}
	var last token.Pos
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			if call := findStartIn(info, n); call != nil {
				if _, ok := startAt[b]; !ok {
					startAt[b] = i
				}
				last = max(last, call.Pos())
			}
		}
	}
	// Every block from which a start call can be reached.
	preds := map[*cfg.Block][]*cfg.Block{}
	for _, b := range g.Blocks {
		for _, succ := range b.Succs {
			preds[succ] = append(preds[succ], b)
		}
	}
	reaches := map[*cfg.Block]bool{}
	var work []*cfg.Block
	for b := range startAt {
		reaches[b] = true
		work = append(work, b)
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, p := range preds[b] {
			if !reaches[p] {
				reaches[p] = true
				work = append(work, p)
			}
		}
	}
	var out []ast.Node
	for _, b := range g.Blocks {
		if !b.Live || !reaches[b] {
			continue
		}
		nodes := b.Nodes
		if i, ok := startAt[b]; ok {
			nodes = nodes[:i]
		}
		for _, n := range nodes {
			if n.Pos() < last {
				out = append(out, n)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}

// findStartIn returns the first start call in a control-flow node, outside function
// literals.
func findStartIn(info *types.Info, n ast.Node) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(n, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if isFunc(calleeFunc(info, n), starters) {
				found = n
				return false
			}
		}
		return true
	})
	return found
}

// noReturn recognizes the calls that end the process or the goroutine: panic, os.Exit,
// runtime.Goexit and log.Fatal* and the loggers that follow its convention.
func noReturn(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return true
		}
	}
	fn := calleeFunc(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "os.Exit", "runtime.Goexit", "syscall.Exit":
		return true
	}
	switch fn.Name() {
	case "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln":
		return true
	}
	return false
}

// isIntRange says a range statement ranges over an integer: a loop of attempts, not over
// data.
func isIntRange(info *types.Info, r *ast.RangeStmt) bool {
	if t := info.TypeOf(r.X); t != nil {
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
			return true
		}
	}
	return false
}
