// Package analyzerdoc extracts an analyzer's documentation from its package's doc.go, so
// that `go doc`, pkg.go.dev and the analyzer's Doc field (shown by go vet -vettool and nogo)
// say the same thing.
package analyzerdoc

import (
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the section headed "# Analyzer name" of the package comment in the
// source of a doc.go file: its first line is the analyzer's one-line summary, as
// go/analysis expects. It returns a fallback naming the analyzer when there is no section,
// which TestAnalyzers reports.
func Extract(docGo, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", docGo, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		return name + ": undocumented"
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name + "\n"
	i := strings.Index(text, heading)
	if i < 0 {
		return name + ": undocumented"
	}
	section := text[i+len(heading):]
	if j := strings.Index(section, "\n# "); j >= 0 {
		section = section[:j]
	}
	return strings.TrimSpace(section)
}
