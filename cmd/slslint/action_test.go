package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/jsonschematest"
)

// TestGitHubActionScript runs the script the composite action (action.yml) runs, with the
// environment GitHub Actions gives it, on the fixture module.
func TestGitHubActionScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "slslint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	workspace := basicFixture(t)
	ghDir := t.TempDir()
	summary, outputs := filepath.Join(ghDir, "summary.md"), filepath.Join(ghDir, "output")
	script, _ := filepath.Abs(filepath.Join("..", "..", "scripts", "github-action-run.sh"))

	run := func(failOn string) (int, string) {
		cmd := exec.Command("bash", script)
		cmd.Dir = workspace
		cmd.Env = append(os.Environ(),
			"SLSLINT_BIN="+bin,
			"SLSLINT_ARGS=./...",
			"SLSLINT_FAIL_ON="+failOn,
			"SLSLINT_SARIF_FILE=out/slslint.sarif",
			"SLSLINT_CATEGORY=slslint",
			"SLSLINT_WORKING_DIRECTORY=.",
			"GITHUB_WORKSPACE="+workspace,
			"GITHUB_STEP_SUMMARY="+summary,
			"GITHUB_OUTPUT="+outputs,
			"GOFLAGS=-mod=mod", "GOPROXY=off",
		)
		if err := os.MkdirAll(filepath.Join(workspace, "out"), 0o755); err != nil {
			t.Fatal(err)
		}
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, string(out)
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
}
