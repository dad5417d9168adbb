package effects

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// assignIndex records, for every variable and struct field of the package, the
// expressions assigned to it anywhere in the package: `x := e`, `x = e`, `var x = e`,
// `T{f: e}`, `T{e}` and `v.f = e`. It is what makes a value's origin evident: the concrete
// type behind an interface, the literal behind a function variable, the source of a Lambda
// FunctionName.
type assignIndex struct {
	m map[types.Object][]assignment
	// fieldKeys names the struct fields seen in composite literals and selector
	// assignments: "pkg/path.Type.field".
	fieldKeys map[*types.Var]string
}

type assignment struct {
	expr  ast.Expr
	tuple int // index into a multi-value expression, or -1
}

func (ix *assignIndex) of(obj types.Object) []assignment { return ix.m[obj] }

// typeOf is the static type of an assigned value.
func (ix *assignIndex) typeOf(info *types.Info, a assignment) types.Type {
	t := info.TypeOf(a.expr)
	if t == nil {
		return nil
	}
	if a.tuple >= 0 {
		tup, ok := t.(*types.Tuple)
		if !ok || a.tuple >= tup.Len() {
			return nil
		}
		return tup.At(a.tuple).Type()
	}
	return t
}

func buildIndex(pass *analysis.Pass) *assignIndex {
	ix := &assignIndex{m: map[types.Object][]assignment{}, fieldKeys: map[*types.Var]string{}}
	info := pass.TypesInfo
	add := func(obj types.Object, e ast.Expr, tuple int) {
		if obj != nil {
			ix.m[obj] = append(ix.m[obj], assignment{e, tuple})
		}
	}
	lhsObj := func(l ast.Expr) types.Object {
		switch l := ast.Unparen(l).(type) {
		case *ast.Ident:
			if obj := info.Defs[l]; obj != nil {
				return obj
			}
			return info.Uses[l]
		case *ast.SelectorExpr:
			if sel := info.Selections[l]; sel != nil && sel.Kind() == types.FieldVal {
				if v, ok := sel.Obj().(*types.Var); ok {
					ix.nameField(v, sel.Recv())
				}
				return sel.Obj()
			}
			return info.Uses[l.Sel] // a package-qualified variable
		}
		return nil
	}
	for _, f := range pass.Files {
		// Tests assign mocks and fakes to the fields and variables the real code calls
		// through; they must not make a concrete type "evident".
		if strings.HasSuffix(pass.Fset.File(f.FileStart).Name(), "_test.go") {
			continue
		}
		ast.Inspect(f, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.AssignStmt:
				if x.Tok != token.ASSIGN && x.Tok != token.DEFINE {
					return true
				}
				if len(x.Lhs) == len(x.Rhs) {
					for i := range x.Lhs {
						add(lhsObj(x.Lhs[i]), x.Rhs[i], -1)
					}
				} else if len(x.Rhs) == 1 {
					for i := range x.Lhs {
						add(lhsObj(x.Lhs[i]), x.Rhs[0], i)
					}
				}
			case *ast.ValueSpec:
				if len(x.Names) == len(x.Values) {
					for i := range x.Names {
						add(info.Defs[x.Names[i]], x.Values[i], -1)
					}
				} else if len(x.Values) == 1 {
					for i := range x.Names {
						add(info.Defs[x.Names[i]], x.Values[0], i)
					}
				}
			case *ast.CompositeLit:
				t := info.TypeOf(x)
				if t == nil {
					return true
				}
				st, ok := derefUnder(t).(*types.Struct)
				if !ok {
					return true
				}
				for i, el := range x.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if key, ok := kv.Key.(*ast.Ident); ok {
							if v, ok := info.Uses[key].(*types.Var); ok && v.IsField() {
								ix.nameField(v, t)
								add(v, kv.Value, -1)
							}
						}
					} else if i < st.NumFields() {
						ix.nameField(st.Field(i), t)
						add(st.Field(i), el, -1)
					}
				}
			}
			return true
		})
	}
	return ix
}

// nameField remembers the name of field v of struct type t.
func (ix *assignIndex) nameField(v *types.Var, t types.Type) {
	if _, ok := ix.fieldKeys[v]; ok {
		return
	}
	if key := FieldKey(v, t); key != "" {
		ix.fieldKeys[v] = key
	}
}

// FieldKey names field v of the struct type t (or a pointer to it) as
// "pkg/path.Type.field", or "" when t is not a named type.
func FieldKey(v *types.Var, t types.Type) string {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name() + "." + v.Name()
}

func derefUnder(t types.Type) types.Type {
	t = types.Unalias(t)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return t.Underlying()
}
