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
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

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
// "The analyzed code" is the main module's (or, in a workspace, every member's) and that of
// modules replaced by a directory inside the repository: a monorepo's shared packages, whose
// effects the handlers that call them need.
//
// A dependency without export data (it failed to compile) is type-checked from source
// without function bodies, so that its importers can still be analyzed.
//
// Analyzers that produce facts still run on every package, as the checker requires; for an
// export-data package they see no files (pass.Files is empty) and an empty types.Info.

// metaMode is what go list must tell about every package.
const metaMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
	packages.NeedDeps | packages.NeedExportFile | packages.NeedTypesSizes | packages.NeedModule

// A loader gives types to the packages of one go list call: a unit's, or one standalone
// program's.
type loader struct {
	fset *token.FileSet
	trim *bodyTrimmer
	// root is the repository root: code replaced into a directory below it is analyzed
	// from source.
	root  string
	roots []*packages.Package
	order []*packages.Package // dependencies before dependents
	// fromSource holds the packages type-checked from source: the analyzed code's (with
	// bodies) and dependencies without export data (without bodies).
	fromSource map[*packages.Package]bool
	// group is the export group the loader belongs to.
	group *exportGroup
	// listing identifies the go command that listed the loader's packages when it listed
	// several units (see batch.go), 0 when it listed only these: loaders of one listing
	// share their dependencies' packages, and so must share an export group.
	listing int
	// mu guards panicked, written by the source checks running in parallel.
	mu sync.Mutex
	// panicked records a crash while type-checking a package from source.
	panicked map[*packages.Package]string
	// cgoFiles are the files of each source package that import "C", left out because
	// slslint loads Go code without cgo.
	cgoFiles map[*packages.Package][]string
}

func newLoader(roots []*packages.Package, fset *token.FileSet, trim *bodyTrimmer, root string) *loader {
	l := &loader{fset: fset, trim: trim, root: root, roots: roots, panicked: map[*packages.Package]string{},
		cgoFiles: map[*packages.Package][]string{}}
	packages.Visit(roots, nil, func(p *packages.Package) { l.order = append(l.order, p) })
	return l
}

// listPackages runs go list for one unit. It returns the go command's own message when the
// go command fails as a whole (a go.mod it rejects, no module at all).
func listPackages(ctx context.Context, opts Options, u Unit, fset *token.FileSet, buildFlags []string) ([]*packages.Package, error) {
	env := append(append(os.Environ(), opts.Env...), u.Env...)
	cfg := &packages.Config{
		Context:    ctx,
		Mode:       metaMode,
		Dir:        u.Dir,
		Tests:      opts.Tests,
		Env:        env,
		Fset:       fset,
		BuildFlags: append(append(append([]string(nil), opts.BuildFlags...), tagsFlag(opts.Tags, u.Tags)...), buildFlags...),
	}
	roots, err := packages.Load(cfg, u.Patterns...)
	if err != nil {
		return nil, errors.New(goCommandMessage(err.Error()))
	}
	if len(roots) == 0 && len(u.Patterns) > 0 {
		// With -export, go/packages takes a failing go list for a failed build and drops
		// what it said: ask the go command again, without building, for its reason.
		if msg := explainEmptyList(ctx, cfg, u.Patterns...); msg != "" {
			return nil, errors.New(msg)
		}
	}
	return roots, nil
}

// tagsFlag is the go command's -tags flag for the union of the tag lists, nil for none.
// (The go command takes only the last -tags flag: there must be one.)
func tagsFlag(lists ...[]string) []string {
	var tags []string
	for _, list := range lists {
		for _, t := range list {
			for _, tag := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ' ' }) {
				if !slices.Contains(tags, tag) {
					tags = append(tags, tag)
				}
			}
		}
	}
	if len(tags) == 0 {
		return nil
	}
	return []string{"-tags=" + strings.Join(tags, ",")}
}

// explainEmptyList runs go list without -export on the same patterns and returns what the
// go command says when it fails ("go: cannot find main module ..."), or "".
func explainEmptyList(ctx context.Context, cfg *packages.Config, patterns ...string) string {
	args := append([]string{"list", "-e", "-f", "{{.ImportPath}}"}, cfg.BuildFlags...)
	if cfg.Tests {
		args = append(args, "-test")
	}
	cmd := exec.CommandContext(ctx, "go", append(args, patterns...)...)
	cmd.Dir = cfg.Dir
	cmd.Env = cfg.Env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || ctx.Err() != nil {
		return ""
	}
	if msg := goCommandMessage(stderr.String()); msg != "" {
		return msg
	}
	return "the go command failed without saying why"
}

