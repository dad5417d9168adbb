package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// -C resolves every relative path flag from its directory, as go -C does.
func TestDirResolvesPathFlags(t *testing.T) {
	dir := basicFixture(t)
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("cfg.yml", "version: 1\nrules:\n  SLS001: off\n")
	write("infra/tf/main.tf", "variable \"t\" {\n  default = 3\n}\n")
	write("vars.tfvars", "t = 5\n")
	if err := os.Mkdir(filepath.Join(dir, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	// The test runs in cmd/slslint: none of these relative paths exist there.
	code, stdout, stderr := runCLI(t, "-C", dir, "--config", "cfg.yml", "--var-file", "vars.tfvars",
		"--format", "text", "--format", "sarif=out/r.sarif", "--write-baseline", "base.json")
	if code != exitClean {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if strings.Contains(stdout, "SLS001") {
		t.Errorf("--config cfg.yml was not read from -C (SLS001 is off there):\n%s", stdout)
	}
	if strings.Contains(stdout, "outside the repository") {
		t.Errorf("--var-file vars.tfvars was not read from -C:\n%s", stdout)
	}
	for _, f := range []string{"out/r.sarif", "base.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s was not written in the -C directory: %v", f, err)
		}
	}
	code, stdout, stderr = runCLI(t, "-C", dir, "--config", "cfg.yml", "--baseline", "base.json", "--format", "json", "-o", "r.json")
	if code != exitClean || stdout != "" {
		t.Errorf("--baseline base.json from -C: exit %d, stdout %q\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.json")); err != nil {
		t.Errorf("-o r.json was not written in the -C directory: %v", err)
	}
	// An absolute path stays as it is.
	abs := filepath.Join(t.TempDir(), "abs.sarif")
	if code, _, stderr := runCLI(t, "-C", dir, "--format", "sarif="+abs, "--fail-on", "none"); code != exitClean {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(abs); err != nil {
		t.Error(err)
	}
}

// --new-from-rev and --new-from-merge-base report only the findings on changed lines.
func TestNewFromRev(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := basicFixture(t)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	git("checkout", "-q", "-b", "feature")
	if err := os.WriteFile(filepath.Join(dir, "new.go"), []byte("package main\n\nimport _ \"github.com/aws/aws-sdk-go/aws/session\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--new-from-rev", "HEAD"}, {"--new-from-merge-base", "main"}} {
		code, stdout, stderr := runCLI(t, append([]string{"-C", dir}, args...)...)
		if code != exitFindings || !strings.Contains(stdout, "new.go:3:8: warning SLS603") || strings.Contains(stdout, "main.go:6:2") {
			t.Errorf("%v: exit %d, stdout:\n%s", args, code, stdout)
		}
		if !strings.Contains(stderr, "on unchanged lines not shown") {
			t.Errorf("%v: the summary does not count what it left out:\n%s", args, stderr)
		}
	}
	git("add", "new.go")
	git("commit", "-q", "-m", "new")
	if code, stdout, _ := runCLI(t, "-C", dir, "--new-from-rev", "HEAD"); code != exitClean || stdout != "" {
		t.Errorf("nothing changed since HEAD: exit %d, stdout:\n%s", code, stdout)
	}
	code, _, stderr := runCLI(t, "-C", dir, "--new-from-rev", "no-such-rev")
	if code != exitError || !strings.Contains(stderr, "--new-from-rev no-such-rev: no-such-rev is not a commit") {
		t.Errorf("a bad revision: exit %d\n%s", code, stderr)
	}
}
