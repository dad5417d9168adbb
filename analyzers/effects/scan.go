package effects

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// A node is one function of the package: a declared function or method, a function
// literal, or the package's variable initializers.
type node struct {
	fn     *types.Func // declared function or method; nil for literals and initializers
	lit    *ast.FuncLit
	name   string // display name: "Handle", "Store.Save", "Handle.func1", "init"
	sig    *types.Signature
	body   ast.Node // the body scanned (nil for the initializer node)
	parent *node    // the enclosing node of a literal
	lits   int      // literals numbered so far, for their names

	local    []Effect
	edges    []*edge
	recovers bool     // calls recover() directly
	deferred []target // deferred calls, to decide whether a deferred recover applies
	returns  []*edge  // function values returned, for Summary.Returned

	defersRecover bool
	effects       []Effect // the summary, grown to a fixpoint
}

// A target is a function a call or reference leads to: a node of this package or an
// imported function (whose summary is a fact), or a literal resolved after scanning.
type target struct {
	local *node
	ext   *types.Func
	lit   *ast.FuncLit
}

type edge struct {
	to   target
	step Step
	args []argValue // per callee parameter; nil for references
	site *callSite  // where the edge leaves the caller, for the idempotency rules
}

// argValue is what a call passes for one parameter, as far as environment-variable names
// go: a constant string or one of the caller's parameters.
type argValue struct {
	constant string
	isConst  bool
	param    int // 1-based parameter of the caller; 0 if none
}

type pendingInvoke struct {
	n    *node
	idx  int
	call *ast.CallExpr
}

type scanner struct {
	pass    *analysis.Pass
	info    *types.Info
	nodes   []*node
	byFunc  map[*types.Func]*node
	byLit   map[*ast.FuncLit]*node
	initN   *node
	inits   []*node // init functions
	index   *assignIndex
	invokes []pendingInvoke
	facts   map[*types.Func]*Summary
	idem    *flowState      // value flows and guards (flows.go)
	targets []pendingInvoke // writes whose target is resolved after scanning (target.go)
	// dynamics are the calls through interfaces recorded as Dynamic effects (dynamic.go).
	dynamics []pendingInvoke
	// awsCalls are the AWS SDK calls whose inputs are read after scanning (aws.go).
	awsCalls []pendingAWS
	exec     execState // execution-model bookkeeping (exec.go)
}

func newScanner(pass *analysis.Pass) *scanner {
	return &scanner{
		pass:   pass,
		info:   pass.TypesInfo,
		byFunc: map[*types.Func]*node{},
		byLit:  map[*ast.FuncLit]*node{},
		index:  buildIndex(pass),
		facts:  map[*types.Func]*Summary{},
	}
}

// scan builds a node for every function, then scans every body.
func (s *scanner) scan() {
	s.initN = &node{name: "init"}
	s.nodes = append(s.nodes, s.initN)
	type declBody struct {
		n    *node
		body *ast.BlockStmt
	}
	var bodies []declBody
	for _, f := range s.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := s.info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			n := &node{fn: fn, name: funcName(fn), sig: fn.Type().(*types.Signature), body: fd.Body}
			s.nodes = append(s.nodes, n)
			if fd.Recv == nil && fd.Name.Name == "init" {
				s.inits = append(s.inits, n)
			} else {
				s.byFunc[fn] = n
			}
			bodies = append(bodies, declBody{n, fd.Body})
		}
	}
	for _, f := range s.pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, v := range vs.Values {
					// `var handler = func(...) {...}` names the literal after the variable.
					if lit, ok := ast.Unparen(v).(*ast.FuncLit); ok && len(vs.Names) == len(vs.Values) {
						child := s.newLit(s.initN, lit, vs.Names[i].Name)
						s.scanBody(child, lit.Body)
						continue
					}
					s.scanBody(s.initN, v)
				}
			}
		}
	}
	for _, b := range bodies {
		s.scanBody(b.n, b.body)
	}
	for _, n := range s.nodes {
		for _, t := range n.deferred {
			if tn := s.resolve(t); tn != nil && tn.recovers {
				n.defersRecover = true
			} else if t.ext != nil {
				if sum := s.fact(t.ext); sum != nil && sum.Recovers {
					n.defersRecover = true
				}
			}
		}
	}
	for _, p := range s.invokes {
		s.resolveInvoke(p)
	}
	s.resolveIdem()
	for _, p := range s.targets {
		s.resolveTarget(p)
	}
	for _, p := range s.awsCalls {
		s.resolveAWS(p)
	}
	s.finishExec()
}

