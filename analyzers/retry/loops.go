package retry

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/rules"
)

// checkLoops reports retry loops without a bound (SLS110) and without a wait (SLS111).
func checkLoops(pass *analysis.Pass, r *diagnostic.Reporter, w *waits) {
	for _, f := range pass.Files {
		labels := map[ast.Stmt]string{}
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			switch n := n.(type) {
			case *ast.LabeledStmt:
				labels[n.Stmt] = n.Label.Name
			case *ast.ForStmt:
				checkLoop(pass, r, w, n, labels[n], stack)
			case *ast.RangeStmt:
				if t := pass.TypesInfo.TypeOf(n.X); t != nil {
					if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
						checkLoop(pass, r, w, n, labels[n], stack)
					}
				}
			}
			stack = append(stack, n)
			return true
		})
	}
}

// A loop is the part of a for statement the analysis reads. A range over an integer is a
// loop with a bound and no condition.
type loop struct {
	stmt       ast.Stmt
	label      string
	init, post ast.Stmt
	cond       ast.Expr
	body       *ast.BlockStmt
	rangeInt   bool
}

func checkLoop(pass *analysis.Pass, r *diagnostic.Reporter, w *waits, stmt ast.Stmt, label string, stack []ast.Node) {
	l := &loop{stmt: stmt, label: label}
	switch s := stmt.(type) {
	case *ast.ForStmt:
		l.init, l.cond, l.post, l.body = s.Init, s.Cond, s.Post, s.Body
	case *ast.RangeStmt:
		l.body, l.rangeInt = s.Body, true
	}
	attempt := retryAttempt(pass.TypesInfo, l)
	if attempt == nil {
		return
	}
	what := types.ExprString(attempt.call.Fun)
	pos, end := stmt.Pos(), l.body.Lbrace
	if !attempt.bounded && !bounded(pass.TypesInfo, l) {
		msg := "loop retries " + what + " until it succeeds, with no attempt limit and no exit on context cancellation or deadline\n" +
			"while the dependency keeps failing, the function spins until it times out, billed; " +
			"bound the attempts (for attempt := range maxAttempts) or return when ctx.Done() is closed"
		var related []analysis.RelatedInformation
		if wait := deadlineWait(pass, stack); wait != nil {
			// The invocation does not wait for the loop: its starter gives up at a deadline
			// and returns, and the goroutine goes on retrying behind it.
			msg = "loop retries " + what + " until it succeeds, with no attempt limit and no exit on context cancellation, " +
				"in a goroutine whose starter stops waiting for it at a deadline\n" +
				"after the deadline the invocation returns and the goroutine keeps retrying behind it, frozen with the execution " +
				"environment and resumed in later invocations while the dependency keeps failing; bound the attempts " +
				"(for attempt := range maxAttempts) or give the goroutine a context its starter cancels and return when ctx.Done() is closed"
			related = append(related, analysis.RelatedInformation{Pos: wait.Pos(), End: wait.Select + 6, Message: "the starter stops waiting at a deadline"})
		}
		r.ReportRange(rules.UnboundedRetryLoop, pos, end, msg, related...)
	}
	if !loopWaits(pass.TypesInfo, l, w) {
		r.ReportRange(rules.RetryWithoutBackoff, pos, end,
			"loop retries "+what+" without waiting between attempts\na hot loop that burns billed time and hammers "+
				"the failing dependency; wait with exponential backoff and jitter between attempts "+
				"(select on time.After and ctx.Done(), or a backoff library)")
	}
}

// An attempt is the failing call a retry loop repeats.
type attempt struct {
	call *ast.CallExpr
	// bounded is set when the flow analysis found an exit taken while the call is failing
	// that does not depend on its error: a counter, a deadline, a signal channel.
	bounded bool
}

