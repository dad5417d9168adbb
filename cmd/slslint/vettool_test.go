package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/fixture"
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

// goVet runs go vet with the slslint binary as its tool in dir.
func goVet(t *testing.T, bin, dir string, args ...string) (string, bool) {
	t.Helper()
	vet := exec.Command("go", append([]string{"vet", "-vettool=" + bin}, args...)...)
	vet.Dir = dir
	vet.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := vet.CombinedOutput()
	return string(out), err == nil
}

// Under go vet, the .slslint.yml that applies to each package (found upward from it, as
// the command finds it) turns rules off and sets the rules' settings: the command and vet
// give one answer. Flags given to go vet win over it.
func TestVetToolHonoursConfiguration(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := fixture.Copy(t, filepath.Join("..", "..", "internal", "engine", "testdata", "reentrant"))
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil { // a repository root
		t.Fatal(err)
	}
	// Without a configuration: the panic is SLS105, and biz is not a domain package.
	out, _ := goVet(t, bin, dir, "./...")
	if !strings.Contains(out, "main.go:14:3: SLS105:") || strings.Contains(out, "SLS601") {
		t.Fatalf("defaults:\n%s", out)
	}
	// The configuration at the root applies to every package below: settings
	// (architecture.domain, fatal.panics) and rules turned off.
	cfg, err := os.ReadFile(filepath.Join(dir, "domain-biz.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".slslint.yml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ = goVet(t, bin, dir, "./...")
	if !strings.Contains(out, "internal/biz/biz.go:4:8: SLS601:") || strings.Contains(out, "SLS105") {
		t.Errorf("with .slslint.yml (domain internal/biz/**, fatal.panics false):\n%s", out)
	}
	// The same answer as the slslint command.
	if code, stdout, _ := runCLI(t, "-C", dir, "-q"); code != exitFindings || !strings.Contains(stdout, "internal/biz/biz.go:4:8: warning SLS601") || strings.Contains(stdout, "SLS105") {
		t.Errorf("the command disagrees: exit %d\n%s", code, stdout)
	}
	// A go vet flag overrides the configuration.
	out, _ = goVet(t, bin, dir, "-fatal.panics=true", "./...")
	if !strings.Contains(out, "SLS105") {
		t.Errorf("-fatal.panics=true did not override the configuration:\n%s", out)
	}
	// rules: off, in a configuration nearer to the package.
	if err := os.WriteFile(filepath.Join(dir, "internal", "biz", ".slslint.yml"), []byte("version: 1\narchitecture:\n  domain: [\"internal/biz/**\"]\nrules:\n  SLS601: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, ok := goVet(t, bin, dir, "./internal/biz"); !ok || strings.Contains(out, "SLS601") {
		t.Errorf("SLS601: off in internal/biz/.slslint.yml:\n%s", out)
	}
	// A bad configuration is an error that names it, not a silent default.
	if err := os.WriteFile(filepath.Join(dir, ".slslint.yml"), []byte("version: 1\nrulez: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, ok := goVet(t, bin, dir, "."); ok || !strings.Contains(out, `.slslint.yml:2: unknown key "rulez"; did you mean "rules"?`) {
		t.Errorf("a bad configuration:\n%s", out)
	}
}

// go vet's -fix and -diff are not advertised (no slslint rule suggests fixes), and given
// anyway they do not hide the findings.
func TestVetToolNoFixFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	flags, err := exec.Command(bin, "-flags").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(flags), `"Name": "fix"`) || strings.Contains(string(flags), `"Name": "diff"`) || !strings.Contains(string(flags), `"Name": "fatal.panics"`) {
		t.Errorf("-flags:\n%s", flags)
	}
	dir := basicFixture(t)
	if out, ok := goVet(t, bin, dir, "-fix", "-diff", "."); ok || !strings.Contains(out, "main.go:6:2: SLS603:") {
		t.Errorf("go vet -fix -diff hid the findings:\n%s", out)
	}
}
