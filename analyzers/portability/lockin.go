package portability

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/internal/importspec"
	"github.com/slslint/slslint/analyzers/internal/ownmodule"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/internal/glob"
	"github.com/slslint/slslint/rules"
)

// providerFact is exported for each package of the analyzed module that imports a provider,
// directly or through other packages of the module. Chain starts with a direct import of
// the package and ends with the provider package.
type providerFact struct {
	Chain []string
}

func (*providerFact) AFact() {}

func (f *providerFact) String() string { return "provider: " + strings.Join(f.Chain, " → ") }

type lockIn struct {
	pass      *analysis.Pass
	r         *diagnostic.Reporter
	providers []string
}

func (l *lockIn) isProvider(path string) bool {
	for _, n := range neutral {
		if path == n || strings.HasPrefix(path, n+"/") {
			return false
		}
	}
	for _, p := range l.providers {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// chainVia returns the provider chain through an import: the import itself when it is a
// provider, or the import followed by its fact's chain when it is a package of the same
// module that reaches one.
func (l *lockIn) chainVia(imp *types.Package) []string {
	if l.isProvider(imp.Path()) {
		return []string{imp.Path()}
	}
	if !ownmodule.Same(l.pass, imp.Path()) {
		return nil
	}
	var f providerFact
	if l.pass.ImportPackageFact(imp, &f) {
		return append([]string{imp.Path()}, f.Chain...)
	}
	return nil
}

// exportChain exports the package's shortest chain to a provider through the module's own
// packages. Test files are left out: a package is not locked in by its tests.
func (l *lockIn) exportChain() {
	pass := l.pass
	if !ownmodule.Analyzed(pass) || pass.Pkg.Name() == "main" {
		return
	}
	paths := map[string]*types.Package{}
	for _, f := range pass.Files {
		if isTestFile(pass, f) {
			continue
		}
		for _, spec := range f.Imports {
			if p := importspec.Package(pass.TypesInfo, pass.Pkg, spec); p != nil {
				paths[p.Path()] = p
			}
		}
	}
	var sorted []string
	for p := range paths {
		sorted = append(sorted, p)
	}
	sort.Strings(sorted)
	var best []string
	for _, p := range sorted {
		if c := l.chainVia(paths[p]); c != nil && (best == nil || len(c) < len(best)) {
			best = c
		}
	}
	if best != nil {
		pass.ExportPackageFact(&providerFact{Chain: best})
	}
}

// inDomain reports whether the package belongs to the domain layer.
func (l *lockIn) inDomain(domain glob.Set) bool {
	pass := l.pass
	path := pass.Pkg.Path()
	// A provider's own packages (an SDK, a runtime adapter) are the provider, not the
	// domain layer of an application, whatever their names.
	if !ownmodule.Analyzed(pass) || l.isProvider(path) {
		return false
	}
	rel := ownmodule.Rel(pass, path)
	relative := rel != path
	for _, p := range domain {
		if relative && p.Match(rel) {
			return true
		}
		// Anchored globs may also name full import paths.
		if !strings.HasPrefix(p.String(), "**") && p.Match(path) {
			return true
		}
	}
	return false
}

const lockInWhy = "business logic tied to a cloud SDK cannot run or be tested without it and must be rewritten to move; " +
	"declare the interface it needs in the domain and implement it in an adapter package"

// reportImports reports each import spec of the package that reaches a provider.
func (l *lockIn) reportImports() {
	pass := l.pass
	self := ownmodule.Rel(pass, pass.Pkg.Path())
	for _, f := range pass.Files {
		if isTestFile(pass, f) {
			continue
		}
		for _, spec := range f.Imports {
			imp := importspec.Package(pass.TypesInfo, pass.Pkg, spec)
			if imp == nil {
				continue
			}
			chain := l.chainVia(imp)
			if chain == nil {
				continue
			}
			if len(chain) == 1 {
				l.r.Report(rules.ProviderImport, spec, "domain package "+self+" imports the cloud provider package "+chain[0]+"\n"+lockInWhy)
				continue
			}
			via := []string{self}
			for _, p := range chain {
				via = append(via, ownmodule.Rel(pass, p))
			}
			l.r.Report(rules.ProviderImport, spec, "domain package "+self+" imports "+via[1]+", which depends on the cloud provider package "+
				chain[len(chain)-1]+"\n"+lockInWhy+" (via "+strings.Join(via, " → ")+")")
		}
	}
}

// reportSignatures reports exported functions and methods, and methods of exported
// interfaces, whose signatures mention provider types.
func (l *lockIn) reportSignatures() {
	pass := l.pass
	self := ownmodule.Rel(pass, pass.Pkg.Path())
	check := func(kind, name string, ft *ast.FuncType) {
		var found []string
		var at ast.Node
		seen := map[string]bool{}
		for _, list := range []*ast.FieldList{ft.Params, ft.Results} {
			if list == nil {
				continue
			}
			for _, field := range list.List {
				names := l.providerTypes(pass.TypesInfo.TypeOf(field.Type))
				for _, n := range names {
					if !seen[n] {
						seen[n] = true
						found = append(found, n)
					}
				}
				if len(names) > 0 && at == nil {
					at = field.Type
				}
			}
		}
		if at == nil {
			return
		}
		l.r.Report(rules.ProviderTypesInDomain, at, kind+" "+name+" of domain package "+self+" has cloud provider types in its signature ("+
			strings.Join(found, ", ")+")\nevery caller and test must build provider values to use the business logic, and a new "+
			"trigger or cloud means rewriting it; take and return domain types and convert in the adapter (handler) layer")
	}
	for _, f := range pass.Files {
		if isTestFile(pass, f) {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv == nil {
					check("exported function", d.Name.Name, d.Type)
				} else if recv := receiverName(d.Recv); recv != "" && ast.IsExported(recv) {
					check("exported method", recv+"."+d.Name.Name, d.Type)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					ts, ok := spec.(*ast.TypeSpec)
					if !ok || !ts.Name.IsExported() {
						continue
					}
					it, ok := ts.Type.(*ast.InterfaceType)
					if !ok {
						continue
					}
					for _, m := range it.Methods.List {
						ft, ok := m.Type.(*ast.FuncType)
						if !ok || len(m.Names) == 0 || !m.Names[0].IsExported() {
							continue
						}
						check("method", ts.Name.Name+"."+m.Names[0].Name, ft)
					}
				}
			}
		}
	}
}

// providerTypes returns the provider types a type is built from, as "pkg.Name".
func (l *lockIn) providerTypes(t types.Type) []string {
	var out []string
	seen := map[types.Type]bool{}
	var walk func(t types.Type)
	walk = func(t types.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.Alias:
			if obj := t.Obj(); obj.Pkg() != nil && l.isProvider(obj.Pkg().Path()) {
				out = append(out, obj.Pkg().Name()+"."+obj.Name())
				return
			}
			walk(types.Unalias(t))
		case *types.Named:
			if obj := t.Obj(); obj.Pkg() != nil && l.isProvider(obj.Pkg().Path()) {
				out = append(out, obj.Pkg().Name()+"."+obj.Name())
				return
			}
			for i := 0; i < t.TypeArgs().Len(); i++ {
				walk(t.TypeArgs().At(i))
			}
		case *types.Pointer:
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Signature:
			for i := 0; i < t.Params().Len(); i++ {
				walk(t.Params().At(i).Type())
			}
			for i := 0; i < t.Results().Len(); i++ {
				walk(t.Results().At(i).Type())
			}
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				walk(t.Field(i).Type())
			}
		}
	}
	walk(t)
	return out
}

func receiverName(recv *ast.FieldList) string {
	if recv == nil || len(recv.List) == 0 {
		return ""
	}
	t := recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func isTestFile(pass *analysis.Pass, f *ast.File) bool {
	return strings.HasSuffix(pass.Fset.File(f.FileStart).Name(), "_test.go")
}
