package goeval

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Bounds on the work of one evaluation: past them the rest is unknown, never a hang.
const (
	// MaxSteps bounds the statements and expressions evaluated.
	MaxSteps = 1 << 20
	// maxDepth bounds nested calls (recursion).
	maxDepth = 64
	// maxIterations bounds the iterations of one loop over known values.
	maxIterations = 1024
)

// Hooks give meaning to what the program calls without a body the evaluator can see.
type Hooks interface {
	// Call evaluates a call of a function or method the program has no body for; ok false
	// means the result is unknown.
	Call(in *Interp, c *Call) (v Value, ok bool)
	// Select evaluates x.name where x is a value of the reader's own (an output of a
	// resource: fn.Arn); ok false means unknown.
	Select(in *Interp, x Value, name string, at *ast.SelectorExpr) (v Value, ok bool)
}

// A Call is a call handed to the Hooks.
type Call struct {
	// Func is the function or method called; for a call through an interface, the
	// interface's method.
	Func *types.Func
	// Recv is the receiver of a method call.
	Recv Value
	// Args are the arguments, a variadic slice spread (f(a, b...) gives a and b's elements
	// when b is known).
	Args []Value
	// Expr is the call.
	Expr *ast.CallExpr
	// Info is the type information of the package the call is in.
	Info *types.Info
}

// Arg returns the i-th argument, Unknown when there is none.
func (c *Call) Arg(i int) Value {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return Unknown{Why: "missing argument"}
}

// ArgExpr returns the expression of the i-th argument as written, or the call itself when
// the argument comes from a spread slice.
func (c *Call) ArgExpr(i int) ast.Expr {
	spread := c.Expr.Ellipsis.IsValid() && i >= len(c.Expr.Args)-1
	if i < len(c.Expr.Args) && !spread {
		return c.Expr.Args[i]
	}
	return c.Expr
}

// Interp interprets a program. It is not safe for concurrent use.
type Interp struct {
	prog  *Program
	hooks Hooks
	steps int
	depth int
	// uncertain counts the branches being evaluated that may not run.
	uncertain int
	// journal records the writes made while uncertain, to merge the branches.
	journal *journal
	// truncated is set when a bound stopped the evaluation somewhere.
	truncated bool
	pkgVars   map[*types.Var]Value
	varBusy   map[*types.Var]bool
	// branch is a pending break or continue.
	branch token.Token
	// calls are the call sites being evaluated, innermost last.
	calls []*ast.CallExpr
}

// New returns an interpreter of prog that hands the calls it cannot follow to hooks.
func New(prog *Program, hooks Hooks) *Interp {
	return &Interp{prog: prog, hooks: hooks, pkgVars: map[*types.Var]Value{}, varBusy: map[*types.Var]bool{}}
}

// Program returns the program interpreted.
func (in *Interp) Program() *Program { return in.prog }

// Uncertain reports whether the code being evaluated may not run: a branch on an unknown
// condition, the body of a loop over an unknown collection.
func (in *Interp) Uncertain() bool { return in.uncertain > 0 }

// Truncated reports whether a bound (steps, depth, iterations) cut the evaluation short:
// what the program does past it is not known.
func (in *Interp) Truncated() bool { return in.truncated }

// CallSites returns the calls of the program's own functions being evaluated, outermost
// first.
func (in *Interp) CallSites() []*ast.CallExpr { return in.calls }

// Run calls a function of the program with the given arguments.
func (in *Interp) Run(fn *types.Func, args ...Value) Value {
	code, ok := in.prog.funcs[fn]
	if !ok {
		return Unknown{Why: "no body for " + fn.FullName()}
	}
	return in.invoke(&Closure{decl: code, info: code.info, Func: fn}, args)
}

// CallValue calls a function value (a Closure); other values give Unknown.
func (in *Interp) CallValue(f Value, args ...Value) Value {
	c, ok := f.(*Closure)
	if !ok {
		return Unknown{Why: "call of an unknown function"}
	}
	return in.invoke(c, args)
}

// A cell holds a variable's value.
type cell struct{ v Value }

// A frame is one activation of a function: its variables, and the frame of the function
// it is a literal of.
type frame struct {
	vars   map[types.Object]*cell
	parent *frame
	info   *types.Info
	// results are the named result variables.
	results []*cell
	// returned is set once a return statement ran; ret is what it returned. maybeRet holds
	// what returns in branches that may not run.
	returned bool
	ret      Value
	maybeRet []Value
}

