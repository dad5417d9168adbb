package effects

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Value flows: where the parts of a value come from, as far as the idempotency rules go.
// A value is followed back through assignments, string building, conversions, struct and
// map literals, field selections, calls of the analyzed code (their results' flows, as a
// fact across packages) and the parameters of the function it is in. What is recorded is
// only what matters: a nondeterministic source (uuid, time.Now, rand, ...) or a parameter
// (resolved at each call, like an environment variable's name). Event fields, constants
// and everything unknown leave no flow: silence.

// A flow says that the part of a value at path comes from origin. Paths are dotted field
// names or constant map keys ("Item.id.Value"); "" is the whole value. Elements of slices
// and of maps with non-constant keys add no path segment.
type flow struct {
	path string
	o    KeyOrigin // Source, or Param/Recv with Field; Attr and IsKey unused
}

// Limits of the flow analysis.
const (
	maxFlowDepth = 12
	maxFlows     = 24
)

// flowState holds the memos of the flow analysis of one package.
type flowState struct {
	base     map[types.Object][]baseAssign // v.f.g = e, m["k"] = e, range, out-parameters
	built    bool
	varMemo  map[varKey][]flow
	inVar    map[varKey]bool
	results  map[resultKey][]flow
	inResult map[resultKey]bool
	files    map[string]*token.File
	regions  map[*node][]guardedRange
	guards   map[*node]int // 0 unknown, 1 computing, 2 guard, 3 not a guard
	values   map[*types.Func]*ValueFlow
	pending  []pendingIdem
}

type varKey struct {
	n *node
	v types.Object
}

type resultKey struct {
	n   *node
	res int
}

// A baseAssign is a value stored into a part of a variable.
type baseAssign struct {
	path   string
	expr   ast.Expr
	tuple  int       // index into a multi-value expression, or -1
	source KeyOrigin // set for out-parameters filled by a nondeterministic source
}

func (s *scanner) fs() *flowState {
	if s.idem == nil {
		s.idem = &flowState{
			varMemo: map[varKey][]flow{}, inVar: map[varKey]bool{},
			results: map[resultKey][]flow{}, inResult: map[resultKey]bool{},
			regions: map[*node][]guardedRange{}, guards: map[*node]int{},
			values: map[*types.Func]*ValueFlow{},
		}
	}
	if !s.idem.built {
		s.idem.built = true
		s.idem.base = s.buildBaseIndex()
	}
	return s.idem
}

// buildBaseIndex records the stores into parts of variables: `v.f.g = e`, `m["k"] = e`,
// `for _, x := range e`, `rand.Read(b)`, `sb.WriteString(e)`, `params.SetIdempotencyKey(e)`
// and `req.Header.Set("Idempotency-Key", e)`.
func (s *scanner) buildBaseIndex() map[types.Object][]baseAssign {
	ix := map[types.Object][]baseAssign{}
	info := s.info
	add := func(lhs ast.Expr, a baseAssign) {
		v, path, ok := s.basePath(lhs)
		if !ok {
			return
		}
		if a.path == "" {
			a.path = path
		} else if path != "" {
			a.path = path + "." + a.path
		}
		ix[v] = append(ix[v], a)
	}
	for _, f := range s.pass.Files {
		ast.Inspect(f, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.AssignStmt:
				if x.Tok != token.ASSIGN && x.Tok != token.DEFINE && x.Tok != token.ADD_ASSIGN {
					return true
				}
				for i, l := range x.Lhs {
					if _, isIdent := ast.Unparen(l).(*ast.Ident); isIdent {
						continue // whole variables are in the assignment index
					}
					switch {
					case len(x.Lhs) == len(x.Rhs):
						add(l, baseAssign{expr: x.Rhs[i], tuple: -1})
					case len(x.Rhs) == 1:
						add(l, baseAssign{expr: x.Rhs[0], tuple: i})
					}
				}
				if x.Tok == token.ADD_ASSIGN && len(x.Lhs) == 1 && len(x.Rhs) == 1 {
					if id, ok := ast.Unparen(x.Lhs[0]).(*ast.Ident); ok {
						if v := info.Uses[id]; v != nil {
							ix[v] = append(ix[v], baseAssign{expr: x.Rhs[0], tuple: -1})
						}
					}
				}
			case *ast.RangeStmt:
				if x.Value != nil {
					if id, ok := x.Value.(*ast.Ident); ok {
						if v := info.Defs[id]; v != nil {
							ix[v] = append(ix[v], baseAssign{expr: x.X, tuple: -1})
						} else if v := info.Uses[id]; v != nil {
							ix[v] = append(ix[v], baseAssign{expr: x.X, tuple: -1})
						}
					}
				}
			case *ast.CallExpr:
				s.indexCallStores(x, add)
			}
			return true
		})
	}
	return ix
}

