package retry_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/retry"
)

// testdata is the GOPATH shared by the analyzers' tests: the stubs of the third-party
// packages, and each analyzer's test packages under its name.
func testdata() string {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}

func TestLoops(t *testing.T) {
	analysistest.Run(t, testdata(), retry.Analyzer, "retry/loops/...")
}

func TestConfig(t *testing.T) {
	analysistest.Run(t, testdata(), retry.Analyzer, "retry/retryconfig")
}
