package freeze

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

// Analyzer reports SLS606 and SLS607.
var Analyzer = New()

// New returns a new instance of the analyzer with its own settings.
func New() *analysis.Analyzer {
	s := &settings{}
	a := &analysis.Analyzer{
		Name:             "freeze",
		Doc:              analyzerdoc.Extract(doc, "freeze"),
		URL:              rules.RepositoryURL + "/blob/main/docs/analyzers.md#freeze",
		Run:              s.run,
		RunDespiteErrors: true,
		Requires:         []*analysis.Analyzer{handlers.Analyzer},
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
	r := diagnostic.NewReporter(pass, &s.common)
	reached := res.Reach(func(e *effects.Effect) bool {
		// A get-or-create memo grows with its keys: only keys taken from the event are
		// unbounded.
		return e.Kind == effects.Goroutine && !e.Exec.Joined || e.Kind == effects.GlobalGrowth && (!e.Exec.Memo || e.Exec.FromEvent())
	})
	for _, re := range reached {
		if re.Effect.Kind == effects.Goroutine {
			r.ReportRange(rules.GoroutineOutlivesInvocation, re.Pos, re.End, goroutineMessage(re), re.Related...)
		} else {
			r.ReportRange(rules.GlobalStateGrowth, re.Pos, re.End, growthMessage(re, pass.Pkg.Path()), re.Related...)
		}
	}
	return nil, nil
}

func subject(re *handlers.Reached, what string) string {
	if re.Direct {
		return what + " in " + re.HandlerDesc()
	}
	return what + ", reachable from " + re.HandlerDesc() + ","
}

func cloudFunctions(h *handlers.Handler) bool { return strings.HasPrefix(h.Source, "Cloud Functions") }

func goroutineMessage(re *handlers.Reached) string {
	e := re.Effect
	what := "goroutine"
	if e.Exec.Runs != "" {
		what += " running " + e.Exec.Runs
	}
	if e.Op != "go statement" {
		what += " (" + e.Op + ")"
	}
	freeze := "after the handler returns, Lambda freezes the execution environment, so the goroutine stops mid-flight " +
		"and resumes during a later invocation, or never if the environment is shut down"
	if cloudFunctions(re.Handler) {
		freeze = "after the function returns, the instance's CPU is throttled and the instance may be shut down, " +
			"so the goroutine stops mid-flight or never finishes"
	}
	return subject(re, what) + " is not waited for\n" + freeze +
		"; wait for it before returning (sync.WaitGroup, errgroup.Group.Wait, a receive of its result), or hand the work to a queue" + re.Via()
}

func growthMessage(re *handlers.Reached, pkgPath string) string {
	e := re.Effect
	name := e.Detail
	if cause := e.Path[len(e.Path)-1]; cause.PkgPath != "" && cause.PkgPath != pkgPath {
		name = cause.Pkg + "." + name
	}
	var what string
	switch e.Op {
	case "append":
		what = "append to package-level slice " + name
	case "map insert":
		what = "insert into package-level map " + name
	default:
		what = e.Op + " on package-level " + name
	}
	env := "execution environment"
	if cloudFunctions(re.Handler) {
		env = "function instance"
	}
	return subject(re, what) + " grows state that outlives the invocation\nthe " + env + " is reused, so " + name +
		" grows with every warm invocation until memory runs out, and one request's data stays visible to the next; " +
		"keep per-request data in local variables, or bound it (an LRU cache, a delete on the same path)" + re.Via()
}
