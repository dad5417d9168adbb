package serverless

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/slslint/slslint/iac/model"
)

// Limits on what one service may make the loader do. Real serverless.yml files are a few
// hundred lines; these bounds only stop hostile input (alias bombs, exponential variable
// expansion, absurd nesting) from exhausting memory or time.
const (
	// maxDepth bounds the nesting of a document after alias expansion.
	maxDepth = 256
	// maxNodes bounds the nodes one file may expand into through aliases and merge keys:
	// a file may expand to aliasFactor times its own nodes plus minExpansion, up to
	// maxNodes. Real files reuse an anchor a handful of times; an alias bomb is cut short.
	maxNodes     = 1 << 20
	aliasFactor  = 8
	minExpansion = 1 << 16
	// maxStringLen bounds a string built by variable interpolation.
	maxStringLen = 1 << 20
	// maxResolveSteps bounds the variable references resolved in one service, including
	// every ${file()} it reads.
	maxResolveSteps = 1 << 18
	// maxFiles bounds the ${file()} includes one service may read.
	maxFiles = 256
)

// kind is the shape of a node.
type kind uint8

const (
	nullNode kind = iota
	scalarNode
	mapNode
	seqNode
)

// A node is one value of a serverless.yml (or an included file) with its source range:
// yaml.v3's nodes with aliases and merge keys expanded, CloudFormation short-form tags
// turned into their long form (!Ref X into {Ref: X}), and, after variable resolution,
// variables replaced by their values.
type node struct {
	kind kind
	// tag is the YAML tag of a scalar: "!!str", "!!int", "!!bool", "!!float", "!!null".
	tag   string
	value string
	pairs []pair
	items []*node
	at    model.Range
	// unknown is set on a scalar whose value depends on a variable that cannot be resolved
	// statically (${env:...}, ${ssm:...}); value then holds the text with each unresolved
	// part replaced by unknownMark. secret is set when such a part reads a secret store.
	unknown bool
	secret  bool
	// hasVars is set on a raw scalar holding a ${...} variable.
	hasVars bool
}

// A pair is a mapping entry.
type pair struct {
	key   string
	keyAt model.Range
	val   *node
}

// unknownMark stands for an unresolved part of an interpolated string. It cannot occur in
// a resolved name, so matching a partly known ARN against resource names stays exact.
const unknownMark = "\x00?"

// get returns the value of key in a mapping, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapNode {
		return nil
	}
	for i := range n.pairs {
		if n.pairs[i].key == key {
			return n.pairs[i].val
		}
	}
	return nil
}

// entry returns the pair of key in a mapping.
func (n *node) entry(key string) (pair, bool) {
	if n == nil || n.kind != mapNode {
		return pair{}, false
	}
	for _, p := range n.pairs {
		if p.key == key {
			return p, true
		}
	}
	return pair{}, false
}

// path follows keys through nested mappings.
func (n *node) path(keys ...string) *node {
	for _, k := range keys {
		n = n.get(k)
		if n == nil {
			return nil
		}
	}
	return n
}

// isNull reports whether the node is absent or null.
func (n *node) isNull() bool { return n == nil || n.kind == nullNode }

// str returns a known scalar's text.
func (n *node) str() (string, bool) {
	if n == nil || n.kind != scalarNode || n.unknown {
		return "", false
	}
	return n.value, true
}

// intrinsic returns the name of the CloudFormation intrinsic function the node is ({Ref:
// X}, {Fn::GetAtt: ...}), or "".
func (n *node) intrinsic() string {
	if n == nil || n.kind != mapNode || len(n.pairs) != 1 {
		return ""
	}
	k := n.pairs[0].key
	if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
		return k
	}
	return ""
}

// A parsedFile is a YAML or JSON file read into nodes.
type parsedFile struct {
	root *node
	// problem is set when the file could not be read completely.
	problem *model.Problem
	// warnings are problems in a file that was read.
	warnings []model.Problem
}

// lineIndex converts yaml.v3's positions (1-based line, column in runes) into the model's
// (column in bytes) and computes end positions from the source text.
type lineIndex struct {
	src   []byte
	lines []int // byte offset of each line's start
}

func newLineIndex(src []byte) *lineIndex {
	li := &lineIndex{src: src, lines: []int{0}}
	for i, c := range src {
		if c == '\n' {
			li.lines = append(li.lines, i+1)
		}
	}
	return li
}

