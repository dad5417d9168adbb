package gocheck

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// The loader works as go vet does, rather than as go/packages' LoadAllSyntax does: the
// packages of the analyzed module(s) are parsed and type-checked from source, every other
// package (the standard library, dependencies) gets its types from the compiler's export
// data, which the go command builds and caches (go list -export). Loading a dependency from
// source costs its whole syntax tree and type information in memory and its type-checking
// in time, on every run; export data costs a fraction of both and is shared with go build
// through the build cache.
//
// A dependency without export data (it failed to compile) is type-checked from source
// without function bodies, so that its importers can still be analyzed.
//
// Analyzers that produce facts still run on every package, as the checker requires; for an
// export-data package they see no files (pass.Files is empty) and an empty types.Info.

// metaMode is what go list must tell about every package.
const metaMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
	packages.NeedDeps | packages.NeedExportFile | packages.NeedTypesSizes | packages.NeedModule

type loader struct {
	ctx   context.Context
	fset  *token.FileSet
	trim  *bodyTrimmer
	order []*packages.Package // dependencies before dependents
	// fromSource holds the packages type-checked from source: the analyzed module's (with
	// bodies) and dependencies without export data (without bodies).
	fromSource map[*packages.Package]bool
	// done is closed when a package's types are ready.
	done map[*packages.Package]chan struct{}
}

