// Package safetext makes text that comes from the scanned repository (paths, names,
// messages that quote them) safe to print on one line of a terminal or CI log.
//
// A directory named "x\n::warning file=README.md::INJECTED" must not start a line that
// GitHub Actions reads as a workflow command, and a name holding "\x1b[2J" must not drive
// the terminal. Line writes every control character (C0, DEL, C1) and the Unicode line and
// paragraph separators as a visible Go escape, so one field stays one line of plain text.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Line returns s with every control character, and every byte that is not UTF-8, written
// as a Go escape ("\n", "\x1b", "\u2028"), so that the result is one line of printable
// text. Text without them comes back unchanged.
func Line(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f, r == '\u2028', r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == '\u2028' || r == '\u2029' {
			return true
		}
		i += size
	}
	return false
}
