package effects

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"time"

	"golang.org/x/tools/go/types/typeutil"
)

// Times the code waits or allows, for SLS412 code-timeout-exceeds-function and SLS413
// no-deadline-headroom: only durations known statically count, and a retry budget is
// the longest its schedule can wait, computed as the library computes its delays.

// constDuration evaluates a time.Duration expression: a constant, or a variable of the
// package assigned exactly one constant.
func (s *scanner) constDuration(x ast.Expr) (time.Duration, bool) {
	return s.constDurationDepth(x, 0)
}

func (s *scanner) constDurationDepth(x ast.Expr, depth int) (time.Duration, bool) {
	if x == nil || depth > 4 {
		return 0, false
	}
	if tv, ok := s.info.Types[x]; ok && tv.Value != nil {
		if v, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok {
			return time.Duration(v), true
		}
		return 0, false
	}
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		if v, ok := s.info.Uses[id].(*types.Var); ok {
			if as := s.index.of(v); len(as) == 1 && as[0].tuple < 0 {
				return s.constDurationDepth(as[0].expr, depth+1)
			}
		}
	}
	return 0, false
}

// constInt evaluates an integer expression the same way.
func (s *scanner) constInt(x ast.Expr) (int64, bool) {
	d, ok := s.constDuration(x)
	return int64(d), ok
}

// clientTimeout returns the Timeout of the http.Client whose method a call is, when every
// value the package gives the client (a variable, a field) is a literal with a constant
// Timeout.
func (s *scanner) clientTimeout(call *ast.CallExpr) (time.Duration, bool) {
	fn, ok := typeutil.Callee(s.info, call).(*types.Func)
	if !ok || !strings.HasPrefix(fn.FullName(), "(*net/http.Client).") {
		return 0, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return 0, false
	}
	var values []ast.Expr
	switch recv := ast.Unparen(sel.X).(type) {
	case *ast.UnaryExpr, *ast.CompositeLit:
		values = append(values, recv)
	case *ast.Ident, *ast.SelectorExpr:
		obj := s.objOf(recv)
		if obj == nil {
			return 0, false
		}
		for _, a := range s.index.of(obj) {
			if a.tuple >= 0 {
				return 0, false
			}
			values = append(values, a.expr)
		}
	}
	if len(values) == 0 {
		return 0, false
	}
	var longest time.Duration
	for _, v := range values {
		v = ast.Unparen(v)
		if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.AND {
			v = ast.Unparen(u.X)
		}
		cl, ok := v.(*ast.CompositeLit)
		if !ok {
			return 0, false
		}
		d, found := time.Duration(0), false
		for _, el := range cl.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "Timeout" {
					d, found = s.constDuration(kv.Value)
				}
			}
		}
		if !found || d <= 0 {
			return 0, false // no Timeout: the request may wait forever, which SLS410 reports
		}
		longest = max(longest, d)
	}
	return longest, true
}

// timeBudget fills in a TimeBudget call's duration; false when it is not known statically.
func (s *scanner) timeBudget(call *ast.CallExpr, e *Effect) bool {
	fn, ok := typeutil.Callee(s.info, call).(*types.Func)
	if !ok {
		return false
	}
	var d time.Duration
	switch name := fn.Origin().FullName(); {
	case strings.HasPrefix(name, "context.WithTimeout"):
		if len(call.Args) < 2 {
			return false
		}
		d, ok = s.constDuration(call.Args[1])
	case strings.HasPrefix(name, "context.WithDeadline"):
		if len(call.Args) < 2 {
			return false
		}
		d, ok = s.sinceNow(call.Args[1])
	case strings.HasSuffix(name, ".Do") || strings.HasSuffix(name, ".DoWithData"):
		d, ok = s.retryGoBudget(call)
		e.Detail = "retry budget"
	case strings.HasSuffix(name, "retry.NewStandard"):
		d, ok = s.awsRetryBudget(call)
		e.Detail = "retry budget"
	case strings.HasSuffix(name, ".WithMaxRetries"):
		d, ok = s.backoffMaxRetries(call)
		e.Detail = "retry budget"
	case strings.HasSuffix(name, "backoff/v5.Retry"):
		d, ok = s.backoffV5Budget(call)
		e.Detail = "retry budget"
	default:
		return false
	}
	if !ok || d <= 0 {
		return false
	}
	e.Duration = int64(d)
	return true
}

