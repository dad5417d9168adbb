package program

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/coldstart"
	"github.com/slslint/slslint/analyzers/effects"
	"github.com/slslint/slslint/analyzers/handlers"
	"github.com/slslint/slslint/analyzers/idempotency"
	"github.com/slslint/slslint/analyzers/internal/analyzerdoc"
	"github.com/slslint/slslint/crosslayer"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

//go:embed doc.go
var doc string

// Analyzer describes function binaries for the cross-layer checks.
var Analyzer = New()

// New returns a new instance of the analyzer, without a source of non-idempotent evidence.
func New() *analysis.Analyzer { return NewWithEvidence(idempotency.Analyzer) }

// EvidenceSource is what the Result of the analyzer behind SLS101–SLS103 provides: for a
// handler of the package, its non-idempotent writes and side effects.
type EvidenceSource interface {
	NonIdempotent(h *handlers.Handler) []effects.IdempotencyEvidence
}

// NewWithEvidence returns a new instance of the analyzer that also requires evidence,
// whose Result must implement EvidenceSource, and fills Entry.NonIdempotent from it.
func NewWithEvidence(evidence *analysis.Analyzer) *analysis.Analyzer {
	return NewWith(coldstart.Analyzer, evidence)
}

// NewWith is NewWithEvidence with the coldstart analyzer whose Result says what blocks at
// start-up: a run that configures its own coldstart instance passes it, so that one
// coldstart runs, with that configuration.
func NewWith(cold, evidence *analysis.Analyzer) *analysis.Analyzer {
	requires := []*analysis.Analyzer{effects.Analyzer, handlers.Analyzer, cold}
	if evidence != nil {
		requires = append(requires, evidence)
	}
	return &analysis.Analyzer{
		Name:             "program",
		Doc:              analyzerdoc.Extract(doc, "program"),
		URL:              rules.RepositoryURL + "/blob/main/docs/analyzers.md#program",
		Run:              func(pass *analysis.Pass) (any, error) { return run(pass, cold, evidence) },
		RunDespiteErrors: true,
		Requires:         requires,
		ResultType:       reflect.TypeFor[*Result](),
	}
}

// Result is the description of a main package; Program is nil for other packages.
type Result struct {
	Program *crosslayer.Program
}

const (
	lambdaPkg    = "github.com/aws/aws-lambda-go/lambda."
	lambdaurlPkg = "github.com/aws/aws-lambda-go/lambdaurl."
)

func run(pass *analysis.Pass, coldAnalyzer, evidence *analysis.Analyzer) (any, error) {
	if pass.Pkg.Name() != "main" || strings.HasSuffix(pass.Pkg.Path(), ".test") || len(pass.Files) == 0 {
		return &Result{}, nil
	}
	hs, _ := pass.ResultOf[handlers.Analyzer].(*handlers.Result)
	eff, _ := pass.ResultOf[effects.Analyzer].(*effects.Result)
	cold, _ := pass.ResultOf[coldAnalyzer].(*coldstart.Result)
	var src EvidenceSource
	if evidence != nil {
		src, _ = pass.ResultOf[evidence].(EvidenceSource)
	}
	b := &builder{pass: pass, eff: eff}
	p := &crosslayer.Program{Path: pass.Pkg.Path(), Dir: filepath.Dir(pass.Fset.File(pass.Files[0].FileStart).Name())}
	if hs != nil {
		p.Entries = append(p.Entries, b.entries(hs, src)...)
		for _, v := range hs.Env {
			p.Env = append(p.Env, crosslayer.EnvRead{Name: v.Name, HasDefault: v.HasDefault, At: rangeOf(v.At)})
		}
	}
	// Start-up code and main: reads of unknown variables, and retryers configured once for
	// every call of the clients built with them.
	startup := append([]effects.Effect(nil), eff.Init()...)
	if obj, ok := pass.Pkg.Scope().Lookup("main").(*types.Func); ok {
		if sum := eff.Func(obj); sum != nil {
			startup = append(startup, sum.Effects...)
		}
	}
	startup = eff.Resolve(startup)
	var all []effects.Effect
	all = append(all, startup...)
	for _, e := range b.handlerEffects {
		all = append(all, e...)
	}
	seen := map[effects.Position]bool{}
	for _, e := range all {
		switch {
		case seen[e.At()]:
		case e.Kind == effects.EnvAny:
			seen[e.At()] = true
			p.EnvOpaque = append(p.EnvOpaque, crosslayer.Site{At: rangeOf(e.At()), What: e.Op})
		case e.Kind == effects.Dynamic:
			seen[e.At()] = true
			p.Unresolved = append(p.Unresolved, crosslayer.Site{At: rangeOf(e.At()), What: e.Op})
		}
	}
	for i := range startup {
		e := &startup[i]
		if e.Kind == effects.TimeBudget && e.Op == "retry.NewStandard" {
			p.Budgets = append(p.Budgets, budgetOf(e, "main", pass.Pkg.Path()))
		}
		if e.AWS != nil {
			b.addAWS(e, "main", pass.Pkg.Path(), true)
		}
	}
	p.AWSCalls = b.awsCalls
	p.AWSIncomplete = awsIncomplete(p, append([][]effects.Effect{startup}, b.handlerEffects...))
	if cold != nil {
		for _, w := range cold.Startup {
			p.Startup = append(p.Startup, crosslayer.Site{At: b.rangeOfPos(w.Pos, w.End), What: w.Summary})
		}
	}
	return &Result{Program: p}, nil
}

