package importspec

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

type fakeImporter struct{}

func (fakeImporter) Import(path string) (*types.Package, error) {
	p := types.NewPackage(path, "x")
	p.MarkComplete()
	return p, nil
}

func TestPackage(t *testing.T) {
	const src = `package p

import (
	"example.com/plain/x"
	named "example.com/named/x"
	_ "example.com/blank/x"
	. "example.com/dot/x"
)

var _, _ = x.A, named.B
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}}
	conf := types.Config{Importer: fakeImporter{}, Error: func(error) {}}
	pkg, _ := conf.Check("p", fset, []*ast.File{f}, info)
	want := []string{"example.com/plain/x", "example.com/named/x", "example.com/blank/x", "example.com/dot/x"}
	for i, spec := range f.Imports {
		got := Package(info, pkg, spec)
		if got == nil || got.Path() != want[i] {
			t.Errorf("import %d (%s): got %v, want %s", i, spec.Path.Value, got, want[i])
		}
	}
	// Without the package, a blank import cannot be found; no panic either.
	if got := Package(&types.Info{}, nil, f.Imports[2]); got != nil {
		t.Errorf("blank import without package: got %v, want nil", got)
	}
}
