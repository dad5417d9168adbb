package retry

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/rules"
)

// Package paths of the retry libraries SLS112 reads.
const (
	sdkRetryPkg   = "github.com/aws/aws-sdk-go-v2/aws/retry"
	sdkConfigPkg  = "github.com/aws/aws-sdk-go-v2/config"
	sdkPrefix     = "github.com/aws/aws-sdk-go-v2"
	avastPkg      = "github.com/avast/retry-go/v4"
	backoffV4Pkg  = "github.com/cenkalti/backoff/v4"
	backoffV5Pkg  = "github.com/cenkalti/backoff/v5"
	goRetryPkg    = "github.com/sethvargo/go-retry"
	retryableHTTP = "github.com/hashicorp/go-retryablehttp"
)

// consequence is what an unbounded retry does in a function, said once for every SLS112
// message.
const consequence = "a persistent failure keeps the function retrying until it times out, billed, and hides the error"

type configCheck struct {
	pass        *analysis.Pass
	r           *diagnostic.Reporter
	maxAttempts int64
	defs        map[*types.Var][]definition
	fieldSets   map[*types.Var][]*ast.AssignStmt
}

// checkConfig reports retry libraries configured without a limit (SLS112).
func checkConfig(pass *analysis.Pass, r *diagnostic.Reporter, maxAttempts int64) {
	if !importsRetryLibrary(pass.Pkg) {
		return // fast path
	}
	c := &configCheck{pass: pass, r: r, maxAttempts: maxAttempts}
	c.collectDefinitions()
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				c.call(n)
			case *ast.CompositeLit:
				c.literal(n)
			case *ast.AssignStmt:
				c.fieldAssign(n)
			}
			return true
		})
	}
}

func importsRetryLibrary(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		p := imp.Path()
		if strings.HasPrefix(p, sdkPrefix+"/") || p == avastPkg || p == backoffV4Pkg || p == backoffV5Pkg ||
			p == goRetryPkg || p == retryableHTTP {
			return true
		}
	}
	return false
}

func callee(info *types.Info, call *ast.CallExpr) (pkg, name string) {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return "", ""
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		return "", ""
	}
	return fn.Pkg().Path(), fn.Name()
}

func (c *configCheck) intConst(e ast.Expr) (constant.Value, bool) {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return nil, false
	}
	return tv.Value, true
}

// huge reports whether a constant attempt count is no limit in practice.
func (c *configCheck) huge(v constant.Value) bool {
	return constant.Compare(v, token.GEQ, constant.MakeInt64(c.maxAttempts))
}

func (c *configCheck) call(call *ast.CallExpr) {
	pkg, name := callee(c.pass.TypesInfo, call)
	switch pkg {
	case sdkRetryPkg:
		if name == "AddWithMaxAttempts" && len(call.Args) == 2 {
			if v, ok := c.intConst(call.Args[1]); ok {
				switch {
				case constant.Sign(v) <= 0:
					c.r.Report(rules.UnboundedRetryConfig, call, fmt.Sprintf("retry.AddWithMaxAttempts(…, %s) removes the SDK's attempt limit\n"+
						"a limit of 0 or less means retry until success: throttling and 5xx errors are retried forever; %s; "+
						"pass a small limit such as 3 (the default) to 5", v, consequence))
				case c.huge(v):
					c.reportHuge(call, "retry.AddWithMaxAttempts(…, "+v.String()+")")
				}
			}
		}
	case sdkConfigPkg:
		if name == "WithRetryMaxAttempts" && len(call.Args) == 1 {
			c.retryMaxAttempts(call.Args[0], "config.WithRetryMaxAttempts")
		}
	case avastPkg:
		if (name == "Do" || name == "DoWithData") && len(call.Args) >= 1 {
			c.avast(call)
		}
	case backoffV4Pkg:
		switch name {
		case "Retry", "RetryNotify", "RetryWithData", "RetryNotifyWithData", "RetryNotifyWithTimer", "RetryNotifyWithTimerAndData":
			if len(call.Args) >= 2 {
				c.backoffV4(name, call.Args[1])
			}
		}
	case backoffV5Pkg:
		if name == "Retry" && len(call.Args) >= 2 {
			c.backoffV5(call)
		}
	case goRetryPkg:
		switch name {
		case "Do", "DoValue":
			if len(call.Args) == 3 {
				c.goRetry(call.Args[0], call.Args[1], "retry."+name)
			}
		case "Constant", "Exponential", "Fibonacci":
			if len(call.Args) == 3 && c.ctxNeverEnds(call.Args[0]) {
				c.r.Report(rules.UnboundedRetryConfig, call, fmt.Sprintf("retry.%s retries with an unbounded backoff until the operation "+
					"succeeds, and %s never ends\n%s; use retry.Do with retry.WithMaxRetries(n, b) or retry.WithMaxDuration(d, b), "+
					"or pass the invocation's context", name, types.ExprString(call.Args[0]), consequence))
			}
		}
	}
}

