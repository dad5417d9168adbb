package effects_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/effects"
)

// testdata is the GOPATH shared by the analyzers' tests: the stubs of the
// SDKs and frameworks under src/github.com/... are used by all of them.
func testdata() string {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}

func TestSummaries(t *testing.T) {
	analysistest.Run(t, testdata(), effects.Analyzer, "effects/basic", "effects/store", "effects/app", "effects/dyn")
}
