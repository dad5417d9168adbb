package analyzers_test

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/analyzers"
	"github.com/slslint/slslint/analyzers/program"
	"github.com/slslint/slslint/internal/gocheck"
)

// TestAnalyzersTolerateTypeErrors runs every analyzer on half-broken copies of the analyzer
// tests' apps: the analyzers run on packages with type errors (RunDespiteErrors), where
// expressions have no type and identifiers no object, and must never crash there. Each
// variant breaks every file in another way — a declaration deleted (an import, a type, a
// function its callers need), a call of something undefined, a parameter of an undefined
// type — so that, over the variants, every analyzer meets missing types in every shape the
// apps have.
func TestAnalyzersTolerateTypeErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the analyzer tests' apps several times")
	}
	src, err := filepath.Abs(filepath.Join("testdata", "src"))
	if err != nil {
		t.Fatal(err)
	}
	var apps []string // the test apps; the other top-level folders are library stubs
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !strings.Contains(e.Name(), ".") {
			apps = append(apps, e.Name())
		}
	}
	as := append(analyzers.Analyzers(), program.Analyzer)
	const variants = 4
	for v := range variants {
		t.Run(fmt.Sprint("variant", v), func(t *testing.T) {
			gopath := t.TempDir()
			copyTree(t, src, filepath.Join(gopath, "src"))
			broken := 0
			for _, app := range apps {
				broken += breakFiles(t, filepath.Join(gopath, "src", app), v)
			}
			var patterns []string
			for _, app := range apps {
				patterns = append(patterns, "./"+app+"/...")
			}
			res, err := gocheck.Run(context.Background(), gocheck.Options{
				Dir: filepath.Join(gopath, "src"), Patterns: patterns, Analyzers: as,
				Env: []string{"GO111MODULE=off", "GOPATH=" + gopath, "GOFLAGS=", "GOPROXY=off"},
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("variant %d: %d files broken, %d problems, %d diagnostics", v, broken, len(res.Problems), len(res.Diagnostics))
			typeErrors := 0
			for _, p := range res.Problems {
				if p.Analyzer != nil || p.Crash {
					t.Errorf("crash: %s", p.Msg)
				} else {
					typeErrors++
				}
			}
			// The variant must really have broken the code, and the analyzers must still
			// have run on it, or it tests nothing.
			if broken == 0 || typeErrors < len(apps) || len(res.Diagnostics) == 0 {
				t.Errorf("variant %d broke %d files, caused %d type errors and left %d diagnostics", v, broken, typeErrors, len(res.Diagnostics))
			}
		})
	}
}

// breakFiles breaks about half the non-test Go files under dir, each in the way variant v
// chooses for it, and returns how many it changed.
func breakFiles(t *testing.T, dir string, v int) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil
		}
		h := fnv.New32a()
		h.Write([]byte(filepath.Base(path)))
		k := int(h.Sum32()%1000) + v
		// Half the files stay intact, so that the analyzers run on broken packages and
		// still report on their intact files.
		if k%2 == 0 || !mutate(f, k/2) {
			return nil
		}
		var buf bytes.Buffer
		if err := printer.Fprint(&buf, fset, f); err != nil {
			return err
		}
		n++
		return os.WriteFile(path, buf.Bytes(), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// mutate breaks a file in one of three ways, chosen by k.
func mutate(f *ast.File, k int) bool {
	if len(f.Decls) == 0 {
		return false
	}
	switch k % 3 {
	case 0: // delete a declaration: an import, a type or a function others need
		i := k / 3 % len(f.Decls)
		f.Decls = append(f.Decls[:i], f.Decls[i+1:]...)
		return true
	case 1: // call something that does not exist
		changed := false
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && !changed {
				switch fun := call.Fun.(type) {
				case *ast.Ident:
					fun.Name = "undefinedFunc"
					changed = true
				case *ast.SelectorExpr:
					fun.Sel.Name = "UndefinedMethod"
					changed = true
				}
			}
			return !changed
		})
		return changed
	default: // give a parameter a type that does not exist
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Type.Params != nil && len(fd.Type.Params.List) > 0 {
				fd.Type.Params.List[0].Type = ast.NewIdent("undefinedType")
				return true
			}
		}
		return false
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