func (c *configCheck) reportHuge(node analysis.Range, what string) {
	c.r.Report(rules.UnboundedRetryConfig, node, fmt.Sprintf("%s is no limit in practice (at or above %d attempts)\n%s; "+
		"use a small limit, such as 3 to 5 attempts", what, c.maxAttempts, consequence))
}

// retryMaxAttempts checks a value given to an aws-sdk-go-v2 RetryMaxAttempts setting:
// clients wrap their retryer with retry.AddWithMaxAttempts(r, n) for any n other than 0,
// and a negative n removes the limit.
func (c *configCheck) retryMaxAttempts(e ast.Expr, what string) {
	v, ok := c.intConst(e)
	if !ok {
		return
	}
	switch {
	case constant.Sign(v) < 0:
		c.r.Report(rules.UnboundedRetryConfig, e, fmt.Sprintf("%s %s removes the SDK's attempt limit\nservice clients wrap their "+
			"retryer with retry.AddWithMaxAttempts(r, %s), which retries until success; %s; use 0 for the default of 3 or a small "+
			"positive limit", what, v, v, consequence))
	case c.huge(v):
		c.reportHuge(e, what+" "+v.String())
	}
}

// literal checks struct literals of SDK options and retryablehttp clients.
func (c *configCheck) literal(lit *ast.CompositeLit) {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		if field, ok := c.pass.TypesInfo.Uses[key].(*types.Var); ok && field.IsField() {
			c.field(field, kv.Value)
		}
	}
}

// fieldAssign checks assignments to the same fields: o.RetryMaxAttempts = -1.
func (c *configCheck) fieldAssign(as *ast.AssignStmt) {
	if as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return
	}
	for i, lhs := range as.Lhs {
		sel, ok := lhs.(*ast.SelectorExpr)
		if !ok {
			continue
		}
		if field, ok := c.pass.TypesInfo.Uses[sel.Sel].(*types.Var); ok && field.IsField() {
			c.field(field, as.Rhs[i])
		}
	}
}

func (c *configCheck) field(field *types.Var, value ast.Expr) {
	if field.Pkg() == nil {
		return
	}
	pkg := field.Pkg().Path()
	switch {
	case field.Name() == "RetryMaxAttempts" && strings.HasPrefix(pkg, sdkPrefix):
		c.retryMaxAttempts(value, "RetryMaxAttempts")
	case field.Name() == "MaxAttempts" && pkg == sdkRetryPkg:
		// StandardOptions.MaxAttempts of 0 or less means the default of 3: only a huge
		// value removes the limit.
		if v, ok := c.intConst(value); ok && c.huge(v) {
			c.reportHuge(value, "retry.StandardOptions.MaxAttempts "+v.String())
		}
	case field.Name() == "RetryMax" && pkg == retryableHTTP:
		// A negative RetryMax means no retries at all; only a huge one is unbounded.
		if v, ok := c.intConst(value); ok && c.huge(v) {
			c.reportHuge(value, "retryablehttp.Client.RetryMax "+v.String())
		}
	}
}

// avast checks retry.Do and retry.DoWithData of avast/retry-go: Attempts(0) and
// UntilSucceeded() retry until success unless a Context option can end it.
func (c *configCheck) avast(call *ast.CallExpr) {
	opts, ok := c.options(call, 1)
	if !ok {
		return
	}
	var unbounded ast.Expr
	ctxBound := false
	for _, o := range opts {
		oc, ok := ast.Unparen(o).(*ast.CallExpr)
		if !ok {
			return // an option value we cannot read: stay silent
		}
		pkg, name := callee(c.pass.TypesInfo, oc)
		if pkg != avastPkg {
			return
		}
		switch name {
		case "Attempts":
			unbounded = nil
			if len(oc.Args) == 1 {
				if v, ok := c.intConst(oc.Args[0]); ok && (constant.Sign(v) == 0 || c.huge(v)) {
					unbounded = oc
				}
			}
		case "UntilSucceeded":
			unbounded = oc
		case "Context":
			ctxBound = len(oc.Args) == 1 && !c.ctxNeverEnds(oc.Args[0])
		}
	}
	if unbounded == nil || ctxBound {
		return
	}
	c.r.Report(rules.UnboundedRetryConfig, unbounded, fmt.Sprintf("%s makes retry.Do retry until the function succeeds, and no "+
		"retry.Context with a context that can end bounds it\n%s; set a small retry.Attempts(n) or pass the invocation's context "+
		"with retry.Context(ctx)", types.ExprString(unbounded), consequence))
}

