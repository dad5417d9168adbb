package srcpos

import (
	"go/token"
	"testing"
)

func TestString(t *testing.T) {
	for _, tc := range []struct {
		p    Position
		want string
	}{
		{Position{File: "/src/app/store/orders.go", Line: 44, Column: 2}, "store/orders.go:44"},
		{Position{File: "orders.go", Line: 3}, "orders.go:3"},
		{Position{}, "?"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	fset := token.NewFileSet()
	f := fset.AddFile("/src/a.go", -1, 100)
	f.SetLines([]int{0, 10, 20})
	pos := f.Pos(23)
	p := Of(fset, pos)
	r := &Resolver{fset: fset}
	if got := r.Pos(p); got != pos {
		t.Errorf("Pos(%+v) = %v, want %v", p, got, pos)
	}
	if got := r.Pos(Position{File: "/elsewhere.go", Line: 1, Column: 1}); got.IsValid() {
		t.Errorf("a file outside the FileSet resolved to %v", got)
	}
}