func (s *scanner) newLit(parent *node, lit *ast.FuncLit, name string) *node {
	if name == "" {
		// Named as the compiler names them: Handle.func1, Handle.func1.1.
		parent.lits++
		name = fmt.Sprintf("%s.func%d", parent.name, parent.lits)
		if parent.lit != nil {
			name = fmt.Sprintf("%s.%d", parent.name, parent.lits)
		}
	}
	sig, _ := s.info.TypeOf(lit).(*types.Signature)
	n := &node{lit: lit, name: name, sig: sig, body: lit.Body, parent: parent}
	s.nodes = append(s.nodes, n)
	s.byLit[lit] = n
	return n
}

func (s *scanner) resolve(t target) *node {
	switch {
	case t.local != nil:
		return t.local
	case t.lit != nil:
		return s.byLit[t.lit]
	}
	return nil
}

// fact returns the imported summary of fn, or nil.
func (s *scanner) fact(fn *types.Func) *Summary {
	if sum, ok := s.facts[fn]; ok {
		return sum
	}
	var sum *Summary
	if fn.Pkg() != nil && fn.Pkg() != s.pass.Pkg {
		f := new(Summary)
		if s.pass.ImportObjectFact(fn, f) {
			sum = f
		}
	}
	s.facts[fn] = sum
	return sum
}

func (s *scanner) pos(from, to token.Pos) Position { return positionOf(s.pass.Fset, from, to) }

// scanBody records the effects, calls and references of one function body (or of one
// package-level initializer expression), creating nodes for the literals inside.
func (s *scanner) scanBody(n *node, root ast.Node) {
	callee := map[*ast.Ident]bool{} // identifiers naming a called function
	goCalls := map[*ast.CallExpr]bool{}
	deferCalls := map[*ast.CallExpr]bool{}
	var stack []ast.Node
	ast.Inspect(root, func(x ast.Node) bool {
		if x == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		s.execNode(n, x, stack)
		switch x := x.(type) {
		case *ast.FuncLit:
			s.funcLit(n, x, stack, goCalls, deferCalls)
			return false
		case *ast.GoStmt:
			goCalls[x.Call] = true
			n.local = append(n.local, Effect{Kind: Goroutine, Op: "go statement",
				Path: []Step{{Callee: "go statement", At: s.pos(x.Pos(), x.Call.Lparen)}}})
		case *ast.DeferStmt:
			deferCalls[x.Call] = true
			if t, ok := s.funcTarget(ast.Unparen(x.Call.Fun)); ok {
				n.deferred = append(n.deferred, t)
			}
		case *ast.CallExpr:
			s.call(n, x, goCalls[x], callee, stack)
		case *ast.RangeStmt, *ast.ForStmt:
			s.loop(n, x.(ast.Stmt))
		case *ast.Ident:
			if !callee[x] {
				s.reference(n, x, stack)
			}
		}
		stack = append(stack, x)
		return true
	})
}

// funcLit scans a literal as its own node and links it to n according to what the code
// does with it: a literal called, deferred, started or passed along runs as part of n; a
// literal assigned to a variable runs where the variable is called; a returned literal
// belongs to Summary.Returned.
func (s *scanner) funcLit(n *node, lit *ast.FuncLit, stack []ast.Node, goCalls, deferCalls map[*ast.CallExpr]bool) {
	child := s.newLit(n, lit, "")
	s.scanBody(child, lit.Body)
	step := Step{Callee: child.name, Pkg: s.pass.Pkg.Name(), PkgPath: s.pass.Pkg.Path(), At: s.pos(lit.Pos(), lit.Type.End())}
	e := &edge{to: target{local: child}, step: step}
	var parent ast.Node
	if len(stack) > 0 {
		parent = stack[len(stack)-1]
	}
	switch p := parent.(type) {
	case *ast.AssignStmt, *ast.ValueSpec:
		return // runs where the variable it is assigned to is called
	case *ast.ReturnStmt:
		n.returns = append(n.returns, e)
		return
	case *ast.CallExpr:
		if ast.Unparen(p.Fun) == lit {
			e.step.Go = goCalls[p]
			if deferCalls[p] {
				n.deferred = append(n.deferred, target{local: child})
			}
		} else if fn := typeutil.Callee(s.info, p); fn != nil {
			if f, ok := fn.(*types.Func); ok && goroutineStarters[f.Origin().FullName()] {
				e.step.Go = true
			}
		}
	}
	if n == s.initN && !isImmediateCall(parent, lit) {
		return // a literal stored or passed at package level does not run during initialization
	}
	n.edges = append(n.edges, e)
}