func (f *frame) lookup(obj types.Object) *cell {
	for fr := f; fr != nil; fr = fr.parent {
		if c, ok := fr.vars[obj]; ok {
			return c
		}
	}
	return nil
}

func (in *Interp) step() bool {
	in.steps++
	if in.steps > MaxSteps {
		in.truncated = true
		return false
	}
	return true
}

// invoke runs a closure with arguments.
func (in *Interp) invoke(c *Closure, args []Value) Value {
	if in.depth >= maxDepth || !in.step() {
		in.truncated = true
		return Unknown{Why: "call too deep"}
	}
	in.depth++
	defer func() { in.depth-- }()
	var ftype *ast.FuncType
	var body *ast.BlockStmt
	var recv *ast.FieldList
	if c.decl != nil {
		ftype, body, recv = c.decl.decl.Type, c.decl.decl.Body, c.decl.decl.Recv
	} else {
		ftype, body = c.lit.Type, c.lit.Body
	}
	fr := &frame{vars: map[types.Object]*cell{}, parent: c.env, info: c.info}
	if recv != nil && len(recv.List) > 0 {
		for _, n := range recv.List[0].Names {
			if obj := c.info.Defs[n]; obj != nil {
				fr.vars[obj] = &cell{v: c.recv}
			}
		}
	}
	i := 0
	params := ftype.Params.List
	for pi, field := range params {
		variadic := false
		if _, ok := field.Type.(*ast.Ellipsis); ok && pi == len(params)-1 {
			variadic = true
		}
		names := field.Names
		if len(names) == 0 {
			i++
			continue
		}
		for _, n := range names {
			var v Value
			switch {
			case variadic:
				s := &Slice{}
				for ; i < len(args); i++ {
					s.Elems = append(s.Elems, Elem{Value: args[i]})
				}
				v = s
			case i < len(args):
				v = args[i]
				i++
			default:
				v = Unknown{Why: "missing argument"}
			}
			if obj := c.info.Defs[n]; obj != nil {
				fr.vars[obj] = &cell{v: v}
			}
		}
	}
	if ftype.Results != nil {
		for _, field := range ftype.Results.List {
			for _, n := range field.Names {
				obj := c.info.Defs[n]
				cl := &cell{v: zero(c.info.TypeOf(field.Type))}
				if obj != nil {
					fr.vars[obj] = cl
				}
				fr.results = append(fr.results, cl)
			}
		}
	}
	in.block(fr, body.List)
	in.branch = token.ILLEGAL
	ret := fr.ret
	if !fr.returned {
		ret = nil
		if len(fr.results) > 0 {
			ret = in.namedResults(fr)
		}
	}
	for _, m := range fr.maybeRet {
		ret = merge(ret, m)
	}
	if ret == nil {
		return Unknown{Why: "no result"}
	}
	return ret
}

func (in *Interp) namedResults(fr *frame) Value {
	if len(fr.results) == 1 {
		return fr.results[0].v
	}
	t := make(Tuple, len(fr.results))
	for i, c := range fr.results {
		t[i] = c.v
	}
	return t
}

// block runs statements until one returns, breaks or continues.
func (in *Interp) block(fr *frame, list []ast.Stmt) {
	for _, s := range list {
		if fr.returned || in.branch != token.ILLEGAL || in.truncated {
			return
		}
		in.stmt(fr, s)
	}
}

func (in *Interp) stmt(fr *frame, s ast.Stmt) {
	if !in.step() {
		return
	}
	switch s := s.(type) {
	case *ast.BlockStmt:
		in.block(fr, s.List)
	case *ast.ExprStmt:
		in.expr(fr, s.X)
	case *ast.AssignStmt:
		in.assignStmt(fr, s)
	case *ast.DeclStmt:
		in.declStmt(fr, s)
	case *ast.IncDecStmt:
		op := token.ADD
		if s.Tok == token.DEC {
			op = token.SUB
		}
		v := in.binary(in.expr(fr, s.X), Int(1), op)
		in.assign(fr, s.X, v, s, false)
	case *ast.ReturnStmt:
		in.returnStmt(fr, s)
	case *ast.IfStmt:
		in.ifStmt(fr, s)
	case *ast.SwitchStmt:
		in.switchStmt(fr, s)
	case *ast.TypeSwitchStmt:
		in.typeSwitch(fr, s)
	case *ast.ForStmt:
		in.forStmt(fr, s)
	case *ast.RangeStmt:
		in.rangeStmt(fr, s)
	case *ast.BranchStmt:
		switch s.Tok {
		case token.BREAK, token.CONTINUE:
			if in.uncertain == 0 {
				in.branch = s.Tok
			}
		default:
			// goto and fallthrough: what runs next is beyond this evaluator.
			in.truncated = true
		}
	case *ast.LabeledStmt:
		in.stmt(fr, s.Stmt)
	case *ast.DeferStmt, *ast.GoStmt, *ast.EmptyStmt:
		// Deferred calls run at exit (jsii.Close), goroutines concurrently: neither
		// configures anything a reader looks at.
	case *ast.SelectStmt, *ast.SendStmt:
		in.truncated = true
	}
}