// indexCallStores records what a call stores into its arguments or receiver.
func (s *scanner) indexCallStores(call *ast.CallExpr, add func(ast.Expr, baseAssign)) {
	fn, ok := typeutil.Callee(s.info, call).(*types.Func)
	if !ok {
		return
	}
	full := fn.Origin().FullName()
	pos := s.pos(call.Pos(), call.End())
	switch full {
	case "crypto/rand.Read", "math/rand.Read", "(*math/rand.Rand).Read":
		if len(call.Args) == 1 {
			add(call.Args[0], baseAssign{tuple: -1, source: KeyOrigin{Source: sourceName(fn), At: pos}})
		}
		return
	case "io.ReadFull":
		if len(call.Args) == 2 && isCryptoReader(s.info, call.Args[0]) {
			add(call.Args[1], baseAssign{tuple: -1, source: KeyOrigin{Source: "crypto/rand.Reader", At: pos}})
		}
		return
	case "fmt.Fprintf", "fmt.Fprint", "fmt.Fprintln":
		if len(call.Args) > 1 {
			for _, a := range call.Args[1:] {
				add(call.Args[0], baseAssign{expr: a, tuple: -1})
			}
		}
		return
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	recvT := s.info.TypeOf(sel.X)
	switch {
	case fn.Name() == "SetIdempotencyKey" && len(call.Args) == 1:
		add(sel.X, baseAssign{path: "IdempotencyKey", expr: call.Args[0], tuple: -1})
	case (fn.Name() == "Set" || fn.Name() == "Add") && isNamed(recvT, "net/http", "Header") && len(call.Args) == 2:
		if k, ok := s.constString(call.Args[0]); ok {
			add(sel.X, baseAssign{path: headerKey(k), expr: call.Args[1], tuple: -1})
		}
	case strings.HasPrefix(fn.Name(), "Write") && (isNamed(recvT, "strings", "Builder") || isNamed(recvT, "bytes", "Buffer")):
		for _, a := range call.Args {
			add(sel.X, baseAssign{expr: a, tuple: -1})
		}
	}
}

// headerKey is the path segment of an HTTP header, canonicalized like net/http does.
func headerKey(k string) string {
	return "hdr:" + strings.ToLower(k)
}

func isCryptoReader(info *types.Info, x ast.Expr) bool {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() == "crypto/rand" && v.Name() == "Reader"
}

func isNamed(t types.Type, pkg, name string) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// basePath splits `v.f.g`, `v["k"]`, `(*v).f` into the variable and the path.
func (s *scanner) basePath(x ast.Expr) (types.Object, string, bool) {
	var segs []string
	for {
		switch e := ast.Unparen(x).(type) {
		case *ast.Ident:
			obj := s.info.Uses[e]
			if obj == nil {
				obj = s.info.Defs[e]
			}
			if _, ok := obj.(*types.Var); !ok {
				return nil, "", false
			}
			for i, j := 0, len(segs)-1; i < j; i, j = i+1, j-1 {
				segs[i], segs[j] = segs[j], segs[i]
			}
			return obj, strings.Join(segs, "."), true
		case *ast.SelectorExpr:
			if sel := s.info.Selections[e]; sel == nil || sel.Kind() != types.FieldVal {
				return nil, "", false
			}
			segs = append(segs, e.Sel.Name)
			x = e.X
		case *ast.IndexExpr:
			if k, ok := s.constString(e.Index); ok {
				segs = append(segs, k)
			}
			x = e.X
		case *ast.StarExpr:
			x = e.X
		case *ast.UnaryExpr:
			if e.Op != token.AND {
				return nil, "", false
			}
			x = e.X
		default:
			return nil, "", false
		}
	}
}

func (s *scanner) constString(x ast.Expr) (string, bool) {
	if tv, ok := s.info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	return "", false
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}

// selectPath narrows flows to the part at path p: flows of the whole value stay (a
// parameter's flow is narrowed into the parameter), flows of other parts go.
func selectPath(fl []flow, p string) []flow {
	if p == "" {
		return fl
	}
	var out []flow
	for _, f := range fl {
		switch {
		case f.path == "":
			if f.o.Source == "" {
				f.o.Field = joinPath(f.o.Field, p)
			}
			out = append(out, f)
		case f.path == p:
			f.path = ""
			out = append(out, f)
		case strings.HasPrefix(f.path, p+"."):
			f.path = f.path[len(p)+1:]
			out = append(out, f)
		case strings.HasPrefix(p, f.path+"."):
			// A flow into a part of the selected path's prefix covers the selection only
			// when it stands for the whole of that part (a parameter).
			if f.o.Source == "" {
				f.o.Field = joinPath(f.o.Field, p[len(f.path)+1:])
				f.path = ""
				out = append(out, f)
			}
		}
	}
	return out
}

func prefixPath(fl []flow, p string) []flow {
	if p == "" {
		return fl
	}
	out := make([]flow, 0, len(fl))
	for _, f := range fl {
		f.path = joinPath(p, f.path)
		out = append(out, f)
	}
	return out
}

// flatten makes every flow one of the whole value: string building mixes all parts.
func flatten(fl []flow) []flow {
	out := make([]flow, 0, len(fl))
	for _, f := range fl {
		if f.path != "" && f.o.Source == "" {
			f.o.Field = joinPath(f.o.Field, f.path)
		}
		f.path = ""
		out = append(out, f)
	}
	return out
}

func addFlows(dst []flow, src ...flow) []flow {
	for _, f := range src {
		dup := false
		for _, d := range dst {
			if d == f {
				dup = true
				break
			}
		}
		if !dup && len(dst) < maxFlows {
			dst = append(dst, f)
		}
	}
	return dst
}

// flows returns where the parts of x, an expression in n's body, come from.
func (s *scanner) flows(n *node, x ast.Expr, depth int) []flow {
	if x == nil || depth > maxFlowDepth {
		return nil
	}
	if tv, ok := s.info.Types[x]; ok && tv.Value != nil {
		return nil // a constant
	}
	switch e := ast.Unparen(x).(type) {
	case *ast.Ident:
		return s.identFlows(n, e, depth)
	case *ast.SelectorExpr:
		if sel := s.info.Selections[e]; sel != nil {
			if sel.Kind() == types.FieldVal {
				return selectPath(s.flows(n, e.X, depth+1), e.Sel.Name)
			}
			return nil // a method value
		}
		return nil // a package-level name: not made per invocation
	case *ast.StarExpr:
		return s.flows(n, e.X, depth+1)
	case *ast.UnaryExpr:
		if e.Op == token.ARROW {
			return nil
		}
		return s.flows(n, e.X, depth+1)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return nil
		}
		return addFlows(flatten(s.flows(n, e.X, depth+1)), flatten(s.flows(n, e.Y, depth+1))...)
	case *ast.IndexExpr:
		if k, ok := s.constString(e.Index); ok {
			return selectPath(s.flows(n, e.X, depth+1), k)
		}
		if tv, ok := s.info.Types[e.X]; ok && !tv.IsValue() {
			return nil // a generic function instance
		}
		return s.flows(n, e.X, depth+1)
	case *ast.SliceExpr:
		return s.flows(n, e.X, depth+1)
	case *ast.TypeAssertExpr:
		return s.flows(n, e.X, depth+1)
	case *ast.CompositeLit:
		return s.compositeFlows(n, e, depth)
	case *ast.CallExpr:
		return s.callFlows(n, e, 0, depth)
	}
	return nil
}

