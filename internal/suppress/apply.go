package suppress

import (
	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/rules"
)

// Apply marks every finding that a valid directive covers, at its location or at one of its
// related locations, as suppressed in source, and marks those directives used. A related
// location is where the cause often is (the line that builds a key, in the callee, or the
// handler that reaches it), so a suppression there counts. Findings of core rules (parse
// errors, suppression problems) cannot be suppressed by comments.
func Apply(fs []*finding.Finding, ds []*Directive) {
	byPath := map[string][]*Directive{}
	for _, d := range ds {
		byPath[d.Path] = append(byPath[d.Path], d)
	}
	for _, f := range fs {
		if f.Suppressed != nil || f.Rule.Layer == rules.LayerCore {
			continue
		}
		at := []finding.Location{f.Location}
		for _, r := range f.Related {
			at = append(at, r.Location)
		}
		for _, l := range at {
			for _, d := range byPath[l.Path] {
				if !d.Covers(f.Rule.ID, l.Line) {
					continue
				}
				d.Used = true
				if f.Suppressed == nil {
					f.Suppressed = &finding.Suppression{
						Kind:          finding.InSource,
						Justification: d.Reason,
						Location:      d.location(),
					}
				}
			}
		}
	}
}

// Problems returns the findings that directives themselves cause: SLS002 for each invalid
// directive, and SLS001 for each slslint-specific directive that suppressed nothing although
// every rule it names ran (enabled reports whether a rule ran in this run).
func Problems(ds []*Directive, enabled func(*rules.Rule) bool) []*finding.Finding {
	var out []*finding.Finding
	for _, d := range ds {
		switch {
		case d.Problem != "":
			out = append(out, &finding.Finding{
				Rule:     rules.InvalidSuppression,
				Message:  "suppression " + d.Problem + "; it suppresses nothing until fixed",
				Location: d.location(),
			})
		case d.Used || d.Generic || !allEnabled(d, enabled):
		default:
			what := "every slslint rule"
			if !d.AllRules {
				what = joinIDs(d.Rules)
			}
			out = append(out, &finding.Finding{
				Rule:     rules.UnusedSuppression,
				Message:  "suppression of " + what + " matches no finding; remove it so that it cannot hide a future one",
				Location: d.location(),
			})
		}
	}
	return out
}

func allEnabled(d *Directive, enabled func(*rules.Rule) bool) bool {
	if d.AllRules {
		for _, r := range rules.All() {
			if r.Layer != rules.LayerCore && !enabled(r) {
				return false
			}
		}
		return true
	}
	for _, id := range d.Rules {
		if r, ok := rules.Lookup(id); !ok || !enabled(r) {
			return false
		}
	}
	return true
}

func joinIDs(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += id
	}
	return s
}

func (d *Directive) location() finding.Location {
	return finding.Location{Path: d.Path, Line: d.Line, Column: d.Column, EndLine: d.Line, EndColumn: max(d.EndColumn, d.Column+1)}
}
