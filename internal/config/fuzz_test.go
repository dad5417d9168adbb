package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: any input either parses or yields an *Error naming the file; it never panics.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "seeds", "*.yml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("version: 1\n"))
	f.Add([]byte("version: 1\nrules:\n  SLS603: off\nexclude: [a/**]\n"))
	f.Add([]byte("version: 1\nrules: [1, 2]\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse(src, "f.yml", "sub")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Path != "f.yml" {
				t.Fatalf("error %v (%T) is not a positioned *Error", err, err)
			}
			return
		}
		if c.Rules == nil {
			t.Fatal("nil rules map")
		}
	})
}