func (s *scanner) compositeFlows(n *node, lit *ast.CompositeLit, depth int) []flow {
	t := s.info.TypeOf(lit)
	if t == nil {
		return nil
	}
	var out []flow
	switch u := derefUnder(t).(type) {
	case *types.Struct:
		for i, el := range lit.Elts {
			name, val := "", el
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					name, val = id.Name, kv.Value
				}
			} else if i < u.NumFields() {
				name = u.Field(i).Name()
			}
			if name == "" {
				continue
			}
			out = addFlows(out, prefixPath(s.flows(n, val, depth+1), name)...)
		}
	case *types.Map:
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if k, ok := s.constString(kv.Key); ok {
				out = addFlows(out, prefixPath(s.flows(n, kv.Value, depth+1), k)...)
			} else {
				out = addFlows(out, s.flows(n, kv.Value, depth+1)...)
			}
		}
	case *types.Slice, *types.Array:
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			out = addFlows(out, s.flows(n, el, depth+1)...)
		}
	}
	return out
}

// identFlows follows a variable: a parameter of n (or of an enclosing function, for
// closures) is a flow to resolve at the call; a local variable is the union of what is
// assigned to it and stored into its parts. Package-level variables are set up once per
// execution environment, not per invocation: no flow.
func (s *scanner) identFlows(n *node, id *ast.Ident, depth int) []flow {
	v, ok := s.info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	return s.varFlows(n, v, depth)
}

