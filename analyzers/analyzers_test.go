package analyzers_test

import (
	"flag"
	"strings"
	"testing"

	"github.com/slslint/slslint/analyzers"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/rules"
)

// Every analyzer must be usable as is by nogo and go vet: a name, a doc whose first line
// summarizes it, a URL, and settings only as flags (nogo passes nothing else). Every Go rule
// in the catalog is reported by exactly one analyzer.
func TestAnalyzers(t *testing.T) {
	owner := map[string]string{}
	names := map[string]bool{}
	for _, e := range analyzers.All() {
		a := e.Analyzer
		if a.Name == "" || names[a.Name] {
			t.Errorf("analyzer %q: missing or duplicate name", a.Name)
		}
		names[a.Name] = true
		if a.Doc == "" || strings.HasSuffix(a.Doc, ": undocumented") || !strings.HasPrefix(a.Doc, a.Name+": ") {
			t.Errorf("%s: Doc must start with %q and come from doc.go, got %q", a.Name, a.Name+": ", a.Doc)
		}
		if !strings.HasPrefix(a.URL, rules.RepositoryURL) {
			t.Errorf("%s: URL %q", a.Name, a.URL)
		}
		if a.Flags.Lookup(diagnostic.DirectivesFlag) == nil {
			t.Errorf("%s: no -%s flag", a.Name, diagnostic.DirectivesFlag)
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			if f.Usage == "" {
				t.Errorf("%s: flag -%s has no usage text", a.Name, f.Name)
			}
		})
		if len(e.Rules) == 0 {
			t.Errorf("%s: reports no rules", a.Name)
		}
		for _, r := range e.Rules {
			if r.Layer != rules.LayerGo {
				t.Errorf("%s: rule %s is not a Go rule", a.Name, r.ID)
			}
			if prev, dup := owner[r.ID]; dup {
				t.Errorf("%s reported by both %s and %s", r.ID, prev, a.Name)
			}
			owner[r.ID] = a.Name
		}
	}
	for _, r := range rules.All() {
		if r.Layer == rules.LayerGo && owner[r.ID] == "" {
			t.Errorf("Go rule %s is reported by no analyzer", r.ID)
		}
	}
}