// sinceNow evaluates time.Now().Add(d).
func (s *scanner) sinceNow(x ast.Expr) (time.Duration, bool) {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return 0, false
	}
	fn, ok := typeutil.Callee(s.info, call).(*types.Func)
	if !ok || fn.FullName() != "(time.Time).Add" {
		return 0, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return 0, false
	}
	now, ok := ast.Unparen(sel.X).(*ast.CallExpr)
	if !ok {
		return 0, false
	}
	if f, ok := typeutil.Callee(s.info, now).(*types.Func); !ok || f.FullName() != "time.Now" {
		return 0, false
	}
	return s.constDuration(call.Args[0])
}

// optionCalls returns the option constructors passed as a call's variadic arguments from
// index from on, by function name; ok is false when an option is not such a call (a
// slice spread with ..., a variable): then the configuration is not known.
func (s *scanner) optionCalls(call *ast.CallExpr, from int) (map[string]*ast.CallExpr, bool) {
	if call.Ellipsis.IsValid() {
		return nil, false
	}
	out := map[string]*ast.CallExpr{}
	for _, a := range call.Args[min(from, len(call.Args)):] {
		c, ok := ast.Unparen(a).(*ast.CallExpr)
		if !ok {
			return nil, false
		}
		fn, ok := typeutil.Callee(s.info, c).(*types.Func)
		if !ok {
			return nil, false
		}
		out[fn.Name()] = c
	}
	return out, true
}

// retryGoBudget is the longest avast/retry-go waits between its attempts: Attempts(n)
// attempts, n-1 delays; with DelayType(FixedDelay) each is Delay, otherwise (the default
// back-off) Delay × 2^i capped by MaxDelay, plus up to MaxJitter (100 ms by default) of
// random delay each. Attempts(0) retries forever, which SLS112 reports.
func (s *scanner) retryGoBudget(call *ast.CallExpr) (time.Duration, bool) {
	opts, ok := s.optionCalls(call, 1)
	if !ok {
		return 0, false
	}
	attempts := int64(10)
	if c := opts["Attempts"]; c != nil && len(c.Args) == 1 {
		if attempts, ok = s.constInt(c.Args[0]); !ok || attempts <= 0 {
			return 0, false
		}
	}
	delay, maxDelay, jitter := 100*time.Millisecond, time.Duration(0), 100*time.Millisecond
	if c := opts["Delay"]; c != nil && len(c.Args) == 1 {
		if delay, ok = s.constDuration(c.Args[0]); !ok {
			return 0, false
		}
	}
	if c := opts["MaxDelay"]; c != nil && len(c.Args) == 1 {
		if maxDelay, ok = s.constDuration(c.Args[0]); !ok {
			return 0, false
		}
	}
	if c := opts["MaxJitter"]; c != nil && len(c.Args) == 1 {
		if jitter, ok = s.constDuration(c.Args[0]); !ok {
			return 0, false
		}
	}
	fixed := false
	if c := opts["DelayType"]; c != nil && len(c.Args) == 1 {
		f, ok := s.objOf(c.Args[0]).(*types.Func)
		if !ok || f.Name() != "FixedDelay" {
			return 0, false // a custom schedule
		}
		fixed, jitter = true, 0
	}
	var total time.Duration
	for i := int64(0); i < attempts-1 && i < 64; i++ {
		d := delay
		if !fixed {
			d = delay << i
			if d <= 0 || (maxDelay > 0 && d > maxDelay) {
				d = maxDelay
			}
			if d <= 0 {
				return 0, false // unbounded growth: no MaxDelay
			}
		}
		total += d + jitter
	}
	return total, true
}

