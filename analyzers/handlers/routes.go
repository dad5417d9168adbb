package handlers

import (
	"go/ast"
	"go/constant"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/slslint/slslint/analyzers/effects"
)

// HTTP routers whose registered handlers become entry points when the binary serves them
// through Lambda. Keys are package paths, values the registering methods (and, for
// net/http, functions).
var routerMethods = map[string]map[string]bool{
	"net/http":                    set("Handle", "HandleFunc"),
	"github.com/gorilla/mux":      set("Handle", "HandleFunc", "Handler", "HandlerFunc"),
	"github.com/go-chi/chi":       chiMethods,
	"github.com/go-chi/chi/v5":    chiMethods,
	"github.com/gin-gonic/gin":    set("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "Any", "Handle", "Match", "Use"),
	"github.com/labstack/echo":    echoMethods,
	"github.com/labstack/echo/v4": echoMethods,
	"github.com/gofiber/fiber/v2": fiberMethods,
	"github.com/gofiber/fiber/v3": fiberMethods,
}

var (
	chiMethods   = set("Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "Connect", "Trace", "Handle", "HandleFunc", "Method", "MethodFunc", "NotFound", "MethodNotAllowed")
	echoMethods  = set("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE", "Any", "Add", "Match", "RouteNotFound")
	fiberMethods = set("Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "Connect", "Trace", "All", "Add")
)

// routerTypes are the router types an adapter or lambdaurl serves, by package path and name.
var routerTypes = map[string]bool{
	"net/http.ServeMux":                    true,
	"github.com/gorilla/mux.Router":        true,
	"github.com/go-chi/chi.Mux":            true,
	"github.com/go-chi/chi/v5.Mux":         true,
	"github.com/gin-gonic/gin.Engine":      true,
	"github.com/labstack/echo.Echo":        true,
	"github.com/labstack/echo/v4.Echo":     true,
	"github.com/gofiber/fiber/v2.App":      true,
	"github.com/gofiber/fiber/v3.App":      true,
	"github.com/urfave/negroni.Negroni":    true,
	"github.com/urfave/negroni/v3.Negroni": true,
}

// recoverers are middleware that recover panics in route handlers.
var recoverers = set(
	"github.com/go-chi/chi/middleware.Recoverer", "github.com/go-chi/chi/v5/middleware.Recoverer",
	"github.com/gin-gonic/gin.Default", "github.com/gin-gonic/gin.Recovery", "github.com/gin-gonic/gin.CustomRecovery",
	"github.com/gin-gonic/gin.RecoveryWithWriter", "github.com/gin-gonic/gin.CustomRecoveryWithWriter",
	"github.com/labstack/echo/v4/middleware.Recover", "github.com/labstack/echo/v4/middleware.RecoverWithConfig",
	"github.com/gofiber/fiber/v2/middleware/recover.New", "github.com/urfave/negroni.NewRecovery",
	"github.com/urfave/negroni.Classic", "github.com/gorilla/handlers.RecoveryHandler",
)

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

func isRouter(t types.Type) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && routerTypes[n.Obj().Pkg().Path()+"."+n.Obj().Name()]
}

// routes finds the package's route registrations, exports them, and when the package serves
// HTTP through Lambda makes them (and those of the packages it imports) handlers.
func (m *model) routes() {
	info := m.pass.TypesInfo
	var own []*Handler
	for _, f := range m.pass.Files {
		ast.Inspect(f, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.Ident:
				if fn, ok := info.Uses[x].(*types.Func); ok && recoverers[fn.FullName()] {
					m.recovers = true
				}
			case *ast.CallExpr:
				fn, ok := typeutil.Callee(info, x).(*types.Func)
				if !ok || fn.Pkg() == nil || !routerMethods[fn.Pkg().Path()][fn.Name()] {
					return true
				}
				own = append(own, m.route(x, fn)...)
			}
			return true
		})
	}
	// The Lambda-facing registration (lambda.Start of the adapter's method) is where the
	// routes are served; an adapter created elsewhere is the fallback.
	entries := append(append([]ast.Node(nil), m.httpEntries...), m.adapterCalls...)
	served := len(entries) > 0
	if len(own) > 0 {
		fact := &RoutesFact{Recovers: m.recovers, Served: served}
		for _, h := range own {
			fact.Routes = append(fact.Routes, Route{Route: h.Route, Handler: h.Name, At: m.positionOf(h.Registration),
				Decl: h.DeclAt, PkgPath: m.pass.Pkg.Path(), Effects: h.Effects, Registrar: h.Registrar})
		}
		m.pass.ExportPackageFact(fact)
	}
	if !served {
		return
	}
	entry := entries[0]
	recovers := m.recovers
	for _, h := range own {
		h.EntryCall, h.Report = entry, true
		m.res.Handlers = append(m.res.Handlers, h)
	}
	facts := m.pass.AllPackageFacts()
	sort.Slice(facts, func(i, j int) bool { return facts[i].Package.Path() < facts[j].Package.Path() })
	for _, pf := range facts {
		rf, ok := pf.Fact.(*RoutesFact)
		if !ok || pf.Package == m.pass.Pkg || rf.Served {
			continue
		}
		for _, r := range rf.Routes {
			h := &Handler{Name: r.Handler, DeclAt: r.Decl, Registrar: r.Registrar, Route: r.Route, EntryCall: entry,
				Source: "HTTP route", Trigger: Synchronous, Effects: r.Effects, Report: true}
			if rf.Recovers {
				h.Effects = withoutPanics(h.Effects)
			}
			m.res.Handlers = append(m.res.Handlers, h)
		}
	}
	if recovers {
		for _, h := range m.res.Handlers {
			if h.Route != "" {
				h.Effects = withoutPanics(h.Effects)
			}
		}
	}
}

