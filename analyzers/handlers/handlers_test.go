package handlers_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

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
	analysistest.Run(t, testdata(), dump, "handlers/multi", "handlers/url", "handlers/proxy", "handlers/gcf")
}