// awsRetryBudget is the longest the AWS SDK's standard retryer waits between attempts when
// its options set MaxAttempts: attempt i waits up to min(MaxBackoff, 2^i s) (MaxBackoff 20
// s by default). A retryer left at the default three attempts is the SDK's default and not
// reported.
func (s *scanner) awsRetryBudget(call *ast.CallExpr) (time.Duration, bool) {
	attempts, maxBackoff := int64(0), 20*time.Second
	for _, a := range call.Args {
		lit, ok := ast.Unparen(a).(*ast.FuncLit)
		if !ok || lit.Type.Params.NumFields() != 1 || len(lit.Type.Params.List[0].Names) != 1 {
			return 0, false
		}
		param := s.info.Defs[lit.Type.Params.List[0].Names[0]]
		for _, st := range lit.Body.List {
			as, ok := st.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
				continue
			}
			sel, ok := ast.Unparen(as.Lhs[0]).(*ast.SelectorExpr)
			if !ok {
				continue
			}
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); !ok || s.info.Uses[id] != param {
				continue
			}
			switch sel.Sel.Name {
			case "MaxAttempts":
				if attempts, ok = s.constInt(as.Rhs[0]); !ok {
					return 0, false
				}
			case "MaxBackoff":
				if maxBackoff, ok = s.constDuration(as.Rhs[0]); !ok {
					return 0, false
				}
			case "Backoff", "Retryables":
				return 0, false // a custom schedule or retry decision
			}
		}
	}
	if attempts <= 3 && maxBackoff == 20*time.Second {
		return 0, false
	}
	if attempts <= 0 {
		attempts = 3
	}
	var total time.Duration
	for i := int64(1); i < attempts && i < 64; i++ {
		d := time.Second << i
		if d <= 0 || d > maxBackoff {
			d = maxBackoff
		}
		total += d
	}
	return total, true
}

// backoffMaxRetries is cenkalti/backoff's WithMaxRetries(NewConstantBackOff(d), n): n
// retries after the first attempt, each after d.
func (s *scanner) backoffMaxRetries(call *ast.CallExpr) (time.Duration, bool) {
	if len(call.Args) != 2 {
		return 0, false
	}
	n, ok := s.constInt(call.Args[1])
	if !ok || n <= 0 {
		return 0, false
	}
	d, ok := s.constantBackOff(call.Args[0])
	if !ok {
		return 0, false
	}
	return time.Duration(n) * d, true
}

func (s *scanner) constantBackOff(x ast.Expr) (time.Duration, bool) {
	c, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok || len(c.Args) != 1 {
		return 0, false
	}
	fn, ok := typeutil.Callee(s.info, c).(*types.Func)
	if !ok || fn.Name() != "NewConstantBackOff" {
		return 0, false
	}
	return s.constDuration(c.Args[0])
}

// backoffV5Budget is cenkalti/backoff v5's Retry with WithMaxElapsedTime(d) (it gives up
// after d), or WithMaxTries(n) and WithBackOff(NewConstantBackOff(d)).
func (s *scanner) backoffV5Budget(call *ast.CallExpr) (time.Duration, bool) {
	opts, ok := s.optionCalls(call, 2)
	if !ok {
		return 0, false
	}
	if c := opts["WithMaxElapsedTime"]; c != nil && len(c.Args) == 1 {
		return s.constDuration(c.Args[0])
	}
	tries, backOff := opts["WithMaxTries"], opts["WithBackOff"]
	if tries == nil || backOff == nil || len(tries.Args) != 1 || len(backOff.Args) != 1 {
		return 0, false
	}
	n, ok := s.constInt(tries.Args[0])
	if !ok || n <= 1 {
		return 0, false
	}
	d, ok := s.constantBackOff(backOff.Args[0])
	if !ok {
		return 0, false
	}
	return time.Duration(n-1) * d, true
}

// batchEvents are the event types whose Records a handler receives as a batch whose size
// the event source mapping's BatchSize sets.
var batchEvents = set("SQSEvent", "KinesisEvent", "KinesisTimeWindowEvent", "DynamoDBEvent", "DynamoDBTimeWindowEvent")

