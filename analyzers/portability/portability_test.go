package portability_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/portability"
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

func TestDeprecatedSDK(t *testing.T) {
	analysistest.Run(t, testdata(), portability.Analyzer, "portability/legacy", "portability/modern", "portability/suppressed")
}

// With directives off (as the slslint command runs it), a suppressed import is reported:
// the command applies suppressions itself so that it can show them and find unused ones.
func TestDirectivesOff(t *testing.T) {
	a := portability.New()
	if err := a.Flags.Set("directives", "false"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata(), a, "portability/directivesoff")
}

func TestProviderLockIn(t *testing.T) {
	analysistest.Run(t, testdata(), portability.Analyzer, "portability/portapp/...")
}

// -domain replaces the default globs; -providers adds prefixes.
func TestLockInFlags(t *testing.T) {
	a := portability.New()
	for name, value := range map[string]string{"domain": "flagapp/internal/biz/**", "providers": "github.com/acme/cloud"} {
		if err := a.Flags.Set(name, value); err != nil {
			t.Fatal(err)
		}
	}
	analysistest.Run(t, testdata(), a, "portability/flagapp/...")
	if err := a.Flags.Set("domain", "internal/[biz"); err == nil {
		t.Error("a bad glob was accepted")
	}
	if err := a.Flags.Set("providers", "github.com/acme/*"); err == nil {
		t.Error("a bad prefix was accepted")
	}
}
