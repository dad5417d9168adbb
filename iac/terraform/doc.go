package terraform

import (
	"math/big"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/slslint/slslint/iac/internal/jsonsyntax"
	"github.com/slslint/slslint/iac/model"
)

// Policies, redrive policies, event patterns and state machine definitions are documents:
// JSON written as jsonencode({...}), as a heredoc, in a file read with file() or
// templatefile(), or built by data sources. A node is such a document with the source
// range of every value, so that a statement or a Task state is reported where it is
// written, and with the marks of the references inside it, so that
// "Resource": "${aws_sqs_queue.q.arn}" still names the queue.

type nodeKind int8

const (
	nUnknown nodeKind = iota
	nNull
	nString
	nNumber
	nBool
	nObject
	nArray
)

type node struct {
	kind   nodeKind
	at     model.Range
	str    string
	num    float64
	b      bool
	fields []field
	elems  []*node
	info   markInfo
	// partial is set on an object or array some of whose parts are unknown (a merge or
	// concat with an unknown value).
	partial bool
	// scalar is set on an unknown node known to be a single value (a string with an
	// unknown interpolation), as opposed to an unknown list or document.
	scalar bool
	// shape is what is known of an unknown string (see shape.go).
	shape string
}

type field struct {
	key string
	at  model.Range
	val *node
}

// get returns the value of key in an object node.
func (n *node) get(key string) *node {
	if n == nil || n.kind != nObject {
		return nil
	}
	for i := len(n.fields) - 1; i >= 0; i-- {
		if n.fields[i].key == key {
			return n.fields[i].val
		}
	}
	return nil
}

// field returns the field of key in an object node.
func (n *node) field(key string) (field, bool) {
	if n == nil || n.kind != nObject {
		return field{}, false
	}
	for i := len(n.fields) - 1; i >= 0; i-- {
		if n.fields[i].key == key {
			return n.fields[i], true
		}
	}
	return field{}, false
}

// list returns the elements of an array node, or the node itself for a scalar (IAM
// accepts "Action": "s3:GetObject" as well as a list).
func (n *node) list() []*node {
	switch {
	case n == nil || n.kind == nNull:
		return nil
	case n.kind == nArray:
		return n.elems
	}
	return []*node{n}
}

// maxDocDepth bounds the nesting of documents.
const maxDocDepth = 64

// nodeFromValue converts an evaluated value into a node located at at.
func nodeFromValue(v cty.Value, at model.Range, inherited markInfo, depth int) *node {
	uv, marks := v.Unmark()
	info := mergeInfo(inherited, infoOf(marks))
	n := &node{at: at, info: info}
	switch {
	case depth > maxDocDepth || !uv.IsKnown():
		if !uv.IsKnown() {
			_, deep := marksOf(v)
			n.info = mergeInfo(info, deep)
			ty := uv.Type()
			n.scalar = ty.IsPrimitiveType()
		}
		n.kind = nUnknown
	case uv.IsNull():
		n.kind = nNull
	case uv.Type() == cty.String:
		n.kind, n.str = nString, uv.AsString()
	case uv.Type() == cty.Number:
		f, _ := uv.AsBigFloat().Float64()
		n.kind, n.num = nNumber, f
	case uv.Type() == cty.Bool:
		n.kind, n.b = nBool, uv.True()
	case uv.Type().IsObjectType() || uv.Type().IsMapType():
		n.kind = nObject
		for it := uv.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			n.fields = append(n.fields, field{key: k.AsString(), at: at, val: nodeFromValue(ev, at, info, depth+1)})
		}
	case uv.Type().IsListType() || uv.Type().IsTupleType() || uv.Type().IsSetType():
		n.kind = nArray
		for it := uv.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			n.elems = append(n.elems, nodeFromValue(ev, at, info, depth+1))
		}
	default:
		n.kind = nUnknown
	}
	return n
}

