// Package suppress finds suppression directives in Go, YAML and HCL source and matches them
// against findings.
//
// Directives:
//
//	//slslint:ignore SLS101[,SLS102] reason   Go: this line and the next
//	//nolint:slslint                          Go: every slslint rule, this line and the next
//	# slslint:ignore SLS401 reason            YAML, HCL: the key, block or attribute on this
//	// slslint:ignore SLS401 reason           line (or on the next line when the comment
//	                                          stands alone), with everything nested in it
//
// CloudFormation `Metadata: {slslint: {ignore: [{id, reason}]}}` entries are read by the
// CloudFormation loader and enter here as directives scoped to their resource.
package suppress

import (
	"strings"

	"github.com/slslint/slslint/rules"
)

// Kind says where a directive was written.
type Kind int

// Kinds of directive.
const (
	Comment  Kind = iota // a source comment
	Metadata             // a CloudFormation resource's Metadata.slslint.ignore entry
)

// A Directive is one suppression.
type Directive struct {
	Kind Kind
	// Path is the file, relative to the repository root with forward slashes.
	Path string
	// Line, Column, EndColumn locate the directive itself (1-based, end exclusive).
	Line, Column, EndColumn int
	// StartLine and EndLine are the lines whose findings the directive covers, inclusive.
	StartLine, EndLine int
	// Rules are the IDs the directive names; empty with AllRules set for nolint:slslint.
	Rules    []string
	AllRules bool
	// Generic marks directives that are not specific to slslint (a bare //nolint or
	// //nolint:all): they suppress slslint findings but are never reported as unused,
	// because they may be there for another linter.
	Generic bool
	// Reason is the justification the directive gives.
	Reason string
	// Problem, when not empty, says why the directive is invalid; an invalid directive
	// suppresses nothing and is reported as SLS002.
	Problem string
	// Used is set by Apply when the directive suppressed a finding.
	Used bool
}

// Covers reports whether the directive, if valid, suppresses rule id at line.
func (d *Directive) Covers(id string, line int) bool {
	if d.Problem != "" || line < d.StartLine || line > d.EndLine {
		return false
	}
	if d.AllRules {
		return true
	}
	for _, r := range d.Rules {
		if r == id {
			return true
		}
	}
	return false
}

// parseIgnore parses the text after "slslint:ignore": a comma-separated list of rule IDs or
// names (spaces after the commas allowed: "SLS110, SLS111"), then a reason. It fills
// d.Rules, d.Reason and d.Problem.
func parseIgnore(d *Directive, text string) {
	list, reason := splitRuleList(strings.TrimSpace(text))
	d.Reason = reason
	var unknown []string
	for _, name := range strings.Split(list, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		if r, ok := rules.Lookup(name); ok {
			d.Rules = append(d.Rules, r.ID)
		} else {
			unknown = append(unknown, name)
		}
	}
	first, _, _ := strings.Cut(d.Reason, " ")
	_, firstIsRule := rules.Lookup(strings.TrimRight(first, ",;:."))
	switch {
	case len(unknown) > 0:
		d.Problem = "names unknown rule " + strings.Join(unknown, ", ") + "; run `slslint rules` for the list"
	case len(d.Rules) == 0:
		d.Problem = "names no rule; write `slslint:ignore SLS101 reason`"
	case d.Reason == "":
		d.Problem = "gives no reason; write the reason after the rule list so the next reader can trust or revisit it"
	case firstIsRule:
		// "SLS110 SLS111 reason" would suppress SLS110 with "SLS111 reason" as its reason.
		d.Problem = "separates rules with a space; list them with commas (" + strings.Join(d.Rules, ",") + "," + first + ") before the reason"
	}
}

// splitRuleList splits "SLS110, SLS111 reason" into the rule list and the reason: the list
// is the first word and every word after it while the list ends with a comma or the word
// starts with one.
func splitRuleList(text string) (list, reason string) {
	rest := text
	for {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			break
		}
		end := strings.IndexAny(rest, " \t")
		if end < 0 {
			end = len(rest)
		}
		word := rest[:end]
		if list != "" && !strings.HasSuffix(list, ",") && !strings.HasPrefix(word, ",") {
			break
		}
		list += word
		rest = rest[end:]
	}
	return list, strings.TrimSpace(rest)
}

// ParseMetadata builds a directive from a CloudFormation Metadata.slslint.ignore entry.
// The entry is at line/column of path and covers lines start through end (the resource).
func ParseMetadata(path string, line, column, start, end int, id, reason string) Directive {
	d := Directive{Kind: Metadata, Path: path, Line: line, Column: column, EndColumn: column + 1, StartLine: start, EndLine: end}
	parseIgnore(&d, id+" "+reason)
	return d
}
