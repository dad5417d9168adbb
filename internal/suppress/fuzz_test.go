package suppress

import (
	"go/parser"
	"go/token"
	"testing"
)

// FuzzText: the YAML and HCL directive scanners accept any input, and every directive they
// return covers a sane line range that includes or follows its own line.
func FuzzText(f *testing.F) {
	f.Add([]byte("Resources:\n  A: # slslint:ignore SLS603 why\n    Type: x\n"))
	f.Add([]byte("resource \"a\" \"b\" { # slslint:ignore SLS603 why\n  x = \"${y}\"\n}\n"))
	f.Add([]byte("x = <<EOF\n# slslint:ignore SLS603 no\nEOF\n// slslint:ignore SLS603,SLS001 two\ny = [\n1,\n]\n"))
	f.Add([]byte("\"unterminated # slslint:ignore SLS603 x\n{{{{\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := len(splitLines(src))
		for name, parse := range map[string]func([]byte, string) []Directive{"yaml": ParseYAML, "hcl": ParseHCL} {
			for _, d := range parse(src, "f") {
				if d.Line < 1 || d.Line > lines || d.StartLine < d.Line || d.EndLine < d.StartLine || d.EndLine > lines {
					t.Fatalf("%s: directive at line %d covers %d-%d of %d lines", name, d.Line, d.StartLine, d.EndLine, lines)
				}
				if d.Problem == "" && len(d.Rules) == 0 && !d.AllRules {
					t.Fatalf("%s: a valid directive names no rule: %+v", name, d)
				}
			}
		}
	})
}

// FuzzGoComment: any comment text is either a directive or not, without panicking.
func FuzzGoComment(f *testing.F) {
	for _, s := range []string{"//slslint:ignore SLS603 r", "//nolint:slslint // r", "//nolint", "// slslint:ignore", "/* x */", "//nolint:all,x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, ok := parseGoComment(text)
		if ok && d.Problem == "" && len(d.Rules) == 0 && !d.AllRules {
			t.Fatalf("%q: a valid directive names no rule", text)
		}
		src := "package p\n" + text + "\n"
		fset := token.NewFileSet()
		if file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments); err == nil {
			ParseGo(fset, file, "p.go", Options{})
		}
	})
}
