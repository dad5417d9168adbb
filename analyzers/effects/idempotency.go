package effects

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// What the idempotency rules (SLS101-SLS103) need to know about a write or an external
// side effect, recorded on the effect as Effect.Idem. The scanner fills it in after a
// package's bodies are scanned (resolveIdem); parameters are resolved and guards applied
// at each call edge (resolveAtEdge).

// Idempotency describes a write or an external side effect for the idempotency rules.
type Idempotency struct {
	// Keys are the nondeterministic origins of the parts that identify what is written:
	// DynamoDB item attributes (all of them, for the rule to match against the table's
	// key schema or key-like names), the S3 object key, the SQS deduplication ID, the
	// columns of a SQL INSERT; and, while unresolved, the parameters they come from.
	Keys []KeyOrigin
	// Attrs are the attribute names of the written items, where the write's own function
	// shows them (map literals, marshaled structs), so that a name like "traceId" is not
	// taken for the key when the item has a "pk".
	Attrs []string
	// Table is the DynamoDB table written, when the code names it: the constant name, or
	// "$VAR" for a name read from the environment variable VAR in the same package.
	Table string
	// Update is a DynamoDB UpdateItem's update expression: the constant text, or rendered
	// from the expression builder ("SET #n = #n + :v"), "" when unknown.
	Update string
	// SetValues are the update's value placeholders bound to DynamoDB sets, for which ADD
	// is idempotent.
	SetValues []string
	// Conditional says a ConditionExpression is given; Condition is its text when known.
	Conditional bool
	Condition   string
	// NoIdempotencyKey (side effects): the call visibly carries no idempotency key: stripe
	// params without IdempotencyKey, an HTTP POST/PATCH without an Idempotency-Key header,
	// SES sends, SNS publishes without MessageDeduplicationId. KeyFrom names the
	// nondeterministic source of a key that is given but useless on redelivery.
	NoIdempotencyKey bool
	KeyFrom          string
	// Method is the HTTP method of an outbound request, when known.
	Method string
	// Guard says this write is itself an idempotency guard: a conditional put or update
	// whose condition can fail on a second delivery.
	Guard bool
	// Guarded says an idempotency guard runs before the effect on the path, and its
	// failure ends processing.
	Guarded bool
}

// A KeyOrigin is where a key part comes from: a nondeterministic Source, or while
// unresolved the summarized function's parameter Param (or receiver, Recv) at Field.
type KeyOrigin struct {
	// Attr is the attribute, column or input field the part is written to ("id",
	// "Key", "MessageDeduplicationId"); "" while it is still to be read from the path of
	// the parameter's value.
	Attr string
	// IsKey: the part is a key by its place (an UpdateItem Key, an S3 object key, a
	// deduplication ID), whatever its name.
	IsKey bool
	// Source names the nondeterministic source ("uuid.NewString()"), At where it is called.
	Source string
	At     Position
	// Param (1-based) or Recv: the parameter or receiver the part comes from, at Field
	// (a dotted path in its value). Depth counts the enclosing function literals between
	// the effect's function and the function whose parameter it is.
	Param int
	Recv  bool
	Field string
	Depth int
}

func (k KeyOrigin) String() string {
	attr := k.Attr
	if attr == "" {
		attr = "?"
	}
	if k.Source != "" {
		return attr + "=" + k.Source
	}
	p := fmt.Sprintf("param%d", k.Param)
	if k.Recv {
		p = "recv"
	}
	if k.Depth > 0 {
		p = fmt.Sprintf("%s^%d", p, k.Depth)
	}
	return attr + "=" + joinPath(p, k.Field)
}

func (i *Idempotency) String() string {
	var parts []string
	for _, k := range i.Keys {
		parts = append(parts, "key "+k.String())
	}
	if i.Table != "" {
		parts = append(parts, "table "+i.Table)
	}
	if i.Update != "" {
		parts = append(parts, fmt.Sprintf("update %q", i.Update))
	}
	if i.Conditional {
		parts = append(parts, "conditional")
	}
	if i.Guard {
		parts = append(parts, "guard")
	}
	if i.Method != "" {
		parts = append(parts, i.Method)
	}
	if i.NoIdempotencyKey {
		parts = append(parts, "no-idempotency-key")
	}
	if i.Guarded {
		parts = append(parts, "guarded")
	}
	return strings.Join(parts, " ")
}

// key is the part of Effect.key that changes along paths.
func (i *Idempotency) key() string {
	if i == nil {
		return ""
	}
	var b strings.Builder
	for _, k := range i.Keys {
		b.WriteString(k.String())
		fmt.Fprintf(&b, "@%s:%d:%d;", k.At.File, k.At.Line, k.At.Col)
	}
	if i.Guarded {
		b.WriteString("guarded")
	}
	return b.String()
}