// goCommandMessage extracts what the go command said from a go/packages error ("go
// [list]: exit status 1: stderr: go: updates to go.mod needed; ..."), on one line.
func goCommandMessage(s string) string {
	if _, after, ok := strings.Cut(s, "stderr: "); ok {
		s = after
	}
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, " ")
}

// Export data is shared between the loaders of one run wherever they agree: the graphs of
// a monorepo's modules mostly name the same export data files (the same versions of the
// standard library, the AWS SDK, aws-lambda-go), and reading each once, into one set of
// types.Packages, keeps a 20-module run close to the memory and time of one module. Loaders
// whose graphs disagree on a package's export data file (another version) get another group.

// An exportGroup is the loaders whose dependencies agree on every export data file. They
// share those dependencies: one packages.Package (so that the analyzers run once on it) and
// one types.Package, which export data reads fill, per path.
type exportGroup struct {
	loaders []*loader
	// files maps each package path read from export data to its file.
	files map[string]string
	// bad holds the export data files that could not be read.
	bad  map[string]bool
	view map[string]*types.Package
	read map[string]bool // export data files read into view
	// done is closed when a package's types are ready; scheduled says a source check of
	// the package has started (a shared dependency is checked once).
	done      map[*packages.Package]chan struct{}
	closed    map[*packages.Package]bool
	scheduled map[*packages.Package]bool
}

// groupLoaders puts each loader into the first group it agrees with, and the loaders of one
// listing, which share packages, into one group.
func groupLoaders(loaders []*loader) []*exportGroup {
	var groups []*exportGroup
	for _, cluster := range byListing(loaders) {
		for _, l := range cluster {
			l.decideSources(nil)
		}
		var g *exportGroup
		for _, cand := range groups {
			if !slices.ContainsFunc(cluster, func(l *loader) bool { return !cand.admits(l) }) {
				g = cand
				break
			}
		}
		if g == nil {
			g = &exportGroup{files: map[string]string{}, bad: map[string]bool{}}
			groups = append(groups, g)
		}
		for _, l := range cluster {
			g.loaders = append(g.loaders, l)
			l.group = g
			for _, p := range l.order {
				if !l.fromSource[p] && p.PkgPath != "unsafe" {
					g.files[p.PkgPath] = p.ExportFile
				}
			}
		}
	}
	for _, g := range groups {
		g.share()
	}
	return groups
}

// byListing splits loaders into the clusters of one listing each, in their order.
func byListing(loaders []*loader) [][]*loader {
	var out [][]*loader
	at := map[int]int{}
	for _, l := range loaders {
		if l.listing == 0 {
			out = append(out, []*loader{l})
			continue
		}
		if i, ok := at[l.listing]; ok {
			out[i] = append(out[i], l)
			continue
		}
		at[l.listing] = len(out)
		out = append(out, []*loader{l})
	}
	return out
}

// share makes the group's loaders use one packages.Package per dependency read from export
// data: the first loader's, with its imports made shared in turn. The orders stay
// topological, as each shared package's imports are shared packages of the same paths.
func (g *exportGroup) share() {
	if len(g.loaders) < 2 {
		return
	}
	shared := map[string]*packages.Package{}
	replace := map[*packages.Package]*packages.Package{}
	for _, l := range g.loaders {
		for _, p := range l.order {
			if l.fromSource[p] || p.PkgPath == "unsafe" {
				continue
			}
			if s, ok := shared[p.PkgPath]; ok {
				replace[p] = s
			} else {
				shared[p.PkgPath] = p
			}
		}
	}
	if len(replace) == 0 {
		return
	}
	for _, l := range g.loaders {
		for _, p := range l.order {
			for path, imp := range p.Imports {
				if s, ok := replace[imp]; ok {
					p.Imports[path] = s
				}
			}
		}
		seen := map[*packages.Package]bool{}
		order := l.order[:0]
		for _, p := range l.order {
			if s, ok := replace[p]; ok {
				p = s
			}
			if !seen[p] {
				seen[p] = true
				order = append(order, p)
			}
		}
		l.order = order
		for i, p := range l.roots {
			if s, ok := replace[p]; ok {
				l.roots[i] = s
			}
		}
	}
}

