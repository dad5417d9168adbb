package gocheck

import (
	"context"
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
	"golang.org/x/tools/go/packages"
)

// A loadedUnit is one unit after go list and type-checking.
type loadedUnit struct {
	unit  *Unit
	index int // in Options.Units
	// graphs are the unit's go list results: its packages, and one per standalone program.
	graphs []*loader
	roots  []*packages.Package
	// all is every package of the unit's graphs, dependencies included.
	all []*packages.Package
	// standalone maps the programs of a folder of standalone main files to their file.
	standalone map[*packages.Package]string
	problems   []UnitProblem
	// failedDeps are the dependencies the go command could not load (a module it could
	// not download, a package no module provides): importing them is reported once, in a
	// UnitProblem, not as a type error per import.
	failedDeps map[string]bool
	// crashes are packages whose loading crashed.
	crashes map[*packages.Package]string
	// buildFlags are the flags the unit's packages were listed with (a temporary go.mod).
	buildFlags []string
	// cleanup removes the temporary go.mod copy, if any.
	cleanup func()
}

func (lu *loadedUnit) analyzed() bool {
	return len(lu.problems) == 0 && len(lu.roots) > 0
}

// listParallelism bounds the go list commands run at once: one per core. Each go command
// holds tens of megabytes while it runs, and on a 20-module monorepo twice as many at once
// (the earlier bound) took the same time with 1.6-1.8x the peak memory of the process tree.
func listParallelism() int { return max(runtime.GOMAXPROCS(0), 2) }

