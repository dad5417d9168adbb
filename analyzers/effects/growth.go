package effects

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// GlobalGrowth: appends to and inserts into the package's own package-level slices, maps
// and sync.Maps, which live as long as the execution environment. Bounded containers are
// left alone: a constant key or a key type with few values, a container the package
// deletes from or resets anywhere outside start-up, and an insert next to a len() check.

// growthAssign records `x = append(x, ...)`, `m[k] = v`, `m[k] += v` on package state.
func (s *scanner) growthAssign(n *node, as *ast.AssignStmt) {
	if as.Tok == token.DEFINE || s.startup(n) {
		return
	}
	for i, l := range as.Lhs {
		if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
			if isMap(s.info.TypeOf(ix.X)) {
				s.growth(n, as, ix.X, ix.Index, "map insert")
			}
			continue
		}
		if as.Tok == token.ASSIGN && len(as.Lhs) == len(as.Rhs) && s.appendsTo(as.Rhs[i], l) {
			s.growth(n, as, l, nil, "append")
		}
	}
}

// growthIncDec records `m[k]++` on a package-level map: it inserts k when absent.
func (s *scanner) growthIncDec(n *node, st *ast.IncDecStmt) {
	if s.startup(n) {
		return
	}
	if ix, ok := ast.Unparen(st.X).(*ast.IndexExpr); ok && isMap(s.info.TypeOf(ix.X)) {
		s.growth(n, st, ix.X, ix.Index, "map insert")
	}
}

// syncMapStore completes the effect of a sync.Map insert: kept only for a package-level
// sync.Map of the package that nothing bounds.
func (s *scanner) syncMapStore(n *node, call *ast.CallExpr, e *Effect) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 || s.startup(n) {
		return false
	}
	obj, root, name := s.globalContainer(sel.X)
	if obj == nil || s.bounded(n, obj, root, call.Args[0]) {
		return false
	}
	if e.Op == "sync.Map.LoadOrStore" || s.memoLookup(n, obj, call.Args[0], call) {
		if !s.memo(n, call.Args[0], e) {
			return false
		}
	}
	e.Detail = name
	e.Path[0].Pkg, e.Path[0].PkgPath = s.pass.Pkg.Name(), s.pass.Pkg.Path()
	return true
}

func (s *scanner) growth(n *node, stmt ast.Node, container, key ast.Expr, op string) {
	obj, root, name := s.globalContainer(container)
	if obj == nil || s.bounded(n, obj, root, key) {
		return
	}
	e := Effect{Kind: GlobalGrowth, Op: op, Detail: name,
		Path: []Step{{Callee: op, Pkg: s.pass.Pkg.Name(), PkgPath: s.pass.Pkg.Path(), At: s.pos(stmt.Pos(), stmt.End())}}}
	if key != nil && s.memoLookup(n, obj, key, stmt) && !s.memo(n, key, &e) {
		return
	}
	n.local = append(n.local, e)
}

// memo marks a get-or-create insert: it grows with the number of distinct keys, so it is
// kept only while its key may come from a parameter (at a handler: the event). It returns
// false when the key comes from no parameter: a memo of fixed values (clients per
// configured region, parsed templates per constant name) is bounded.
func (s *scanner) memo(n *node, key ast.Expr, e *Effect) bool {
	p, d, ok := s.paramOrigin(n, key)
	if !ok {
		return false
	}
	e.Exec.Memo, e.Exec.FromParam, e.Exec.FromDepth = true, p, d
	return true
}