func isImmediateCall(parent ast.Node, lit *ast.FuncLit) bool {
	call, ok := parent.(*ast.CallExpr)
	return ok && ast.Unparen(call.Fun) == lit
}

// funcTarget resolves an expression naming a function (f, pkg.F, x.Method, T.Method) to
// its target, without following variables.
func (s *scanner) funcTarget(expr ast.Expr) (target, bool) {
	switch e := expr.(type) {
	case *ast.IndexExpr:
		expr = e.X
	case *ast.IndexListExpr:
		expr = e.X
	}
	var id *ast.Ident
	switch e := ast.Unparen(expr).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	case *ast.FuncLit:
		return target{lit: e}, true
	}
	if id == nil {
		return target{}, false
	}
	fn, ok := s.info.Uses[id].(*types.Func)
	if !ok {
		return target{}, false
	}
	fn = fn.Origin()
	if n := s.byFunc[fn]; n != nil {
		return target{local: n}, true
	}
	if fn.Pkg() != nil && fn.Pkg() != s.pass.Pkg {
		return target{ext: fn}, true
	}
	return target{}, false
}

// reference links n to a function used as a value (passed, stored, returned): it may run
// as part of n.
func (s *scanner) reference(n *node, id *ast.Ident, stack []ast.Node) {
	fn, ok := s.info.Uses[id].(*types.Func)
	if !ok || n == s.initN {
		return // a function value stored at package level does not run during initialization
	}
	fn = fn.Origin()
	if isInterfaceMethod(fn) {
		return
	}
	if _, known := recognize(fn); known {
		return
	}
	t, ok := s.funcTarget(id)
	if !ok {
		return
	}
	e := &edge{to: t, step: s.stepTo(fn, id.Pos(), id.End(), false)}
	if len(stack) > 0 {
		if _, ok := stack[len(stack)-1].(*ast.ReturnStmt); ok {
			n.returns = append(n.returns, e)
			return
		}
		if sel, ok := stack[len(stack)-1].(*ast.SelectorExpr); ok && sel.Sel == id && len(stack) > 1 {
			if _, ok := stack[len(stack)-2].(*ast.ReturnStmt); ok {
				n.returns = append(n.returns, e)
				return
			}
		}
	}
	n.edges = append(n.edges, e)
}

func (s *scanner) stepTo(fn *types.Func, from, to token.Pos, goStmt bool) Step {
	st := Step{Callee: funcName(fn), At: s.pos(from, to), Go: goStmt}
	if fn.Pkg() != nil {
		st.Pkg, st.PkgPath = fn.Pkg().Name(), fn.Pkg().Path()
	}
	return st
}

// call records one call expression.
func (s *scanner) call(n *node, call *ast.CallExpr, inGo bool, callee map[*ast.Ident]bool, stack []ast.Node) {
	defer s.attachSite(n, call, len(n.edges))
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = ast.Unparen(f.X)
	case *ast.IndexListExpr:
		fun = ast.Unparen(f.X)
	}
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	}
	if id != nil {
		callee[id] = true
	}
	if tv, ok := s.info.Types[call.Fun]; ok && tv.IsType() {
		return // a conversion
	}
	if id != nil {
		if b, ok := s.info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "panic":
				e := Effect{Kind: Panic, Op: "panic", InGoroutine: inGo,
					Path: []Step{{Callee: "panic", At: s.pos(call.Pos(), call.End())}}}
				if len(call.Args) == 1 {
					if tv, ok := s.info.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
						e.Detail = truncate(constant.StringVal(tv.Value), 200)
					}
				}
				n.local = append(n.local, e)
			case "recover":
				n.recovers = true
			}
			return
		}
	}
	obj := typeutil.Callee(s.info, call)
	fn, _ := obj.(*types.Func)
	if fn == nil {
		// A call of a function value: follow the variable's or field's assignments.
		if v, ok := obj.(*types.Var); ok {
			for _, a := range s.index.of(v) {
				if t, ok := s.funcTarget(ast.Unparen(a.expr)); ok && a.tuple < 0 {
					st := Step{Callee: v.Name(), Pkg: s.pass.Pkg.Name(), PkgPath: s.pass.Pkg.Path(), At: s.pos(call.Pos(), call.End()), Go: inGo}
					if t.lit == nil {
						if f, ok := s.info.Uses[calleeIdent(a.expr)].(*types.Func); ok {
							st = s.stepTo(f.Origin(), call.Pos(), call.End(), inGo)
						}
					}
					n.edges = append(n.edges, &edge{to: t, step: st, args: s.args(n, call, 0)})
				}
			}
		}
		return
	}
	fn = fn.Origin()
	if k, ok := recognize(fn); ok {
		s.effect(n, call, fn, k, inGo, stack)
		return
	}
	shift := 0
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if selection := s.info.Selections[sel]; selection != nil && selection.Kind() == types.MethodExpr {
			shift = 1
		}
	}
	if isInterfaceMethod(fn) {
		sel, ok := fun.(*ast.SelectorExpr)
		if !ok {
			return
		}
		methods := s.concreteMethods(sel.X, fn)
		for _, m := range methods {
			if t, ok := s.targetOf(m); ok {
				n.edges = append(n.edges, &edge{to: t, step: s.stepTo(m, call.Pos(), call.End(), inGo), args: s.args(n, call, shift)})
			}
		}
		if len(methods) == 0 {
			s.dynamicCall(n, call, sel, fn, inGo)
		}
		return
	}
	if t, ok := s.targetOf(fn); ok {
		n.edges = append(n.edges, &edge{to: t, step: s.stepTo(fn, call.Pos(), call.End(), inGo), args: s.args(n, call, shift)})
	}
}

