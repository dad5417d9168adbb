// Package driverconfig configures slslint's analyzers for the drivers that run them
// without the slslint command — go vet -vettool and golangci-lint's module plugin — from
// the same configuration: the rules turned on and off, the excluded paths, the rules'
// settings and the suppression policy of .slslint.yml (or of the plugin's settings), so
// that every mode gives one answer. (nogo passes analyzer flags only.)
//
// Levels do not apply here: go vet and golangci-lint have their own notion of severity.
package driverconfig

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers"
	"github.com/slslint/slslint/internal/config"
	"github.com/slslint/slslint/rules"
)

// Analyzers returns fresh instances of slslint's analyzers configured from cfg, each
// reporting only the rules cfg leaves on, outside the paths it excludes (relative to root,
// the repository root). The analyzers themselves apply suppression comments.
func Analyzers(cfg *config.Config, root string) ([]*analysis.Analyzer, error) {
	entries, err := cfg.Go.Instances(analyzers.Options{Directives: true, NolintWithoutReason: cfg.Suppress.NolintWithoutReason})
	if err != nil {
		return nil, err
	}
	keep := filter(cfg, root)
	var out []*analysis.Analyzer
	for _, e := range entries {
		out = append(out, filtered(e.Analyzer, keep))
	}
	return out, nil
}

// filter decides which diagnostics a configuration keeps.
func filter(cfg *config.Config, root string) func(pass *analysis.Pass, d analysis.Diagnostic) bool {
	return func(pass *analysis.Pass, d analysis.Diagnostic) bool {
		if s, ok := cfg.Rules[d.Category]; ok && s.Enabled != nil && !*s.Enabled {
			return false
		}
		if len(cfg.Exclude) == 0 {
			return true
		}
		rel, err := filepath.Rel(root, pass.Fset.Position(d.Pos).Filename)
		if err != nil || strings.HasPrefix(rel, "..") {
			return true
		}
		return !cfg.Exclude.Match(filepath.ToSlash(rel))
	}
}

// filtered returns a copy of a whose reports go through keep. The copy requires what a
// requires, so a's code finds its requirements' results under the keys it names.
func filtered(a *analysis.Analyzer, keep func(*analysis.Pass, analysis.Diagnostic) bool) *analysis.Analyzer {
	c := *a
	c.Run = func(pass *analysis.Pass) (any, error) {
		own := *pass
		own.Analyzer = a
		own.Report = func(d analysis.Diagnostic) {
			if keep(pass, d) {
				pass.Report(d)
			}
		}
		return a.Run(&own)
	}
	return &c
}

// Plugin returns the one analyzer golangci-lint's plugin runs: it runs every configured
// analyzer and reports their diagnostics as golangci-lint keeps them. golangci-lint keeps
// one issue per line by default (uniq-by-line), so the findings on one line become one
// diagnostic naming each rule ("SLS110: …; SLS111: …"); and it turns related information
// into issues of their own without a rule, so the related locations are written into the
// message instead.
func Plugin(cfg *config.Config, root string) (*analysis.Analyzer, error) {
	entries, err := cfg.Go.Instances(analyzers.Options{Directives: true, NolintWithoutReason: cfg.Suppress.NolintWithoutReason})
	if err != nil {
		return nil, err
	}
	keep := filter(cfg, root)
	var parts []*analysis.Analyzer
	for _, e := range entries {
		parts = append(parts, collecting(e.Analyzer, keep))
	}
	cwd, _ := os.Getwd()
	return &analysis.Analyzer{
		Name:             "slslint",
		Doc:              "slslint: serverless Go rules (the analyzers of github.com/slslint/slslint/analyzers)",
		URL:              rules.RepositoryURL,
		Requires:         parts,
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			var all []analysis.Diagnostic
			for _, p := range parts {
				if c, ok := pass.ResultOf[p].(*collected); ok && c != nil {
					all = append(all, c.diagnostics...)
				}
			}
			for _, d := range mergeByLine(pass, all, cwd) {
				pass.Report(d)
			}
			return nil, nil
		},
	}, nil
}

// collected is what a collecting analyzer passes on: the diagnostics of its analyzer.
type collected struct {
	diagnostics []analysis.Diagnostic
}

// collecting returns a copy of a that keeps its diagnostics as its result instead of
// reporting them.
func collecting(a *analysis.Analyzer, keep func(*analysis.Pass, analysis.Diagnostic) bool) *analysis.Analyzer {
	c := *a
	c.ResultType = reflect.TypeFor[*collected]()
	c.Run = func(pass *analysis.Pass) (any, error) {
		out := &collected{}
		own := *pass
		own.Analyzer = a
		own.Report = func(d analysis.Diagnostic) {
			if keep(pass, d) {
				out.diagnostics = append(out.diagnostics, d)
			}
		}
		_, err := a.Run(&own)
		return out, err
	}
	return &c
}

// maxRelated bounds the related locations written into a plugin message.
const maxRelated = 6

// mergeByLine makes one diagnostic per file and line, naming every rule's message, with
// the related locations in the message (paths relative to cwd, golangci-lint's).
func mergeByLine(pass *analysis.Pass, ds []analysis.Diagnostic, cwd string) []analysis.Diagnostic {
	type lineKey struct {
		file string
		line int
	}
	var order []lineKey
	groups := map[lineKey][]analysis.Diagnostic{}
	for _, d := range ds {
		p := pass.Fset.Position(d.Pos)
		k := lineKey{p.Filename, p.Line}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], d)
	}
	var out []analysis.Diagnostic
	for _, k := range order {
		group := groups[k]
		slices.SortStableFunc(group, func(a, b analysis.Diagnostic) int { return strings.Compare(a.Category, b.Category) })
		merged := group[0]
		var msgs []string
		for _, d := range group {
			msgs = append(msgs, d.Message+relatedText(pass, d.Related, cwd))
			if d.Pos < merged.Pos {
				merged.Pos = d.Pos
			}
			if d.End > merged.End {
				merged.End = d.End
			}
		}
		merged.Message = strings.Join(msgs, "; ")
		merged.Related = nil
		out = append(out, merged)
	}
	return out
}

// relatedText writes related locations for a one-line message: " [cmd/worker/main.go:28:
// SQS handler handle; store/store.go:33: Store.Save calls dynamodb.PutItem]".
func relatedText(pass *analysis.Pass, related []analysis.RelatedInformation, cwd string) string {
	if len(related) == 0 {
		return ""
	}
	var parts []string
	for i, r := range related {
		if i == maxRelated {
			parts = append(parts, fmt.Sprintf("%d more", len(related)-maxRelated))
			break
		}
		p := pass.Fset.Position(r.Pos)
		name := p.Filename
		if rel, err := filepath.Rel(cwd, name); err == nil && cwd != "" && !strings.HasPrefix(rel, "..") {
			name = rel
		}
		parts = append(parts, fmt.Sprintf("%s:%d: %s", filepath.ToSlash(name), p.Line, r.Message))
	}
	return " [" + strings.Join(parts, "; ") + "]"
}
