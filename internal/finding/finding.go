// Package finding holds the one representation of a result that every source (Go analyzers,
// IaC checks, cross-layer checks, slslint itself) is converted into before suppression,
// baselining and reporting.
package finding

import (
	"cmp"
	"slices"

	"github.com/slslint/slslint/rules"
)

// A Location is a range in a file of the scanned repository.
type Location struct {
	// Path is relative to the repository root, with forward slashes.
	Path string
	// Line and Column are 1-based; Column counts bytes, as go/token does.
	Line, Column int
	// EndLine and EndColumn are 1-based and exclusive: the position just after the range.
	EndLine, EndColumn int
	// UTF16Column and UTF16EndColumn are Column and EndColumn counted in UTF-16 code units,
	// as SARIF counts columns; they differ only on lines with non-ASCII text before the
	// position, and are 0 when the file could not be read.
	UTF16Column, UTF16EndColumn int
}

// Valid reports whether the location has a path and a usable start.
func (l Location) Valid() bool { return l.Path != "" && l.Line > 0 }

// Compare orders locations by path, then start, then end.
func (l Location) Compare(o Location) int {
	return cmp.Or(
		cmp.Compare(l.Path, o.Path),
		cmp.Compare(l.Line, o.Line),
		cmp.Compare(l.Column, o.Column),
		cmp.Compare(l.EndLine, o.EndLine),
		cmp.Compare(l.EndColumn, o.EndColumn),
	)
}

// Related is a secondary location with a message: a step on the path from a handler to the
// cause of a finding, or the other half of a cross-layer contradiction.
type Related struct {
	Location
	Message string
}

// Suppression records why a finding is hidden.
type Suppression struct {
	// Kind is "inSource" (a comment or template metadata) or "external" (the baseline),
	// as SARIF names them.
	Kind string
	// Justification is the reason the suppression gives.
	Justification string
	// Location is where the suppression is written, for in-source suppressions.
	Location Location
}

// Suppression kinds.
const (
	InSource = "inSource"
	External = "external"
)

// A Finding is one result.
type Finding struct {
	Rule *rules.Rule
	// Level is the effective level: the rule's default unless configuration overrides it.
	Level rules.Level
	// Message says what is wrong, naming the values, on one line.
	Message string
	// Detail says why it matters in a serverless runtime and what to do about it, for the
	// formats that have room (JSON, SARIF, annotations, text with -v); it may be empty.
	Detail string
	// Location is the primary location: the offending statement or attribute.
	Location Location
	// Related lists secondary locations in order; for interprocedural findings they are the
	// call path from the handler to the cause.
	Related []Related
	// Flow says that Related is a path, in order, from an entry point to the cause (a call
	// chain from a handler), which SARIF shows as a code flow.
	Flow bool
	// Fingerprint identifies the finding across line shifts: a hash of the rule, path,
	// normalized source line and occurrence. Baselines and JSON output use it.
	Fingerprint string
	// LineHash is GitHub code scanning's primaryLocationLineHash for the location.
	LineHash string
	// Suppressed is set when a comment, template metadata or the baseline hides the finding.
	Suppressed *Suppression
}

// FullMessage is the message followed by the detail: what is wrong, why and what to do.
func (f *Finding) FullMessage() string {
	if f.Detail == "" {
		return f.Message
	}
	return f.Message + ": " + f.Detail
}

// Compare orders findings by location, then rule ID, then message: the order of every report.
func (f *Finding) Compare(o *Finding) int {
	return cmp.Or(
		f.Location.Compare(o.Location),
		cmp.Compare(f.Rule.ID, o.Rule.ID),
		cmp.Compare(f.Message, o.Message),
	)
}

// Sort sorts findings in report order.
func Sort(fs []*Finding) { slices.SortStableFunc(fs, (*Finding).Compare) }
