package goeval

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// expr evaluates an expression.
func (in *Interp) expr(fr *frame, e ast.Expr) Value {
	if e == nil || !in.step() {
		return Unknown{Why: "budget"}
	}
	info := fr.info
	// Constants, named or not, in this package or another: the type checker knows them.
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return Const{tv.Value}
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return in.expr(fr, e.X)
	case *ast.Ident:
		return in.ident(fr, e)
	case *ast.BasicLit:
		return Unknown{Why: "literal"}
	case *ast.CompositeLit:
		return in.composite(fr, e, info.TypeOf(e))
	case *ast.UnaryExpr:
		x := in.expr(fr, e.X)
		switch e.Op {
		case token.AND:
			// &x: pointers are transparent, structs are shared by reference.
			return x
		case token.NOT:
			if b, ok := BoolOf(x); ok {
				return Bool(!b)
			}
		case token.SUB, token.ADD:
			if c, ok := x.(Const); ok && numeric(c.V) {
				return Const{constant.UnaryOp(e.Op, c.V, 0)}
			}
		}
		return Unknown{Why: "operator " + e.Op.String()}
	case *ast.StarExpr:
		return in.expr(fr, e.X)
	case *ast.BinaryExpr:
		return in.binaryExpr(fr, e)
	case *ast.SelectorExpr:
		return in.selector(fr, e)
	case *ast.CallExpr:
		return in.call(fr, e)
	case *ast.IndexExpr:
		return in.index(fr, e)
	case *ast.IndexListExpr:
		return in.expr(fr, e.X)
	case *ast.FuncLit:
		return &Closure{lit: e, info: info, env: fr}
	case *ast.TypeAssertExpr:
		return in.expr(fr, e.X)
	case *ast.SliceExpr:
		x := in.expr(fr, e.X)
		if s, ok := x.(*Slice); ok && e.Low == nil && e.High == nil {
			return s
		}
		return Unknown{Why: "slice expression"}
	}
	return Unknown{Why: "expression"}
}

func (in *Interp) ident(fr *frame, e *ast.Ident) Value {
	obj := fr.info.ObjectOf(e)
	switch obj := obj.(type) {
	case *types.Nil:
		return Nil{}
	case *types.Var:
		if c := fr.lookup(obj); c != nil {
			return c.v
		}
		return in.packageVar(obj)
	case *types.Func:
		if code, ok := in.prog.funcs[obj]; ok {
			return &Closure{decl: code, info: code.info, Func: obj}
		}
		return FuncRef{Func: obj}
	}
	return Unknown{Why: "identifier " + e.Name}
}

// FuncRef is a function of a library used as a value (not called).
type FuncRef struct{ Func *types.Func }

// packageVar evaluates a package-level variable: its initializer, when nothing assigns it
// elsewhere.
func (in *Interp) packageVar(v *types.Var) Value {
	if val, ok := in.pkgVars[v]; ok {
		return val
	}
	code, ok := in.prog.vars[v]
	if !ok || in.prog.reassigned[v] || in.varBusy[v] {
		return Unknown{Why: "package variable " + v.Name()}
	}
	in.varBusy[v] = true
	defer delete(in.varBusy, v)
	fr := &frame{vars: map[types.Object]*cell{}, info: code.info}
	var val Value
	switch {
	case len(code.spec.Values) == len(code.spec.Names):
		val = in.expr(fr, code.spec.Values[code.index])
	case len(code.spec.Values) == 1:
		val = spread(in.expr(fr, code.spec.Values[0]), len(code.spec.Names))[code.index]
	default:
		val = zero(v.Type())
	}
	in.pkgVars[v] = val
	return val
}

func (in *Interp) composite(fr *frame, e *ast.CompositeLit, t types.Type) Value {
	if t == nil {
		return Unknown{Why: "untyped composite"}
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	elemType := func(et types.Type, x ast.Expr) Value {
		if cl, ok := x.(*ast.CompositeLit); ok && cl.Type == nil {
			return in.composite(fr, cl, et)
		}
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if cl, ok := u.X.(*ast.CompositeLit); ok && cl.Type == nil {
				return in.composite(fr, cl, et)
			}
		}
		return in.expr(fr, x)
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		s := &Struct{Type: t}
		for i, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				id, ok := kv.Key.(*ast.Ident)
				if !ok {
					continue
				}
				var ft types.Type
				for j := range u.NumFields() {
					if u.Field(j).Name() == id.Name {
						ft = u.Field(j).Type()
					}
				}
				s.Set(id.Name, elemType(ft, kv.Value), kv)
				continue
			}
			if i < u.NumFields() {
				s.Set(u.Field(i).Name(), elemType(u.Field(i).Type(), el), el)
			}
		}
		return s
	case *types.Slice, *types.Array:
		var et types.Type
		if sl, ok := u.(*types.Slice); ok {
			et = sl.Elem()
		} else {
			et = u.(*types.Array).Elem()
		}
		sl := &Slice{}
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				// [...]T{2: x}: indexed elements are rare in configuration code.
				sl.Unknown = true
				sl.Elems = append(sl.Elems, Elem{Value: elemType(et, kv.Value), At: kv})
				continue
			}
			sl.Elems = append(sl.Elems, Elem{Value: elemType(et, el), At: el})
		}
		return sl
	case *types.Map:
		m := &Map{}
		for _, el := range e.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			k := elemType(u.Key(), kv.Key)
			if IsUnknown(k) {
				m.Unknown = true
			}
			m.Entries = append(m.Entries, Entry{Key: k, Value: elemType(u.Elem(), kv.Value), At: kv})
		}
		return m
	}
	return Unknown{Why: "composite of " + t.String()}
}

