package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slslint/slslint/internal/jsonschematest"
)

// samApp copies the cross-layer SAM test app, which has functions and Go code.
func samApp(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "crosslayer", "testdata", "apps", "sam")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestInventoryCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real aws-lambda-go and aws-sdk-go-v2")
	}
	dir := samApp(t)
	code, out, stderr := runCLI(t, "inventory", "-C", dir, "--format", "json")
	if code != exitClean {
		t.Fatalf("inventory --format json: exit %d\n%s", code, stderr)
	}
	jsonschematest.Validate(t, jsonschematest.Inventory, []byte(out))
	if !strings.Contains(out, `"inferred": true`) || !strings.Contains(out, `"SLS124": 1`) {
		t.Errorf("the JSON inventory lacks the inferred link or the findings:\n%s", out)
	}
	for format, want := range map[string]string{
		"text":     "\nOrdersBad\n  triggers  sqs InQueue",
		"markdown": "```mermaid\nflowchart LR\n",
		"mermaid":  "p1_r_InQueue -->|sqs| p1_f_OrdersBad\n",
	} {
		code, out, stderr := runCLI(t, "inventory", "-C", dir, "--format", format)
		if code != exitClean || !strings.Contains(out, want) {
			t.Errorf("inventory --format %s: exit %d, output lacks %q:\n%s\n%s", format, code, want, out, stderr)
		}
	}
	// The text format fits 120 columns; --wide has every column in one table.
	_, out, _ = runCLI(t, "inventory", "-C", dir)
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 120 {
			t.Errorf("a %d-column line in the text inventory: %q", n, line)
		}
	}
	code, out, _ = runCLI(t, "inventory", "-C", dir, "--wide")
	if code != exitClean || !strings.Contains(out, "FUNCTION") || !strings.Contains(out, "RETRIES AND FAILURES") || !strings.Contains(out, "Code links:\n  OrdersBad: directory cmd/orders\n") {
		t.Errorf("inventory --wide: exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "inventory", "-C", dir, "--wide", "--format", "json"); code != exitError {
		t.Errorf("inventory --wide --format json: exit %d, want %d", code, exitError)
	}
	file := filepath.Join(t.TempDir(), "inventory.md")
	if code, _, stderr := runCLI(t, "inventory", "-C", dir, "--format", "markdown", "-o", file); code != exitClean {
		t.Errorf("inventory -o: exit %d\n%s", code, stderr)
	} else if b, err := os.ReadFile(file); err != nil || !strings.HasPrefix(string(b), "## Serverless inventory") {
		t.Errorf("inventory -o wrote %q (%v)", b, err)
	}
	if code, _, _ := runCLI(t, "inventory", "-C", dir, "--format", "xml"); code != exitError {
		t.Errorf("inventory --format xml: exit %d, want %d", code, exitError)
	}
	if code, _, _ := runCLI(t, "inventory", "-C", filepath.Join(dir, "nope")); code != exitError {
		t.Errorf("inventory -C nope: exit %d, want %d", code, exitError)
	}

	// The github format's job summary shows the picture.
	summary := filepath.Join(t.TempDir(), "summary.md")
	t.Setenv("GITHUB_STEP_SUMMARY", summary)
	if code, _, stderr := runCLI(t, "-C", dir, "--format", "github"); code != exitFindings {
		t.Fatalf("--format github: exit %d\n%s", code, stderr)
	}
	b, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "### Functions\n\n```mermaid\nflowchart LR\n") {
		t.Errorf("the step summary has no picture:\n%s", b)
	}
}
