package cloudformation

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/slslint/slslint/iac/model"
)

// parseYAML parses a YAML template into a node tree. yaml.v3 gives each node its start
// position (line and column counted in characters); the converter turns those into byte
// ranges with ends, normalises short-form intrinsic tags, shares aliased subtrees and
// enforces the depth and alias-expansion limits.
func parseYAML(t *text) (root *node, prob *model.Problem) {
	if p := checkEncoding(t); p != nil {
		return nil, p
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(t.src))
	if err := safeDecode(dec, &doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlProblem(t, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, t.problem(0, "the template is empty")
	}
	c := &yamlConverter{t: t, done: map[*yaml.Node]*converted{}}
	n, _, _, _ := c.convert(doc.Content[0], 1)
	if c.prob != nil {
		return nil, c.prob
	}
	if p := laterDocument(t, dec); p != nil {
		t.warnings = append(t.warnings, *p)
	}
	return n, nil
}

// laterDocument reports a second, non-empty YAML document: CloudFormation takes a
// template as one document, and SAM and the AWS CLI reject a stream of several. The first
// document is still analyzed.
func laterDocument(t *text, dec *yaml.Decoder) *model.Problem {
	var next yaml.Node
	if err := safeDecode(dec, &next); err != nil || len(next.Content) == 0 {
		return nil // the end of the stream (a syntax error after it is the same mistake)
	}
	if c := next.Content[0]; c.Kind == yaml.ScalarNode && c.Tag == "!!null" && c.Value == "" {
		return nil // an empty document after a trailing marker
	}
	line := next.Content[0].Line
	for l := line; l >= 1 && l <= len(t.lines); l-- {
		if bytes.HasPrefix(t.src[t.lines[l-1]:], []byte("---")) {
			line = l
			break
		}
	}
	off := len(t.src)
	if line >= 1 && line <= len(t.lines) {
		off = t.lines[line-1]
	}
	p := t.problem(off, "a second YAML document starts here: a CloudFormation template is one document, and SAM and the AWS CLI reject this file; only the first document was analyzed")
	p.EndColumn = p.Column + 3
	return p
}

// safeDecode decodes the next document, turning a panic inside yaml.v3 into an error.
func safeDecode(dec *yaml.Decoder, doc *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: the YAML parser failed on this input: %v", r)
		}
	}()
	return dec.Decode(doc)
}

// safeUnmarshal runs yaml.v3, turning a panic inside it into an error: a malformed file must
// become a finding, never a crash.
func safeUnmarshal(src []byte, doc *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: the YAML parser failed on this input: %v", r)
		}
	}()
	return yaml.Unmarshal(src, doc)
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlProblem turns a yaml.v3 error into a Problem. yaml.v3 reports no column, and its
// line is sometimes the line of the enclosing construct or missing, so the line is found
// by parsing ever longer prefixes of the file: the first line whose prefix no longer parses
// is where the error is (or where the construct it breaks begins).
func yamlProblem(t *text, err error) *model.Problem {
	msg := err.Error()
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if len(t.src) <= maxBisectSize {
		line = firstFailingLine(t)
	}
	off := 0
	if line >= 1 && line <= len(t.lines) {
		off = t.lines[line-1] + indentOf(t.src, t.lines[line-1])
	}
	return t.problem(off, "cannot parse YAML: %s", msg)
}

// maxBisectSize bounds the files whose error line is searched for by re-parsing.
const maxBisectSize = 1 << 20

