package safetext

import (
	"strings"
	"testing"
)

func TestLine(t *testing.T) {
	for in, want := range map[string]string{
		"cmd/api/main.go":                              "cmd/api/main.go",
		"naïve/日本/é.go":                                "naïve/日本/é.go",
		"x\n::warning file=README.md,line=1::INJECTED": `x\n::warning file=README.md,line=1::INJECTED`,
		"a\r\nb\tc":                                    `a\r\nb\tc`,
		"\x1b[2Jclear":                                 `\x1b[2Jclear`,
		"nul\x00del\x7f":                               `nul\x00del\x7f`,
		"c1\u009bcsi":                                  `c1\u009bcsi`,
		"ls\u2028ps\u2029":                             `ls\u2028ps\u2029`,
		"bad\xffutf8":                                  `bad\xffutf8`,
		`a\b`:                                          `a\b`,
	} {
		got := Line(in)
		if got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == '\u2028' || r == '\u2029' {
				t.Errorf("Line(%q) = %q keeps control character %U", in, got, r)
			}
		}
		if strings.Contains(got, "\n::") {
			t.Errorf("Line(%q) starts a workflow command", in)
		}
	}
}

func FuzzLine(f *testing.F) {
	f.Add("x\n::warning::y")
	f.Add("\x1b]0;title\x07")
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range Line(s) {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == '\u2028' || r == '\u2029' {
				t.Fatalf("Line(%q) keeps control character %U", s, r)
			}
		}
	})
}
