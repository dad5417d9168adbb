package coldstart

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/internal/importspec"
	"github.com/slslint/slslint/analyzers/internal/ownmodule"
	"github.com/slslint/slslint/analyzers/internal/srcpos"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/rules"
)

// Kinds of blocking work.
const (
	kindNetwork = "network I/O"
	kindSleep   = "a sleep"
	kindProcess = "a subprocess"
	// kindConfig is a fetch of configuration or secrets (Secrets Manager, SSM parameters,
	// KMS Decrypt, AppConfig): network I/O that start-up is the right place for, reported
	// only when it is repeated in a loop.
	kindConfig = "a configuration or secret fetch"
)

// A step is one call on the way from start-up code to blocking work: a call of a function
// of the analyzed module, or, last, the blocking call itself.
type step struct {
	Pkg     string // path of the called function's package
	PkgName string
	Name    string          // function name, or Type.Method
	At, End srcpos.Position // the call
	Kind    string          // for the last step: what kind of blocking work it is
	// Loop says the call is inside a loop (a for statement or a range over an integer) of
	// its caller: repeated start-up work, a retry or a poll.
	Loop bool
}

// reportable says a trace is SLS201's: work other than a configuration fetch, or a
// configuration fetch repeated in a loop somewhere on the way.
func reportable(trace []step) bool {
	if len(trace) == 0 {
		return false
	}
	if trace[len(trace)-1].Kind != kindConfig {
		return true
	}
	for _, s := range trace {
		if s.Loop {
			return true
		}
	}
	return false
}

// kindOf describes the blocking work of a reportable trace.
func kindOf(trace []step) string {
	k := trace[len(trace)-1].Kind
	if k == kindConfig {
		k += " in a loop"
	}
	return k
}

// blocksFact is exported for each function of the analyzed module that, when called,
// blocks on network I/O, a sleep or a subprocess. Trace starts at the call inside the
// function and ends at the blocking call.
type blocksFact struct {
	Trace []step
}

func (*blocksFact) AFact() {}

func (f *blocksFact) String() string { return "blocks: " + render(f.Trace, "") }

// initFact is exported for each package of the analyzed module whose initialization, or
// that of a package of the module it imports, blocks.
type initFact struct {
	Items []initItem
}

func (*initFact) AFact() {}

func (f *initFact) String() string {
	var parts []string
	for _, it := range f.Items {
		parts = append(parts, it.Pkg+": "+it.Where+": "+render(it.Trace, ""))
	}
	return "init blocks: " + strings.Join(parts, "; ")
}

// An initItem is one blocking call in a package's initialization.
type initItem struct {
	Pkg   string   // the package whose initializer blocks
	Chain []string // imports from the fact's package down to Pkg, excluding the former
	Where string   // "init function", "initializer of var db"
	Trace []step   // starts at the call in the initializer
}

// render prints a trace: "loadSecrets → secretsmanager.Client.GetSecretValue at
// secrets/secrets.go:12". Functions of the package at path from are not qualified.
func render(trace []step, from string) string {
	var names []string
	for _, s := range trace {
		names = append(names, s.qualified(from))
	}
	out := strings.Join(names, " → ")
	if n := len(trace); n > 1 {
		out += " at " + trace[n-1].At.String()
	}
	return out
}

// callChain is the call path for a message: "ping → http.Get"; the related locations say where.
func callChain(trace []step, from string) string {
	var names []string
	for _, s := range trace {
		names = append(names, s.qualified(from))
	}
	return strings.Join(names, " → ")
}

func (s step) qualified(from string) string {
	if s.Pkg == from || s.PkgName == "" {
		return s.Name
	}
	return s.PkgName + "." + s.Name
}

// startup finds blocking work in one package's start-up code and in its functions.
type startup struct {
	pass  *analysis.Pass
	r     *diagnostic.Reporter
	facts map[*types.Func]*blocksFact
	res   *srcpos.Resolver
	// startup collects what report reports, for the Result.
	startup []StartupWork
}