type builder struct {
	pass *analysis.Pass
	eff  *effects.Result
	// handlerEffects are the effects of every entry, for the program-wide lists.
	handlerEffects [][]effects.Effect
	// awsCalls are the program's AWS SDK calls, once per call site and operation.
	awsCalls []crosslayer.AWSCall
	awsSeen  map[string]bool
}

// addAWS records an AWS SDK call the program can make, with its input values, struct fields
// resolved where this package wires them.
func (b *builder) addAWS(e *effects.Effect, root, pkgPath string, startup bool) {
	at := e.At()
	key := fmt.Sprintf("%s:%d:%d %s.%s", at.File, at.Line, at.Col, e.AWS.Package, e.AWS.Operation)
	if b.awsSeen == nil {
		b.awsSeen = map[string]bool{}
	}
	if b.awsSeen[key] {
		return
	}
	b.awsSeen[key] = true
	c := crosslayer.AWSCall{Package: e.AWS.Package, Operation: e.AWS.Operation, V1: e.AWS.V1, Manager: e.AWS.Manager,
		Fields: e.AWS.Fields, Seen: e.AWS.Seen, Startup: startup, At: rangeOf(at), Chain: e.Chain(root, pkgPath)}
	for _, v := range e.AWS.Values {
		c.Values = append(c.Values, crosslayer.FieldValue{Path: v.Path, Parts: b.resolveParts(v.Parts, 0)})
	}
	b.awsCalls = append(b.awsCalls, c)
}

// resolveParts turns a value's pieces into the cross-layer form: struct fields the callee's
// package left open are answered by what this package assigns them.
func (b *builder) resolveParts(ps []effects.ValuePart, depth int) []crosslayer.ValuePart {
	var out []crosslayer.ValuePart
	for _, p := range ps {
		switch {
		case p.Field != "":
			wired, ok := b.eff.FieldParts(p.Field)
			if !ok || depth > 2 {
				out = append(out, crosslayer.ValuePart{Unknown: true})
				continue
			}
			out = append(out, b.resolveParts(wired, depth+1)...)
		default:
			out = append(out, crosslayer.ValuePart{Lit: p.Lit, Env: p.Env, Unknown: p.Unknown})
		}
	}
	return out
}

// awsIncomplete says why the program's AWS calls may not all be known: calls through
// interfaces nothing resolves, or summaries that reached their bound and may have dropped
// some.
func awsIncomplete(p *crosslayer.Program, lists [][]effects.Effect) string {
	if len(p.Unresolved) > 0 {
		return "calls through " + p.Unresolved[0].What + " whose implementation is not known"
	}
	for _, list := range lists {
		count := map[effects.Kind]int{}
		for _, e := range list {
			count[e.Kind]++
		}
		for _, k := range []effects.Kind{effects.Write, effects.Network, effects.Invoke} {
			if count[k] >= effects.MaxPerKind {
				return fmt.Sprintf("%d or more %s calls in one summary, beyond what it keeps", effects.MaxPerKind, k)
			}
		}
	}
	return ""
}

