package effects_test

import (
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/effects"
)

// awsDump reports, at each function, the AWS SDK calls of its summary with what IAM needs
// of them: service, operation, generation and the values of resource-naming fields.
var awsDump = &analysis.Analyzer{
	Name:     "awsdump",
	Doc:      "awsdump: report the AWS SDK calls of effect summaries, for tests",
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
						if e.AWS != nil {
							parts = append(parts, strings.TrimSpace(e.AWS.String()))
						}
					}
				}
				if len(parts) > 0 {
					pass.Reportf(fd.Name.Pos(), "%s: %s", fd.Name.Name, strings.Join(parts, "; "))
				}
			}
		}
		return nil, nil
	},
}

// Every form of an SDK call gives its service and operation, and the resource-naming
// values of its input as far as the code shows them.
func TestAWSCalls(t *testing.T) {
	analysistest.Run(t, testdata(), awsDump, "effects/awsapp")
}