func (s *scanner) varFlows(n *node, v *types.Var, depth int) []flow {
	if v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	key := varKey{n, v}
	fs := s.fs()
	if fl, ok := fs.varMemo[key]; ok {
		return fl
	}
	if fs.inVar[key] {
		return nil
	}
	fs.inVar[key] = true
	var out []flow
	d := 0
	for p := n; p != nil; p, d = p.parent, d+1 {
		if p.sig == nil {
			continue
		}
		if r := p.sig.Recv(); r != nil && r == v {
			out = append(out, flow{o: KeyOrigin{Recv: true, Depth: d}})
			break
		}
		params := p.sig.Params()
		found := false
		for i := 0; i < params.Len(); i++ {
			if params.At(i) == v {
				out = append(out, flow{o: KeyOrigin{Param: i + 1, Depth: d}})
				found = true
				break
			}
		}
		if found {
			break
		}
	}
	for _, a := range s.index.of(v) {
		if a.tuple >= 0 {
			if call, ok := ast.Unparen(a.expr).(*ast.CallExpr); ok {
				out = addFlows(out, s.callFlows(n, call, a.tuple, depth+1)...)
			}
			continue
		}
		out = addFlows(out, s.flows(n, a.expr, depth+1)...)
	}
	for _, b := range fs.base[v] {
		switch {
		case b.source.Source != "":
			out = addFlows(out, flow{path: b.path, o: b.source})
		case b.tuple >= 0:
			if call, ok := ast.Unparen(b.expr).(*ast.CallExpr); ok {
				out = addFlows(out, prefixPath(s.callFlows(n, call, b.tuple, depth+1), b.path)...)
			}
		default:
			out = addFlows(out, prefixPath(s.flows(n, b.expr, depth+1), b.path)...)
		}
	}
	delete(fs.inVar, key)
	fs.varMemo[key] = out
	return out
}

// callFlows is the flows of result res of a call.
func (s *scanner) callFlows(n *node, call *ast.CallExpr, res, depth int) []flow {
	if tv, ok := s.info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return s.flows(n, call.Args[0], depth+1)
		}
		return nil
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := s.info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "append", "min", "max":
				var out []flow
				for _, a := range call.Args {
					out = addFlows(out, s.flows(n, a, depth+1)...)
				}
				return out
			}
			return nil
		}
	}
	fn, ok := typeutil.Callee(s.info, call).(*types.Func)
	if !ok {
		return nil
	}
	fn = fn.Origin()
	pos := s.pos(call.Pos(), call.End())
	if res == 0 {
		if src, ok := nondetSource(fn); ok {
			return []flow{{o: KeyOrigin{Source: src, At: pos}}}
		}
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	var recv ast.Expr
	if sel != nil {
		if selection := s.info.Selections[sel]; selection != nil && selection.Kind() == types.MethodVal {
			recv = sel.X
		}
	}
	switch {
	case isMarshalMap(fn):
		if res == 0 && len(call.Args) > 0 {
			return s.marshalFlows(n, call.Args[0], strings.HasPrefix(fn.Pkg().Path(), "github.com/aws/aws-sdk-go/"), depth)
		}
		return nil
	case passesThrough(fn):
		if res != 0 {
			return nil
		}
		var out []flow
		for _, a := range call.Args {
			out = addFlows(out, flatten(s.flows(n, a, depth+1))...)
		}
		if recv != nil && !isStatelessRecv(s.info.TypeOf(recv)) {
			out = addFlows(out, flatten(s.flows(n, recv, depth+1))...)
		}
		return out
	}
	if s.byFunc[fn] != nil || fn.Pkg() != nil && fn.Pkg() != s.pass.Pkg {
		// A function of the analyzed code: its results' flows, with its parameters
		// replaced by the call's arguments.
		var rf []flow
		if ln := s.byFunc[fn]; ln != nil {
			rf = s.resultFlows(ln, res)
		} else if vf := s.valueFlow(fn); vf != nil {
			for _, f := range vf.Results {
				if f.Result == res {
					rf = append(rf, flow{path: f.Path, o: f.Origin})
				}
			}
		} else if recv != nil && res == 0 && !isInterfaceMethod(fn) && !InScopePath(fn.Pkg().Path()) {
			// A method of a library type (uuid.UUID.String, time.Time.Format): the
			// result is made of the receiver.
			if isTimeCoarsening(s, fn, call) {
				return nil
			}
			return flatten(s.flows(n, recv, depth+1))
		}
		var out []flow
		for _, f := range rf {
			if f.o.Source != "" {
				out = addFlows(out, f)
				continue
			}
			var arg ast.Expr
			switch {
			case f.o.Recv:
				arg = recv
			case f.o.Param > 0 && f.o.Param <= len(call.Args):
				arg = call.Args[f.o.Param-1]
			}
			if arg == nil || f.o.Depth > 0 {
				continue
			}
			out = addFlows(out, prefixPath(selectPath(s.flows(n, arg, depth+1), f.o.Field), f.path)...)
		}
		return out
	}
	return nil
}