func (in *Interp) binaryExpr(fr *frame, e *ast.BinaryExpr) Value {
	x := in.expr(fr, e.X)
	switch e.Op {
	case token.LAND:
		if b, ok := BoolOf(x); ok && !b {
			return Bool(false)
		}
		y := in.expr(fr, e.Y)
		if b, ok := BoolOf(y); ok && !b {
			return Bool(false)
		}
		bx, okx := BoolOf(x)
		by, oky := BoolOf(y)
		if okx && oky {
			return Bool(bx && by)
		}
		return Unknown{Why: "condition"}
	case token.LOR:
		if b, ok := BoolOf(x); ok && b {
			return Bool(true)
		}
		y := in.expr(fr, e.Y)
		if b, ok := BoolOf(y); ok && b {
			return Bool(true)
		}
		bx, okx := BoolOf(x)
		by, oky := BoolOf(y)
		if okx && oky {
			return Bool(bx || by)
		}
		return Unknown{Why: "condition"}
	}
	return in.binary(x, in.expr(fr, e.Y), e.Op)
}

// binary applies an operator to two values.
func (in *Interp) binary(x, y Value, op token.Token) Value {
	if op == token.EQL || op == token.NEQ {
		if eq, ok := equal(x, y); ok {
			return Bool(eq == (op == token.EQL))
		}
		return Unknown{Why: "comparison"}
	}
	cx, ok1 := x.(Const)
	cy, ok2 := y.(Const)
	if !ok1 || !ok2 || cx.V == nil || cy.V == nil {
		return Unknown{Why: "operands"}
	}
	switch op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
		if !comparable(cx.V, cy.V) {
			return Unknown{Why: "operands"}
		}
		return Bool(constant.Compare(cx.V, op, cy.V))
	case token.SHL, token.SHR:
		s, ok := constant.Uint64Val(cy.V)
		if !ok || s > 62 || cx.V.Kind() != constant.Int {
			return Unknown{Why: "shift"}
		}
		return Const{constant.Shift(cx.V, op, uint(s))}
	case token.QUO, token.REM:
		if numeric(cy.V) && constant.Sign(cy.V) == 0 {
			return Unknown{Why: "division by zero"}
		}
		if op == token.QUO && cx.V.Kind() == constant.Int && cy.V.Kind() == constant.Int {
			op = token.QUO_ASSIGN // integer division
		}
	}
	if cx.V.Kind() == constant.String && (cy.V.Kind() != constant.String || op != token.ADD) {
		return Unknown{Why: "operands"}
	}
	if cx.V.Kind() != constant.String && cy.V.Kind() == constant.String {
		return Unknown{Why: "operands"}
	}
	if cx.V.Kind() == constant.Bool || cy.V.Kind() == constant.Bool {
		return Unknown{Why: "operands"}
	}
	if op == token.QUO_ASSIGN {
		return Const{constant.BinaryOp(cx.V, token.QUO_ASSIGN, cy.V)}
	}
	if op == token.REM && (cx.V.Kind() != constant.Int || cy.V.Kind() != constant.Int) {
		return Unknown{Why: "operands"}
	}
	return Const{constant.BinaryOp(cx.V, op, cy.V)}
}

// equal compares two values when the comparison is known.
func equal(x, y Value) (eq, ok bool) {
	_, xn := x.(Nil)
	_, yn := y.(Nil)
	switch {
	case xn && yn:
		return true, true
	case xn || yn:
		other := y
		if yn {
			other = x
		}
		switch other.(type) {
		case Unknown, nil:
			return false, false
		case Const, *Struct, *Closure:
			return false, true
		case *Slice, *Map:
			// An empty slice and nil differ, but both are "nothing" to the programs read.
			return false, false
		}
		// A value of a reader's own (a construct, a resource) is not nil.
		return false, true
	}
	cx, ok1 := x.(Const)
	cy, ok2 := y.(Const)
	if ok1 && ok2 && cx.V != nil && cy.V != nil {
		if !comparable(cx.V, cy.V) {
			return false, false
		}
		return constant.Compare(cx.V, token.EQL, cy.V), true
	}
	return false, false
}

