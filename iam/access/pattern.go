// Package access evaluates a function's IAM permissions as IAM does: whether the policies
// of its execution role (inline statements, SAM policy templates, AWS managed policies,
// customer managed policies of the project) allow an action on a resource. Wildcards in
// actions and resources, NotAction and NotResource are matched as IAM matches them, an
// explicit Deny wins, and what the templates do not say statically — a condition, a
// resource whose name is not known, a policy from outside the project — makes the answer
// Maybe, never No.
package access

import "strings"

// A Pattern is an ARN, or ARN pattern, as evaluation sees it: a sequence of pieces.
type Pattern []Piece

// A Piece is part of a Pattern: literal text (in which a grant's * and ? are wildcards), a
// symbol standing for a string that is not known but is the same wherever the symbol
// appears (a resource's name decided at deployment: "OrdersTable", the deployment's region
// "AWS::Region"), or a part not known at all.
type Piece struct {
	Lit     string
	Sym     string
	Unknown bool
}

// Lit is the pattern of literal text.
func Lit(s string) Pattern { return Pattern{{Lit: s}} }

// Sym is the pattern of a symbol.
func Sym(name string) Pattern { return Pattern{{Sym: name}} }

// Unknown is the pattern of a value not known at all.
func Unknown() Pattern { return Pattern{{Unknown: true}} }

// Concat joins patterns.
func Concat(ps ...Pattern) Pattern {
	var out Pattern
	for _, p := range ps {
		for _, pc := range p {
			if n := len(out); n > 0 && pc.Lit != "" && out[n-1].Lit != "" {
				out[n-1].Lit += pc.Lit
				continue
			}
			if pc.Lit == "" && pc.Sym == "" && !pc.Unknown {
				continue
			}
			out = append(out, pc)
		}
	}
	return out
}

// Known reports whether the pattern is all literal text.
func (p Pattern) Known() bool {
	for _, pc := range p {
		if pc.Lit == "" {
			return false
		}
	}
	return true
}

// String renders the pattern: literal text, ${Sym} for symbols, ${?} for unknown parts.
func (p Pattern) String() string { return p.render("${?}") }

// Policy renders the pattern for a policy's Resource: unknown parts are the wildcard *
// (the statement must then cover any value), symbols ${Sym}.
func (p Pattern) Policy() string { return strings.ReplaceAll(p.render("*"), "**", "*") }

// render writes literal parts as they are, symbols as ${Sym} and unknown parts as unknown.
func (p Pattern) render(unknown string) string {
	var b strings.Builder
	for _, pc := range p {
		switch {
		case pc.Sym != "":
			b.WriteString("${" + pc.Sym + "}")
		case pc.Unknown:
			b.WriteString(unknown)
		default:
			b.WriteString(pc.Lit)
		}
	}
	return b.String()
}

// A Verdict is a three-valued answer.
type Verdict int

// Verdicts, ordered.
const (
	No Verdict = iota
	Maybe
	Yes
)

func (v Verdict) String() string {
	return [...]string{"no", "maybe", "yes"}[v]
}

// token kinds of the matcher: a byte of literal text, a wildcard of a grant, a symbol, an
// unknown part.
type token struct {
	kind byte // 'c' char, '*' any run, '?' one char, 's' symbol, 'u' unknown
	c    byte
	sym  string
}

func tokens(p Pattern, wildcards bool) []token {
	var out []token
	for _, pc := range p {
		switch {
		case pc.Sym != "":
			out = append(out, token{kind: 's', sym: pc.Sym})
		case pc.Unknown:
			out = append(out, token{kind: 'u'})
		default:
			for i := 0; i < len(pc.Lit); i++ {
				c := pc.Lit[i]
				switch {
				case wildcards && c == '*':
					out = append(out, token{kind: '*'})
				case wildcards && c == '?':
					out = append(out, token{kind: '?'})
				default:
					out = append(out, token{kind: 'c', c: c})
				}
			}
		}
	}
	return out
}

// maxTokens bounds the patterns matched, so that a hostile template cannot make matching
// quadratic in something large; longer patterns are Maybe.
const maxTokens = 2048