// retryAttempt returns the call a loop retries, or nil if it is not a retry loop.
func retryAttempt(info *types.Info, l *loop) *attempt {
	cands := errorAssignments(info, l)
	if len(cands) == 0 || comparesSentinel(info, l) || indexesCollection(info, l) {
		return nil
	}
	for _, c := range cands {
		if walksChain(info, l, c) || changesInput(info, l, c) {
			continue
		}
		// for err != nil { ...; err = f() }: the condition itself retries on failure.
		if l.cond != nil {
			if then, _ := refine(info, c.v, l.cond, mixed); then == nonNil && c.inBodyOrPost {
				w := &walker{info: info, errVar: c.v, label: l.label}
				w.list(l.body.List, mixed, scope{})
				return &attempt{call: c.call, bounded: w.guardedExit}
			}
		}
		w := &walker{info: info, errVar: c.v, label: l.label}
		if out, reach := w.list(l.body.List, unset, scope{}); reach {
			w.backEdge(out)
		}
		// A retry loop goes round on failure and leaves on success, and at least one of the
		// two is certain: a loop whose only tests leave both open (an error logged and
		// ignored) is processing data.
		failureLoops, successExits, successLoops, definite := false, false, false, false
		for _, s := range w.backEdges {
			switch s {
			case nonNil, mixed:
				failureLoops = true
				definite = definite || s == nonNil
			case isNil:
				successLoops = true
			}
		}
		for _, s := range w.exits {
			if s == isNil || s == mixed {
				successExits = true
				definite = definite || s == isNil
			}
		}
		if failureLoops && successExits && !successLoops && definite {
			call := c.call
			if w.failedCall != nil && w.failedCall != c.call {
				// The error variable is shared (conn, err := ln.Accept(); ...; err =
				// handle(conn)): what the loop repeats is the call that fails, so its
				// inputs decide.
				call = w.failedCall
				if changesInput(info, l, candidate{v: c.v, call: call}) {
					continue
				}
			}
			return &attempt{call: call, bounded: w.guardedExit}
		}
	}
	return nil
}

// A candidate is an error variable assigned from a call in the loop, with the first such
// call.
type candidate struct {
	v            *types.Var
	call         *ast.CallExpr
	inBodyOrPost bool
	// results are the other variables the call's results are assigned to.
	results []*types.Var
}

var errorType = types.Universe.Lookup("error").Type()

// errorAssignments returns the error variables the loop assigns from calls, in order of
// their first assignment. Nested loops and function literals are left out: their calls are
// theirs.
func errorAssignments(info *types.Info, l *loop) []candidate {
	var out []candidate
	seen := map[*types.Var]int{}
	add := func(lhs []ast.Expr, rhs []ast.Expr, inBody bool) {
		for i, e := range lhs {
			v := varOf(info, e)
			if v == nil || !types.Identical(v.Type(), errorType) {
				continue
			}
			var call *ast.CallExpr
			switch {
			case len(rhs) == 1 && len(lhs) > 1:
				call, _ = ast.Unparen(rhs[0]).(*ast.CallExpr)
			case len(rhs) == len(lhs):
				call, _ = ast.Unparen(rhs[i]).(*ast.CallExpr)
			}
			if call == nil || isConversion(info, call) {
				continue
			}
			if j, ok := seen[v]; ok {
				out[j].inBodyOrPost = out[j].inBodyOrPost || inBody
				continue
			}
			seen[v] = len(out)
			var results []*types.Var
			for _, other := range lhs {
				if r := varOf(info, other); r != nil && r != v {
					results = append(results, r)
				}
			}
			out = append(out, candidate{v: v, call: call, inBodyOrPost: inBody, results: results})
		}
	}
	visit := func(n ast.Node, inBody bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
				return false
			case *ast.AssignStmt:
				add(n.Lhs, n.Rhs, inBody)
			case *ast.ValueSpec:
				var lhs []ast.Expr
				for _, id := range n.Names {
					lhs = append(lhs, id)
				}
				add(lhs, n.Values, inBody)
			}
			return true
		})
	}
	if l.init != nil {
		visit(l.init, false)
	}
	if l.post != nil {
		visit(l.post, true)
	}
	for _, s := range l.body.List {
		visit(s, true)
	}
	return out
}

func varOf(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := info.Defs[id]
	if obj == nil {
		obj = info.Uses[id]
	}
	v, _ := obj.(*types.Var)
	return v
}