// memoLookup says n looks the same key of the container up before inserting it at stmt
// (`if v, ok := m[k]; ok { return v }`, `if v, ok := cache.Load(k); ok {...}`): a
// get-or-create memo.
func (s *scanner) memoLookup(n *node, obj types.Object, key ast.Expr, stmt ast.Node) bool {
	if n.body == nil {
		return false
	}
	want := types.ExprString(key)
	found := false
	ast.Inspect(n.body, func(x ast.Node) bool {
		if found || x == nil || x.Pos() >= stmt.Pos() {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			// The map read on the right of `v, ok := m[k]` is a lookup; the left side of an
			// assignment is a store.
			for _, r := range x.Rhs {
				ast.Inspect(r, func(y ast.Node) bool {
					if ix, ok := y.(*ast.IndexExpr); ok && s.containerObj(ix.X) == obj && types.ExprString(ix.Index) == want {
						found = true
					}
					return !found
				})
			}
			return false
		case *ast.IndexExpr:
			if s.containerObj(x.X) == obj && types.ExprString(x.Index) == want {
				found = true
			}
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(s.info, x).(*types.Func); ok && fn.FullName() == "(*sync.Map).Load" && len(x.Args) == 1 {
				if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && s.containerObj(sel.X) == obj && types.ExprString(x.Args[0]) == want {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// bounded says the container cannot grow without bound through this insert.
func (s *scanner) bounded(n *node, obj, root types.Object, key ast.Expr) bool {
	managed := s.managedContainers()
	return key != nil && s.boundedKey(key) || managed[obj] || managed[root] || s.lenChecked(n, obj)
}

// globalContainer returns the object of a slice, map or sync.Map rooted at a
// package-level variable of this package (the variable, or the field for `state.items`),
// the variable itself, and the expression naming it.
func (s *scanner) globalContainer(e ast.Expr) (obj, root types.Object, name string) {
	v := s.rootVar(e)
	if v == nil {
		return nil, nil, ""
	}
	obj = s.containerObj(e)
	if obj == nil {
		obj = v
	}
	return obj, v, types.ExprString(e)
}

// containerObj is the variable or field an expression names.
func (s *scanner) containerObj(e ast.Expr) types.Object {
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return s.containerObj(x.X)
		}
	case *ast.StarExpr:
		return s.containerObj(x.X)
	case *ast.Ident, *ast.SelectorExpr:
		if v, ok := s.objOf(x).(*types.Var); ok {
			return v
		}
	}
	return nil
}

// rootVar returns the package-level variable of this package that e is a part of (through
// fields, elements and dereferences), or nil.
func (s *scanner) rootVar(e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			if v, ok := s.info.Uses[x].(*types.Var); ok && v.Kind() == types.PackageVar && v.Pkg() == s.pass.Pkg {
				return v
			}
			return nil
		case *ast.SelectorExpr:
			sel := s.info.Selections[x]
			if sel == nil || sel.Kind() != types.FieldVal {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

// appendsTo says rhs is append(lhs, ...).
func (s *scanner) appendsTo(rhs, lhs ast.Expr) bool {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return false
	}
	if b, ok := s.info.Uses[calleeIdent(call.Fun)].(*types.Builtin); !ok || b.Name() != "append" {
		return false
	}
	a, l := s.containerObj(call.Args[0]), s.containerObj(lhs)
	return a != nil && a == l && types.ExprString(call.Args[0]) == types.ExprString(lhs)
}

// boundedKey says a map key comes from a small set: a constant, a bool or byte-sized
// integer, a named type with declared constants (an enumeration), or a reflect.Type.
func (s *scanner) boundedKey(key ast.Expr) bool {
	tv, ok := s.info.Types[key]
	if !ok {
		return false
	}
	if tv.Value != nil {
		return true
	}
	t := types.Unalias(tv.Type)
	if b, ok := t.Underlying().(*types.Basic); ok {
		switch b.Kind() {
		case types.Bool, types.Int8, types.Uint8:
			return true
		}
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	if named.Obj().Pkg().Path() == "reflect" && named.Obj().Name() == "Type" {
		return true
	}
	if _, basic := named.Underlying().(*types.Basic); !basic {
		return false
	}
	return s.isEnum(named.Obj())
}

// isEnum says the package of a named basic type declares constants of that type.
func (s *scanner) isEnum(tn *types.TypeName) bool {
	if s.exec.enums == nil {
		s.exec.enums = map[*types.TypeName]bool{}
	}
	if v, ok := s.exec.enums[tn]; ok {
		return v
	}
	found := false
	scope := tn.Pkg().Scope()
	for _, name := range scope.Names() {
		if c, ok := scope.Lookup(name).(*types.Const); ok && types.Identical(c.Type(), tn.Type()) {
			found = true
			break
		}
	}
	s.exec.enums[tn] = found
	return found
}

// managedContainers lists the containers that the package removes from or resets in
// code that runs after start-up: delete, clear, a sync.Map's Delete methods, or an
// assignment other than an append to itself (`cache = map[string]T{}`, `log = log[:0]`).
func (s *scanner) managedContainers() map[types.Object]bool {
	if s.exec.managed != nil {
		return s.exec.managed
	}
	m := map[types.Object]bool{}
	mark := func(e ast.Expr) {
		if o := s.containerObj(e); o != nil {
			m[o] = true
		}
	}
	s.eachFile(func(f *ast.File) {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Recv == nil && (fd.Name.Name == "init" || fd.Name.Name == "main" && s.pass.Pkg.Name() == "main") {
				continue
			}
			ast.Inspect(fd.Body, func(x ast.Node) bool {
				switch x := x.(type) {
				case *ast.CallExpr:
					if b, ok := s.info.Uses[calleeIdent(x.Fun)].(*types.Builtin); ok {
						if (b.Name() == "delete" || b.Name() == "clear") && len(x.Args) > 0 {
							mark(x.Args[0])
						}
						return true
					}
					if fn, ok := typeutil.Callee(s.info, x).(*types.Func); ok && syncMapRemovers[fn.FullName()] {
						if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
							mark(sel.X)
						}
					}
				case *ast.AssignStmt:
					if x.Tok != token.ASSIGN {
						return true
					}
					for i, l := range x.Lhs {
						switch ast.Unparen(l).(type) {
						case *ast.Ident, *ast.SelectorExpr:
						default:
							continue
						}
						if len(x.Lhs) == len(x.Rhs) && s.appendsTo(x.Rhs[i], l) {
							continue
						}
						mark(l)
					}
				}
				return true
			})
		}
	})
	s.exec.managed = m
	return m
}

var syncMapRemovers = set("(*sync.Map).Delete", "(*sync.Map).LoadAndDelete", "(*sync.Map).CompareAndDelete", "(*sync.Map).Clear")

// lenChecked says n compares the container's length: `if len(cache) < max { cache[k] = v }`.
func (s *scanner) lenChecked(n *node, obj types.Object) bool {
	if n.body == nil {
		return false
	}
	found := false
	ast.Inspect(n.body, func(x ast.Node) bool {
		b, ok := x.(*ast.BinaryExpr)
		if !ok || found {
			return !found
		}
		switch b.Op {
		case token.LSS, token.LEQ, token.GTR, token.GEQ, token.EQL, token.NEQ:
		default:
			return true
		}
		for _, side := range []ast.Expr{b.X, b.Y} {
			call, ok := ast.Unparen(side).(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				continue
			}
			if bi, ok := s.info.Uses[calleeIdent(call.Fun)].(*types.Builtin); ok && bi.Name() == "len" && s.containerObj(call.Args[0]) == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

func isMap(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}
