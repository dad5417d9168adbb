package suppress

import (
	"go/ast"
	"go/token"
	"strings"
)

// Options are the suppression settings of a run (.slslint.yml's `suppressions:`).
type Options struct {
	// NolintWithoutReason lets //nolint:slslint suppress without a reason; by default it
	// needs one ("//nolint:slslint // reason"), as every slslint suppression does, and is
	// SLS002 without.
	NolintWithoutReason bool
}

// ParseGo returns the suppression directives in the line comments of f. path is recorded
// in each directive; positions come from fset.
func ParseGo(fset *token.FileSet, f *ast.File, path string, opts Options) []Directive {
	var out []Directive
	for _, group := range f.Comments {
		for _, c := range group.List {
			d, ok := parseGoComment(c.Text)
			if !ok {
				continue
			}
			if d.Reason == "" && d.AllRules && !d.Generic && d.Problem == "" {
				if opts.NolintWithoutReason {
					d.Reason = "nolint"
				} else {
					d.Problem = "gives no reason; write it after the directive (//nolint:slslint // reason), or set `suppressions: {nolint-without-reason: allow}` in .slslint.yml"
				}
			}
			pos, end := fset.Position(c.Pos()), fset.Position(c.End())
			d.Path = path
			d.Line, d.Column = pos.Line, pos.Column
			d.EndColumn = end.Column
			if end.Line != pos.Line {
				d.EndColumn = pos.Column + len(c.Text)
			}
			// The comment's own line and the line below it.
			d.StartLine, d.EndLine = pos.Line, pos.Line+1
			out = append(out, d)
		}
	}
	return out
}

// parseGoComment recognizes //slslint:ignore and //nolint directives in the text of one
// comment, including its comment markers.
func parseGoComment(text string) (Directive, bool) {
	body, ok := strings.CutPrefix(text, "//")
	if !ok {
		return Directive{}, false
	}
	// Machine-readable comments conventionally have no space after "//"; one is tolerated
	// for slslint:ignore because people write it.
	if rest, ok := strings.CutPrefix(strings.TrimPrefix(body, " "), "slslint:ignore"); ok {
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			return Directive{}, false // e.g. slslint:ignored
		}
		var d Directive
		parseIgnore(&d, rest)
		return d, true
	}
	return parseNolint(body)
}

// parseNolint recognizes golangci-lint's nolint directive: "nolint", "nolint:all" or
// "nolint:a,b,c" naming slslint, optionally followed by " // reason".
func parseNolint(body string) (Directive, bool) {
	rest, ok := strings.CutPrefix(body, "nolint")
	if !ok {
		return Directive{}, false
	}
	reason := ""
	if i := strings.Index(rest, "//"); i >= 0 {
		reason = strings.TrimSpace(rest[i+2:])
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	d := Directive{AllRules: true, Reason: reason}
	switch {
	case rest == "":
		d.Generic = true
	case strings.HasPrefix(rest, ":"):
		generic, ours := false, false
		for _, name := range strings.Split(rest[1:], ",") {
			switch strings.TrimSpace(name) {
			case "slslint":
				ours = true
			case "all":
				generic = true
			}
		}
		if !ours && !generic {
			return Directive{}, false // for other linters only
		}
		d.Generic = !ours
	default:
		return Directive{}, false // e.g. "nolintlint"
	}
	if d.Reason == "" && d.Generic {
		// A bare //nolint or //nolint:all may be there for another linter, which has its
		// own policy on reasons.
		d.Reason = "nolint"
	}
	return d, true
}