// loadUnits lists every unit's packages (several go commands at a time; units that agree
// on their dependencies in one, see batch.go), then gives them types: export data first,
// shared between units that agree on it, then the source packages of every unit in
// parallel.
func loadUnits(ctx context.Context, opts Options, units []Unit, fset *token.FileSet, trim *bodyTrimmer) ([]*loadedUnit, error) {
	out := make([]*loadedUnit, len(units))
	defer func() {
		for _, lu := range out {
			if lu != nil && lu.cleanup != nil {
				lu.cleanup()
			}
		}
	}()
	for i := range units {
		out[i] = &loadedUnit{unit: &units[i], index: i, standalone: map[*packages.Package]string{},
			failedDeps: map[string]bool{}, crashes: map[*packages.Package]string{}}
	}
	// At most listParallelism go list commands run at once (a slot is held while one
	// runs); the members a batch could not stand for are listed alone as soon as it is done.
	slots := make(chan struct{}, listParallelism())
	g, gctx := errgroup.WithContext(ctx)
	listAlone := func(lu *loadedUnit) (err error) {
		select {
		case slots <- struct{}{}:
		case <-gctx.Done():
			return gctx.Err()
		}
		defer func() {
			<-slots
			if r := recover(); r != nil {
				lu.graphs = nil
				lu.problems = append(lu.problems, UnitProblem{Unit: lu.unit, Index: lu.index, Crash: true,
					Msg: fmt.Sprintf("loading crashed: %v\n%s", r, firstFrames(debug.Stack(), 12))})
			}
		}()
		return lu.list(gctx, opts, fset, trim)
	}
	batches := planBatches(opts, units)
	inBatch := map[int]bool{}
	for id, b := range batches {
		for _, m := range b {
			inBatch[m.index] = true
		}
		g.Go(func() error {
			select {
			case slots <- struct{}{}:
			case <-gctx.Done():
				return gctx.Err()
			}
			listed := listBatchInto(gctx, opts, b, id+1, out, fset, trim)
			<-slots
			for _, m := range b {
				if !listed[m.index] {
					g.Go(func() error { return listAlone(out[m.index]) })
				}
			}
			return gctx.Err()
		})
	}
	for i := range units {
		if !inBatch[i] {
			g.Go(func() error { return listAlone(out[i]) })
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}

	var loaders []*loader
	for _, lu := range out {
		loaders = append(loaders, lu.graphs...)
	}
	for _, grp := range groupLoaders(loaders) {
		grp.readTypes()
	}
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, l := range loaders {
		l.checkSources(gctx, g)
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, lu := range out {
		for _, l := range lu.graphs {
			l.finish()
			for p, msg := range l.panicked {
				lu.crashes[p] = msg
			}
			lu.roots = append(lu.roots, l.roots...)
			lu.all = append(lu.all, l.order...)
		}
		lu.findFailedDeps()
	}
	return out, nil
}

// list runs go list for the unit, through a temporary copy of its go.mod when the go
// command wants the file changed, and splits folders of standalone programs into one
// program per main file.
func (lu *loadedUnit) list(ctx context.Context, opts Options, fset *token.FileSet, trim *bodyTrimmer) error {
	u := lu.unit
	roots, err := listPackages(ctx, opts, *u, fset, nil)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if wantsModUpdate(err, roots) && u.ModFile != "" && !u.Workspace {
		flags, cleanup, cerr := temporaryModFile(u.ModFile)
		if cerr == nil {
			lu.cleanup = cleanup
			roots2, err2 := listPackages(ctx, opts, *u, fset, flags)
			if err2 == nil && !wantsModUpdate(nil, roots2) {
				roots, err, lu.buildFlags = roots2, nil, flags
			} else if err == nil {
				err = err2
			}
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		lu.problems = append(lu.problems, UnitProblem{Unit: u, Index: lu.index, Msg: err.Error()})
		return nil
	}
	if msg, ok := modUpdateMessage(roots); ok {
		// The temporary copy did not help (offline, or the module cannot be resolved).
		lu.problems = append(lu.problems, UnitProblem{Unit: u, Index: lu.index, Msg: msg})
		return nil
	}
	return lu.accept(ctx, opts, roots, 0, fset, trim)
}

// accept takes the unit's listed root packages: a loader for them, and the standalone
// programs among them listed one by one. listing identifies the go command that listed
// them when it listed other units too (0 for the unit's own).
func (lu *loadedUnit) accept(ctx context.Context, opts Options, roots []*packages.Package, listing int, fset *token.FileSet, trim *bodyTrimmer) error {
	roots, programs := standalonePrograms(roots)
	l := newLoader(roots, fset, trim, opts.Root)
	l.listing = listing
	lu.graphs = append(lu.graphs, l)
	return lu.listPrograms(ctx, opts, programs, fset, trim)
}

// listBatchInto lists a batch of units with one go command and gives each member whose
// listing stands for its own its root packages. It returns the members so listed (by unit
// index); the others are left untouched, to be listed alone. A crash or a failure of the
// go command leaves every member to that.
func listBatchInto(ctx context.Context, opts Options, members []*batchMember, listing int, out []*loadedUnit, fset *token.FileSet, trim *bodyTrimmer) (listed map[int]bool) {
	listed = map[int]bool{}
	defer func() {
		if r := recover(); r != nil {
			for _, m := range members {
				out[m.index].reset()
			}
			listed = map[int]bool{}
		}
	}()
	roots, err := listBatch(ctx, opts, members, fset)
	if err != nil {
		return listed
	}
	for i, m := range members {
		if r, ok := roots[i]; ok {
			lu := out[m.index]
			if err := lu.accept(ctx, opts, r, listing, fset, trim); err != nil {
				lu.reset()
				continue
			}
			listed[m.index] = true
		}
	}
	return listed
}

// reset forgets what listing the unit gave, for listing it again.
func (lu *loadedUnit) reset() {
	lu.graphs, lu.problems = nil, nil
	clear(lu.standalone)
}

// modUpdateMarkers are the go command's ways of saying that go.mod or go.sum must change
// before it can load the packages: what `go mod tidy` or `go get` would fix.
var modUpdateMarkers = []string{
	"updates to go.mod needed",
	"missing go.sum entry",
	"no required module provides package",
	"is replaced but not required",
	"go.sum: checksum mismatch", // go.sum is wrong; the module cache is right
	"inconsistent vendoring",
	"is not in std", // a package of the main module's own path missing from go.mod
}

func hasModUpdateMarker(s string) bool {
	return slices.ContainsFunc(modUpdateMarkers, func(m string) bool { return strings.Contains(s, m) })
}

// wantsModUpdate reports whether the go command failed, or listed packages with errors,
// because go.mod or go.sum need updating.
func wantsModUpdate(err error, roots []*packages.Package) bool {
	if err != nil {
		return hasModUpdateMarker(err.Error())
	}
	_, ok := modUpdateMessage(roots)
	return ok
}

// modUpdateMessage returns the first package error that says go.mod or go.sum need
// updating.
func modUpdateMessage(roots []*packages.Package) (string, bool) {
	var msg string
	packages.Visit(roots, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if msg == "" && e.Kind == packages.ListError && hasModUpdateMarker(e.Msg) {
				msg = goCommandMessage(e.Msg)
			}
		}
	})
	return msg, msg != ""
}

// temporaryModFile copies go.mod and go.sum into a temporary directory and returns the
// flags that make the go command read and update the copy instead (-modfile, -mod=mod).
func temporaryModFile(modFile string) ([]string, func(), error) {
	dir, err := os.MkdirTemp("", "slslint-modfile-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { _ = os.RemoveAll(dir) }
	copyFile := func(from, to string) error {
		b, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o600)
	}
	tmp := filepath.Join(dir, "go.mod")
	if err := copyFile(modFile, tmp); err != nil {
		cleanup()
		return nil, nil, err
	}
	sum := strings.TrimSuffix(modFile, ".mod") + ".sum"
	if _, err := os.Stat(sum); err == nil {
		if err := copyFile(sum, filepath.Join(dir, "go.sum")); err != nil {
			cleanup()
			return nil, nil, err
		}
	}
	return []string{"-modfile=" + tmp, "-mod=mod"}, cleanup, nil
}

// findFailedDeps finds the dependencies the go command could not load and records one
// partial-analysis problem for the unit, with the go command's reason.
func (lu *loadedUnit) findFailedDeps() {
	var reasons []string
	seen := map[string]bool{}
	for _, p := range lu.all {
		if p.Module != nil && p.Module.Main || len(p.Errors) == 0 || lu.isRoot(p) {
			continue
		}
		failed := p.Name == ""
		for _, e := range p.Errors {
			if e.Kind == packages.ListError {
				failed = true
				if m := goCommandMessage(e.Msg); !seen[m] {
					seen[m] = true
					reasons = append(reasons, m)
				}
			}
		}
		if failed {
			lu.failedDeps[p.PkgPath] = true
		}
	}
	if len(lu.failedDeps) == 0 {
		return
	}
	sort.Strings(reasons)
	paths := make([]string, 0, len(lu.failedDeps))
	for p := range lu.failedDeps {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	msg := fmt.Sprintf("%d imported packages could not be loaded (%s, ...)", len(paths), paths[0])
	if len(paths) == 1 {
		msg = "imported package " + paths[0] + " could not be loaded"
	}
	if len(reasons) > 0 {
		msg += ": " + reasons[0]
		if len(reasons) > 1 {
			msg += fmt.Sprintf(" (and %d more errors)", len(reasons)-1)
		}
	}
	lu.problems = append(lu.problems, UnitProblem{Unit: lu.unit, Index: lu.index, Msg: msg, Partial: true})
}

func (lu *loadedUnit) isRoot(p *packages.Package) bool {
	return slices.Contains(lu.roots, p)
}

// packageProblems turns the unit's list, parse and type errors into problems, once each.
// An error's continuation lines ("\tother declaration of x") are related locations of
// the error before them. Errors that only repeat a unit problem (an import of a
// dependency that could not be loaded) are left out.
func (lu *loadedUnit) packageProblems() []Problem {
	var out []Problem
	seen := map[string]bool{}
	for _, p := range lu.all {
		last := -1
		for _, e := range p.Errors {
			pos := parseErrorPos(e.Pos, p)
			if strings.HasPrefix(e.Msg, "\t") {
				if last >= 0 {
					out[last].Related = append(out[last].Related, Related{Pos: pos, End: pos, Message: strings.TrimSpace(e.Msg)})
				}
				continue
			}
			last = -1
			if lu.repeatsUnitProblem(e) {
				continue
			}
			if e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "build constraints exclude all Go files") {
				if sp, ok := excludedByConstraints(p); ok {
					out = append(out, sp)
				}
				continue
			}
			key := pos.String() + "\x00" + e.Msg
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, Problem{Pos: pos, Msg: e.Msg})
			last = len(out) - 1
		}
	}
	for _, l := range lu.graphs {
		for p, files := range l.cgoFiles {
			for _, f := range files {
				out = append(out, Problem{Pos: token.Position{Filename: f, Line: 1, Column: 1}, Skipped: true,
					Msg: fmt.Sprintf("cgo file %s of package %s was not analyzed (slslint loads Go with CGO_ENABLED=0); set CGO_ENABLED=1 to include it", filepath.Base(f), p.PkgPath)})
			}
		}
	}
	for p, msg := range lu.crashes {
		// A crash in a dependency surfaces on the first root package, which it leaves
		// without types.
		pos := packagePos(p)
		if !lu.isRoot(p) && len(lu.roots) > 0 {
			pos = packagePos(lu.roots[0])
		}
		out = append(out, Problem{Pos: pos, Msg: msg, Crash: true})
	}
	sort.SliceStable(out, func(i, j int) bool { return problemLess(out[i], out[j]) })
	return out
}

