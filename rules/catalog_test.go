package rules

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	idPattern   = regexp.MustCompile(`^SLS\d{3}$`)
	namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

func TestCatalog(t *testing.T) {
	validTags := map[Tag]bool{}
	for _, tag := range AllTags {
		validTags[tag] = true
	}
	ids, names := map[string]bool{}, map[string]bool{}
	for _, r := range All() {
		if !idPattern.MatchString(r.ID) {
			t.Errorf("%s: ID does not match %s", r.ID, idPattern)
		}
		if !namePattern.MatchString(r.Name) {
			t.Errorf("%s: name %q is not kebab-case", r.ID, r.Name)
		}
		if ids[r.ID] || names[r.Name] {
			t.Errorf("%s: duplicate ID or name %q", r.ID, r.Name)
		}
		ids[r.ID], names[r.Name] = true, true
		if r.Title == "" || strings.HasSuffix(r.Title, ".") || strings.Contains(r.Title, "\n") {
			t.Errorf("%s: title must be one line without a final period: %q", r.ID, r.Title)
		}
		if r.Level.Rank() == 0 {
			t.Errorf("%s: bad level %q", r.ID, r.Level)
		}
		switch r.Layer {
		case LayerGo, LayerIaC, LayerCross, LayerCore:
		default:
			t.Errorf("%s: bad layer %q", r.ID, r.Layer)
		}
		switch r.Precision {
		case VeryHigh, High, Medium, Low:
		default:
			t.Errorf("%s: bad precision %q", r.ID, r.Precision)
		}
		if len(r.Tags) == 0 {
			t.Errorf("%s: no tags", r.ID)
		}
		for _, tag := range r.Tags {
			if !validTags[tag] {
				t.Errorf("%s: unknown tag %q", r.ID, tag)
			}
		}
		if r.HasTag(Security) {
			f, err := strconv.ParseFloat(r.SecuritySeverity, 64)
			if err != nil || f < 0 || f > 10 {
				t.Errorf("%s: security rule needs a numeric security-severity in [0,10], got %q", r.ID, r.SecuritySeverity)
			}
		} else if r.SecuritySeverity != "" {
			t.Errorf("%s: security-severity is only for rules tagged security", r.ID)
		}
		if r.Since == "" {
			t.Errorf("%s: Since is empty", r.ID)
		}
		help := r.Help()
		for _, section := range []string{"## Why it matters", "## Bad", "## Good", "## Suppressing"} {
			if !strings.Contains(help, "\n"+section+"\n") {
				t.Errorf("%s: help/%s.md lacks section %q", r.ID, r.ID, section)
			}
		}
		if strings.Contains(r.HelpText(), "```") {
			t.Errorf("%s: HelpText keeps code fences", r.ID)
		}
	}

	// Every help file belongs to a rule.
	entries, err := fs.ReadDir(helpFiles, "help")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if id := strings.TrimSuffix(e.Name(), ".md"); !ids[id] {
			t.Errorf("help/%s has no rule in the catalog", e.Name())
		}
	}
}

func TestLookup(t *testing.T) {
	for _, key := range []string{"SLS000", "sls000", "parse-error", " SLS000 "} {
		if r, ok := Lookup(key); !ok || r != ParseError {
			t.Errorf("Lookup(%q) = %v, %v; want SLS000", key, r, ok)
		}
	}
	if _, ok := Lookup("SLS999"); ok {
		t.Error("Lookup(SLS999) found a rule")
	}
}

func TestParseLevel(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Level
	}{{"error", Error}, {"Warning", Warning}, {"  note\t", Note}} {
		if got, err := ParseLevel(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseLevel(%q) = %q, %v", tt.in, got, err)
		}
	}
	if _, err := ParseLevel("info"); err == nil {
		t.Error("ParseLevel(info) succeeded")
	}
}