func mergeInfo(a, b markInfo) markInfo {
	if len(a.refs) == 0 && len(a.data) == 0 && !a.secret {
		return b
	}
	if len(b.refs) == 0 && len(b.data) == 0 && !b.secret {
		return a
	}
	out := markInfo{secret: a.secret || b.secret}
	seen := map[string]bool{}
	for _, r := range append(append([]string{}, a.refs...), b.refs...) {
		if !seen[r] {
			seen[r] = true
			out.refs = append(out.refs, r)
		}
	}
	sort.Strings(out.refs)
	seenD := map[string]bool{}
	for _, d := range append(append([]dataMark{}, a.data...), b.data...) {
		if !seenD[d.id] {
			seenD[d.id] = true
			out.data = append(out.data, d)
		}
	}
	return out
}

// valueNode reads an expression as a value, following its syntax where it is an object or
// tuple constructor (so that each element has its own range), merge/concat calls, and
// references to locals.
func (s *scope) valueNode(expr hcl.Expression, depth int) *node {
	at := toRange(expr.Range())
	if depth > maxDocDepth {
		return &node{kind: nUnknown, at: at}
	}
	switch e := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		n := &node{kind: nObject, at: at}
		for _, item := range e.Items {
			kv, _ := s.eval(item.KeyExpr).Unmark()
			kv, err := convert.Convert(kv, cty.String)
			if err != nil || !kv.IsKnown() || kv.IsNull() {
				n.partial = true
				continue
			}
			n.fields = append(n.fields, field{key: kv.AsString(), at: toRange(item.KeyExpr.Range()), val: s.valueNode(item.ValueExpr, depth+1)})
		}
		return n
	case *hclsyntax.TupleConsExpr:
		n := &node{kind: nArray, at: at}
		for _, ex := range e.Exprs {
			n.elems = append(n.elems, s.valueNode(ex, depth+1))
		}
		return n
	case *hclsyntax.ParenthesesExpr:
		return s.valueNode(e.Expression, depth+1)
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case "merge", "concat":
			want := nObject
			if e.Name == "concat" {
				want = nArray
			}
			n := &node{kind: want, at: at}
			if e.ExpandFinal {
				break
			}
			for _, arg := range e.Args {
				an := s.valueNode(arg, depth+1)
				switch an.kind {
				case nNull:
				case want:
					n.fields = append(n.fields, an.fields...)
					n.elems = append(n.elems, an.elems...)
					n.partial = n.partial || an.partial
				case nUnknown:
					n.partial = true
					n.info = mergeInfo(n.info, an.info)
				default:
					return nodeFromValue(s.eval(expr), at, markInfo{}, depth)
				}
			}
			return n
		case "tolist", "toset", "tomap":
			if len(e.Args) == 1 && !e.ExpandFinal {
				return s.valueNode(e.Args[0], depth+1)
			}
		}
	case *hclsyntax.ScopeTraversalExpr:
		if len(e.Traversal) == 2 && e.Traversal.RootName() == "local" {
			if name, ok := stepName(e.Traversal, 1); ok {
				if a, declared := s.inst.def.locals[name]; declared && structural(a.Expr) && s.inst.l.depth < maxEvalDepth {
					s.inst.l.depth++
					n := s.inst.scope().valueNode(a.Expr, depth+1)
					s.inst.l.depth--
					return n
				}
			}
		}
	}
	n := nodeFromValue(s.eval(expr), at, markInfo{}, depth)
	if n.kind == nUnknown {
		n.shape = s.shapeOf(expr, 0)
	}
	return n
}

// structural reports whether a local's expression builds a structure whose parts are
// worth locating where the local writes them; a scalar local is located where it is used.
func structural(expr hcl.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.ObjectConsExpr, *hclsyntax.TupleConsExpr:
		return true
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case "merge", "concat", "tolist", "toset", "tomap", "jsonencode", "file", "templatefile":
			return true
		}
	}
	return false
}

