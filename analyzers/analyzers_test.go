package analyzers_test

import (
	"flag"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

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

// The architecture and retries sections of .slslint.yml reach the analyzers' flags.
func TestSettings(t *testing.T) {
	var s analyzers.Settings
	s.SetDefaults()
	if errs := s.Validate(); len(errs) != 0 {
		t.Fatalf("defaults do not validate: %v", errs)
	}
	src := `
architecture:
  domain: ["internal/biz/**"]
  providers: [github.com/acme/cloud]
  heavy-dependencies: [github.com/acme/big]
retries:
  max-attempts: 50
`
	dec := yaml.NewDecoder(strings.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		t.Fatal(err)
	}
	if errs := s.Validate(); len(errs) != 0 {
		t.Fatalf("Validate: %v", errs)
	}
	entries, err := s.Instances(analyzers.Options{Details: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"portability": {"domain": "internal/biz/**", "providers": "github.com/acme/cloud"},
		"coldstart":   {"heavy": "github.com/acme/big"},
		"retry":       {"max-attempts": "50"},
	}
	exported := analyzers.All()
	for i, e := range entries {
		for name, value := range want[e.Analyzer.Name] {
			if got := e.Analyzer.Flags.Lookup(name).Value.String(); got != value {
				t.Errorf("%s -%s = %q, want %q", e.Analyzer.Name, name, got, value)
			}
			// The exported instance keeps its defaults: the settings went to a fresh one.
			if got := exported[i].Analyzer.Flags.Lookup(name).Value.String(); got == value {
				t.Errorf("exported %s -%s was set to %q", e.Analyzer.Name, name, got)
			}
		}
		if e.Analyzer == exported[i].Analyzer {
			t.Errorf("%s: Instances returned the exported analyzer", e.Analyzer.Name)
		}
		if got := e.Analyzer.Flags.Lookup("details").Value.String(); got != "true" {
			t.Errorf("%s -details = %s", e.Analyzer.Name, got)
		}
	}

	bad := analyzers.Settings{
		Architecture: analyzers.ArchitectureSettings{Domain: []string{"internal/[x"}, Providers: []string{"github.com/*"}, HeavyDependencies: []string{"a b"}},
		Retries:      analyzers.RetrySettings{MaxAttempts: 1},
	}
	fields := map[string]bool{}
	for _, e := range bad.Validate() {
		fields[e.Field] = true
	}
	for _, f := range []string{"architecture.domain", "architecture.providers", "architecture.heavy-dependencies", "retries.max-attempts"} {
		if !fields[f] {
			t.Errorf("Validate did not report %s", f)
		}
	}
}
