package effects

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// The execution-model effects: what the rules about an invocation's own work (SLS202
// per-invocation set-up, SLS410 HTTP without a timeout, SLS411 a context not propagated)
// and about what outlives it (SLS606 goroutines, SLS607 growing package state) need to
// know. Recognition lives in setup.go, httpclient.go, ctxflow.go, join.go and growth.go;
// this file holds the bookkeeping the scanner calls into.

// ExecDetail is what the execution-model rules need to know about an effect beyond its
// kind and operation. It is decided where the effect happens and copied along paths.
type ExecDetail struct {
	// Unbounded (Network, net/http requests): nothing bounds the request in time, because
	// the client has no Timeout and the request carries no context. It says why, naming
	// the client and the request: "http.Get uses http.DefaultClient, which has no Timeout,
	// and sends a request without a context".
	Unbounded string
	// Joined (Goroutine): the code that starts the goroutine waits for it (WaitGroup.Wait,
	// errgroup's Wait, a receive from a channel it signals), or may: the WaitGroup, group or
	// channel it signals is handed to other code (a parameter, returned, passed on, stored).
	Joined bool
	// Runs (Goroutine): the display name of what the goroutine runs ("sendAudit",
	// "handle.func1").
	Runs string
	// PassedTo (NewContext): the call that receives the new context as its context.Context
	// argument, directly or through a local variable ("sqs.SendMessage"); "" when the
	// context is not passed on, or is created in code that runs once per execution
	// environment (sync.Once, lazy initialization) or in a deferred call.
	PassedTo string
	// CtxName (NewContext with PassedTo): the name of the context.Context parameter in
	// scope where the new context was created, the invocation's context when the code is
	// reached from a handler.
	CtxName string
	// FromParam (Setup, and GlobalGrowth with Memo): the 1-based parameter of the
	// summarized function that the set-up's arguments or the memo's key come from
	// (context.Context parameters aside); 0 when they come from no parameter (constants,
	// package state, the environment: fixed for the execution environment); -1 when the
	// origin was lost on the way. FromDepth > 0 says the parameter is that of an enclosing
	// function, FromDepth literal levels up. Each call edge moves the origin to the caller's
	// argument, so at a handler a parameter origin is the event.
	FromParam, FromDepth int
	// Memo (GlobalGrowth): the insert is a get-or-create memo (a lookup of the same key
	// returns early, or sync.Map.LoadOrStore): it grows only with the number of keys.
	Memo bool
}

// FromEvent says a Setup or memo effect reached from a handler takes its arguments or key
// from the handler's own parameters: the event.
func (d ExecDetail) FromEvent() bool { return d.FromParam > 0 && d.FromDepth == 0 }

// execState is the scanner's bookkeeping for the execution-model effects.
type execState struct {
	goroutines []pendingGo
	// perEnv marks the edges into code that runs once per execution environment (a
	// sync.Once body, a lazy initialization): Setup, GlobalGrowth and passed contexts do
	// not propagate across them.
	perEnv map[*edge]bool
	// noCtx marks the edges into a goroutine nobody waits for and into deferred literals:
	// a fresh context there is deliberate (the invocation's is cancelled when the handler
	// returns), so passed contexts do not propagate across them.
	noCtx map[*edge]bool

	// Package-wide indexes, built on first use.
	joins    map[types.Object]bool // sync objects some code of the package waits on
	managed  map[types.Object]bool // package-level containers the package removes from or resets
	timeouts map[types.Object]bool // http.Clients whose Timeout field the package assigns
	enums    map[*types.TypeName]bool
	ranges   map[types.Object]ast.Expr // range variables and what they iterate over
}

// drops says that e does not propagate across ed (see execState).
func (x *execState) drops(ed *edge, e *Effect) bool {
	if x.perEnv[ed] && (e.Kind == Setup || e.Kind == GlobalGrowth && !e.Exec.Memo || e.Kind == NewContext && e.Exec.PassedTo != "") {
		return true
	}
	return x.noCtx[ed] && e.Kind == NewContext && e.Exec.PassedTo != ""
}