// firstFailingLine returns the first line such that the file up to and including it does
// not parse, by bisection.
func firstFailingLine(t *text) int {
	fails := func(lines int) bool {
		end := len(t.src)
		if lines < len(t.lines) {
			end = t.lines[lines]
		}
		var doc yaml.Node
		return safeUnmarshal(t.src[:end], &doc) != nil
	}
	lo, hi := 1, len(t.lines)
	if !fails(hi) {
		return hi
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

type converted struct {
	n *node
	// size and depth count what the subtree expands to, aliases included; end is where it
	// ends as written.
	size, depth, end int
	busy             bool
}

type yamlConverter struct {
	t    *text
	done map[*yaml.Node]*converted
	prob *model.Problem
}

// shortTags maps YAML short-form intrinsic tags to their long form; other custom tags
// become "Fn::<tag>", which resolution treats as unknown.
var shortTags = map[string]string{"!Ref": "Ref", "!Condition": "Condition"}

func (c *yamlConverter) fail(off int, format string, args ...any) {
	if c.prob == nil {
		c.prob = c.t.problem(off, format, args...)
	}
}

// convert converts y, returning the node, the size and depth it expands to, and the byte
// offset where it ends as written (for an alias, the end of "*name").
func (c *yamlConverter) convert(y *yaml.Node, depth int) (n *node, size, dep, end int) {
	if c.prob != nil {
		return nil, 0, 0, 0
	}
	start := c.t.offset(y.Line, y.Column)
	if depth > maxDepth {
		c.fail(start, "the template nests deeper than %d levels", maxDepth)
		return nil, 0, 0, 0
	}
	if y.Kind == yaml.AliasNode {
		end = start + 1 + len(y.Value)
		target := y.Alias
		if target == nil {
			c.fail(start, "unknown YAML alias *%s", y.Value)
			return nil, 0, 0, 0
		}
		d := c.done[target]
		if d == nil {
			if n, _, _, _ := c.convert(target, depth); n == nil {
				return nil, 0, 0, 0
			}
			d = c.done[target]
		}
		if d.busy {
			c.fail(start, "YAML alias *%s refers to a value that contains it", y.Value)
			return nil, 0, 0, 0
		}
		if depth+d.depth-1 > maxDepth {
			c.fail(start, "YAML alias *%s expands to values nested deeper than %d levels", y.Value, maxDepth)
			return nil, 0, 0, 0
		}
		return d.n, d.size, d.depth, end
	}
	// Only an anchored node can be the target of an alias: only those are remembered,
	// which keeps the common case free of map operations.
	var rec *converted
	if y.Anchor != "" {
		if d := c.done[y]; d != nil && !d.busy {
			return d.n, d.size, d.depth, d.end
		}
		rec = &converted{busy: true}
		c.done[y] = rec
	}

	// A tag or anchor precedes the value ("!Sub 'x'", "&a [1]"): the node's position is the
	// tag's, and the value starts after both, possibly on a later line.
	tag := ""
	if y.Tag != "" && y.Tag[0] == '!' && !strings.HasPrefix(y.Tag, "!!") && y.Style&yaml.TaggedStyle != 0 {
		tag = y.Tag
	}
	valStart := start
	if tag != "" || y.Anchor != "" || y.Style&yaml.TaggedStyle != 0 {
		valStart = c.skipToValue(c.skipProperties(start))
	}

	n = &node{}
	size, childDepth := 1, 0
	switch y.Kind {
	case yaml.ScalarNode:
		n.kind = scalarNode
		n.value = y.Value
		n.typ = yamlScalarType(y)
		n.literal = y.Style&yaml.LiteralStyle != 0
		end = c.scalarEnd(y, valStart)
	case yaml.MappingNode, yaml.SequenceNode:
		n.kind = seqNode
		if y.Kind == yaml.MappingNode {
			n.kind = mapNode
		}
		n.content = make([]*node, 0, len(y.Content))
		end = valStart
		var merges []*node
		for i, ch := range y.Content {
			cn, s, d, e := c.convert(ch, depth+1)
			if cn == nil {
				return nil, 0, 0, 0
			}
			size = satAdd(size, s)
			childDepth = max(childDepth, d)
			end = max(end, e)
			if y.Kind == yaml.MappingNode && i%2 == 1 && isMergeKey(y.Content[i-1]) {
				// <<: *props merges another mapping (or a list of them) into this one.
				n.content = n.content[:len(n.content)-1]
				merges = append(merges, cn)
				continue
			}
			n.content = append(n.content, cn)
		}
		if y.Kind == yaml.MappingNode && len(n.content)%2 != 0 {
			n.content = n.content[:len(n.content)-1]
		}
		if len(merges) > 0 {
			n.content = mergeKeys(n.content, merges)
		}
		if y.Style&yaml.FlowStyle != 0 {
			end = c.flowEnd(valStart, end)
		}
	default:
		c.fail(start, "unsupported YAML node")
		return nil, 0, 0, 0
	}
	n.rng = c.t.rng(valStart, end)
	if size > maxExpanded {
		c.fail(start, "YAML aliases expand to more than %d values (an alias bomb?)", maxExpanded)
		return nil, 0, 0, 0
	}
	dep = childDepth + 1
	if tag != "" {
		fn, ok := shortTags[tag]
		if !ok {
			fn = "Fn::" + tag[1:]
		}
		key := &node{kind: scalarNode, value: fn, rng: c.t.rng(start, start+len(tag))}
		n = &node{kind: mapNode, content: []*node{key, n}, rng: c.t.rng(start, end)}
		size += 2
		dep++
	}
	if rec != nil {
		rec.n, rec.size, rec.depth, rec.end, rec.busy = n, size, dep, end, false
	}
	return n, size, dep, end
}

// isMergeKey reports whether a mapping key is YAML's merge key: a plain <<, which yaml.v3
// tags !!merge (a quoted "<<" is an ordinary key).
func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Tag == "!!merge"
}

// mergeKeys adds to a mapping's key/value list the entries of the merged mappings that it
// does not set itself, earlier merges first, as YAML 1.1 merge keys (which SAM CLI and the
// AWS CLI expand before deploying) define. Merged entries keep their own ranges, in the
// anchored mapping.
func mergeKeys(content []*node, merges []*node) []*node {
	set := map[string]bool{}
	for i := 0; i+1 < len(content); i += 2 {
		set[content[i].value] = true
	}
	for _, m := range merges {
		sources := []*node{m}
		if m.kind == seqNode {
			sources = m.content
		}
		for _, src := range sources {
			if src.kind != mapNode {
				continue
			}
			for i := 0; i+1 < len(src.content); i += 2 {
				if k := src.content[i]; !set[k.value] {
					set[k.value] = true
					content = append(content, k, src.content[i+1])
				}
			}
		}
	}
	return content
}

// skipToValue skips blanks, line breaks and comments after a tag to the value it tags.
func (c *yamlConverter) skipToValue(off int) int {
	src := c.t.src
	for off < len(src) {
		switch src[off] {
		case ' ', '\t', '\n', '\r':
			off++
		case '#':
			for off < len(src) && src[off] != '\n' {
				off++
			}
		default:
			return off
		}
	}
	return off
}

func satAdd(a, b int) int {
	if a+b > maxExpanded+1 || a+b < a {
		return maxExpanded + 1
	}
	return a + b
}

func yamlScalarType(y *yaml.Node) scalarType {
	if y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return strType
	}
	switch y.Tag {
	case "!!int":
		return intType
	case "!!float":
		return floatType
	case "!!bool":
		return boolType
	case "!!null":
		return nullType
	}
	return strType
}

