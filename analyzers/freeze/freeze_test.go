package freeze_test

import (
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