const eventsPkg = "github.com/aws/aws-lambda-go/events"

// loop records a loop over a batch event's records (BatchLoop) and a loop with a constant
// number of rounds that sleeps a constant time in each (a TimeBudget: rounds × sleep).
func (s *scanner) loop(n *node, st ast.Stmt) {
	if n == s.initN {
		return
	}
	var body *ast.BlockStmt
	switch st := st.(type) {
	case *ast.RangeStmt:
		body = st.Body
		if event := s.recordsOf(st.X); event != "" {
			op := "range " + event + ".Records"
			n.local = append(n.local, Effect{Kind: BatchLoop, Op: op, Detail: event,
				Path: []Step{{Callee: op, At: s.pos(st.Pos(), st.End())}}})
			return
		}
	case *ast.ForStmt:
		body = st.Body
	}
	rounds, ok := s.rounds(st)
	if !ok || rounds <= 1 {
		return
	}
	var sleep time.Duration
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(s.info, x).(*types.Func); ok && len(x.Args) == 1 {
				if k, ok := byName[fn.FullName()]; ok && k.kind == Sleep {
					if d, ok := s.constDuration(x.Args[0]); ok {
						sleep += d
					}
				}
			}
		}
		return true
	})
	if sleep <= 0 {
		return
	}
	end := body.Lbrace
	n.local = append(n.local, Effect{Kind: TimeBudget, Op: "loop", Duration: int64(time.Duration(rounds) * sleep),
		Detail: fmt.Sprintf("%d rounds × %s", rounds, sleep),
		Path:   []Step{{Callee: "loop", At: s.pos(st.Pos(), end)}}})
}

// recordsOf returns the event type name when x is `ev.Records` of a batch event.
func (s *scanner) recordsOf(x ast.Expr) string {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Records" {
		return ""
	}
	t := s.info.TypeOf(sel.X)
	if t == nil {
		return ""
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != eventsPkg || !batchEvents[named.Obj().Name()] {
		return ""
	}
	return "events." + named.Obj().Name()
}

// rounds returns the constant number of rounds of `for i := 0; i < N; i++`, `for range N`
// and `for i := range N`.
func (s *scanner) rounds(st ast.Stmt) (int64, bool) {
	switch st := st.(type) {
	case *ast.RangeStmt:
		if t := s.info.TypeOf(st.X); t != nil {
			if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				return s.constInt(st.X)
			}
		}
	case *ast.ForStmt:
		init, ok := st.Init.(*ast.AssignStmt)
		if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
			return 0, false
		}
		start, ok := s.constInt(init.Rhs[0])
		if !ok {
			return 0, false
		}
		id, ok := init.Lhs[0].(*ast.Ident)
		if !ok {
			return 0, false
		}
		v := s.info.ObjectOf(id)
		cond, ok := st.Cond.(*ast.BinaryExpr)
		if !ok {
			return 0, false
		}
		if l, ok := ast.Unparen(cond.X).(*ast.Ident); !ok || s.info.Uses[l] != v {
			return 0, false
		}
		limit, ok := s.constInt(cond.Y)
		if !ok {
			return 0, false
		}
		inc, ok := st.Post.(*ast.IncDecStmt)
		if !ok || inc.Tok != token.INC {
			return 0, false
		}
		if x, ok := ast.Unparen(inc.X).(*ast.Ident); !ok || s.info.Uses[x] != v {
			return 0, false
		}
		// The counter must not be changed in the body.
		changed := false
		ast.Inspect(st.Body, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.AssignStmt:
				for _, l := range x.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok && s.info.Uses[id] == v {
						changed = true
					}
				}
			case *ast.IncDecStmt:
				if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && s.info.Uses[id] == v {
					changed = true
				}
			}
			return !changed
		})
		if changed {
			return 0, false
		}
		switch cond.Op {
		case token.LSS:
			return limit - start, true
		case token.LEQ:
			return limit - start + 1, true
		}
	}
	return 0, false
}
