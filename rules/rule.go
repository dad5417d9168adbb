// Package rules is slslint's rule catalog: the single source of truth for every rule's
// identity, documentation and defaults.
//
// The CLI's `rules` and `explain` commands, the generated docs under docs/rules, SARIF
// `rules[]`, the configuration validator and every analyzer and check read rules from here.
// Rule IDs are public interface: once released, an ID keeps its meaning and is never reused.
package rules

import (
	"fmt"
	"strings"
)

// Level is a rule's severity, named as SARIF names result levels.
type Level string

// Levels, from most to least severe.
const (
	Error   Level = "error"
	Warning Level = "warning"
	Note    Level = "note"
)

// Rank orders levels: error 3, warning 2, note 1, anything else 0.
func (l Level) Rank() int {
	switch l {
	case Error:
		return 3
	case Warning:
		return 2
	case Note:
		return 1
	}
	return 0
}

// ParseLevel accepts "error", "warning" or "note" (case-insensitive).
func ParseLevel(s string) (Level, error) {
	switch l := Level(strings.ToLower(strings.TrimSpace(s))); l {
	case Error, Warning, Note:
		return l, nil
	}
	return "", fmt.Errorf("unknown level %q (want error, warning or note)", s)
}

// Layer says which half of a serverless app a rule reads.
type Layer string

// Layers.
const (
	LayerGo    Layer = "go"    // Go code, through go/analysis analyzers
	LayerIaC   Layer = "iac"   // infrastructure as code, through the provider-neutral model
	LayerCross Layer = "cross" // both halves, linked function by function
	LayerCore  Layer = "core"  // the tool itself: parse errors and suppressions
)

// Precision is how often a finding of the rule is a true positive on real code, in the
// sense of CodeQL's and GitHub code scanning's `precision` property.
type Precision string

// Precisions.
const (
	VeryHigh Precision = "very-high"
	High     Precision = "high"
	Medium   Precision = "medium"
	Low      Precision = "low"
)

// Tag groups rules by the production concern they address.
type Tag string

// Tags. A rule has at least one.
const (
	Idempotency   Tag = "idempotency"
	Retries       Tag = "retries"
	ColdStart     Tag = "cold-start"
	Cost          Tag = "cost"
	Timeouts      Tag = "timeouts"
	Security      Tag = "security"
	Portability   Tag = "portability"
	Architecture  Tag = "architecture"
	Observability Tag = "observability"
	Reliability   Tag = "reliability"
)

// AllTags lists the valid tags in documentation order.
var AllTags = []Tag{Idempotency, Retries, ColdStart, Cost, Timeouts, Security, Portability, Architecture, Observability, Reliability}

// A Rule is one check slslint can report.
type Rule struct {
	// ID is the stable public identifier: "SLS" and three digits.
	ID string
	// Name is the kebab-case name, also accepted wherever an ID is.
	Name string
	// Title is a one-line summary, without a final period.
	Title string
	// Level is the default severity; configuration can override it.
	Level Level
	// Layer says what the rule reads.
	Layer Layer
	// Precision is the expected true-positive rate on real code.
	Precision Precision
	// Tags group the rule by concern.
	Tags []Tag
	// SecuritySeverity is the CVSS-like score ("0.0" to "10.0") GitHub code scanning uses
	// to rank security alerts. Set exactly for rules tagged security.
	SecuritySeverity string
	// Since is the slslint version that introduced the rule.
	Since string

	// help is the rule's markdown documentation without the generated suppression section;
	// it is read from help/<ID>.md.
	help string
}

// HasTag reports whether the rule carries tag t.
func (r *Rule) HasTag(t Tag) bool {
	for _, x := range r.Tags {
		if x == t {
			return true
		}
	}
	return false
}

// Help returns the rule's full markdown documentation: what it finds, why it matters in a
// serverless runtime, a bad and a good example, and how to suppress it.
func (r *Rule) Help() string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(r.help))
	b.WriteString("\n\n## Suppressing\n\n")
	b.WriteString(suppressionHelp(r))
	return b.String()
}

// HelpText returns Help as plain text for terminals and SARIF `help.text`: headings lose
// their markers and code fences are indented.
func (r *Rule) HelpText() string {
	var b strings.Builder
	inFence := false
	for _, line := range strings.Split(r.Help(), "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			inFence = !inFence
			continue
		case inFence:
			b.WriteString("    ")
			b.WriteString(line)
		case strings.HasPrefix(line, "#"):
			b.WriteString(strings.ToUpper(strings.TrimSpace(strings.TrimLeft(line, "#"))))
		default:
			b.WriteString(strings.ReplaceAll(line, "`", ""))
		}
		b.WriteByte('\n')
	}
	return strings.TrimSpace(b.String())
}

// DocPath is the rule's documentation page relative to the repository root.
func (r *Rule) DocPath() string { return "docs/rules/" + r.ID + ".md" }

// HelpURI is the rule's documentation page on the web at the main branch, for the
// generated documentation.
func (r *Rule) HelpURI() string { return r.HelpURIAt("main") }

// HelpURIAt is the rule's documentation page as of a git ref (a release tag or a commit):
// SARIF's helpUri and the analyzers' diagnostic URL point at the documentation of the
// slslint that reported, not at a main branch that may have moved on.
func (r *Rule) HelpURIAt(ref string) string {
	if ref == "" {
		ref = "main"
	}
	return RepositoryURL + "/blob/" + ref + "/" + r.DocPath()
}

// RepositoryURL is where slslint's source and documentation live.
const RepositoryURL = "https://github.com/slslint/slslint"

func suppressionHelp(r *Rule) string {
	switch r.Layer {
	case LayerGo:
		return fmt.Sprintf("Add a comment with a reason on the reported line or the line above it:\n\n"+
			"```go\n//slslint:ignore %s reason why this is safe here\n```\n\n"+
			"`//nolint:slslint` (golangci-lint's convention) suppresses every slslint rule on the line. "+
			"To turn the rule off for a whole repository, set `rules: {%s: off}` in `.slslint.yml`.", r.ID, r.ID)
	case LayerIaC, LayerCross:
		return fmt.Sprintf("In YAML templates and HCL files, add a comment with a reason on the resource's, "+
			"block's or property's line (or on its own line just above it); it covers everything inside "+
			"that resource, block or property:\n\n"+
			"```yaml\n  Worker: # slslint:ignore %s reason why this is safe here\n```\n\n"+
			"CloudFormation resources, in YAML or JSON, can carry the suppression in their metadata:\n\n"+
			"```yaml\n  Worker:\n    Type: AWS::Serverless::Function\n    Metadata:\n      slslint:\n        ignore:\n"+
			"          - id: %s\n            reason: why this is safe here\n```\n\n"+
			"To turn the rule off for a whole repository, set `rules: {%s: off}` in `.slslint.yml`.", r.ID, r.ID, r.ID)
	}
	return fmt.Sprintf("This rule reports on slslint's own input and cannot be suppressed by a comment. "+
		"To turn it off, set `rules: {%s: off}` in `.slslint.yml`.", r.ID)
}

// A SettingError is a bad value of a rule setting in .slslint.yml or an analyzer flag.
type SettingError struct {
	// Field is the dotted YAML path of the setting ("cost.max-hourly-usd").
	Field string
	Msg   string
}

func (e SettingError) Error() string { return e.Field + ": " + e.Msg }
