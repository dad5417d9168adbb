package serverless

import (
	"errors"
	"strconv"
	"strings"
)

// The Serverless Framework's variable syntax (v3's lib/configuration/variables/parse.js,
// which v4 keeps): ${source:address, fallback, ...}. A variable starts with "${" and a
// lowercase letter; anything else after "${" (${AWS::Region}, ${Bucket} in an Fn::Sub
// string) is foreign text left as it is. A source is
//
//	type:address            self:custom.table, opt:stage, sls:stage, env:HOME
//	type(param, ...):address file(./config.yml):key, cf(us-east-1):stack.output
//	type(param, ...)        file(./config.yml), strToBool(${env:X})
//	literal                 'dev', "dev", 10, true, false, null (fallbacks only)
//
// Addresses and parameters may themselves hold variables (${self:custom.${sls:stage}}).
// A backslash before "${" escapes it.

// A template is text with embedded variables.
type template []segment

// A segment is literal text or a variable.
type segment struct {
	text string
	v    *variable
}

// A variable is a ${...} reference: its sources, tried in order.
type variable struct {
	sources []source
	raw     string
}

// A source is one alternative of a variable.
type source struct {
	typ     string
	params  []template
	address template
	// literal is set for a fallback literal; lit holds its value.
	literal bool
	lit     literalValue
}

type literalValue struct {
	tag   string // "!!str", "!!int", "!!float", "!!bool", "!!null"
	value string
}

var errSyntax = errors.New("invalid variable syntax")

// parseTemplate splits s into text and variables.
func parseTemplate(s string) (template, error) {
	p := &varParser{s: s}
	t, err := p.template("")
	if err != nil {
		return nil, err
	}
	if p.i != len(s) {
		return nil, errSyntax
	}
	return t, nil
}

type varParser struct {
	s     string
	i     int
	depth int
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

func isTypeChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// template reads text up to (not including) a byte of stop at nesting depth 0, or the end.
func (p *varParser) template(stop string) (template, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 32 {
		return nil, errSyntax
	}
	var t template
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			t = append(t, segment{text: text.String()})
			text.Reset()
		}
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		if stop != "" && strings.IndexByte(stop, c) >= 0 {
			break
		}
		if c == '\\' && strings.HasPrefix(p.s[p.i+1:], "${") {
			text.WriteString("${")
			p.i += 3
			continue
		}
		if c == '$' && strings.HasPrefix(p.s[p.i:], "${") {
			if p.i+2 < len(p.s) && isLower(p.s[p.i+2]) {
				start := p.i
				if v, err := p.variable(); err == nil {
					flush()
					t = append(t, segment{v: v})
					continue
				} else if !errors.Is(err, errForeign) {
					return nil, err
				}
				p.i = start
			}
			// Foreign text (${AWS::Region}): copy it through its closing brace.
			end := p.foreignEnd(p.i)
			text.WriteString(p.s[p.i:end])
			p.i = end
			continue
		}
		text.WriteByte(c)
		p.i++
	}
	flush()
	return t, nil
}

var errForeign = errors.New("not a variable")