// entries returns the package's Lambda entry points, in source order: each registration
// of a Lambda handler, and each Lambda-facing registration that serves HTTP routes (whose
// effects are the routes').
func (b *builder) entries(hs *handlers.Result, src EvidenceSource) []*crosslayer.Entry {
	type group struct {
		entry    *crosslayer.Entry
		handlers []*handlers.Handler
	}
	byCall := map[ast.Node]*group{}
	var order []ast.Node
	add := func(call ast.Node, h *handlers.Handler, name string) *group {
		g := byCall[call]
		if g == nil {
			g = &group{entry: &crosslayer.Entry{Name: name, At: b.rangeOfPos(call.Pos(), call.End())}}
			byCall[call] = g
			order = append(order, call)
		}
		g.handlers = append(g.handlers, h)
		return g
	}
	for _, h := range hs.Handlers {
		if b.inTest(h) {
			continue
		}
		switch {
		case h.Route == "" && h.Registration != nil && isLambdaRegistrar(h.Registrar):
			g := add(h.Registration, h, h.Name)
			e := g.entry
			e.Name, e.Decl = h.Name, rangeOf(h.DeclAt)
			e.Event, e.Response = h.EventName, h.ResponseName
			e.BatchResponse = batchResponse(h.Response, h.ResponseName)
		case h.Route != "" && h.EntryCall != nil:
			add(h.EntryCall, h, "HTTP routes")
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].Pos() < order[j].Pos() })
	var out []*crosslayer.Entry
	for _, call := range order {
		g := byCall[call]
		e := g.entry
		b.describe(e, g.handlers, src)
		for _, h := range g.handlers {
			b.handlerEffects = append(b.handlerEffects, h.Effects)
		}
		out = append(out, e)
	}
	return out
}

func (b *builder) inTest(h *handlers.Handler) bool {
	if h.Registration != nil && strings.HasSuffix(b.pass.Fset.Position(h.Registration.Pos()).Filename, "_test.go") {
		return true
	}
	return strings.HasSuffix(h.DeclAt.File, "_test.go") && h.Registration == nil
}

func isLambdaRegistrar(name string) bool {
	return strings.HasPrefix(name, lambdaPkg) || strings.HasPrefix(name, lambdaurlPkg)
}

// describe fills in what an entry's handlers can do.
func (b *builder) describe(e *crosslayer.Entry, hs []*handlers.Handler, src EvidenceSource) {
	pkgPath := b.pass.Pkg.Path()
	for _, h := range hs {
		b.describeHandler(e, h.Name, h.Effects, pkgPath)
		if src != nil {
			for _, ev := range src.NonIdempotent(h) {
				e.NonIdempotent = append(e.NonIdempotent, crosslayer.Evidence{Rule: ev.Rule, Op: ev.Effect.Op, Reason: ev.Reason,
					At: rangeOf(ev.Effect.At()), Chain: ev.Effect.Chain(h.Name, pkgPath)})
			}
		}
	}
}

func (b *builder) describeHandler(e *crosslayer.Entry, root string, all []effects.Effect, pkgPath string) {
	for i := range all {
		eff := &all[i]
		chain := eff.Chain(root, pkgPath)
		if eff.AWS != nil {
			b.addAWS(eff, root, pkgPath, false)
		}
		switch eff.Kind {
		case effects.Write:
			env := eff.TargetEnv
			if env == "" && eff.TargetField != "" {
				env = b.eff.FieldEnv(eff.TargetField)
			}
			if env == "" && eff.TargetKey == "" {
				continue
			}
			e.Writes = append(e.Writes, crosslayer.Write{Op: eff.Op, Env: env, Key: eff.TargetKey, At: rangeOf(eff.At()), Chain: chain})
		case effects.Sleep, effects.Network, effects.TimeBudget:
			if eff.Duration > 0 {
				e.Budgets = append(e.Budgets, budgetOf(eff, root, pkgPath))
			}
		case effects.ContextCheck:
			if eff.Op == "ctx.Deadline" {
				e.ReadsDeadline = true
			}
		case effects.BatchLoop:
			l := crosslayer.Loop{Event: eff.Detail, At: rangeOf(eff.At()), Chain: chain}
			for j := range all {
				in := &all[j]
				if in.Duration <= 0 || !insideLoop(eff, in) {
					continue
				}
				if l.PerItem == nil || time.Duration(in.Duration) > l.PerItem.Duration {
					bu := budgetOf(in, root, pkgPath)
					l.PerItem = &bu
				}
			}
			e.Loops = append(e.Loops, l)
		}
	}
}