func calleeIdent(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

func (s *scanner) targetOf(fn *types.Func) (target, bool) {
	if n := s.byFunc[fn]; n != nil {
		return target{local: n}, true
	}
	if fn.Pkg() != nil && fn.Pkg() != s.pass.Pkg {
		return target{ext: fn}, true
	}
	return target{}, false
}

// args describes the arguments of call per callee parameter, skipping shift leading
// arguments (the receiver of a method expression).
func (s *scanner) args(n *node, call *ast.CallExpr, shift int) []argValue {
	out := make([]argValue, 0, len(call.Args))
	for i := shift; i < len(call.Args); i++ {
		out = append(out, s.argValue(n, call.Args[i]))
	}
	return out
}

func (s *scanner) argValue(n *node, arg ast.Expr) argValue {
	if tv, ok := s.info.Types[arg]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return argValue{constant: constant.StringVal(tv.Value), isConst: true}
	}
	if id, ok := ast.Unparen(arg).(*ast.Ident); ok && n != nil && n.sig != nil {
		if v, ok := s.info.Uses[id].(*types.Var); ok {
			params := n.sig.Params()
			for i := 0; i < params.Len(); i++ {
				if params.At(i) == v {
					return argValue{param: i + 1}
				}
			}
		}
	}
	return argValue{}
}

