package golangci

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

func build(t *testing.T, settings map[string]any) *Plugin {
	t.Helper()
	p, err := New(settings)
	if err != nil {
		t.Fatal(err)
	}
	return p.(*Plugin)
}

// The plugin reports as golangci-lint keeps issues: the findings on one line as one issue
// naming each rule, related locations in the message, nothing in excluded paths.
func TestPluginAnalyzer(t *testing.T) {
	p := build(t, map[string]any{"exclude": []any{"**/excluded/**"}})
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0].Name != "slslint" || p.GetLoadMode() != "typesinfo" {
		t.Fatalf("analyzers %v, load mode %q", as, p.GetLoadMode())
	}
	analysistest.Run(t, analysistest.TestData(), as[0], "plugintest/...")

	// rules: off, as in .slslint.yml; golangci-lint's settings come with lower-case keys.
	off := build(t, map[string]any{"rules": map[string]any{"sls111": "off"}})
	as, err = off.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), as[0], "offtest")
}

// The settings are .slslint.yml's, with its errors: the user's key, the nearest valid one.
func TestPluginSettings(t *testing.T) {
	for _, ok := range []map[string]any{
		nil, {}, {"version": 1},
		{"rules": map[string]any{"SLS110": "error", "fatal-in-handler": "off"}, "architecture": map[string]any{"domain": []any{"**/biz/**"}}},
		{"suppressions": map[string]any{"nolint-without-reason": "allow"}, "cost": map[string]any{"max-hourly-usd": 5}},
	} {
		if _, err := New(ok); err != nil {
			t.Errorf("New(%v): %v", ok, err)
		}
	}
	for _, tt := range []struct {
		settings map[string]any
		want     string
	}{
		{map[string]any{"rulez": map[string]any{}}, `linters.settings.custom.slslint.settings: unknown key "rulez"; did you mean "rules"?`},
		{map[string]any{"architecture": map[string]any{"domian": []any{"x"}}}, `architecture: unknown key "domian"; did you mean "domain"?`},
		{map[string]any{"rules": map[string]any{"SLS999": "off"}}, `unknown rule "SLS999"`},
		{map[string]any{"retries": map[string]any{"max-attempts": 1}}, "retries.max-attempts: want at least 2, got 1"},
	} {
		_, err := New(tt.settings)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%v) = %v, want an error containing %q", tt.settings, err, tt.want)
		}
	}
}

// TestCustomBinary runs a golangci-lint binary built with this plugin
// (scripts/build-custom-gcl.sh) on testdata/module, with golangci-lint's defaults
// (uniq-by-line among them). .ci/run builds the binary and sets SLSLINT_CUSTOM_GCL;
// building it takes minutes, so plain `go test ./...` skips this test.
func TestCustomBinary(t *testing.T) {
	bin := os.Getenv("SLSLINT_CUSTOM_GCL")
	if bin == "" {
		t.Skip("SLSLINT_CUSTOM_GCL is not set: build the binary with scripts/build-custom-gcl.sh")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "module"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("golangci-lint run: %v (want exit 1 for findings)\n%s", err, out)
	}
	got := string(out)
	for _, want := range []string{
		// The rule ID is visible in golangci-lint's output.
		`main.go:7:2: SLS203: the function's binary imports github.com/aws/aws-sdk-go/aws/session, whose initialization runs on every cold start; SLS603: import of "github.com/aws/aws-sdk-go/aws/session", the AWS SDK for Go v1 (slslint)`,
		// Both findings of one line survive uniq-by-line, as one issue.
		`loops.go:10:2: SLS110: loop retries call until it succeeds`,
		`; SLS111: loop retries call without waiting between attempts (slslint)`,
		// Related locations are in the message, not issues of their own.
		`handler.go:21:3: SLS105: log.Fatal, reachable from handler handle, exits the Lambda runtime process [handler.go:`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "related information") {
		t.Errorf("related information became issues of its own:\n%s", got)
	}
	// //slslint:ignore works inside golangci-lint, exclusions match the rule ID, and
	// rules: off in the settings turns a rule off.
	for _, absent := range []string{"suppressed.go", "excluded.go", "SLS202", "offrule.go"} {
		if strings.Contains(got, absent) {
			t.Errorf("%s was reported:\n%s", absent, got)
		}
	}
	if !strings.Contains(got, "3 issues") {
		t.Errorf("want exactly three issues:\n%s", got)
	}
}
