package recursion_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/recursion"
)

func testdata() string {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}

func TestRecursion(t *testing.T) {
	analysistest.Run(t, testdata(), recursion.Analyzer, "recursion/direct", "recursion/worker", "recursion/cmd", "recursion/cmdother")
}

// TestRealLibraries runs on a module that uses the real aws-lambda-go and aws-sdk-go-v2
// (testdata/handlermod, with its go.mod and go.sum).
func TestRealLibraries(t *testing.T) {
	dir := filepath.Join(testdata(), "handlermod")
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("the real libraries cannot be downloaded here: %v\n%s", err, out)
	}
	analysistest.Run(t, dir, recursion.Analyzer, "example.com/handlermod/cmd/chunker")
}
