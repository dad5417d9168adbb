package checks

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/slslint/slslint/rules"
)

// Per-format tables: every IaC rule stated as template text in each format where its
// concept exists — SAM, plain CloudFormation YAML, CloudFormation JSON (for a
// representative subset of the rules), Terraform and serverless.yml — loaded through the
// real loaders (iac.Load) and checked. Each firing case has its idiomatic correct twin.
//
// Expected positions are marked in the text: ▶ just before the token a finding must point
// at (the offending attribute, or the resource's or block's header when the attribute is
// missing), ▷ before each related location the case's findings must carry. The marks are
// removed before the files are written, so the positions are exact lines and byte
// columns.

const (
	findingMark = "▶"
	relatedMark = "▷"
)

// formatCase is one template of a rule's per-format table.
type formatCase struct {
	name  string
	files map[string]string
	// level, when set, is the level every finding must have by default (SLS404).
	level rules.Level
	// contains are substrings every finding's message must contain.
	contains []string
}

// stripMarks removes the marks from every file and returns the positions they stood at,
// as "file:line:col", findings first.
func stripMarks(files map[string]string) (clean map[string]string, findings, related []string) {
	clean = map[string]string{}
	for name, src := range files {
		var b strings.Builder
		line, col := 1, 1
		for i := 0; i < len(src); {
			switch {
			case strings.HasPrefix(src[i:], findingMark):
				findings = append(findings, fmt.Sprintf("%s:%d:%d", name, line, col))
				i += len(findingMark)
				continue
			case strings.HasPrefix(src[i:], relatedMark):
				related = append(related, fmt.Sprintf("%s:%d:%d", name, line, col))
				i += len(relatedMark)
				continue
			}
			b.WriteByte(src[i])
			if src[i] == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i++
		}
		clean[name] = b.String()
	}
	slices.SortFunc(findings, comparePositions)
	slices.SortFunc(related, comparePositions)
	return clean, findings, related
}

// comparePositions orders "file:line:col" strings by file, then line and column as numbers.
func comparePositions(a, b string) int {
	fa, la, ca := splitPosition(a)
	fb, lb, cb := splitPosition(b)
	if c := strings.Compare(fa, fb); c != 0 {
		return c
	}
	if la != lb {
		return la - lb
	}
	return ca - cb
}

func splitPosition(p string) (file string, line, col int) {
	i := strings.LastIndexByte(p, ':')
	j := strings.LastIndexByte(p[:i], ':')
	_, _ = fmt.Sscan(p[j+1:i], &line)
	_, _ = fmt.Sscan(p[i+1:], &col)
	return p[:j], line, col
}

// testFormats loads each case's files and compares rule r's findings with the marks.
func testFormats(t *testing.T, r *rules.Rule, cases []formatCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files, want, wantRelated := stripMarks(c.files)
			m := loadFiles(t, files)
			var got []Finding
			for _, f := range run(m, testSettings(), testDay) {
				if f.Rule == rules.AnalysisFailure {
					t.Fatalf("check failed: %s", f.Message)
				}
				if f.Rule == r {
					got = append(got, f)
				}
			}
			var gotAt, gotRelated []string
			for _, f := range got {
				gotAt = append(gotAt, fmt.Sprintf("%s:%d:%d", f.At.File, f.At.Line, f.At.Column))
				for _, rel := range f.Related {
					gotRelated = append(gotRelated, fmt.Sprintf("%s:%d:%d", rel.At.File, rel.At.Line, rel.At.Column))
				}
			}
			slices.SortFunc(gotAt, comparePositions)
			slices.SortFunc(gotRelated, comparePositions)
			if !slices.Equal(gotAt, want) {
				t.Errorf("%s findings at %q, want %q", r.ID, gotAt, want)
				for _, f := range got {
					t.Logf("  %s:%d:%d %s", f.At.File, f.At.Line, f.At.Column, f.Message)
				}
			}
			if wantRelated != nil && !slices.Equal(gotRelated, wantRelated) {
				t.Errorf("related locations %q, want %q", gotRelated, wantRelated)
			}
			for _, f := range got {
				level := f.Level
				if level == "" {
					level = r.Level
				}
				if c.level != "" && level != c.level {
					t.Errorf("finding at line %d has level %s, want %s", f.At.Line, level, c.level)
				}
				for _, s := range c.contains {
					if !strings.Contains(f.Message, s) {
						t.Errorf("message %q lacks %q", f.Message, s)
					}
				}
			}
		})
	}
}

// Template builders. Resources are written at the indentation of a template's Resources
// section (two spaces), JSON resources as the members of its Resources object.

func samT(resources string) map[string]string {
	return map[string]string{"template.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\nResources:\n" + resources}
}

// samG is samT with a Globals section.
func samG(globals, resources string) map[string]string {
	return map[string]string{"template.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\nGlobals:\n" + globals + "Resources:\n" + resources}
}

func cfnT(resources string) map[string]string {
	return map[string]string{"template.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n" + resources}
}

func jsonT(resources string) map[string]string {
	return map[string]string{"template.json": "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n" + resources + "  }\n}\n"}
}

func tfT(src string) map[string]string { return map[string]string{"main.tf": src} }

func slsT(src string) map[string]string { return map[string]string{"serverless.yml": src} }

// TestStripMarks checks the position marks themselves.
func TestStripMarks(t *testing.T) {
	clean, f, r := stripMarks(map[string]string{"a.yaml": "x: 1\n  ▶y: ▷é▶z\n"})
	if clean["a.yaml"] != "x: 1\n  y: éz\n" {
		t.Errorf("clean %q", clean["a.yaml"])
	}
	if !slices.Equal(f, []string{"a.yaml:2:3", "a.yaml:2:8"}) || !slices.Equal(r, []string{"a.yaml:2:6"}) {
		t.Errorf("findings %q, related %q", f, r)
	}
}