func problemLess(a, b Problem) bool {
	if a.Pos.Filename != b.Pos.Filename {
		return a.Pos.Filename < b.Pos.Filename
	}
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line < b.Pos.Line
	}
	return a.Msg < b.Msg
}

// repeatsUnitProblem reports whether a package error follows from a dependency the go
// command could not load, which the unit's problem already reports.
func (lu *loadedUnit) repeatsUnitProblem(e packages.Error) bool {
	if len(lu.failedDeps) == 0 {
		return false
	}
	for path := range lu.failedDeps {
		if strings.Contains(e.Msg, `could not import `+path+` `) || strings.HasSuffix(e.Msg, `could not import `+path) ||
			strings.Contains(e.Msg, `"`+path+`"`) || e.Kind == packages.ListError && strings.Contains(e.Msg, path) {
			return true
		}
	}
	return false
}

// standalonePrograms finds folders of standalone programs among the listed main packages
// — several files that each declare func main, built one by one (go build file.go) — and
// takes each such package (and its test variants) out of the roots. It returns the roots
// left and the programs to list instead: each main file with the folder's files that
// declare no main. Files that carry //go:build ignore and declare main are programs of
// their own too.
func standalonePrograms(roots []*packages.Package) ([]*packages.Package, [][]string) {
	fset := token.NewFileSet() // the files are parsed again when they are type-checked
	var programs [][]string
	var drop []*packages.Package
	for _, p := range roots {
		if strings.Contains(p.ID, " [") || strings.HasSuffix(p.PkgPath, ".test") {
			continue // a test variant: its package decides
		}
		if p.Name == "main" && len(p.GoFiles) >= 2 {
			mains, others := mainFiles(fset, p.GoFiles)
			if len(mains) >= 2 {
				drop = append(drop, p)
				for _, m := range mains {
					programs = append(programs, append([]string{m}, others...))
				}
			}
		}
		for _, f := range p.IgnoredFiles {
			if ignoredProgram(f) {
				programs = append(programs, []string{f})
			}
		}
	}
	if len(drop) == 0 {
		return roots, programs
	}
	kept := slices.DeleteFunc(slices.Clone(roots), func(p *packages.Package) bool {
		return slices.ContainsFunc(drop, func(d *packages.Package) bool { return d == p || testVariantOf(d, p) })
	})
	return kept, programs
}

