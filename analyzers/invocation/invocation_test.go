package invocation_test

import (
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
	analysistest.Run(t, testdata(), invocation.Analyzer, "invocation/setup", "invocation/factory", "invocation/crosspkg")
}

func TestHTTPTimeouts(t *testing.T) {
	analysistest.Run(t, testdata(), invocation.Analyzer, "invocation/httpto")
}

func TestContexts(t *testing.T) {
	analysistest.Run(t, testdata(), invocation.Analyzer, "invocation/ctxprop")
}