// execEffect completes a recognized call's effect with what the execution-model rules
// need; it returns false when the call is not an effect after all (a regular expression
// built from a variable, an append to a local map, set-up at start-up).
func (s *scanner) execEffect(n *node, call *ast.CallExpr, fn *types.Func, e *Effect, stack []ast.Node) bool {
	switch e.Kind {
	case Setup:
		return s.setupCall(n, call, e, stack)
	case GlobalGrowth:
		return s.syncMapStore(n, call, e)
	case Network:
		s.httpBound(n, call, fn, e)
	case NewContext:
		s.contextUse(n, call, e, stack)
	case Goroutine:
		s.goStart(n, call, true)
	}
	return true
}

// execNode is called for every node of a body before the scanner handles it: it records
// go statements for the join analysis, http.Client and Transport literals, appends and
// inserts, and contexts passed from package state.
func (s *scanner) execNode(n *node, x ast.Node, stack []ast.Node) {
	switch x := x.(type) {
	case *ast.GoStmt:
		s.goStatement(n, x)
	case *ast.CallExpr:
		s.storedContexts(n, x, stack)
	case *ast.CompositeLit:
		s.httpLiteral(n, x, stack)
	case *ast.AssignStmt:
		s.growthAssign(n, x)
	case *ast.IncDecStmt:
		s.growthIncDec(n, x)
	}
}

// startup says that n runs only during start-up: the package's variable initializers and
// init functions, and the literals inside them.
func (s *scanner) startup(n *node) bool {
	for ; n != nil; n = n.parent {
		if n == s.initN {
			return true
		}
		if n.fn != nil && n.fn.Name() == "init" && n.sig != nil && n.sig.Recv() == nil {
			return true
		}
	}
	return false
}

// finishExec runs once the package is scanned: it decides which goroutines are waited for,
// and which code runs once per execution environment.
func (s *scanner) finishExec() {
	x := &s.exec
	x.perEnv, x.noCtx = map[*edge]bool{}, map[*edge]bool{}
	for _, g := range x.goroutines {
		s.resolveGo(g)
	}
	for _, n := range s.nodes {
		for _, t := range n.deferred {
			if t.local == nil || t.local.lit == nil {
				continue
			}
			for _, ed := range n.edges {
				if ed.to.local == t.local {
					x.noCtx[ed] = true
				}
			}
		}
		regions := s.oncePerEnvironment(n)
		if len(regions) == 0 {
			continue
		}
		for _, ed := range n.edges {
			if inRegions(ed.step.At, regions) {
				x.perEnv[ed] = true
			}
		}
		kept := n.local[:0]
		for _, e := range n.local {
			if inRegions(e.At(), regions) {
				switch e.Kind {
				case Setup:
					continue
				case GlobalGrowth:
					if !e.Exec.Memo { // a memo's own insert: its key decides
						continue
					}
				case NewContext:
					e.Exec = ExecDetail{}
				}
			}
			kept = append(kept, e)
		}
		n.local = kept
	}
}

// A region is a stretch of source, as stored positions.
type region struct{ from, to Position }

func (s *scanner) region(from, to token.Pos) region {
	return region{s.pos(from, from), s.pos(to, to)}
}

func inRegions(p Position, rs []region) bool {
	for _, r := range rs {
		if p.File == r.from.File && !before(p, r.from) && !before(r.to, p) {
			return true
		}
	}
	return false
}

func before(a, b Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
}

// oncePerEnvironment finds the code of n's body that runs once per execution environment:
// the function given to sync.Once.Do, sync.OnceFunc, OnceValue or OnceValues, and lazy
// initialization of a package-level variable or a field: the body of an if statement
// whose condition reads x and that assigns x (`if x == nil { x = ... }`), and the
// statements after a guard that reads x and returns (`if x != nil { return x }`, a TTL
// cache still fresh, a memo hit: double-checked and keyed caches) when they assign x.
func (s *scanner) oncePerEnvironment(n *node) []region {
	if n.body == nil {
		return nil
	}
	var out []region
	ast.Inspect(n.body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(s.info, x).(*types.Func); ok && onceRunners[fn.Origin().FullName()] && len(x.Args) > 0 {
				out = append(out, s.region(x.Args[0].Pos(), x.Args[0].End()))
			}
		case *ast.IfStmt:
			if s.assignsAny(x.Body, s.guardObjs(n, x.Init, x.Cond)) {
				out = append(out, s.region(x.Body.Pos(), x.Body.End()))
			}
		case *ast.BlockStmt:
			for i, st := range x.List {
				ifs, ok := st.(*ast.IfStmt)
				if !ok || i+1 == len(x.List) || !endsInReturn(ifs.Body) {
					continue
				}
				// A guard that returns what was already built (a lazy value, a TTL cache
				// still fresh, a memo hit): the code after it builds it once per
				// environment, or once per key or period.
				if objs := s.guardObjs(n, ifs.Init, ifs.Cond); len(objs) > 0 {
					tail := &ast.BlockStmt{List: x.List[i+1:]}
					if s.assignsAny(tail, objs) {
						out = append(out, s.region(x.List[i+1].Pos(), x.End()))
					}
				}
			}
		}
		return true
	})
	return out
}

