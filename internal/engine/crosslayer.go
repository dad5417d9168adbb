package engine

import (
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/program"
	"github.com/slslint/slslint/crosslayer"
	"github.com/slslint/slslint/internal/gocheck"
	"github.com/slslint/slslint/rules"
)

// crossLayer reports whether a cross-layer rule is enabled.
func (s *selection) crossLayer() bool {
	for _, r := range rules.All() {
		if r.Layer == rules.LayerCross && s.enabled[r.ID] {
			return true
		}
	}
	return false
}

// programsOf collects the descriptions of the main packages analyzed, with
// repository-relative paths. A package's test variant (loaded with --tests) describes the
// same program and is skipped.
func programsOf(res *gocheck.Result, prog *analysis.Analyzer, sources *sourceCache) []*crosslayer.Program {
	if res == nil || res.Graph == nil || prog == nil {
		return nil
	}
	var out []*crosslayer.Program
	seen := map[string]bool{}
	for _, act := range res.Graph.Roots {
		if res.AnalyzerOf(act) != prog || act.Err != nil || strings.Contains(act.Package.ID, " [") {
			continue
		}
		r, ok := act.Result.(*program.Result)
		if !ok || r == nil || r.Program == nil {
			continue
		}
		p := r.Program
		if file, ok := res.Standalone[act.Package]; ok {
			p.File = file
		}
		if _, ok := sources.rel(p.Dir); !ok || seen[p.Key()] {
			continue
		}
		seen[p.Key()] = true
		p.Relativize(sources.rel)
		out = append(out, p)
	}
	return out
}
