package handlers

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/slslint/slslint/analyzers/effects"
)

type entryKind uint8

const (
	lambdaEntry   entryKind = iota + 1 // a Lambda handler function or lambda.Handler value
	httpEntry                          // an http.Handler served through Lambda (lambdaurl)
	gcfHTTP                            // a Cloud Functions HTTP function
	gcfCloudEvent                      // a Cloud Functions CloudEvent or background function
)

type registrar struct {
	arg  int // index of the handler argument
	kind entryKind
}

const (
	lambdaPkg    = "github.com/aws/aws-lambda-go/lambda"
	lambdaurlPkg = "github.com/aws/aws-lambda-go/lambdaurl"
	gcfPkg       = "github.com/GoogleCloudPlatform/functions-framework-go/functions"
	gcfFramework = "github.com/GoogleCloudPlatform/functions-framework-go/funcframework"
	apiProxy     = "github.com/awslabs/aws-lambda-go-api-proxy/"
)

// registrars are the functions that make a function an entry point, by full name.
var registrars = map[string]registrar{
	lambdaPkg + ".Start":                                {0, lambdaEntry},
	lambdaPkg + ".StartWithOptions":                     {0, lambdaEntry},
	lambdaPkg + ".StartWithContext":                     {1, lambdaEntry},
	lambdaPkg + ".StartHandler":                         {0, lambdaEntry},
	lambdaPkg + ".StartHandlerWithContext":              {1, lambdaEntry},
	lambdaPkg + ".StartHandlerFunc":                     {0, lambdaEntry},
	lambdaPkg + ".NewHandler":                           {0, lambdaEntry},
	lambdaPkg + ".NewHandlerWithOptions":                {0, lambdaEntry},
	lambdaPkg + ".NewFunction":                          {0, lambdaEntry},
	lambdaurlPkg + ".Start":                             {0, httpEntry},
	lambdaurlPkg + ".Wrap":                              {0, httpEntry},
	gcfPkg + ".HTTP":                                    {1, gcfHTTP},
	gcfPkg + ".CloudEvent":                              {1, gcfCloudEvent},
	gcfFramework + ".RegisterHTTPFunctionContext":       {2, gcfHTTP},
	gcfFramework + ".RegisterCloudEventFunctionContext": {2, gcfCloudEvent},
	gcfFramework + ".RegisterEventFunctionContext":      {2, gcfCloudEvent},
}

// wrappers return a handler that runs one of their arguments (the index given):
// lambda.NewHandler, tracing middleware, net/http's handler decorators.
var wrappers = map[string]int{
	lambdaPkg + ".NewHandler":            0,
	lambdaPkg + ".NewHandlerWithOptions": 0,
	lambdaurlPkg + ".Wrap":               0,
	"go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-lambda-go/otellambda.InstrumentHandler": 0,
	"github.com/DataDog/datadog-lambda-go.WrapFunction":                                                     0,
	"github.com/DataDog/datadog-lambda-go.WrapHandler":                                                      0,
	"github.com/aws/aws-xray-sdk-go/xray.Handler":                                                           1,
	"net/http.TimeoutHandler":                                                                               0,
	"net/http.StripPrefix":                                                                                  1,
	"net/http.MaxBytesHandler":                                                                              0,
}

// registrations finds the calls that register handlers.
func (m *model) registrations() {
	for _, f := range m.pass.Files {
		ast.Inspect(f, func(x ast.Node) bool {
			call, ok := x.(*ast.CallExpr)
			if !ok || m.consumed[call] {
				return true
			}
			fn, ok := typeutil.Callee(m.pass.TypesInfo, call).(*types.Func)
			if !ok {
				return true
			}
			full := fn.Origin().FullName()
			if r, ok := registrars[full]; ok && r.arg < len(call.Args) {
				m.register(call, full, r)
				return true
			}
			if isAdapterConstructor(fn) {
				// An api-proxy adapter created outside a lambda.Start call (`adapter =
				// chiadapter.New(r)` in init): its router's routes are entry points.
				m.consumed[call] = true
				m.adapterCalls = append(m.adapterCalls, call)
			}
			return true
		})
	}
}

