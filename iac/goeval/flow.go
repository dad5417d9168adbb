package goeval

import (
	"go/ast"
	"go/constant"
	"go/token"
	"reflect"
)

// Branches on unknown conditions. Each branch runs in turn, uncertainly, with a journal of
// the variables and fields it writes; the writes are undone before the next branch runs,
// and afterwards every place written keeps its value where the branches agree and becomes
// Unknown where they do not.

type journal struct {
	parent  *journal
	frame   *frame
	entries map[any]*journalEntry
	order   []any
	// returned is set when the branch returned.
	returned bool
}

type journalEntry struct {
	get func() Value
	set func(Value)
	old Value
}

// record notes a place about to be written, in every journal open.
func (in *Interp) record(get func() Value, set func(Value), key any) {
	for j := in.journal; j != nil; j = j.parent {
		if _, ok := j.entries[key]; ok {
			continue
		}
		j.entries[key] = &journalEntry{get: get, set: set, old: get()}
		j.order = append(j.order, key)
	}
}

// branches runs alternatives of which at most one runs (exactly one when exhaustive).
func (in *Interp) branches(fr *frame, runs []func(), exhaustive bool) {
	type outcome map[any]Value
	var outs []outcome
	all := map[any]*journalEntry{}
	var order []any
	for _, run := range runs {
		j := &journal{parent: in.journal, frame: fr, entries: map[any]*journalEntry{}}
		in.journal = j
		in.uncertain++
		run()
		in.uncertain--
		in.journal = j.parent
		in.branch = token.ILLEGAL
		out := outcome{}
		for i := len(j.order) - 1; i >= 0; i-- {
			k := j.order[i]
			e := j.entries[k]
			out[k] = e.get()
			e.set(e.old)
			if all[k] == nil {
				all[k] = e
				order = append(order, k)
			}
		}
		outs = append(outs, out)
	}
	if !exhaustive {
		outs = append(outs, outcome{})
	}
	for _, k := range order {
		e := all[k]
		var v Value
		for i, o := range outs {
			x, ok := o[k]
			if !ok {
				x = e.old
			}
			if i == 0 {
				v = x
			} else {
				v = merge(v, x)
			}
		}
		in.record(e.get, e.set, k)
		e.set(v)
	}
}

// merge is the value of a place after branches that left it a or b.
func merge(a, b Value) Value {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case same(a, b):
		return a
	}
	return Unknown{Why: "differs between branches"}
}

func same(a, b Value) bool {
	if ca, ok := a.(Const); ok {
		return sameConst(ca, b)
	}
	if _, ok := a.(Nil); ok {
		return IsNil(b)
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb || !ta.Comparable() {
		return false
	}
	return a == b
}

func sameConst(a, b Value) bool {
	ca, ok1 := a.(Const)
	cb, ok2 := b.(Const)
	if !ok1 || !ok2 || ca.V == nil || cb.V == nil {
		return false
	}
	if !comparable(ca.V, cb.V) {
		return false
	}
	return constant.Compare(ca.V, token.EQL, cb.V)
}

// comparable reports whether two constants can be compared: same kind, or both numbers.
func comparable(a, b constant.Value) bool {
	return a.Kind() == b.Kind() || numeric(a) && numeric(b)
}

func numeric(v constant.Value) bool {
	return v.Kind() == constant.Int || v.Kind() == constant.Float
}

func (in *Interp) ifStmt(fr *frame, s *ast.IfStmt) {
	if s.Init != nil {
		in.stmt(fr, s.Init)
	}
	if b, ok := BoolOf(in.expr(fr, s.Cond)); ok {
		if b {
			in.stmt(fr, s.Body)
		} else if s.Else != nil {
			in.stmt(fr, s.Else)
		}
		return
	}
	runs := []func(){func() { in.stmt(fr, s.Body) }}
	if s.Else != nil {
		runs = append(runs, func() { in.stmt(fr, s.Else) })
	}
	in.branches(fr, runs, s.Else != nil)
}

func (in *Interp) switchStmt(fr *frame, s *ast.SwitchStmt) {
	if s.Init != nil {
		in.stmt(fr, s.Init)
	}
	var tag Value = Bool(true)
	if s.Tag != nil {
		tag = in.expr(fr, s.Tag)
	}
	var clauses []*ast.CaseClause
	var def *ast.CaseClause
	for _, c := range s.Body.List {
		if cc, ok := c.(*ast.CaseClause); ok {
			clauses = append(clauses, cc)
			if cc.List == nil {
				def = cc
			}
		}
	}
	run := func(cc *ast.CaseClause) func() { return func() { in.block(fr, cc.Body) } }
	for i, cc := range clauses {
		if cc.List == nil {
			continue
		}
		matched, known := false, true
		for _, e := range cc.List {
			v := in.expr(fr, e)
			if _, ok := tag.(Const); !ok {
				known = false
				break
			}
			if _, ok := v.(Const); !ok {
				known = false
				break
			}
			if sameConst(tag, v) {
				matched = true
				break
			}
		}
		if !known {
			// From here on, any of the remaining clauses may run.
			var runs []func()
			for _, rest := range clauses[i:] {
				runs = append(runs, run(rest))
			}
			if def != nil && !containsClause(clauses[i:], def) {
				runs = append(runs, run(def))
			}
			in.branches(fr, runs, def != nil)
			in.branch = token.ILLEGAL
			return
		}
		if matched {
			in.block(fr, cc.Body)
			if in.branch == token.BREAK {
				in.branch = token.ILLEGAL
			}
			return
		}
	}
	if def != nil {
		in.block(fr, def.Body)
		if in.branch == token.BREAK {
			in.branch = token.ILLEGAL
		}
	}
}

func containsClause(list []*ast.CaseClause, c *ast.CaseClause) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

func (in *Interp) typeSwitch(fr *frame, s *ast.TypeSwitchStmt) {
	if s.Init != nil {
		in.stmt(fr, s.Init)
	}
	var x Value = Unknown{Why: "type switch"}
	switch a := s.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Rhs) == 1 {
			if ta, ok := a.Rhs[0].(*ast.TypeAssertExpr); ok {
				x = in.expr(fr, ta.X)
			}
		}
	case *ast.ExprStmt:
		if ta, ok := a.X.(*ast.TypeAssertExpr); ok {
			in.expr(fr, ta.X)
		}
	}
	var runs []func()
	exhaustive := false
	for _, c := range s.Body.List {
		cc, ok := c.(*ast.CaseClause)
		if !ok {
			continue
		}
		if cc.List == nil {
			exhaustive = true
		}
		runs = append(runs, func() {
			if obj := fr.info.Implicits[cc]; obj != nil {
				fr.vars[obj] = &cell{v: x}
			}
			in.block(fr, cc.Body)
		})
	}
	in.branches(fr, runs, exhaustive)
}