// offset returns the byte offset of a 1-based line and rune column.
func (li *lineIndex) offset(line, col int) int {
	if line < 1 || line > len(li.lines) {
		return len(li.src)
	}
	off := li.lines[line-1]
	for c := 1; c < col && off < len(li.src) && li.src[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(li.src[off:])
		off += size
	}
	return off
}

// position returns the 1-based line and byte column of a byte offset.
func (li *lineIndex) position(off int) (int, int) {
	lo, hi := 0, len(li.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if li.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, off - li.lines[lo] + 1
}

// scalarEnd returns the byte offset just past the scalar that starts at off.
func (li *lineIndex) scalarEnd(off int, n *yaml.Node) int {
	src := li.src
	lineEnd := func(o int) int {
		for o < len(src) && src[o] != '\n' {
			o++
		}
		return o
	}
	// A tagged scalar (!Sub 'x') starts at its tag.
	if off < len(src) && src[off] == '!' {
		for off < len(src) && src[off] != ' ' && src[off] != '\n' {
			off++
		}
		for off < len(src) && src[off] == ' ' {
			off++
		}
	}
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		for i := off + 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(src)
	case n.Style&yaml.SingleQuotedStyle != 0:
		for i := off + 1; i < len(src); i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(src)
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		// The block ends with its last content line.
		lines := strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1
		line, _ := li.position(off)
		last := line + lines
		if last > len(li.lines) {
			last = len(li.lines)
		}
		return lineEnd(li.lines[last-1])
	}
	// A plain scalar: its value is its text when it fits on one line.
	if off+len(n.Value) <= len(src) && string(src[off:off+len(n.Value)]) == n.Value {
		return off + len(n.Value)
	}
	end := lineEnd(off)
	if i := bytes.Index(src[off:end], []byte(" #")); i >= 0 {
		end = off + i
	}
	return off + len(bytes.TrimRight(src[off:end], " \t\r"))
}

// A converter turns yaml.v3 nodes into nodes with ranges, expanding aliases and merge keys
// within a budget.
type converter struct {
	file  string
	li    *lineIndex
	nodes int
	// budget is the number of nodes the document may expand into.
	budget int
	err    error
	// warnings are problems that do not stop reading the file.
	warnings []model.Problem
	// ranges caches the range of each yaml node: aliases convert the same nodes again.
	ranges map[*yaml.Node]model.Range
	// active holds the anchors being expanded, to stop an alias that contains itself.
	active map[*yaml.Node]bool
}

func (c *converter) rangeOf(n *yaml.Node) model.Range {
	if len(c.active) == 0 {
		return c.computeRange(n) // outside aliases every node is converted once
	}
	if r, ok := c.ranges[n]; ok {
		return r
	}
	r := c.computeRange(n)
	c.ranges[n] = r
	return r
}

func (c *converter) computeRange(n *yaml.Node) model.Range {
	off := c.li.offset(n.Line, n.Column)
	line, col := c.li.position(off)
	r := model.Range{File: c.file, Line: line, Column: col, EndLine: line, EndColumn: col}
	if n.Kind == yaml.ScalarNode {
		end := c.li.scalarEnd(off, n)
		r.EndLine, r.EndColumn = c.li.position(end)
	}
	return r
}

func (c *converter) fail(n *yaml.Node, format string, args ...any) *node {
	if c.err == nil {
		c.err = &posError{at: c.rangeOf(n), msg: fmt.Sprintf(format, args...)}
	}
	return nil
}

// posError is an error at a position of a file.
type posError struct {
	at  model.Range
	msg string
}

func (e *posError) Error() string { return e.msg }

// shortForms maps CloudFormation's YAML short-form tags to their long-form keys.
var shortForms = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub",
	"!Join": "Fn::Join", "!Select": "Fn::Select", "!Split": "Fn::Split", "!If": "Fn::If",
	"!Equals": "Fn::Equals", "!Not": "Fn::Not", "!And": "Fn::And", "!Or": "Fn::Or",
	"!FindInMap": "Fn::FindInMap", "!ImportValue": "Fn::ImportValue", "!Base64": "Fn::Base64",
	"!GetAZs": "Fn::GetAZs", "!Cidr": "Fn::Cidr", "!Transform": "Fn::Transform",
	"!ToJsonString": "Fn::ToJsonString", "!Length": "Fn::Length",
}

var varPattern = regexp.MustCompile(`\$\{[a-z]`)