func isConversion(info *types.Info, call *ast.CallExpr) bool {
	tv, ok := info.Types[call.Fun]
	return ok && tv.IsType()
}

// sentinels are errors whose comparison marks a loop that is not a retry loop: io.EOF ends
// reading a stream, and retrying an interrupted system call on EINTR is immediate by design.
var sentinels = map[string]bool{
	"io.EOF": true, "io.ErrUnexpectedEOF": true,
	"syscall.EINTR": true, "golang.org/x/sys/unix.EINTR": true,
}

// comparesSentinel reports whether the loop refers to one of the sentinels.
func comparesSentinel(info *types.Info, l *loop) bool {
	found := false
	ast.Inspect(l.body, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if obj := info.Uses[sel.Sel]; obj != nil && obj.Pkg() != nil && sentinels[obj.Pkg().Path()+"."+obj.Name()] {
				found = true
			}
		}
		return !found
	})
	return found
}

// indexesCollection reports whether the loop's condition bounds an index by a length
// (i < len(servers)): it tries each element of a collection in turn, which is iteration.
func indexesCollection(info *types.Info, l *loop) bool {
	found := false
	if l.cond == nil {
		return false
	}
	ast.Inspect(l.cond, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "len" {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// walksChain reports whether the call that assigns the error variable reads the error
// itself, directly or through variables derived from it (err = x.Unwrap() after
// switch x := err.(type)): the loop walks a chain of errors.
func walksChain(info *types.Info, l *loop, c candidate) bool {
	derived := map[types.Object]bool{c.v: true}
	mentionsDerived := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && derived[info.Uses[id]] {
				found = true
			}
			return !found
		})
		return found
	}
	for range 2 { // derivations of derivations
		visitLoop(l, func(n ast.Node) {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, r := range n.Rhs {
					if mentionsDerived(r) {
						for _, lhs := range n.Lhs {
							if v := varOf(info, lhs); v != nil {
								derived[v] = true
							}
						}
					}
				}
			case *ast.TypeSwitchStmt:
				if mentionsDerived(n.Assign) {
					for _, cl := range n.Body.List {
						if obj := info.Implicits[cl]; obj != nil {
							derived[obj] = true
						}
					}
				}
			}
		})
	}
	return mentionsDerived(c.call)
}

