package effects

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// External side effects that a second delivery repeats (emails, notifications, payments,
// outbound POSTs), whether they carry an idempotency key, and the idempotency guards that
// make them run once per event.

// stripeModule is the path prefix of stripe-go (all major versions).
const stripeModule = "github.com/stripe/stripe-go/v"

// stripeOp recognizes a stripe-go API call: a function or method of stripe-go taking a
// params struct that embeds stripe.Params. Calls that create or move money (Create/New,
// Confirm, Capture, Pay, Refund, ...) are writes; everything else is network I/O.
func stripeOp(fn *types.Func) (known, bool) {
	if fn.Pkg() == nil || !strings.HasPrefix(fn.Pkg().Path(), stripeModule) {
		return known{}, false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || stripeParamsIndex(sig) < 0 {
		return known{}, false
	}
	res := fn.Pkg().Name()
	if r := recvName(fn); r != "" {
		res = r
		if strings.HasPrefix(r, "v1") || strings.HasPrefix(r, "v2") {
			res = strings.TrimSuffix(r[2:], "Service")
		} else if r == "Client" {
			res = fn.Pkg().Name()
		}
	}
	op := "stripe." + res + "." + fn.Name()
	if stripeMutates(fn.Name()) {
		return known{Write, op}, true
	}
	return known{Network, op}, true
}

func stripeMutates(name string) bool {
	switch name {
	case "New", "Create":
		return true
	}
	for _, p := range []string{"Confirm", "Capture", "Pay", "Refund", "IncrementAuthorization", "Reverse", "Send", "Apply", "Finalize", "Post"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// stripeParamsIndex is the index of the parameter of a stripe params type (a pointer to
// a struct embedding stripe.Params), or -1.
func stripeParamsIndex(sig *types.Signature) int {
	for i := 0; i < sig.Params().Len(); i++ {
		p, ok := types.Unalias(sig.Params().At(i).Type()).(*types.Pointer)
		if !ok {
			continue
		}
		st, ok := p.Elem().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for j := 0; j < st.NumFields(); j++ {
			f := st.Field(j)
			if f.Anonymous() && f.Name() == "Params" && f.Pkg() != nil && strings.HasPrefix(f.Pkg().Path(), stripeModule) {
				return i
			}
		}
	}
	return -1
}

// describeSideEffect fills in what the idempotency rules need about an external side
// effect. It reports whether the call is one.
func (s *scanner) describeSideEffect(n *node, call *ast.CallExpr, fn *types.Func, e *Effect, idem *Idempotency) bool {
	op := e.Op
	switch {
	case strings.HasPrefix(op, "ses.") || strings.HasPrefix(op, "sesv2."):
		idem.NoIdempotencyKey = true
		return true
	case op == "sns.Publish" || op == "sns.PublishBatch":
		in := s.sdkInput(call)
		if in == nil {
			return false
		}
		path := []string{"MessageDeduplicationId"}
		if op == "sns.PublishBatch" {
			path = []string{"PublishBatchRequestEntries", "MessageDeduplicationId"}
		}
		s.keyGiven(n, s.fieldExprs(in, path, 0), idem)
		return true
	case strings.HasPrefix(op, "stripe.") && e.Kind == Write:
		sig := fn.Type().(*types.Signature)
		i := stripeParamsIndex(sig)
		if i < 0 || i >= len(call.Args) {
			return false
		}
		params := call.Args[i]
		if !s.builtHere(params) {
			return false // params built elsewhere: whether they carry a key is unknown
		}
		keys := s.fieldExprs(params, []string{"Params", "IdempotencyKey"}, 0)
		keys = append(keys, s.fieldExprs(params, []string{"IdempotencyKey"}, 0)...)
		s.keyGiven(n, keys, idem)
		return true
	case strings.HasPrefix(op, "http."):
		return s.describeHTTP(n, call, op, idem)
	}
	return false
}

// keyGiven sets NoIdempotencyKey unless one of the key expressions is set, and names a
// nondeterministic key's source.
func (s *scanner) keyGiven(n *node, keys []ast.Expr, idem *Idempotency) {
	given := false
	for _, k := range keys {
		if isNil(s.info, k) {
			continue
		}
		given = true
		for _, f := range s.flows(n, k, 0) {
			if f.o.Source != "" {
				idem.KeyFrom = f.o.Source + " at " + f.o.At.Short()
			}
		}
	}
	if !given || idem.KeyFrom != "" {
		idem.NoIdempotencyKey = true
	}
}

// builtHere: a params value made in this function (a literal, or a variable assigned
// one), whose fields the function sets.
func (s *scanner) builtHere(x ast.Expr) bool {
	switch e := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		return e.Op == token.AND && s.builtHere(e.X)
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := s.info.Uses[id].(*types.Builtin); ok && b.Name() == "new" {
				return true
			}
		}
	case *ast.Ident:
		v, ok := s.info.Uses[e].(*types.Var)
		if !ok {
			return false
		}
		as := s.index.of(v)
		if len(as) == 0 {
			return false
		}
		for _, a := range as {
			if a.tuple >= 0 || !s.builtHere(a.expr) {
				return false
			}
		}
		return true
	}
	return false
}

// describeHTTP recognizes an outbound POST or PATCH and whether it sends an
// Idempotency-Key header. Requests to token, search and query endpoints read, whatever
// their method.
func (s *scanner) describeHTTP(n *node, call *ast.CallExpr, op string, idem *Idempotency) bool {
	var url ast.Expr
	switch op {
	case "http.Post", "http.PostForm", "http.Client.Post", "http.Client.PostForm":
		idem.Method = "POST"
		idem.NoIdempotencyKey = true
		if len(call.Args) > 0 {
			url = call.Args[0]
		}
	case "http.Client.Do":
		if len(call.Args) != 1 {
			return false
		}
		req, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := s.info.Uses[req].(*types.Var)
		if !ok {
			return false
		}
		var method string
		for _, a := range s.index.of(v) {
			c, ok := ast.Unparen(a.expr).(*ast.CallExpr)
			if !ok || a.tuple > 0 {
				return false
			}
			fn, ok := typeutil.Callee(s.info, c).(*types.Func)
			if !ok {
				return false
			}
			var m ast.Expr
			switch fn.FullName() {
			case "net/http.NewRequest":
				if len(c.Args) == 3 {
					m, url = c.Args[0], c.Args[1]
				}
			case "net/http.NewRequestWithContext":
				if len(c.Args) == 4 {
					m, url = c.Args[1], c.Args[2]
				}
			}
			text, ok := s.constString(m)
			if m == nil || !ok {
				return false
			}
			method = strings.ToUpper(text)
		}
		if method != "POST" && method != "PATCH" {
			return false
		}
		if s.passedToAnalyzedCode(n, v, call) {
			return false // a helper may set the header
		}
		idem.Method = method
		idem.NoIdempotencyKey = true
		for _, b := range s.fs().base[v] {
			if strings.HasSuffix(b.path, "hdr:idempotency-key") || strings.HasSuffix(b.path, "hdr:x-idempotency-key") {
				idem.NoIdempotencyKey = false
			}
		}
		for _, b := range s.fs().base[v] {
			if b.path == "Header" { // req.Header = http.Header{...}
				if lit, ok := ast.Unparen(b.expr).(*ast.CompositeLit); ok {
					for _, el := range lit.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if k, ok := s.constString(kv.Key); ok && strings.Contains(strings.ToLower(k), "idempotency-key") {
								idem.NoIdempotencyKey = false
							}
						}
					}
				} else {
					idem.NoIdempotencyKey = false
				}
			}
		}
	default:
		return false
	}
	if url != nil {
		text, _, _ := s.exprText(url, 0)
		t := strings.ToLower(text)
		for _, w := range []string{"token", "oauth", "search", "graphql", "query", "login", "auth"} {
			if strings.Contains(t, w) {
				return false
			}
		}
	}
	return true
}

