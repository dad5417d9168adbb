package terraform

import (
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/slslint/slslint/iac/internal/jsonsyntax"
)

// Terraform's JSON syntax (*.tf.json, what CDK for Terraform writes) says the same as
// native syntax with objects: {"resource": {"aws_sqs_queue": {"jobs": {...}}}} is
// resource "aws_sqs_queue" "jobs" {...}, and every string is a template ("${var.x}").
// The loader reads native syntax trees, so a JSON file is converted into one: blocks with
// their labels, attributes with hclsyntax expressions (strings parsed as templates at
// their position in the file), "//" comment properties dropped.
//
// Without the providers' schemas, a property of a resource whose value is an object (or a
// list of objects) may be a nested block (environment { ... }) or an attribute of object
// type (tags = {...}); it is made both, so that the loader finds it either way.

// blockLabels is the number of labels of each top-level block type the loader reads.
var blockLabels = map[string]int{
	"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "locals": 0,
}

// jsonConverter converts one JSON configuration file.
type jsonConverter struct {
	l     *loader
	file  string
	src   []byte
	lines []int
}

// parseJSONConfig parses a *.tf.json file into pf's native syntax body.
func (l *loader) parseJSONConfig(pf *parsedFile, src []byte) {
	c := &jsonConverter{l: l, file: pf.rel, src: src, lines: []int{0}}
	for i, b := range src {
		if b == '\n' {
			c.lines = append(c.lines, i+1)
		}
	}
	v, err := jsonsyntax.Parse(src, maxNesting)
	if err != nil {
		if err.Empty {
			pf.syntax = &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
			pf.body = pf.syntax
			return
		}
		r := c.rng(err.Offset, err.Offset+1)
		l.problem(toRange(r), "cannot parse JSON: "+err.Msg)
		return
	}
	if v.Kind != jsonsyntax.Object {
		l.problem(toRange(c.rng(v.Start, v.Start+1)), "a Terraform JSON configuration must be an object of block types")
		return
	}
	body := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: c.rng(v.Start, v.End)}
	for _, f := range v.Fields {
		labels, ok := blockLabels[f.Key]
		if !ok {
			continue // "//", terraform, provider, moved, ...: nothing the loader reads
		}
		kind := plainBody
		if f.Key == "resource" || f.Key == "data" {
			kind = resourceBody
		}
		body.Blocks = append(body.Blocks, c.blocks(f.Key, f.Value, labels, nil, nil, kind)...)
	}
	pf.syntax = body
	pf.body = body
	guardForExprs(body, l.budget)
}

// bodyKind says how a block body's object properties are read.
type bodyKind int8

const (
	plainBody    bodyKind = iota // every property is an attribute
	resourceBody                 // object properties are also nested blocks
	variableBody                 // type is a type expression
)

// blocks converts the value of a block type property: labels more levels of objects keyed
// by label, then the body, each level possibly a list of objects.
func (c *jsonConverter) blocks(typ string, v *jsonsyntax.Value, labels int, names []string, ranges []hcl.Range, kind bodyKind) []*hclsyntax.Block {
	if v.Kind == jsonsyntax.Array {
		var out []*hclsyntax.Block
		for _, e := range v.Elems {
			out = append(out, c.blocks(typ, e, labels, names, ranges, kind)...)
		}
		return out
	}
	if v.Kind != jsonsyntax.Object {
		c.l.problem(toRange(c.rng(v.Start, v.End)), "the "+typ+" block must be a JSON object")
		return nil
	}
	if labels > 0 {
		var out []*hclsyntax.Block
		for _, f := range v.Fields {
			if f.Key == "//" {
				continue
			}
			k := kind
			if typ == "variable" {
				k = variableBody
			}
			out = append(out, c.blocks(typ, f.Value, labels-1, append(names[:len(names):len(names)], f.Key),
				append(ranges[:len(ranges):len(ranges)], c.rng(f.KeyStart, f.KeyEnd)), k)...)
		}
		return out
	}
	b := &hclsyntax.Block{Type: typ, Labels: names, Body: c.body(v, kind)}
	// The header is the innermost label (the resource's name), so that findings about the
	// block point at one line, as they do at native syntax's header line.
	b.TypeRange = c.rng(v.Start, v.Start+1)
	if len(ranges) > 0 {
		b.TypeRange = ranges[len(ranges)-1]
		b.LabelRanges = make([]hcl.Range, len(ranges))
		for i := range b.LabelRanges {
			b.LabelRanges[i] = b.TypeRange
		}
	}
	b.OpenBraceRange = c.rng(v.Start, v.Start+1)
	b.CloseBraceRange = c.rng(max(v.End-1, v.Start), v.End)
	return []*hclsyntax.Block{b}
}