// InScopePath reports whether a package path is of the code under analysis, for callee
// packages known only by their types: false for the standard library and the libraries
// recognized by name.
func InScopePath(path string) bool {
	if !strings.Contains(strings.Split(path, "/")[0], ".") {
		return false // standard library
	}
	for _, p := range recognizedModules {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	for _, p := range idemLibraries {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

// idLibraries are the ID generators the idempotency rules know by name.
var idLibraries = []string{
	"github.com/google/uuid", "github.com/gofrs/uuid", "github.com/satori/go.uuid",
	"github.com/segmentio/ksuid", "github.com/rs/xid", "github.com/oklog/ulid",
	"github.com/lithammer/shortuuid", "github.com/matoous/go-nanoid", "github.com/jaevor/go-nanoid",
}

// idemLibraries are the libraries the idempotency rules know by name.
var idemLibraries = append(append([]string(nil), idLibraries...),
	"github.com/stripe/stripe-go", "github.com/redis/go-redis", "github.com/go-redis/redis")

// resultFlows is the flows of result res of a function of this package.
func (s *scanner) resultFlows(n *node, res int) []flow {
	fs := s.fs()
	key := resultKey{n, res}
	if fl, ok := fs.results[key]; ok {
		return fl
	}
	if fs.inResult[key] || n.body == nil || n.sig == nil || res >= n.sig.Results().Len() {
		return nil
	}
	fs.inResult[key] = true
	var out []flow
	named := n.sig.Results().At(res)
	ast.Inspect(n.body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			switch {
			case len(x.Results) == 0 && named.Name() != "":
				out = addFlows(out, s.varFlows(n, named, 0)...)
			case len(x.Results) == n.sig.Results().Len():
				out = addFlows(out, s.flows(n, x.Results[res], 0)...)
			case len(x.Results) == 1:
				if call, ok := ast.Unparen(x.Results[0]).(*ast.CallExpr); ok {
					out = addFlows(out, s.callFlows(n, call, res, 0)...)
				}
			}
		}
		return true
	})
	// Flows of parameters of enclosing functions cannot be resolved by callers.
	kept := out[:0]
	for _, f := range out {
		if f.o.Depth == 0 {
			kept = append(kept, f)
		}
	}
	delete(fs.inResult, key)
	fs.results[key] = kept
	return kept
}

func (s *scanner) valueFlow(fn *types.Func) *ValueFlow {
	fs := s.fs()
	if vf, ok := fs.values[fn]; ok {
		return vf
	}
	var vf *ValueFlow
	if fn.Pkg() != nil && fn.Pkg() != s.pass.Pkg {
		f := new(ValueFlow)
		if s.pass.ImportObjectFact(fn, f) {
			vf = f
		}
	}
	fs.values[fn] = vf
	return vf
}

// marshalFlows is the flows of attributevalue.MarshalMap(v): v's parts renamed to the
// attribute names its struct tags give; a flow of the whole struct (a parameter) is
// expanded to one flow per attribute.
func (s *scanner) marshalFlows(n *node, v ast.Expr, jsonTags bool, depth int) []flow {
	fl := s.flows(n, v, depth+1)
	st, _ := derefUnder(s.info.TypeOf(v)).(*types.Struct)
	if st == nil {
		return fl // a map: its keys are the attribute names
	}
	attrs := marshalAttrs(st, jsonTags, 0)
	var out []flow
	for _, f := range fl {
		if f.path == "" {
			if f.o.Source != "" {
				continue
			}
			for _, a := range attrs {
				g := f
				g.o.Field = joinPath(f.o.Field, a.field)
				g.path = a.attr
				out = addFlows(out, g)
			}
			continue
		}
		head, rest, _ := strings.Cut(f.path, ".")
		for _, a := range attrs {
			if a.field == head || strings.HasPrefix(a.field, head+".") {
				g := f
				g.path = joinPath(a.attr, rest)
				if a.field != head {
					continue
				}
				out = addFlows(out, g)
			}
		}
	}
	return out
}

type marshalAttr struct {
	field string // Go field path ("ID", or "Base.ID" for embedded structs)
	attr  string // attribute name
}

// marshalAttrs lists the attributes attributevalue.Marshal writes for a struct: the
// dynamodbav tag's name (v1's dynamodbattribute also reads json tags), else the field's
// name; embedded structs are flattened.
func marshalAttrs(st *types.Struct, jsonTags bool, depth int) []marshalAttr {
	var out []marshalAttr
	for i := 0; i < st.NumFields() && len(out) < 16; i++ {
		f := st.Field(i)
		tag, ok := reflect.StructTag(st.Tag(i)).Lookup("dynamodbav")
		if !ok && jsonTags {
			tag = reflect.StructTag(st.Tag(i)).Get("json")
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous() && name == "" && depth < 2 {
			if inner, ok := derefUnder(f.Type()).(*types.Struct); ok {
				for _, a := range marshalAttrs(inner, jsonTags, depth+1) {
					out = append(out, marshalAttr{field: a.field, attr: a.attr})
				}
				continue
			}
		}
		if !f.Exported() {
			continue
		}
		if name == "" {
			name = f.Name()
		}
		out = append(out, marshalAttr{field: f.Name(), attr: name})
	}
	return out
}

func isMarshalMap(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue", "github.com/aws/aws-sdk-go/service/dynamodb/dynamodbattribute":
		return strings.HasPrefix(fn.Name(), "MarshalMap")
	}
	return false
}

// passesThrough lists the library functions whose result is made of their arguments (and
// receiver): string building, encoding, pointer helpers, single-value marshaling.
func passesThrough(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	switch path {
	case "fmt":
		return strings.HasPrefix(fn.Name(), "Sprint") || strings.HasPrefix(fn.Name(), "Append")
	case "strings", "strconv", "bytes", "path", "path/filepath", "net/url", "encoding/hex",
		"encoding/base64", "encoding/base32", "encoding/json", "unicode/utf8", "slices", "maps":
		return true
	case "github.com/aws/aws-sdk-go-v2/aws", "github.com/aws/aws-sdk-go/aws":
		return fn.Name() == "String" || fn.Name() == "ToString" || fn.Name() == "StringValue" ||
			fn.Name() == "Int64" || fn.Name() == "Int" || fn.Name() == "ToInt64"
	case "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue", "github.com/aws/aws-sdk-go/service/dynamodb/dynamodbattribute":
		return fn.Name() == "Marshal" || fn.Name() == "MarshalWithOptions"
	}
	if strings.HasPrefix(path, "github.com/stripe/stripe-go/") && (fn.Name() == "String" || fn.Name() == "Int64") {
		return true
	}
	for _, p := range idLibraries {
		if !strings.HasPrefix(path, p) {
			continue
		}
		switch fn.Name() {
		case "Must", "MustParse", "NewSHA1", "NewMD5", "NewHash", "NewV3", "NewV5":
			return true // name-based IDs are as deterministic as their names
		}
	}
	return false
}

// isStatelessRecv: methods of these receivers (an encoding, a replacer) do not carry the
// value into the result.
func isStatelessRecv(t types.Type) bool {
	return isNamed(t, "encoding/base64", "Encoding") || isNamed(t, "encoding/base32", "Encoding") ||
		isNamed(t, "strings", "Replacer")
}

// isTimeCoarsening recognizes time.Time methods whose result changes at most once a day:
// redeliveries nearly always see the same value, so a daily partition key is fine.
func isTimeCoarsening(s *scanner, fn *types.Func, call *ast.CallExpr) bool {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil || !isNamed(sig.Recv().Type(), "time", "Time") {
		return false
	}
	switch fn.Name() {
	case "Year", "Month", "Day", "YearDay", "Weekday", "Date", "ISOWeek":
		return true
	case "Format", "AppendFormat":
		layout := call.Args[len(call.Args)-1]
		l, ok := s.constString(layout)
		if !ok {
			return false
		}
		l = strings.ReplaceAll(l, "2006", "")
		return !strings.ContainsAny(l, "345") && !strings.Contains(strings.ToLower(l), "pm")
	case "Truncate":
		if len(call.Args) == 1 {
			if tv, ok := s.info.Types[call.Args[0]]; ok && tv.Value != nil {
				if d, ok := constant.Int64Val(tv.Value); ok && d >= 24*3600*1e9 {
					return true
				}
			}
		}
	}
	return false
}

// nondetSource recognizes a call that makes a new value on every call: random and
// time-based IDs, the clock, random numbers. Name-based UUIDs (uuid.NewSHA1, NewMD5,
// NewV3, NewV5) are deterministic and are not sources.
func nondetSource(fn *types.Func) (string, bool) {
	if fn.Pkg() == nil {
		return "", false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	sig, _ := fn.Type().(*types.Signature)
	isMethod := sig != nil && sig.Recv() != nil
	switch {
	case path == "time":
		if name == "Now" && !isMethod {
			return "time.Now()", true
		}
	case path == "math/rand" || path == "math/rand/v2":
		if name != "New" && name != "NewSource" && name != "NewPCG" && name != "NewChaCha8" && name != "NewZipf" && name != "Seed" && name != "Shuffle" {
			return sourceName(fn), true
		}
	case path == "crypto/rand":
		switch name {
		case "Int", "Prime", "Text":
			return sourceName(fn), true
		}
	case strings.HasPrefix(path, "github.com/google/uuid"):
		switch name {
		case "New", "NewString", "NewRandom", "NewRandomFromReader", "NewUUID", "NewV6", "NewV7", "NewV7FromReader", "NewDCEGroup", "NewDCEPerson", "NewDCESecurity":
			return sourceName(fn), !isMethod
		}
	case strings.HasPrefix(path, "github.com/gofrs/uuid"), strings.HasPrefix(path, "github.com/satori/go.uuid"):
		switch name {
		case "NewV1", "NewV2", "NewV4", "NewV6", "NewV7":
			return sourceName(fn), true // also the Generator methods
		}
	case strings.HasPrefix(path, "github.com/segmentio/ksuid"):
		switch name {
		case "New", "NewRandom", "NewRandomWithTime":
			return sourceName(fn), !isMethod
		}
	case strings.HasPrefix(path, "github.com/rs/xid"):
		switch name {
		case "New", "NewWithTime":
			return sourceName(fn), !isMethod
		}
	case strings.HasPrefix(path, "github.com/oklog/ulid"):
		switch name {
		case "Make", "New", "MustNew", "Now":
			return sourceName(fn), !isMethod
		}
	case strings.HasPrefix(path, "github.com/lithammer/shortuuid"):
		if name == "New" || name == "NewWithAlphabet" {
			return sourceName(fn), !isMethod
		}
	case strings.HasPrefix(path, "github.com/matoous/go-nanoid"), strings.HasPrefix(path, "github.com/jaevor/go-nanoid"):
		switch name {
		case "New", "Generate", "Must", "MustGenerate":
			return sourceName(fn), !isMethod
		}
	case strings.HasPrefix(path, "github.com/stripe/stripe-go/"):
		if name == "NewIdempotencyKey" {
			return sourceName(fn), true
		}
	}
	return "", false
}

// sourceName is how messages name a source: "uuid.NewString()", "rand.Intn()".
func sourceName(fn *types.Func) string {
	if r := recvName(fn); r != "" {
		return fn.Pkg().Name() + "." + r + "." + fn.Name() + "()"
	}
	return fn.Pkg().Name() + "." + fn.Name() + "()"
}