func (in *Interp) index(fr *frame, e *ast.IndexExpr) Value {
	// A generic function instantiated (f[T]) is evaluated as f.
	if tv, ok := fr.info.Types[e.X]; ok {
		if _, isSig := tv.Type.Underlying().(*types.Signature); isSig {
			return in.expr(fr, e.X)
		}
	}
	x := in.expr(fr, e.X)
	k := in.expr(fr, e.Index)
	switch c := x.(type) {
	case *Map:
		for _, en := range c.Entries {
			if sameConst(en.Key, k) {
				return en.Value
			}
		}
		if c.Unknown || IsUnknown(k) {
			return Unknown{Why: "map entry"}
		}
		return zero(fr.info.TypeOf(e))
	case *Slice:
		i, ok := IntOf(k)
		if ok && !c.Unknown && i >= 0 && int(i) < len(c.Elems) {
			return c.Elems[i].Value
		}
	}
	return Unknown{Why: "index"}
}

func (in *Interp) selector(fr *frame, e *ast.SelectorExpr) Value {
	sel := fr.info.Selections[e]
	if sel == nil {
		// A qualified identifier: pkg.Name.
		return in.ident(fr, e.Sel)
	}
	switch sel.Kind() {
	case types.FieldVal:
		x := in.expr(fr, e.X)
		return in.field(fr, x, sel, e)
	case types.MethodVal:
		fn, ok := sel.Obj().(*types.Func)
		if !ok {
			return Unknown{Why: "method"}
		}
		recv := in.receiver(fr, e, sel)
		if code, r := in.method(fn, recv); code != nil {
			return &Closure{decl: code, info: code.info, recv: r, Func: fn}
		}
		return Unknown{Why: "method value"}
	}
	return Unknown{Why: "selector"}
}

// field selects a field along an embedding path.
func (in *Interp) field(_ *frame, x Value, sel *types.Selection, e *ast.SelectorExpr) Value {
	t := sel.Recv()
	for _, i := range sel.Index() {
		s, ok := x.(*Struct)
		if !ok {
			if IsUnknown(x) || IsNil(x) {
				return Unknown{Why: "field of an unknown value"}
			}
			if v, ok := in.hooks.Select(in, x, sel.Obj().Name(), e); ok {
				return v
			}
			return Unknown{Why: "field " + sel.Obj().Name()}
		}
		st, ok := structType(t)
		if !ok || i >= st.NumFields() {
			return Unknown{Why: "field"}
		}
		f := st.Field(i)
		x, t = in.fieldValue(s, f), f.Type()
	}
	return x
}

// receiver evaluates the receiver of a method selection, through embedded fields.
func (in *Interp) receiver(fr *frame, e *ast.SelectorExpr, sel *types.Selection) Value {
	x := in.expr(fr, e.X)
	idx := sel.Index()
	t := sel.Recv()
	for _, i := range idx[:len(idx)-1] {
		s, ok := x.(*Struct)
		if !ok {
			return x // a library value embedding another: the hooks see the outer one
		}
		st, ok := structType(t)
		if !ok || i >= st.NumFields() {
			return Unknown{Why: "embedded field"}
		}
		f := st.Field(i)
		x, t = in.fieldValue(s, f), f.Type()
	}
	return x
}

// method finds the body of a method for a receiver: the method itself, or, for an
// interface method, the method of the receiver's dynamic type when it is one of the
// program's.
func (in *Interp) method(fn *types.Func, recv Value) (*funcCode, Value) {
	if code, ok := in.prog.funcs[fn]; ok {
		return code, recv
	}
	s, ok := recv.(*Struct)
	if !ok || s.Type == nil {
		return nil, recv
	}
	for _, t := range []types.Type{s.Type, types.NewPointer(s.Type)} {
		obj, index, _ := types.LookupFieldOrMethod(t, true, fn.Pkg(), fn.Name())
		m, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		code, ok := in.prog.funcs[m]
		if !ok {
			continue
		}
		// A promoted method runs on the embedded field that declares it.
		var x Value = s
		ft := s.Type
		for _, i := range index[:len(index)-1] {
			xs, ok := x.(*Struct)
			st, ok2 := structType(ft)
			if !ok || !ok2 || i >= st.NumFields() {
				return nil, recv
			}
			f := st.Field(i)
			x, ft = in.fieldValue(xs, f), f.Type()
		}
		return code, x
	}
	return nil, recv
}