// listPrograms lists each standalone program on its own, with the go command's file
// arguments, in the unit's context.
func (lu *loadedUnit) listPrograms(ctx context.Context, opts Options, programs [][]string, fset *token.FileSet, trim *bodyTrimmer) error {
	if len(programs) == 0 {
		return nil
	}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(listParallelism())
	for _, files := range programs {
		g.Go(func() error {
			u := *lu.unit
			u.Patterns = nil
			for _, f := range files {
				rel, err := filepath.Rel(u.Dir, f)
				if err != nil {
					rel = f
				}
				u.Patterns = append(u.Patterns, "./"+filepath.ToSlash(rel))
			}
			single := opts
			single.Tests = false // go list cannot add tests to files named on its command line
			roots, err := listPackages(gctx, single, u, fset, lu.buildFlags)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				lu.problems = append(lu.problems, UnitProblem{Unit: lu.unit, Index: lu.index, Msg: fmt.Sprintf("%s: %v", filepath.Base(files[0]), err)})
				return nil
			}
			for _, r := range roots {
				lu.standalone[r] = files[0]
			}
			lu.graphs = append(lu.graphs, newLoader(roots, fset, trim, opts.Root))
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// One order, whatever order the go commands finished in.
	slices.SortStableFunc(lu.graphs[1:], func(a, b *loader) int {
		return strings.Compare(lu.standalone[a.roots[0]], lu.standalone[b.roots[0]])
	})
	return nil
}

// testVariantOf reports whether t is a test variant of p or p's test main.
func testVariantOf(p, t *packages.Package) bool {
	return t.PkgPath == p.PkgPath && strings.HasPrefix(t.ID, p.PkgPath+" [") || t.PkgPath == p.PkgPath+".test"
}

// parseGoFile parses a Go file with its comments.
func parseGoFile(fset *token.FileSet, name string, src []byte) (*ast.File, error) {
	return parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
}

// mainFiles splits a main package's non-test files into those that declare func main and
// the others.
func mainFiles(fset *token.FileSet, files []string) (mains, others []string) {
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := readSourceFile(name)
		if err != nil {
			return nil, nil
		}
		f, err := parseGoFile(fset, name, src)
		if err != nil {
			return nil, nil // a syntax error is the package's problem, reported as such
		}
		if declaresMain(f) {
			mains = append(mains, name)
		} else {
			others = append(others, name)
		}
	}
	sort.Strings(mains)
	sort.Strings(others)
	return mains, others
}

func declaresMain(f *ast.File) bool {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			return true
		}
	}
	return false
}