// concreteMethods resolves an interface method call on recv where the concrete type is
// evident: recv is a variable or field of this package whose every assignment has the same
// concrete types (at most a few). Otherwise it returns nothing and the call is silent.
func (s *scanner) concreteMethods(recv ast.Expr, m *types.Func) []*types.Func {
	var v *types.Var
	switch r := ast.Unparen(recv).(type) {
	case *ast.Ident:
		v, _ = s.info.Uses[r].(*types.Var)
	case *ast.SelectorExpr:
		if sel := s.info.Selections[r]; sel != nil && sel.Kind() == types.FieldVal {
			v, _ = sel.Obj().(*types.Var)
		}
	}
	if v == nil {
		return nil
	}
	assigned := s.index.of(v)
	if len(assigned) == 0 {
		return nil
	}
	var out []*types.Func
	seen := map[*types.Func]bool{}
	for _, a := range assigned {
		t := s.index.typeOf(s.info, a)
		if t == nil {
			return nil
		}
		if b, ok := t.(*types.Basic); ok && b.Kind() == types.UntypedNil {
			continue
		}
		if types.IsInterface(t) {
			return nil
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, m.Pkg(), m.Name())
		f, ok := obj.(*types.Func)
		if !ok {
			return nil
		}
		f = f.Origin()
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	if len(out) > 4 {
		return nil
	}
	return out
}

// effect records a recognized call.
func (s *scanner) effect(n *node, call *ast.CallExpr, fn *types.Func, k known, inGo bool, stack []ast.Node) {
	e := Effect{Kind: k.kind, Op: k.op, Callee: fn.FullName(), InGoroutine: inGo,
		Path: []Step{{Callee: k.op, At: s.pos(call.Pos(), call.End()), Go: inGo}}}
	switch k.kind {
	case EnvRead:
		if !s.envRead(n, call, &e, stack) {
			e.Kind = EnvAny // the name is not known: any variable may be read
		}
	case Write, Network:
		if strings.Contains(e.Callee, "sql") || strings.Contains(e.Callee, "pgx") {
			for _, a := range call.Args {
				if tv, ok := s.info.Types[a]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
					e.Detail = truncate(constant.StringVal(tv.Value), 200)
					break
				}
			}
		}
	case NewContext:
		for p := n; p != nil; p = p.parent {
			if p.sig != nil && hasContextParam(p.sig) {
				e.CtxInScope = true
				break
			}
		}
	case Invoke:
		s.invokes = append(s.invokes, pendingInvoke{n: n, idx: len(n.local), call: call})
	case TimeBudget:
		if !s.timeBudget(call, &e) {
			return
		}
	}
	s.noteIdem(n, call, fn, k)
	s.crossLayer(n, call, &e)
	s.noteAWS(n, call, fn, &e)
	if !s.execEffect(n, call, fn, &e, stack) {
		return
	}
	n.local = append(n.local, e)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func hasContextParam(sig *types.Signature) bool {
	for i := 0; i < sig.Params().Len(); i++ {
		if isContext(sig.Params().At(i).Type()) {
			return true
		}
	}
	return false
}

// envRead fills in an environment read: the variable's name (a constant, or a parameter
// for helpers), whether a default is given and whether the value is returned. It returns
// false when the name is unknown.
func (s *scanner) envRead(n *node, call *ast.CallExpr, e *Effect, stack []ast.Node) bool {
	if len(call.Args) != 1 {
		return false
	}
	av := s.argValue(n, call.Args[0])
	switch {
	case av.isConst:
		e.Detail = av.constant
	case av.param > 0:
		e.Param = av.param
	default:
		return false
	}
	var parent ast.Node
	if len(stack) > 0 {
		parent = stack[len(stack)-1]
	}
	var vars []types.Object // the variables holding the value (and LookupEnv's ok)
	if s.optInTest(call, parent) {
		e.HasDefault = true // os.Getenv("DEBUG") == "true": unset means off
	}
	switch p := parent.(type) {
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(s.info, p).(*types.Func); ok && fn.FullName() == "cmp.Or" && len(p.Args) > 0 && p.Args[len(p.Args)-1] != call {
			e.HasDefault = true
		}
	case *ast.ReturnStmt:
		e.Returned = true
	case *ast.AssignStmt:
		for i, r := range p.Rhs {
			if r != call {
				continue
			}
			if len(p.Lhs) == len(p.Rhs) {
				vars = append(vars, s.objOf(p.Lhs[i]))
			} else {
				for _, l := range p.Lhs {
					vars = append(vars, s.objOf(l))
				}
			}
		}
	case *ast.ValueSpec:
		for i, r := range p.Values {
			if r != call {
				continue
			}
			if len(p.Names) == len(p.Values) {
				vars = append(vars, s.info.Defs[p.Names[i]])
			} else {
				for _, name := range p.Names {
					vars = append(vars, s.info.Defs[name])
				}
			}
		}
	}
	if len(vars) == 0 || n.body == nil {
		return true
	}
	value := vars[0]
	if s.onlyOptInTests(n.body, value) {
		e.HasDefault = true // debug := os.Getenv("DEBUG"); if debug == "true" {...}
	}
	mentions := func(x ast.Node) bool {
		found := false
		ast.Inspect(x, func(y ast.Node) bool {
			if id, ok := y.(*ast.Ident); ok {
				if obj := s.info.Uses[id]; obj != nil {
					for _, v := range vars {
						if obj == v {
							found = true
						}
					}
				}
			}
			return !found
		})
		return found
	}
	returnsString := n.sig != nil && n.sig.Results().Len() > 0 && types.Identical(n.sig.Results().At(0).Type(), types.Typ[types.String])
	ast.Inspect(n.body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			for _, r := range x.Results {
				if id, ok := ast.Unparen(r).(*ast.Ident); ok && value != nil && s.info.Uses[id] == value {
					e.Returned = true
				}
			}
		case *ast.IfStmt:
			if !mentions(x.Cond) {
				return true
			}
			branches := []ast.Node{x.Body}
			if x.Else != nil {
				branches = append(branches, x.Else)
			}
			for _, b := range branches {
				ast.Inspect(b, func(y ast.Node) bool {
					switch y := y.(type) {
					case *ast.AssignStmt:
						for _, l := range y.Lhs {
							if value != nil && s.objOf(l) == value {
								e.HasDefault = true // if v == "" { v = fallback }
							}
						}
						// if v, ok := os.LookupEnv(k); ok { addr = v }: addr had a default.
						for _, r := range y.Rhs {
							if id, ok := ast.Unparen(r).(*ast.Ident); ok && value != nil && s.info.Uses[id] == value {
								e.HasDefault = true
							}
						}
					case *ast.ReturnStmt:
						// getenv(key, fallback string) string: one branch returns the
						// value, the other a fallback.
						if returnsString && len(y.Results) > 0 {
							if id, ok := ast.Unparen(y.Results[0]).(*ast.Ident); !ok || s.info.Uses[id] != value {
								e.HasDefault = true
							}
						}
					}
					return true
				})
			}
		}
		return true
	})
	if e.Returned && returnsString && !e.HasDefault {
		// `if v, ok := os.LookupEnv(k); ok { return v }; return fallback`: the fallback
		// return follows the if statement.
		for _, st := range blockOf(n.body) {
			if r, ok := st.(*ast.ReturnStmt); ok && len(r.Results) > 0 && !mentions(r.Results[0]) {
				if _, isLit := ast.Unparen(r.Results[0]).(*ast.BasicLit); isLit || s.isParam(n, r.Results[0]) {
					e.HasDefault = true
				}
			}
		}
	}
	return true
}