func (g *exportGroup) admits(l *loader) bool {
	for _, p := range l.order {
		if f, ok := g.files[p.PkgPath]; ok && !l.fromSource[p] && f != p.ExportFile {
			return false
		}
	}
	return true
}

// readTypes gives every package of the group's loaders its types.Package and reads the
// export data their source packages need. Which dependencies have no usable export data is
// decided before any is read: reading one fills the types.Package of every package its
// types mention, so a package found unreadable half-way would be checked from source into
// a package that reads had already filled (go/types then crashes). A read that still fails
// starts the group again with that package checked from source: each restart adds one
// file to bad, so this ends.
func (g *exportGroup) readTypes() {
	for {
		g.view, g.read = map[string]*types.Package{}, map[string]bool{}
		g.done, g.closed, g.scheduled = map[*packages.Package]chan struct{}{}, map[*packages.Package]bool{}, map[*packages.Package]bool{}
		failed := ""
		for _, l := range g.loaders {
			l.decideSources(g.bad)
			if failed = l.readTypes(g); failed != "" {
				break
			}
		}
		if failed == "" {
			return
		}
		g.bad[failed] = true
	}
}

// decideSources decides which packages are checked from source: the analyzed code's, and
// dependencies without readable export data, and then every package that imports one of
// them, so that both see the same objects (the order is topological: one pass propagates).
func (l *loader) decideSources(bad map[string]bool) {
	l.fromSource = map[*packages.Package]bool{}
	for _, p := range l.order {
		if p.PkgPath == "unsafe" {
			continue
		}
		if l.analyzedFromSource(p) || bad[p.ExportFile] || !exportReadable(p) {
			l.fromSource[p] = true
			continue
		}
		for _, imp := range p.Imports {
			if l.fromSource[imp] {
				l.fromSource[p] = true
				break
			}
		}
	}
}

// readTypes gives the loader's packages their types.Packages — the group's for those read
// from export data, fresh ones for those checked from source — and reads the export data of
// the packages its source packages import directly: export data is deep, so reading a
// package also gives the types it uses from its own dependencies. The others keep the
// partial package those reads fill in, and their import lists from go list, which is all
// the fact analyzers that run on them need. It returns the export data file that could not
// be read, or "".
func (l *loader) readTypes(g *exportGroup) string {
	for _, p := range l.order {
		if g.done[p] != nil {
			continue // shared with a loader before this one
		}
		g.done[p] = make(chan struct{})
		p.Fset = l.fset
		switch {
		case p.PkgPath == "unsafe":
			p.Types = types.Unsafe
		case l.fromSource[p]:
			p.Types = types.NewPackage(p.PkgPath, p.Name)
		case g.view[p.PkgPath] != nil:
			p.Types = g.view[p.PkgPath]
		default:
			p.Types = types.NewPackage(p.PkgPath, p.Name)
			g.view[p.PkgPath] = p.Types
		}
	}
	needed := map[*packages.Package]bool{}
	for _, p := range l.order {
		if l.fromSource[p] {
			for _, imp := range p.Imports {
				needed[imp] = true
			}
		}
	}
	for _, p := range l.order {
		if !needed[p] || l.fromSource[p] || p.PkgPath == "unsafe" || g.read[p.ExportFile] {
			continue
		}
		if err := readExportData(p, l.fset, g.view); err != nil {
			return p.ExportFile
		}
		g.read[p.ExportFile] = true
	}
	for _, p := range l.order {
		if l.fromSource[p] || g.closed[p] {
			continue
		}
		g.closed[p] = true
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
		close(g.done[p])
	}
	return ""
}

