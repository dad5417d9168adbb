package cloudformation

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// Seeds besides testdata/fuzz: every template under testdata/templates.
func addTemplateSeeds(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "templates", pattern))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
}

func FuzzLoadYAML(f *testing.F) {
	addTemplateSeeds(f, "*.yaml")
	root := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLoad(t, data, "fuzz/template.yaml", root)
	})
}

func FuzzLoadJSON(f *testing.F) {
	addTemplateSeeds(f, "*.json")
	root := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLoad(t, data, "fuzz/template.json", root)
	})
}

// checkLoad loads input and checks what must hold for any input: no panic (the fuzzer
// catches it), every problem and every range located inside the file.
func checkLoad(t *testing.T, data []byte, rel, root string) {
	res := loadTemplate(data, rel, root)
	lines := 1
	for _, b := range data {
		if b == '\n' {
			lines++
		}
	}
	inFile := func(r model.Range, what string) {
		if r.IsZero() {
			return
		}
		if r.File == rel && (r.Line < 1 || r.Line > lines || r.Column < 1 || r.EndLine < r.Line || r.EndLine > lines ||
			(r.EndLine == r.Line && r.EndColumn < r.Column)) {
			t.Fatalf("%s range %+v outside the %d-line input", what, r, lines)
		}
	}
	for _, p := range res.problems {
		if p.Message == "" {
			t.Fatal("problem without a message")
		}
		inFile(p.Range, "problem")
	}
	if res.project != nil {
		walkRanges(reflect.ValueOf(res.project).Elem(), 0, func(r model.Range) { inFile(r, "model") })
	}
}

// walkRanges calls f with every Range in a model value.
func walkRanges(v reflect.Value, depth int, f func(model.Range)) {
	if depth > 20 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walkRanges(v.Elem(), depth+1, f)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkRanges(v.Index(i), depth+1, f)
		}
	case reflect.Struct:
		if r, ok := v.Interface().(model.Range); ok {
			f(r)
			return
		}
		for i := 0; i < v.NumField(); i++ {
			walkRanges(v.Field(i), depth+1, f)
		}
	}
}
