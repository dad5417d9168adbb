package gocheck

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/slslint/slslint/internal/fixture"
)

// moduleUnit is the unit the planner makes for a module listed on its own.
func moduleUnit(dir string, patterns ...string) Unit {
	return Unit{Dir: dir, Env: []string{"GOWORK=off"}, ModFile: filepath.Join(dir, "go.mod"), Patterns: patterns}
}

func goMod(path, goVersion string, lines ...string) string {
	return "module " + path + "\n\ngo " + goVersion + "\n\n" + strings.Join(lines, "\n") + "\n"
}

const mainFile = "package main\n\nfunc main() {}\n"

// batchIndices renders a plan as the unit indices of each batch.
func batchIndices(batches [][]*batchMember) [][]int {
	var out [][]int
	for _, b := range batches {
		var ids []int
		for _, m := range b {
			ids = append(ids, m.index)
		}
		out = append(out, ids)
	}
	return out
}

// Modules are batched only with modules they agree with on every dependency, and never
// when a workspace would give them something else than their own go.mod does.
func TestPlanBatches(t *testing.T) {
	root := t.TempDir()
	dep := "require example.com/dep v1.0.0"
	dep2 := "require example.com/dep v1.1.0"
	mods := []struct{ dir, gomod, src string }{
		{"a", goMod("example.com/a", "1.22", dep), mainFile},                                                                      // 0
		{"b", goMod("example.com/b", "1.22", dep), mainFile},                                                                      // 1: agrees with a
		{"c", goMod("example.com/c", "1.22", dep2), mainFile},                                                                     // 2: another version of dep
		{"d", goMod("example.com/d", "1.22", dep2), mainFile},                                                                     // 3: agrees with c
		{"e", goMod("example.com/a", "1.22", dep), mainFile},                                                                      // 4: a's path again
		{"f", goMod("example.com/f", "1.22", "require example.com/a v1.0.0"), mainFile},                                           // 5: requires a member
		{"g", goMod("example.com/g", "1.16", dep), mainFile},                                                                      // 6: before graph pruning
		{"h", goMod("example.com/h", "1.22", dep), "package main\n\nimport _ \"example.com/other/x\"\n\nfunc main() {}\n"},        // 7: imports what it does not require
		{"i", goMod("example.com/i", "1.22", dep, "replace example.com/dep => ../fork"), mainFile},                                // 8: replaces dep
		{"j", goMod("example.com/j", "1.22", dep, "exclude example.com/dep v0.9.0"), mainFile},                                    // 9: excludes
		{"k", goMod("example.com/k", "1.22", dep), mainFile},                                                                      // 10: vendored
		{"l", goMod("example.com/l", "1.22", "require example.com/other v1.0.0", "replace example.com/dep => ../fork"), mainFile}, // 11: agrees with i only
	}
	files := map[string]string{"k/vendor/modules.txt": "# example.com/dep v1.0.0\n"}
	var units []Unit
	for _, m := range mods {
		files[m.dir+"/go.mod"] = m.gomod
		files[m.dir+"/main.go"] = m.src
		units = append(units, moduleUnit(filepath.Join(root, m.dir), "."))
	}
	fixture.Write(t, root, files)
	// A unit of files named on the command line, and a workspace, are listed as they are.
	units = append(units, Unit{Dir: filepath.Join(root, "a"), Env: []string{"GOWORK=off"}, ModFile: filepath.Join(root, "a", "go.mod"), Patterns: []string{"./main.go"}})
	units = append(units, Unit{Dir: root, Env: []string{"GOWORK=" + filepath.Join(root, "go.work")}, ModFile: filepath.Join(root, "go.work"), Workspace: true, Patterns: []string{"./a"}})

	got := batchIndices(planBatches(Options{}, units))
	want := [][]int{{0, 1}, {2, 3, 5}, {8, 11}} // e and f cannot join a; f joins c and d
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("batches = %v, want %v", got, want)
	}

	// Build tags and environments split batches.
	tagged := slices.Clone(units)
	tagged[1].Tags = []string{"lambda"}
	if got := batchIndices(planBatches(Options{}, tagged)); len(got) == 0 || slices.Contains(got[0], 1) {
		t.Errorf("a unit with other tags was batched: %v", got)
	}
	// -mod=mod and -modfile mean something else in a workspace; -mod=readonly does not.
	for _, flags := range []string{"-mod=mod", "-modfile=/tmp/x.mod", "-mod=vendor"} {
		if got := planBatches(Options{BuildFlags: []string{flags}}, units); len(got) != 0 {
			t.Errorf("%s: batched %v", flags, batchIndices(got))
		}
	}
	if got := planBatches(Options{Env: []string{"GOFLAGS=-mod=readonly"}}, units); len(got) != 3 {
		t.Errorf("-mod=readonly: %v", batchIndices(got))
	}
}

