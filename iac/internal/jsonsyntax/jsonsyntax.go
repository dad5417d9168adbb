// Package jsonsyntax parses JSON (RFC 8259) into a tree that keeps the byte offsets of
// every value and key.
//
// The loaders need exact ranges to report a finding where it is written: encoding/json
// keeps no positions, and yaml.v3 (which reads most JSON as YAML) keeps no end positions
// and rejects the surrogate-pair escapes that the AWS CDK writes for non-BMP characters.
// Each loader turns offsets into its own positions: CloudFormation into lines and columns
// of the template, Terraform into the expressions a rendered jsonencode or heredoc came
// from.
package jsonsyntax

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A Kind is the JSON type of a value.
type Kind int8

// The kinds of values.
const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
)

// A Value is one JSON value and the bytes [Start, End) it was read from.
type Value struct {
	Kind       Kind
	Start, End int
	// Text is a string's decoded content, a number's literal text, or "true"/"false".
	Text   string
	Fields []Field  // an object's members, in source order (duplicates kept)
	Elems  []*Value // an array's elements
}

// A Field is one member of an object.
type Field struct {
	Key              string
	KeyStart, KeyEnd int
	Value            *Value
}

// An Error is a syntax error at a byte offset.
type Error struct {
	Offset int
	Msg    string
	// Empty reports input that holds no value at all (only white space or a BOM).
	Empty bool
}

func (e *Error) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// Parse parses src as exactly one JSON value surrounded by optional white space, after an
// optional UTF-8 byte order mark. Values nested deeper than maxDepth are an error, so
// hostile input cannot exhaust the stack.
func Parse(src []byte, maxDepth int) (*Value, *Error) {
	p := &parser{src: src, maxDepth: maxDepth}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		p.i = 3
	}
	p.space()
	if p.i >= len(p.src) {
		return nil, &Error{Offset: 0, Msg: "no JSON value", Empty: true}
	}
	v := p.value(1)
	if p.err != nil {
		return nil, p.err
	}
	p.space()
	if p.i < len(p.src) {
		return nil, &Error{Offset: p.i, Msg: "unexpected " + p.describe() + " after the top-level value"}
	}
	return v, nil
}

type parser struct {
	src      []byte
	i        int
	maxDepth int
	err      *Error
}

func (p *parser) fail(off int, format string, args ...any) {
	if p.err == nil {
		p.err = &Error{Offset: off, Msg: fmt.Sprintf(format, args...)}
	}
}

// describe names what is at the current offset, for error messages.
func (p *parser) describe() string {
	if p.i >= len(p.src) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.src[p.i:])
	return "character " + quoteRune(r)
}

func quoteRune(r rune) string {
	if r < ' ' {
		return fmt.Sprintf("U+%04X", r)
	}
	return "'" + string(r) + "'"
}

func (p *parser) space() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) *Value {
	if p.err != nil {
		return nil
	}
	if depth > p.maxDepth {
		p.fail(p.i, "values nest deeper than %d levels", p.maxDepth)
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
		return &Value{Kind: String, Start: start, End: p.i, Text: s}
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", Bool)
	case c == 'f':
		return p.literal("false", Bool)
	case c == 'n':
		return p.literal("null", Null)
	}
	p.fail(p.i, "unexpected %s", p.describe())
	return nil
}

func (p *parser) literal(word string, kind Kind) *Value {
	start := p.i
	if !strings.HasPrefix(string(p.src[p.i:min(len(p.src), p.i+len(word))]), word) {
		p.fail(p.i, "unexpected %s", p.describe())
		return nil
	}
	p.i += len(word)
	v := &Value{Kind: kind, Start: start, End: p.i}
	if kind == Bool {
		v.Text = word
	}
	return v
}

func (p *parser) number() *Value {
	start := p.i
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
	// No leading zeros: "01" is the number 0 followed by a stray 1.
	if p.i < len(p.src) && p.src[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		p.fail(p.i, "invalid number")
		return nil
	}
	if p.i < len(p.src) && p.src[p.i] == '.' {
		p.i++
		if digits() == 0 {
			p.fail(p.i, "invalid number")
			return nil
		}
	}
	if p.i < len(p.src) && (p.src[p.i] == 'e' || p.src[p.i] == 'E') {
		p.i++
		if p.i < len(p.src) && (p.src[p.i] == '+' || p.src[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			p.fail(p.i, "invalid number")
			return nil
		}
	}
	return &Value{Kind: Number, Start: start, End: p.i, Text: string(p.src[start:p.i])}
}

// str reads a string starting at its opening quote and returns its decoded content.
func (p *parser) str() (string, bool) {
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
		if c == '\\' || c < ' ' || c >= utf8.RuneSelf {
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
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(p.src[p.i:])
			if r == utf8.RuneError && size <= 1 {
				p.fail(p.i, "invalid UTF-8 byte 0x%02x in a string", c)
				return "", false
			}
			b.Write(p.src[p.i : p.i+size])
			p.i += size
			continue
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
				// As encoding/json does: a surrogate pair decodes to one rune; a lone
				// surrogate becomes U+FFFD and whatever escape follows it is read on
				// its own, not swallowed.
				next := p.i
				pair := utf8.RuneError
				if p.i+1 < len(p.src) && p.src[p.i] == '\\' && p.src[p.i+1] == 'u' {
					p.i += 2
					r2, ok := p.hex4()
					if !ok {
						return "", false
					}
					pair = utf16.DecodeRune(r, r2)
				}
				if pair == utf8.RuneError {
					p.i = next
				}
				r = pair
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

func (p *parser) hex4() (rune, bool) {
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

func (p *parser) object(depth int) *Value {
	v := &Value{Kind: Object, Start: p.i}
	p.i++
	p.space()
	if p.i < len(p.src) && p.src[p.i] == '}' {
		p.i++
		v.End = p.i
		return v
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
		ke := p.i
		p.space()
		if p.i >= len(p.src) || p.src[p.i] != ':' {
			p.fail(p.i, "expected ':' after object key, found %s", p.describe())
			return nil
		}
		p.i++
		p.space()
		elem := p.value(depth + 1)
		if elem == nil {
			return nil
		}
		v.Fields = append(v.Fields, Field{Key: k, KeyStart: ks, KeyEnd: ke, Value: elem})
		p.space()
		if p.i < len(p.src) && p.src[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.src) && p.src[p.i] == '}' {
			p.i++
			v.End = p.i
			return v
		}
		p.fail(p.i, "expected ',' or '}' in object, found %s", p.describe())
		return nil
	}
}

func (p *parser) array(depth int) *Value {
	v := &Value{Kind: Array, Start: p.i}
	p.i++
	p.space()
	if p.i < len(p.src) && p.src[p.i] == ']' {
		p.i++
		v.End = p.i
		return v
	}
	for {
		p.space()
		elem := p.value(depth + 1)
		if elem == nil {
			return nil
		}
		v.Elems = append(v.Elems, elem)
		p.space()
		if p.i < len(p.src) && p.src[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.src) && p.src[p.i] == ']' {
			p.i++
			v.End = p.i
			return v
		}
		p.fail(p.i, "expected ',' or ']' in array, found %s", p.describe())
		return nil
	}
}
