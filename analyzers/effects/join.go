package effects

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Whether a goroutine is waited for. A goroutine signals through the WaitGroups, errgroup
// Groups and channels it uses (its Go method's receiver, the arguments of its go statement,
// the ones its literal mentions, the fields of a method value's receiver); it is joined
// when the code owning one of them waits on it (Wait, a receive, a range over it), or may:
// it hands the object to other code (passes it to a call, returns or stores it), or the
// object is a parameter, or a field or package variable that some code of the package
// waits on. Precision first: anything not evident counts as joined.

type pendingGo struct {
	n     *node
	at    Position      // the Goroutine effect's position
	call  *ast.CallExpr // the go statement's call, or the Go method call
	group bool          // started by a Go method (errgroup.Group, sync.WaitGroup)
}

// goStart records a goroutine start, decided in finishExec once the package is scanned.
func (s *scanner) goStart(n *node, call *ast.CallExpr, group bool) {
	at := s.pos(call.Pos(), call.End())
	s.exec.goroutines = append(s.exec.goroutines, pendingGo{n: n, at: at, call: call, group: group})
}

// goStatement records a go statement's goroutine; its effect is at the statement.
func (s *scanner) goStatement(n *node, g *ast.GoStmt) {
	s.exec.goroutines = append(s.exec.goroutines, pendingGo{n: n, at: s.pos(g.Pos(), g.Call.Lparen), call: g.Call})
}

// started is the expression naming what the goroutine runs.
func (g *pendingGo) started() ast.Expr {
	if g.group {
		if len(g.call.Args) == 0 {
			return nil
		}
		return g.call.Args[0]
	}
	return g.call.Fun
}

func (s *scanner) resolveGo(g pendingGo) {
	var e *Effect
	for i := range g.n.local {
		if l := &g.n.local[i]; l.Kind == Goroutine && l.At() == g.at {
			e = l
		}
	}
	if e == nil {
		return
	}
	started := g.started()
	e.Exec.Runs = s.runsName(started)
	objs, ok := s.signals(&g, started)
	if !ok {
		e.Exec.Joined = true // what runs is not evident
		return
	}
	for _, o := range objs {
		if s.joinedObj(&g, o) {
			e.Exec.Joined = true
			return
		}
	}
	// The goroutine outlives the invocation: a fresh context in it is deliberate.
	var span region
	if g.group && started != nil {
		span = s.region(started.Pos(), started.End())
	} else {
		span = s.region(g.call.Pos(), g.call.End())
	}
	for _, ed := range g.n.edges {
		if inRegions(ed.step.At, []region{span}) {
			s.exec.noCtx[ed] = true
		}
	}
}

// runsName names what a goroutine runs: "sendAudit", "Sender.flush", "handle.func1".
func (s *scanner) runsName(e ast.Expr) string {
	if e == nil {
		return ""
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		if n := s.byLit[x]; n != nil {
			return n.name
		}
		return "a function literal"
	case *ast.Ident, *ast.SelectorExpr:
		if fn, ok := s.objOf(x).(*types.Func); ok {
			if fn.Pkg() != nil && fn.Pkg() != s.pass.Pkg {
				return fn.Pkg().Name() + "." + funcName(fn)
			}
			return funcName(fn)
		}
	}
	return types.ExprString(e)
}

