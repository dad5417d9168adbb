package analyzers_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/coldstart"
	"github.com/slslint/slslint/analyzers/portability"
	"github.com/slslint/slslint/analyzers/retry"
)

// TestRealLibraries runs the analyzers against the real aws-lambda-go, aws-sdk-go-v2, aws-sdk-go,
// avast/retry-go and cenkalti/backoff, in a module under testdata: the stubs of the analyzer
// tests must agree with the libraries they stand for.
func TestRealLibraries(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real AWS SDKs")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "realmod"))
	if err != nil {
		t.Fatal(err)
	}
	// analysistest loads modules with GOPROXY=off: fetch them into the module cache first.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "mod", "download")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod download in %s: %v\n%s", dir, err, out)
	}
	for _, tc := range []struct {
		a       *analysis.Analyzer
		pattern string
	}{
		{retry.New(), "example.com/realmod/internal/retrying"},
		{coldstart.New(), "example.com/realmod/cmd/orders"},
		{portability.New(), "example.com/realmod/internal/domain/order"},
	} {
		t.Run(tc.a.Name, func(t *testing.T) {
			analysistest.Run(t, dir, tc.a, tc.pattern)
		})
	}
}
