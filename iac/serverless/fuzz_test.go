package serverless

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// FuzzParseTemplate: the variable parser never panics, and what it accepts renders back
// without losing variables.
func FuzzParseTemplate(f *testing.F) {
	for _, s := range []string{
		"${self:custom.a}", "x-${opt:stage, 'dev'}-y", "${file(./a.yml):b.c}", "${self:a.${sls:stage}}",
		"${opt:a, ${self:b}, 10}", "${AWS::Region}", "\\${self:a}", "${ssm(raw):/a/b}", "${", "${a:", "${opt:a,",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tpl, err := parseTemplate(s)
		if err == nil && tpl.hasVariables() && renderTemplate(tpl) == "" {
			t.Errorf("parseTemplate(%q) lost its variables", s)
		}
	})
}

// FuzzVariables resolves hostile variables in a configuration: it terminates, reports
// problems instead of panicking, and never yields a value longer than the bound.
func FuzzVariables(f *testing.F) {
	f.Add("${self:custom.b}", "${self:custom.a}", "${self:custom.a}-${self:custom.b}")
	f.Add("${file(./x.yml):a}", "${sls:stage}", "${opt:stage, ${self:custom.a}}")
	f.Add("${self:custom.b}${self:custom.b}", "${self:custom.c}${self:custom.c}", "${self:custom.a}")
	f.Add("${param:p}", "${ssm:/a, 'b'}", "${strToBool(${self:custom.a})}")
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.yml"), []byte("a: ${self:custom.out}\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b, out string) {
		at := model.Range{File: "serverless.yml", Line: 1, Column: 1, EndLine: 1, EndColumn: 1}
		scalar := func(s string) *node {
			return &node{kind: scalarNode, tag: "!!str", value: s, at: at, hasVars: varPattern.MatchString(s)}
		}
		custom := &node{kind: mapNode, at: at, pairs: []pair{
			{key: "a", keyAt: at, val: scalar(a)}, {key: "b", keyAt: at, val: scalar(b)},
			{key: "c", keyAt: at, val: scalar(a + b)}, {key: "out", keyAt: at, val: scalar(out)},
		}}
		root := &node{kind: mapNode, at: at, pairs: []pair{
			{key: "service", keyAt: at, val: scalar("svc")},
			{key: "provider", keyAt: at, val: &node{kind: mapNode, at: at, pairs: []pair{{key: "stage", keyAt: at, val: scalar(b)}}}},
			{key: "custom", keyAt: at, val: custom},
		}}
		ld := newTestLoader(dir)
		cfg := newResolver(ld, root).resolve(root, 0)
		if v := cfg.path("custom", "out"); v != nil && len(v.value) > 2*maxStringLen {
			t.Errorf("value of %d bytes", len(v.value))
		}
	})
}

// FuzzLoad loads arbitrary bytes as a serverless.yml: never a panic or a hang, and every
// problem names the file and a line.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "golden", "*", "serverless.yml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("service: x\nfunctions:\n  f:\n    events: {sqs: 1}\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		ld := newTestLoader(dir)
		ld.p = nil
		ld.loadBytes(src)
		for _, p := range ld.m.Problems {
			if p.File == "" || p.Line < 1 {
				t.Errorf("problem without a position: %+v", p)
			}
		}
	})
}
