package config

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/slslint/slslint/internal/jsonschematest"
	"github.com/slslint/slslint/rules"
)

func TestParseValid(t *testing.T) {
	src := `version: 1
rules:
  SLS603: off
  parse-error: warning
  SLS001: on
exclude:
  - legacy/**
  - "*_generated.go"
suppressions:
  nolint-without-reason: allow
`
	c, err := Parse([]byte(src), ".slslint.yml", "services/orders")
	if err != nil {
		t.Fatal(err)
	}
	if s := c.Rules["SLS603"]; s.Enabled == nil || *s.Enabled || s.Level != "" {
		t.Errorf("SLS603 = %+v, want off", s)
	}
	if !c.Suppress.NolintWithoutReason {
		t.Error("suppressions.nolint-without-reason: allow was not read")
	}
	if s := c.Rules["SLS000"]; s.Enabled == nil || !*s.Enabled || s.Level != rules.Warning {
		t.Errorf("SLS000 (by name) = %+v, want on at warning", s)
	}
	// Excludes are relative to the file's directory; a bare name matches at any depth.
	for path, want := range map[string]bool{
		"services/orders/legacy/a.go":    true,
		"legacy/a.go":                    false,
		"anywhere/x_generated.go":        true,
		"services/orders/handler/h.go":   false,
		"services/orders/legacy":         true,
		"services/orders/legacyhandlers": false,
	} {
		if got := c.Exclude.Match(path); got != want {
			t.Errorf("Exclude.Match(%q) = %v, want %v", path, got, want)
		}
	}
	jsonschematest.Validate(t, jsonschematest.Config, yamlToJSON(t, src))
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"empty", "", 0, "empty configuration"},
		{"no version", "rules: {SLS603: off}\n", 1, "missing `version: 1`"},
		{"future version", "# comment\nversion: 2\n", 2, "version 2 is not supported"},
		{"unknown key", "version: 1\nrulez:\n  SLS603: off\n", 2, `unknown key "rulez"; did you mean "rules"?`},
		{"nested unknown key", "version: 1\narchitecture:\n  domian: [x]\n", 3, `architecture: unknown key "domian"; did you mean "domain"?`},
		{"unknown key far from all", "version: 1\nzzzzzzzz: 1\n", 2, `unknown key "zzzzzzzz"; valid keys are architecture, cost, exclude,`},
		{"unknown rule", "version: 1\nrules:\n  SLS999: off\n", 3, `unknown rule "SLS999"`},
		{"misspelt rule name", "version: 1\nrules:\n  nondeterministic-write-keys: off\n", 3, `unknown rule "nondeterministic-write-keys"; did you mean "nondeterministic-write-key"?`},
		{"list wanted", "version: 1\narchitecture:\n  domain: internal/**\n", 3, `architecture.domain: want a list, got "internal/**"`},
		{"number wanted", "version: 1\nretries:\n  max-attempts: many\n", 3, `retries.max-attempts: want a whole number, got "many"`},
		{"bool wanted", "version: 1\nfatal:\n  panics: sometimes\n", 3, `fatal.panics: want true or false, got "sometimes"`},
		{"nolint policy", "version: 1\nsuppressions:\n  nolint-without-reason: sure\n", 3, `want allow or report, got "sure"`},
		{"bad level", "version: 1\nrules:\n  SLS603: loud\n", 3, `want on, off, error, warning or note, got "loud"`},
		{"twice", "version: 1\nrules:\n  SLS603: off\n  deprecated-aws-sdk: on\n", 4, "SLS603 is set twice"},
		{"bad glob", "version: 1\nexclude:\n  - ok/**\n  - \"a/[b\"\n", 4, "exclude: bad pattern"},
		{"wrong type", "version: 1\nexclude: 5\n", 2, `exclude: want a list, got "5"`},
		{"not yaml", "version: 1\n  rules: [\n", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), "cfg.yml", ".")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) || e.Path != "cfg.yml" {
				t.Errorf("err = %q (line %d), want line %d containing %q", e.Error(), e.Line, tt.line, tt.msg)
			}
			if tt.line > 0 && !strings.HasPrefix(e.Error(), "cfg.yml:") {
				t.Errorf("error %q does not start with file:line", e.Error())
			}
			// The user's words, not Go's.
			for _, goWord := range []string{"config.raw", "analyzers.", "checks.", "!!str", "unmarshal", "[]string"} {
				if strings.Contains(e.Msg, goWord) {
					t.Errorf("error %q names Go types (%s)", e.Msg, goWord)
				}
			}
		})
	}
}

