// Package srcpos carries source positions inside analysis facts.
//
// A token.Pos is only meaningful in the FileSet of the pass that made it: go vet and nogo
// analyze each package in its own process and pass facts between them as bytes. Facts
// therefore hold a Position (file name, line, column), which a later pass turns back into
// a token.Pos when the file is in its FileSet (always under the slslint command, which
// loads every package into one FileSet) and otherwise only prints.
package srcpos

import (
	"fmt"
	"go/token"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
)

// A Position is a file, line and column, gob-encodable.
type Position struct {
	File         string
	Line, Column int
}

// Of returns the position of p in fset.
func Of(fset *token.FileSet, p token.Pos) Position {
	pos := fset.Position(p)
	return Position{File: pos.Filename, Line: pos.Line, Column: pos.Column}
}

// String renders the position as its directory and file name and line ("store/orders.go:44"):
// short enough for a message and the same on every machine.
func (p Position) String() string {
	if p.File == "" {
		return "?"
	}
	dir := filepath.Base(filepath.Dir(p.File))
	name := filepath.Base(p.File)
	if dir == "." || dir == string(filepath.Separator) {
		return fmt.Sprintf("%s:%d", name, p.Line)
	}
	return fmt.Sprintf("%s/%s:%d", dir, name, p.Line)
}

// A Resolver maps Positions back to token.Pos values of one pass.
type Resolver struct {
	fset  *token.FileSet
	files map[string]*token.File
}

// NewResolver returns a resolver for pass's FileSet.
func NewResolver(pass *analysis.Pass) *Resolver { return &Resolver{fset: pass.Fset} }

// Pos returns the token.Pos of p, or token.NoPos when its file is not in the FileSet.
func (r *Resolver) Pos(p Position) token.Pos {
	if r.files == nil {
		r.files = map[string]*token.File{}
		r.fset.Iterate(func(f *token.File) bool {
			if _, dup := r.files[f.Name()]; !dup {
				r.files[f.Name()] = f
			}
			return true
		})
	}
	f := r.files[p.File]
	if f == nil || p.Line < 1 || p.Line > f.LineCount() {
		return token.NoPos
	}
	start := f.LineStart(p.Line)
	col := p.Column - 1
	if col < 0 {
		col = 0
	}
	if off := f.Offset(start) + col; off <= f.Size() {
		return f.Pos(off)
	}
	return start
}
