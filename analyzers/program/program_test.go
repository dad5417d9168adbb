package program_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/effects"
	"github.com/slslint/slslint/analyzers/handlers"
	"github.com/slslint/slslint/analyzers/program"
	"github.com/slslint/slslint/crosslayer"
)

func short(t string) string {
	if i := strings.LastIndex(t, "/"); i >= 0 {
		t = t[i+1:]
	}
	if t == "" {
		return "-"
	}
	return t
}

// dump reports the program description of a main package at its package clause.
var dump = &analysis.Analyzer{
	Name:     "programdump",
	Doc:      "programdump: report program descriptions, for tests",
	Requires: []*analysis.Analyzer{program.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[program.Analyzer].(*program.Result)
		p := res.Program
		if p == nil {
			return nil, nil
		}
		var parts []string
		for _, e := range p.Entries {
			var writes, budgets, loops []string
			for _, w := range e.Writes {
				s := w.Op
				if w.Env != "" {
					s += " $" + w.Env
				}
				if w.Key != "" {
					s += fmt.Sprintf(" %q", w.Key)
				}
				writes = append(writes, s)
			}
			for _, b := range e.Budgets {
				budgets = append(budgets, b.Op+" "+b.Duration.String())
			}
			for _, l := range e.Loops {
				s := l.Event
				if l.PerItem != nil {
					s += " per-item " + l.PerItem.Duration.String()
				}
				loops = append(loops, s)
			}
			batch := map[crosslayer.Answer]string{crosslayer.Yes: "yes", crosslayer.No: "no", crosslayer.Unknown: "unknown"}[e.BatchResponse]
			parts = append(parts, fmt.Sprintf("entry %s event=%s response=%s batch=%s deadline=%v writes=[%s] budgets=[%s] loops=[%s]",
				e.Name, short(e.Event), short(e.Response), batch, e.ReadsDeadline,
				strings.Join(writes, ", "), strings.Join(budgets, ", "), strings.Join(loops, ", ")))
		}
		var env []string
		for _, v := range p.Env {
			s := v.Name
			if v.HasDefault {
				s += "(default)"
			}
			env = append(env, s)
		}
		parts = append(parts, "env=["+strings.Join(env, " ")+"]", fmt.Sprintf("opaque=%d", len(p.EnvOpaque)), fmt.Sprintf("unresolved=%d", len(p.Unresolved)), fmt.Sprintf("startup=%d", len(p.Startup)))
		pass.Reportf(pass.Files[0].Package, "%s", strings.Join(parts, "; "))
		return nil, nil
	},
}

// fakeEvidence stands for the idempotency analyzer: every write its handlers reach is
// SLS101 evidence.
var fakeEvidence = &analysis.Analyzer{
	Name:       "fakeevidence",
	Doc:        "fakeevidence: every write is non-idempotent, for tests",
	Requires:   []*analysis.Analyzer{handlers.Analyzer},
	ResultType: reflect.TypeFor[evidence](),
	Run:        func(pass *analysis.Pass) (any, error) { return evidence{}, nil },
}

type evidence struct{}

func (evidence) NonIdempotent(h *handlers.Handler) []effects.IdempotencyEvidence {
	var out []effects.IdempotencyEvidence
	for _, e := range h.Effects {
		if e.Kind == effects.Write {
			out = append(out, effects.IdempotencyEvidence{Rule: "SLS101", Effect: e, Reason: "a test"})
		}
	}
	return out
}

// TestEvidence checks the wiring of NewWithEvidence: the evidence source's answers become
// the entries' NonIdempotent evidence, with the path from the handler.
func TestEvidence(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	a := program.NewWithEvidence(fakeEvidence)
	check := &analysis.Analyzer{
		Name:     "evidencedump",
		Doc:      "evidencedump: report non-idempotent evidence, for tests",
		Requires: []*analysis.Analyzer{a},
		Run: func(pass *analysis.Pass) (any, error) {
			if p := pass.ResultOf[a].(*program.Result).Program; p != nil {
				for _, e := range p.Entries {
					for _, ev := range e.NonIdempotent {
						pass.Reportf(pass.Files[0].Package, "%s %s %s: %s", ev.Rule, ev.Op, ev.Reason, ev.Chain)
					}
				}
			}
			return nil, nil
		},
	}
	analysistest.Run(t, dir, check, "program/evidence")
}

func TestProgram(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, dump, "program/app", "program/opaque", "program/wired")
}