// ValueFlow is the fact exported for functions of the analyzed code whose results carry a
// nondeterministic value or a parameter, or that are idempotency guards, so that flows
// and guards are followed across packages.
type ValueFlow struct {
	Results []ResultFlow
	// Guard: the function performs an idempotency guard and fails (returns its error or
	// result) when the guard fails.
	Guard bool
}

// AFact marks ValueFlow as a fact.
func (*ValueFlow) AFact() {}

func (v *ValueFlow) String() string {
	var parts []string
	for _, r := range v.Results {
		o := r.Origin.String()
		o = o[strings.Index(o, "=")+1:] // no attribute in a result flow
		parts = append(parts, fmt.Sprintf("result%d%s %s", r.Result, pathSuffix(r.Path), o))
	}
	if v.Guard {
		parts = append(parts, "guard")
	}
	return "flows(" + strings.Join(parts, "; ") + ")"
}

func pathSuffix(p string) string {
	if p == "" {
		return ""
	}
	return "." + p
}

// A ResultFlow is one flow into result Result (0-based) at Path.
type ResultFlow struct {
	Result int
	Path   string
	Origin KeyOrigin
}

// pendingIdem is a recognized write or side effect whose Idempotency is filled in after
// the package's bodies are scanned.
type pendingIdem struct {
	n    *node
	idx  int
	call *ast.CallExpr
	fn   *types.Func
}

// noteIdem remembers an effect for the idempotency rules.
func (s *scanner) noteIdem(n *node, call *ast.CallExpr, fn *types.Func, k known) {
	if k.kind != Write && (k.kind != Network || !strings.HasPrefix(k.op, "http.")) {
		return
	}
	s.fs().pending = append(s.fs().pending, pendingIdem{n: n, idx: len(n.local), call: call, fn: fn})
}

// resolveIdem fills in the Idempotency of the package's own writes and side effects, and
// gives every edge its call site for the resolution at edges.
func (s *scanner) resolveIdem() {
	fs := s.fs()
	for _, p := range fs.pending {
		e := &p.n.local[p.idx]
		idem := s.describeIdem(p.n, p.call, p.fn, e)
		if idem == nil {
			continue
		}
		if s.guardedAt(p.n, p.call.Pos()) {
			idem.Guarded = true
		}
		e.Idem = idem
	}
	// A call through an interface carries the guard before it to the effects it is
	// resolved to.
	for _, p := range s.dynamics {
		if s.guardedAt(p.n, p.call.Pos()) {
			p.n.local[p.idx].Idem.Guarded = true
		}
	}
	for _, n := range s.nodes {
		for _, ed := range n.edges {
			if ed.site == nil {
				ed.site = &callSite{s: s, n: n, pos: s.tokenPos(ed.step.At)}
			}
		}
		for _, ed := range n.returns {
			if ed.site == nil {
				ed.site = &callSite{s: s, n: n, pos: s.tokenPos(ed.step.At)}
			}
		}
	}
}

// describeIdem builds the Idempotency of a recognized call, nil when the rules have
// nothing to say about it.
func (s *scanner) describeIdem(n *node, call *ast.CallExpr, fn *types.Func, e *Effect) *Idempotency {
	idem := &Idempotency{}
	useful := false
	if keys := s.writeKeys(n, call, e); len(keys) > 0 {
		idem.Keys = keys
		idem.Table = s.tableOf(call, e)
		idem.Attrs = s.itemAttrs(call, e)
		useful = true
	}
	if s.describeCondition(call, e, idem) {
		useful = true
	}
	if s.describeSideEffect(n, call, fn, e, idem) {
		useful = true
	}
	if isSQLExec(e) && e.Detail != "" {
		useful = true // an UPDATE for SLS102; guards apply to it
	}
	if !useful {
		return nil
	}
	return idem
}

// A callSite is where an edge leaves its caller: the call (nil for function values,
// literals and returns) and its position, to resolve parameters and to apply guards.
type callSite struct {
	s     *scanner
	n     *node
	call  *ast.CallExpr
	shift int
	pos   token.Pos
	g     int8 // 0 unknown, 1 guarded, 2 not
}

// attachSite gives the edges a call added to n (from index from on) their call site.
func (s *scanner) attachSite(n *node, call *ast.CallExpr, from int) {
	if from >= len(n.edges) {
		return
	}
	shift := 0
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if selection := s.info.Selections[sel]; selection != nil && selection.Kind() == types.MethodExpr {
			shift = 1
		}
	}
	site := &callSite{s: s, n: n, call: call, shift: shift, pos: call.Pos()}
	for _, ed := range n.edges[from:] {
		ed.site = site
	}
}

func (c *callSite) guarded() bool {
	if c.g == 0 {
		c.g = 2
		if c.pos.IsValid() && c.s.guardedAt(c.n, c.pos) {
			c.g = 1
		}
	}
	return c.g == 1
}