// skipProperties skips a node's tag and anchor ("!Sub ", "&base ") to where its value
// starts.
func (c *yamlConverter) skipProperties(off int) int {
	src := c.t.src
	for off < len(src) && (src[off] == '!' || src[off] == '&') {
		for off < len(src) && !isSpace(src[off]) && src[off] != '\n' && src[off] != '\r' {
			off++
		}
		for off < len(src) && isSpace(src[off]) {
			off++
		}
	}
	return off
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' }

// flowEnd returns the offset after the bracket closing a flow collection whose last entry
// ends at last.
func (c *yamlConverter) flowEnd(start, last int) int {
	src := c.t.src
	i := last
	if i <= start {
		i = start + 1
	}
	for i < len(src) {
		switch src[i] {
		case ']', '}':
			return i + 1
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case ' ', '\t', '\n', '\r', ',':
			i++
		default:
			return last
		}
	}
	return last
}

// scalarEnd finds where a scalar starting at off ends in the source.
func (c *yamlConverter) scalarEnd(y *yaml.Node, off int) int {
	src := c.t.src
	if off >= len(src) {
		return off
	}
	switch {
	case y.Style&yaml.DoubleQuotedStyle != 0 && src[off] == '"':
		for i := off + 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(src)
	case y.Style&yaml.SingleQuotedStyle != 0 && src[off] == '\'':
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
	case y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return c.blockEnd(off)
	case y.Tag == "!!null" && y.Value == "":
		return off
	}
	v := y.Value
	if off+len(v) <= len(src) && string(src[off:off+len(v)]) == v {
		return off + len(v)
	}
	// A plain scalar folded over several lines: match its words against the source.
	i, j := off, 0
	for j < len(v) && i < len(src) {
		switch {
		case v[j] == src[i]:
			i++
			j++
		case src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r':
			i++
		case v[j] == ' ' || v[j] == '\n':
			j++
		default:
			return c.t.lineEnd(off)
		}
	}
	return i
}

// blockEnd finds the end of a literal or folded block scalar whose indicator is at off: its
// last non-blank line indented deeper than the line of the indicator.
func (c *yamlConverter) blockEnd(off int) int {
	src := c.t.src
	line, _ := c.t.pos(off)
	parentIndent := indentOf(src, c.t.lines[line-1])
	end := c.t.lineEnd(off)
	contentIndent := -1
	for l := line; l < len(c.t.lines); l++ {
		ls := c.t.lines[l]
		le := c.t.lineEnd(ls)
		ind := indentOf(src, ls)
		if ls+ind >= le { // blank line
			continue
		}
		if contentIndent < 0 {
			if ind <= parentIndent {
				break
			}
			contentIndent = ind
		}
		if ind < contentIndent {
			break
		}
		end = le
	}
	return end
}

func indentOf(src []byte, off int) int {
	n := 0
	for off+n < len(src) && src[off+n] == ' ' {
		n++
	}
	return n
}
