package effects_test

import (
	"go/ast"
	"go/types"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/effects"
)

// crossDump reports, at each function, the effects of its summary that carry what the
// cross-layer checks read: write targets, durations, batch loops and unknown env reads.
var crossDump = &analysis.Analyzer{
	Name:     "crossdump",
	Doc:      "crossdump: report the cross-layer part of effect summaries, for tests",
	Requires: []*analysis.Analyzer{effects.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[effects.Analyzer].(*effects.Result)
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				fn := pass.TypesInfo.Defs[fd.Name].(*types.Func)
				var parts []string
				if sum := res.Func(fn); sum != nil {
					for _, e := range sum.Effects {
						s := e.Kind.String() + " " + e.Op
						switch e.Kind {
						case effects.Write:
							if e.TargetEnv != "" {
								s += " $" + e.TargetEnv
							}
							if e.TargetField != "" {
								s += " field " + strings.TrimPrefix(e.TargetField, "")
							}
							if e.TargetKey != "" {
								s += " key \"" + e.TargetKey + "\""
							}
						case effects.TimeBudget:
							if e.Detail != "" {
								s += " " + e.Detail
							}
						case effects.BatchLoop, effects.EnvAny:
						case effects.Sleep, effects.Network:
						default:
							continue
						}
						if e.Duration > 0 {
							s += " " + time.Duration(e.Duration).String()
						}
						parts = append(parts, s)
					}
				}
				pass.Reportf(fd.Name.Pos(), "%s: %s", fd.Name.Name, strings.Join(parts, "; "))
			}
		}
		return nil, nil
	},
}

func TestCrossLayerEffects(t *testing.T) {
	analysistest.Run(t, testdata(), crossDump, "effects/crossapp")
}
