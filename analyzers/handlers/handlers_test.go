package handlers_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/effects"
	"github.com/slslint/slslint/analyzers/handlers"
)

func testdata() string {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}

// TestFacts checks the facts: handlers by signature, routes, and each package's entries.
func TestFacts(t *testing.T) {
	analysistest.Run(t, testdata(), handlers.Analyzer, "handlers/sig", "handlers/routes", "handlers/entries")
}

// dump reports every handler of the Result at its registration (or declaration), so that
// the tests can check the model with want comments.
var dump = &analysis.Analyzer{
	Name:     "handlerdump",
	Doc:      "handlerdump: report the handler model, for tests",
	Requires: []*analysis.Analyzer{handlers.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[handlers.Analyzer].(*handlers.Result)
		for _, h := range res.Handlers {
			pos := h.Decl
			if h.Registration != nil {
				pos = h.Registration.Pos()
			} else if h.EntryCall != nil {
				pos = h.EntryCall.Pos()
			}
			if !pos.IsValid() {
				pos = pass.Files[0].Package
			}
			var kinds []string
			for _, e := range h.Effects {
				kinds = append(kinds, e.Kind.String())
			}
			resp := h.ResponseName
			if resp == "" {
				resp = "-"
			}
			event := h.EventName
			if event == "" {
				event = "-"
			}
			pass.Reportf(pos, "%s %s %s %s->%s report=%v effects=[%s]", h.Name, h.Source, h.Trigger, event, resp, h.Report, strings.Join(kinds, " "))
		}
		var env []string
		for _, v := range res.Env {
			env = append(env, fmt.Sprintf("%s(default=%v)", v.Name, v.HasDefault))
		}
		if len(env) > 0 {
			pass.Reportf(pass.Files[0].Package, "env %s", strings.Join(env, " "))
		}
		return nil, nil
	},
}

func TestModel(t *testing.T) {
	analysistest.Run(t, testdata(), dump, "handlers/multi", "handlers/url", "handlers/proxy", "handlers/gcf", "handlers/testonly")
}

// flow reports the fatal exits reachable from handlers with their related information, so
// that the tests check the code flow: the handler, then every call down to the cause.
var flow = &analysis.Analyzer{
	Name:     "flowdump",
	Doc:      "flowdump: report the paths of Reach, for tests",
	Requires: []*analysis.Analyzer{handlers.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[handlers.Analyzer].(*handlers.Result)
		for _, re := range res.Reach(func(e *effects.Effect) bool { return e.Kind == effects.Fatal }) {
			var steps []string
			for _, r := range re.Related {
				p := pass.Fset.Position(r.Pos)
				steps = append(steps, fmt.Sprintf("%s:%d:%d %s", filepath.Base(p.Filename), p.Line, p.Column, r.Message))
			}
			pass.Reportf(re.Pos, "%s | %s", re.Chain(), strings.Join(steps, " | "))
		}
		return nil, nil
	},
}

func TestFlow(t *testing.T) {
	analysistest.Run(t, testdata(), flow, "handlers/flow")
}