// optInTest says x, an environment variable's value, is only compared with non-empty
// constants where parent uses it (== or != "true", strings.EqualFold(x, "on"), a switch on
// it whose cases are such constants): an opt-in flag, whose unset value means off, so the
// variable need not be defined.
func (s *scanner) optInTest(x ast.Expr, parent ast.Node) bool {
	switch p := parent.(type) {
	case *ast.BinaryExpr:
		if p.Op != token.EQL && p.Op != token.NEQ {
			return false
		}
		other := p.Y
		if p.Y == x {
			other = p.X
		}
		return s.nonEmptyConst(other)
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(s.info, p).(*types.Func)
		if !ok || fn.FullName() != "strings.EqualFold" || len(p.Args) != 2 {
			return false
		}
		other := p.Args[0]
		if other == x {
			other = p.Args[1]
		}
		return s.nonEmptyConst(other)
	case *ast.SwitchStmt:
		if p.Tag != x {
			return false
		}
		for _, c := range p.Body.List {
			for _, v := range c.(*ast.CaseClause).List {
				if !s.nonEmptyConst(v) {
					return false
				}
			}
		}
		return true
	}
	return false
}

func (s *scanner) nonEmptyConst(e ast.Expr) bool {
	tv, ok := s.info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) != ""
}

// onlyOptInTests says every use of v in body is an opt-in test (see optInTest).
func (s *scanner) onlyOptInTests(body ast.Node, v types.Object) bool {
	if v == nil {
		return false
	}
	uses, tests := 0, 0
	var stack []ast.Node
	ast.Inspect(body, func(x ast.Node) bool {
		if x == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if id, ok := x.(*ast.Ident); ok && s.info.Uses[id] == v {
			uses++
			if len(stack) > 0 && s.optInTest(id, stack[len(stack)-1]) {
				tests++
			}
		}
		stack = append(stack, x)
		return true
	})
	return uses > 0 && uses == tests
}

func blockOf(body ast.Node) []ast.Stmt {
	if b, ok := body.(*ast.BlockStmt); ok {
		return b.List
	}
	return nil
}

func (s *scanner) isParam(n *node, x ast.Expr) bool {
	return s.argValue(n, x).param > 0
}

func (s *scanner) objOf(x ast.Expr) types.Object {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		if obj := s.info.Defs[x]; obj != nil {
			return obj
		}
		return s.info.Uses[x]
	case *ast.SelectorExpr:
		if sel := s.info.Selections[x]; sel != nil {
			return sel.Obj()
		}
		return s.info.Uses[x.Sel]
	}
	return nil
}

func isInterfaceMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

// funcName is a function's display name: "process", "Store.Save".
func funcName(fn *types.Func) string {
	if r := recvName(fn); r != "" {
		return r + "." + fn.Name()
	}
	return fn.Name()
}
