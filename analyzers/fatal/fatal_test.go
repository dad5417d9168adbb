package fatal_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/fatal"
)

func testdata() string {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}

func TestFatal(t *testing.T) {
	analysistest.Run(t, testdata(), fatal.Analyzer,
		"fatal/direct", "fatal/handler", "fatal/cmd", "fatal/generic", "fatal/routes", "fatal/web", "fatal/mocked", "fatal/gcf")
}

// With -panics=false only exits are reported.
func TestNoPanics(t *testing.T) {
	a := fatal.New()
	if err := a.Flags.Set("panics", "false"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata(), a, "fatal/nopanics")
}

// TestRealLibraries runs on a module that uses the real aws-lambda-go and aws-sdk-go-v2
// (testdata/handlermod, with its go.mod and go.sum).
func TestRealLibraries(t *testing.T) {
	dir := realModule(t)
	analysistest.Run(t, dir, fatal.Analyzer, "example.com/handlermod/cmd/orders", "example.com/handlermod/cmd/api")
}

// realModule makes sure the test module's dependencies are in the module cache
// (analysistest loads modules with GOPROXY=off) and returns its directory.
func realModule(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(testdata(), "handlermod")
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("the real libraries cannot be downloaded here: %v\n%s", err, out)
	}
	return dir
}