// route turns one registration call into route handlers (gin and fiber take several).
func (m *model) route(call *ast.CallExpr, fn *types.Func) []*Handler {
	info := m.pass.TypesInfo
	pattern := ""
	for _, a := range call.Args {
		if tv, ok := info.Types[a]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			pattern = constant.StringVal(tv.Value)
			break
		}
	}
	verb := strings.ToUpper(fn.Name())
	switch verb {
	case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE":
		pattern = verb + " " + pattern
	default:
		if pattern == "" {
			pattern = fn.Name()
		}
	}
	var out []*Handler
	for _, a := range call.Args {
		t := info.TypeOf(a)
		if t == nil {
			continue
		}
		if _, isFunc := t.Underlying().(*types.Signature); !isFunc && !hasServeHTTP(t) {
			continue
		}
		for _, r := range m.resolve(a, 0) {
			var h *Handler
			switch {
			case r.lit != nil:
				h = &Handler{Name: m.eff.LitName(r.lit), Lit: r.lit, Decl: r.lit.Pos(), DeclAt: m.pos(r.lit.Pos(), r.lit.Type.End())}
				if sum := m.eff.Lit(r.lit); sum != nil {
					h.Effects = sum.Effects
				}
			case r.factory != nil:
				h = &Handler{Name: "handler returned by " + effects.FuncName(r.factory), DeclAt: m.pos(r.factory.Pos(), r.factory.Pos())}
				if sum := m.eff.Func(r.factory); sum != nil {
					h.Effects = sum.Returned
				}
			case r.fn != nil:
				fnr := r.fn.Origin()
				h = &Handler{Name: effects.FuncName(fnr), Func: fnr, DeclAt: m.pos(fnr.Pos(), fnr.Pos())}
				if fnr.Pkg() == m.pass.Pkg {
					h.Decl = fnr.Pos()
				}
				if sum := m.eff.Func(fnr); sum != nil {
					h.Effects = sum.Effects
				}
			default:
				continue
			}
			h.Registrar, h.Registration, h.Route = fn.FullName(), call, pattern
			h.Source, h.Trigger = "HTTP route", Synchronous
			if sig, ok := info.TypeOf(a).Underlying().(*types.Signature); ok && sig.Params().Len() > 0 {
				h.Event = sig.Params().At(sig.Params().Len() - 1).Type()
			}
			out = append(out, h)
		}
	}
	return out
}

func hasServeHTTP(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	_, ok := obj.(*types.Func)
	return ok
}

func withoutPanics(es []effects.Effect) []effects.Effect {
	var out []effects.Effect
	for _, e := range es {
		if e.Kind != effects.Panic || e.InGoroutine {
			out = append(out, e)
		}
	}
	return out
}