func newStartup(pass *analysis.Pass, r *diagnostic.Reporter) *startup {
	return &startup{pass: pass, r: r, facts: map[*types.Func]*blocksFact{}, res: srcpos.NewResolver(pass)}
}

// exportFacts computes which functions of the package block and what the package's
// initialization blocks on, and exports both as facts. Only the analyzed module's own
// packages get facts: calls are followed into the code its team can change.
func (st *startup) exportFacts() {
	pass := st.pass
	if !ownmodule.Analyzed(pass) {
		return
	}
	type event struct {
		call   *ast.CallExpr
		callee *types.Func
		cause  *step
		loop   bool
	}
	var order []*types.Func
	events := map[*types.Func][]event{}
	for _, f := range pass.Files {
		if isTestFile(pass, f) {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if fn == nil {
				continue
			}
			order = append(order, fn)
			for _, sc := range syncCalls(pass.TypesInfo, fd.Body) {
				call := sc.call
				if c, ok := blockingCause(pass, call); ok {
					c.Loop = sc.loop
					events[fn] = append(events[fn], event{call: call, cause: &c, loop: sc.loop})
				} else if callee := calleeFunc(pass.TypesInfo, call); callee != nil {
					events[fn] = append(events[fn], event{call: call, callee: callee, loop: sc.loop})
				}
			}
		}
	}
	// Functions of this package may call each other in any order: iterate to a fixed point.
	// A function's trace is the first reportable one found, else the first configuration
	// fetch; it changes at most once (from the latter to the former), so traces are finite
	// and the result deterministic.
	for changed := true; changed; {
		changed = false
		for _, fn := range order {
			if f := st.facts[fn]; f != nil && reportable(f.Trace) {
				continue
			}
			for _, ev := range events[fn] {
				var trace []step
				if ev.cause != nil {
					trace = []step{*ev.cause}
				} else if t := st.blocks(ev.callee); t != nil {
					first := st.callStep(ev.callee, ev.call)
					first.Loop = ev.loop
					trace = append([]step{first}, t.Trace...)
				} else {
					continue
				}
				if reportable(trace) {
					st.facts[fn] = &blocksFact{Trace: trace}
					changed = true
					break
				}
				if st.facts[fn] == nil {
					st.facts[fn] = &blocksFact{Trace: trace}
					changed = true
				}
			}
		}
	}
	for _, fn := range order {
		if f := st.facts[fn]; f != nil && fn.Exported() {
			pass.ExportObjectFact(fn, f)
		}
	}

	// The package's own initialization, and that of the module's packages it imports.
	var fact initFact
	seen := map[srcpos.Position]bool{}
	for _, it := range st.ownInit() {
		seen[it.Trace[0].At] = true
		fact.Items = append(fact.Items, it)
	}
	for _, imp := range sortedImports(pass.Pkg) {
		if !ownmodule.Same(pass, imp.Path()) {
			continue
		}
		var f initFact
		if !pass.ImportPackageFact(imp, &f) {
			continue
		}
		for _, it := range f.Items {
			if seen[it.Trace[0].At] {
				continue
			}
			seen[it.Trace[0].At] = true
			it.Chain = append([]string{imp.Path()}, it.Chain...)
			fact.Items = append(fact.Items, it)
		}
	}
	if len(fact.Items) > 0 && pass.Pkg.Name() != "main" { // nothing imports a main package
		pass.ExportPackageFact(&fact)
	}
}

