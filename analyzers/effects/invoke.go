package effects

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// resolveInvoke decides where the FunctionName of a Lambda Invoke comes from: the
// function's own name (AWS_LAMBDA_FUNCTION_NAME, lambdacontext.FunctionName, the
// invocation's InvokedFunctionArn), a constant, or a struct field assigned elsewhere.
func (s *scanner) resolveInvoke(p pendingInvoke) {
	e := &p.n.local[p.idx]
	name := s.functionNameExpr(p.n, p.call)
	if name == nil {
		return
	}
	o := s.nameOrigin(name, 0, map[types.Object]bool{})
	switch {
	case o.self != "":
		e.Self, e.Detail = true, o.self
	case o.constant != "":
		e.Detail = o.constant
	case o.field != "":
		e.NameField = o.field
	}
}

// functionNameExpr finds the FunctionName given to an Invoke call: a field of the input
// literal, directly or through a variable, or a later `in.FunctionName = x`.
func (s *scanner) functionNameExpr(n *node, call *ast.CallExpr) ast.Expr {
	for _, arg := range call.Args {
		t := s.info.TypeOf(arg)
		if t == nil {
			continue
		}
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			continue
		}
		named, ok := types.Unalias(p.Elem()).(*types.Named)
		if !ok || !strings.HasSuffix(named.Obj().Name(), "Input") || named.Obj().Pkg() == nil || sdkService(named.Obj().Pkg().Path()) != "lambda" {
			continue
		}
		var lits []*ast.CompositeLit
		var v types.Object
		switch a := ast.Unparen(arg).(type) {
		case *ast.UnaryExpr:
			if cl, ok := ast.Unparen(a.X).(*ast.CompositeLit); ok && a.Op == token.AND {
				lits = append(lits, cl)
			}
		case *ast.Ident:
			v = s.info.Uses[a]
			for _, as := range s.index.of(v) {
				if u, ok := ast.Unparen(as.expr).(*ast.UnaryExpr); ok && u.Op == token.AND {
					if cl, ok := ast.Unparen(u.X).(*ast.CompositeLit); ok {
						lits = append(lits, cl)
					}
				}
			}
		}
		for _, cl := range lits {
			for _, el := range cl.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "FunctionName" {
						return kv.Value
					}
				}
			}
		}
		if v != nil && n.body != nil {
			var found ast.Expr
			ast.Inspect(n.body, func(x ast.Node) bool {
				as, ok := x.(*ast.AssignStmt)
				if !ok || len(as.Lhs) != len(as.Rhs) {
					return found == nil
				}
				for i, l := range as.Lhs {
					if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok && sel.Sel.Name == "FunctionName" {
						if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && s.info.Uses[id] == v {
							found = as.Rhs[i]
						}
					}
				}
				return found == nil
			})
			return found
		}
	}
	return nil
}

type nameOrigin struct {
	self     string // what makes it the function's own name
	constant string
	field    string // unresolved struct field
}

// nameOrigin follows a string (or *string) expression back to its sources.
func (s *scanner) nameOrigin(x ast.Expr, depth int, seen map[types.Object]bool) nameOrigin {
	if depth > 8 || x == nil {
		return nameOrigin{}
	}
	if tv, ok := s.info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return nameOrigin{constant: constant.StringVal(tv.Value)}
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		return s.nameOrigin(x.X, depth+1, seen)
	case *ast.StarExpr:
		return s.nameOrigin(x.X, depth+1, seen)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			if o := s.nameOrigin(x.X, depth+1, seen); o.self != "" {
				return o
			}
			if o := s.nameOrigin(x.Y, depth+1, seen); o.self != "" {
				return o
			}
		}
	case *ast.CallExpr:
		return s.callOrigin(x, depth, seen)
	case *ast.Ident, *ast.SelectorExpr:
		return s.varOrigin(x, depth, seen)
	}
	return nameOrigin{}
}