// foreignEnd returns the end of a foreign ${...} starting at i, or the end of the text
// after "${" when it never closes.
func (p *varParser) foreignEnd(i int) int {
	depth := 0
	for j := i; j < len(p.s); j++ {
		switch p.s[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return i + 2
}

// variable reads ${...} at p.i.
func (p *varParser) variable() (*variable, error) {
	start := p.i
	p.i += 2
	v := &variable{}
	for {
		src, err := p.source(len(v.sources) == 0)
		if err != nil {
			return nil, err
		}
		v.sources = append(v.sources, src)
		p.skipSpaces()
		if p.i >= len(p.s) {
			return nil, errSyntax
		}
		switch p.s[p.i] {
		case '}':
			p.i++
			v.raw = p.s[start:p.i]
			return v, nil
		case ',':
			p.i++
		default:
			return nil, errSyntax
		}
	}
}

func (p *varParser) skipSpaces() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *varParser) source(first bool) (source, error) {
	p.skipSpaces()
	if p.i >= len(p.s) {
		return source{}, errSyntax
	}
	c := p.s[p.i]
	if c == '\'' || c == '"' {
		if first {
			return source{}, errForeign
		}
		str, err := p.quoted()
		if err != nil {
			return source{}, err
		}
		return source{literal: true, lit: literalValue{tag: "!!str", value: str}}, nil
	}
	if c == '$' && !first {
		// A nested variable as a fallback: ${opt:stage, ${self:custom.stage}}.
		v, err := p.variable()
		if err != nil {
			return source{}, err
		}
		return source{typ: "", address: template{{v: v}}}, nil
	}
	begin := p.i
	for p.i < len(p.s) && (isTypeChar(p.s[p.i]) || p.s[p.i] == '.' || p.s[p.i] == '-') {
		p.i++
	}
	word := p.s[begin:p.i]
	p.skipSpaces()
	if p.i >= len(p.s) {
		return source{}, errSyntax
	}
	isType := word != "" && isLower(word[0]) && strings.IndexFunc(word, func(r rune) bool { return r == '.' || r == '-' }) < 0
	switch p.s[p.i] {
	case ':':
		if !isType {
			return source{}, p.notVariable(first)
		}
		p.i++
		addr, err := p.address()
		if err != nil {
			return source{}, err
		}
		return source{typ: word, address: addr}, nil
	case '(':
		if !isType {
			return source{}, p.notVariable(first)
		}
		p.i++
		params, err := p.params()
		if err != nil {
			return source{}, err
		}
		src := source{typ: word, params: params}
		p.skipSpaces()
		if p.i < len(p.s) && p.s[p.i] == ':' {
			p.i++
			if src.address, err = p.address(); err != nil {
				return source{}, err
			}
		}
		return src, nil
	case '}', ',':
		if first {
			return source{}, errForeign
		}
		lit, ok := parseLiteral(word)
		if !ok {
			return source{}, errSyntax
		}
		return source{literal: true, lit: lit}, nil
	}
	return source{}, p.notVariable(first)
}

func (p *varParser) notVariable(first bool) error {
	if first {
		return errForeign
	}
	return errSyntax
}

func parseLiteral(w string) (literalValue, bool) {
	switch w {
	case "true", "false":
		return literalValue{tag: "!!bool", value: w}, true
	case "null":
		return literalValue{tag: "!!null"}, true
	}
	if _, err := strconv.ParseInt(w, 10, 64); err == nil {
		return literalValue{tag: "!!int", value: w}, true
	}
	if _, err := strconv.ParseFloat(w, 64); err == nil {
		return literalValue{tag: "!!float", value: w}, true
	}
	return literalValue{}, false
}

// quoted reads a quoted string: single quotes literally, double quotes with JSON escapes.
func (p *varParser) quoted() (string, error) {
	q := p.s[p.i]
	for j := p.i + 1; j < len(p.s); j++ {
		switch {
		case q == '"' && p.s[j] == '\\':
			j++
		case p.s[j] == q:
			raw := p.s[p.i : j+1]
			p.i = j + 1
			if q == '\'' {
				return raw[1 : len(raw)-1], nil
			}
			s, err := strconv.Unquote(raw)
			if err != nil {
				return "", errSyntax
			}
			return s, nil
		}
	}
	return "", errSyntax
}

// address reads a source address up to "," or "}" (trimmed); it may be quoted or hold
// variables.
func (p *varParser) address() (template, error) {
	p.skipSpaces()
	if p.i < len(p.s) && (p.s[p.i] == '\'' || p.s[p.i] == '"') {
		s, err := p.quoted()
		if err != nil {
			return nil, err
		}
		return template{{text: s}}, nil
	}
	t, err := p.template(",}")
	if err != nil {
		return nil, err
	}
	return trimTemplate(t), nil
}

// params reads a parenthesized parameter list after "(".
func (p *varParser) params() ([]template, error) {
	var out []template
	for {
		p.skipSpaces()
		if p.i >= len(p.s) {
			return nil, errSyntax
		}
		switch p.s[p.i] {
		case ')':
			p.i++
			return out, nil
		case ',':
			p.i++
			continue
		case '\'', '"':
			s, err := p.quoted()
			if err != nil {
				return nil, err
			}
			out = append(out, template{{text: s}})
		default:
			t, err := p.template(",)}")
			if err != nil {
				return nil, err
			}
			if p.i < len(p.s) && p.s[p.i] == '}' {
				return nil, errSyntax
			}
			out = append(out, trimTemplate(t))
		}
	}
}

// trimTemplate trims spaces around a template's text.
func trimTemplate(t template) template {
	if len(t) == 0 {
		return t
	}
	out := append(template(nil), t...)
	if out[0].v == nil {
		out[0].text = strings.TrimLeft(out[0].text, " ")
	}
	if last := len(out) - 1; out[last].v == nil {
		out[last].text = strings.TrimRight(out[last].text, " ")
	}
	return out
}

// single returns the variable when the template is exactly one variable.
func (t template) single() *variable {
	if len(t) == 1 && t[0].v != nil {
		return t[0].v
	}
	return nil
}

// hasVariables reports whether the template holds a variable.
func (t template) hasVariables() bool {
	for _, s := range t {
		if s.v != nil {
			return true
		}
	}
	return false
}
