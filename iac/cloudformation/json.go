package cloudformation

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/slslint/slslint/iac/model"
)

// parseJSON parses a JSON template into a node tree.
//
// It is a small recursive-descent parser rather than yaml.v3 (which parses most JSON as
// YAML) because JSON templates must be read with JSON's rules and exact ranges: yaml.v3
// rejects the surrogate-pair escapes that CDK writes for non-BMP characters, reports no
// end positions, and encoding/json keeps no positions at all. Ranges count bytes, as the
// model requires.
func parseJSON(t *text) (*node, *model.Problem) {
	if p := checkEncoding(t); p != nil {
		return nil, p
	}
	p := &jsonParser{t: t, src: t.src}
	if len(p.src) >= 3 && p.src[0] == 0xEF && p.src[1] == 0xBB && p.src[2] == 0xBF {
		p.i = 3
	}
	p.space()
	if p.i >= len(p.src) {
		return nil, t.problem(0, "the template is empty")
	}
	n := p.value(1)
	if p.err != nil {
		return nil, p.err
	}
	p.space()
	if p.i < len(p.src) {
		return nil, t.problem(p.i, "cannot parse JSON: unexpected %s after the top-level value", p.describe())
	}
	return n, nil
}

type jsonParser struct {
	t   *text
	src []byte
	i   int
	err *model.Problem
}

func (p *jsonParser) fail(off int, format string, args ...any) {
	if p.err == nil {
		p.err = p.t.problem(off, "cannot parse JSON: "+format, args...)
	}
}

func (p *jsonParser) describe() string {
	if p.i >= len(p.src) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.src[p.i:])
	return "character " + quoteRune(r)
}

func quoteRune(r rune) string {
	if r < ' ' {
		return "U+" + strings.ToUpper(string("0123456789abcdef"[r>>4])+string("0123456789abcdef"[r&15]))
	}
	return "'" + string(r) + "'"
}

func (p *jsonParser) space() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) *node {
	if p.err != nil {
		return nil
	}
	if depth > maxDepth {
		p.fail(p.i, "the template nests deeper than %d levels", maxDepth)
		return nil
	}
	if p.i >= len(p.src) {
		p.fail(p.i, "unexpected end of file")
		return nil
	}
	start := p.i
	switch c := p.src[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, ok := p.str()
		if !ok {
			return nil
		}
		return &node{kind: scalarNode, typ: strType, value: s, rng: p.t.rng(start, p.i)}
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", boolType)
	case c == 'f':
		return p.literal("false", boolType)
	case c == 'n':
		return p.literal("null", nullType)
	}
	p.fail(p.i, "unexpected %s", p.describe())
	return nil
}

func (p *jsonParser) literal(word string, typ scalarType) *node {
	start := p.i
	if !strings.HasPrefix(string(p.src[p.i:min(len(p.src), p.i+len(word))]), word) {
		p.fail(p.i, "unexpected %s", p.describe())
		return nil
	}
	p.i += len(word)
	v := word
	if typ == nullType {
		v = ""
	}
	return &node{kind: scalarNode, typ: typ, value: v, rng: p.t.rng(start, p.i)}
}

func (p *jsonParser) number() *node {
	start := p.i
	typ := intType
	if p.src[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.src) && p.src[p.i] >= '0' && p.src[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if digits() == 0 {
		p.fail(p.i, "invalid number")
		return nil
	}
	if p.i < len(p.src) && p.src[p.i] == '.' {
		p.i++
		typ = floatType
		if digits() == 0 {
			p.fail(p.i, "invalid number")
			return nil
		}
	}
	if p.i < len(p.src) && (p.src[p.i] == 'e' || p.src[p.i] == 'E') {
		p.i++
		typ = floatType
		if p.i < len(p.src) && (p.src[p.i] == '+' || p.src[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			p.fail(p.i, "invalid number")
			return nil
		}
	}
	return &node{kind: scalarNode, typ: typ, value: string(p.src[start:p.i]), rng: p.t.rng(start, p.i)}
}

// str reads a string starting at its opening quote.
func (p *jsonParser) str() (string, bool) {
	start := p.i
	p.i++
	// Fast path: no escapes.
	for j := p.i; j < len(p.src); j++ {
		c := p.src[j]
		if c == '"' {
			s := string(p.src[p.i:j])
			p.i = j + 1
			return s, true
		}
		if c == '\\' || c < ' ' {
			break
		}
	}
	var b strings.Builder
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), true
		case c < ' ':
			p.fail(p.i, "control character %s in a string", quoteRune(rune(c)))
			return "", false
		case c != '\\':
			b.WriteByte(c)
			p.i++
			continue
		}
		p.i++
		if p.i >= len(p.src) {
			break
		}
		e := p.src[p.i]
		p.i++
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if p.i+1 < len(p.src) && p.src[p.i] == '\\' && p.src[p.i+1] == 'u' {
					p.i += 2
					if r2, ok = p.hex4(); !ok {
						return "", false
					}
				}
				r = utf16.DecodeRune(r, r2)
			}
			b.WriteRune(r)
		default:
			p.fail(p.i-2, "invalid escape \\%c in a string", e)
			return "", false
		}
	}
	p.fail(start, "unterminated string")
	return "", false
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.src) {
		p.fail(p.i, "truncated \\u escape")
		return 0, false
	}
	var r rune
	for _, c := range p.src[p.i : p.i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			p.fail(p.i, "invalid \\u escape")
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

func (p *jsonParser) object(depth int) *node {
	start := p.i
	p.i++
	n := &node{kind: mapNode}
	p.space()
	if p.i < len(p.src) && p.src[p.i] == '}' {
		p.i++
		n.rng = p.t.rng(start, p.i)
		return n
	}
	for {
		p.space()
		if p.i >= len(p.src) || p.src[p.i] != '"' {
			p.fail(p.i, "expected a string key, found %s", p.describe())
			return nil
		}
		ks := p.i
		k, ok := p.str()
		if !ok {
			return nil
		}
		key := &node{kind: scalarNode, typ: strType, value: k, rng: p.t.rng(ks, p.i)}
		p.space()
		if p.i >= len(p.src) || p.src[p.i] != ':' {
			p.fail(p.i, "expected ':' after object key, found %s", p.describe())
			return nil
		}
		p.i++
		p.space()
		v := p.value(depth + 1)
		if v == nil {
			return nil
		}
		n.content = append(n.content, key, v)
		p.space()
		if p.i < len(p.src) && p.src[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.src) && p.src[p.i] == '}' {
			p.i++
			n.rng = p.t.rng(start, p.i)
			return n
		}
		p.fail(p.i, "expected ',' or '}' in object, found %s", p.describe())
		return nil
	}
}

func (p *jsonParser) array(depth int) *node {
	start := p.i
	p.i++
	n := &node{kind: seqNode}
	p.space()
	if p.i < len(p.src) && p.src[p.i] == ']' {
		p.i++
		n.rng = p.t.rng(start, p.i)
		return n
	}
	for {
		p.space()
		v := p.value(depth + 1)
		if v == nil {
			return nil
		}
		n.content = append(n.content, v)
		p.space()
		if p.i < len(p.src) && p.src[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.src) && p.src[p.i] == ']' {
			p.i++
			n.rng = p.t.rng(start, p.i)
			return n
		}
		p.fail(p.i, "expected ',' or ']' in array, found %s", p.describe())
		return nil
	}
}