// docNode reads a string-valued attribute holding a JSON document.
func (s *scope) docNode(expr hcl.Expression, depth int) *node {
	at := toRange(expr.Range())
	if depth > maxDocDepth {
		return &node{kind: nUnknown, at: at}
	}
	switch e := expr.(type) {
	case *hclsyntax.FunctionCallExpr:
		switch {
		case e.Name == "jsonencode" && len(e.Args) == 1 && !e.ExpandFinal:
			return s.valueNode(e.Args[0], depth+1)
		case e.Name == "file" && len(e.Args) == 1:
			if p, ok := knownString(s.eval(e.Args[0])); ok {
				ff := &fileFuncs{l: s.inst.l, in: s.inst}
				if b, rel, err := ff.read(p); err == nil && utf8.Valid(b) {
					r := &render{}
					r.literal(string(b), model.Range{File: rel, Line: 1, Column: 1})
					return r.parse(at)
				}
			}
		case e.Name == "templatefile" && len(e.Args) == 2:
			if p, ok := knownString(s.eval(e.Args[0])); ok {
				ff := &fileFuncs{l: s.inst.l, in: s.inst}
				vars := s.eval(e.Args[1])
				if tmpl, err := ff.parseTemplate(p); err == nil && vars.IsKnown() {
					if ctx := ff.templateContext(vars); ctx != nil {
						r := &render{}
						r.template(tmpl, func(x hcl.Expression) cty.Value {
							v, diags := x.Value(ctx)
							if diags.HasErrors() {
								return cty.DynamicVal
							}
							return v
						})
						return r.parse(at)
					}
				}
			}
		}
	case *hclsyntax.TemplateExpr:
		r := &render{}
		r.template(e, s.eval)
		return r.parse(at)
	case *hclsyntax.TemplateWrapExpr:
		return s.docNode(e.Wrapped, depth+1)
	case *hclsyntax.ParenthesesExpr:
		return s.docNode(e.Expression, depth+1)
	case *hclsyntax.ScopeTraversalExpr:
		if len(e.Traversal) == 2 && e.Traversal.RootName() == "local" {
			if name, ok := stepName(e.Traversal, 1); ok {
				if a, declared := s.inst.def.locals[name]; declared && s.inst.l.depth < maxEvalDepth {
					s.inst.l.depth++
					n := s.inst.scope().docNode(a.Expr, depth+1)
					s.inst.l.depth--
					return n
				}
			}
		}
	}
	v := s.eval(expr)
	if str, ok := knownString(v); ok {
		_, mi := marksOf(v)
		r := &render{}
		r.literal(str, at)
		r.spans = append(r.spans, span{start: 0, end: len(str), info: mi})
		n := r.parse(at)
		return n
	}
	return nodeFromValue(v, at, markInfo{}, depth)
}

func knownString(v cty.Value) (string, bool) {
	uv, _ := v.UnmarkDeep()
	if !uv.IsKnown() || uv.IsNull() {
		return "", false
	}
	sv, err := convert.Convert(uv, cty.String)
	if err != nil || !sv.IsKnown() || sv.IsNull() {
		return "", false
	}
	return sv.AsString(), true
}

// render renders a template into text for JSON parsing, keeping track of where each
// piece of the text comes from. Interpolations that are unknown are replaced by a
// placeholder (quoted when it stands outside a JSON string) whose marks are kept.
type render struct {
	out      strings.Builder
	segs     []seg
	spans    []span
	inString bool
	escaped  bool
	holes    int
}

type seg struct {
	off     int
	pos     model.Range
	literal bool
}

type span struct {
	start, end int
	info       markInfo
	unknown    bool
}

// An unknown value is rendered as a hole: a token that no real document contains (it is
// made of private-use characters) and that is valid inside a JSON string, so the document
// around it still parses and the string holding it becomes an unknown node.
const (
	holePrefix = "\uE000slslint-unknown-"
	holeSuffix = "\uE001"
)

func (r *render) write(text string) {
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case r.escaped:
			r.escaped = false
		case c == '\\' && r.inString:
			r.escaped = true
		case c == '"':
			r.inString = !r.inString
		}
	}
	r.out.WriteString(text)
}

func (r *render) literal(text string, at model.Range) {
	r.segs = append(r.segs, seg{off: r.out.Len(), pos: at, literal: true})
	r.write(text)
}

