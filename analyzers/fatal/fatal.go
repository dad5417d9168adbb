package fatal

import (
	_ "embed"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/effects"
	"github.com/slslint/slslint/analyzers/handlers"
	"github.com/slslint/slslint/analyzers/internal/analyzerdoc"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/rules"
)

//go:embed doc.go
var doc string

// Analyzer reports SLS105.
var Analyzer = New()

// New returns a new instance of the analyzer with its own settings.
func New() *analysis.Analyzer {
	s := &settings{}
	a := &analysis.Analyzer{
		Name:             "fatal",
		Doc:              analyzerdoc.Extract(doc, "fatal"),
		URL:              rules.RepositoryURL + "/blob/main/docs/analyzers.md#fatal",
		Run:              s.run,
		RunDespiteErrors: true,
		Requires:         []*analysis.Analyzer{handlers.Analyzer},
	}
	s.common.Register(&a.Flags)
	a.Flags.BoolVar(&s.panics, "panics", true, "also report panics with no recover on the path (not only log.Fatal and os.Exit)")
	return a
}

type settings struct {
	common diagnostic.Options
	panics bool
}

func (s *settings) run(pass *analysis.Pass) (any, error) {
	res, _ := pass.ResultOf[handlers.Analyzer].(*handlers.Result)
	if res == nil || len(res.Handlers) == 0 {
		return nil, nil
	}
	r := diagnostic.NewReporter(pass, &s.common)
	reached := res.Reach(func(e *effects.Effect) bool {
		return e.Kind == effects.Fatal || s.panics && e.Kind == effects.Panic && !isAssertion(e.Detail)
	})
	for _, re := range reached {
		r.ReportRange(rules.FatalInHandler, re.Pos, re.End, message(re), re.Related...)
	}
	return nil, nil
}

// isAssertion recognizes the message of a panic that marks code the author knows cannot
// run (`panic("unreachable")`): an invariant, not error handling.
func isAssertion(msg string) bool {
	msg = strings.ToLower(msg)
	for _, w := range []string{"unreachable", "not reached", "impossible", "should never happen", "can't happen", "cannot happen"} {
		if strings.Contains(msg, w) {
			return true
		}
	}
	return false
}

// message says what the cause is, where and how the handler reaches it, what it does to the
// runtime and what to do instead.
func message(re *handlers.Reached) string {
	e := re.Effect
	process := "the Lambda runtime process"
	if strings.HasPrefix(re.Handler.Source, "Cloud Functions") {
		process = "the function instance's process"
	}
	subject := re.Subject()
	switch {
	case e.Kind == effects.Panic && e.InGoroutine:
		return subject + " panics in a goroutine, where no recover of the handler applies\nit crashes " + process + " " +
			"and the next invocation pays a cold start; send the error back over a channel or an errgroup instead" + re.Via()
	case e.Kind == effects.Panic:
		return subject + " panics with no recover on the path\nthe runtime reports a failed invocation and then exits the " +
			"process, so the next invocation pays a cold start; return an error instead" + re.Via()
	}
	return subject + " exits " + process + "\nthe invocation fails without returning its error and the " +
		"next one pays a cold start; return the error instead" + re.Via()
}
