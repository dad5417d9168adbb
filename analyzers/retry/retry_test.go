package retry_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/retry"
)

func TestLoops(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), retry.Analyzer, "loops/...")
}

func TestConfig(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), retry.Analyzer, "retryconfig")
}
