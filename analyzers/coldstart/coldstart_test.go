package coldstart_test

import (
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/coldstart"
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

func TestColdStart(t *testing.T) {
	analysistest.Run(t, testdata(), coldstart.Analyzer,
		"coldstart/coldapp/internal/...", "coldstart/coldapp/cmd/...", "coldstart/coldapp/gcf")
}

// The call path of an interprocedural finding is attached, in order, as related locations:
// the start-up call, each call on the way, and the blocking call.
func TestRelatedPath(t *testing.T) {
	results := analysistest.Run(t, testdata(), coldstart.Analyzer, "coldstart/coldapp/cmd/orders")
	type loc struct {
		file string
		msg  string
	}
	var got []loc
	for _, r := range results {
		fset := r.Action.Package.Fset
		for _, d := range r.Action.Diagnostics {
			if !strings.Contains(d.Message, "initializer of var signingKey") {
				continue
			}
			for _, rel := range d.Related {
				got = append(got, loc{filepath.Base(position(fset, rel.Pos).Filename), rel.Message})
			}
		}
	}
	want := []loc{
		{"main.go", "initializer of var signingKey calls secrets.LoadRetrying"},
		{"secrets.go", "calls secrets.fetcher.fetch"},
		{"secrets.go", "secretsmanager.Client.GetSecretValue: a configuration or secret fetch in a loop"},
	}
	if len(got) != len(want) {
		t.Fatalf("related locations = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("related[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}

func position(fset *token.FileSet, p token.Pos) token.Position { return fset.Position(p) }

// -heavy adds prefixes to the built-in list.
func TestHeavyFlag(t *testing.T) {
	a := coldstart.New()
	if err := a.Flags.Set("heavy", "github.com/acme/bigsdk"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata(), a, "coldstart/heavyapp/...")
	if err := a.Flags.Set("heavy", "github.com/acme/*"); err == nil {
		t.Error("a bad prefix was accepted")
	}
}
