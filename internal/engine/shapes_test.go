package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slslint/slslint/internal/baseline"
	"github.com/slslint/slslint/internal/discover"
	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/internal/fixture"
	"github.com/slslint/slslint/internal/gocheck"
	"github.com/slslint/slslint/rules"
)

// The shapes real repositories come in (testdata/shapes): each test copies one, runs slslint
// from its root as a new user would, and checks the findings inside it. The fixtures with
// real dependencies (aws-lambda-go, aws-sdk-go-v2) need them in the module cache or the
// module proxy, as the demo does; the others are hermetic.

// findingLines renders findings as "path:line RULE" lines.
func findingLines(fs []*finding.Finding, ids ...string) []string {
	var out []string
	for _, f := range fs {
		if f.Suppressed != nil || len(ids) > 0 && !slices.Contains(ids, f.Rule.ID) {
			continue
		}
		out = append(out, f.Location.Path+":"+strconv.Itoa(f.Location.Line)+" "+f.Rule.ID)
	}
	return out
}

func wantLines(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func findingOf(fs []*finding.Finding, id, path string) *finding.Finding {
	for _, f := range fs {
		if f.Rule.ID == id && f.Location.Path == path {
			return f
		}
	}
	return nil
}

// A monorepo with one go.mod per function and the template at the root, which has no
// go.mod: every module is analyzed from the root, and the template links into them.
func TestShapeMonorepo(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/monorepo")
	res := run(t, Options{WorkDir: dir})
	wantLines(t, "Go findings", findingLines(res.Report.Findings, "SLS101", "SLS004", "SLS000"),
		"functions/a/main.go:19 SLS101",
		"functions/b/main.go:19 SLS101")
	// The root template's function links into the nested module: the cross-layer rule sees
	// the handler's non-idempotent write.
	if f := findingOf(res.Report.Findings, "SLS126", "template.yaml"); f == nil || len(f.Related) == 0 || !strings.HasPrefix(f.Related[0].Path, "functions/a/") {
		t.Errorf("SLS126 across modules missing or wrong: %+v\n%s", f, summary(res.Report.Findings))
	}
	s := res.Report.Summary
	if s.Modules != 2 || s.Packages != 2 || s.Templates != 1 || s.NotAnalyzed != 0 {
		t.Errorf("summary = %+v", s)
	}
	if !strings.Contains(s.String(), "in 2 modules, 2 packages and 1 template") {
		t.Errorf("summary line = %q", s.String())
	}
	// A pattern inside one module loads only that module.
	res = run(t, Options{WorkDir: dir, Patterns: []string{"./functions/b/..."}})
	wantLines(t, "findings of ./functions/b/...", findingLines(res.Report.Findings, "SLS101"), "functions/b/main.go:19 SLS101")
	if res.Report.Summary.Modules != 1 {
		t.Errorf("modules = %d, want 1", res.Report.Summary.Modules)
	}
}

// A go.work at the root loads its members together; a module it does not list is loaded
// on its own.
func TestShapeWorkspace(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/workspace")
	res := run(t, Options{WorkDir: dir})
	wantLines(t, "Go findings", findingLines(res.Report.Findings, "SLS101", "SLS004", "SLS000"),
		"functions/a/main.go:19 SLS101",
		"functions/b/main.go:19 SLS101",
		"functions/c/main.go:19 SLS101")
	if s := res.Report.Summary; s.Modules != 3 || s.Packages != 3 {
		t.Errorf("summary = %+v", s)
	}
	workspaceUnits := 0
	for _, u := range unitsOf(t, dir) {
		if u.Workspace {
			workspaceUnits++
			if len(u.Patterns) != 2 {
				t.Errorf("workspace unit patterns = %v", u.Patterns)
			}
		}
	}
	if workspaceUnits != 1 {
		t.Errorf("%d workspace units, want 1", workspaceUnits)
	}
}

// A module replaced by a directory of the repository is the user's own code: the handler's
// write through it is seen.
func TestShapeLocalReplace(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/replace")
	res := run(t, Options{WorkDir: dir, Patterns: []string{"./functions/..."}})
	f := findingOf(res.Report.Findings, "SLS101", "functions/a/main.go")
	if f == nil {
		t.Fatalf("SLS101 through the shared module missing:\n%s", summary(res.Report.Findings))
	}
	if !slices.ContainsFunc(f.Related, func(r finding.Related) bool { return r.Path == "shared/store.go" }) {
		t.Errorf("the path does not go through shared/store.go: %+v", f.Related)
	}
}

// Go files outside any module: one SLS004 per folder, with the go command's reason, and
// the run exits with 2 (nothing Go could be analyzed).
func TestShapeNoModule(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/nomodule")
	res := run(t, Options{WorkDir: dir})
	wantLines(t, "findings", findingLines(res.Report.Findings), "fn/main.go:1 SLS004", "fn2/a.go:1 SLS004")
	for _, f := range res.Report.Findings {
		if !strings.Contains(f.Message, "go.mod") || f.Level != rules.Warning {
			t.Errorf("SLS004 without the go command's reason: %s %q", f.Level, f.Message)
		}
	}
	if !res.GoNotAnalyzed {
		t.Error("GoNotAnalyzed = false: the run would pass although no Go was analyzed")
	}
	if s := res.Report.Summary; s.Outside != 2 || !strings.Contains(s.String(), "2 Go folders outside any module") {
		t.Errorf("summary = %+v %q", s, s.String())
	}
}

// A type error costs its own file: the handler's finding in the other file is still
// reported, and each type error is one SLS000 whose continuation lines are related
// locations.
func TestShapeTypeError(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/typeerror")
	res := run(t, Options{WorkDir: dir})
	wantLines(t, "findings", findingLines(res.Report.Findings, "SLS000", "SLS101", "SLS003"),
		"broken.go:5 SLS000",
		"broken.go:9 SLS000",
		"broken.go:9 SLS000",
		"main.go:19 SLS101")
	var redeclared *finding.Finding
	for _, f := range res.Report.Findings {
		if f.Rule == rules.ParseError && strings.Contains(f.Message, "redeclared") {
			redeclared = f
		}
		if strings.HasPrefix(f.Message, "\t") || strings.Contains(f.Message, "other declaration") {
			t.Errorf("a continuation line is a finding of its own: %q", f.Message)
		}
	}
	if redeclared == nil || len(redeclared.Related) != 1 || redeclared.Related[0].Line != 7 ||
		redeclared.Related[0].Message != "other declaration of Handler" {
		t.Errorf("redeclaration finding = %+v", redeclared)
	}
}

// A folder of main files built one by one: each file is a program of its own, linked to
// the function its build line produces.
func TestShapeStandalonePrograms(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/standalone")
	res := run(t, Options{WorkDir: dir})
	wantLines(t, "Go findings", findingLines(res.Report.Findings, "SLS000", "SLS004", "SLS101"),
		"todos/create.go:19 SLS101")
	// create (SQS) and get (REST) link to their own files: create's handler is not
	// idempotent (SLS126); get's handler takes the REST event it gets (no SLS125).
	wantLines(t, "cross-layer findings", findingLines(res.Report.Findings, "SLS125", "SLS126"), "serverless.yml:11 SLS126")
	linked := map[string]string{}
	for _, l := range res.Links {
		linked[l.Function.ID] = l.Dir
	}
	if linked["create"] != "todos/create.go" || linked["get"] != "todos/get.go" {
		t.Errorf("links = %v", linked)
	}
	if s := res.Report.Summary; s.Packages != 2 {
		t.Errorf("packages = %d, want one per program", s.Packages)
	}
}

// A go.mod the go command wants changed is loaded through a temporary copy; the user's
// files stay byte for byte as they were.
func TestShapeUntidyModule(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/untidy")
	before, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOPROXY", "off")
	res := run(t, Options{WorkDir: dir, Offline: true})
	wantLines(t, "findings", findingLines(res.Report.Findings), "main.go:6 SLS603")
	after, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Errorf("go.mod changed:\n%s", after)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.sum")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("go.sum was written: %v", err)
	}
}

