// Package diagnostic is how every slslint analyzer reports: it tags each diagnostic with its
// rule, so that the rule ID survives every driver (the slslint command, go vet -vettool,
// golangci-lint, nogo), and it honours suppression comments when the driver does not.
//
// A message's first line says what is wrong, naming the values, in a line a person reads
// at a glance; the text after the first newline says why it matters in a serverless runtime
// and what to do. Drivers that show one line per finding (go vet, golangci-lint, nogo) get
// the first line only, and `slslint explain` has the rest; the slslint command asks for
// both (-details) and shows the rest in JSON, SARIF, annotations and text with -v.
package diagnostic

import (
	"flag"
	"go/ast"
	"go/token"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/internal/suppress"
	"github.com/slslint/slslint/internal/version"
	"github.com/slslint/slslint/rules"
)

// Options are the settings every slslint analyzer has.
type Options struct {
	// Directives makes the analyzer itself drop diagnostics suppressed by //slslint:ignore
	// or //nolint:slslint comments. Drivers that handle suppressions themselves (the slslint
	// command, which also reports unused ones) turn it off.
	Directives bool
	// NolintWithoutReason lets //nolint:slslint suppress without a reason.
	NolintWithoutReason bool
	// Details keeps, after the message's first line, why it matters and what to do.
	Details bool
}

// Names of the common flags.
const (
	DirectivesFlag          = "directives"
	NolintWithoutReasonFlag = "nolint-without-reason"
	DetailsFlag             = "details"
)

// Register adds the common flags to an analyzer's flag set.
func (o *Options) Register(fs *flag.FlagSet) {
	o.Directives = true
	fs.BoolVar(&o.Directives, DirectivesFlag, true,
		"drop diagnostics suppressed by //slslint:ignore RULE reason and //nolint:slslint // reason comments")
	fs.BoolVar(&o.NolintWithoutReason, NolintWithoutReasonFlag, false,
		"let //nolint:slslint suppress without a reason (by default it needs one: //nolint:slslint // reason)")
	fs.BoolVar(&o.Details, DetailsFlag, false,
		"add to each message, after a newline, why it matters and what to do (by default: the first line only; see slslint explain)")
}

// A Reporter reports one pass's diagnostics.
type Reporter struct {
	pass       *analysis.Pass
	opts       *Options
	directives map[*token.File][]suppress.Directive // built on first use
	generated  map[*token.File]bool
}

// NewReporter returns a reporter for pass.
func NewReporter(pass *analysis.Pass, opts *Options) *Reporter {
	return &Reporter{pass: pass, opts: opts}
}

// Report reports a finding of rule over [node.Pos(), node.End()).
func (r *Reporter) Report(rule *rules.Rule, node analysis.Range, msg string, related ...analysis.RelatedInformation) {
	r.ReportRange(rule, node.Pos(), node.End(), msg, related...)
}

// ReportRange reports a finding of rule over [pos, end).
//
// The message is prefixed with the rule ID ("SLS101: ..."), because drivers other than the
// slslint command show only the message: go vet prints it as is and golangci-lint appends
// only the analyzer name, and users filter on the ID (golangci-lint's
// linters.exclusions.rules[].text). Category carries the ID for drivers that keep it.
func (r *Reporter) ReportRange(rule *rules.Rule, pos, end token.Pos, msg string, related ...analysis.RelatedInformation) {
	file := r.pass.Fset.File(pos)
	if file == nil {
		return
	}
	if r.isGenerated(file) || (r.opts != nil && r.opts.Directives && r.suppressed(rule, pos, related)) {
		return
	}
	headline, detail, _ := strings.Cut(msg, "\n")
	if r.opts != nil && r.opts.Details && detail != "" {
		headline += "\n" + detail
	}
	r.pass.Report(analysis.Diagnostic{
		Pos:      pos,
		End:      end,
		Category: rule.ID,
		Message:  rule.ID + ": " + headline,
		URL:      rule.HelpURIAt(docsRef()),
		Related:  related,
	})
}

// docsRef is the git ref of the documentation diagnostics link to: this slslint's version.
var docsRef = sync.OnceValue(func() string { return version.Read().DocsRef() })

// StripID removes the "SLS101: " prefix that ReportRange adds, for drivers that show the
// rule separately.
func StripID(ruleID, message string) string {
	return strings.TrimPrefix(message, ruleID+": ")
}

// Split separates a message into its first line (what is wrong) and the rest (why it
// matters and what to do), which may be empty.
func Split(message string) (headline, detail string) {
	headline, detail, _ = strings.Cut(message, "\n")
	return headline, strings.TrimSpace(detail)
}

func (r *Reporter) syntax(file *token.File) *ast.File {
	for _, f := range r.pass.Files {
		if r.pass.Fset.File(f.FileStart) == file {
			return f
		}
	}
	return nil
}

// isGenerated reports whether file carries the "Code generated ... DO NOT EDIT." marker;
// findings in generated code are not actionable.
func (r *Reporter) isGenerated(file *token.File) bool {
	if r.generated == nil {
		r.generated = map[*token.File]bool{}
	}
	gen, ok := r.generated[file]
	if !ok {
		if f := r.syntax(file); f != nil {
			gen = ast.IsGenerated(f)
		}
		r.generated[file] = gen
	}
	return gen
}

// suppressed reports whether a directive covers the diagnostic at pos or at one of its
// related positions, as the slslint command decides. Only the files of this package can be
// read here: a directive in another package's file (a callee's) suppresses the finding
// under the slslint command only.
func (r *Reporter) suppressed(rule *rules.Rule, pos token.Pos, related []analysis.RelatedInformation) bool {
	if r.directives == nil {
		r.directives = map[*token.File][]suppress.Directive{}
	}
	covers := func(pos token.Pos) bool {
		file := r.pass.Fset.File(pos)
		if file == nil {
			return false
		}
		ds, ok := r.directives[file]
		if !ok {
			if f := r.syntax(file); f != nil {
				ds = suppress.ParseGo(r.pass.Fset, f, file.Name(), suppress.Options{NolintWithoutReason: r.opts.NolintWithoutReason})
			}
			r.directives[file] = ds
		}
		line := file.Line(pos)
		for i := range ds {
			if ds[i].Covers(rule.ID, line) {
				return true
			}
		}
		return false
	}
	if covers(pos) {
		return true
	}
	for _, rel := range related {
		if covers(rel.Pos) {
			return true
		}
	}
	return false
}
