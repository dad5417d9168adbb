package invocation_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/invocation"
)

func testdata() string {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}

func TestSetup(t *testing.T) {
	analysistest.Run(t, testdata(), invocation.Analyzer, "invocation/setup", "invocation/factory", "invocation/crosspkg", "invocation/eventsetup")
}

func TestHTTPTimeouts(t *testing.T) {
	analysistest.Run(t, testdata(), invocation.Analyzer, "invocation/httpto")
}

func TestContexts(t *testing.T) {
	analysistest.Run(t, testdata(), invocation.Analyzer, "invocation/ctxprop", "invocation/routes", "invocation/ctxserve")
}

// TestRealLibraries runs on a module that uses the real aws-lambda-go, aws-sdk-go-v2 and
// golang.org/x/sync (testdata/execmod, with its go.mod and go.sum): the stubs must agree
// with the libraries they stand for.
func TestRealLibraries(t *testing.T) {
	analysistest.Run(t, realModule(t), invocation.New(), "example.com/execmod/cmd/api")
}

// realModule makes sure the test module's dependencies are in the module cache
// (analysistest loads modules with GOPROXY=off) and returns its directory.
func realModule(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("loads the real AWS SDK")
	}
	dir := filepath.Join(testdata(), "execmod")
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod download in %s: %v\n%s", dir, err, out)
	}
	return dir
}
