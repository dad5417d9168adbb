package driverconfig

import (
	"go/token"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/internal/config"
)

// The configuration's rules: off and exclude decide which diagnostics a driver reports.
func TestFilter(t *testing.T) {
	root := filepath.FromSlash("/repo")
	cfg, err := config.Parse([]byte("version: 1\nrules:\n  SLS111: off\nexclude:\n  - legacy/**\n"), ".slslint.yml", ".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	pos := func(name string) token.Pos {
		f := fset.AddFile(filepath.Join(root, filepath.FromSlash(name)), -1, 10)
		f.SetLines([]int{0})
		return f.Pos(0)
	}
	pass := &analysis.Pass{Fset: fset}
	keep := filter(cfg, root)
	for _, tt := range []struct {
		rule, file string
		want       bool
	}{
		{"SLS110", "svc/loop.go", true},
		{"SLS111", "svc/loop.go", false},
		{"SLS110", "legacy/loop.go", false},
		{"SLS110", "legacyish/loop.go", true},
	} {
		if got := keep(pass, analysis.Diagnostic{Pos: pos(tt.file), Category: tt.rule}); got != tt.want {
			t.Errorf("%s in %s: kept %v, want %v", tt.rule, tt.file, got, tt.want)
		}
	}
}

// Findings on one line become one diagnostic naming each rule, with the related locations
// written into the message.
func TestMergeByLine(t *testing.T) {
	fset := token.NewFileSet()
	f := fset.AddFile(filepath.FromSlash("/repo/a.go"), -1, 100)
	f.SetLines([]int{0, 10, 20, 30})
	pass := &analysis.Pass{Fset: fset}
	at := func(line, col int) token.Pos { return f.LineStart(line) + token.Pos(col-1) }
	got := mergeByLine(pass, []analysis.Diagnostic{
		{Pos: at(2, 3), End: at(2, 5), Category: "SLS111", Message: "SLS111: second"},
		{Pos: at(2, 2), End: at(2, 4), Category: "SLS110", Message: "SLS110: first",
			Related: []analysis.RelatedInformation{{Pos: at(1, 1), Message: "handler h"}}},
		{Pos: at(3, 1), Category: "SLS105", Message: "SLS105: alone"},
	}, filepath.FromSlash("/repo"))
	if len(got) != 2 {
		t.Fatalf("%d diagnostics: %+v", len(got), got)
	}
	if got[0].Message != "SLS110: first [a.go:1: handler h]; SLS111: second" || got[0].Pos != at(2, 2) || got[0].End != at(2, 5) || got[0].Related != nil {
		t.Errorf("merged: %+v", got[0])
	}
	if got[1].Message != "SLS105: alone" {
		t.Errorf("alone: %+v", got[1])
	}
}
