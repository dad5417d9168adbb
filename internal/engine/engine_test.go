package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/fixture"

	"github.com/slslint/slslint/internal/baseline"
	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/internal/gocheck"
	"github.com/slslint/slslint/internal/report"
	"github.com/slslint/slslint/rules"
)

// summary renders findings as "path:line RULE [suppressed]" lines for comparison.
func summary(fs []*finding.Finding) string {
	var lines []string
	for _, f := range fs {
		s := fmt.Sprintf("%s:%d %s %s", f.Location.Path, f.Location.Line, f.Rule.ID, f.Level)
		if f.Suppressed != nil {
			s += " suppressed(" + f.Suppressed.Kind + ")"
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n")
}

func run(t *testing.T, opts Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestBasic(t *testing.T) {
	dir := fixture.Copy(t, "testdata/basic")
	res := run(t, Options{WorkDir: dir})
	want := strings.Join([]string{
		"legacy/noreason.go:3 SLS002 warning",
		"legacy/noreason.go:4 SLS603 warning",
		"legacy/stale.go:3 SLS001 note",
		"legacy/suppressed.go:4 SLS603 warning suppressed(inSource)",
		"main.go:6 SLS603 warning",
	}, "\n")
	if got := summary(res.Report.Findings); got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	s := res.Report.Summary
	if s.Packages != 2 || s.Templates != 1 || s.Suppressed != 1 || s.Findings != 4 || s.Warnings != 3 || s.Notes != 1 {
		t.Errorf("summary = %+v", s)
	}
	for _, f := range res.Report.Findings {
		if f.Fingerprint == "" || f.LineHash == "" || f.Location.EndLine == 0 {
			t.Errorf("%s: incomplete finding %+v", f.Rule.ID, f)
		}
	}
}

func TestRuleSelection(t *testing.T) {
	dir := fixture.Copy(t, "testdata/basic")
	// With SLS603 off, its suppressions cannot be judged unused; the invalid one still is.
	res := run(t, Options{WorkDir: dir, Disable: []string{"deprecated-aws-sdk"}})
	if got, want := summary(res.Report.Findings), "legacy/noreason.go:3 SLS002 warning"; got != want {
		t.Errorf("--disable: got\n%s\nwant\n%s", got, want)
	}
	// With no Go rule on, the Go packages are not even loaded.
	res = run(t, Options{WorkDir: dir, Only: []string{"SLS401"}})
	if got := summary(res.Report.Findings); got != "" || res.Go != nil || res.Report.Summary.Packages != 0 {
		t.Errorf("--only SLS401: got findings\n%s\nand go=%v", got, res.Go != nil)
	}
	res = run(t, Options{WorkDir: dir, Only: []string{"SLS001"}})
	if got, want := summary(res.Report.Findings), ""; got != want {
		t.Errorf("--only SLS001 (SLS603 off, so nothing can be judged unused): got\n%s", got)
	}
	res = run(t, Options{WorkDir: dir, Only: []string{"SLS603"}, Enable: []string{"SLS001"}})
	if got, want := summary(res.Report.Findings), strings.Join([]string{
		"legacy/noreason.go:4 SLS603 warning",
		"legacy/stale.go:3 SLS001 note",
		"legacy/suppressed.go:4 SLS603 warning suppressed(inSource)",
		"main.go:6 SLS603 warning",
	}, "\n"); got != want {
		t.Errorf("--only SLS603 --enable SLS001: got\n%s\nwant\n%s", got, want)
	}
	if _, err := Run(context.Background(), Options{WorkDir: dir, Enable: []string{"SLS999"}}); !isUsage(err) {
		t.Errorf("unknown rule: err = %v, want a usage error", err)
	}
}

func TestConfigLevelsAndExcludes(t *testing.T) {
	dir := fixture.Copy(t, "testdata/basic")
	cfg := "version: 1\nrules:\n  SLS603: error\n  SLS002: off\nexclude:\n  - legacy/stale.go\n"
	if err := os.WriteFile(filepath.Join(dir, ".slslint.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	res := run(t, Options{WorkDir: dir})
	want := strings.Join([]string{
		"legacy/noreason.go:4 SLS603 error",
		"legacy/suppressed.go:4 SLS603 error suppressed(inSource)",
		"main.go:6 SLS603 error",
	}, "\n")
	if got := summary(res.Report.Findings); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if res.Report.Levels["SLS603"] != rules.Error {
		t.Error("the effective level is not passed to reporters")
	}
	if err := os.WriteFile(filepath.Join(dir, ".slslint.yml"), []byte("version: 1\nbogus: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Options{WorkDir: dir}); !isUsage(err) || !strings.Contains(err.Error(), ".slslint.yml:2") {
		t.Errorf("bad config: err = %v, want a usage error naming .slslint.yml:2", err)
	}
}

func TestBaseline(t *testing.T) {
	dir := fixture.Copy(t, "testdata/basic")
	first := run(t, Options{WorkDir: dir})
	path := filepath.Join(t.TempDir(), "baseline.json")
	var b bytes.Buffer
	if err := baseline.Write(&b, first.Report.Findings); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// Shift every line of main.go: the baseline still matches.
	main := filepath.Join(dir, "main.go")
	src, _ := os.ReadFile(main)
	if err := os.WriteFile(main, append([]byte("// Added later.\n\n"), src...), 0o644); err != nil {
		t.Fatal(err)
	}
	second := run(t, Options{WorkDir: dir, BaselinePath: path})
	if second.Report.Summary.Findings != 0 {
		t.Errorf("findings after baseline:\n%s", summary(second.Report.Findings))
	}
	for _, f := range second.Report.Findings {
		if f.Suppressed == nil {
			t.Errorf("not suppressed: %s", summary([]*finding.Finding{f}))
		}
	}
}

func TestPatterns(t *testing.T) {
	dir := fixture.Copy(t, "testdata/basic")
	// A path with only templates needs no Go at all.
	res := run(t, Options{WorkDir: dir, Patterns: []string{"./infra/..."}})
	if res.Go != nil || res.Report.Summary.Templates != 1 || res.Report.Summary.Packages != 0 {
		t.Errorf("IaC-only pattern: go=%v summary=%+v", res.Go != nil, res.Report.Summary)
	}
	res = run(t, Options{WorkDir: dir, Patterns: []string{"."}})
	if got := summary(res.Report.Findings); got != "main.go:6 SLS603 warning" {
		t.Errorf("pattern '.': %s", got)
	}
	// -C into a subdirectory: paths stay relative to the repository root.
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	res = run(t, Options{WorkDir: filepath.Join(dir, "legacy"), Patterns: []string{"."}})
	if res.Report.WorkDir != "legacy" || !strings.Contains(summary(res.Report.Findings), "legacy/noreason.go:4 SLS603") {
		t.Errorf("-C legacy: workdir %q findings\n%s", res.Report.WorkDir, summary(res.Report.Findings))
	}
	for _, bad := range [][]string{{"./nope/..."}, {"../../outside"}} {
		if _, err := Run(context.Background(), Options{WorkDir: dir, Patterns: bad}); !isUsage(err) {
			t.Errorf("pattern %v: err = %v, want a usage error", bad, err)
		}
	}
	empty := t.TempDir()
	if _, err := Run(context.Background(), Options{WorkDir: empty}); !isUsage(err) || !strings.Contains(err.Error(), "matched no Go packages and no IaC files") {
		t.Errorf("empty directory: err = %v", err)
	}
}

func TestDeterministic(t *testing.T) {
	dir := fixture.Copy(t, "testdata/basic")
	var outs []string
	for range 2 {
		res := run(t, Options{WorkDir: dir})
		res.Report.Tool = report.Tool{Name: "slslint", Version: "test"}
		var all bytes.Buffer
		names := report.FormatNames()
		sort.Strings(names)
		for _, name := range names {
			if err := report.Formats[name](&all, res.Report); err != nil {
				t.Fatal(err)
			}
		}
		outs = append(outs, all.String())
	}
	if outs[0] != outs[1] {
		t.Error("two runs gave different output")
	}
}

func isUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}

// Bad input is a finding at its position, and everything else is still analyzed: a Go
// package with syntax and type errors, a template that does not parse.
func TestBrokenInputIsReported(t *testing.T) {
	dir := fixture.Copy(t, "testdata/broken")
	res := run(t, Options{WorkDir: dir})
	got := summary(res.Report.Findings)
	for _, want := range []string{
		"bad/bad.go:5 SLS000 error",    // undefined: undefinedName
		"bad/syntax.go:3 SLS000 error", // the first syntax error only
		"good/good.go:4 SLS603 warning",
		"template.yaml:5 SLS000 error",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("findings lack %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "SLS000"); n != 3 {
		t.Errorf("%d parse errors, want one per problem:\n%s", n, got)
	}
	for _, f := range res.Report.Findings {
		if f.Rule == rules.ParseError && (f.Location.Line < 1 || f.Location.Column < 1 || strings.Contains(f.Message, "\n")) {
			t.Errorf("parse error without a position or on several lines: %+v %q", f.Location, f.Message)
		}
	}
}

func TestGoEnv(t *testing.T) {
	t.Setenv("GOFLAGS", "-tags=lambda")
	env := strings.Join(goEnv(true), " ")
	if !strings.Contains(env, "GOPROXY=off") {
		t.Errorf("offline environment %q lacks GOPROXY=off", env)
	}
	// Offline, a missing module is an error and go.mod is never edited; the user's flags
	// stay. A vendored module keeps the go command's own choice (it reads vendor/).
	plain := gocheck.Unit{ModFile: filepath.Join(t.TempDir(), "go.mod")}
	if got := strings.Join(unitEnv(plain, true), " "); got != "GOFLAGS=-tags=lambda -mod=readonly" {
		t.Errorf("offline unit environment = %q", got)
	}
	if got := unitEnv(plain, false); got != nil {
		t.Errorf("online unit environment = %q, want the user's", got)
	}
	vendored := t.TempDir()
	if err := os.MkdirAll(filepath.Join(vendored, "vendor"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(vendored, "vendor", "modules.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := unitEnv(gocheck.Unit{ModFile: filepath.Join(vendored, "go.mod")}, true); got != nil {
		t.Errorf("offline vendored unit environment = %q, want the user's", got)
	}
	// -mod=mod would let the go command edit the user's go.mod and go.sum.
	t.Setenv("GOFLAGS", "-mod=mod -tags=lambda")
	if got := strings.Join(unitEnv(plain, false), " "); got != "GOFLAGS=-tags=lambda -mod=readonly" {
		t.Errorf("unit environment with -mod=mod = %q", got)
	}
	t.Setenv("GOFLAGS", "-tags=lambda")
	if os.Getenv("CGO_ENABLED") == "" && !strings.Contains(env, "CGO_ENABLED=0") {
		t.Errorf("cgo is not disabled: %q", env)
	}
	t.Setenv("CGO_ENABLED", "1")
	if env := strings.Join(goEnv(false), " "); strings.Contains(env, "CGO_ENABLED") || strings.Contains(env, "GOPROXY") {
		t.Errorf("an explicit CGO_ENABLED was overridden, or online runs were restricted: %q", env)
	}
	// The fixture's dependencies are local: an offline run works.
	dir := fixture.Copy(t, "testdata/basic")
	if res := run(t, Options{WorkDir: dir, Offline: true}); res.Report.Summary.Packages != 2 {
		t.Errorf("offline run: %+v", res.Report.Summary)
	}
}

// Dependencies come from export data, but import chains through them are complete: the
// chain to the heavy package runs through an indirect dependency that is never read.
func TestImportChainThroughDependencies(t *testing.T) {
	dir := fixture.Copy(t, "testdata/heavy")
	res := run(t, Options{WorkDir: dir, Only: []string{"SLS203"}})
	if len(res.Report.Findings) != 1 {
		t.Fatalf("findings:\n%s", summary(res.Report.Findings))
	}
	want := "example.com/heavy → example.com/wrapper/w → example.com/wrapper/inner → github.com/aws/aws-sdk-go/aws/session"
	if msg := res.Report.Findings[0].FullMessage(); !strings.Contains(msg, want) {
		t.Errorf("message %q lacks the chain %q", msg, want)
	}
}