// changesInput reports whether the loop changes what it passes to the call between
// attempts: a counter or size it grows (size *= 2), a value it takes from the call's
// results (token = out.NextToken, in.ExclusiveStartKey = out.LastEvaluatedKey), or a value
// carried from one iteration to the next that the input is computed from (next :=
// filepath.Dir(cur); ...; cur = next). Such a loop pages through data, walks a structure or
// adapts its input; a retry repeats the same request.
func changesInput(info *types.Info, l *loop, c candidate) bool {
	inputs := map[types.Object]bool{}
	addVars := func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && v != c.v {
					inputs[v] = true
				}
			}
			return true
		})
	}
	addVars(c.call)
	if len(inputs) == 0 {
		return false
	}
	base := func(e ast.Expr) types.Object {
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.SelectorExpr:
				e = x.X
				continue
			case *ast.IndexExpr:
				e = x.X
				continue
			case *ast.StarExpr:
				e = x.X
				continue
			case *ast.Ident:
				if obj := info.Uses[x]; obj != nil {
					return obj
				}
				return info.Defs[x]
			}
			return nil
		}
	}
	// The inputs include what the loop computes them from: close the set over the loop's
	// assignments to inputs.
	for grew := true; grew; {
		grew = false
		visitLoop(l, func(n ast.Node) {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != len(as.Rhs) {
				return
			}
			for i, lhs := range as.Lhs {
				if obj := base(lhs); obj != nil && inputs[obj] {
					before := len(inputs)
					addVars(as.Rhs[i])
					grew = grew || len(inputs) > before
				}
			}
		})
	}
	fromResults := func(e ast.Expr) bool {
		for _, r := range c.results {
			if mentions(info, e, r) {
				return true
			}
		}
		return false
	}
	mentionsInput := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && inputs[info.Uses[id]] {
				found = true
			}
			return !found
		})
		return found
	}
	// fresh reports whether an expression yields a new value on each evaluation whatever its
	// inputs: a channel receive, or a method of a stateful value (ln.Accept(), it.Next(),
	// dec.Decode()). A loop that feeds such values to its call processes a stream; a retry
	// rebuilds the same request from the same inputs with plain functions
	// (http.NewRequestWithContext, json.Marshal).
	fresh := func(e ast.Expr) bool {
		switch x := ast.Unparen(e).(type) {
		case *ast.UnaryExpr:
			return x.Op == token.ARROW
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
					return true
				}
			}
		}
		return false
	}
	// carried reports whether a variable outlives one iteration: declared outside the loop,
	// or in its init statement (`for d := dir; ; { ...; d = parent }`), which runs once.
	carried := func(obj types.Object) bool {
		if l.init != nil && obj.Pos() >= l.init.Pos() && obj.Pos() < l.init.End() {
			return true
		}
		return obj.Pos() < l.stmt.Pos() || obj.Pos() >= l.stmt.End()
	}
	changed := false
	visitLoop(l, func(n ast.Node) {
		if l.init != nil && n.Pos() >= l.init.Pos() && n.End() <= l.init.End() {
			return // the init statement runs once, before the first attempt
		}
		switch n := n.(type) {
		case *ast.IncDecStmt:
			if obj := base(n.X); obj != nil && inputs[obj] {
				changed = true
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				obj := base(lhs)
				if obj == nil || !inputs[obj] {
					continue
				}
				switch {
				case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
					changed = true
				case i < len(n.Rhs) && (fromResults(n.Rhs[i]) || carried(obj) && mentionsInput(n.Rhs[i])):
					changed = true
				case len(n.Rhs) == 1 && fresh(n.Rhs[0]):
					changed = true
				}
			}
		}
	})
	return changed
}

// errState is what the flow analysis knows about the attempt's error variable.
type errState uint8

const (
	unset    errState = iota // not assigned yet in this iteration
	untested                 // assigned from a call, not tested
	isNil                    // known nil: the attempt succeeded
	nonNil                   // known non-nil: the attempt failed
	mixed                    // tested, but nil on some paths and not on others
)

func join(a, b errState) errState {
	switch {
	case a == b:
		return a
	case a == unset:
		return b
	case b == unset:
		return a
	}
	return mixed
}

// refine returns the error variable's state where cond is true and where it is false.
func refine(info *types.Info, v *types.Var, cond ast.Expr, s errState) (then, els errState) {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			t, f := refine(info, v, e.X, s)
			return f, t
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			tA, fA := refine(info, v, e.X, s)
			tB, fB := refine(info, v, e.Y, tA)
			return tB, join(fA, fB)
		case token.LOR:
			tA, fA := refine(info, v, e.X, s)
			tB, fB := refine(info, v, e.Y, fA)
			return join(tA, tB), fB
		case token.EQL, token.NEQ:
			if (isVar(info, e.X, v) && isNilExpr(info, e.Y)) || (isVar(info, e.Y, v) && isNilExpr(info, e.X)) {
				if e.Op == token.EQL {
					return isNil, nonNil
				}
				return nonNil, isNil
			}
		}
	case *ast.CallExpr:
		// errors.Is(err, x) and errors.As(err, &t) hold only for a non-nil error.
		if fn, ok := typeutil.Callee(info, e).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "errors" &&
			(fn.Name() == "Is" || fn.Name() == "As") && len(e.Args) > 0 && isVar(info, e.Args[0], v) {
			return nonNil, tested(s)
		}
	}
	if mentions(info, cond, v) {
		return tested(s), tested(s)
	}
	return s, s
}

// tested is the state of a variable after a test that does not settle whether it is nil.
func tested(s errState) errState {
	if s == untested {
		return mixed
	}
	return s
}

func isVar(info *types.Info, e ast.Expr, v *types.Var) bool {
	return varOf(info, e) == v
}

