package gocheck

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
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
	res, err := Run(context.Background(), Options{
		Dir: dir, Patterns: []string{"."}, Analyzers: []*analysis.Analyzer{crasher, reporter},
		Env: []string{"GOFLAGS=-mod=mod", "GOPROXY=off"},
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
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Message != "package main" {
		t.Errorf("the other analyzer's diagnostics are lost: %+v", res.Diagnostics)
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
