package portability_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/portability"
)

func TestDeprecatedSDK(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), portability.Analyzer, "legacy", "modern", "suppressed")
}

// With directives off (as the slslint command runs it), a suppressed import is reported:
// the command applies suppressions itself so that it can show them and find unused ones.
func TestDirectivesOff(t *testing.T) {
	a := portability.New()
	if err := a.Flags.Set("directives", "false"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "directivesoff")
}