// passedToAnalyzedCode: v is an argument of a call of the analyzed code in n's body,
// other than call.
func (s *scanner) passedToAnalyzedCode(n *node, v *types.Var, call *ast.CallExpr) bool {
	if n.body == nil {
		return false
	}
	found := false
	ast.Inspect(n.body, func(x ast.Node) bool {
		c, ok := x.(*ast.CallExpr)
		if !ok || c == call || found {
			return !found
		}
		fn, ok := typeutil.Callee(s.info, c).(*types.Func)
		if !ok || fn.Pkg() == nil || !InScopePath(fn.Pkg().Path()) && fn.Pkg() != s.pass.Pkg {
			return true
		}
		for _, a := range c.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok && s.info.Uses[id] == v {
				found = true
			}
		}
		return true
	})
	return found
}

// Guards.
//
// An idempotency guard is a call that fails on the second delivery of the same event: a
// conditional DynamoDB put, update or transaction (Idempotency.Guard), a Redis SETNX, or a
// function of the analyzed code that performs one and returns its failure (ValueFlow.Guard).
// It guards the code it dominates when its failure ends processing: the statements after
// `if err := guard(); err != nil { return ... }` (or continue, break, panic) in the same
// block, and the body of an `if` that tests its result.

// guardedRange is a guarded source range of a function body.
type guardedRange struct{ from, to token.Pos }