// body converts a block body object.
func (c *jsonConverter) body(v *jsonsyntax.Value, kind bodyKind) *hclsyntax.Body {
	body := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: c.rng(v.Start, v.End), EndRange: c.rng(max(v.End-1, v.Start), v.End)}
	for _, f := range v.Fields {
		if f.Key == "//" {
			continue
		}
		nameRange := c.rng(f.KeyStart, f.KeyEnd)
		switch {
		case f.Key == "dynamic" && kind == resourceBody:
			// {"dynamic": {"setting": {"for_each": ..., "iterator": "s", "content": {...}}}}
			body.Blocks = append(body.Blocks, c.dynamic(f.Value)...)
			continue
		case kind == resourceBody && isObjects(f.Value):
			body.Blocks = append(body.Blocks, c.blocks(f.Key, f.Value, 0, nil, []hcl.Range{nameRange}, resourceBody)...)
		}
		var expr hclsyntax.Expression
		if kind == variableBody && f.Key == "type" && f.Value.Kind == jsonsyntax.String {
			expr = c.expression(f.Value)
		} else {
			expr = c.expr(f.Value)
		}
		if expr == nil {
			continue
		}
		body.Attributes[f.Key] = &hclsyntax.Attribute{Name: f.Key, Expr: expr,
			SrcRange: hcl.RangeBetween(nameRange, expr.Range()), NameRange: nameRange, EqualsRange: nameRange}
	}
	return body
}

// dynamic converts a dynamic property: one dynamic block per generated block type.
func (c *jsonConverter) dynamic(v *jsonsyntax.Value) []*hclsyntax.Block {
	if v.Kind != jsonsyntax.Object {
		return nil
	}
	var out []*hclsyntax.Block
	for _, f := range v.Fields {
		if f.Key == "//" || f.Value.Kind != jsonsyntax.Object {
			continue
		}
		name := c.rng(f.KeyStart, f.KeyEnd)
		b := &hclsyntax.Block{Type: "dynamic", Labels: []string{f.Key}, TypeRange: name, LabelRanges: []hcl.Range{name},
			Body: &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: c.rng(f.Value.Start, f.Value.End)}}
		for _, g := range f.Value.Fields {
			gr := c.rng(g.KeyStart, g.KeyEnd)
			switch g.Key {
			case "content":
				b.Body.Blocks = append(b.Body.Blocks, c.blocks("content", g.Value, 0, nil, []hcl.Range{gr}, resourceBody)...)
			case "iterator":
				if e := c.expression(g.Value); e != nil {
					b.Body.Attributes[g.Key] = &hclsyntax.Attribute{Name: g.Key, Expr: e, SrcRange: gr, NameRange: gr}
				}
			case "//":
			default:
				if e := c.expr(g.Value); e != nil {
					b.Body.Attributes[g.Key] = &hclsyntax.Attribute{Name: g.Key, Expr: e, SrcRange: hcl.RangeBetween(gr, e.Range()), NameRange: gr}
				}
			}
		}
		out = append(out, b)
	}
	return out
}

// isObjects reports whether a value is an object or a non-empty list of objects: the JSON
// form of nested blocks.
func isObjects(v *jsonsyntax.Value) bool {
	switch v.Kind {
	case jsonsyntax.Object:
		return true
	case jsonsyntax.Array:
		for _, e := range v.Elems {
			if e.Kind != jsonsyntax.Object {
				return false
			}
		}
		return len(v.Elems) > 0
	}
	return false
}