func isNilExpr(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.IsNil()
}

func mentions(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// A walker follows the statements of a loop body, tracking the attempt's error variable,
// and records the state at each way round the loop (back edges) and each way out (exits).
type walker struct {
	info      *types.Info
	errVar    *types.Var
	label     string
	backEdges []errState
	exits     []errState
	// guardedExit is set by an exit taken while the attempt may be failing, under a
	// condition that does not test its error: a counter, a deadline, a signal.
	guardedExit bool
	// breaks collects the states at breaks out of the inner switch, select and loop
	// statements being walked, innermost last; labels maps their labels to them.
	breaks []*[]errState
	labels map[string]*[]errState
	// lastCall is the call that last assigned the error variable on the walk, and
	// failedCall the one that had failed at the first way round on failure: the call the
	// loop retries.
	lastCall, failedCall *ast.CallExpr
}

// scope is what surrounds a statement inside the loop body.
type scope struct {
	innerLoops int  // unlabeled continue belongs to an inner loop
	guarded    bool // under a condition that does not test the error, or a select case
}

func (w *walker) list(stmts []ast.Stmt, s errState, sc scope) (errState, bool) {
	for _, st := range stmts {
		var reach bool
		s, reach = w.stmt(st, s, sc)
		if !reach {
			return s, false
		}
	}
	return s, true
}

func (w *walker) exit(s errState, sc scope) {
	w.exits = append(w.exits, s)
	if sc.guarded && s != isNil && s != unset {
		w.guardedExit = true
	}
}

func (w *walker) stmt(st ast.Stmt, s errState, sc scope) (errState, bool) {
	switch st := st.(type) {
	case *ast.BlockStmt:
		return w.list(st.List, s, sc)
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(st.X).(*ast.CallExpr); ok && isNoReturn(w.info, call) {
			// An abort ends the loop, but it is no success: it may bound a retry loop
			// and never makes a loop one.
			if sc.guarded && s != isNil && s != unset {
				w.guardedExit = true
			}
			return s, false
		}
		return s, true
	case *ast.AssignStmt:
		return w.assign(st.Lhs, st.Rhs, s), true
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				var lhs []ast.Expr
				for _, id := range vs.Names {
					lhs = append(lhs, id)
				}
				if len(vs.Values) == 0 {
					for _, id := range vs.Names {
						if w.info.Defs[id] == w.errVar {
							s = isNil
						}
					}
					continue
				}
				s = w.assign(lhs, vs.Values, s)
			}
		}
		return s, true
	case *ast.IfStmt:
		if st.Init != nil {
			s, _ = w.stmt(st.Init, s, sc)
		}
		t, f := refine(w.info, w.errVar, st.Cond, s)
		inner := sc
		inner.guarded = sc.guarded || !mentions(w.info, st.Cond, w.errVar)
		tOut, tReach := w.list(st.Body.List, t, inner)
		fOut, fReach := f, true
		if st.Else != nil {
			fOut, fReach = w.stmt(st.Else, f, inner)
		}
		return mergeBranches([]errState{tOut, fOut}, []bool{tReach, fReach})
	case *ast.SwitchStmt:
		if st.Init != nil {
			s, _ = w.stmt(st.Init, s, sc)
		}
		return w.switchStmt(st, s, sc)
	case *ast.TypeSwitchStmt:
		if st.Init != nil {
			s, _ = w.stmt(st.Init, s, sc)
		}
		inner := sc
		inner.guarded = sc.guarded || !mentions(w.info, st.Assign, w.errVar)
		return w.clauses(st.Body, s, inner, func(ast.Stmt) errState { return s }, hasDefault(st.Body))
	case *ast.SelectStmt:
		inner := sc
		inner.guarded = true // a case that ends the loop is a signal to stop
		return w.clauses(st.Body, s, inner, func(c ast.Stmt) errState {
			cc := c.(*ast.CommClause)
			if cc.Comm == nil {
				return s
			}
			out, _ := w.stmt(cc.Comm, s, sc)
			return out
		}, true)
	case *ast.ForStmt, *ast.RangeStmt:
		collector := w.push()
		inner := sc
		inner.innerLoops++
		var body *ast.BlockStmt
		if f, ok := st.(*ast.ForStmt); ok {
			if f.Init != nil {
				s, _ = w.stmt(f.Init, s, sc)
			}
			body = f.Body
		} else {
			body = st.(*ast.RangeStmt).Body
		}
		out, reach := w.list(body.List, s, inner)
		w.pop()
		states := append([]errState{s}, *collector...)
		if reach {
			states = append(states, out)
		}
		res := states[0]
		for _, x := range states[1:] {
			res = join(res, x)
		}
		return res, true
	case *ast.LabeledStmt:
		switch st.Stmt.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			if w.labels == nil {
				w.labels = map[string]*[]errState{}
			}
			collector := &[]errState{}
			w.labels[st.Label.Name] = collector
			out, reach := w.stmt(st.Stmt, s, sc)
			delete(w.labels, st.Label.Name)
			if len(*collector) == 0 {
				return out, reach
			}
			states, reaches := append([]errState(nil), *collector...), make([]bool, len(*collector))
			for i := range reaches {
				reaches[i] = true
			}
			return mergeBranches(append(states, out), append(reaches, reach))
		}
		return w.stmt(st.Stmt, s, sc)
	case *ast.ReturnStmt:
		w.exit(s, sc)
		return s, false
	case *ast.BranchStmt:
		return w.branch(st, s, sc)
	}
	return s, true
}

