package cloudformation

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/slslint/slslint/iac/model"
)

// Limits on hostile input. Real templates stay far below them: CloudFormation itself accepts
// at most 1 MB of template and 500 resources.
const (
	// maxDepth bounds nesting, counting what YAML aliases expand to.
	maxDepth = 256
	// maxExpanded bounds the number of values a YAML document expands to through aliases
	// (the "billion laughs" attack); trees share aliased subtrees rather than copying them,
	// but every walk over the tree pays for the expansion.
	maxExpanded = 1 << 20
)

// text is a source file with its line table, for turning byte offsets into ranges.
type text struct {
	src  []byte
	file string
	// lines holds the byte offset at which each line starts.
	lines []int
	// warnings are problems found while parsing that do not stop the file being read.
	warnings []model.Problem
}

func newText(src []byte, file string) *text {
	t := &text{src: src, file: file, lines: make([]int, 1, len(src)/32+1)}
	for i, b := range src {
		if b == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	return t
}

// pos returns the 1-based line and byte column of a byte offset.
func (t *text) pos(off int) (line, col int) {
	off = max(0, min(off, len(t.src)))
	i := sort.Search(len(t.lines), func(i int) bool { return t.lines[i] > off }) - 1
	return i + 1, off - t.lines[i] + 1
}

// rng returns the range of the bytes [start, end).
func (t *text) rng(start, end int) model.Range {
	l, c := t.pos(start)
	el, ec := t.pos(max(start, end))
	return model.Range{File: t.file, Line: l, Column: c, EndLine: el, EndColumn: ec}
}

// offset converts a 1-based line and a column counted in characters (as yaml.v3 reports
// them) to a byte offset.
func (t *text) offset(line, charCol int) int {
	if line < 1 || line > len(t.lines) {
		return len(t.src)
	}
	off := t.lines[line-1]
	for i := 1; i < charCol && off < len(t.src) && t.src[off] != '\n'; i++ {
		if t.src[off] < utf8.RuneSelf {
			off++
			continue
		}
		_, size := utf8.DecodeRune(t.src[off:])
		off += size
	}
	return off
}

// lineEnd returns the offset of the end of the line holding off, before its newline.
func (t *text) lineEnd(off int) int {
	for off < len(t.src) && t.src[off] != '\n' {
		off++
	}
	if off > 0 && t.src[off-1] == '\r' {
		off--
	}
	return off
}

// problem returns a Problem at a byte offset.
func (t *text) problem(off int, format string, args ...any) *model.Problem {
	r := t.rng(off, off+1)
	return &model.Problem{Range: r, Message: fmt.Sprintf(format, args...)}
}

// checkEncoding rejects input that is not UTF-8 text: the YAML and JSON parsers would
// otherwise report it with a less useful message, or not at all.
func checkEncoding(t *text) *model.Problem {
	src := t.src
	bom := len(src) >= 2 && ((src[0] == 0xFE && src[1] == 0xFF) || (src[0] == 0xFF && src[1] == 0xFE))
	// Without a byte order mark, UTF-16 text that starts with ASCII has a zero byte in
	// every pair.
	bare := len(src) >= 4 && (src[0] != 0 && src[1] == 0 && src[2] != 0 && src[3] == 0 ||
		src[0] == 0 && src[1] != 0 && src[2] == 0 && src[3] != 0)
	if bom || bare {
		return t.problem(0, "the file is UTF-16 encoded; CloudFormation templates must be UTF-8: save it as UTF-8 to have it analyzed")
	}
	for i := 0; i < len(src); {
		b := src[i]
		if b < utf8.RuneSelf {
			if b == 0 {
				return t.problem(i, "the file contains a NUL byte: it is binary, not a template")
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return t.problem(i, "invalid UTF-8 byte 0x%02x: CloudFormation templates must be UTF-8 text", b)
		}
		i += size
	}
	return nil
}