// guardObjs returns the package-level variables and fields that an if statement's init
// and condition read (`client == nil`, `token != "" && time.Now().Before(expiry)`,
// `c, ok := clients[region]; ok`, `v, ok := cache.Load(k); ok`), also through local
// variables the function copies them into (`c := cached` under a read lock).
func (s *scanner) guardObjs(n *node, init ast.Stmt, cond ast.Expr) map[types.Object]bool {
	objs := map[types.Object]bool{}
	var visit func(x ast.Node, followLocals bool)
	visit = func(x ast.Node, followLocals bool) {
		if x == nil {
			return
		}
		ast.Inspect(x, func(y ast.Node) bool {
			switch y := y.(type) {
			case *ast.FuncLit:
				return false
			case *ast.SelectorExpr:
				if v, ok := s.objOf(y).(*types.Var); ok && v.IsField() {
					objs[v] = true
				}
			case *ast.Ident:
				v, ok := s.info.Uses[y].(*types.Var)
				if !ok || v.Pkg() == nil {
					return true
				}
				switch {
				case v.Kind() == types.PackageVar:
					objs[v] = true
				case followLocals && v.Kind() == types.LocalVar && n.body != nil && v.Pos() >= n.body.Pos() && v.Pos() < n.body.End():
					for _, a := range s.index.of(v) {
						visit(a.expr, false)
					}
				}
			}
			return true
		})
	}
	if init != nil {
		visit(init, true)
	}
	visit(cond, true)
	return objs
}

// assignsAny reports whether body assigns one of objs: the variable or field itself, an
// element of it (`clients[region] = c`), or a sync.Map's entry (`cache.Store(k, v)`).
func (s *scanner) assignsAny(body ast.Node, objs map[types.Object]bool) bool {
	if len(objs) == 0 {
		return false
	}
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if objs[s.objOf(l)] || objs[s.containerObj(indexBase(l))] {
					found = true
				}
			}
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(s.info, x).(*types.Func); ok && syncMapStores[fn.FullName()] != "" {
				if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && objs[s.containerObj(sel.X)] {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// indexBase returns the map or slice of an index expression, or nil.
func indexBase(e ast.Expr) ast.Expr {
	if ix, ok := ast.Unparen(e).(*ast.IndexExpr); ok {
		return ix.X
	}
	return nil
}

// onceRunners run their function argument once.
var onceRunners = set("(*sync.Once).Do", "sync.OnceFunc", "sync.OnceValue", "sync.OnceValues")

func endsInReturn(b *ast.BlockStmt) bool {
	if b == nil || len(b.List) == 0 {
		return false
	}
	_, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	return ok
}

// calleeName is how messages name the function a call calls: the operation of a
// recognized call, "pkg.F" for functions of other packages, "F" or "T.M" for this
// package's.
func (s *scanner) calleeName(call *ast.CallExpr) string {
	obj := typeutil.Callee(s.info, call)
	fn, ok := obj.(*types.Func)
	if !ok {
		if obj != nil {
			return obj.Name()
		}
		return "a function value"
	}
	fn = fn.Origin()
	if k, ok := recognize(fn); ok {
		return k.op
	}
	if fn.Pkg() != nil && fn.Pkg() != s.pass.Pkg {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && recvName(fn) != "" {
			// A method of another package names its receiver as the code does
			// ("rdb.Ping"): its receiver type may be unexported or embedded.
			return truncate(types.ExprString(sel), 60)
		}
		return fn.Pkg().Name() + "." + funcName(fn)
	}
	return funcName(fn)
}