func (s *scanner) guardedAt(n *node, pos token.Pos) bool {
	for _, r := range s.regions(n) {
		if r.from <= pos && pos < r.to {
			return true
		}
	}
	return false
}

func (s *scanner) regions(n *node) []guardedRange {
	fs := s.fs()
	if rs, ok := fs.regions[n]; ok {
		return rs
	}
	fs.regions[n] = nil // recursion guard
	var out []guardedRange
	if n.body != nil {
		ast.Inspect(n.body, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BlockStmt:
				out = append(out, s.blockRegions(n, x.List, x.Rbrace)...)
			case *ast.CaseClause:
				out = append(out, s.blockRegions(n, x.Body, x.End())...)
			case *ast.CommClause:
				out = append(out, s.blockRegions(n, x.Body, x.End())...)
			}
			return true
		})
	}
	fs.regions[n] = out
	return out
}

// blockRegions finds the guards among a block's statements and the ranges they guard.
func (s *scanner) blockRegions(n *node, list []ast.Stmt, end token.Pos) []guardedRange {
	var out []guardedRange
	for i, st := range list {
		if ifs, ok := st.(*ast.IfStmt); ok && (s.hasGuardCall(n, ifs.Init) || s.hasGuardCall(n, ifs.Cond)) {
			out = append(out, s.checkRegion(ifs, end))
			continue
		}
		vars := s.guardResults(n, st)
		if vars == nil {
			continue
		}
		for _, next := range list[i+1:] {
			ifs, ok := next.(*ast.IfStmt)
			if ok && mentions(s.info, ifs.Cond, vars) {
				out = append(out, s.checkRegion(ifs, end))
				break
			}
		}
	}
	return out
}

// checkRegion: after an if whose body ends processing, the rest of the block is guarded;
// otherwise the if's body is (`if err == nil { ... }`).
func (s *scanner) checkRegion(ifs *ast.IfStmt, end token.Pos) guardedRange {
	if terminates(ifs.Body.List) {
		return guardedRange{ifs.End(), end}
	}
	return guardedRange{ifs.Body.Pos(), ifs.Body.End()}
}

// guardResults returns the variables a statement assigns from a guard call, nil when it
// has none.
func (s *scanner) guardResults(n *node, st ast.Stmt) []types.Object {
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch st := st.(type) {
	case *ast.AssignStmt:
		lhs, rhs = st.Lhs, st.Rhs
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok {
			return nil
		}
		for _, sp := range gd.Specs {
			if vs, ok := sp.(*ast.ValueSpec); ok {
				for _, nm := range vs.Names {
					lhs = append(lhs, nm)
				}
				rhs = append(rhs, vs.Values...)
			}
		}
	default:
		return nil
	}
	guard := false
	for _, r := range rhs {
		if s.hasGuardCall(n, r) {
			guard = true
		}
	}
	if !guard {
		return nil
	}
	var vars []types.Object
	for _, l := range lhs {
		if id, ok := ast.Unparen(l).(*ast.Ident); ok && id.Name != "_" {
			if obj := s.info.Defs[id]; obj != nil {
				vars = append(vars, obj)
			} else if obj := s.info.Uses[id]; obj != nil {
				vars = append(vars, obj)
			}
		}
	}
	if len(vars) == 0 {
		return nil
	}
	return vars
}

