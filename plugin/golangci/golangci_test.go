package golangci

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/slslint/slslint/analyzers"
)

func TestPlugin(t *testing.T) {
	p, err := New(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != len(analyzers.All()) {
		t.Errorf("%d analyzers, want %d", len(as), len(analyzers.All()))
	}
	if p.GetLoadMode() != "typesinfo" {
		t.Errorf("load mode %q", p.GetLoadMode())
	}
	if _, err := New(map[string]any{"no-such-setting": true}); err == nil {
		t.Error("an unknown setting was accepted")
	}
	if _, err := New(map[string]any{"retries": map[string]any{"max-attempts": 1}}); err == nil {
		t.Error("a bad setting value was accepted")
	}
	// Settings reach the analyzers' flags; unset ones keep their defaults.
	p, err = New(map[string]any{"architecture": map[string]any{"providers": []string{"github.com/acme/cloud"}}})
	if err != nil {
		t.Fatal(err)
	}
	as, err = p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Name != "portability" {
			continue
		}
		if got := a.Flags.Lookup("providers").Value.String(); !strings.Contains(got, "github.com/acme/cloud") {
			t.Errorf("-providers = %q", got)
		}
		if got := a.Flags.Lookup("domain").Value.String(); !strings.Contains(got, "**/domain/**") {
			t.Errorf("-domain lost its default: %q", got)
		}
	}
}

// TestCustomBinary runs a golangci-lint binary built with this plugin
// (scripts/build-custom-gcl.sh) on testdata/module. .ci/run builds the binary and sets
// SLSLINT_CUSTOM_GCL; building it takes minutes, so plain `go test ./...` skips this test.
func TestCustomBinary(t *testing.T) {
	bin := os.Getenv("SLSLINT_CUSTOM_GCL")
	if bin == "" {
		t.Skip("SLSLINT_CUSTOM_GCL is not set: build the binary with scripts/build-custom-gcl.sh")
	}
	cmd := exec.Command(bin, "run", "./...")
	cmd.Dir = "testdata/module"
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("golangci-lint run: %v (want exit 1 for findings)\n%s", err, out)
	}
	got := string(out)
	// The rule ID is visible in golangci-lint's output.
	if !strings.Contains(got, `main.go:6:2: portability: SLS603: import of "github.com/aws/aws-sdk-go/aws/session"`) ||
		!strings.Contains(got, "(slslint)") {
		t.Errorf("the SLS603 finding is missing:\n%s", got)
	}
	// //slslint:ignore works inside golangci-lint, and exclusions can match the rule ID.
	if strings.Contains(got, "suppressed.go") || strings.Contains(got, "excluded.go") {
		t.Errorf("a suppressed or excluded finding was reported:\n%s", got)
	}
	if !strings.Contains(got, "1 issues") {
		t.Errorf("want exactly one issue:\n%s", got)
	}
}
