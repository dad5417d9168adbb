package goeval

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

func (in *Interp) call(fr *frame, e *ast.CallExpr) Value {
	info := fr.info
	fun := ast.Unparen(e.Fun)
	if tv, ok := info.Types[fun]; ok && tv.IsType() {
		// A conversion: T(x) is x (constant conversions are constants already).
		if len(e.Args) == 1 {
			return in.expr(fr, e.Args[0])
		}
		return Unknown{Why: "conversion"}
	}
	if id, ok := fun.(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			return in.builtin(fr, b.Name(), e)
		}
	}
	switch ix := fun.(type) {
	case *ast.IndexExpr:
		fun = ix.X // f[T](...)
	case *ast.IndexListExpr:
		fun = ix.X
	}
	var callee *types.Func
	var recv Value
	switch f := fun.(type) {
	case *ast.Ident:
		callee, _ = info.Uses[f].(*types.Func)
	case *ast.SelectorExpr:
		if sel := info.Selections[f]; sel != nil {
			if sel.Kind() == types.MethodVal {
				callee, _ = sel.Obj().(*types.Func)
				recv = in.receiver(fr, f, sel)
			}
		} else {
			callee, _ = info.Uses[f.Sel].(*types.Func)
		}
	}
	if callee != nil {
		args := in.args(fr, e, false)
		if code, r := in.method(callee, recv); code != nil {
			return in.enter(e, &Closure{decl: code, info: code.info, recv: r, Func: callee}, args, e.Ellipsis.IsValid())
		}
		spread := in.spreadArgs(e, args)
		if v, ok := std(callee, spread); ok {
			return v
		}
		if v, ok := in.hooks.Call(in, &Call{Func: callee, Recv: recv, Args: spread, Expr: e, Info: info}); ok && v != nil {
			return v
		}
		in.escape(fr, e)
		return Unknown{Why: "call of " + callee.FullName()}
	}
	fv := in.expr(fr, fun)
	args := in.args(fr, e, false)
	if c, ok := fv.(*Closure); ok {
		return in.enter(e, c, args, e.Ellipsis.IsValid())
	}
	in.escape(fr, e)
	return Unknown{Why: "call of a function value"}
}

// enter calls a closure of the program from a call site.
func (in *Interp) enter(site *ast.CallExpr, c *Closure, args []Value, ellipsis bool) Value {
	in.calls = append(in.calls, site)
	defer func() { in.calls = in.calls[:len(in.calls)-1] }()
	if ellipsis && len(args) > 0 {
		// f(a, xs...): the variadic parameter is xs itself; invoke packs the elements.
		if s, ok := args[len(args)-1].(*Slice); ok && !s.Unknown {
			rest := make([]Value, 0, len(args)-1+len(s.Elems))
			rest = append(rest, args[:len(args)-1]...)
			for _, el := range s.Elems {
				rest = append(rest, el.Value)
			}
			args = rest
		}
	}
	return in.invoke(c, args)
}

func (in *Interp) args(fr *frame, e *ast.CallExpr, _ bool) []Value {
	out := make([]Value, len(e.Args))
	for i, a := range e.Args {
		out[i] = in.expr(fr, a)
	}
	// f(g()) where g returns several values.
	if len(out) == 1 {
		if t, ok := out[0].(Tuple); ok {
			return t
		}
	}
	return out
}

// spreadArgs spreads the slice of a variadic call (f(a, xs...)) for the hooks.
func (in *Interp) spreadArgs(e *ast.CallExpr, args []Value) []Value {
	if !e.Ellipsis.IsValid() || len(args) == 0 {
		return args
	}
	s, ok := args[len(args)-1].(*Slice)
	if !ok || s.Unknown {
		return args
	}
	out := append([]Value(nil), args[:len(args)-1]...)
	for _, el := range s.Elems {
		out = append(out, el.Value)
	}
	return out
}