func (in *Interp) forStmt(fr *frame, s *ast.ForStmt) {
	if s.Init != nil {
		in.stmt(fr, s.Init)
	}
	for iter := 0; ; iter++ {
		if iter >= maxIterations {
			in.truncated = true
			return
		}
		if s.Cond != nil {
			b, ok := BoolOf(in.expr(fr, s.Cond))
			if !ok {
				in.unknownLoop(fr, s.Body, s.Post)
				return
			}
			if !b {
				return
			}
		}
		in.stmt(fr, s.Body)
		br := in.branch
		in.branch = token.ILLEGAL
		if br == token.BREAK || fr.returned || in.truncated {
			return
		}
		if s.Post != nil {
			in.stmt(fr, s.Post)
		}
	}
}

// unknownLoop runs a loop body that may run any number of times, once, uncertainly, with
// the variables the loop assigns unknown.
func (in *Interp) unknownLoop(fr *frame, body *ast.BlockStmt, post ast.Stmt, defs ...ast.Expr) {
	in.branches(fr, []func(){func() {
		for _, d := range defs {
			if id, ok := d.(*ast.Ident); ok && id.Name != "_" {
				if obj := fr.info.Defs[id]; obj != nil {
					fr.vars[obj] = &cell{v: Unknown{Why: "loop variable"}}
					continue
				}
				in.assign(fr, id, Unknown{Why: "loop variable"}, body, false)
			}
		}
		for _, id := range assignedIn(body, post) {
			in.assign(fr, id, Unknown{Why: "assigned in a loop"}, body, false)
		}
		in.stmt(fr, body)
		if post != nil {
			in.stmt(fr, post)
		}
	}}, false)
}

// assignedIn returns the identifiers a loop assigns with = or ++ (variables declared
// outside it keep a value that depends on the number of iterations).
func assignedIn(nodes ...ast.Node) []*ast.Ident {
	var out []*ast.Ident
	for _, n := range nodes {
		if n == nil || reflect.ValueOf(n).IsNil() {
			continue
		}
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.AssignStmt:
				if n.Tok != token.DEFINE {
					for _, l := range n.Lhs {
						if id, ok := ast.Unparen(l).(*ast.Ident); ok {
							out = append(out, id)
						}
					}
				}
			case *ast.IncDecStmt:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					out = append(out, id)
				}
			}
			return true
		})
	}
	return out
}

func (in *Interp) rangeStmt(fr *frame, s *ast.RangeStmt) {
	x := in.expr(fr, s.X)
	bind := func(k, v Value) {
		if s.Key != nil {
			in.assign(fr, s.Key, k, s, s.Tok == token.DEFINE)
		}
		if s.Value != nil {
			in.assign(fr, s.Value, v, s, s.Tok == token.DEFINE)
		}
	}
	iterate := func(n int, at func(i int) (Value, Value)) {
		if n > maxIterations {
			in.truncated = true
			return
		}
		for i := range n {
			k, v := at(i)
			bind(k, v)
			in.stmt(fr, s.Body)
			br := in.branch
			in.branch = token.ILLEGAL
			if br == token.BREAK || fr.returned || in.truncated {
				return
			}
		}
	}
	switch c := x.(type) {
	case *Slice:
		if !c.Unknown {
			elems := append([]Elem(nil), c.Elems...)
			iterate(len(elems), func(i int) (Value, Value) { return Int(int64(i)), elems[i].Value })
			return
		}
	case *Map:
		if !c.Unknown {
			entries := append([]Entry(nil), c.Entries...)
			iterate(len(entries), func(i int) (Value, Value) { return entries[i].Key, entries[i].Value })
			return
		}
	case Nil:
		return
	case Const:
		if n, ok := IntOf(c); ok && c.V.Kind() == constant.Int && n >= 0 {
			iterate(int(n), func(i int) (Value, Value) { return Int(int64(i)), Unknown{} })
			return
		}
	}
	in.unknownLoop(fr, s.Body, nil, s.Key, s.Value)
}