func (m *model) register(call *ast.CallExpr, full string, r registrar) {
	m.consumed[call] = true
	arg := call.Args[r.arg]
	targets := m.resolve(arg, 0)
	if len(targets) == 0 && r.kind == httpEntry {
		// An http.Handler whose concrete router is not evident here (`lambdaurl.Start(
		// api.New())` returning http.Handler): the routes registered in the analyzed
		// code are what it serves.
		targets = []resolved{{http: true}}
	}
	for _, t := range targets {
		switch {
		case t.http:
			m.httpEntries = append(m.httpEntries, call)
			continue
		case t.adapter != "":
			m.httpEntries = append(m.httpEntries, call)
		}
		var h *Handler
		switch {
		case t.lit != nil:
			h = m.litHandler(t.lit)
		case t.factory != nil:
			h = m.factoryHandler(t.factory)
		case t.fn != nil:
			h = m.funcHandler(t.fn)
		default:
			continue
		}
		if h.Registration == nil {
			h.Registrar, h.Registration = full, call
		}
		kind := r.kind
		if t.functionURL {
			kind = httpEntry
		}
		m.describeRegistered(h, t, kind)
		// The declaring package reports a handler it knows by signature.
		if h.Func != nil && h.Func.Pkg() != m.pass.Pkg {
			var fact HandlerFact
			h.Report = !m.pass.ImportObjectFact(h.Func, &fact)
		} else {
			h.Report = true
		}
		if t.adapter != "" {
			// The adapter's own method: its effects are the library's, unknown here; the
			// routes carry the application's.
			h.Report = false
		}
	}
}

// describeRegistered sets a registered handler's event, response, source and trigger.
func (m *model) describeRegistered(h *Handler, t resolved, kind entryKind) {
	var sig *types.Signature
	switch {
	case t.sig != nil:
		sig = t.sig
	case t.lit != nil:
		sig, _ = m.pass.TypesInfo.TypeOf(t.lit).(*types.Signature)
	case t.fn != nil:
		sig, _ = t.fn.Type().(*types.Signature)
	}
	switch kind {
	case gcfHTTP:
		h.Source, h.Trigger = "Cloud Functions HTTP", Synchronous
		if sig != nil && sig.Params().Len() == 2 {
			h.Event = sig.Params().At(1).Type()
		}
		return
	case gcfCloudEvent:
		h.Source, h.Trigger = "Cloud Functions event", AtLeastOnce
		if sig != nil && sig.Params().Len() == 2 {
			h.Event = sig.Params().At(1).Type()
		}
		return
	case httpEntry:
		h.Source, h.Trigger = "function URL", Synchronous
		if sig != nil && sig.Params().Len() == 2 {
			h.Event = sig.Params().At(1).Type()
		}
		return
	}
	if sig == nil {
		return
	}
	if event, response, ok := handlerShape(sig); ok {
		h.Event, h.Response = event, response
	}
	info := describe(h.Event)
	if h.Source == "" || h.Source == "custom" {
		h.Source, h.Trigger = info.source, info.trigger
	}
}

// resolved is what a handler expression stands for.
type resolved struct {
	fn      *types.Func
	lit     *ast.FuncLit
	factory *types.Func      // a call of a function of the analyzed code that returns the handler
	sig     *types.Signature // the handler's signature when fn/lit do not give it
	http    bool             // an http.Handler whose registered routes are the entry points
	adapter string           // an aws-lambda-go-api-proxy adapter method
	// functionURL: the handler is an http.Handler that lambdaurl.Wrap adapts.
	functionURL bool
}

// resolve follows a handler expression to the functions that run: a function, a method
// value, a literal, a variable assigned one of those, a wrapper's argument, a value with
// an Invoke or ServeHTTP method, or a router.
func (m *model) resolve(expr ast.Expr, depth int) []resolved {
	if depth > 6 || expr == nil {
		return nil
	}
	info := m.pass.TypesInfo
	expr = ast.Unparen(expr)
	switch x := expr.(type) {
	case *ast.FuncLit:
		return []resolved{{lit: x}}
	case *ast.UnaryExpr:
		return m.resolve(x.X, depth+1)
	case *ast.IndexExpr: // a generic function instantiated explicitly
		return m.resolve(x.X, depth+1)
	case *ast.IndexListExpr:
		return m.resolve(x.X, depth+1)
	case *ast.CallExpr:
		return m.resolveCall(x, depth)
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil {
			switch sel.Kind() {
			case types.MethodVal, types.MethodExpr:
				fn := sel.Obj().(*types.Func)
				if fn.Pkg() != nil && strings.HasPrefix(fn.Pkg().Path(), apiProxy) {
					// adapter.ProxyWithContext: the adapter's router holds the handlers.
					if call, ok := ast.Unparen(x.X).(*ast.CallExpr); ok {
						m.consumed[call] = true
					}
					return []resolved{{fn: fn, adapter: fn.Pkg().Name()}}
				}
				if types.IsInterface(sel.Recv()) {
					return m.concrete(x.X, fn.Name())
				}
				return []resolved{{fn: fn}}
			case types.FieldVal:
				return m.resolveVar(sel.Obj(), expr, depth)
			}
		}
		if fn, ok := info.Uses[x.Sel].(*types.Func); ok {
			return []resolved{{fn: fn}}
		}
		if v, ok := info.Uses[x.Sel].(*types.Var); ok {
			return m.resolveVar(v, expr, depth)
		}
	case *ast.Ident:
		switch obj := info.Uses[x].(type) {
		case *types.Func:
			return []resolved{{fn: obj}}
		case *types.Var:
			return m.resolveVar(obj, expr, depth)
		}
	case *ast.CompositeLit:
		return m.byMethod(expr)
	}
	return nil
}

