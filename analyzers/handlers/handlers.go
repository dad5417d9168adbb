package handlers

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/slslint/slslint/analyzers/effects"
	"github.com/slslint/slslint/analyzers/internal/analyzerdoc"
	"github.com/slslint/slslint/rules"
)

//go:embed doc.go
var doc string

// Analyzer finds the entry points of serverless functions.
var Analyzer = New()

// New returns a new instance of the analyzer.
func New() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "handlers",
		Doc:              analyzerdoc.Extract(doc, "handlers"),
		URL:              rules.RepositoryURL + "/blob/main/docs/analyzers.md#handlers",
		Run:              run,
		RunDespiteErrors: true,
		Requires:         []*analysis.Analyzer{effects.Analyzer},
		FactTypes:        []analysis.Fact{new(HandlerFact), new(RoutesFact), new(EntriesFact)},
		ResultType:       reflect.TypeFor[*Result](),
	}
}

// HandlerFact marks a function or method whose signature makes it a Lambda handler: its
// parameters are (context.Context, E) or (E) with E a top-level event type of
// aws-lambda-go/events, and it returns nothing, an error or (T, error). The package that
// declares it reports the handler rules for it; packages registering it do not again.
type HandlerFact struct {
	Event, Response string // type strings with full package paths; Response may be ""
	Source          string // "SQS", "API Gateway REST", ...
	Trigger         Trigger
}

// AFact marks HandlerFact as a fact.
func (*HandlerFact) AFact() {}

func (f *HandlerFact) String() string {
	return fmt.Sprintf("handler(%s, %s)", f.Source, f.Trigger)
}

// RoutesFact lists the HTTP route handlers a package registers (net/http, gorilla/mux,
// chi, gin, echo, fiber), with their effects, so that the package that serves them through
// Lambda (lambdaurl, an aws-lambda-go-api-proxy adapter) can check them.
type RoutesFact struct {
	Routes []Route
	// Recovers: the package installs a panic-recovery middleware.
	Recovers bool
	// Served: the package also serves the routes through Lambda and reports them itself.
	Served bool
}

// AFact marks RoutesFact as a fact.
func (*RoutesFact) AFact() {}

func (f *RoutesFact) String() string {
	var names []string
	for _, r := range f.Routes {
		names = append(names, r.Route+" "+r.Handler)
	}
	out := "routes(" + strings.Join(names, ", ") + ")"
	if f.Recovers {
		out += " recovers"
	}
	return out
}

// A Route is one registered HTTP handler.
type Route struct {
	Route     string // "GET /orders", or the registrar's method when the pattern is not constant
	Handler   string // display name of the handler function
	At        effects.Position
	Decl      effects.Position
	PkgPath   string
	Effects   []effects.Effect
	Registrar string
}

// EntriesFact describes the entry points a package declares or registers, and for a main
// package the environment variables its program reads: what the cross-layer checks match
// against the infrastructure's function definitions.
type EntriesFact struct {
	Entries []Entry
	Env     []EnvVar
}

// AFact marks EntriesFact as a fact.
func (*EntriesFact) AFact() {}

func (f *EntriesFact) String() string {
	var parts []string
	for _, e := range f.Entries {
		parts = append(parts, e.String())
	}
	for _, v := range f.Env {
		s := "env " + v.Name
		if v.HasDefault {
			s += " default"
		}
		parts = append(parts, s)
	}
	return "entries(" + strings.Join(parts, "; ") + ")"
}

// An Entry is one handler as the cross-layer checks see it.
type Entry struct {
	Name      string // display name of the handler
	Registrar string // full name of the registering function ("github.com/aws/aws-lambda-go/lambda.Start"), "" if found by signature
	Event     string // event type, with full package path
	Response  string // response type, "" when the handler returns only an error
	Source    string
	Trigger   Trigger
	At        effects.Position // the registration, or the declaration
}

func (e Entry) String() string {
	via := e.Registrar
	if i := strings.LastIndex(via, "/"); i >= 0 {
		via = via[i+1:]
	}
	if via == "" {
		via = "signature"
	}
	return fmt.Sprintf("%s %s %s->%s %s", via, e.Name, shortType(e.Event), shortType(e.Response), e.Trigger)
}

func shortType(s string) string {
	if i := strings.LastIndex(s, "/"); i >= 0 {
		s = s[i+1:]
	}
	if s == "" {
		return "-"
	}
	return s
}

// An EnvVar is an environment variable read by a program.
type EnvVar struct {
	Name       string
	HasDefault bool
	At         effects.Position
}