// A module without go.sum: the temporary copy gets the checksums (from the module cache or
// the proxy), the user's folder gets nothing.
func TestShapeModuleWithoutGoSum(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/nosum")
	res := run(t, Options{WorkDir: dir})
	wantLines(t, "findings", findingLines(res.Report.Findings, "SLS101", "SLS004", "SLS000"), "main.go:19 SLS101")
	if _, err := os.Stat(filepath.Join(dir, "go.sum")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("go.sum was written: %v", err)
	}
}

// A vendored module is loaded from vendor/, offline and with an empty module cache.
func TestShapeVendored(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/vendored")
	t.Setenv("GOMODCACHE", t.TempDir())
	res := run(t, Options{WorkDir: dir, Offline: true})
	wantLines(t, "findings", findingLines(res.Report.Findings), "main.go:6 SLS603")
}

// Dependencies that cannot be downloaded: one SLS004 per module with the go command's
// reason, no SLS000 per import, no baseline that hides it, and exit 2.
func TestShapeUnreachableDependencies(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/monorepo")
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
	res := run(t, Options{WorkDir: dir})
	wantLines(t, "Go findings", findingLines(res.Report.Findings, "SLS000", "SLS004", "SLS101"),
		"functions/a/go.mod:1 SLS004",
		"functions/b/go.mod:1 SLS004")
	for _, f := range res.Report.Findings {
		if f.Rule == rules.GoNotAnalyzed && !strings.Contains(f.Message, "GOPROXY=off") {
			t.Errorf("SLS004 lost the go command's reason: %q", f.Message)
		}
	}
	if !res.GoNotAnalyzed {
		t.Error("GoNotAnalyzed = false")
	}
	// A baseline written now does not record them, and an old one that did hides nothing.
	base := filepath.Join(t.TempDir(), "baseline.json")
	writeBaseline(t, base, res.Report.Findings)
	res = run(t, Options{WorkDir: dir, BaselinePath: base})
	if got := findingLines(res.Report.Findings, "SLS004"); len(got) != 2 {
		t.Errorf("after a baseline, SLS004 = %v", got)
	}
}