func (c *converter) convert(n *yaml.Node, depth int) *node {
	if c.err != nil {
		return nil
	}
	c.nodes++
	if c.nodes > c.budget {
		return c.fail(n, "document expands into more than %d values through aliases (an alias bomb?)", c.budget)
	}
	if depth > maxDepth {
		return c.fail(n, "document nests deeper than %d levels", maxDepth)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return &node{kind: nullNode}
		}
		return c.convert(n.Content[0], depth)
	case yaml.AliasNode:
		if n.Alias == nil || c.active[n.Alias] {
			// An alias inside its own anchor: YAML allows it, no configuration means it.
			at := c.rangeOf(n)
			c.warnings = append(c.warnings, model.Problem{Range: at, Message: "alias refers to the value that contains it"})
			return &node{kind: nullNode, at: at}
		}
		c.active[n.Alias] = true
		out := c.convert(n.Alias, depth+1)
		delete(c.active, n.Alias)
		return out
	}
	if long, ok := shortForms[n.Tag]; ok {
		inner := *n
		inner.Tag = ""
		if n.Kind == yaml.ScalarNode {
			inner.Tag = "!!str"
		}
		val := c.convert(&inner, depth+1)
		if val == nil {
			return nil
		}
		if long == "Fn::GetAtt" && val.kind == scalarNode {
			// !GetAtt Resource.Attribute is the list [Resource, Attribute].
			res, att, _ := strings.Cut(val.value, ".")
			val = &node{kind: seqNode, at: val.at, items: []*node{
				{kind: scalarNode, tag: "!!str", value: res, at: val.at},
				{kind: scalarNode, tag: "!!str", value: att, at: val.at},
			}}
		}
		at := c.rangeOf(n)
		at.EndLine, at.EndColumn = val.at.EndLine, val.at.EndColumn
		return &node{kind: mapNode, at: at, pairs: []pair{{key: long, keyAt: at, val: val}}}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		tag := n.ShortTag()
		if tag == "!!null" {
			return &node{kind: nullNode, tag: tag, at: c.rangeOf(n)}
		}
		if !strings.HasPrefix(tag, "!!") {
			tag = "!!str" // an unknown local tag: keep the text
		}
		out := &node{kind: scalarNode, tag: tag, value: n.Value, at: c.rangeOf(n)}
		out.hasVars = tag == "!!str" && strings.Contains(n.Value, "${") && varPattern.MatchString(n.Value)
		return out
	case yaml.SequenceNode:
		out := &node{kind: seqNode, at: c.rangeOf(n)}
		for _, item := range n.Content {
			v := c.convert(item, depth+1)
			if v == nil {
				return nil
			}
			out.items = append(out.items, v)
		}
		out.at = c.closeFlow(c.extend(out.at, out.items), n, ']')
		return out
	case yaml.MappingNode:
		out := &node{kind: mapNode, at: c.rangeOf(n)}
		var merges []*node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag != "!!str" {
				m := c.convert(v, depth+1)
				if m == nil {
					return nil
				}
				merges = append(merges, m)
				continue
			}
			val := c.convert(v, depth+1)
			if val == nil {
				return nil
			}
			key := k.Value
			if k.Kind != yaml.ScalarNode {
				// A complex key: serverless.yml never uses one; keep it unreachable.
				key = "\x00complex"
			}
			out.pairs = append(out.pairs, pair{key: key, keyAt: c.rangeOf(k), val: val})
		}
		// Merge keys (<<: *defaults) add the entries the mapping does not set itself.
		for _, m := range merges {
			sources := []*node{m}
			if m.kind == seqNode {
				sources = m.items
			}
			for _, s := range sources {
				if s.kind != mapNode {
					continue
				}
				for _, p := range s.pairs {
					if _, ok := out.entry(p.key); !ok {
						out.pairs = append(out.pairs, p)
					}
				}
			}
		}
		vals := make([]*node, 0, len(out.pairs))
		for _, p := range out.pairs {
			vals = append(vals, p.val)
		}
		out.at = c.closeFlow(c.extend(out.at, vals), n, '}')
		return out
	}
	return &node{kind: nullNode, at: c.rangeOf(n)}
}

// closeFlow extends a flow collection's range over its closing bracket.
func (c *converter) closeFlow(r model.Range, n *yaml.Node, closing byte) model.Range {
	if n.Style&yaml.FlowStyle == 0 {
		return r
	}
	src := c.li.src
	off := c.li.offset(r.EndLine, 1) + r.EndColumn - 1
	if len(n.Content) == 0 {
		off = c.li.offset(n.Line, n.Column) + 1
	}
	for off < len(src) && (src[off] == ' ' || src[off] == '\n' || src[off] == '\r' || src[off] == '\t') {
		off++
	}
	if off < len(src) && src[off] == closing {
		r.EndLine, r.EndColumn = c.li.position(off + 1)
	}
	return r
}