// escape makes unknown the variables whose address a call the evaluator cannot follow
// receives: it may write them (flag.StringVar(&name, ...)).
func (in *Interp) escape(fr *frame, e *ast.CallExpr) {
	for _, a := range e.Args {
		u, ok := ast.Unparen(a).(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			continue
		}
		if id, ok := ast.Unparen(u.X).(*ast.Ident); ok {
			if _, isVar := fr.info.ObjectOf(id).(*types.Var); isVar {
				if _, isStruct := in.expr(fr, id).(*Struct); !isStruct {
					in.assign(fr, id, Unknown{Why: "written by a library"}, e, false)
				}
			}
		}
	}
}

func (in *Interp) builtin(fr *frame, name string, e *ast.CallExpr) Value {
	switch name {
	case "len":
		if len(e.Args) != 1 {
			break
		}
		switch x := in.expr(fr, e.Args[0]).(type) {
		case *Slice:
			if !x.Unknown {
				return Int(int64(len(x.Elems)))
			}
		case *Map:
			if !x.Unknown {
				return Int(int64(len(x.Entries)))
			}
		case Const:
			if s, ok := StringOf(x); ok {
				return Int(int64(len(s)))
			}
		case Nil:
			return Int(0)
		}
	case "append":
		if len(e.Args) == 0 {
			break
		}
		out := &Slice{}
		switch base := in.expr(fr, e.Args[0]).(type) {
		case *Slice:
			out.Elems = append(out.Elems, base.Elems...)
			out.Unknown = base.Unknown
		case Nil:
		default:
			out.Unknown = true
		}
		rest := e.Args[1:]
		if e.Ellipsis.IsValid() && len(rest) == 1 {
			switch more := in.expr(fr, rest[0]).(type) {
			case *Slice:
				out.Elems = append(out.Elems, more.Elems...)
				out.Unknown = out.Unknown || more.Unknown
			case Nil:
			default:
				out.Unknown = true
			}
			return out
		}
		for _, a := range rest {
			out.Elems = append(out.Elems, Elem{Value: in.expr(fr, a), At: a})
		}
		return out
	case "make":
		t := fr.info.TypeOf(e)
		if t == nil {
			break
		}
		switch t.Underlying().(type) {
		case *types.Map:
			return &Map{}
		case *types.Slice:
			if len(e.Args) < 2 {
				return &Slice{}
			}
			if n, ok := IntOf(in.expr(fr, e.Args[1])); ok && n == 0 {
				return &Slice{}
			}
			return &Slice{Unknown: true}
		}
	case "new":
		if t := fr.info.TypeOf(e); t != nil {
			if p, ok := t.Underlying().(*types.Pointer); ok {
				return zero(p.Elem())
			}
		}
	}
	for _, a := range e.Args {
		in.expr(fr, a)
	}
	return Unknown{Why: "builtin " + name}
}

