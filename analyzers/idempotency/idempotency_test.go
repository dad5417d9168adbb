package idempotency_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/idempotency"
)

func testdata() string {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}

func TestWriteKeys(t *testing.T) {
	analysistest.Run(t, testdata(), idempotency.Analyzer, "idempotency/direct")
}

func TestUpdates(t *testing.T) {
	analysistest.Run(t, testdata(), idempotency.Analyzer, "idempotency/updates")
}

func TestSideEffects(t *testing.T) {
	analysistest.Run(t, testdata(), idempotency.Analyzer, "idempotency/sideeffects")
}

// TestCrossPackage has the handler, the write and the key in different packages.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, testdata(), idempotency.Analyzer, "idempotency/ids", "idempotency/store", "idempotency/handler", "idempotency/cmd")
}