// resolveAtEdge updates a callee's effect for the caller: its parameter origins become the
// caller's arguments' origins, and a guard before the call guards it.
func resolveAtEdge(ed *edge, out *Effect) {
	if out.Idem == nil {
		return
	}
	idem := *out.Idem
	if ed.site != nil && ed.site.guarded() {
		idem.Guarded = true
	}
	var keys []KeyOrigin
	for _, k := range out.Idem.Keys {
		switch {
		case k.Source != "":
			keys = appendKey(keys, k)
		case k.Depth > 0:
			if ed.site != nil && ed.site.call == nil {
				k.Depth-- // a literal's edge from its enclosing function
				keys = appendKey(keys, k)
			}
		case ed.site != nil && ed.site.call != nil:
			for _, r := range ed.site.resolve(k) {
				keys = appendKey(keys, r)
			}
		}
	}
	idem.Keys = keys
	out.Idem = &idem
}

// maxKeys bounds the key origins of one effect.
const maxKeys = 16

func appendKey(keys []KeyOrigin, k KeyOrigin) []KeyOrigin {
	for _, x := range keys {
		if x == k {
			return keys
		}
	}
	if len(keys) >= maxKeys {
		return keys
	}
	return append(keys, k)
}

// resolve replaces a parameter origin by the origins of the argument the call passes.
func (c *callSite) resolve(k KeyOrigin) []KeyOrigin {
	var arg ast.Expr
	switch {
	case k.Recv:
		if sel, ok := ast.Unparen(c.call.Fun).(*ast.SelectorExpr); ok {
			if selection := c.s.info.Selections[sel]; selection != nil && selection.Kind() == types.MethodVal {
				arg = sel.X
			}
		}
	case k.Param > 0:
		i := k.Param - 1 + c.shift
		if i < len(c.call.Args) && !c.call.Ellipsis.IsValid() {
			arg = c.call.Args[i]
		}
	}
	if arg == nil {
		return nil
	}
	// A struct that becomes an item (through a generic or any-typed parameter marshaled
	// by the callee) names its attributes with its dynamodbav tags.
	var attrs []marshalAttr
	if k.Attr == "" && k.Field == "" {
		if st, ok := derefUnder(c.s.info.TypeOf(arg)).(*types.Struct); ok {
			attrs = marshalAttrs(st, false, 0)
		}
	}
	var out []KeyOrigin
	for _, f := range selectPath(c.s.flows(c.n, arg, 0), k.Field) {
		r := f.o
		r.IsKey = k.IsKey
		r.Attr = k.Attr
		if r.Attr == "" && f.path != "" {
			head, _, _ := strings.Cut(f.path, ".")
			r.Attr = head
			for _, a := range attrs {
				if a.field == head {
					r.Attr = a.attr
				}
			}
		} else if r.Attr == "" && r.Source != "" {
			continue // a whole item from a source: no attribute to name
		}
		out = appendKey(out, r)
	}
	return out
}

// tokenPos converts a position of this package's files back to a token.Pos.
func (s *scanner) tokenPos(p Position) token.Pos {
	fs := s.fs()
	if fs.files == nil {
		fs.files = map[string]*token.File{}
		for _, f := range s.pass.Files {
			tf := s.pass.Fset.File(f.FileStart)
			fs.files[tf.Name()] = tf
		}
	}
	f := fs.files[p.File]
	if f == nil || p.Line < 1 || p.Line > f.LineCount() {
		return token.NoPos
	}
	off := f.Offset(f.LineStart(p.Line)) + max(p.Col, 1) - 1
	if off > f.Size() {
		return token.NoPos
	}
	return f.Pos(off)
}

// exportValueFlows exports the ValueFlow facts of the package's exported functions.
func (s *scanner) exportValueFlows() {
	for _, n := range s.nodes {
		if n.fn == nil || s.byFunc[n.fn] != n || !n.fn.Exported() || n.sig == nil {
			continue
		}
		if !resultsCanCarry(n.sig) && !s.isGuardFunc(n) {
			continue
		}
		vf := &ValueFlow{Guard: s.isGuardFunc(n)}
		for res := 0; res < n.sig.Results().Len(); res++ {
			if !canCarry(n.sig.Results().At(res).Type()) {
				continue
			}
			for _, f := range s.resultFlows(n, res) {
				if len(vf.Results) < maxFlows {
					vf.Results = append(vf.Results, ResultFlow{Result: res, Path: f.path, Origin: f.o})
				}
			}
		}
		sort.SliceStable(vf.Results, func(i, j int) bool { return vf.Results[i].Result < vf.Results[j].Result })
		if len(vf.Results) > 0 || vf.Guard {
			s.pass.ExportObjectFact(n.fn, vf)
		}
	}
}

func resultsCanCarry(sig *types.Signature) bool {
	for i := 0; i < sig.Results().Len(); i++ {
		if canCarry(sig.Results().At(i).Type()) {
			return true
		}
	}
	return false
}

// canCarry: an error or a bool result does not carry a key.
func canCarry(t types.Type) bool {
	if types.Identical(t, types.Universe.Lookup("error").Type()) {
		return false
	}
	if b, ok := t.Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
		return false
	}
	return true
}
