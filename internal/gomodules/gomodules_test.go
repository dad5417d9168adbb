package gomodules

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/fixture"
)

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	fixture.Write(t, root, map[string]string{rel: content})
}

// describe renders a plan as "dir [env] patterns -> anchors" lines, relative to root.
func describe(root string, p *Plan) string {
	rel := func(s string) string {
		r, err := filepath.Rel(root, s)
		if err != nil {
			return s
		}
		return filepath.ToSlash(r)
	}
	var lines []string
	for i, u := range p.Units {
		env := strings.Join(u.Env, " ")
		env = strings.ReplaceAll(env, root+string(filepath.Separator), "")
		var anchors []string
		for _, a := range p.Anchors[i] {
			anchors = append(anchors, rel(a))
		}
		lines = append(lines, rel(u.Dir)+" ["+env+"] "+strings.Join(u.Patterns, " ")+" -> "+strings.Join(anchors, " "))
	}
	return strings.Join(lines, "\n")
}

func TestMake(t *testing.T) {
	root := t.TempDir()
	write(t, root, "functions/a/go.mod", "module example.com/a\n\ngo 1.26\n")
	write(t, root, "functions/b/go.mod", "module example.com/b\n\ngo 1.26\n")
	write(t, root, "functions/c/go.mod", "module example.com/c\n\ngo 1.26\n")
	write(t, root, "go.work", "go 1.26\n\nuse (\n\t./functions/b\n\t./functions/c\n)\n")
	write(t, root, "scripts/gen/main.go", "package main\n")

	in := Input{
		Root:        root,
		Dirs:        []string{"functions/a", "functions/a/internal/store", "functions/b", "functions/c", "scripts/gen"},
		FirstGoFile: map[string]string{"scripts/gen": "scripts/gen/main.go"},
		Files:       []string{filepath.Join(root, "functions/a/cmd/tool.go")},
		Env:         []string{"PATH=/bin"},
	}
	want := strings.Join([]string{
		". [GOWORK=off] ./scripts/gen -> scripts/gen/main.go",
		"functions/a [GOWORK=off] . ./internal/store -> functions/a/go.mod",
		"functions/a [GOWORK=off] ./cmd/tool.go -> functions/a/go.mod",
		". [GOWORK=go.work] ./functions/b ./functions/c -> go.work",
	}, "\n")
	p := Make(in)
	if got := describe(root, p); got != want {
		t.Errorf("plan:\n%s\nwant:\n%s", got, want)
	}
	if len(p.Modules) != 3 || p.Modules[0].Path != "example.com/a" || p.Modules[1].Workspace == "" {
		t.Errorf("modules = %+v", p.Modules)
	}
	if strings.Join(p.Outside, ",") != "scripts/gen" {
		t.Errorf("outside = %v", p.Outside)
	}

	// GOWORK=off loads every module on its own, as the go command would.
	in.Env = []string{"GOWORK=off"}
	in.Files = nil
	want = strings.Join([]string{
		". [GOWORK=off] ./scripts/gen -> scripts/gen/main.go",
		"functions/a [GOWORK=off] . ./internal/store -> functions/a/go.mod",
		"functions/b [GOWORK=off] . -> functions/b/go.mod",
		"functions/c [GOWORK=off] . -> functions/c/go.mod",
	}, "\n")
	if got := describe(root, Make(in)); got != want {
		t.Errorf("plan with GOWORK=off:\n%s\nwant:\n%s", got, want)
	}
}

// A module whose go.mod is above the repository root is loaded from there, and problems
// with it are reported at the first Go file of each folder.
func TestModuleAboveRoot(t *testing.T) {
	outer := t.TempDir()
	write(t, outer, "go.mod", "module example.com/outer\n\ngo 1.26\n")
	root := filepath.Join(outer, "repo")
	write(t, root, "cmd/api/main.go", "package main\n")
	p := Make(Input{Root: root, Dirs: []string{"cmd/api"}, FirstGoFile: map[string]string{"cmd/api": "cmd/api/main.go"}, Env: []string{"GOWORK=off"}})
	if len(p.Units) != 1 || p.Units[0].Dir != outer || p.Units[0].Patterns[0] != "./repo/cmd/api" {
		t.Fatalf("units = %+v", p.Units)
	}
	if got := p.Anchors[0]; len(got) != 1 || got[0] != filepath.Join(root, "cmd/api/main.go") {
		t.Errorf("anchors = %v", got)
	}
}