func (w *walker) branch(st *ast.BranchStmt, s errState, sc scope) (errState, bool) {
	name := ""
	if st.Label != nil {
		name = st.Label.Name
	}
	switch st.Tok {
	case token.BREAK:
		switch {
		case name == "" && len(w.breaks) > 0:
			top := w.breaks[len(w.breaks)-1]
			*top = append(*top, s)
		case name != "" && name != w.label && w.labels[name] != nil:
			c := w.labels[name]
			*c = append(*c, s)
		default: // out of the retry loop, or of a loop around it
			w.exit(s, sc)
		}
		return s, false
	case token.CONTINUE:
		switch {
		case name == "" && sc.innerLoops > 0, name != "" && name != w.label && w.labels[name] != nil:
			// the inner loop goes round again
		case name == "" || name == w.label:
			w.backEdge(s)
		default: // continues a loop around the retry loop: leaves it
			w.exit(s, sc)
		}
		return s, false
	case token.GOTO:
		w.exit(s, sc)
		return s, false
	}
	return s, true // fallthrough
}

func (w *walker) push() *[]errState {
	c := &[]errState{}
	w.breaks = append(w.breaks, c)
	return c
}

func (w *walker) pop() { w.breaks = w.breaks[:len(w.breaks)-1] }

// switchStmt walks an expression switch. Without a tag, each case is taken when its
// condition holds and the earlier ones did not, which refines the error's state.
func (w *walker) switchStmt(st *ast.SwitchStmt, s errState, sc scope) (errState, bool) {
	if st.Tag != nil {
		inner := sc
		inner.guarded = sc.guarded || !mentions(w.info, st.Tag, w.errVar)
		return w.clauses(st.Body, s, inner, func(ast.Stmt) errState { return s }, hasDefault(st.Body))
	}
	cur := s
	entry := map[ast.Stmt]errState{}
	guarded := map[ast.Stmt]bool{}
	for _, c := range st.Body.List {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			continue
		}
		cond := cc.List[0]
		for _, e := range cc.List[1:] {
			cond = &ast.BinaryExpr{X: cond, Op: token.LOR, Y: e}
		}
		t, f := refine(w.info, w.errVar, cond, cur)
		entry[cc], guarded[cc] = t, !mentionsAny(w.info, cc.List, w.errVar)
		cur = f
	}
	collector := w.push()
	var outs []errState
	var reaches []bool
	for _, c := range st.Body.List {
		cc := c.(*ast.CaseClause)
		in, ok := entry[cc]
		inner := sc
		if !ok { // default
			in = cur
		} else {
			inner.guarded = sc.guarded || guarded[cc]
		}
		out, reach := w.list(cc.Body, in, inner)
		outs, reaches = append(outs, out), append(reaches, reach)
	}
	w.pop()
	for _, b := range *collector {
		outs, reaches = append(outs, b), append(reaches, true)
	}
	if !hasDefault(st.Body) {
		outs, reaches = append(outs, cur), append(reaches, true)
	}
	return mergeBranches(outs, reaches)
}