func (r *render) template(x hclsyntax.Expression, eval func(hcl.Expression) cty.Value) {
	parts := []hclsyntax.Expression{x}
	if t, ok := x.(*hclsyntax.TemplateExpr); ok {
		parts = t.Parts
	}
	for _, part := range parts {
		at := toRange(part.Range())
		if lit, ok := part.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
			r.literal(lit.Val.AsString(), at)
			continue
		}
		v := eval(part)
		_, mi := marksOf(v)
		r.segs = append(r.segs, seg{off: r.out.Len(), pos: at})
		if str, ok := knownString(v); ok {
			start := r.out.Len()
			r.write(str)
			r.spans = append(r.spans, span{start: start, end: r.out.Len(), info: mi})
			continue
		}
		token := holePrefix + strconv.Itoa(r.holes) + holeSuffix
		r.holes++
		start := r.out.Len()
		if r.inString {
			r.out.WriteString(token)
		} else {
			r.out.WriteString(`"` + token + `"`)
		}
		r.spans = append(r.spans, span{start: start, end: r.out.Len(), info: mi, unknown: true})
	}
}

// pos maps an offset of the rendered text to a source position.
func (r *render) pos(off int) model.Range {
	i := sort.Search(len(r.segs), func(i int) bool { return r.segs[i].off > off }) - 1
	if i < 0 {
		return model.Range{}
	}
	sg := r.segs[i]
	if !sg.literal {
		return sg.pos
	}
	text := r.out.String()
	if off > len(text) {
		off = len(text)
	}
	piece := text[sg.off:off]
	nl := strings.Count(piece, "\n")
	p := model.Range{File: sg.pos.File, Line: sg.pos.Line + nl}
	if nl == 0 {
		p.Column = sg.pos.Column + len(piece)
	} else {
		p.Column = len(piece) - strings.LastIndexByte(piece, '\n')
	}
	return p
}

func (r *render) rangeOf(start, end int) model.Range {
	a, b := r.pos(start), r.pos(end)
	if b.File != a.File || b.Line < a.Line || (b.Line == a.Line && b.Column < a.Column) {
		b = a
	}
	return model.Range{File: a.File, Line: a.Line, Column: a.Column, EndLine: b.Line, EndColumn: b.Column}
}

// parse parses the rendered text as JSON; text that is not JSON is an unknown node at.
func (r *render) parse(at model.Range) *node {
	v, err := jsonsyntax.Parse([]byte(r.out.String()), maxDocDepth)
	if err != nil {
		var mi markInfo
		for _, sp := range r.spans {
			mi = mergeInfo(mi, sp.info)
		}
		return &node{kind: nUnknown, at: at, info: mi}
	}
	return r.node(v)
}

// node converts a value parsed from the rendered text into a document node, with the
// source range each part was rendered from and the marks of the references inside it.
func (r *render) node(v *jsonsyntax.Value) *node {
	at := r.rangeOf(v.Start, v.End)
	switch v.Kind {
	case jsonsyntax.Object:
		n := &node{kind: nObject, at: at, fields: make([]field, 0, len(v.Fields))}
		for _, f := range v.Fields {
			n.fields = append(n.fields, field{key: f.Key, at: r.rangeOf(f.KeyStart, f.KeyEnd), val: r.node(f.Value)})
		}
		return n
	case jsonsyntax.Array:
		n := &node{kind: nArray, at: at, elems: make([]*node, 0, len(v.Elems))}
		for _, e := range v.Elems {
			n.elems = append(n.elems, r.node(e))
		}
		return n
	case jsonsyntax.String:
		n := &node{kind: nString, str: v.Text, at: at}
		for _, sp := range r.spans {
			if sp.start < v.End && sp.end > v.Start {
				n.info = mergeInfo(n.info, sp.info)
				if sp.unknown {
					n.kind, n.scalar = nUnknown, true
				}
			}
		}
		return n
	case jsonsyntax.Number:
		f, ok := new(big.Float).SetString(v.Text)
		if !ok {
			return &node{kind: nUnknown, scalar: true, at: at}
		}
		num, _ := f.Float64()
		return &node{kind: nNumber, num: num, at: at}
	case jsonsyntax.Bool:
		return &node{kind: nBool, b: v.Text == "true", at: at}
	default:
		return &node{kind: nNull, at: at}
	}
}