// After listing in a workspace, a member stands for itself only when every package comes
// from what its own go.mod names.
func TestListedAsAlone(t *testing.T) {
	m := &batchMember{unit: &Unit{ModFile: "/r/a/go.mod"}, path: "example.com/a",
		requires: map[string]string{"example.com/dep": "v1.0.0", "example.com/fork": "v1.0.0"},
		replaces: map[string]string{"example.com/fork": replacementKey("", "", "/r/fork")}}
	own := &packages.Module{Path: "example.com/a", Main: true, GoMod: "/r/a/go.mod"}
	graph := func(deps ...*packages.Package) []*packages.Package {
		root := &packages.Package{PkgPath: "example.com/a", Module: own, Imports: map[string]*packages.Package{}}
		for _, d := range deps {
			root.Imports[d.PkgPath] = d
		}
		return []*packages.Package{root}
	}
	dep := func(mod *packages.Module, errs ...string) *packages.Package {
		p := &packages.Package{PkgPath: mod.Path + "/x", Module: mod}
		for _, e := range errs {
			p.Errors = append(p.Errors, packages.Error{Msg: e})
		}
		return p
	}
	std := &packages.Package{PkgPath: "fmt"}
	for _, c := range []struct {
		name  string
		roots []*packages.Package
		ok    bool
	}{
		{"its own versions", graph(std, dep(&packages.Module{Path: "example.com/dep", Version: "v1.0.0"}),
			dep(&packages.Module{Path: "example.com/fork", Version: "v1.0.0", Replace: &packages.Module{Path: "../fork", Dir: "/r/fork"}})), true},
		{"another version", graph(dep(&packages.Module{Path: "example.com/dep", Version: "v1.1.0"})), false},
		{"a module it does not require", graph(dep(&packages.Module{Path: "example.com/other", Version: "v1.0.0"})), false},
		{"replaced though it is not", graph(dep(&packages.Module{Path: "example.com/dep", Version: "v1.0.0", Replace: &packages.Module{Path: "example.com/dep2", Version: "v1.0.0"}})), false},
		{"not replaced though it is", graph(dep(&packages.Module{Path: "example.com/fork", Version: "v1.0.0"})), false},
		{"another member's package", graph(dep(&packages.Module{Path: "example.com/b", Main: true, GoMod: "/r/b/go.mod"})), false},
		{"an error in a dependency", graph(dep(&packages.Module{Path: "example.com/dep", Version: "v1.0.0"}, "x.go:1:1: syntax error")), false},
		{"a module error in its own package", graph(dep(own, "no required module provides package example.com/z")), false},
		{"a compile error in its own package", graph(dep(own, "# example.com/a/x\nx.go:3:2: undefined: y")), true},
	} {
		if why := m.listedAsAlone(c.roots); (why == "") != c.ok {
			t.Errorf("%s: listedAsAlone = %q, want ok=%v", c.name, why, c.ok)
		}
	}
}

// goLog puts the go command wrapper first on PATH, logging each invocation, and returns a
// function that reads the go list invocations so far as "GOWORK\targuments" lines.
func goLog(t *testing.T) func() []string {
	t.Helper()
	useGoWrapper(t)
	log := filepath.Join(t.TempDir(), "go.log")
	t.Setenv("SLSLINT_GO_LOG", log)
	return func() []string {
		b, _ := os.ReadFile(log)
		var lists []string
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if _, args, _ := strings.Cut(line, "\t"); strings.HasPrefix(args, "list ") && strings.Contains(args, "-export") {
				lists = append(lists, line)
			}
		}
		return lists
	}
}