// Match says whether a grant's resource pattern covers a needed resource. In the grant, *
// and ? are IAM wildcards; in the need, * stands for any string (all objects of a bucket,
// any index of a table). Yes: for every value of the unknown parts, the grant covers it;
// Maybe: for some; No: for none.
func Match(grant, need Pattern) Verdict {
	g, n := tokens(grant, true), tokens(need, false)
	for i := range n {
		if n[i].kind == 'c' && n[i].c == '*' {
			n[i] = token{kind: 'u'}
		}
	}
	if len(g) > maxTokens || len(n) > maxTokens {
		return Maybe
	}
	// Literal text must agree up to the first wildcard or unknown part of either side:
	// most pairs (another service, another resource type) differ there.
	for i := 0; i < len(g) && i < len(n); i++ {
		if g[i].kind != 'c' || n[i].kind != 'c' {
			break
		}
		if g[i].c != n[i].c {
			return No
		}
	}
	if definitely(g, n) {
		return Yes
	}
	if possibly(g, n) {
		return Maybe
	}
	return No
}

// definitely reports whether g matches n whatever the unknown parts of both are.
func definitely(g, n []token) bool {
	memo := make([]int8, (len(g)+1)*(len(n)+1))
	var m func(i, j int) bool
	m = func(i, j int) bool {
		k := i*(len(n)+1) + j
		if memo[k] != 0 {
			return memo[k] > 0
		}
		r := false
		switch {
		case i == len(g):
			r = j == len(n)
		case g[i].kind == '*':
			r = m(i+1, j) || (j < len(n) && m(i, j+1))
		case j == len(n):
			r = false
		case g[i].kind == '?':
			r = n[j].kind == 'c' && m(i+1, j+1)
		case g[i].kind == 'c':
			r = n[j].kind == 'c' && n[j].c == g[i].c && m(i+1, j+1)
		case g[i].kind == 's':
			r = n[j].kind == 's' && n[j].sym == g[i].sym && m(i+1, j+1)
		}
		if r {
			memo[k] = 1
		} else {
			memo[k] = -1
		}
		return r
	}
	return m(0, 0)
}

// possibly reports whether g matches n for some values of the unknown parts. A symbol is a
// resource's name or the deployment's region or account: any string without "/" or ":"
// (none of those names has one), the same on both sides; an unknown part is any string.
func possibly(g, n []token) bool {
	memo := make([]int8, (len(g)+1)*(len(n)+1))
	// absorbs reports whether a symbol may take in token t as part of its value.
	absorbs := func(t token) bool {
		switch t.kind {
		case 'c':
			return t.c != '/' && t.c != ':'
		case 's':
			return false
		}
		return true // a wildcard or unknown part may stand for part of a name
	}
	var m func(i, j int) bool
	m = func(i, j int) bool {
		k := i*(len(n)+1) + j
		if memo[k] != 0 {
			return memo[k] > 0
		}
		r := false
		gi, nj := i < len(g), j < len(n)
		switch {
		case !gi && !nj:
			r = true
		// Parts that may be empty: a wildcard or unknown part of the grant, an unknown
		// part or symbol of the need (a symbol is never empty, but a wildcard may stand
		// for all of it, see below).
		case gi && (g[i].kind == '*' || g[i].kind == 'u') && m(i+1, j):
			r = true
		case nj && n[j].kind == 'u' && m(i, j+1):
			r = true
		case gi && nj:
			switch {
			case g[i].kind == '*' || g[i].kind == 'u':
				r = m(i, j+1) // take in the need's token and go on
			case n[j].kind == 'u':
				r = m(i+1, j)
			case g[i].kind == 's' && n[j].kind == 's':
				r = g[i].sym == n[j].sym && m(i+1, j+1)
			case g[i].kind == 's':
				// The grant's symbol spells the need's text from here: one or more tokens.
				for jj := j; jj < len(n) && absorbs(n[jj]) && !r; jj++ {
					r = m(i+1, jj+1)
				}
			case n[j].kind == 's':
				for ii := i; ii < len(g) && absorbs(g[ii]) && !r; ii++ {
					r = m(ii+1, j+1)
				}
			case g[i].kind == '?' && n[j].kind == 'c', g[i].kind == 'c' && n[j].kind == 'c' && g[i].c == n[j].c:
				r = m(i+1, j+1)
			}
		}
		if r {
			memo[k] = 1
		} else {
			memo[k] = -1
		}
		return r
	}
	return m(0, 0)
}

// MatchAction reports whether an action pattern of a statement ("s3:Get*", "*") matches an
// action ("s3:GetObject"), ignoring case as IAM does for actions.
func MatchAction(pattern, action string) bool {
	p, a := strings.ToLower(pattern), strings.ToLower(action)
	return definitely(tokens(Lit(p), true), tokens(Lit(a), false))
}