func TestFindAndLoad(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "services", "orders")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, ok := Find(sub, root); ok {
		t.Fatal("found a config in an empty tree")
	}
	cfgPath := filepath.Join(root, "services", ".slslint.yml")
	if err := os.WriteFile(cfgPath, []byte("version: 1\nexclude: [legacy]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, ok := Find(sub, root)
	if !ok || got != cfgPath {
		t.Fatalf("Find = %q, %v; want %q", got, ok, cfgPath)
	}
	// The search stops at the repository root.
	if _, ok := Find(root, root); ok {
		t.Error("Find looked below the start directory")
	}
	c, err := Load(cfgPath, root)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Exclude.Match("services/orders/legacy/x.go") {
		t.Error("exclude not applied")
	}
}

// TestSchemaMatchesDecoder keeps the JSON schema and the decoder in step: at every level of
// nested settings, the keys the decoder accepts are exactly the keys the schema describes.
func TestSchemaMatchesDecoder(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(jsonschematest.RepoRoot(), jsonschematest.Config))
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := yaml.Unmarshal(src, &schema); err != nil {
		t.Fatal(err)
	}
	compareKeys(t, "", reflect.TypeOf(raw{}), schema)
}

func compareKeys(t *testing.T, path string, rt reflect.Type, schema map[string]any) {
	props, _ := schema["properties"].(map[string]any)
	fields := map[string]reflect.Type{}
	var collect func(reflect.Type)
	collect = func(rt reflect.Type) {
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			switch {
			case opts == "inline":
				collect(f.Type)
			case name != "" && name != "-":
				fields[name] = f.Type
			}
		}
	}
	collect(rt)
	for name, ft := range fields {
		sub, ok := props[name].(map[string]any)
		if !ok {
			t.Errorf("the decoder accepts %s%s but the schema does not describe it", path, name)
			continue
		}
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(yaml.Node{}) {
			compareKeys(t, path+name+".", ft, sub)
		}
	}
	for name := range props {
		if _, ok := fields[name]; !ok {
			t.Errorf("the schema describes %s%s but the decoder rejects it", path, name)
		}
	}
}

func yamlToJSON(t *testing.T, src string) []byte {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ForDir finds the configuration that applies to a package directory: the nearest one up
// to the repository root, or without a repository up to the module root.
func TestForDir(t *testing.T) {
	write := func(p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	repo := t.TempDir()
	write(filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	write(filepath.Join(repo, ".slslint.yml"), "version: 1\nrules: {SLS603: off}\n")
	write(filepath.Join(repo, "svc", "legacy", ".slslint.yml"), "version: 1\n")
	pkg := filepath.Join(repo, "svc", "orders")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	c, root, err := ForDir(pkg)
	if err != nil || root != repo || c.Path != filepath.Join(repo, ".slslint.yml") {
		t.Errorf("ForDir(svc/orders) = %v, %q, %v", c, root, err)
	}
	if c, _, _ := ForDir(filepath.Join(repo, "svc", "legacy")); c.Path != filepath.Join(repo, "svc", "legacy", ".slslint.yml") {
		t.Errorf("the nearest configuration does not win: %q", c.Path)
	}

	mod := t.TempDir()
	write(filepath.Join(mod, "go.mod"), "module example.com/m\n")
	write(filepath.Join(mod, ".slslint.yml"), "version: 1\n")
	if c, root, _ := ForDir(filepath.Join(mod, "internal", "x")); root != mod || c.Path != filepath.Join(mod, ".slslint.yml") {
		t.Errorf("without a repository: root %q, config %q", root, c.Path)
	}
	if c, _, _ := ForDir(t.TempDir()); c.Path != "" {
		t.Errorf("a configuration found where there is none: %q", c.Path)
	}
}
