package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/fixture"
)

// A directory named to inject a GitHub Actions workflow command into the log does not, in
// the text output (what CI logs show), the github format or the error messages.
func TestNoInjectionThroughPaths(t *testing.T) {
	dir := basicFixture(t)
	hostile := "x\n::warning file=README.md,line=1::INJECTED"
	sub := filepath.Join(dir, hostile)
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Skipf("this filesystem refuses the name: %v", err)
	}
	tmpl := "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: false\n"
	if err := os.WriteFile(filepath.Join(sub, "template.yaml"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-C", dir, "--fail-on", "none", "-v"},
		{"-C", dir, "--fail-on", "none", "--format", "github"},
		{"-C", dir, "./" + hostile + "/nothing-here"},
	} {
		_, stdout, stderr := runCLI(t, args...)
		if !strings.Contains(stdout+stderr, `x\n`) {
			t.Errorf("%q: the hostile path is not in the output, escaped:\n%s\n%s", args, stdout, stderr)
		}
		for _, line := range strings.Split(stdout+"\n"+stderr, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "::warning file=README.md") {
				t.Errorf("%q: injected workflow command: %q", args, line)
			}
		}
	}
}

// The README's example: a suppression at the line that builds the key, in the callee (a
// related location of the SLS101 finding reported at the handler's call), suppresses it.
func TestSuppressionAtKeyOrigin(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo's dependencies")
	}
	dir := fixture.Copy(t, filepath.Join("..", "..", "testdata", "demo"))
	store := filepath.Join(dir, "internal", "store", "store.go")
	src, err := os.ReadFile(store)
	if err != nil {
		t.Fatal(err)
	}
	const keyLine = "\to.ID = uuid.NewString()\n"
	if !strings.Contains(string(src), keyLine) {
		t.Fatalf("the demo's store no longer builds the key this way")
	}
	_, stdout, _ := runCLI(t, "-C", dir, "--only", "SLS101", "--fail-on", "none")
	if !strings.Contains(stdout, "cmd/worker/main.go:46:12: warning SLS101") || !strings.Contains(stdout, "internal/store/store.go:27:9: key built from uuid.NewString()") {
		t.Fatalf("the demo's SLS101 with its key origin is missing:\n%s", stdout)
	}
	fixed := strings.Replace(string(src), keyLine, "\t//slslint:ignore SLS101 the ID comes from the client, which retries with the same one\n"+keyLine, 1)
	if err := os.WriteFile(store, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "-C", dir, "--only", "SLS101")
	if code != exitClean || strings.Contains(stdout, "SLS101") || !strings.Contains(stderr, "1 suppressed") {
		t.Errorf("the suppression at the key origin: exit %d\n%s\n%s", code, stdout, stderr)
	}
}