// clauses walks the clauses of a switch or select, each entered in the state in(clause).
func (w *walker) clauses(body *ast.BlockStmt, s errState, sc scope, in func(ast.Stmt) errState, exhaustive bool) (errState, bool) {
	collector := w.push()
	var outs []errState
	var reaches []bool
	for _, c := range body.List {
		var stmts []ast.Stmt
		inner := sc
		switch c := c.(type) {
		case *ast.CaseClause:
			stmts = c.Body
		case *ast.CommClause:
			stmts = c.Body
			if c.Comm == nil { // default: not a signal
				inner.guarded = false
			}
		}
		out, reach := w.list(stmts, in(c), inner)
		outs, reaches = append(outs, out), append(reaches, reach)
	}
	w.pop()
	for _, b := range *collector {
		outs, reaches = append(outs, b), append(reaches, true)
	}
	if !exhaustive || len(body.List) == 0 {
		outs, reaches = append(outs, s), append(reaches, true)
	}
	return mergeBranches(outs, reaches)
}

func hasDefault(body *ast.BlockStmt) bool {
	for _, c := range body.List {
		if cc, ok := c.(*ast.CaseClause); ok && cc.List == nil {
			return true
		}
	}
	return false
}

func mentionsAny(info *types.Info, es []ast.Expr, v *types.Var) bool {
	for _, e := range es {
		if mentions(info, e, v) {
			return true
		}
	}
	return false
}

func mergeBranches(states []errState, reaches []bool) (errState, bool) {
	out, any := unset, false
	for i, s := range states {
		if !reaches[i] {
			continue
		}
		if !any {
			out, any = s, true
		} else {
			out = join(out, s)
		}
	}
	return out, any
}

// assign returns the error variable's state after an assignment.
func (w *walker) assign(lhs, rhs []ast.Expr, s errState) errState {
	for i, e := range lhs {
		if varOf(w.info, e) != w.errVar {
			continue
		}
		var r ast.Expr
		switch {
		case len(rhs) == 1 && len(lhs) > 1:
			r = rhs[0]
		case len(rhs) == len(lhs):
			r = rhs[i]
		default:
			return untested
		}
		switch {
		case isNilExpr(w.info, r):
			return isNil
		case isErrorConstructor(w.info, r):
			return nonNil
		}
		if call, ok := ast.Unparen(r).(*ast.CallExpr); ok {
			w.lastCall = call
		}
		return untested
	}
	return s
}

// backEdge records a way round the loop; a failure records the call that failed.
func (w *walker) backEdge(s errState) {
	w.backEdges = append(w.backEdges, s)
	if (s == nonNil || s == mixed) && w.failedCall == nil {
		w.failedCall = w.lastCall
	}
}

func isErrorConstructor(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	return fn.Pkg().Path() == "errors" && fn.Name() == "New" || fn.Pkg().Path() == "fmt" && fn.Name() == "Errorf"
}

// isNoReturn recognizes calls that end the goroutine or the process.
func isNoReturn(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return true
		}
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "os.Exit", "runtime.Goexit":
		return true
	}
	// log.Fatal and log.Panic and the loggers that follow their convention (logrus, zap,
	// klog, log/slog wrappers), and testing's t.Fatal, t.FailNow and t.Skip.
	switch fn.Name() {
	case "Fatal", "Fatalf", "Fatalln", "Fatalw", "Panic", "Panicf", "Panicln", "Panicw":
		return true
	case "FailNow", "SkipNow", "Skip", "Skipf":
		return fn.Pkg().Path() == "testing"
	}
	return false
}
