package suppress

import (
	"bytes"
	"strings"
)

// ParseYAML returns the `# slslint:ignore` directives of a YAML file. A directive covers the
// line it is on (or, when the comment stands alone, the next line with content) and every
// following line indented deeper than that line: the key's whole value.
func ParseYAML(src []byte, path string) []Directive {
	lines := splitLines(src)
	var out []Directive
	for i, line := range lines {
		col, text, ok := yamlComment(line)
		if !ok {
			continue
		}
		d, ok := parseTextDirective(text)
		if !ok {
			continue
		}
		d.Path, d.Line, d.Column, d.EndColumn = path, i+1, col+1, len(line)+1
		anchor := i
		if strings.TrimSpace(line[:col]) == "" {
			anchor = nextContentLine(lines, i+1, yamlCommentOnly)
		}
		if anchor < 0 {
			d.StartLine, d.EndLine = i+1, i+1
		} else {
			d.StartLine, d.EndLine = anchor+1, yamlBlockEnd(lines, anchor)+1
		}
		out = append(out, d)
	}
	return out
}

// ParseHCL returns the `# slslint:ignore` and `// slslint:ignore` directives of an HCL file.
// A directive covers the block or attribute that starts on its line (or, when the comment
// stands alone, on the next line with content), through its closing bracket.
func ParseHCL(src []byte, path string) []Directive {
	lines := splitLines(src)
	var out []Directive
	heredoc := ""
	for i, line := range lines {
		if heredoc != "" { // a heredoc's body is text, not comments
			if strings.TrimSpace(line) == heredoc {
				heredoc = ""
			}
			continue
		}
		heredoc = heredocMarker(line)
		col, text, ok := hclComment(line)
		if !ok {
			continue
		}
		d, ok := parseTextDirective(text)
		if !ok {
			continue
		}
		d.Path, d.Line, d.Column, d.EndColumn = path, i+1, col+1, len(line)+1
		anchor := i
		if strings.TrimSpace(line[:col]) == "" {
			anchor = nextContentLine(lines, i+1, hclCommentOnly)
		}
		if anchor < 0 {
			d.StartLine, d.EndLine = i+1, i+1
		} else {
			d.StartLine, d.EndLine = anchor+1, hclBlockEnd(lines, anchor)+1
		}
		out = append(out, d)
	}
	return out
}

// parseTextDirective recognizes "slslint:ignore ..." in the text of a YAML or HCL comment,
// without its marker.
func parseTextDirective(text string) (Directive, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(text), "slslint:ignore")
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return Directive{}, false
	}
	var d Directive
	parseIgnore(&d, rest)
	return d, true
}

func splitLines(src []byte) []string {
	s := string(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")))
	return strings.Split(s, "\n")
}

// yamlComment finds a comment on a YAML line: a '#' at the line start or after a blank,
// outside quotes. It returns the byte column of '#' and the comment text.
func yamlComment(line string) (int, string, bool) {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			if i == 0 || line[i-1] == ' ' || line[i-1] == '\t' || line[i-1] == ':' || line[i-1] == '[' || line[i-1] == '{' || line[i-1] == ',' || line[i-1] == '-' {
				quote = c
			}
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return i, line[i+1:], true
		}
	}
	return 0, "", false
}

func yamlCommentOnly(line string) bool {
	t := strings.TrimSpace(line)
	return t == "" || strings.HasPrefix(t, "#")
}

func indent(line string) int { return len(line) - len(strings.TrimLeft(line, " \t")) }

func nextContentLine(lines []string, from int, skip func(string) bool) int {
	for j := from; j < len(lines); j++ {
		if !skip(lines[j]) {
			return j
		}
	}
	return -1
}

// yamlBlockEnd returns the index of the last line of the node that starts at line anchor.
func yamlBlockEnd(lines []string, anchor int) int {
	base, end := indent(lines[anchor]), anchor
	for j := anchor + 1; j < len(lines); j++ {
		if yamlCommentOnly(lines[j]) {
			continue
		}
		if indent(lines[j]) <= base {
			break
		}
		end = j
	}
	return end
}

// hclComment finds a '#' or '//' comment on an HCL line outside strings.
func hclComment(line string) (int, string, bool) {
	inString := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case inString:
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '#':
			return i, line[i+1:], true
		case c == '/' && i+1 < len(line) && line[i+1] == '/':
			return i, line[i+2:], true
		}
	}
	return 0, "", false
}

// heredocMarker returns the closing marker of a heredoc that starts on line, if any.
func heredocMarker(line string) string {
	code := line
	if col, _, ok := hclComment(line); ok {
		code = line[:col]
	}
	inString := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && strings.HasPrefix(code[i:], "<<"):
			return strings.TrimSpace(strings.TrimLeft(code[i+2:], "-~"))
		}
	}
	return ""
}

func hclCommentOnly(line string) bool {
	t := strings.TrimSpace(line)
	return t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//")
}

// hclBlockEnd returns the index of the last line of the block or attribute that starts at
// line anchor: the line where its brackets balance again. Strings, template interpolations,
// comments and heredocs are skipped.
func hclBlockEnd(lines []string, anchor int) int {
	const inString = -1
	depth := 0
	// Open string and interpolation contexts, innermost last: inString for a quoted string,
	// otherwise the bracket depth at which a "${" interpolation started.
	var stack []int
	heredoc := ""
	for j := anchor; j < len(lines); j++ {
		line := lines[j]
		if heredoc != "" {
			if strings.TrimSpace(line) == heredoc {
				heredoc = ""
				if depth == 0 && len(stack) == 0 {
					return j
				}
			}
			continue
		}
	scan:
		for i := 0; i < len(line); i++ {
			c := line[i]
			if len(stack) > 0 && stack[len(stack)-1] == inString {
				switch {
				case c == '\\':
					i++
				case c == '"':
					stack = stack[:len(stack)-1]
				case c == '$' && i+1 < len(line) && line[i+1] == '{':
					stack = append(stack, depth)
					i++
				}
				continue
			}
			switch {
			case c == '"':
				stack = append(stack, inString)
			case c == '#' || (c == '/' && i+1 < len(line) && line[i+1] == '/'):
				break scan
			case c == '<' && strings.HasPrefix(line[i:], "<<"):
				if marker := strings.TrimSpace(strings.TrimLeft(line[i+2:], "-~")); marker != "" {
					heredoc = marker
					break scan
				}
			case c == '{' || c == '[' || c == '(':
				depth++
			case c == '}' && len(stack) > 0 && stack[len(stack)-1] == depth:
				stack = stack[:len(stack)-1] // end of an interpolation: back in its string
			case c == '}' || c == ']' || c == ')':
				depth--
			}
		}
		if depth <= 0 && len(stack) == 0 && heredoc == "" {
			return j
		}
	}
	return len(lines) - 1
}
