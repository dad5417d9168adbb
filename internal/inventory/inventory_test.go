package inventory_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/fixture"

	"github.com/slslint/slslint/internal/engine"
	"github.com/slslint/slslint/internal/inventory"
	"github.com/slslint/slslint/internal/jsonschematest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestDemoGolden renders the demo app's inventory in every format and compares it with
// the golden files; the JSON form must validate against its schema.
func TestDemoGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real aws-lambda-go and aws-sdk-go-v2")
	}
	dir := fixture.Copy(t, filepath.Join("..", "..", "testdata", "demo"))
	res, err := engine.Run(context.Background(), engine.Options{WorkDir: dir, Link: true})
	if err != nil {
		t.Fatal(err)
	}
	inv := inventory.Build(res.Model, res.Links, res.Report.Findings, res.Config.IaC)
	for format, ext := range map[string]string{"text": "txt", "markdown": "md", "mermaid": "mmd", "json": "json"} {
		var b bytes.Buffer
		if err := inventory.Formats[format](&b, inv, "test"); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "demo."+ext)
		if *update {
			if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s differs from %s (run with -update to accept):\n%s", format, golden, b.String())
		}
		if format == "json" {
			jsonschematest.Validate(t, jsonschematest.Inventory, b.Bytes())
		}
	}
	if p := inventory.Picture(inv); !strings.HasPrefix(p, "flowchart LR\n") || !strings.Contains(p, ":::error") {
		t.Errorf("the picture is not a flowchart marking the functions with errors:\n%s", p)
	}
	// The README shows the demo's picture: it must be the current one.
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```mermaid\n"+inventory.Picture(inv)+"```\n") {
		t.Error("README.md does not show the demo's current inventory picture (testdata/demo.mmd)")
	}
}