func (in *Interp) returnStmt(fr *frame, s *ast.ReturnStmt) {
	var v Value
	switch {
	case len(s.Results) == 0:
		if len(fr.results) > 0 {
			v = in.namedResults(fr)
		} else {
			v = Nil{}
		}
	case len(s.Results) == 1:
		v = in.expr(fr, s.Results[0])
		if len(fr.results) > 1 {
			if _, ok := v.(Tuple); !ok {
				v = Unknown{Why: "result count"}
			}
		}
	default:
		t := make(Tuple, len(s.Results))
		for i, r := range s.Results {
			t[i] = in.expr(fr, r)
		}
		v = t
	}
	if in.uncertain > 0 && in.journal != nil && in.journal.frame == fr {
		// A return in a branch that may not run: the function returns this or what it
		// returns later.
		fr.maybeRet = append(fr.maybeRet, v)
		in.journal.returned = true
		return
	}
	fr.returned, fr.ret = true, v
}

func (in *Interp) declStmt(fr *frame, s *ast.DeclStmt) {
	gd, ok := s.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		return
	}
	for _, spec := range gd.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok {
			continue
		}
		var vals []Value
		switch {
		case len(vs.Values) == len(vs.Names):
			for _, e := range vs.Values {
				vals = append(vals, in.expr(fr, e))
			}
		case len(vs.Values) == 1:
			vals = spread(in.expr(fr, vs.Values[0]), len(vs.Names))
		}
		for i, n := range vs.Names {
			obj := fr.info.Defs[n]
			if obj == nil {
				continue
			}
			v := zero(obj.Type())
			if i < len(vals) {
				v = vals[i]
			}
			fr.vars[obj] = &cell{v: v}
		}
	}
}

// spread splits a call's results over n variables.
func spread(v Value, n int) []Value {
	out := make([]Value, n)
	t, ok := v.(Tuple)
	for i := range out {
		switch {
		case ok && i < len(t):
			out[i] = t[i]
		case !ok && i == 0:
			out[i] = v
		case !ok && i == 1:
			// v, ok := m[k] / x.(T): the second value is a bool the reader cannot know.
			out[i] = Unknown{Why: "comma-ok"}
		default:
			out[i] = Unknown{Why: "result count"}
		}
	}
	return out
}

func (in *Interp) assignStmt(fr *frame, s *ast.AssignStmt) {
	define := s.Tok == token.DEFINE
	switch {
	case s.Tok != token.ASSIGN && s.Tok != token.DEFINE:
		// x += y and friends.
		op, ok := assignOps[s.Tok]
		if !ok || len(s.Lhs) != 1 || len(s.Rhs) != 1 {
			return
		}
		v := in.binary(in.expr(fr, s.Lhs[0]), in.expr(fr, s.Rhs[0]), op)
		in.assign(fr, s.Lhs[0], v, s, false)
	case len(s.Lhs) == len(s.Rhs):
		vals := make([]Value, len(s.Rhs))
		for i, e := range s.Rhs {
			vals[i] = in.expr(fr, e)
		}
		for i, l := range s.Lhs {
			in.assign(fr, l, vals[i], s, define)
		}
	case len(s.Rhs) == 1:
		vals := spread(in.expr(fr, s.Rhs[0]), len(s.Lhs))
		for i, l := range s.Lhs {
			in.assign(fr, l, vals[i], s, define)
		}
	}
}

var assignOps = map[token.Token]token.Token{
	token.ADD_ASSIGN: token.ADD, token.SUB_ASSIGN: token.SUB, token.MUL_ASSIGN: token.MUL,
	token.QUO_ASSIGN: token.QUO, token.REM_ASSIGN: token.REM,
}