// countNodes counts the nodes of a document as written, aliases counted once.
func countNodes(n *yaml.Node, depth int) int {
	if depth > maxDepth+1 {
		return 1
	}
	c := 1
	for _, k := range n.Content {
		c += countNodes(k, depth+1)
	}
	return c
}

// extend makes a collection's range end where its last element in the same file ends.
func (c *converter) extend(r model.Range, kids []*node) model.Range {
	for i := len(kids) - 1; i >= 0; i-- {
		k := kids[i].at
		if k.File == r.File && (k.EndLine > r.EndLine || k.EndLine == r.EndLine && k.EndColumn > r.EndColumn) {
			r.EndLine, r.EndColumn = k.EndLine, k.EndColumn
			break
		}
	}
	return r
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML reads YAML (or JSON) source into nodes. rel names the file in ranges.
func parseYAML(rel string, src []byte) (pf parsedFile) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	problem := func(line int, msg string) parsedFile {
		if line < 1 {
			line = 1
		}
		return parsedFile{problem: &model.Problem{
			Range:   model.Range{File: rel, Line: line, Column: 1, EndLine: line, EndColumn: 1},
			Message: msg,
		}}
	}
	if len(src) >= 2 && (src[0] == 0xFE && src[1] == 0xFF || src[0] == 0xFF && src[1] == 0xFE) {
		return problem(1, "the file is UTF-16 encoded; save it as UTF-8 to have it analyzed")
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return problem(bytes.Count(src[:off], []byte("\n"))+1, "file is not valid UTF-8")
	}
	defer func() {
		// yaml.v3 has panicked on malformed input in the past; a loader must not.
		if r := recover(); r != nil {
			pf = problem(1, fmt.Sprintf("cannot parse YAML: %v", r))
		}
	}()
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return parsedFile{root: &node{kind: nullNode, at: model.Range{File: rel, Line: 1, Column: 1, EndLine: 1, EndColumn: 1}}}
		}
		msg := err.Error()
		line := 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
			// yaml.v3 reports parser errors ("did not find expected ...") with the
			// 0-based line of the construct they occur in; scanner errors are 1-based.
			if strings.HasPrefix(msg, "did not find expected") {
				line++
			}
			if lines := bytes.Count(src, []byte("\n")) + 1; line > lines {
				line = lines
			}
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		return problem(line, "cannot parse YAML: "+msg)
	}
	c := &converter{file: rel, li: newLineIndex(src), active: map[*yaml.Node]bool{}, ranges: map[*yaml.Node]model.Range{}}
	c.budget = min(maxNodes, aliasFactor*countNodes(&doc, 0)+minExpansion)
	root := c.convert(&doc, 0)
	if c.err != nil {
		var pe *posError
		if errors.As(c.err, &pe) {
			return parsedFile{problem: &model.Problem{Range: pe.at, Message: pe.msg}}
		}
		return problem(1, c.err.Error())
	}
	if root == nil {
		root = &node{kind: nullNode}
	}
	if p := laterDocument(rel, src, dec); p != nil {
		c.warnings = append(c.warnings, *p)
	}
	return parsedFile{root: root, warnings: c.warnings}
}

// laterDocument reports a second, non-empty YAML document: the framework reads a service
// file with js-yaml's load, which rejects a stream of several. The first is still read.
func laterDocument(rel string, src []byte, dec *yaml.Decoder) *model.Problem {
	var next yaml.Node
	if err := dec.Decode(&next); err != nil || len(next.Content) == 0 {
		return nil
	}
	c := next.Content[0]
	if c.Kind == yaml.ScalarNode && c.Tag == "!!null" && c.Value == "" {
		return nil
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	line := c.Line
	for l := min(line, len(lines)); l >= 1; l-- {
		if bytes.HasPrefix(lines[l-1], []byte("---")) {
			line = l
			break
		}
	}
	return &model.Problem{Range: model.Range{File: rel, Line: line, Column: 1, EndLine: line, EndColumn: 4},
		Message: "a second YAML document starts here: the Serverless Framework reads one document and rejects this file; only the first document was analyzed"}
}
