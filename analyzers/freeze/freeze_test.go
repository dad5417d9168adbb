package freeze_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/freeze"
)

func testdata() string {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}

func TestGoroutines(t *testing.T) {
	analysistest.Run(t, testdata(), freeze.Analyzer, "freeze/goroutines")
}

func TestGrowth(t *testing.T) {
	analysistest.Run(t, testdata(), freeze.Analyzer, "freeze/growth")
}

// TestRealLibraries runs on a module that uses the real aws-lambda-go, aws-sdk-go-v2 and
// golang.org/x/sync (testdata/execmod, with its go.mod and go.sum).
func TestRealLibraries(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real AWS SDK")
	}
	dir := filepath.Join(testdata(), "execmod")
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod download in %s: %v\n%s", dir, err, out)
	}
	analysistest.Run(t, dir, freeze.New(), "example.com/execmod/cmd/worker")
}