// assign stores v into the place lhs names; at is the statement, recorded for fields.
func (in *Interp) assign(fr *frame, lhs ast.Expr, v Value, at ast.Node, define bool) {
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if l.Name == "_" {
			return
		}
		if define {
			if obj := fr.info.Defs[l]; obj != nil {
				fr.vars[obj] = &cell{v: v}
				return
			}
		}
		obj := fr.info.ObjectOf(l)
		if obj == nil {
			return
		}
		c := fr.lookup(obj)
		if c == nil {
			if pv, ok := obj.(*types.Var); ok && pv.Parent() == pv.Pkg().Scope() {
				// A package-level variable: its value is no longer its initializer's.
				in.pkgVars[pv] = Unknown{Why: "reassigned " + pv.Name()}
			}
			return
		}
		in.record(func() Value { return c.v }, func(x Value) { c.v = x }, c)
		c.v = v
	case *ast.SelectorExpr:
		sel := fr.info.Selections[l]
		if sel == nil || sel.Kind() != types.FieldVal {
			return
		}
		s, ok := in.structAt(fr, l.X, sel)
		if !ok {
			return
		}
		name := sel.Obj().Name()
		key := fieldKey{s, name}
		in.record(func() Value {
			if f := s.Field(name); f != nil {
				return f.Value
			}
			return nil
		}, func(x Value) {
			if x == nil {
				s.remove(name)
				return
			}
			s.Set(name, x, at)
		}, key)
		s.Set(name, v, at)
	case *ast.IndexExpr:
		container := in.expr(fr, l.X)
		key := in.expr(fr, l.Index)
		switch c := container.(type) {
		case *Map:
			if in.uncertain > 0 {
				c.Unknown = true
				return
			}
			for i, e := range c.Entries {
				if sameConst(e.Key, key) {
					c.Entries[i].Value, c.Entries[i].At = v, at
					return
				}
			}
			if IsUnknown(key) {
				c.Unknown = true
				return
			}
			c.Entries = append(c.Entries, Entry{Key: key, Value: v, At: at})
		case *Slice:
			i, ok := IntOf(key)
			if !ok || in.uncertain > 0 || i < 0 || int(i) >= len(c.Elems) {
				c.Unknown = true
				return
			}
			c.Elems[i] = Elem{Value: v, At: at}
		}
	case *ast.StarExpr:
		// *p = v: the evaluator does not track pointers to variables.
		if id, ok := ast.Unparen(l.X).(*ast.Ident); ok {
			in.assign(fr, id, Unknown{Why: "written through a pointer"}, at, false)
		}
	}
}

type fieldKey struct {
	s    *Struct
	name string
}

// structAt returns the struct holding the field a selector selects, following embedded
// fields and creating the zero structs of value-typed fields on the way.
func (in *Interp) structAt(fr *frame, x ast.Expr, sel *types.Selection) (*Struct, bool) {
	s, ok := in.expr(fr, x).(*Struct)
	if !ok {
		return nil, false
	}
	idx := sel.Index()
	t := sel.Recv()
	for _, i := range idx[:len(idx)-1] {
		st, ok := structType(t)
		if !ok || i >= st.NumFields() {
			return nil, false
		}
		f := st.Field(i)
		next, ok := in.fieldValue(s, f).(*Struct)
		if !ok {
			return nil, false
		}
		s, t = next, f.Type()
	}
	return s, true
}

// fieldValue reads a struct field: its value, or its type's zero value (kept in the struct
// for a value-typed struct field, so that writes through it stay).
func (in *Interp) fieldValue(s *Struct, f *types.Var) Value {
	if fv := s.Field(f.Name()); fv != nil {
		return fv.Value
	}
	z := zero(f.Type())
	if zs, ok := z.(*Struct); ok {
		s.Fields = append(s.Fields, &Field{Name: f.Name(), Value: zs})
	}
	return z
}

func structType(t types.Type) (*types.Struct, bool) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	return st, ok
}

// zero returns the zero value of a type.
func zero(t types.Type) Value {
	if t == nil {
		return Unknown{Why: "untyped"}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsString != 0:
			return String("")
		case u.Info()&types.IsBoolean != 0:
			return Bool(false)
		case u.Info()&types.IsNumeric != 0:
			return Int(0)
		case u.Kind() == types.UntypedNil || u.Kind() == types.UnsafePointer:
			return Nil{}
		}
	case *types.Struct:
		return &Struct{Type: t}
	case *types.Array:
		return &Slice{}
	case *types.Pointer, *types.Slice, *types.Map, *types.Interface, *types.Signature, *types.Chan:
		return Nil{}
	}
	return Unknown{Why: "zero of " + t.String()}
}
