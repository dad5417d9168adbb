package coldstart_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/coldstart"
)

func TestColdStart(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), coldstart.Analyzer,
		"coldapp/internal/...", "coldapp/cmd/...", "coldapp/gcf")
}