// signals lists the sync objects through which the goroutine can be waited for. It returns
// ok false when what the goroutine runs is not evident (a function value): it may signal
// through anything.
func (s *scanner) signals(g *pendingGo, started ast.Expr) (objs []types.Object, ok bool) {
	seen := map[types.Object]bool{}
	add := func(o types.Object) {
		if o != nil && !seen[o] {
			seen[o] = true
			objs = append(objs, o)
		}
	}
	addExpr := func(e ast.Expr) {
		if o := s.containerObj(e); o != nil && isSyncType(o.Type()) {
			add(o)
		}
	}
	if g.group {
		if sel, ok := ast.Unparen(g.call.Fun).(*ast.SelectorExpr); ok {
			addExpr(sel.X)
		}
	}
	for _, a := range g.call.Args {
		addExpr(a)
	}
	switch x := ast.Unparen(started).(type) {
	case *ast.FuncLit:
		if s.callsFuncValue(x.Body) {
			return nil, false
		}
		for _, o := range s.syncObjectsIn(x.Body, func(v *types.Var) bool { return v.Pos() < x.Pos() || v.Pos() >= x.End() }) {
			add(o)
		}
		for _, o := range s.calleesSignals(x.Body, 0) {
			add(o)
		}
	case *ast.Ident, *ast.SelectorExpr:
		fn, isFunc := s.objOf(x).(*types.Func)
		if !isFunc {
			return nil, false // a function value
		}
		var inBody []types.Object
		if n := s.byFunc[fn.Origin()]; n != nil && n.body != nil {
			if s.callsFuncValue(n.body) {
				return nil, false
			}
			inBody = append(s.syncObjectsIn(n.body, isShared), s.calleesSignals(n.body, 0)...)
		}
		for _, o := range inBody {
			add(o)
		}
		// A method value of a type whose code is not visible, or that signals nothing
		// visible: any sync field of its receiver may be how it signals.
		if sel, ok := x.(*ast.SelectorExpr); ok && len(inBody) == 0 {
			if selection := s.info.Selections[sel]; selection != nil && selection.Kind() == types.MethodVal {
				if st, ok := derefUnder(selection.Recv()).(*types.Struct); ok {
					for i := 0; i < st.NumFields(); i++ {
						if f := st.Field(i); isSyncType(f.Type()) {
							add(f)
						}
					}
				}
			}
		}
	default:
		return nil, false
	}
	return objs, true
}

func isShared(v *types.Var) bool { return v.Kind() == types.PackageVar || v.IsField() }

// maxSignalDepth bounds how deep calls are followed to find how a goroutine signals.
const maxSignalDepth = 3

// calleesSignals lists the package-level variables and fields of sync types mentioned by
// the functions of this package that body calls, and by their callees.
func (s *scanner) calleesSignals(body ast.Node, depth int) []types.Object {
	if depth >= maxSignalDepth {
		return nil
	}
	var out []types.Object
	ast.Inspect(body, func(x ast.Node) bool {
		call, ok := x.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn, ok := s.info.Uses[calleeIdent(call.Fun)].(*types.Func)
		if !ok {
			return true
		}
		if n := s.byFunc[fn.Origin()]; n != nil && n.body != nil {
			out = append(out, s.syncObjectsIn(n.body, isShared)...)
			out = append(out, s.calleesSignals(n.body, depth+1)...)
		}
		return true
	})
	return out
}

// callsFuncValue says body calls a function value held by a parameter: a callback, which
// may signal through anything its caller captured.
func (s *scanner) callsFuncValue(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		if call, ok := x.(*ast.CallExpr); ok {
			if v, ok := s.info.Uses[calleeIdent(call.Fun)].(*types.Var); ok && v.Kind() == types.ParamVar {
				found = true
			}
		}
		return !found
	})
	return found
}

// syncObjectsIn lists the variables and fields of sync types mentioned in body that keep
// says belong to the outside.
func (s *scanner) syncObjectsIn(body ast.Node, keep func(*types.Var) bool) []types.Object {
	var out []types.Object
	seen := map[types.Object]bool{}
	ast.Inspect(body, func(x ast.Node) bool {
		id, ok := x.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := s.info.Uses[id].(*types.Var)
		if ok && !seen[v] && isSyncType(v.Type()) && keep(v) {
			seen[v] = true
			out = append(out, v)
		}
		return true
	})
	return out
}

// isSyncType says values of t can be waited on: sync.WaitGroup, errgroup.Group (or
// pointers to them), channels.
func isSyncType(t types.Type) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if _, ok := t.Underlying().(*types.Chan); ok {
		return true
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() + "." + n.Obj().Name() {
	case "sync.WaitGroup", "golang.org/x/sync/errgroup.Group":
		return true
	}
	return false
}

// joinedObj says the goroutine g is, or may be, waited for through o.
func (s *scanner) joinedObj(g *pendingGo, o types.Object) bool {
	v, ok := o.(*types.Var)
	if !ok {
		return true
	}
	switch v.Kind() {
	case types.PackageVar, types.FieldVar:
		if v.Pkg() != s.pass.Pkg {
			return true // declared elsewhere: who waits on it is not evident
		}
		return s.packageJoins()[v]
	case types.LocalVar:
		owner := ownerOf(g.n, v)
		if owner == nil {
			return true
		}
		skip := s.region(g.call.Pos(), g.call.End())
		if st := g.started(); st != nil {
			if lit, ok := ast.Unparen(st).(*ast.FuncLit); ok {
				skip = s.region(lit.Pos(), lit.End())
			}
		}
		return s.joinsIn(owner.body, v, skip, g.call)
	}
	return true // a parameter or result: the caller may wait
}