// A Handler is one entry point known in the analyzed package.
type Handler struct {
	// Name is the display name: "Handle", "Handler.Handle", "main.func1", "handler
	// returned by newHandler".
	Name string
	// Func is the handler function or method, when it is one (nil for literals, routes
	// known from another package's fact and functions outside the analyzed code).
	Func *types.Func
	// Lit is the handler literal of this package, if it is one.
	Lit *ast.FuncLit
	// Decl is the handler's declaration in this package (token.NoPos otherwise); DeclAt is
	// its position wherever it is.
	Decl   token.Pos
	DeclAt effects.Position
	// Registrar is the full name of the function that registers the handler
	// ("github.com/aws/aws-lambda-go/lambda.Start", "(*github.com/go-chi/chi/v5.Mux).Get"),
	// "" for a handler found by its signature only. Registration is that call.
	Registrar    string
	Registration ast.Node
	// EntryCall is the Lambda-facing registration through which an HTTP route is served
	// (lambdaurl.Start, lambda.Start of an adapter), nil otherwise.
	EntryCall ast.Node
	// Event and Response are the handler's event and response types; nil when unknown or
	// absent (a handler returning only an error has no Response).
	Event, Response types.Type
	// EventName and ResponseName are their type strings, also known for routes of other
	// packages.
	EventName, ResponseName string
	Source                  string
	Trigger                 Trigger
	// Route is "GET /orders" for HTTP routes.
	Route string
	// Effects are the effects reachable from the handler, one witness path each.
	Effects []effects.Effect
	// Report says the handler rules report on this handler in this package; false when the
	// package that declares it does (it carries a HandlerFact there).
	Report bool
	// alsoHere lists, for a handler another package reports (Report false), the effects
	// only this package can see: those reached through calls of interface methods whose
	// implementations the declaring package does not import (effects.Result.Resolve).
	alsoHere []int
}

// Result is the handler model of one package.
type Result struct {
	// Handlers are the package's handlers in source order.
	Handlers []*Handler
	// Env lists, for a main package, the environment variables read by the program (the
	// initialization of every analyzed package it imports, main, and everything main
	// reaches, including its handlers), sorted by name and position.
	Env []EnvVar

	pass    *analysis.Pass
	effects *effects.Result
	files   map[string]bool
	// fileCache is built on first use; fileMu guards it because the rule analyzers that
	// share this Result run in parallel.
	fileMu    sync.Mutex
	fileCache map[string]*token.File
}

// relevantImports are path prefixes of the packages a package must import to declare,
// register or route a handler.
var relevantImports = []string{
	"github.com/aws/aws-lambda-go/", "github.com/awslabs/aws-lambda-go-api-proxy/",
	"github.com/GoogleCloudPlatform/functions-framework-go/", "net/http",
	"github.com/go-chi/chi", "github.com/gorilla/mux", "github.com/gin-gonic/gin",
	"github.com/labstack/echo", "github.com/gofiber/fiber",
	"go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-lambda-go/",
	"github.com/DataDog/datadog-lambda-go",
}

func run(pass *analysis.Pass) (any, error) {
	eff, _ := pass.ResultOf[effects.Analyzer].(*effects.Result)
	res := &Result{pass: pass, effects: eff, files: map[string]bool{}}
	if eff == nil {
		return res, nil
	}
	for _, f := range pass.Files {
		res.files[pass.Fset.File(f.FileStart).Name()] = true
	}
	if strings.HasSuffix(pass.Pkg.Path(), ".test") {
		return res, nil // the test main go test generates
	}
	isMain := pass.Pkg.Name() == "main"
	if !importsRelevant(pass.Pkg) && !isMain {
		return res, nil
	}
	m := &model{pass: pass, eff: eff, res: res, consumed: map[ast.Node]bool{}, byFunc: map[*types.Func]*Handler{}, byLit: map[*ast.FuncLit]*Handler{}}
	m.signatures()
	m.registrations()
	m.routes()
	m.finish()
	for _, h := range res.Handlers {
		m.resolveInterfaces(h)
		// A handler declared or registered in a test is a fixture, never deployed.
		if isTestFile(h.DeclAt.File) || h.Registration != nil && isTestFile(pass.Fset.Position(h.Registration.Pos()).Filename) {
			h.Report = false
			h.alsoHere = nil
		}
	}
	if isMain {
		res.Env = m.env()
	}
	m.exportEntries()
	return res, nil
}

func importsRelevant(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		for _, p := range relevantImports {
			if strings.HasPrefix(imp.Path(), p) || imp.Path()+"/" == p {
				return true
			}
		}
	}
	return false
}