// options returns the option arguments of a call from index from on, resolving a spread
// slice built in the same function. ok is false when they cannot be known.
func (c *configCheck) options(call *ast.CallExpr, from int) ([]ast.Expr, bool) {
	if len(call.Args) <= from {
		return nil, true
	}
	args := call.Args[from:]
	if !call.Ellipsis.IsValid() {
		return args, true
	}
	// f(x, opts...): opts must be a local slice built from literals and appends.
	v := varOfExpr(c.pass.TypesInfo, args[len(args)-1])
	if v == nil {
		return nil, false
	}
	var out []ast.Expr
	for _, d := range c.defs[v] {
		switch e := ast.Unparen(d.expr).(type) {
		case *ast.CompositeLit:
			out = append(out, e.Elts...)
		case *ast.CallExpr:
			if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && len(e.Args) > 0 && !e.Ellipsis.IsValid() {
				if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "append" && varOfExpr(c.pass.TypesInfo, e.Args[0]) == v {
					out = append(out, e.Args[1:]...)
					continue
				}
			}
			return nil, false
		default:
			return nil, false
		}
	}
	if len(c.defs[v]) == 0 {
		return nil, false
	}
	return append(args[:len(args)-1:len(args)-1], out...), true
}

// A verdict is what is known about a backoff's bound.
type verdict int

const (
	unknown verdict = iota
	boundedBackoff
	unboundedBackoff
)

// backoffV4 checks a backoff passed to one of cenkalti/backoff v4's Retry functions, which
// retry until the backoff returns Stop.
func (c *configCheck) backoffV4(name string, b ast.Expr) {
	v, why := c.evalV4(b, 0)
	if v != unboundedBackoff {
		return
	}
	c.r.Report(rules.UnboundedRetryConfig, b, fmt.Sprintf("backoff.%s retries until the operation succeeds: %s never stops and neither "+
		"backoff.WithMaxRetries nor a backoff.WithContext that can end bounds it\n%s; wrap it with backoff.WithMaxRetries(b, n) "+
		"or backoff.WithContext(b, ctx)", name, why, consequence))
}

const maxDepth = 8 // how far variables are followed, against cycles