// blocks returns the fact of a function of the analyzed module, or nil.
func (st *startup) blocks(fn *types.Func) *blocksFact {
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	if fn.Pkg() == st.pass.Pkg {
		return st.facts[fn]
	}
	if !ownmodule.Same(st.pass, fn.Pkg().Path()) {
		return nil
	}
	var f blocksFact
	if st.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

func (st *startup) callStep(fn *types.Func, call *ast.CallExpr) step {
	return step{Pkg: fn.Pkg().Path(), PkgName: fn.Pkg().Name(), Name: funcName(fn),
		At: srcpos.Of(st.pass.Fset, call.Pos()), End: srcpos.Of(st.pass.Fset, call.End())}
}

// A site is one blocking call in start-up code.
type site struct {
	call  *ast.CallExpr
	where string
	trace []step
}

// ownInit returns the blocking calls of the package's variable initializers and init
// functions, as initItems.
func (st *startup) ownInit() []initItem {
	var items []initItem
	for _, s := range st.initSites(nil) {
		items = append(items, initItem{Pkg: st.pass.Pkg.Path(), Where: s.where, Trace: s.trace})
	}
	return items
}

// initSites returns the blocking calls of the package's start-up code: variable
// initializers, init functions and, for an entry with a main function, main before the
// start call.
func (st *startup) initSites(e *entry) []site {
	pass := st.pass
	var sites []site
	scan := func(n ast.Node, where string) {
		for _, sc := range syncCalls(pass.TypesInfo, n) {
			call := sc.call
			if e != nil && e.inMainLoop(call.Pos()) {
				sc.loop = true
			}
			if c, ok := blockingCause(pass, call); ok {
				c.Loop = sc.loop
				sites = append(sites, site{call, where, []step{c}})
			} else if fn := calleeFunc(pass.TypesInfo, call); fn != nil {
				if f := st.blocks(fn); f != nil {
					first := st.callStep(fn, call)
					first.Loop = sc.loop
					sites = append(sites, site{call, where, append([]step{first}, f.Trace...)})
				}
			}
		}
	}
	for _, f := range pass.Files {
		if isTestFile(pass, f) {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, spec := range d.Specs {
					vs := spec.(*ast.ValueSpec)
					var names []string
					for _, n := range vs.Names {
						names = append(names, n.Name)
					}
					for _, v := range vs.Values {
						scan(v, "initializer of var "+strings.Join(names, ", "))
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "init" && d.Body != nil {
					scan(d.Body, "init function")
				}
			}
		}
	}
	if e != nil && e.main != nil {
		where := "main, before " + e.start + ","
		for _, n := range e.startup {
			scan(n, where)
		}
		for _, arg := range e.startCall.Args {
			scan(arg, "main, in the arguments of "+e.start+",")
		}
	}
	return sites
}

// report reports the blocking start-up work of an entry package: its own, at the call,
// and that of the module's packages it imports, at the import.
func (st *startup) report(e *entry) {
	pass := st.pass
	for _, s := range st.initSites(e) {
		if !reportable(s.trace) {
			continue
		}
		st.r.ReportRange(rules.BlockingInit, s.call.Pos(), s.call.End(), st.message(s.where, s.trace, ""), st.related(s.where, s.trace)...)
		st.startup = append(st.startup, StartupWork{Pos: s.call.Pos(), End: s.call.End(), Summary: st.summary(s.where, s.trace, "")})
	}
	reported := map[srcpos.Position]bool{}
	for _, f := range pass.Files {
		if isTestFile(pass, f) {
			continue
		}
		for _, spec := range f.Imports {
			obj := importspec.Package(pass.TypesInfo, pass.Pkg, spec)
			if obj == nil || !ownmodule.Same(pass, obj.Path()) {
				continue
			}
			var fact initFact
			if !pass.ImportPackageFact(obj, &fact) {
				continue
			}
			for _, it := range fact.Items {
				if reported[it.Trace[0].At] || !reportable(it.Trace) {
					continue
				}
				reported[it.Trace[0].At] = true
				chain := append([]string{obj.Path()}, it.Chain...)
				var via []string
				for _, p := range chain {
					via = append(via, ownmodule.Rel(pass, p))
				}
				where := it.Where + " in " + ownmodule.Rel(pass, it.Pkg)
				prefix := "importing " + strings.Join(via, " → ") + " runs blocking start-up work: "
				if len(via) > 2 {
					prefix = "importing " + via[0] + " runs blocking start-up work: "
				}
				st.r.ReportRange(rules.BlockingInit, spec.Pos(), spec.End(), st.message(where, it.Trace, prefix), st.related(where, it.Trace)...)
				st.startup = append(st.startup, StartupWork{Pos: spec.Pos(), End: spec.End(), Summary: st.summary(where, it.Trace, prefix)})
			}
		}
	}
}

func (st *startup) message(where string, trace []step, prefix string) string {
	via := ""
	if len(trace) > 1 {
		via = " (via " + callChain(trace, st.pass.Pkg.Path()) + ")"
	}
	return st.summary(where, trace, prefix) + "\nevery cold start waits for it before the first event is served; " +
		"do it on first use (for example behind sync.OnceValues) or drop it" + via
}

// summary says what blocks, without the advice.
func (st *startup) summary(where string, trace []step, prefix string) string {
	from := st.pass.Pkg.Path()
	last := trace[len(trace)-1]
	var what string
	if len(trace) == 1 {
		what = where + " calls " + last.qualified(from) + " at start-up (" + kindOf(trace) + ")"
	} else {
		what = where + " calls " + trace[0].qualified(from) + " at start-up, which blocks on " + kindOf(trace)
	}
	return prefix + what
}

// related lists the call path, in order, as related locations.
func (st *startup) related(where string, trace []step) []analysis.RelatedInformation {
	from := st.pass.Pkg.Path()
	var rel []analysis.RelatedInformation
	for i, s := range trace {
		pos := st.res.Pos(s.At)
		if !pos.IsValid() {
			continue
		}
		msg := "calls " + s.qualified(from)
		switch {
		case i == len(trace)-1:
			msg = s.qualified(from) + ": " + kindOf(trace)
		case i == 0:
			msg = where + " calls " + s.qualified(from)
		}
		rel = append(rel, analysis.RelatedInformation{Pos: pos, End: st.res.Pos(s.End), Message: msg})
	}
	return rel
}

// A syncCall is a call that runs when its enclosing code runs; loop says it is inside a
// loop there (a for statement or a range over an integer: a retry, a poll, repeated work).
type syncCall struct {
	call *ast.CallExpr
	loop bool
}

// syncCalls returns the calls that run when n runs, in source order: calls inside function
// literals are left out unless the literal is called on the spot or passed to
// sync.Once.Do, and go statements are left out.
func syncCalls(info *types.Info, n ast.Node) []syncCall {
	var calls []syncCall
	var loops []ast.Node
	inLoop := func(p token.Pos) bool {
		for _, l := range loops {
			if l.Pos() <= p && p < l.End() {
				return true
			}
		}
		return false
	}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			loops = append(loops, n)
		case *ast.RangeStmt:
			if isIntRange(info, n) {
				loops = append(loops, n)
			}
		case *ast.CallExpr:
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				ast.Inspect(lit.Body, visit)
				for _, a := range n.Args {
					ast.Inspect(a, visit)
				}
				return false
			}
			calls = append(calls, syncCall{call: n, loop: inLoop(n.Pos())})
			if fn := calleeFunc(info, n); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync" && fn.Name() == "Do" {
				for _, a := range n.Args {
					if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok {
						ast.Inspect(lit.Body, visit)
					}
				}
			}
		}
		return true
	}
	ast.Inspect(n, visit)
	return calls
}

func funcName(fn *types.Func) string {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return fn.Name()
	}
	if named := namedOf(sig.Recv().Type()); named != nil {
		return named.Obj().Name() + "." + fn.Name()
	}
	return fn.Name()
}

// namedOf returns the named type of t, looking through one pointer and aliases.
func namedOf(t types.Type) *types.Named {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

func sortedImports(pkg *types.Package) []*types.Package {
	imps := append([]*types.Package(nil), pkg.Imports()...)
	sort.Slice(imps, func(i, j int) bool { return imps[i].Path() < imps[j].Path() })
	return imps
}