func (s *scanner) callOrigin(call *ast.CallExpr, depth int, seen map[types.Object]bool) nameOrigin {
	if tv, ok := s.info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		return s.nameOrigin(call.Args[0], depth+1, seen)
	}
	fn, ok := typeutil.Callee(s.info, call).(*types.Func)
	if !ok {
		return nameOrigin{}
	}
	fn = fn.Origin()
	if k, ok := recognize(fn); ok && k.kind == EnvRead {
		if len(call.Args) == 1 && s.argValue(nil, call.Args[0]).constant == functionNameEnv {
			return nameOrigin{self: functionNameEnv}
		}
		return nameOrigin{}
	}
	if isValueWrapper(fn) {
		var origins []nameOrigin
		for _, a := range call.Args {
			o := s.nameOrigin(a, depth+1, seen)
			if o.self != "" {
				return o
			}
			origins = append(origins, o)
		}
		if len(origins) == 1 {
			return origins[0] // aws.String(x) is x
		}
		return nameOrigin{}
	}
	// A helper returning an environment variable: getenv("AWS_LAMBDA_FUNCTION_NAME").
	var effects []Effect
	if n := s.byFunc[fn]; n != nil {
		effects = n.local
	} else if sum := s.fact(fn); sum != nil {
		effects = sum.Effects
	}
	for _, e := range effects {
		if e.Kind != EnvRead || !e.Returned {
			continue
		}
		switch {
		case e.Param == 0 && e.Detail == functionNameEnv:
			return nameOrigin{self: functionNameEnv}
		case e.Param > 0 && e.Param <= len(call.Args) && s.argValue(nil, call.Args[e.Param-1]).constant == functionNameEnv:
			return nameOrigin{self: functionNameEnv}
		}
	}
	return nameOrigin{}
}

// unseenVar returns the variable (and, for a field, the receiver type) an identifier or
// selector names, marking it seen; ok is false for anything else or a variable already
// followed on this path (a cycle of assignments).
func (s *scanner) unseenVar(x ast.Expr, seen map[types.Object]bool) (v *types.Var, recv types.Type, ok bool) {
	var obj types.Object
	switch x := x.(type) {
	case *ast.Ident:
		obj = s.info.Uses[x]
	case *ast.SelectorExpr:
		if sel := s.info.Selections[x]; sel != nil {
			obj, recv = sel.Obj(), sel.Recv()
		} else {
			obj = s.info.Uses[x.Sel]
		}
	}
	v, ok = obj.(*types.Var)
	if !ok || seen[v] {
		return nil, nil, false
	}
	seen[v] = true
	return v, recv, true
}

func (s *scanner) varOrigin(x ast.Expr, depth int, seen map[types.Object]bool) nameOrigin {
	v, recv, ok := s.unseenVar(x, seen)
	if !ok {
		return nameOrigin{}
	}
	if v.Pkg() != nil && v.Pkg().Path() == lambdaContext {
		switch v.Name() {
		case "FunctionName":
			return nameOrigin{self: "lambdacontext.FunctionName"}
		case "InvokedFunctionArn":
			return nameOrigin{self: "the invocation's InvokedFunctionArn"}
		}
	}
	assigned := s.index.of(v)
	var first nameOrigin
	for _, a := range assigned {
		var o nameOrigin
		if a.tuple >= 0 {
			if call, ok := ast.Unparen(a.expr).(*ast.CallExpr); ok && a.tuple == 0 {
				o = s.callOrigin(call, depth+1, seen)
			}
		} else {
			o = s.nameOrigin(a.expr, depth+1, seen)
		}
		if o.self != "" {
			return o
		}
		if first == (nameOrigin{}) {
			first = o
		}
	}
	if len(assigned) == 0 && v.IsField() && recv != nil {
		return nameOrigin{field: FieldKey(v, recv)}
	}
	if len(assigned) == 1 {
		return first
	}
	return nameOrigin{}
}

// selfNameFields lists the struct fields this package assigns the function's own name.
func (s *scanner) selfNameFields() map[string]bool {
	out := map[string]bool{}
	for v, key := range s.index.fieldKeys {
		for _, a := range s.index.of(v) {
			if a.tuple >= 0 {
				continue
			}
			if o := s.nameOrigin(a.expr, 0, map[types.Object]bool{}); o.self != "" {
				out[key] = true
			}
		}
	}
	return out
}
