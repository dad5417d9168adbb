package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/fixture"

	"github.com/slslint/slslint/internal/jsonschematest"
	"github.com/slslint/slslint/internal/report"
)

var updateDemo = flag.Bool("update-demo", false, "rewrite testdata/demo-golden")

// TestDemoGolden checks slslint's exact findings on the demo app in every format, and that
// the output is byte-identical with one and with eight threads.
func TestDemoGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo's dependencies")
	}
	dir := fixture.Copy(t, filepath.Join("..", "..", "testdata", "demo"))
	golden := filepath.Join("..", "..", "testdata", "demo-golden")
	// One run writes every format: text to stdout, the others to files.
	render := func(procs int) map[string][]byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		outDir := t.TempDir()
		args := []string{"-C", dir, "--fail-on", "none", "-q", "--format", "text"}
		for _, name := range report.FormatNames() {
			if name != "text" {
				args = append(args, "--format", name+"="+filepath.Join(outDir, name))
			}
		}
		var stdout, stderr bytes.Buffer
		if code := run(append(args, "./..."), strings.NewReader(""), &stdout, &stderr); code != exitClean {
			t.Fatalf("exit %d\n%s", code, stderr.String())
		}
		out := map[string][]byte{"text": stdout.Bytes()}
		for _, name := range report.FormatNames() {
			if name != "text" {
				b, err := os.ReadFile(filepath.Join(outDir, name))
				if err != nil {
					t.Fatal(err)
				}
				out[name] = b
			}
		}
		return out
	}
	one, eight := render(1), render(8)
	for name, got := range one {
		if !bytes.Equal(got, eight[name]) {
			t.Errorf("--format %s differs between GOMAXPROCS=1 and 8", name)
		}
		path := filepath.Join(golden, "demo."+name)
		if *updateDemo {
			if err := os.MkdirAll(golden, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/slslint -run TestDemoGolden -update-demo)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("--format %s on the demo differs from %s; got:\n%s", name, path, got)
		}
	}
	jsonschematest.Validate(t, jsonschematest.SARIF, one["sarif"])
	jsonschematest.Validate(t, jsonschematest.JSONOutput, one["json"])

	// The README's excerpt of the demo's output is what slslint prints, line for line.
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, excerpt, ok := strings.Cut(string(readme), "$ slslint -C testdata/demo ./...\n")
	excerpt, _, _ = strings.Cut(excerpt, "```")
	if !ok || excerpt == "" {
		t.Fatal("the README has no excerpt of the demo's output")
	}
	output := "\n" + string(one["text"])
	for _, line := range strings.Split(strings.TrimSpace(excerpt), "\n") {
		if line == "..." || strings.Contains(line, " findings (") {
			continue // the elision, and the summary line (stderr)
		}
		if !strings.Contains(output, "\n"+line+"\n") {
			t.Errorf("the README's demo excerpt has a line slslint does not print:\n%s", line)
		}
	}
}