// resolveVar follows a variable or field to the values the package assigns it; failing
// that, its type's Invoke or ServeHTTP method.
func (m *model) resolveVar(v types.Object, expr ast.Expr, depth int) []resolved {
	var out []resolved
	for _, a := range m.eff.Assigned(v) {
		out = append(out, m.resolve(a, depth+1)...)
	}
	if len(out) == 0 {
		out = m.byMethod(expr)
	}
	return out
}

// byMethod resolves a value of a concrete type by its methods: a lambda.Handler's Invoke,
// a router (whose routes are the entry points), or an http.Handler's ServeHTTP.
func (m *model) byMethod(expr ast.Expr) []resolved {
	t := m.pass.TypesInfo.TypeOf(expr)
	if t == nil || types.IsInterface(t) {
		return nil
	}
	if isRouter(t) {
		return []resolved{{http: true}}
	}
	for _, name := range []string{"Invoke", "ServeHTTP"} {
		obj, _, _ := types.LookupFieldOrMethod(t, true, m.pass.Pkg, name)
		if fn, ok := obj.(*types.Func); ok {
			if name == "ServeHTTP" {
				return []resolved{{fn: fn, sig: fn.Type().(*types.Signature)}}
			}
			return []resolved{{fn: fn}}
		}
	}
	return nil
}

// concrete resolves a method value on an interface-typed receiver through the receiver's
// evident concrete types.
func (m *model) concrete(recv ast.Expr, method string) []resolved {
	var obj types.Object
	switch r := ast.Unparen(recv).(type) {
	case *ast.Ident:
		obj = m.pass.TypesInfo.Uses[r]
	case *ast.SelectorExpr:
		if sel := m.pass.TypesInfo.Selections[r]; sel != nil {
			obj = sel.Obj()
		}
	}
	var out []resolved
	for _, a := range m.eff.Assigned(obj) {
		t := m.pass.TypesInfo.TypeOf(a)
		if t == nil || types.IsInterface(t) {
			return nil
		}
		o, _, _ := types.LookupFieldOrMethod(t, true, m.pass.Pkg, method)
		if fn, ok := o.(*types.Func); ok {
			out = append(out, resolved{fn: fn})
		}
	}
	return out
}

func (m *model) resolveCall(call *ast.CallExpr, depth int) []resolved {
	info := m.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 { // http.HandlerFunc(f), a named function type
			return m.resolve(call.Args[0], depth+1)
		}
		return nil
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return nil
	}
	full := fn.Origin().FullName()
	if i, ok := wrappers[full]; ok {
		m.consumed[call] = true
		if i >= len(call.Args) {
			return nil
		}
		out := m.resolve(call.Args[i], depth+1)
		if full == lambdaurlPkg+".Wrap" {
			for j := range out {
				out[j].functionURL = true // an http.Handler served as a function URL
			}
		}
		return out
	}
	switch {
	case isAdapterConstructor(fn):
		m.consumed[call] = true
		return []resolved{{http: true}}
	}
	var out []resolved
	// A factory of the analyzed code: what it returns runs.
	if sum := m.eff.Func(fn); sum != nil && len(sum.Returned) > 0 {
		out = append(out, resolved{factory: fn, sig: funcResult(fn)})
	} else if fn.Pkg() == m.pass.Pkg && funcResult(fn) != nil {
		out = append(out, resolved{factory: fn, sig: funcResult(fn)})
	}
	// Middleware of unknown libraries and of the analyzed code, `withLogging(handle)`:
	// the function arguments run.
	for _, a := range call.Args {
		if _, ok := info.TypeOf(a).Underlying().(*types.Signature); ok {
			out = append(out, m.resolve(a, depth+1)...)
		}
	}
	if len(out) == 0 {
		out = m.byMethod(call)
	}
	return out
}

// funcResult is the signature of the function value fn returns, if it returns one.
func funcResult(fn *types.Func) *types.Signature {
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() == 0 {
		return nil
	}
	s, _ := sig.Results().At(0).Type().Underlying().(*types.Signature)
	return s
}

func isAdapterConstructor(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() == nil && fn.Pkg() != nil && strings.HasPrefix(fn.Pkg().Path(), apiProxy) && strings.HasPrefix(fn.Name(), "New")
}

// positionOf is the effects.Position of a node of this package.
func (m *model) positionOf(n ast.Node) effects.Position { return m.pos(n.Pos(), n.End()) }
