// Package report formats a run's findings. Reporters only format: every decision (which
// findings, their levels, order, suppression, fingerprints) is made before they are called,
// and the same input gives byte-identical output.
package report

import (
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/rules"
)

// Input is everything a reporter may show.
type Input struct {
	Tool Tool
	// Findings are sorted in report order and include suppressed ones.
	Findings []*finding.Finding
	// Rules are the rules enabled in this run, in ID order, with their effective levels.
	Rules  []*rules.Rule
	Levels map[string]rules.Level
	// WorkDir is the working directory relative to the repository root ("." at the root);
	// the text and GitHub formats show paths relative to it.
	WorkDir string
	// Verbose makes the text format print each finding's detail (why it matters and what
	// to do) under its first line.
	Verbose bool
	// Color makes the text format use ANSI colours (the caller decides: a terminal, no
	// --no-color, no NO_COLOR).
	Color bool
	// SARIFCategory, when set, becomes the SARIF run's automationDetails.id.
	SARIFCategory string
	// IncludeSuppressed keeps suppressed and baselined findings in the SARIF log, with their
	// justification; by default they are left out, as code scanning would show them.
	IncludeSuppressed bool
	// Warn, when set, receives what a reporter had to leave out or change to stay within
	// a consumer's limits (SARIF's in code scanning), as one line each.
	Warn    func(msg string)
	Summary Summary
	// Picture is a mermaid flowchart of the app (slslint inventory's), which the GitHub
	// step summary shows; "" for none.
	Picture string
}

// Tool identifies slslint.
type Tool struct {
	Name, Version, InformationURI string
	// SemanticVersion is Version as a semantic version ("0.1.0"), empty for a build that is
	// not a release.
	SemanticVersion string
	// DocsRef is the git ref (tag or commit) whose rule documentation the reports link to.
	DocsRef string
}

func (in *Input) warn(format string, args ...any) {
	if in.Warn != nil {
		in.Warn(fmt.Sprintf(format, args...))
	}
}

// helpURI is a rule's documentation at the version that reported.
func (in *Input) helpURI(r *rules.Rule) string { return r.HelpURIAt(in.Tool.DocsRef) }

// Summary counts what a run looked at and found.
type Summary struct {
	// Findings counts reported (unsuppressed) findings; Errors, Warnings and Notes split them
	// by level.
	Findings, Errors, Warnings, Notes int
	// Suppressed counts findings hidden by comments, template metadata or the baseline.
	Suppressed int
	// Modules counts the Go modules the run loaded (members of a workspace each count),
	// NotAnalyzed those of them that could not be analyzed (SLS004), and Outside the
	// folders of Go files that belong to no module (SLS004 too).
	Modules, NotAnalyzed, Outside int
	// Packages and Templates count the Go packages and IaC files analyzed.
	Packages, Templates int
	// Unchanged counts the findings left out because they are on lines that did not change
	// (--new-from-rev, --new-from-merge-base).
	Unchanged int
}

// NewSummary counts findings by level and suppression.
func NewSummary(fs []*finding.Finding, packages, templates int) Summary {
	s := Summary{Packages: packages, Templates: templates}
	for _, f := range fs {
		if f.Suppressed != nil {
			s.Suppressed++
			continue
		}
		s.Findings++
		switch f.Level {
		case rules.Error:
			s.Errors++
		case rules.Warning:
			s.Warnings++
		case rules.Note:
			s.Notes++
		}
	}
	return s
}

// String renders the one-line summary printed at the end of a run:
// "12 findings (3 errors, 9 warnings) in 2 modules, 48 packages and 7 templates, 2 suppressed".
func (s Summary) String() string {
	var b strings.Builder
	b.WriteString(plural(s.Findings, "finding"))
	var parts []string
	for _, p := range []struct {
		n    int
		name string
	}{{s.Errors, "error"}, {s.Warnings, "warning"}, {s.Notes, "note"}} {
		if p.n > 0 {
			parts = append(parts, plural(p.n, p.name))
		}
	}
	if len(parts) > 0 {
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	b.WriteString(" in ")
	if s.Modules > 0 {
		b.WriteString(plural(s.Modules, "module"))
		if s.NotAnalyzed > 0 {
			fmt.Fprintf(&b, " (%d not analyzed)", s.NotAnalyzed)
		}
		b.WriteString(", ")
	}
	b.WriteString(plural(s.Packages, "package") + " and " + plural(s.Templates, "template"))
	if s.Outside > 0 {
		b.WriteString(", " + plural(s.Outside, "Go folder") + " outside any module")
	}
	if s.Suppressed > 0 {
		fmt.Fprintf(&b, ", %d suppressed", s.Suppressed)
	}
	if s.Unchanged > 0 {
		fmt.Fprintf(&b, ", %d on unchanged lines not shown", s.Unchanged)
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// A Format writes a report.
type Format func(w io.Writer, in *Input) error

// Formats maps format names to reporters.
var Formats = map[string]Format{
	"text":         Text,
	"json":         JSON,
	"sarif":        SARIF,
	"github":       GitHub,
	"checkstyle":   Checkstyle,
	"junit-xml":    JUnitXML,
	"code-climate": CodeClimate,
}

// FormatNames lists the format names in a stable order, for help text.
func FormatNames() []string {
	var names []string
	for n := range Formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// unsuppressed returns the findings a person should see.
func unsuppressed(fs []*finding.Finding) []*finding.Finding {
	var out []*finding.Finding
	for _, f := range fs {
		if f.Suppressed == nil {
			out = append(out, f)
		}
	}
	return out
}

// relTo returns the slash path p (relative to the repository root) relative to dir (also
// relative to the root).
func relTo(dir, p string) string {
	if dir == "" || dir == "." || path.IsAbs(p) {
		return p // an absolute path is a file outside the repository, named as given
	}
	d := strings.Split(path.Clean(dir), "/")
	t := strings.Split(path.Clean(p), "/")
	i := 0
	for i < len(d) && i < len(t)-1 && d[i] == t[i] {
		i++
	}
	var parts []string
	for range d[i:] {
		parts = append(parts, "..")
	}
	return path.Join(append(parts, t[i:]...)...)
}