// model builds one package's Result.
type model struct {
	pass     *analysis.Pass
	eff      *effects.Result
	res      *Result
	consumed map[ast.Node]bool // registration calls already handled as part of an outer one
	byFunc   map[*types.Func]*Handler
	byLit    map[*ast.FuncLit]*Handler

	httpEntries  []ast.Node // Lambda-facing registrations serving routes
	adapterCalls []ast.Node // api-proxy adapters created outside a registration
	recovers     bool       // a recovery middleware is installed in this package
}

func (m *model) pos(from, to token.Pos) effects.Position {
	p := m.pass.Fset.Position(from)
	e := m.pass.Fset.Position(to)
	out := effects.Position{File: p.Filename, Line: p.Line, Col: p.Column}
	if e.IsValid() {
		out.EndLine, out.EndCol = e.Line, e.Column
	}
	return out
}

// signatures finds the functions whose signature makes them Lambda handlers. A function
// with a handler's shape that the package's own code calls (not its tests) is a helper
// that converts or processes an event for the real handler, not an entry point.
func (m *model) signatures() {
	called := m.calledInPackage()
	for _, f := range m.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Name.Name == "init" || fd.Name.Name == "main" && fd.Recv == nil {
				continue
			}
			fn, ok := m.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if called[fn] {
				continue
			}
			sig := fn.Type().(*types.Signature)
			event, response, ok := handlerShape(sig)
			if !ok {
				continue
			}
			info, ok := lambdaEvent(event)
			if !ok {
				continue
			}
			h := m.funcHandler(fn)
			h.Event, h.Response = event, response
			h.Source, h.Trigger = info.source, info.trigger
			h.Report = true
			m.pass.ExportObjectFact(fn, &HandlerFact{Event: typeString(event), Response: typeString(response), Source: info.source, Trigger: info.trigger})
		}
	}
}

// calledInPackage lists the functions of the package that its non-test code calls from
// another function.
func (m *model) calledInPackage() map[*types.Func]bool {
	called := map[*types.Func]bool{}
	for _, f := range m.pass.Files {
		if isTestFile(m.pass.Fset.File(f.FileStart).Name()) {
			continue
		}
		for _, d := range f.Decls {
			var self *types.Func
			if fd, ok := d.(*ast.FuncDecl); ok {
				self, _ = m.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			}
			ast.Inspect(d, func(x ast.Node) bool {
				call, ok := x.(*ast.CallExpr)
				if !ok {
					return true
				}
				if fn, ok := typeutil.Callee(m.pass.TypesInfo, call).(*types.Func); ok {
					if fn = fn.Origin(); fn != self && fn.Pkg() == m.pass.Pkg {
						called[fn] = true
					}
				}
				return true
			})
		}
	}
	return called
}

func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.go") }

