package goeval

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A Package is one type-checked package whose syntax the evaluator may interpret.
type Package struct {
	Types *types.Package
	Info  *types.Info
	Files []*ast.File
}

// A Program is the code the evaluator can see: the functions, methods and package-level
// variables of the packages given, indexed by their type objects.
type Program struct {
	Fset  *token.FileSet
	funcs map[*types.Func]*funcCode
	vars  map[*types.Var]*varCode
	// reassigned holds the package-level variables assigned after their declaration
	// somewhere in the program: their initializer is not their value everywhere.
	reassigned map[*types.Var]bool
	// fileOf maps a file's start to its syntax, for the comments near a position.
	files []*ast.File
}

type funcCode struct {
	decl *ast.FuncDecl
	info *types.Info
}

type varCode struct {
	spec  *ast.ValueSpec
	index int
	info  *types.Info
}

// NewProgram indexes the packages.
func NewProgram(fset *token.FileSet, pkgs []*Package) *Program {
	p := &Program{Fset: fset, funcs: map[*types.Func]*funcCode{}, vars: map[*types.Var]*varCode{}, reassigned: map[*types.Var]bool{}}
	for _, pkg := range pkgs {
		if pkg == nil || pkg.Info == nil {
			continue
		}
		for _, f := range pkg.Files {
			p.files = append(p.files, f)
			p.index(pkg, f)
		}
	}
	return p
}

func (p *Program) index(pkg *Package, f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if fn, ok := pkg.Info.Defs[d.Name].(*types.Func); ok && d.Body != nil {
				p.funcs[fn] = &funcCode{decl: d, info: pkg.Info}
			}
		case *ast.GenDecl:
			if d.Tok != token.VAR {
				continue
			}
			for _, s := range d.Specs {
				vs, ok := s.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, name := range vs.Names {
					if v, ok := pkg.Info.Defs[name].(*types.Var); ok {
						p.vars[v] = &varCode{spec: vs, index: i, info: pkg.Info}
					}
				}
			}
		}
	}
	// Package-level variables assigned in a function body, or whose address is taken, may
	// hold another value than their initializer when they are read.
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				p.markReassigned(pkg.Info, lhs)
			}
		case *ast.IncDecStmt:
			p.markReassigned(pkg.Info, n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				p.markReassigned(pkg.Info, n.X)
			}
		}
		return true
	})
}

func (p *Program) markReassigned(info *types.Info, e ast.Expr) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return
	}
	if v, ok := info.Uses[id].(*types.Var); ok && v.Parent() == v.Pkg().Scope() {
		p.reassigned[v] = true
	}
}

// Has reports whether the program has the body of fn.
func (p *Program) Has(fn *types.Func) bool {
	_, ok := p.funcs[fn]
	return ok
}

// Funcs calls f for every function and method of the program with a body, in no
// particular order.
func (p *Program) Funcs(f func(*types.Func, *ast.FuncDecl, *types.Info)) {
	for fn, c := range p.funcs {
		f(fn, c.decl, c.info)
	}
}