// load lists the packages matching opts.Patterns with all their dependencies and gives each
// its types: from source for the analyzed module, from export data otherwise.
func load(ctx context.Context, opts Options, fset *token.FileSet, trim *bodyTrimmer) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    metaMode,
		Dir:     opts.Dir,
		Tests:   opts.Tests,
		Env:     append(os.Environ(), opts.Env...),
		Fset:    fset,
	}
	roots, err := packages.Load(cfg, opts.Patterns...)
	if err != nil {
		return nil, err
	}
	l := &loader{ctx: ctx, fset: fset, trim: trim, fromSource: map[*packages.Package]bool{}, done: map[*packages.Package]chan struct{}{}}
	packages.Visit(roots, nil, func(p *packages.Package) { l.order = append(l.order, p) })

	// Every package gets its types.Package up front, so that reading export data fills the
	// shared objects in place instead of creating copies (as go/packages does).
	view := map[string]*types.Package{} // by path, for the export data reader
	for _, p := range l.order {
		l.done[p] = make(chan struct{})
		p.Fset = fset
		if p.PkgPath == "unsafe" {
			p.Types = types.Unsafe
		} else {
			p.Types = types.NewPackage(p.PkgPath, p.Name)
		}
		if l.analyzedFromSource(p) {
			l.fromSource[p] = true
		} else if _, dup := view[p.PkgPath]; !dup {
			view[p.PkgPath] = p.Types
		}
	}
	// A dependency that imports an analyzed package (possible with replace directives) is
	// checked from source too, after it, so that both see the same objects.
	for _, p := range l.order {
		if l.fromSource[p] {
			continue
		}
		for _, imp := range p.Imports {
			if l.fromSource[imp] {
				l.fromSource[p] = true
				delete(view, p.PkgPath)
			}
		}
	}

	// Export data first, sequentially (the reader mutates the shared view), and only for
	// the packages the source packages import directly: export data is deep, so reading a
	// package also gives the types it uses from its own dependencies. The others keep the
	// partial package those reads fill in, and their import lists from go list, which is
	// all the fact analyzers that run on them need. A dependency whose export data cannot
	// be read is checked from source, and its own imports are then needed in turn.
	read := map[*packages.Package]bool{}
	for changed := true; changed; {
		changed = false
		needed := map[*packages.Package]bool{}
		for _, p := range l.order {
			if l.fromSource[p] {
				for _, imp := range p.Imports {
					needed[imp] = true
				}
			}
		}
		for _, p := range l.order {
			if !needed[p] || read[p] || l.fromSource[p] || p.PkgPath == "unsafe" {
				continue
			}
			read[p] = true
			if err := readExportData(p, fset, view); err != nil {
				l.fromSource[p] = true // without bodies; its imports are needed now
				changed = true
			}
		}
	}
	for _, p := range l.order {
		if l.fromSource[p] {
			continue
		}
		// The import list comes from go list even for packages read from export data,
		// whose own list names the packages its types mention rather than those it
		// imports: the import-chain analyzers (SLS203, SLS601) need the real graph.
		if p.PkgPath != "unsafe" {
			var imports []*types.Package
			for _, imp := range p.Imports {
				imports = append(imports, imp.Types)
			}
			sort.Slice(imports, func(i, j int) bool { return imports[i].Path() < imports[j].Path() })
			p.Types.SetImports(imports)
		}
		p.TypesInfo = newInfo()
		close(l.done[p])
	}

	// Then the source packages, in parallel, each when its imports are ready.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, p := range l.order {
		if !l.fromSource[p] || p.PkgPath == "unsafe" {
			continue
		}
		g.Go(func() error {
			defer close(l.done[p])
			for _, imp := range p.Imports {
				select {
				case <-l.done[imp]:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			l.checkSource(p)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, p := range l.order {
		ill := len(p.Errors) > 0
		for _, imp := range p.Imports {
			ill = ill || imp.IllTyped
		}
		p.IllTyped = ill
	}
	return roots, nil
}

// analyzedFromSource reports whether p belongs to the analyzed code: a package of a main
// module (or of no module, as in GOPATH mode or for files named on the command line) that
// is not in the standard library, the module cache or a vendor directory.
func (l *loader) analyzedFromSource(p *packages.Package) bool {
	if p.Module != nil {
		return p.Module.Main
	}
	for _, f := range p.GoFiles {
		if l.trim.external(f) {
			return false
		}
	}
	return len(p.GoFiles) > 0 || len(p.CompiledGoFiles) > 0
}

func readExportData(p *packages.Package, fset *token.FileSet, view map[string]*types.Package) error {
	if p.ExportFile == "" {
		return errors.New("no export data")
	}
	f, err := os.Open(p.ExportFile)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	// Until Go 1.28, go list -export names compiler archives, whose export data NewReader
	// extracts; it is deprecated only for the cmd/export files that later versions write.
	r, err := gcexportdata.NewReader(f) //nolint:staticcheck // see above

	if err != nil {
		return err
	}
	tp, err := gcexportdata.Read(r, fset, view, p.PkgPath)
	if err != nil {
		return err
	}
	if tp != p.Types {
		return fmt.Errorf("export data for %s created a second package", p.PkgPath)
	}
	return nil
}

func newInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
}

// checkSource parses and type-checks p. Packages of the analyzed module keep their bodies
// and comments; a dependency checked from source (it had no export data) keeps only its
// declarations, which is all its importers need.
func (l *loader) checkSource(p *packages.Package) {
	external := !l.analyzedFromSource(p)
	// go list -export reports the compiler's failure to build the package ("# path\n..."):
	// checking it from source reports the same errors with positions, once.
	kept := p.Errors[:0]
	for _, e := range p.Errors {
		if !strings.HasPrefix(e.Msg, "# ") {
			kept = append(kept, e)
		}
	}
	p.Errors = kept
	files := p.CompiledGoFiles
	if len(files) == 0 {
		files = p.GoFiles
	}
	mode := parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution
	if external {
		mode = parser.AllErrors | parser.SkipObjectResolution
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			p.Errors = append(p.Errors, packages.Error{Pos: name + ":1:1", Msg: err.Error(), Kind: packages.ParseError})
			continue
		}
		f, err := parser.ParseFile(l.fset, name, src, mode)
		if err != nil {
			var list scanner.ErrorList
			if errors.As(err, &list) && len(list) > 0 {
				// The first syntax error of a file is the one to fix; the parser's later
				// ones mostly follow from it.
				e := list[0]
				p.Errors = append(p.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			} else {
				p.Errors = append(p.Errors, packages.Error{Pos: name + ":1:1", Msg: err.Error(), Kind: packages.ParseError})
			}
		}
		if f == nil {
			continue
		}
		if external {
			l.trim.strip(f)
		}
		p.Syntax = append(p.Syntax, f)
	}
	info := newInfo()
	conf := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			imp := p.Imports[path]
			if imp == nil {
				return nil, fmt.Errorf("no metadata for %s", path)
			}
			if !imp.Types.Complete() {
				return nil, fmt.Errorf("could not import %s (it has errors)", path)
			}
			return imp.Types, nil
		}),
		Sizes:            p.TypesSizes,
		IgnoreFuncBodies: external,
		FakeImportC:      external,
		Error: func(err error) {
			var te types.Error
			if errors.As(err, &te) {
				p.Errors = append(p.Errors, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
				return
			}
			p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.TypeError})
		},
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		conf.GoVersion = "go" + p.Module.GoVersion
	}
	// Errors are collected by conf.Error; the returned one repeats the first.
	_ = types.NewChecker(conf, l.fset, p.Types, info).Files(p.Syntax)
	p.TypesInfo = info
	if external {
		// Declarations were all the importers needed; the trimmed syntax must not look
		// like analyzable code.
		p.Syntax = nil
		p.TypesInfo = newInfo()
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