// handlerShape checks the signature rules of lambda.Start: at most two parameters, the
// first a context.Context when there are two; at most two results, the last an error.
func handlerShape(sig *types.Signature) (event, response types.Type, ok bool) {
	params, results := sig.Params(), sig.Results()
	switch params.Len() {
	case 0:
	case 1:
		if !isContext(params.At(0).Type()) {
			event = params.At(0).Type()
		}
	case 2:
		if !isContext(params.At(0).Type()) {
			return nil, nil, false
		}
		event = params.At(1).Type()
	default:
		return nil, nil, false
	}
	if sig.Variadic() {
		return nil, nil, false
	}
	switch results.Len() {
	case 0:
	case 1:
		if !isError(results.At(0).Type()) {
			return nil, nil, false
		}
	case 2:
		if !isError(results.At(1).Type()) {
			return nil, nil, false
		}
		response = results.At(0).Type()
	default:
		return nil, nil, false
	}
	return event, response, true
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// typeString names a type with its full package path; a top-level alias is resolved
// (events.EventBridgeEvent is events.CloudWatchEvent) so that names are stable.
func typeString(t types.Type) string {
	if t == nil {
		return ""
	}
	return types.TypeString(types.Unalias(t), nil)
}

// funcHandler returns the handler record of fn, creating it.
func (m *model) funcHandler(fn *types.Func) *Handler {
	fn = fn.Origin()
	if h := m.byFunc[fn]; h != nil {
		return h
	}
	h := &Handler{Name: effects.FuncName(fn), Func: fn, DeclAt: m.pos(fn.Pos(), fn.Pos())}
	if fn.Pkg() == m.pass.Pkg {
		h.Decl = fn.Pos()
	} else if fn.Pkg() != nil {
		if !strings.Contains(h.Name, ".") {
			h.Name = fn.Pkg().Name() + "." + h.Name
		}
	}
	if sum := m.eff.Func(fn); sum != nil {
		h.Effects = sum.Effects
	}
	m.byFunc[fn] = h
	m.res.Handlers = append(m.res.Handlers, h)
	return h
}

func (m *model) litHandler(lit *ast.FuncLit) *Handler {
	if h := m.byLit[lit]; h != nil {
		return h
	}
	h := &Handler{Name: m.eff.LitName(lit), Lit: lit, Decl: lit.Pos(), DeclAt: m.pos(lit.Pos(), lit.Type.End())}
	if sum := m.eff.Lit(lit); sum != nil {
		h.Effects = sum.Effects
	}
	m.byLit[lit] = h
	m.res.Handlers = append(m.res.Handlers, h)
	return h
}

// factoryHandler is the function value returned by a handler factory.
func (m *model) factoryHandler(fn *types.Func) *Handler {
	fn = fn.Origin()
	h := &Handler{Name: "handler returned by " + effects.FuncName(fn), DeclAt: m.pos(fn.Pos(), fn.Pos())}
	if fn.Pkg() == m.pass.Pkg {
		h.Decl = fn.Pos()
	}
	if sum := m.eff.Func(fn); sum != nil {
		h.Effects = sum.Returned
	}
	m.res.Handlers = append(m.res.Handlers, h)
	return h
}

// finish orders the handlers and fills in what each one's signature says.
func (m *model) finish() {
	for _, h := range m.res.Handlers {
		if h.EventName == "" {
			h.EventName = typeString(h.Event)
		}
		if h.ResponseName == "" {
			h.ResponseName = typeString(h.Response)
		}
	}
	sort.SliceStable(m.res.Handlers, func(i, j int) bool {
		return firstPos(m.res.Handlers[i]) < firstPos(m.res.Handlers[j])
	})
}

func firstPos(h *Handler) token.Pos {
	if h.Decl.IsValid() {
		return h.Decl
	}
	if h.Registration != nil {
		return h.Registration.Pos()
	}
	if h.EntryCall != nil {
		return h.EntryCall.Pos()
	}
	return token.NoPos
}

// resolveInterfaces replaces the handler's calls through interfaces of the analyzed
// module with the effects of the implementations this package sees. For a handler that
// the declaring package reports, this package reports the effects found through
// implementations that package does not import: it could not see them.
func (m *model) resolveInterfaces(h *Handler) {
	h.Effects = m.eff.Resolve(h.Effects)
	if h.Report || h.Func == nil {
		return
	}
	for i := range h.Effects {
		if impl := h.Effects[i].Impl; impl != "" && !effects.Sees(h.Func.Pkg(), impl) {
			h.alsoHere = append(h.alsoHere, i)
		}
	}
}

// env lists the environment variables a main package's program reads.
func (m *model) env() []EnvVar {
	var all []effects.Effect
	all = append(all, m.eff.Init()...)
	if obj, ok := m.pass.Pkg.Scope().Lookup("main").(*types.Func); ok {
		if sum := m.eff.Func(obj); sum != nil {
			all = append(all, m.eff.Resolve(sum.Effects)...)
		}
	}
	for _, h := range m.res.Handlers {
		all = append(all, h.Effects...)
	}
	type key struct {
		name string
		at   effects.Position
	}
	seen := map[key]bool{}
	var out []EnvVar
	for _, e := range all {
		if e.Kind != effects.EnvRead || e.Detail == "" || e.Param > 0 {
			continue
		}
		k := key{e.Detail, e.At()}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, EnvVar{Name: e.Detail, HasDefault: e.HasDefault, At: e.At()})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.At.File != b.At.File {
			return a.At.File < b.At.File
		}
		if a.At.Line != b.At.Line {
			return a.At.Line < b.At.Line
		}
		return a.At.Col < b.At.Col
	})
	return out
}

func (m *model) exportEntries() {
	var f EntriesFact
	for _, h := range m.res.Handlers {
		at := h.DeclAt
		if h.Registration != nil {
			at = m.pos(h.Registration.Pos(), h.Registration.End())
		}
		f.Entries = append(f.Entries, Entry{Name: h.Name, Registrar: h.Registrar, Event: h.EventName, Response: h.ResponseName,
			Source: h.Source, Trigger: h.Trigger, At: at})
	}
	f.Env = m.res.Env
	if len(f.Entries) > 0 || len(f.Env) > 0 {
		m.pass.ExportPackageFact(&f)
	}
}