// expr converts a JSON value into the expression it means in Terraform's JSON syntax.
func (c *jsonConverter) expr(v *jsonsyntax.Value) hclsyntax.Expression {
	r := c.rng(v.Start, v.End)
	switch v.Kind {
	case jsonsyntax.String:
		return c.template(v)
	case jsonsyntax.Number:
		n, err := cty.ParseNumberVal(v.Text)
		if err != nil {
			return &hclsyntax.LiteralValueExpr{Val: cty.DynamicVal, SrcRange: r}
		}
		return &hclsyntax.LiteralValueExpr{Val: n, SrcRange: r}
	case jsonsyntax.Bool:
		return &hclsyntax.LiteralValueExpr{Val: cty.BoolVal(v.Text == "true"), SrcRange: r}
	case jsonsyntax.Null:
		return &hclsyntax.LiteralValueExpr{Val: cty.NullVal(cty.DynamicPseudoType), SrcRange: r}
	case jsonsyntax.Array:
		t := &hclsyntax.TupleConsExpr{SrcRange: r, OpenRange: c.rng(v.Start, v.Start+1)}
		for _, e := range v.Elems {
			if x := c.expr(e); x != nil {
				t.Exprs = append(t.Exprs, x)
			}
		}
		return t
	case jsonsyntax.Object:
		o := &hclsyntax.ObjectConsExpr{SrcRange: r, OpenRange: c.rng(v.Start, v.Start+1)}
		for _, f := range v.Fields {
			val := c.expr(f.Value)
			if val == nil {
				continue
			}
			kr := c.rng(f.KeyStart, f.KeyEnd)
			var key hclsyntax.Expression = &hclsyntax.LiteralValueExpr{Val: cty.StringVal(f.Key), SrcRange: kr}
			if strings.Contains(f.Key, "${") {
				key = c.templateText(f.Key, f.KeyStart+1, kr)
			}
			o.Items = append(o.Items, hclsyntax.ObjectConsItem{KeyExpr: &hclsyntax.ObjectConsKeyExpr{Wrapped: key}, ValueExpr: val})
		}
		return o
	}
	return nil
}

// template converts a JSON string: a template when it interpolates or has directives, a
// literal otherwise.
func (c *jsonConverter) template(v *jsonsyntax.Value) hclsyntax.Expression {
	r := c.rng(v.Start, v.End)
	if !strings.Contains(v.Text, "${") && !strings.Contains(v.Text, "%{") {
		return &hclsyntax.LiteralValueExpr{Val: cty.StringVal(v.Text), SrcRange: r}
	}
	e := c.templateText(v.Text, v.Start+1, r)
	// The value is the whole string, quotes included, as in native syntax.
	switch t := e.(type) {
	case *hclsyntax.TemplateExpr:
		t.SrcRange = r
	case *hclsyntax.TemplateWrapExpr:
		t.SrcRange = r
	}
	return e
}

// templateText parses text, which starts at byte off of the file (exactly, unless the
// JSON string had escapes), as a template.
func (c *jsonConverter) templateText(text string, off int, whole hcl.Range) hclsyntax.Expression {
	if !utf8.ValidString(text) {
		return &hclsyntax.LiteralValueExpr{Val: cty.DynamicVal, SrcRange: whole}
	}
	e, diags := hclsyntax.ParseTemplate([]byte(text), c.file, c.pos(off))
	c.l.diagnostics(diags)
	if diags.HasErrors() || e == nil {
		return &hclsyntax.LiteralValueExpr{Val: cty.DynamicVal, SrcRange: whole}
	}
	return e
}

// expression parses a string that holds an expression rather than a template (a
// variable's type, a dynamic block's iterator).
func (c *jsonConverter) expression(v *jsonsyntax.Value) hclsyntax.Expression {
	if v.Kind != jsonsyntax.String || !utf8.ValidString(v.Text) {
		return nil
	}
	e, diags := hclsyntax.ParseExpression([]byte(v.Text), c.file, c.pos(v.Start+1))
	if diags.HasErrors() {
		c.l.diagnostics(diags)
		return nil
	}
	return e
}

// pos returns the position of a byte offset, with its column in bytes as the model counts.
func (c *jsonConverter) pos(off int) hcl.Pos {
	off = max(0, min(off, len(c.src)))
	lo, hi := 0, len(c.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if c.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return hcl.Pos{Line: lo + 1, Column: off - c.lines[lo] + 1, Byte: off}
}

func (c *jsonConverter) rng(start, end int) hcl.Range {
	return hcl.Range{Filename: c.file, Start: c.pos(start), End: c.pos(max(start, end))}
}

// isJSONConfig reports whether a file is a Terraform JSON configuration.
func isJSONConfig(rel string) bool { return hasSuffixFold(rel, ".tf.json") }
