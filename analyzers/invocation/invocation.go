package invocation

import (
	_ "embed"
	"fmt"
	"go/token"
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

// Analyzer reports SLS202, SLS410 and SLS411.
var Analyzer = New()

// New returns a new instance of the analyzer with its own settings.
func New() *analysis.Analyzer {
	s := &settings{}
	a := &analysis.Analyzer{
		Name:             "invocation",
		Doc:              analyzerdoc.Extract(doc, "invocation"),
		URL:              rules.RepositoryURL + "/blob/main/docs/analyzers.md#invocation",
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
		switch e.Kind {
		case effects.Setup:
			// Set-up built from the event (a configuration sent to the function) cannot
			// move to start-up; one whose arguments' origin is lost is not judged.
			return !e.Exec.FromEvent() && e.Exec.FromParam != -1
		case effects.Network:
			return e.Exec.Unbounded != ""
		case effects.NewContext:
			return e.Exec.PassedTo != "" && e.Exec.CtxName != ""
		}
		return false
	})
	// Set-up, or contexts dropped, reached through one call of this package (or through
	// one registration serving another package's routes) are one finding at that code
	// site: moving the call to start-up, or passing the context along it, fixes all of
	// it, and a stack of findings on one line says no more.
	type group struct {
		kind effects.Kind
		pos  token.Pos
	}
	groups := map[group][]*handlers.Reached{}
	for _, re := range reached {
		if !re.Direct && (re.Effect.Kind == effects.Setup || re.Effect.Kind == effects.NewContext) {
			g := group{re.Effect.Kind, re.Pos}
			groups[g] = append(groups[g], re)
		}
	}
	others := func(re *handlers.Reached) ([]*handlers.Reached, bool) {
		if re.Direct {
			return nil, true
		}
		g := groups[group{re.Effect.Kind, re.Pos}]
		if g[0] != re {
			return nil, false
		}
		return g[1:], true
	}
	for _, re := range reached {
		switch re.Effect.Kind {
		case effects.Setup:
			if more, first := others(re); first {
				r.ReportRange(rules.PerInvocationSetup, re.Pos, re.End, setupMessage(re, more), re.Related...)
			}
		case effects.Network:
			r.ReportRange(rules.HTTPNoTimeout, re.Pos, re.End, timeoutMessage(re), re.Related...)
		case effects.NewContext:
			if more, first := others(re); first {
				r.ReportRange(rules.ContextNotPropagated, re.Pos, re.End, contextMessage(re, more), re.Related...)
			}
		}
	}
	return nil, nil
}

// subject names the cause and, when it is in a callee, where it is and how the handler
// reaches it.
func subject(re *handlers.Reached, what string) string {
	if re.Direct {
		return what + " in " + re.HandlerDesc()
	}
	return what + ", reachable from " + re.HandlerDesc() + ","
}

// environment is what the platform reuses between invocations.
func environment(h *handlers.Handler) string {
	if strings.HasPrefix(h.Source, "Cloud Functions") {
		return "function instance"
	}
	return "execution environment"
}

func setupMessage(re *handlers.Reached, more []*handlers.Reached) string {
	e := re.Effect
	what := e.Op
	var cost string
	switch {
	case e.Op == "config.LoadDefaultConfig" || strings.HasPrefix(e.Op, "session."):
		cost = "loads the AWS configuration and resolves credentials again on every invocation"
	case e.Op == "http.Client literal":
		what = "an http.Client literal"
		cost = "creates a new HTTP client on every invocation"
		if e.Detail != "" {
			cost += " with its own Transport, so no connection or TLS session is ever reused"
		}
	case e.Op == "http.Transport literal" || e.Op == "http.Transport.Clone":
		if e.Op == "http.Transport literal" {
			what = "an http.Transport literal"
		}
		cost = "creates a new HTTP transport on every invocation, so no connection or TLS session is ever reused"
	case strings.HasPrefix(e.Op, "regexp."):
		what = fmt.Sprintf("%s(%q)", e.Op, e.Detail)
		cost = "compiles a constant pattern again on every invocation"
	case strings.HasPrefix(e.Op, "template."):
		cost = "parses templates again on every invocation"
	case isPool(e.Op):
		cost = "opens a new connection pool on every invocation: connections are never reused and warm environments accumulate open ones"
	case strings.HasPrefix(e.Op, "pgx."):
		cost = "opens a new database connection on every invocation"
	default:
		cost = "creates a new SDK client on every invocation\none created once is safe to share and keeps its connections"
	}
	subj := subject(re, what)
	if len(more) > 0 {
		var also []string
		for _, m := range more {
			also = append(also, m.Effect.Op)
		}
		// "X (and Y), reachable from ..."
		subj = strings.Replace(subj, ", reachable from ", " (and "+strings.Join(also, ", ")+"), reachable from ", 1)
	}
	sep := "\n"
	if strings.Contains(cost, "\n") {
		sep = "; "
	}
	return subj + " " + cost + sep + "do it once per " + environment(re.Handler) +
		", at start-up (a package-level variable, init, or main before the handler starts) or lazily with sync.Once, and reuse it" + re.Via()
}

func isPool(op string) bool {
	for _, p := range []string{"sql.", "sqlx.", "sqltrace.", "sqlxtrace.", "otelsql.", "xray.SQLContext", "pgxpool.", "redis.", "mongo."} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}

func timeoutMessage(re *handlers.Reached) string {
	return subject(re, re.Effect.Op) + " can wait forever\n" + re.Effect.Exec.Unbounded +
		"; a hung dependency holds the invocation until the function times out, and the wait is billed; " +
		"use a client created once with a Timeout, or build the request with http.NewRequestWithContext(ctx, ...) from the invocation's context" + re.Via()
}

func contextMessage(re *handlers.Reached, more []*handlers.Reached) string {
	e := re.Effect
	what := e.Op
	if strings.HasPrefix(what, "context.") {
		what += "()"
	}
	subj := subject(re, what)
	if len(more) > 0 {
		var also []string
		for i, m := range more {
			if i == 3 {
				also = append(also, fmt.Sprintf("%d more", len(more)-3))
				break
			}
			op := m.Effect.Op
			if strings.HasPrefix(op, "context.") {
				op += "()"
			}
			also = append(also, op+" passed to "+m.Effect.Exec.PassedTo)
		}
		// "X (and Y passed to Z), reachable from ..."
		subj = strings.Replace(subj, ", reachable from ", " (and "+strings.Join(also, ", ")+"), reachable from ", 1)
	}
	return subj + " is passed to " + e.Exec.PassedTo + " although " + e.Exec.CtxName +
		", the invocation's context, is in scope\nthe call ignores the invocation's deadline and cancellation " +
		"and starts a new trace; pass " + e.Exec.CtxName + " (or context.WithoutCancel(" + e.Exec.CtxName + ") for work that must outlive the invocation)" + re.Via()
}
