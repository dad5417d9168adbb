package coldstart

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
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
