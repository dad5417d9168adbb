package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/fixture"
	"github.com/slslint/slslint/internal/jsonschematest"
)

func basicFixture(t *testing.T) string {
	t.Helper()
	return fixture.Copy(t, filepath.Join("..", "..", "internal", "engine", "testdata", "basic"))
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	dir := basicFixture(t)
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"-C", dir}, exitFindings},
		{[]string{"-C", dir, "--fail-on", "warning"}, exitFindings},
		{[]string{"-C", dir, "--fail-on", "error"}, exitClean},
		{[]string{"-C", dir, "--fail-on", "note"}, exitFindings},
		{[]string{"-C", dir, "--fail-on", "none"}, exitClean},
		{[]string{"-C", dir, "--disable", "SLS603,SLS001,SLS002"}, exitClean},
		{[]string{"-C", dir, "--fail-on", "loud"}, exitError},
		{[]string{"-C", dir, "--no-such-flag"}, exitError},
		{[]string{"-C", dir, "--format", "xml"}, exitError},
		{[]string{"-C", dir, "--format", "json", "--format", "sarif"}, exitError}, // both to stdout
		{[]string{"-C", dir, "./does-not-exist/..."}, exitError},
		{[]string{"-C", filepath.Join(dir, "nope")}, exitError},
		{[]string{"-C", dir, "--enable", "SLS999"}, exitError},
		{[]string{"-C", dir, "--config", "missing.yml"}, exitError},
		{[]string{"rules"}, exitClean},
		{[]string{"explain", "SLS603"}, exitClean},
		{[]string{"explain", "deprecated-aws-sdk"}, exitClean},
		{[]string{"explain", "SLS999"}, exitError},
		{[]string{"explain"}, exitClean},
		{[]string{"explain", "SLS101", "SLS102"}, exitError},
		{[]string{"version"}, exitClean},
		{[]string{"--version"}, exitClean},
		{[]string{"-C", dir, "explian"}, exitError},
		{[]string{"-C", dir, "versoin"}, exitError}, //nolint:misspell // the typo under test
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != tt.code {
			t.Errorf("slslint %s: exit %d, want %d; stderr:\n%s", strings.Join(tt.args, " "), code, tt.code, stderr)
		}
	}
}

func TestTextOutputAndSummary(t *testing.T) {
	dir := basicFixture(t)
	code, stdout, stderr := runCLI(t, "-C", dir)
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stdout, "main.go:6:2: warning SLS603 import of \"github.com/aws/aws-sdk-go/aws/session\"") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if strings.Contains(stdout, "\x1b[") {
		t.Error("colour written to a non-terminal")
	}
	if !strings.Contains(stderr, "4 findings (3 warnings, 1 note) in 1 module, 2 packages and 1 template, 1 suppressed") {
		t.Errorf("stderr:\n%s", stderr)
	}
	_, _, stderr = runCLI(t, "-C", dir, "-q")
	if stderr != "" {
		t.Errorf("-q still prints: %q", stderr)
	}
}