func (c *configCheck) evalV4(e ast.Expr, depth int) (verdict, string) {
	if depth > maxDepth {
		return unknown, ""
	}
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return c.evalV4(e.X, depth+1)
		}
	case *ast.CompositeLit:
		t := info.TypeOf(e)
		named := namedOf(t)
		if named == nil || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != backoffV4Pkg {
			return unknown, ""
		}
		switch named.Obj().Name() {
		case "ExponentialBackOff":
			for _, elt := range e.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "MaxElapsedTime" {
						if v, ok := c.intConst(kv.Value); ok && constant.Sign(v) == 0 {
							return unboundedBackoff, "an ExponentialBackOff with MaxElapsedTime 0"
						}
						return boundedBackoff, ""
					}
				}
			}
			return unboundedBackoff, "an ExponentialBackOff literal without MaxElapsedTime (0 means never stop)"
		case "ConstantBackOff":
			return unboundedBackoff, "a ConstantBackOff"
		case "ZeroBackOff":
			return unboundedBackoff, "a ZeroBackOff"
		case "StopBackOff":
			return boundedBackoff, ""
		}
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && len(e.Args) == 1 {
			if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "new" {
				named := namedOf(info.TypeOf(e.Args[0]))
				if named != nil && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == backoffV4Pkg {
					switch named.Obj().Name() {
					case "ZeroBackOff":
						return unboundedBackoff, "a ZeroBackOff"
					case "ConstantBackOff":
						return unboundedBackoff, "a ConstantBackOff"
					case "ExponentialBackOff":
						return unboundedBackoff, "a new(ExponentialBackOff) (MaxElapsedTime 0 means never stop)"
					}
				}
			}
		}
		pkg, name := callee(info, e)
		if pkg != backoffV4Pkg {
			return unknown, ""
		}
		switch name {
		case "WithMaxRetries":
			return boundedBackoff, ""
		case "WithContext":
			if len(e.Args) == 2 && c.ctxNeverEnds(e.Args[1]) {
				return c.evalV4(e.Args[0], depth+1)
			}
			return boundedBackoff, ""
		case "NewConstantBackOff":
			return unboundedBackoff, "a ConstantBackOff"
		case "NewExponentialBackOff":
			opts, ok := c.options(e, 0)
			if !ok {
				return unknown, ""
			}
			res, why := boundedBackoff, ""
			for _, o := range opts {
				oc, ok := ast.Unparen(o).(*ast.CallExpr)
				if !ok {
					return unknown, ""
				}
				if p, n := callee(info, oc); p == backoffV4Pkg && n == "WithMaxElapsedTime" && len(oc.Args) == 1 {
					if v, ok := c.intConst(oc.Args[0]); ok && constant.Sign(v) == 0 {
						res, why = unboundedBackoff, "an ExponentialBackOff with MaxElapsedTime 0"
					} else {
						res, why = boundedBackoff, ""
					}
				}
			}
			return res, why
		}
	case *ast.Ident:
		v := varOfExpr(info, e)
		if v == nil || len(c.defs[v]) != 1 {
			return unknown, ""
		}
		res, why := c.evalV4(c.defs[v][0].expr, depth+1)
		// b.MaxElapsedTime = 0 after construction, or a limit set on a literal.
		for _, as := range c.fieldSets[v] {
			for i, lhs := range as.Lhs {
				sel, ok := lhs.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "MaxElapsedTime" || varOfExpr(info, sel.X) != v || i >= len(as.Rhs) {
					continue
				}
				if val, ok := c.intConst(as.Rhs[i]); ok && constant.Sign(val) == 0 {
					res, why = unboundedBackoff, "an ExponentialBackOff with MaxElapsedTime set to 0 at "+c.pos(as)
				} else {
					res, why = boundedBackoff, ""
				}
			}
		}
		if res == unboundedBackoff && !strings.Contains(why, " at ") {
			why += " (" + e.Name + ", built at " + c.pos(c.defs[v][0].expr) + ")"
		}
		return res, why
	}
	return unknown, ""
}

// backoffV5 checks backoff.Retry of cenkalti/backoff v5, which stops after 15 minutes by
// default: WithMaxElapsedTime(0) removes that limit, and then only WithMaxTries or the
// context can end the retries.
func (c *configCheck) backoffV5(call *ast.CallExpr) {
	opts, ok := c.options(call, 2)
	if !ok {
		return
	}
	var noLimit ast.Expr
	tries := false
	for _, o := range opts {
		oc, ok := ast.Unparen(o).(*ast.CallExpr)
		if !ok {
			return
		}
		pkg, name := callee(c.pass.TypesInfo, oc)
		if pkg != backoffV5Pkg {
			return
		}
		switch name {
		case "WithMaxElapsedTime":
			noLimit = nil
			if len(oc.Args) == 1 {
				if v, ok := c.intConst(oc.Args[0]); ok && constant.Sign(v) == 0 {
					noLimit = oc
				}
			}
		case "WithMaxTries":
			tries = true
			if len(oc.Args) == 1 {
				if v, ok := c.intConst(oc.Args[0]); ok && (constant.Sign(v) == 0 || c.huge(v)) {
					tries = false // 0 means no limit
				}
			}
		}
	}
	if noLimit == nil || tries || !c.ctxNeverEnds(call.Args[0]) {
		return
	}
	c.r.Report(rules.UnboundedRetryConfig, noLimit, fmt.Sprintf("backoff.WithMaxElapsedTime(0) removes backoff.Retry's time limit, "+
		"and neither backoff.WithMaxTries nor the context (%s, which never ends) bounds it\n%s; keep a time limit, add "+
		"backoff.WithMaxTries(n), or pass the invocation's context", types.ExprString(call.Args[0]), consequence))
}