// insideLoop reports whether effect in is reached inside the loop whose BatchLoop effect
// is loop: its path follows the loop's path to the loop's function, and then starts inside
// the loop's range.
func insideLoop(loop, in *effects.Effect) bool {
	k := len(loop.Path)
	if k == 0 || len(in.Path) < k {
		return false
	}
	for i := 0; i < k-1; i++ {
		if in.Path[i].At != loop.Path[i].At {
			return false
		}
	}
	return within(in.Path[k-1].At, loop.Path[k-1].At)
}

func within(p, r effects.Position) bool {
	if p.File != r.File {
		return false
	}
	after := p.Line > r.Line || p.Line == r.Line && p.Col >= r.Col
	before := p.Line < r.EndLine || p.Line == r.EndLine && p.Col < r.EndCol
	return after && before
}

func budgetOf(e *effects.Effect, root, pkgPath string) crosslayer.Budget {
	what := e.Op
	switch {
	case e.Kind == effects.Sleep:
		what = "a sleep (" + e.Op + ")"
	case e.Kind == effects.Network:
		what = "an HTTP request (http.Client.Timeout, " + e.Op + ")"
	case e.Op == "loop":
		what = "a loop of " + e.Detail
	case strings.HasPrefix(e.Op, "context.WithTimeout"):
		what = "a context timeout (" + e.Op + ")"
	case strings.HasPrefix(e.Op, "context.WithDeadline"):
		what = "a context deadline (" + e.Op + ")"
	case e.Detail != "":
		what = "a " + e.Detail + " (" + e.Op + ")"
	}
	return crosslayer.Budget{Op: e.Op, What: what, Duration: time.Duration(e.Duration), At: rangeOf(e.At()), Chain: e.Chain(root, pkgPath)}
}

// batchResponse says whether a handler's response reports batch item failures.
func batchResponse(t types.Type, name string) crosslayer.Answer {
	if t == nil {
		if name == "" {
			return crosslayer.No // the handler returns only an error
		}
		return crosslayer.Unknown
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil {
		switch n.Obj().Pkg().Path() + "." + n.Obj().Name() {
		case "github.com/aws/aws-lambda-go/events.SQSEventResponse", "github.com/aws/aws-lambda-go/events.KinesisEventResponse",
			"github.com/aws/aws-lambda-go/events.DynamoDBEventResponse":
			return crosslayer.Yes
		case "encoding/json.RawMessage":
			return crosslayer.Unknown
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			name := f.Name()
			if tag, ok := reflect.StructTag(u.Tag(i)).Lookup("json"); ok {
				if n, _, _ := strings.Cut(tag, ","); n != "" {
					name = n
				}
			}
			if strings.EqualFold(name, "batchItemFailures") {
				return crosslayer.Yes
			}
		}
		return crosslayer.No
	case *types.Interface, *types.Map:
		return crosslayer.Unknown // any value may be returned
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
			return crosslayer.Unknown // raw JSON
		}
	}
	return crosslayer.No
}

func rangeOf(p effects.Position) model.Range {
	r := model.Range{File: p.File, Line: p.Line, Column: p.Col, EndLine: p.EndLine, EndColumn: p.EndCol}
	if r.EndLine == 0 {
		r.EndLine, r.EndColumn = r.Line, r.Column
	}
	return r
}

func (b *builder) rangeOfPos(pos, end token.Pos) model.Range {
	p := b.pass.Fset.Position(pos)
	r := model.Range{File: p.Filename, Line: p.Line, Column: p.Column, EndLine: p.Line, EndColumn: p.Column}
	if e := b.pass.Fset.Position(end); e.IsValid() && e.Filename == p.Filename {
		r.EndLine, r.EndColumn = e.Line, e.Column
	}
	return r
}