// excludedByConstraints describes a folder whose every file build constraints exclude: a
// handler behind //go:build lambda is invisible without -tags. Folders of generators and
// tool lists (//go:build ignore, //go:build tools) are left out in silence: they are not
// meant to be built.
func excludedByConstraints(p *packages.Package) (Problem, bool) {
	var exprs, tags []string
	for _, name := range p.IgnoredFiles {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		expr := buildConstraint(name)
		if expr == nil {
			continue
		}
		intended := true
		expr.Eval(func(tag string) bool {
			intended = intended && (tag == "ignore" || tag == "tools")
			return false
		})
		if intended {
			continue
		}
		if s := expr.String(); !slices.Contains(exprs, s) {
			exprs = append(exprs, s)
		}
		expr.Eval(func(tag string) bool {
			if !platformTag(tag) && !slices.Contains(tags, tag) {
				tags = append(tags, tag)
			}
			return false
		})
	}
	if len(exprs) == 0 {
		return Problem{}, false
	}
	msg := fmt.Sprintf("package %s was not analyzed: build constraints exclude all its files (//go:build %s)", p.PkgPath, strings.Join(exprs, ", "))
	if len(tags) > 0 {
		msg += "; run with --tags " + strings.Join(tags, ",")
	}
	return Problem{Pos: packagePos(&packages.Package{GoFiles: p.IgnoredFiles}), Skipped: true, Msg: msg}, true
}

// platformTag reports whether a build tag names a platform, a compiler or a Go version,
// which --tags does not set.
func platformTag(tag string) bool {
	switch tag {
	case "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
		"netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos", "unix",
		"386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le", "ppc64", "ppc64le",
		"riscv64", "s390x", "wasm", "cgo", "gc", "gccgo", "ignore", "tools":
		return true
	}
	return strings.HasPrefix(tag, "go1.")
}

// buildConstraint returns a file's //go:build expression, nil when it has none.
func buildConstraint(name string) constraint.Expr {
	src, err := readSourceFile(name)
	if err != nil {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil {
		return nil
	}
	for _, cg := range f.Comments {
		if cg.Pos() >= f.Package {
			break
		}
		for _, c := range cg.List {
			if constraint.IsGoBuild(c.Text) {
				if expr, err := constraint.Parse(c.Text); err == nil {
					return expr
				}
			}
		}
	}
	return nil
}

// ignoredProgram reports whether a file left out of its package by build constraints is a
// program of its own: package main, //go:build ignore, and func main.
func ignoredProgram(name string) bool {
	if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
		return false
	}
	src, err := readSourceFile(name)
	if err != nil {
		return false
	}
	f, err := parseGoFile(token.NewFileSet(), name, src)
	if err != nil || f.Name.Name != "main" || !declaresMain(f) {
		return false
	}
	expr := buildConstraint(name)
	if expr == nil {
		return false
	}
	ignore := false
	expr.Eval(func(tag string) bool {
		ignore = ignore || tag == "ignore"
		return true
	})
	return ignore
}
