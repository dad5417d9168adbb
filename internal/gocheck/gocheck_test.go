package gocheck

import (
	"context"
	"go/ast"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/types/typeutil"
)

// A bug in one analyzer (a panic) becomes a problem naming it, and the other analyzers'
// diagnostics are still there.
func TestAnalyzerPanicIsContained(t *testing.T) {
	crasher := &analysis.Analyzer{
		Name:     "crasher",
		Doc:      "crasher: panics on every package",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run:      func(*analysis.Pass) (any, error) { panic("boom") },
	}
	reporter := &analysis.Analyzer{
		Name: "reporter",
		Doc:  "reporter: reports every package clause",
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				pass.Reportf(f.Package, "package %s", f.Name.Name)
			}
			return nil, nil
		},
	}
	dir, _ := filepath.Abs(filepath.Join("..", "engine", "testdata", "basic"))
	crasherRun, inspectRun := reflect.ValueOf(crasher.Run).Pointer(), reflect.ValueOf(inspect.Analyzer.Run).Pointer()
	var progress [][2]int
	res, err := Run(context.Background(), Options{
		Dir: dir, Patterns: []string{"."}, Analyzers: []*analysis.Analyzer{crasher, reporter},
		Env:      []string{"GOFLAGS=-mod=mod", "GOPROXY=off"},
		Progress: func(analyzed, total int) { progress = append(progress, [2]int{analyzed, total}) },
	})
	if err != nil {
		t.Fatal(err)
	}
	var crashes int
	for _, p := range res.Problems {
		if p.Analyzer == crasher && strings.Contains(p.Msg, "panic: analyzer crasher crashed") && strings.Contains(p.Msg, "boom") {
			crashes++
		}
	}
	if crashes != 1 {
		t.Errorf("want one crash problem, got %+v", res.Problems)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Message != "package main" || res.Diagnostics[0].Analyzer != reporter {
		t.Errorf("the other analyzer's diagnostics are lost: %+v", res.Diagnostics)
	}
	// The guard works on copies: the analyzers, exported ones included, are unchanged.
	if reflect.ValueOf(crasher.Run).Pointer() != crasherRun || reflect.ValueOf(inspect.Analyzer.Run).Pointer() != inspectRun {
		t.Error("guard changed an analyzer's Run")
	}
	// Progress counts the root packages analyzed, of how many.
	if len(progress) < 2 || progress[0] != [2]int{0, 1} || progress[len(progress)-1] != [2]int{1, 1} {
		t.Errorf("progress %v", progress)
	}
}

// Dependencies outside the module are type-checked without function bodies, and the
// errors that trimming causes do not make the analyzed packages ill-typed.
func TestTrimmedDependenciesStayWellTyped(t *testing.T) {
	dir, _ := filepath.Abs(filepath.Join("..", "engine", "testdata", "basic"))
	res, err := Run(context.Background(), Options{Dir: dir, Patterns: []string{"./..."},
		Env: []string{"GOFLAGS=-mod=mod", "GOPROXY=off"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Roots {
		if p.IllTyped {
			t.Errorf("%s is ill-typed: %v", p.PkgPath, p.Errors)
		}
	}
	if len(res.Problems) != 0 {
		t.Errorf("problems: %+v", res.Problems)
	}
}

// Export data that cannot be read (a corrupt or vanished build cache entry) makes the
// package be checked from source, into a fresh package: no crash, no error in the standard
// library, the same diagnostics.
func TestUnreadableExportData(t *testing.T) {
	bin := useGoWrapper(t)
	corrupt := filepath.Join(t.TempDir(), "corrupt.a")
	if err := os.WriteFile(corrupt, []byte("!<arch>\nnot export data"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(bin, "gone.a")
	for _, broken := range []string{
		"fmt=" + corrupt,                    // read, fails: checked from source after a restart
		"strings=" + missing,                // missing: checked from source up front
		"fmt=" + corrupt + ",io=" + missing, // io's types filled by bufio's export data before fmt's read fails
	} {
		t.Setenv("SLSLINT_BREAK_EXPORT", broken)
		dir, _ := filepath.Abs(filepath.Join("testdata", "twoimports"))
		res, err := Run(context.Background(), Options{Dir: dir, Patterns: []string{"."}, Analyzers: []*analysis.Analyzer{printlnReporter},
			Env: []string{"GOPROXY=off"}})
		if err != nil {
			t.Fatalf("%s: %v", broken, err)
		}
		if len(res.Problems) != 0 {
			t.Errorf("%s: problems %+v", broken, res.Problems)
		}
		if len(res.Diagnostics) != 1 {
			t.Errorf("%s: diagnostics %+v, want the one fmt.Println", broken, res.Diagnostics)
		}
	}
}

// printlnReporter reports every call of fmt.Println in the analyzed packages.
var printlnReporter = &analysis.Analyzer{
	Name: "reporter",
	Doc:  "reporter: reports every call of fmt.Println",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func); ok && fn.FullName() == "fmt.Println" {
						pass.Reportf(call.Pos(), "fmt.Println")
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

// useGoWrapper builds testdata/gowrapper as "go" into a folder it puts first on PATH, and
// returns the folder.
func useGoWrapper(t *testing.T) string {
	t.Helper()
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := t.TempDir()
	build := exec.Command(realGo, "build", "-o", filepath.Join(bin, "go"), "./testdata/gowrapper")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the wrapper: %v\n%s", err, out)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("SLSLINT_REAL_GO", realGo)
	return bin
}