func mentions(info *types.Info, x ast.Node, vars []types.Object) bool {
	if x == nil {
		return false
	}
	found := false
	ast.Inspect(x, func(y ast.Node) bool {
		if id, ok := y.(*ast.Ident); ok {
			for _, v := range vars {
				if info.Uses[id] == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// terminates: the statements end with a return, a branch (continue, break, goto), a panic
// or a process exit, or an if/else whose branches all do.
func terminates(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	switch st := list[len(list)-1].(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.BlockStmt:
		return terminates(st.List)
	case *ast.IfStmt:
		if st.Else == nil || !terminates(st.Body.List) {
			return false
		}
		switch e := st.Else.(type) {
		case *ast.BlockStmt:
			return terminates(e.List)
		case *ast.IfStmt:
			return terminates([]ast.Stmt{e})
		}
	case *ast.ExprStmt:
		if call, ok := st.X.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Fatal") || ok && sel.Sel.Name == "Exit" {
				return true
			}
		}
	}
	return false
}

// hasGuardCall reports whether x (not looking into function literals) calls a guard.
func (s *scanner) hasGuardCall(n *node, x ast.Node) bool {
	if x == nil {
		return false
	}
	found := false
	ast.Inspect(x, func(y ast.Node) bool {
		switch y := y.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if s.isGuardCall(n, y) {
				found = true
			}
		}
		return !found
	})
	return found
}

// isGuardCall recognizes a call of an idempotency guard.
func (s *scanner) isGuardCall(n *node, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(s.info, call).(*types.Func)
	if !ok {
		return false
	}
	fn = fn.Origin()
	if fn.Pkg() != nil && fn.Name() == "SetNX" && (strings.HasPrefix(fn.Pkg().Path(), "github.com/redis/go-redis/") || strings.HasPrefix(fn.Pkg().Path(), "github.com/go-redis/redis")) {
		return true
	}
	if k, ok := recognize(fn); ok {
		if k.kind != Write || conditionPaths[k.op] == nil {
			return false
		}
		e := &Effect{Kind: k.kind, Op: k.op}
		var idem Idempotency
		s.describeCondition(call, e, &idem)
		if !idem.Guard {
			return false
		}
		// A condition on a fresh random key never fails: it guards nothing.
		for _, key := range s.writeKeys(n, call, e) {
			if key.Source != "" && (key.IsKey || LooksLikeKey(key.Attr)) {
				return false
			}
		}
		return true
	}
	if ln := s.byFunc[fn]; ln != nil {
		return s.isGuardFunc(ln)
	}
	if vf := s.valueFlow(fn); vf != nil {
		return vf.Guard
	}
	return false
}

// isGuardFunc: the function calls a guard and returns its failure: `return guard(...)`,
// or a return inside an if that tests the guard's results, or a return of those results.
func (s *scanner) isGuardFunc(n *node) bool {
	fs := s.fs()
	switch fs.guards[n] {
	case 1, 3:
		return false
	case 2:
		return true
	}
	fs.guards[n] = 1
	guard := false
	if n.body != nil && n.sig != nil && n.sig.Results().Len() > 0 {
		ast.Inspect(n.body, func(x ast.Node) bool {
			if guard {
				return false
			}
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				for _, r := range x.Results {
					if s.hasGuardCall(n, r) {
						guard = true
					}
				}
			case *ast.IfStmt:
				if (s.hasGuardCall(n, x.Init) || s.hasGuardCall(n, x.Cond)) && containsReturn(x.Body) {
					guard = true
				}
			case *ast.BlockStmt:
				for i, st := range x.List {
					vars := s.guardResults(n, st)
					if vars == nil {
						continue
					}
					for _, next := range x.List[i+1:] {
						switch next := next.(type) {
						case *ast.IfStmt:
							if mentions(s.info, next.Cond, vars) && containsReturn(next.Body) {
								guard = true
							}
						case *ast.ReturnStmt:
							if mentions(s.info, next, vars) {
								guard = true
							}
						}
					}
				}
			}
			return true
		})
	}
	if guard {
		fs.guards[n] = 2
	} else {
		fs.guards[n] = 3
	}
	return guard
}

func containsReturn(b *ast.BlockStmt) bool {
	found := false
	ast.Inspect(b, func(x ast.Node) bool {
		switch x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		}
		return !found
	})
	return found
}

// LooksLikeKey reports whether an attribute or column name is named like a key: pk, sk,
// id, key (any case), or ending in _id, Id or ID.
func LooksLikeKey(name string) bool {
	switch strings.ToLower(name) {
	case "pk", "sk", "id", "key":
		return true
	}
	return strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_ID") || strings.HasSuffix(name, "Id") || strings.HasSuffix(name, "ID")
}