// goRetry checks retry.Do and retry.DoValue of sethvargo/go-retry, which retry until the
// backoff stops or the context ends.
func (c *configCheck) goRetry(ctx, b ast.Expr, what string) {
	v, why := c.evalGoRetry(b, 0)
	if v != unboundedBackoff || !c.ctxNeverEnds(ctx) {
		return
	}
	c.r.Report(rules.UnboundedRetryConfig, b, fmt.Sprintf("%s retries until the operation succeeds: %s has neither retry.WithMaxRetries "+
		"nor retry.WithMaxDuration, and %s never ends\n%s; wrap the backoff with retry.WithMaxRetries(n, b) or "+
		"retry.WithMaxDuration(d, b), or pass the invocation's context", what, why, types.ExprString(ctx), consequence))
}

func (c *configCheck) evalGoRetry(e ast.Expr, depth int) (verdict, string) {
	if depth > maxDepth {
		return unknown, ""
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		pkg, name := callee(c.pass.TypesInfo, e)
		if pkg != goRetryPkg {
			return unknown, ""
		}
		switch name {
		case "NewConstant", "NewExponential", "NewFibonacci":
			return unboundedBackoff, "retry." + name
		case "WithMaxRetries", "WithMaxDuration":
			return boundedBackoff, ""
		case "WithJitter", "WithJitterPercent", "WithCappedDuration", "WithFullJitter":
			if len(e.Args) > 0 {
				return c.evalGoRetry(e.Args[len(e.Args)-1], depth+1)
			}
		}
	case *ast.Ident:
		v := varOfExpr(c.pass.TypesInfo, e)
		if v != nil && len(c.defs[v]) == 1 {
			return c.evalGoRetry(c.defs[v][0].expr, depth+1)
		}
	}
	return unknown, ""
}

// ctxNeverEnds reports whether a context expression is evidently never cancelled and has
// no deadline: context.Background(), context.TODO(), context.WithoutCancel(x), values
// derived from them with context.WithValue, and variables holding one of these.
func (c *configCheck) ctxNeverEnds(e ast.Expr) bool { return c.neverEnds(e, 0) }

func (c *configCheck) neverEnds(e ast.Expr, depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		pkg, name := callee(c.pass.TypesInfo, e)
		if pkg != "context" {
			return false
		}
		switch name {
		case "Background", "TODO", "WithoutCancel":
			return true
		case "WithValue":
			return len(e.Args) == 3 && c.neverEnds(e.Args[0], depth+1)
		}
	case *ast.Ident:
		v := varOfExpr(c.pass.TypesInfo, e)
		if v != nil && len(c.defs[v]) == 1 && c.defs[v][0].index == 0 {
			return c.neverEnds(c.defs[v][0].expr, depth+1)
		}
	}
	return false
}

func (c *configCheck) pos(n ast.Node) string {
	p := c.pass.Fset.Position(n.Pos())
	return fmt.Sprintf("line %d", p.Line)
}

// A definition is a value assigned to a variable: expr, or result index of a call.
type definition struct {
	expr  ast.Expr
	index int // the variable's position among the call's results when expr has several
}

// collectDefinitions records, for each variable of the package, the values assigned to it
// and the assignments to its fields, so that a backoff or context passed by name can be
// traced to where it is built. Function parameters have no definition and stay unknown.
func (c *configCheck) collectDefinitions() {
	info := c.pass.TypesInfo
	c.defs = map[*types.Var][]definition{}
	c.fieldSets = map[*types.Var][]*ast.AssignStmt{}
	record := func(lhs []ast.Expr, rhs []ast.Expr) {
		for i, l := range lhs {
			v := varOfExpr(info, l)
			if v == nil {
				continue
			}
			switch {
			case len(rhs) == len(lhs):
				c.defs[v] = append(c.defs[v], definition{expr: rhs[i]})
			case len(rhs) == 1:
				c.defs[v] = append(c.defs[v], definition{expr: rhs[0], index: i})
			}
		}
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok {
						if v := varOfExpr(info, sel.X); v != nil {
							c.fieldSets[v] = append(c.fieldSets[v], n)
						}
					}
				}
				if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
					record(n.Lhs, n.Rhs)
				} else {
					// x += y: a definition we cannot follow
					for _, l := range n.Lhs {
						if v := varOfExpr(info, l); v != nil {
							c.defs[v] = append(c.defs[v], definition{expr: l})
						}
					}
				}
			case *ast.ValueSpec:
				var lhs []ast.Expr
				for _, id := range n.Names {
					lhs = append(lhs, id)
				}
				record(lhs, n.Values)
			}
			return true
		})
	}
}

func varOfExpr(info *types.Info, e ast.Expr) *types.Var {
	return varOf(info, e)
}

func namedOf(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}
