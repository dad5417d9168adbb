package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/slslint/slslint/internal/jsonschematest"
)

// buildBinary builds slslint once for the tests that run it as a program (the action's
// scripts, go vet -vettool); TestMain removes it.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

var (
	binaryDir string
	binary    = sync.OnceValues(func() (string, error) {
		dir, err := os.MkdirTemp("", "slslint-test-bin")
		if err != nil {
			return "", err
		}
		binaryDir = dir
		bin := filepath.Join(dir, "slslint")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			return "", fmt.Errorf("go build: %v\n%s", err, out)
		}
		return bin, nil
	})
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binaryDir != "" {
		_ = os.RemoveAll(binaryDir)
	}
	os.Exit(code)
}

func scriptPath(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "scripts", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// runScript runs a script of the action with the environment GitHub Actions gives it.
func runScript(t *testing.T, script, dir string, env ...string) (int, string) {
	t.Helper()
	cmd := exec.Command("bash", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "-c", "protocol.file.allow=always"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestGitHubActionScript runs the script the composite action (action.yml) runs, with the
// environment GitHub Actions gives it, on the fixture module.
func TestGitHubActionScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	workspace := basicFixture(t)
	ghDir := t.TempDir()
	summary, outputs := filepath.Join(ghDir, "summary.md"), filepath.Join(ghDir, "output")
	if err := os.MkdirAll(filepath.Join(workspace, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	run := func(failOn string, extra ...string) (int, string) {
		_ = os.Remove(outputs)
		env := append([]string{
			"SLSLINT_BIN=" + bin,
			"SLSLINT_ARGS=./...",
			"SLSLINT_FAIL_ON=" + failOn,
			"SLSLINT_SARIF_FILE=out/slslint.sarif",
			"SLSLINT_CATEGORY=slslint",
			"SLSLINT_WORKING_DIRECTORY=.",
			"GITHUB_WORKSPACE=" + workspace,
			"GITHUB_STEP_SUMMARY=" + summary,
			"GITHUB_OUTPUT=" + outputs,
			"GOFLAGS=-mod=mod", "GOPROXY=off",
		}, extra...)
		return runScript(t, scriptPath(t, "github-action-run.sh"), workspace, env...)
	}

	code, out := run("warning")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (findings at warning):\n%s", code, out)
	}
	if !strings.Contains(out, "::warning file=main.go,line=6,col=2,") || !strings.Contains(out, "title=SLS603 deprecated-aws-sdk::") {
		t.Errorf("no annotation:\n%s", out)
	}
	sarif, err := os.ReadFile(filepath.Join(workspace, "out", "slslint.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	jsonschematest.Validate(t, jsonschematest.SARIF, sarif)
	if !strings.Contains(string(sarif), `"id": "slslint/"`) {
		t.Error("the category did not reach the SARIF log")
	}
	sum, _ := os.ReadFile(summary)
	if !strings.Contains(string(sum), "| warning | [SLS603]") {
		t.Errorf("job summary:\n%s", sum)
	}
	outs, _ := os.ReadFile(outputs)
	if !strings.Contains(string(outs), "sarif-file=out/slslint.sarif") {
		t.Errorf("step outputs: %q", outs)
	}
	if code, out := run("error"); code != 0 {
		t.Errorf("--fail-on error: exit %d\n%s", code, out)
	}

	// A run that writes no log (bad arguments) sets no sarif-file output, and a log an
	// earlier step left is not passed off as this run's.
	code, out = run("warning", "SLSLINT_ARGS=--no-such-flag")
	if code != 2 {
		t.Errorf("bad args: exit %d\n%s", code, out)
	}
	if outs, _ := os.ReadFile(outputs); strings.Contains(string(outs), "sarif-file=") {
		t.Errorf("sarif-file output set though no log was written: %q\n%s", outs, out)
	}
	if _, err := os.Stat(filepath.Join(workspace, "out", "slslint.sarif")); err == nil {
		t.Error("the earlier run's log is still there")
	}
}

// only-new-issues on a pull request reports only what the pull request changes, in a
// shallow clone as actions/checkout makes, after fetching the base branch's history.
func TestGitHubActionOnlyNewIssues(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	bin := buildBinary(t)
	// The "remote": the fixture on main, and a pull request branch that adds a finding.
	origin := basicFixture(t)
	git(t, origin, "init", "-q", "-b", "main")
	git(t, origin, "add", "-A")
	git(t, origin, "commit", "-q", "-m", "base")
	git(t, origin, "checkout", "-q", "-b", "feature")
	if err := os.WriteFile(filepath.Join(origin, "new.go"), []byte("package main\n\nimport _ \"github.com/aws/aws-sdk-go/aws/session\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, origin, "add", "new.go")
	git(t, origin, "commit", "-q", "-m", "feature")
	// main moves on after the branch was made: its changes are not the pull request's.
	git(t, origin, "checkout", "-q", "main")
	if err := os.WriteFile(filepath.Join(origin, "later.go"), []byte("package main\n\nimport _ \"github.com/aws/aws-sdk-go/aws/session\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, origin, "add", "later.go")
	git(t, origin, "commit", "-q", "-m", "main later")

	// The runner's checkout: one commit of the pull request branch.
	workspace := filepath.Join(t.TempDir(), "ws")
	git(t, filepath.Dir(workspace), "clone", "-q", "--depth", "1", "--branch", "feature", "file://"+origin, workspace)
	outputs := filepath.Join(t.TempDir(), "output")
	env := []string{
		"SLSLINT_BIN=" + bin, "SLSLINT_ARGS=./...", "SLSLINT_FAIL_ON=warning", "SLSLINT_SARIF_FILE=slslint.sarif",
		"SLSLINT_ONLY_NEW_ISSUES=true", "GITHUB_EVENT_NAME=pull_request", "GITHUB_BASE_REF=main",
		"GITHUB_WORKSPACE=" + workspace, "GITHUB_OUTPUT=" + outputs, "GOFLAGS=-mod=mod", "GOPROXY=off",
		"GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=protocol.file.allow", "GIT_CONFIG_VALUE_0=always",
	}
	code, out := runScript(t, scriptPath(t, "github-action-run.sh"), workspace, env...)
	if code != 1 || !strings.Contains(out, "::warning file=new.go,line=3,col=8,") {
		t.Fatalf("exit %d, want the pull request's finding:\n%s", code, out)
	}
	if strings.Contains(out, "file=main.go,") || strings.Contains(out, "later.go") {
		t.Errorf("findings the pull request did not change:\n%s", out)
	}
	if !strings.Contains(out, "on unchanged lines not shown") {
		t.Errorf("the summary does not say what it left out:\n%s", out)
	}
	// Without the input every finding is reported.
	code, out = runScript(t, scriptPath(t, "github-action-run.sh"), workspace, append(env, "SLSLINT_ONLY_NEW_ISSUES=false")...)
	if code != 1 || !strings.Contains(out, "file=main.go,line=6") {
		t.Errorf("without only-new-issues: exit %d\n%s", code, out)
	}
}

// The install script builds the action's own download and stamps the ref the workflow
// named as its version; with the version input it runs go install at that version.
func TestGitHubActionInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	gh := t.TempDir()
	outputs, paths := filepath.Join(gh, "output"), filepath.Join(gh, "path")
	code, out := runScript(t, scriptPath(t, "github-action-install.sh"), t.TempDir(),
		"SLSLINT_ACTION_PATH="+repo, "SLSLINT_ACTION_REF=v0.9.1", "RUNNER_TEMP="+gh,
		"GITHUB_OUTPUT="+outputs, "GITHUB_PATH="+paths, "GOFLAGS=-mod=mod", "GOPROXY=off")
	if code != 0 {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	bin := filepath.Join(gh, "slslint-bin", "slslint")
	if !strings.Contains(out, "slslint v0.9.1\n") {
		t.Errorf("the build does not carry the action's ref as its version:\n%s", out)
	}
	if o, _ := os.ReadFile(outputs); string(o) != "bin="+bin+"\n" {
		t.Errorf("outputs %q", o)
	}
	if p, _ := os.ReadFile(paths); string(p) != filepath.Dir(bin)+"\n" {
		t.Errorf("GITHUB_PATH %q", p)
	}

	// The version input: go install at that version (a stand-in go records the call).
	fakeBin := t.TempDir()
	record := filepath.Join(fakeBin, "calls")
	fakeGo := "#!/usr/bin/env bash\necho \"GOBIN=$GOBIN $*\" >> " + record + "\n" +
		"printf '#!/usr/bin/env bash\\necho slslint v0.2.0\\n' > \"$GOBIN/slslint\"; chmod +x \"$GOBIN/slslint\"\n"
	if err := os.WriteFile(filepath.Join(fakeBin, "go"), []byte(fakeGo), 0o755); err != nil {
		t.Fatal(err)
	}
	gh2 := t.TempDir()
	code, out = runScript(t, scriptPath(t, "github-action-install.sh"), t.TempDir(),
		"PATH="+fakeBin+string(os.PathListSeparator)+os.Getenv("PATH"), "SLSLINT_VERSION=v0.2.0",
		"SLSLINT_ACTION_PATH="+repo, "RUNNER_TEMP="+gh2, "GITHUB_OUTPUT="+filepath.Join(gh2, "o"))
	calls, _ := os.ReadFile(record)
	if code != 0 || string(calls) != "GOBIN="+filepath.Join(gh2, "slslint-bin")+" install github.com/slslint/slslint/cmd/slslint@v0.2.0\n" {
		t.Errorf("version input: exit %d, go called as %q\n%s", code, calls, out)
	}
}