// std evaluates the few standard library functions that configuration code uses to build
// names: fmt.Sprintf, strings.Join, strconv.Itoa and the like, on known arguments.
func std(fn *types.Func, args []Value) (Value, bool) {
	if fn.Pkg() == nil {
		return nil, false
	}
	name := fn.Pkg().Path() + "." + fn.Name()
	if pointerHelpers[fn.Pkg().Path()] {
		// aws.String(v) and friends return &v: pointers are transparent here.
		switch fn.Name() {
		case "String", "Bool", "Int", "Int32", "Int64", "Float32", "Float64":
			return arg(args, 0), true
		}
	}
	switch name {
	case "os.Getenv", "os.LookupEnv", "os.ReadFile", "os.Args":
		return Unknown{Why: name}, true
	case "fmt.Sprintf", "fmt.Sprint", "fmt.Sprintln":
		native := make([]any, 0, len(args))
		for _, a := range args {
			n, ok := nativeOf(a)
			if !ok {
				return Unknown{Why: name + " of an unknown value"}, true
			}
			native = append(native, n)
		}
		switch name {
		case "fmt.Sprintf":
			if len(native) == 0 {
				return nil, false
			}
			format, ok := native[0].(string)
			if !ok {
				return nil, false
			}
			return String(fmt.Sprintf(format, native[1:]...)), true
		case "fmt.Sprint":
			return String(fmt.Sprint(native...)), true
		}
		return String(fmt.Sprintln(native...)), true
	case "encoding/json.Marshal":
		// A policy document built as a map: its JSON, when every value in it is known.
		if n, ok := jsonNative(arg(args, 0), 0); ok {
			if b, err := json.Marshal(n); err == nil {
				return Tuple{String(string(b)), Nil{}}, true
			}
		}
		return Tuple{Unknown{Why: name}, Nil{}}, true
	case "strconv.Itoa":
		if i, ok := IntOf(arg(args, 0)); ok {
			return String(strconv.FormatInt(i, 10)), true
		}
	case "strings.ToLower", "strings.ToUpper", "strings.TrimSpace":
		if s, ok := StringOf(arg(args, 0)); ok {
			switch fn.Name() {
			case "ToLower":
				return String(strings.ToLower(s)), true
			case "ToUpper":
				return String(strings.ToUpper(s)), true
			case "TrimSpace":
				return String(strings.TrimSpace(s)), true
			}
		}
	case "strings.Join":
		sl, ok := arg(args, 0).(*Slice)
		sep, ok2 := StringOf(arg(args, 1))
		if !ok || !ok2 || sl.Unknown {
			break
		}
		var parts []string
		for _, el := range sl.Elems {
			s, ok := StringOf(el.Value)
			if !ok {
				return Unknown{Why: name}, true
			}
			parts = append(parts, s)
		}
		return String(strings.Join(parts, sep)), true
	case "strings.ReplaceAll":
		s, ok1 := StringOf(arg(args, 0))
		o, ok2 := StringOf(arg(args, 1))
		n, ok3 := StringOf(arg(args, 2))
		if ok1 && ok2 && ok3 {
			return String(strings.ReplaceAll(s, o, n)), true
		}
	}
	return nil, false
}

// pointerHelpers are the packages of the AWS SDKs whose String, Int, Bool... return a
// pointer to their argument, which configuration code uses for names as jsii.String is.
var pointerHelpers = map[string]bool{
	"github.com/aws/aws-sdk-go/aws":    true,
	"github.com/aws/aws-sdk-go-v2/aws": true,
}

func arg(args []Value, i int) Value {
	if i < len(args) {
		return args[i]
	}
	return Unknown{}
}

// jsonNative converts a known value made of maps, slices and scalars to Go values, for
// encoding/json.
func jsonNative(v Value, depth int) (any, bool) {
	if depth > 32 {
		return nil, false
	}
	switch v := v.(type) {
	case Nil:
		return nil, true
	case *Map:
		if v.Unknown {
			return nil, false
		}
		out := make(map[string]any, len(v.Entries))
		for _, e := range v.Entries {
			k, ok := StringOf(e.Key)
			if !ok {
				return nil, false
			}
			x, ok := jsonNative(e.Value, depth+1)
			if !ok {
				return nil, false
			}
			out[k] = x
		}
		return out, true
	case *Slice:
		if v.Unknown {
			return nil, false
		}
		out := make([]any, 0, len(v.Elems))
		for _, e := range v.Elems {
			x, ok := jsonNative(e.Value, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, x)
		}
		return out, true
	}
	return nativeOf(v)
}

// nativeOf converts a known scalar to a Go value, for fmt.
func nativeOf(v Value) (any, bool) {
	c, ok := v.(Const)
	if !ok || c.V == nil {
		return nil, false
	}
	switch c.V.Kind() {
	case constant.String:
		return constant.StringVal(c.V), true
	case constant.Bool:
		return constant.BoolVal(c.V), true
	case constant.Int:
		if i, ok := constant.Int64Val(c.V); ok {
			return i, true
		}
	case constant.Float:
		f, _ := constant.Float64Val(c.V)
		return f, true
	}
	return nil, false
}
