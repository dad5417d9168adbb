package serverless

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/repofile"
)

// newTestLoader returns a loader for dir/serverless.yml.
func newTestLoader(dir string) *loader {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		real = dir
	}
	return &loader{
		ctx: context.Background(), m: &model.Model{}, root: dir, rootReal: real, repo: repofile.New(dir), cfn: testCloudFormation,
		src: model.Source{Format: model.Serverless, Abs: filepath.Join(dir, "serverless.yml"), Rel: "serverless.yml"},
		dir: dir, files: map[string]parsedFile{}, p: &model.Project{},
	}
}

// resolveFiles resolves the variables of serverless.yml among files.
func resolveFiles(t *testing.T, files map[string]string) (*node, []model.Problem) {
	t.Helper()
	dir := writeTree(t, files)
	ld := newTestLoader(dir)
	src, err := os.ReadFile(filepath.Join(dir, "serverless.yml"))
	if err != nil {
		t.Fatal(err)
	}
	pf := parseYAML("serverless.yml", src)
	if pf.problem != nil {
		t.Fatalf("parse: %v", pf.problem)
	}
	cfg := newResolver(ld, pf.root).resolve(pf.root, 0)
	return cfg, ld.m.Problems
}

func TestVariables(t *testing.T) {
	base := "service: svc\nprovider:\n  name: aws\n  runtime: go1.x\n"
	tests := []struct {
		name string
		// yml is appended to base; the value tested is custom.out.
		yml   string
		files map[string]string
		// want is the resolved text; "?" means unknown.
		want     string
		secret   bool
		tag      string
		problems int
	}{
		{name: "self", yml: "custom:\n  out: ${self:service}", want: "svc"},
		{name: "self nested path", yml: "custom:\n  a:\n    b:\n      c: deep\n  out: ${self:custom.a.b.c}", want: "deep"},
		{name: "self list index", yml: "custom:\n  l: [x, y]\n  out: ${self:custom.l.1}", want: "y"},
		{name: "self provider", yml: "custom:\n  out: ${self:provider.runtime}", want: "go1.x"},
		{name: "self provider stage default", yml: "custom:\n  out: ${self:provider.stage}", want: "dev"},
		{name: "self provider region default", yml: "custom:\n  out: ${self:provider.region}", want: "us-east-1"},
		{name: "self keeps type", yml: "custom:\n  n: 30\n  out: ${self:custom.n}", want: "30", tag: "!!int"},
		{name: "self chained", yml: "custom:\n  a: ${self:custom.b}\n  b: ${self:service}-b\n  out: ${self:custom.a}", want: "svc-b"},
		{name: "interpolation", yml: "custom:\n  out: prefix-${self:service}-suffix", want: "prefix-svc-suffix"},
		{name: "interpolation of two", yml: "custom:\n  out: ${self:service}-${sls:stage}", want: "svc-dev"},
		{name: "opt default single quotes", yml: "custom:\n  out: ${opt:stage, 'dev'}", want: "dev"},
		{name: "opt default double quotes", yml: "custom:\n  out: '${opt:stage, \"prod\"}'", want: "prod"},
		{name: "opt default number", yml: "custom:\n  out: ${opt:timeout, 30}", want: "30", tag: "!!int"},
		{name: "opt default self", yml: "custom:\n  s: qa\n  out: ${opt:stage, self:custom.s}", want: "qa"},
		{name: "opt without default", yml: "custom:\n  out: ${opt:stage}", want: "?"},
		{name: "sls stage default", yml: "custom:\n  out: ${sls:stage}", want: "dev"},
		{name: "sls stage from provider", yml: "custom:\n  out: ${sls:stage}", files: map[string]string{"serverless.yml": "service: svc\nprovider:\n  name: aws\n  stage: ${opt:stage, 'qa'}\ncustom:\n  out: ${sls:stage}\n"}, want: "qa"},
		{name: "aws region", yml: "custom:\n  out: ${aws:region}", want: "us-east-1"},
		{name: "aws account", yml: "custom:\n  out: ${aws:accountId}", want: "?"},
		{name: "nested in address", yml: "custom:\n  dev:\n    size: 512\n  out: ${self:custom.${sls:stage}.size}", want: "512"},
		{name: "nested fallback", yml: "custom:\n  d: fallback\n  out: ${opt:stage, ${self:custom.d}}", want: "fallback"},
		{name: "fallback after missing self", yml: "custom:\n  out: ${self:custom.nope, 'x'}", want: "x"},
		{name: "fallback literal holding a variable", yml: "custom:\n  out: \"${opt:x, 'a-${self:service}'}\"", want: "a-svc"},
		{name: "file whole", yml: "custom:\n  out: ${file(./c.yml)}", files: map[string]string{"c.yml": "k: v\n"}, want: "<map>"},
		{name: "file key", yml: "custom:\n  out: ${file(./c.yml):a.b}", files: map[string]string{"c.yml": "a:\n  b: v\n"}, want: "v"},
		{name: "file json", yml: "custom:\n  out: ${file(./c.json):a}", files: map[string]string{"c.json": `{"a": "j"}`}, want: "j"},
		{name: "file path with variable", yml: "custom:\n  out: ${file(./${sls:stage}.yml):a}", files: map[string]string{"dev.yml": "a: d\n"}, want: "d"},
		{name: "file refers to self", yml: "custom:\n  out: ${file(./c.yml):a}", files: map[string]string{"c.yml": "a: ${self:service}-f\n"}, want: "svc-f"},
		{name: "file missing with fallback", yml: "custom:\n  out: ${file(./nope.yml):a, 'fb'}", want: "fb"},
		{name: "file missing", yml: "custom:\n  out: ${file(./nope.yml):a}", want: "?"},
		{name: "file outside root", yml: "custom:\n  out: ${file(../outside.yml):a}", want: "?", problems: 1},
		{name: "file javascript never run", yml: "custom:\n  out: ${file(./v.js):a}", files: map[string]string{"v.js": "module.exports = {a: 1}"}, want: "?"},
		{name: "file unparsable", yml: "custom:\n  out: ${file(./bad.yml):a}", files: map[string]string{"bad.yml": "a: [\n"}, want: "?", problems: 1},
		{name: "env", yml: "custom:\n  out: ${env:HOME}", want: "?"},
		{name: "env with fallback", yml: "custom:\n  out: ${env:STAGE, 'dev'}", want: "?"},
		{name: "ssm secret", yml: "custom:\n  out: ${ssm:/db/password}", want: "?", secret: true},
		{name: "ssm with fallback", yml: "custom:\n  out: ${ssm:/x, 'd'}", want: "?", secret: true},
		{name: "cf", yml: "custom:\n  out: ${cf:stack.Output}", want: "?"},
		{name: "s3", yml: "custom:\n  out: ${s3:bucket/key}", want: "?"},
		{name: "plugin source", yml: "custom:\n  out: ${myplugin:x}", want: "?"},
		{name: "param v3", yml: "params:\n  default:\n    p: d\n  dev:\n    p: v\ncustom:\n  out: ${param:p}", want: "v"},
		{name: "param v4 default", yml: "stages:\n  default:\n    params:\n      p: d\ncustom:\n  out: ${param:p}", want: "d"},
		{name: "param dashboard", yml: "custom:\n  out: ${param:p}", want: "?", secret: true},
		{name: "strToBool", yml: "custom:\n  out: ${strToBool(true)}", want: "true", tag: "!!bool"},
		{name: "unknown inside interpolation", yml: "custom:\n  out: x-${env:X}", want: "?"},
		{name: "secret inside interpolation", yml: "custom:\n  out: x-${ssm:/a}", want: "?", secret: true},
		{name: "map inside string", yml: "custom:\n  m: {a: 1}\n  out: x-${self:custom.m}", want: "?"},
		{name: "foreign kept", yml: "custom:\n  out: arn:${AWS::Region}:${Bucket}", want: "arn:${AWS::Region}:${Bucket}"},
		{name: "escaped", yml: "custom:\n  out: a\\${self:service}", want: "a${self:service}"},
		{name: "cycle", yml: "custom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\n  out: ${self:custom.a}", want: "?", problems: 1},
		{name: "self cycle", yml: "custom:\n  out: ${self:custom.out}", want: "?", problems: 1},
		{name: "stage cycle", files: map[string]string{"serverless.yml": "service: s\nprovider:\n  stage: ${sls:stage}\ncustom:\n  out: ${sls:stage}\n"}, want: "?", problems: 1},
		{name: "file cycle", yml: "custom:\n  out: ${file(./c.yml):a}", files: map[string]string{"c.yml": "a: ${file(./c.yml):a}\n"}, want: "?", problems: 1},
		{name: "invalid syntax", yml: "custom:\n  out: ${self:service", want: "?", problems: 1},
		{name: "whole config", yml: "custom:\n  out: ${self:}", want: "?", problems: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"serverless.yml": base + tc.yml + "\n"}
			for k, v := range tc.files {
				files[k] = v
			}
			cfg, problems := resolveFiles(t, files)
			if len(problems) != tc.problems {
				t.Errorf("got %d problems %v, want %d", len(problems), problems, tc.problems)
			}
			out := cfg.path("custom", "out")
			if out == nil {
				t.Fatal("custom.out missing")
			}
			got := out.value
			switch {
			case out.unknown:
				got = "?"
			case out.kind == mapNode:
				got = "<map>"
			}
			if got != tc.want {
				t.Errorf("custom.out = %q, want %q", got, tc.want)
			}
			if out.secret != tc.secret {
				t.Errorf("secret = %v, want %v", out.secret, tc.secret)
			}
			if tc.tag != "" && out.tag != tc.tag {
				t.Errorf("tag = %s, want %s", out.tag, tc.tag)
			}
		})
	}
}

