package crosslayer

import (
	"path"
	"strings"
)

// A small reader of the shell commands in Makefile recipes and build scripts: enough to
// find `go build` and `zip` commands, the directory they run in and the values of the
// variables and loop variables they use. Nothing is ever executed.

// unknownMark marks a word that holds a value not known statically (an unset variable, a
// command substitution): such a word never names a path.
const unknownMark = "\x00"

// rootMark starts a path that is already relative to the repository root (the result of
// $(dirname "$0") or `git rev-parse --show-toplevel`), not to the current directory.
const rootMark = "\x01"

// A statement is one simple command: its raw words (quotes and expansions still in them)
// and the line it starts on.
type statement struct {
	words []string
	line  int
}

// maxStatements bounds what one file may produce, so that hostile input cannot make the
// reader slow.
const maxStatements = 20000

// splitStatements cuts shell text into simple commands at ;, &&, ||, |, & and newlines
// (outside quotes), keeping words raw. A backslash-newline continues the line; # starts a
// comment at the beginning of a word.
func splitStatements(src string, firstLine int) []statement {
	var out []statement
	var words []string
	var w strings.Builder
	inWord := false
	line, start := firstLine, firstLine
	flushWord := func() {
		if inWord {
			words = append(words, w.String())
			w.Reset()
			inWord = false
		}
	}
	flush := func() {
		flushWord()
		if len(words) > 0 && len(out) < maxStatements {
			out = append(out, statement{words: words, line: start})
		}
		words = nil
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !inWord && len(words) == 0 {
			start = line
		}
		switch {
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i++
			line++
		case c == '\n':
			flush()
			line++
		case c == ' ' || c == '\t' || c == '\r':
			flushWord()
		case c == ';' || c == '|' || c == '&':
			flush()
			if i+1 < len(src) && (src[i+1] == c) {
				i++
			}
		case c == '#' && !inWord:
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i--
		case c == '\'' || c == '"':
			inWord = true
			j := closingQuote(src, i)
			w.WriteString(src[i : j+1])
			line += strings.Count(src[i:j+1], "\n")
			i = j
		case c == '$' && i+1 < len(src) && src[i+1] == '(':
			inWord = true
			j := closingParen(src, i+1)
			w.WriteString(src[i : j+1])
			line += strings.Count(src[i:j+1], "\n")
			i = j
		case c == '`':
			inWord = true
			j := strings.IndexByte(src[i+1:], '`')
			if j < 0 {
				j = len(src) - i - 2
			}
			w.WriteString(unknownMark)
			i += j + 1
		default:
			inWord = true
			w.WriteByte(c)
		}
	}
	flush()
	return out
}

// closingQuote returns the index of the quote closing the one at i (or the last index).
func closingQuote(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		if q == '"' && s[j] == '\\' {
			j++
			continue
		}
		if s[j] == q {
			return j
		}
	}
	return len(s) - 1
}

// closingParen returns the index of the parenthesis closing the one at i.
func closingParen(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		case '\'', '"':
			j = closingQuote(s, j)
		}
	}
	return len(s) - 1
}

// shellEnv holds the shell variables known at a point of a script, and the script's
// directory for $(dirname "$0").
type shellEnv struct {
	vars      map[string]string
	scriptDir string // repository-relative
}

func (e *shellEnv) with(name, value string) *shellEnv {
	vars := make(map[string]string, len(e.vars)+1)
	for k, v := range e.vars {
		vars[k] = v
	}
	vars[name] = value
	return &shellEnv{vars: vars, scriptDir: e.scriptDir}
}

// expandWord removes quotes and expands variables and the command substitutions it knows
// ($(dirname "$0"), $(cd X && pwd), $(git rev-parse --show-toplevel)). Anything else
// unknown leaves unknownMark in the result.
func (e *shellEnv) expandWord(raw string) string {
	var b strings.Builder
	inDouble := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\'' && !inDouble:
			j := closingQuote(raw, i)
			if j > i {
				b.WriteString(raw[i+1 : j])
			}
			i = j
		case c == '"':
			inDouble = !inDouble
		case c == '\\' && i+1 < len(raw):
			i++
			b.WriteByte(raw[i])
		case c == '$' && i+1 < len(raw):
			n, v := e.expansion(raw[i+1:])
			b.WriteString(v)
			i += n
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// expansion expands the text after a $; it returns how many bytes it used and the value.
func (e *shellEnv) expansion(s string) (int, string) {
	switch {
	case strings.HasPrefix(s, "("):
		j := closingParen(s, 0)
		return j + 1, e.substitute(s[1:j])
	case strings.HasPrefix(s, "{"):
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return len(s), unknownMark
		}
		inner := s[1:j]
		name, def, hasDef := inner, "", false
		for _, op := range []string{":-", ":=", "-", "="} {
			if k := strings.Index(inner, op); k > 0 {
				name, def, hasDef = inner[:k], inner[k+len(op):], true
				break
			}
		}
		if v, ok := e.vars[name]; ok && (v != "" || !hasDef) {
			return j + 1, v
		}
		if hasDef {
			return j + 1, e.expandWord(def)
		}
		return j + 1, unknownMark
	}
	n := 0
	for n < len(s) && (isNameByte(s[n]) || n == 0 && s[n] >= '0' && s[n] <= '9') {
		if n == 0 && s[n] >= '0' && s[n] <= '9' {
			n = 1
			break
		}
		n++
	}
	if n == 0 {
		return 0, "$"
	}
	if v, ok := e.vars[s[:n]]; ok {
		return n, v
	}
	return n, unknownMark
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// substitute evaluates the command substitutions that name directories.
func (e *shellEnv) substitute(cmd string) string {
	fields := strings.Fields(strings.TrimSpace(cmd))
	if len(fields) == 2 && fields[0] == "dirname" {
		switch strings.Trim(fields[1], `"'`) {
		case "$0", "${0}", "${BASH_SOURCE[0]}", "$BASH_SOURCE":
			return rootMark + e.scriptDir
		}
	}
	if len(fields) == 3 && fields[0] == "git" && fields[1] == "rev-parse" && fields[2] == "--show-toplevel" {
		return rootMark + "."
	}
	// $(cd "$(dirname "$0")/.." && pwd)
	if stmts := splitStatements(cmd, 1); len(stmts) == 2 && len(stmts[0].words) == 2 && stmts[0].words[0] == "cd" &&
		len(stmts[1].words) == 1 && stmts[1].words[0] == "pwd" {
		return e.expandWord(stmts[0].words[1])
	}
	return unknownMark
}

// resolvePath turns a path as a command sees it into a repository-relative one, given the
// command's directory; false for unknown, absolute and escaping paths.
func resolvePath(cwd, p string) (string, bool) {
	if p == "" || strings.Contains(p, unknownMark) {
		return "", false
	}
	if strings.HasPrefix(p, rootMark) {
		p = strings.TrimPrefix(p, rootMark)
		p = strings.ReplaceAll(p, rootMark, "")
		cwd = "."
	}
	if strings.Contains(p, rootMark) || path.IsAbs(p) || strings.HasPrefix(p, "~") {
		return "", false
	}
	out := path.Clean(path.Join(cwd, p))
	if out == ".." || strings.HasPrefix(out, "../") {
		return "", false
	}
	return out, true
}
