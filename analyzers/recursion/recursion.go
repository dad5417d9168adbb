package recursion

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/effects"
	"github.com/slslint/slslint/analyzers/handlers"
	"github.com/slslint/slslint/analyzers/internal/analyzerdoc"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/rules"
)

//go:embed doc.go
var doc string

// Analyzer reports SLS113.
var Analyzer = New()

// New returns a new instance of the analyzer with its own settings.
func New() *analysis.Analyzer {
	s := &settings{}
	a := &analysis.Analyzer{
		Name:             "recursion",
		Doc:              analyzerdoc.Extract(doc, "recursion"),
		URL:              rules.RepositoryURL + "/blob/main/docs/analyzers.md#recursion",
		Run:              s.run,
		RunDespiteErrors: true,
		Requires:         []*analysis.Analyzer{handlers.Analyzer, effects.Analyzer},
	}
	s.common.Register(&a.Flags)
	return a
}

type settings struct {
	common diagnostic.Options
}

func (s *settings) run(pass *analysis.Pass) (any, error) {
	res, _ := pass.ResultOf[handlers.Analyzer].(*handlers.Result)
	if res == nil || len(res.Handlers) == 0 {
		return nil, nil
	}
	eff, _ := pass.ResultOf[effects.Analyzer].(*effects.Result)
	r := diagnostic.NewReporter(pass, &s.common)
	reached := res.Reach(func(e *effects.Effect) bool {
		return e.Kind == effects.Invoke && (e.Self || e.NameField != "" && eff.SelfNameField(e.NameField))
	})
	for _, re := range reached {
		r.ReportRange(rules.RecursiveInvocation, re.Pos, re.End, message(re), re.Related...)
	}
	return nil, nil
}

func message(re *handlers.Reached) string {
	e := re.Effect
	origin := e.Detail
	if !e.Self {
		origin = "field " + shortField(e.NameField) + ", set to AWS_LAMBDA_FUNCTION_NAME in this package"
	}
	return re.Subject() + " invokes the function itself (FunctionName from " + origin + ")\nevery invocation starts " +
		"another, a loop that is billed until the concurrency limit stops it; invoke a different function or hand " +
		"the work to a queue or state machine with a bounded retry" + re.Via()
}

// shortField drops the package path of "pkg/path.Type.field".
func shortField(key string) string {
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '/' {
			return key[i+1:]
		}
	}
	return key
}