func TestSeveralFormats(t *testing.T) {
	dir := basicFixture(t)
	out := t.TempDir()
	sarifPath := filepath.Join(out, "r.sarif")
	jsonPath := filepath.Join(out, "r.json")
	// A stale, longer file must be truncated, not overwritten in place.
	if err := os.WriteFile(sarifPath, bytes.Repeat([]byte("x"), 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runCLI(t, "-C", dir, "--format", "text", "--format", "sarif="+sarifPath, "--format", "json="+jsonPath)
	if code != exitFindings || !strings.Contains(stdout, "SLS603") {
		t.Fatalf("exit %d, stdout:\n%s", code, stdout)
	}
	sarif, err := os.ReadFile(sarifPath)
	if err != nil {
		t.Fatal(err)
	}
	jsonschematest.Validate(t, jsonschematest.SARIF, sarif)
	js, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	jsonschematest.Validate(t, jsonschematest.JSONOutput, js)

	// --output applies to a single format.
	single := filepath.Join(out, "single.json")
	if code, stdout, _ := runCLI(t, "-C", dir, "--format", "json", "-o", single); code != exitFindings || stdout != "" {
		t.Errorf("-o: exit %d stdout %q", code, stdout)
	}
	if _, err := os.Stat(single); err != nil {
		t.Error(err)
	}
}

func TestBaselineWorkflow(t *testing.T) {
	dir := basicFixture(t)
	base := filepath.Join(t.TempDir(), "baseline.json")
	if code, _, stderr := runCLI(t, "-C", dir, "--write-baseline", base); code != exitClean {
		t.Fatalf("--write-baseline: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "-C", dir, "--baseline", base)
	if code != exitClean || stdout != "" {
		t.Errorf("--baseline: exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	// A new finding is still reported.
	if err := os.WriteFile(filepath.Join(dir, "new.go"), []byte("package main\n\nimport _ \"github.com/aws/aws-sdk-go/aws/session\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runCLI(t, "-C", dir, "--baseline", base)
	if code != exitFindings || !strings.Contains(stdout, "new.go:3:8: warning SLS603") {
		t.Errorf("new finding: exit %d stdout:\n%s", code, stdout)
	}
}

func TestRulesAndExplain(t *testing.T) {
	_, stdout, _ := runCLI(t, "rules")
	if !strings.HasPrefix(stdout, "ID ") || !strings.Contains(stdout, "SLS603  deprecated-aws-sdk") {
		t.Errorf("rules:\n%s", stdout)
	}
	_, stdout, _ = runCLI(t, "rules", "--format", "json")
	if !strings.Contains(stdout, `"id": "SLS603"`) {
		t.Errorf("rules --format json:\n%s", stdout)
	}
	_, stdout, _ = runCLI(t, "explain", "sls603")
	for _, want := range []string{"SLS603 deprecated-aws-sdk", "## Why it matters", "## Suppressing", "docs/rules/SLS603.md"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("explain lacks %q:\n%s", want, stdout)
		}
	}
}

// A bare word that is neither a path nor a package pattern is a mistyped command: exit 2
// with cobra's suggestion, not an analysis of nothing.
func TestUnknownCommand(t *testing.T) {
	dir := basicFixture(t)
	//nolint:misspell // the typos under test
	for typo, want := range map[string]string{"explian": "explain", "versoin": "version", "invnetory": "inventory"} {
		code, stdout, stderr := runCLI(t, "-C", dir, typo)
		if code != exitError || stdout != "" {
			t.Errorf("slslint %s: exit %d, stdout %q", typo, code, stdout)
		}
		if !strings.Contains(stderr, `unknown command "`+typo+`" for "slslint"`) || !strings.Contains(stderr, "Did you mean this?\n\t"+want+"\n") {
			t.Errorf("slslint %s: stderr:\n%s", typo, stderr)
		}
	}
	// A directory of that name is a path, as the go command reads it.
	if err := os.Mkdir(filepath.Join(dir, "infra2"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "infra2", "t.yaml"), []byte("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "-C", dir, "infra2"); code != exitClean {
		t.Errorf("slslint infra2 (a directory): exit %d\n%s", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runCLI(t, "version")
	if code != exitClean {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"slslint ", "\nmodule    github.com/slslint/slslint ", "\nrevision  ", "\ngo        go1."} {
		if !strings.Contains(stdout, want) {
			t.Errorf("version lacks %q:\n%s", want, stdout)
		}
	}
	_, viaFlag, _ := runCLI(t, "--version")
	if viaFlag != stdout {
		t.Errorf("--version prints\n%s\nslslint version prints\n%s", viaFlag, stdout)
	}
	// --fail-on names its values plainly.
	_, _, stderr := runCLI(t, "--fail-on", "critical")
	if !strings.Contains(stderr, "--fail-on critical: not a level; use error, warning, note or none") {
		t.Errorf("--fail-on critical: %s", stderr)
	}
	_, stdout, _ = runCLI(t, "explain")
	if !strings.Contains(stdout, "SLS101  nondeterministic-write-key") || !strings.Contains(stdout, "slslint explain RULE") {
		t.Errorf("explain without a rule:\n%s", stdout)
	}
}

func TestVetToolDetection(t *testing.T) {
	for args, want := range map[string]bool{
		"-V=full":                  true,
		"-flags":                   true,
		"-portability.x=1 vet.cfg": true,
		"./...":                    false,
		"":                         false,
		"rules":                    false,
	} {
		if got := isVetTool(strings.Fields(args)); got != want {
			t.Errorf("isVetTool(%q) = %v, want %v", args, got, want)
		}
	}
}