// ownerOf is the innermost of n and the functions around it whose body declares v.
func ownerOf(n *node, v *types.Var) *node {
	for p := n; p != nil; p = p.parent {
		if p.body != nil && p.body.Pos() <= v.Pos() && v.Pos() < p.body.End() {
			return p
		}
		if p.lit != nil && p.lit.Pos() <= v.Pos() && v.Pos() < p.lit.End() {
			return p
		}
	}
	return nil
}

// joinsIn says body waits on v or hands it to other code, outside the goroutine's own code
// (skip) and its start (start).
func (s *scanner) joinsIn(body ast.Node, v *types.Var, skip region, start *ast.CallExpr) bool {
	found := false
	goCalls := map[*ast.CallExpr]bool{start: true}
	ast.Inspect(body, func(x ast.Node) bool {
		if found || x == nil {
			return false
		}
		if inRegions(s.pos(x.Pos(), x.Pos()), []region{skip}) && inRegions(s.pos(x.End(), x.End()), []region{skip}) {
			return false
		}
		if g, ok := x.(*ast.GoStmt); ok {
			goCalls[g.Call] = true
		}
		found = s.joins(x, v, goCalls)
		return !found
	})
	return found
}

// packageJoins lists the package-level variables and fields of sync types that some code
// of the package waits on or hands to other code.
func (s *scanner) packageJoins() map[types.Object]bool {
	if s.exec.joins != nil {
		return s.exec.joins
	}
	m := map[types.Object]bool{}
	goCalls := map[*ast.CallExpr]bool{}
	s.eachFile(func(f *ast.File) {
		ast.Inspect(f, func(x ast.Node) bool {
			if g, ok := x.(*ast.GoStmt); ok {
				goCalls[g.Call] = true
			}
			for _, o := range s.joinedBy(x, goCalls) {
				if v, ok := o.(*types.Var); ok && (v.Kind() == types.PackageVar || v.IsField()) {
					m[v] = true
				}
			}
			return true
		})
	})
	s.exec.joins = m
	return m
}

// joins says x waits on v or hands it over.
func (s *scanner) joins(x ast.Node, v *types.Var, goCalls map[*ast.CallExpr]bool) bool {
	for _, o := range s.joinedBy(x, goCalls) {
		if o == v {
			return true
		}
	}
	return false
}

// joinedBy lists the objects x waits on (Wait, a receive, a range over a channel) or hands
// over to other code (a call argument other than a go statement's, a returned value, the
// value of an assignment or a composite literal element).
func (s *scanner) joinedBy(x ast.Node, goCalls map[*ast.CallExpr]bool) []types.Object {
	var out []types.Object
	add := func(e ast.Expr) {
		if o := s.containerObj(e); o != nil && isSyncType(o.Type()) {
			out = append(out, o)
		}
	}
	switch x := x.(type) {
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" {
			add(sel.X)
		}
		if goCalls[x] || s.isBuiltin(x.Fun) || s.isStarter(x) {
			break
		}
		for _, a := range x.Args {
			add(a)
		}
	case *ast.UnaryExpr:
		if x.Op == token.ARROW {
			add(x.X)
		}
	case *ast.RangeStmt:
		add(x.X)
	case *ast.ReturnStmt:
		for _, r := range x.Results {
			add(r)
		}
	case *ast.AssignStmt:
		for _, r := range x.Rhs {
			add(r)
		}
	case *ast.ValueSpec:
		for _, r := range x.Values {
			add(r)
		}
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			add(el)
		}
	}
	return out
}

func (s *scanner) isBuiltin(fun ast.Expr) bool {
	_, ok := s.info.Uses[calleeIdent(fun)].(*types.Builtin)
	return ok
}

// isStarter says call starts a goroutine through a Go method.
func (s *scanner) isStarter(call *ast.CallExpr) bool {
	fn, ok := s.info.Uses[calleeIdent(call.Fun)].(*types.Func)
	return ok && goroutineStarters[fn.Origin().FullName()]
}