// Typos are errors naming what matched nothing.
func TestPatternsMatchingNothing(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/monorepo")
	if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for pattern, want := range map[string]string{
		"functons/":         "functons/: no such file or directory",
		"./functions/z/...": "./functions/z/...: no such file or directory",
		"functions/c":       "functions/c: no such file or directory",
		"docs/":             "docs/ matched no Go packages and no IaC files",
		"example.com/nope":  "example.com/nope matched no Go packages",
	} {
		_, err := Run(context.Background(), Options{WorkDir: dir, Patterns: []string{"./functions/a/...", pattern}})
		var ue *UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want a usage error containing %q", pattern, err, want)
		}
	}
}

// unitsOf plans the loading of dir's Go code as a run from dir would.
func unitsOf(t *testing.T, dir string) []gocheck.Unit {
	t.Helper()
	paths, _, err := resolvePatterns(dir, dir, []string{"./..."})
	if err != nil {
		t.Fatal(err)
	}
	found := discover.Walk(discover.Options{Root: dir}, targets(paths))
	return goPlan(dir, paths, found, os.Environ()).Units
}

func writeBaseline(t *testing.T, path string, fs []*finding.Finding) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if err := baseline.Write(f, fs); err != nil {
		t.Fatal(err)
	}
}

// Go files the go command must not read — a named pipe (it would block) and a link to a
// file outside the repository (its content would leak into the report) — are SLS000, their
// folders are left out, and everything else is analyzed.
func TestHostileGoFiles(t *testing.T) {
	dir := fixture.Copy(t, "testdata/basic")
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.go"), []byte("AKIASECRETTOKEN package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"piped", "linked"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, sub, "ok.go"), []byte("package "+sub+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscallMkfifo(filepath.Join(dir, "piped", "fifo.go")); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.go"), filepath.Join(dir, "linked", "leak.go")); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Run(ctx, Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, "findings", findingLines(res.Report.Findings, "SLS000", "SLS603"),
		"legacy/noreason.go:4 SLS603",
		"linked/leak.go:1 SLS000",
		"main.go:6 SLS603",
		"piped/fifo.go:1 SLS000")
	var out strings.Builder
	for _, f := range res.Report.Findings {
		out.WriteString(f.Message)
	}
	if strings.Contains(out.String(), "AKIASECRETTOKEN") {
		t.Error("the linked file's content is in the report")
	}
}

// Build tags and cgo: a package behind a build tag is loaded with the tags its build line
// sets, or with --tags, and is otherwise a note that says how to analyze it; a cgo file is
// a note, and the names it declares are not type errors in the rest of its package.
func TestShapeBuildTagsAndCgo(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shapes/tags")
	t.Setenv("GOPROXY", "off")
	t.Setenv("CGO_ENABLED", "") // restored after the test; unset now, as on most machines
	if err := os.Unsetenv("CGO_ENABLED"); err != nil {
		t.Fatal(err)
	}
	res := run(t, Options{WorkDir: dir})
	wantLines(t, "findings", findingLines(res.Report.Findings),
		"cg/c.go:1 SLS004",
		"cg/use.go:6 SLS603",
		"cmd/built/main.go:8 SLS603",
		"cmd/tagged/main.go:1 SLS004")
	for _, f := range res.Report.Findings {
		if f.Rule == rules.GoNotAnalyzed && f.Level != rules.Note {
			t.Errorf("%s: level %s, want note", f.Location.Path, f.Level)
		}
	}
	if f := findingOf(res.Report.Findings, "SLS004", "cmd/tagged/main.go"); f == nil || !strings.Contains(f.Message, "--tags lambda") {
		t.Errorf("the build-constraint note does not say which tags: %+v", f)
	}
	res = run(t, Options{WorkDir: dir, Tags: []string{"lambda"}})
	wantLines(t, "findings with --tags lambda", findingLines(res.Report.Findings, "SLS603", "SLS000"),
		"cg/use.go:6 SLS603",
		"cmd/built/main.go:8 SLS603",
		"cmd/tagged/main.go:8 SLS603")
}
