package effects_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/effects"
)

// TestIdempotencyFacts checks what the idempotency rules read: key origins, guards and
// the ValueFlow facts of functions whose results carry IDs or parameters.
func TestIdempotencyFacts(t *testing.T) {
	analysistest.Run(t, testdata(), effects.Analyzer, "effects/idemids", "effects/idemstore")
}
