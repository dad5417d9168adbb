package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestVetTool builds slslint and runs it as go vet's tool on the fixture module: the Go
// analyzers run through the unitchecker protocol, report with their rule IDs, and honour
// //slslint:ignore comments.
func TestVetTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := basicFixture(t)
	vet := exec.Command("go", "vet", "-vettool="+bin, "./...")
	vet.Dir = dir
	vet.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := vet.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet found nothing:\n%s", out)
	}
	got := string(out)
	for _, want := range []string{
		`main.go:6:2: SLS603: import of "github.com/aws/aws-sdk-go/aws/session"`,
		`legacy/noreason.go:4:8: SLS603:`, // an invalid suppression suppresses nothing
	} {
		if !strings.Contains(got, want) {
			t.Errorf("go vet output lacks %q:\n%s", want, got)
		}
	}
	for _, absent := range []string{"suppressed.go", "generated.go"} {
		if strings.Contains(got, absent) {
			t.Errorf("go vet reported %s:\n%s", absent, got)
		}
	}
	// Analyzer flags are passed through go vet as -ANALYZER.FLAG.
	vet = exec.Command("go", "vet", "-vettool="+bin, "-portability.directives=false", "./legacy")
	vet.Dir = dir
	vet.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, _ = vet.CombinedOutput()
	if !strings.Contains(string(out), "suppressed.go:4:8: SLS603") {
		t.Errorf("-portability.directives=false did not reach the analyzer:\n%s", out)
	}
}