// A resolved value reports where the variable is written, not where its value comes from.
func TestVariablePositions(t *testing.T) {
	cfg, _ := resolveFiles(t, map[string]string{
		"serverless.yml": "service: svc\ncustom:\n  t: 30\n  m: ${file(./m.yml)}\nprovider:\n  timeout: ${self:custom.t}\n  memorySize: ${self:custom.m.size}\n",
		"m.yml":          "size: 512\n",
	})
	timeout := cfg.path("provider", "timeout")
	if got := pos(timeout.at); got != "6:12-6:28" || timeout.at.File != "serverless.yml" {
		t.Errorf("timeout at %s %s, want serverless.yml 6:12-6:28", timeout.at.File, got)
	}
	mem := cfg.path("provider", "memorySize")
	if got := pos(mem.at); got != "7:15-7:36" || mem.value != "512" {
		t.Errorf("memorySize %q at %s", mem.value, got)
	}
	// Inside an included mapping, values keep their own file's positions.
	m := cfg.path("custom", "m")
	if size := m.get("size"); size.at.File != "m.yml" || pos(size.at) != "1:7-1:10" {
		t.Errorf("m.size at %s %s", size.at.File, pos(size.at))
	}
}

// Exponential expansion stops at the size bound with a problem instead of exhausting
// memory.
func TestVariableExpansionBound(t *testing.T) {
	var b strings.Builder
	b.WriteString("service: bomb\ncustom:\n  a0: xxxxxxxxxxxxxxxx\n")
	for i := 1; i <= 40; i++ {
		b.WriteString("  a" + strconv.Itoa(i) + ": ${self:custom.a" + strconv.Itoa(i-1) + "}${self:custom.a" + strconv.Itoa(i-1) + "}\n")
	}
	b.WriteString("  out: ${self:custom.a40}\n")
	cfg, problems := resolveFiles(t, map[string]string{"serverless.yml": b.String()})
	if out := cfg.path("custom", "out"); !out.unknown {
		t.Errorf("out resolved to %d bytes, want unknown", len(out.value))
	}
	if len(problems) == 0 {
		t.Error("no problem reported for the runaway expansion")
	}
}