// checkSources type-checks the loader's source packages, each when its imports are ready,
// on g's goroutines. The order is topological and g.Go blocks only when g is full, so every
// package a running check waits for has been started.
func (l *loader) checkSources(ctx context.Context, g *errgroup.Group) {
	done := l.group.done
	for _, p := range l.order {
		if !l.fromSource[p] || p.PkgPath == "unsafe" || l.group.scheduled[p] {
			continue
		}
		l.group.scheduled[p] = true
		g.Go(func() error {
			defer close(done[p])
			for _, imp := range p.Imports {
				select {
				case <-done[imp]:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			l.checkSourceContained(p)
			return nil
		})
	}
}

// finish marks the packages whose own code or imports have errors.
func (l *loader) finish() {
	for _, p := range l.order {
		ill := len(p.Errors) > 0
		for _, imp := range p.Imports {
			ill = ill || imp.IllTyped
		}
		p.IllTyped = ill
	}
}

// exportReadable reports whether go list named an export data file that exists.
func exportReadable(p *packages.Package) bool {
	if p.ExportFile == "" {
		return false
	}
	st, err := os.Stat(p.ExportFile)
	return err == nil && st.Mode().IsRegular()
}

// analyzedFromSource reports whether p belongs to the analyzed code: a package of a main
// module (or of no module, as in GOPATH mode or for files named on the command line), or
// of a module replaced by a directory inside the repository, that is not in the standard
// library, the module cache or a vendor directory.
func (l *loader) analyzedFromSource(p *packages.Package) bool {
	if p.Module != nil {
		if p.Module.Main {
			return true
		}
		if r := p.Module.Replace; r != nil && r.Version == "" && r.Dir != "" && l.insideRoot(r.Dir) {
			return true
		}
		return false
	}
	for _, f := range p.GoFiles {
		if l.trim.external(f) {
			return false
		}
	}
	return len(p.GoFiles) > 0 || len(p.CompiledGoFiles) > 0
}

func (l *loader) insideRoot(dir string) bool {
	return l.root != "" && Within(l.root, dir)
}

func readExportData(p *packages.Package, fset *token.FileSet, view map[string]*types.Package) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reading export data of %s: %v", p.PkgPath, r)
		}
	}()
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

// checkSourceContained type-checks p from source; a panic (in go/types, on input it did
// not expect) makes p a package that was not analyzed, not the end of the run.
func (l *loader) checkSourceContained(p *packages.Package) {
	defer func() {
		if r := recover(); r != nil {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.panicked[p] = fmt.Sprintf("type-checking %s crashed: %v\n%s", p.PkgPath, r, firstFrames(debug.Stack(), 12))
			p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: "type-checking crashed", Kind: packages.TypeError})
			p.Syntax = nil
			p.TypesInfo = newInfo()
			if p.Types != nil && !p.Types.Complete() {
				p.Types.MarkComplete()
			}
		}
	}()
	l.checkSource(p)
}

// checkSource parses and type-checks p. Packages of the analyzed code keep their bodies
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
		src, err := readSourceFile(name)
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
	if !external {
		l.dropCgoErrors(p)
	}
	if external {
		// Declarations were all the importers needed; the trimmed syntax must not look
		// like analyzable code.
		p.Syntax = nil
		p.TypesInfo = newInfo()
	}
}

// maxSourceFile bounds the size of one Go file slslint parses: generated tables beyond it
// are not code a handler's behaviour hides in, and parsing them costs memory.
const maxSourceFile = 64 << 20

// readSourceFile reads a Go file the go command listed, refusing anything but a regular
// file of bounded size (the go command has already read it, so this is a second guard).
func readSourceFile(name string) ([]byte, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", filepath.Base(name))
	}
	if st.Size() > maxSourceFile {
		return nil, fmt.Errorf("%s is larger than %d MiB", filepath.Base(name), maxSourceFile>>20)
	}
	return os.ReadFile(name)
}

// dropCgoErrors removes the type errors that only say a name is undefined because the
// file declaring it uses cgo: slslint loads Go code with CGO_ENABLED=0, so that no C
// compiler runs on the scanned code, and the go command leaves those files out. The
// package's cgo files are recorded, to be reported as not analyzed.
func (l *loader) dropCgoErrors(p *packages.Package) {
	names := map[string]bool{}
	var cgo []string
	for _, name := range p.IgnoredFiles {
		src, err := readSourceFile(name)
		if err != nil || !strings.HasSuffix(name, ".go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
		if err != nil || f.Name.Name != p.Name || !importsC(f) {
			continue
		}
		cgo = append(cgo, name)
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch spec := spec.(type) {
					case *ast.TypeSpec:
						names[spec.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range spec.Names {
							names[n.Name] = true
						}
					}
				}
			}
		}
	}
	if len(cgo) == 0 {
		return
	}
	l.mu.Lock()
	l.cgoFiles[p] = cgo
	l.mu.Unlock()
	kept := p.Errors[:0]
	for _, e := range p.Errors {
		if name, ok := strings.CutPrefix(e.Msg, "undefined: "); ok && e.Kind == packages.TypeError && names[name] {
			continue
		}
		kept = append(kept, e)
	}
	p.Errors = kept
}

func importsC(f *ast.File) bool {
	for _, imp := range f.Imports {
		if imp.Path.Value == `"C"` {
			return true
		}
	}
	return false
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