// Modules that agree are listed by one go command, and analyzed as each alone would be.
func TestBatchedModulesListedOnce(t *testing.T) {
	lists := goLog(t)
	root := t.TempDir()
	files := map[string]string{}
	var units []Unit
	for _, name := range []string{"a", "b", "c"} {
		files["functions/"+name+"/go.mod"] = goMod("example.com/"+name, "1.22")
		files["functions/"+name+"/main.go"] = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"" + name + "\") }\n"
		files["functions/"+name+"/store/store.go"] = "package store\n\nimport \"fmt\"\n\nfunc Put() { fmt.Println(1) }\n"
		units = append(units, moduleUnit(filepath.Join(root, "functions", name), ".", "./store"))
	}
	fixture.Write(t, root, files)
	res, err := Run(context.Background(), Options{Units: units, Root: root, Analyzers: []*analysis.Analyzer{printlnReporter}, Env: []string{"GOPROXY=off"}})
	if err != nil {
		t.Fatal(err)
	}
	got := lists()
	if len(got) != 1 || !strings.HasSuffix(strings.SplitN(got[0], "\t", 2)[0], string(filepath.Separator)+"go.work") {
		t.Errorf("go list invocations:\n%s\nwant one, over a temporary go.work", strings.Join(got, "\n"))
	}
	if len(res.Roots) != 6 || res.Analyzed != 3 || len(res.UnitProblems) != 0 || len(res.Problems) != 0 {
		t.Errorf("roots %d, analyzed %d, unit problems %+v, problems %+v", len(res.Roots), res.Analyzed, res.UnitProblems, res.Problems)
	}
	if len(res.Diagnostics) != 6 {
		t.Errorf("diagnostics %+v, want one per package", res.Diagnostics)
	}
}

// A member that the workspace gives another version of a dependency than its go.mod names
// is listed again alone, and so analyzed with its own: a's x.F returns an int, the
// workspace's (selected through b's dependency y) a string, and a type error would follow.
func TestBatchMemberListedAgainAlone(t *testing.T) {
	lists := goLog(t)
	root := t.TempDir()
	fixture.Write(t, root, map[string]string{
		"x1/go.mod": goMod("example.com/x", "1.22"),
		"x1/x.go":   "package x\n\nfunc F() int { return 1 }\n",
		"x2/go.mod": goMod("example.com/x", "1.22"),
		"x2/x.go":   "package x\n\nfunc F() string { return \"\" }\n",
		"y/go.mod":  goMod("example.com/y", "1.22", "require example.com/x v1.1.0"),
		"y/y.go":    "package y\n\nfunc G() {}\n",
		"a/go.mod":  goMod("example.com/a", "1.22", "require example.com/x v1.0.0", "replace example.com/x v1.0.0 => ../x1"),
		"a/main.go": "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/x\"\n)\n\nfunc main() {\n\tvar n int = x.F()\n\tfmt.Println(n)\n}\n",
		"b/go.mod":  goMod("example.com/b", "1.22", "require example.com/y v1.0.0", "replace example.com/y => ../y", "replace example.com/x v1.1.0 => ../x2"),
		"b/main.go": "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/y\"\n)\n\nfunc main() {\n\ty.G()\n\tfmt.Println()\n}\n",
	})
	units := []Unit{moduleUnit(filepath.Join(root, "a"), "."), moduleUnit(filepath.Join(root, "b"), ".")}
	if got := batchIndices(planBatches(Options{}, units)); len(got) != 1 {
		t.Fatalf("the go.mod files agree, but the plan is %v", got)
	}
	res, err := Run(context.Background(), Options{Units: units, Root: root, Analyzers: []*analysis.Analyzer{printlnReporter}, Env: []string{"GOPROXY=off"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 0 || len(res.UnitProblems) != 0 {
		t.Errorf("problems %+v, unit problems %+v", res.Problems, res.UnitProblems)
	}
	if len(res.Diagnostics) != 2 {
		t.Errorf("diagnostics %+v, want a's and b's", res.Diagnostics)
	}
	got := lists()
	var batched, alone []string
	for _, l := range got {
		if strings.HasPrefix(l, "off\t") {
			alone = append(alone, l)
		} else {
			batched = append(batched, l)
		}
	}
	if len(batched) != 1 || len(alone) != 1 {
		t.Errorf("go list invocations:\n%s\nwant one batched, then a's alone", strings.Join(got, "\n"))
	}
}