func TestParseTemplate(t *testing.T) {
	tests := []struct {
		in   string
		want string // variables rendered as {type:address|fallback...}
		err  bool
	}{
		{in: "plain", want: "plain"},
		{in: "${self:a.b}", want: "{self:a.b}"},
		{in: "x-${self:a}-y", want: "x-{self:a}-y"},
		{in: "${opt:stage, 'dev'}", want: "{opt:stage|'dev'}"},
		{in: "${opt:stage, self:provider.stage, \"dev\"}", want: "{opt:stage|self:provider.stage|'dev'}"},
		{in: "${file(./a.yml):k}", want: "{file(./a.yml):k}"},
		{in: "${file(./${sls:stage}.yml)}", want: "{file(./{sls:stage}.yml)}"},
		{in: "${self:custom.${sls:stage}.x}", want: "{self:custom.{sls:stage}.x}"},
		{in: "${opt:a, ${self:b}}", want: "{opt:a|{self:b}}"},
		{in: "${opt:a, 10}", want: "{opt:a|10}"},
		{in: "${AWS::Region}", want: "${AWS::Region}"},
		{in: "${Bucket.Arn}", want: "${Bucket.Arn}"},
		{in: "${bucket}", want: "${bucket}"},
		{in: "$notvar {x}", want: "$notvar {x}"},
		{in: "\\${self:a}", want: "${self:a}"},
		{in: "${self:a", err: true},
		{in: "${opt:a, bare}", err: true},
		{in: "${opt:a, 'unterminated}", err: true},
	}
	for _, tc := range tests {
		tpl, err := parseTemplate(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("parseTemplate(%q) error = %v, want error %v", tc.in, err, tc.err)
			continue
		}
		if err == nil {
			if got := renderTemplate(tpl); got != tc.want {
				t.Errorf("parseTemplate(%q) = %s, want %s", tc.in, got, tc.want)
			}
		}
	}
}

func renderTemplate(t template) string {
	var b strings.Builder
	for _, s := range t {
		if s.v == nil {
			b.WriteString(s.text)
			continue
		}
		b.WriteString("{")
		for i, src := range s.v.sources {
			if i > 0 {
				b.WriteString("|")
			}
			switch {
			case src.literal && src.lit.tag == "!!str":
				b.WriteString("'" + src.lit.value + "'")
			case src.literal:
				b.WriteString(src.lit.value)
			case src.typ == "":
				b.WriteString(renderTemplate(src.address))
			default:
				b.WriteString(src.typ)
				if src.params != nil {
					b.WriteString("(")
					for j, p := range src.params {
						if j > 0 {
							b.WriteString(",")
						}
						b.WriteString(renderTemplate(p))
					}
					b.WriteString(")")
				}
				if len(src.address) > 0 {
					b.WriteString(":" + renderTemplate(src.address))
				}
			}
		}
		b.WriteString("}")
	}
	return b.String()
}
