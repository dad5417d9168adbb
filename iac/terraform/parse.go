package terraform

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/repofile"
)

// maxNesting bounds how deeply brackets, braces, parentheses, template interpolations and
// chains of unary operators may nest in one file. HCL's parser and evaluator recurse once
// per level, and a deep enough input would overflow the goroutine stack, which Go cannot
// recover from; real configurations stay far below this.
const maxNesting = 200

// A parsedFile is one .tf or .tfvars file, parsed once and shared by every module instance
// that reads it.
type parsedFile struct {
	abs, rel string
	// body is nil when the file could not be read or parsed at all.
	body hcl.Body
	// syntax is body as native syntax (nil for JSON files).
	syntax *hclsyntax.Body
}

// readLimited reads a file of the repository of at most model.MaxFileSize bytes (see
// package repofile: links resolved, inside the root, a regular file).
func (l *loader) readLimited(abs string) ([]byte, error) {
	return l.repo.ReadFile(abs, model.MaxFileSize)
}

// parse reads and parses a file once per load; diagnostics become problems.
func (l *loader) parse(abs, rel string) *parsedFile {
	if pf, ok := l.files[abs]; ok {
		return pf
	}
	pf := &parsedFile{abs: abs, rel: rel}
	l.files[abs] = pf
	src, ok := l.content[abs]
	if !ok {
		var err error
		if src, err = l.readLimited(abs); err != nil {
			l.problem(model.Range{File: rel, Line: 1, Column: 1, EndLine: 1, EndColumn: 1}, "the file "+repofile.Describe(err)+" and is not read")
			return pf
		}
	}
	l.parseSource(pf, src)
	return pf
}

// parseSource parses src as native HCL or, for *.json files, HCL's JSON syntax (for
// *.tf.json, converted to native syntax trees: see jsonconfig.go).
func (l *loader) parseSource(pf *parsedFile, src []byte) {
	if line, col, ok := tooDeep(src); ok {
		l.problem(model.Range{File: pf.rel, Line: line, Column: col, EndLine: line, EndColumn: col + 1},
			fmt.Sprintf("nesting deeper than %d levels: the file is not read", maxNesting))
		return
	}
	if isJSONConfig(pf.rel) {
		l.parseJSONConfig(pf, src)
		return
	}
	var file *hcl.File
	var diags hcl.Diagnostics
	if hasSuffixFold(pf.rel, ".json") {
		file, diags = hcljson.Parse(src, pf.rel)
	} else {
		if !utf8.Valid(src) {
			line, col := invalidUTF8At(src)
			l.problem(model.Range{File: pf.rel, Line: line, Column: col, EndLine: line, EndColumn: col + 1},
				"invalid UTF-8: the file is not valid HCL")
			return
		}
		file, diags = hclsyntax.ParseConfig(src, pf.rel, hcl.Pos{Line: 1, Column: 1, Byte: 0})
	}
	l.diagnostics(diags)
	if file == nil || file.Body == nil {
		return
	}
	pf.body = file.Body
	if sb, ok := file.Body.(*hclsyntax.Body); ok {
		pf.syntax = sb
		guardForExprs(sb, l.budget)
	}
}

// diagnostics records error diagnostics as problems at their ranges.
func (l *loader) diagnostics(diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		var r model.Range
		if d.Subject != nil {
			r = toRange(*d.Subject)
		}
		l.problem(r, msg)
	}
}

// tooDeep reports the position where the nesting of src first exceeds maxNesting. It
// over-approximates (brackets inside strings and comments count too), which only matters
// for inputs no real configuration resembles.
func tooDeep(src []byte) (line, col int, deep bool) {
	depth, unary := 0, 0
	line, col = 1, 1
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '(', '[', '{':
			depth++
			unary = 0
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
			unary = 0
		case '!', '-':
			unary++
		case ' ', '\t', '\r':
		default:
			unary = 0
		}
		if depth+unary > maxNesting {
			return line, col, true
		}
		if c == '\n' {
			line, col = line+1, 1
			unary = 0
		} else {
			col++
		}
	}
	return 0, 0, false
}

func invalidUTF8At(src []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col += size
		}
		i += size
	}
	return line, col
}

// parseVarsFile reads a .tfvars or .tfvars.json file into variable values.
func (l *loader) parseVarsFile(abs, rel string) map[string]varValue {
	pf := l.parse(abs, rel)
	if pf.body == nil {
		return nil
	}
	attrs, diags := pf.body.JustAttributes()
	l.diagnostics(diags)
	out := map[string]varValue{}
	for name, a := range attrs {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			l.diagnostics(diags)
			continue
		}
		out[name] = varValue{val: v, at: toRange(a.Expr.Range())}
	}
	return out
}

// A varValue is a variable's value from a variables file.
type varValue struct {
	val cty.Value
	at  model.Range
}

func toRange(r hcl.Range) model.Range {
	return model.Range{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column, EndLine: r.End.Line, EndColumn: r.End.Column}
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && bytes.EqualFold([]byte(s[len(s)-len(suffix):]), []byte(suffix))
}
