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
	roots []*packages.Package
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

// loadUnits lists and type-checks every unit, several at a time.
func loadUnits(ctx context.Context, opts Options, units []Unit, fset *token.FileSet, trim *bodyTrimmer) ([]*loadedUnit, error) {
	out := make([]*loadedUnit, len(units))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(runtime.GOMAXPROCS(0), 2))
	for i := range units {
		u := &units[i]
		g.Go(func() error {
			lu, err := loadUnit(gctx, opts, i, u, fset, trim)
			out[i] = lu
			return err
		})
	}
	err := g.Wait()
	for _, lu := range out {
		if lu != nil && lu.cleanup != nil {
			lu.cleanup()
		}
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// loadUnit lists a unit's packages, through a temporary copy of its go.mod when the go
// command wants the file changed, type-checks them, and splits folders of standalone
// programs into one program per main file.
func loadUnit(ctx context.Context, opts Options, index int, u *Unit, fset *token.FileSet, trim *bodyTrimmer) (*loadedUnit, error) {
	lu := &loadedUnit{unit: u, index: index, standalone: map[*packages.Package]string{}, failedDeps: map[string]bool{}, crashes: map[*packages.Package]string{}}
	roots, err := listPackages(ctx, opts, *u, fset, nil)
	if ctx.Err() != nil {
		return lu, ctx.Err()
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
		return lu, ctx.Err()
	}
	if err != nil {
		lu.problems = append(lu.problems, UnitProblem{Unit: u, Index: index, Msg: err.Error()})
		return lu, nil
	}
	if msg, ok := modUpdateMessage(roots); ok {
		// The temporary copy did not help (offline, or the module cannot be resolved).
		lu.problems = append(lu.problems, UnitProblem{Unit: u, Index: index, Msg: msg})
		return lu, nil
	}
	if err := lu.check(ctx, roots, fset, trim, opts.Root); err != nil {
		return lu, err
	}
	if err := lu.splitStandalone(ctx, opts, fset, trim); err != nil {
		return lu, err
	}
	lu.findFailedDeps()
	return lu, nil
}

// check type-checks listed packages and adds them to the unit.
func (lu *loadedUnit) check(ctx context.Context, roots []*packages.Package, fset *token.FileSet, trim *bodyTrimmer, root string) error {
	l, err := typeCheck(ctx, roots, fset, trim, root)
	if err != nil {
		return err
	}
	for p, msg := range l.panicked {
		lu.crashes[p] = msg
	}
	lu.roots = append(lu.roots, roots...)
	lu.all = append(lu.all, l.order...)
	return nil
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
			key := pos.String() + "\x00" + e.Msg
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, Problem{Pos: pos, Msg: e.Msg})
			last = len(out) - 1
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

// splitStandalone finds folders of standalone programs among the unit's main packages —
// several files that each declare func main, built one by one (go build file.go) — and
// replaces each such package with one program per main file: the file with the folder's
// files that declare no main. Files that carry //go:build ignore and declare main are
// programs of their own too.
func (lu *loadedUnit) splitStandalone(ctx context.Context, opts Options, fset *token.FileSet, trim *bodyTrimmer) error {
	var programs [][]string // files of each program, absolute
	var drop []*packages.Package
	for _, p := range lu.roots {
		if strings.Contains(p.ID, " [") || strings.HasSuffix(p.PkgPath, ".test") {
			continue // a test variant: its package decides
		}
		mains, others := mainFiles(fset, p)
		if len(mains) >= 2 {
			drop = append(drop, p)
			for _, m := range mains {
				programs = append(programs, append([]string{m}, others...))
			}
		}
		for _, f := range p.IgnoredFiles {
			if ignoredProgram(f) {
				programs = append(programs, []string{f})
			}
		}
	}
	if len(programs) == 0 {
		return nil
	}
	// The test variants of a dropped package go with it.
	dropped := func(p *packages.Package) bool {
		return slices.ContainsFunc(drop, func(d *packages.Package) bool { return d == p || testVariantOf(d, p) })
	}
	lu.roots = slices.DeleteFunc(lu.roots, dropped)
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(runtime.GOMAXPROCS(0), 2))
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
			l, err := typeCheck(gctx, roots, fset, trim, opts.Root)
			if err != nil {
				return err
			}
			for p, msg := range l.panicked {
				lu.crashes[p] = msg
			}
			for _, r := range roots {
				lu.standalone[r] = files[0]
			}
			lu.roots = append(lu.roots, roots...)
			lu.all = append(lu.all, l.order...)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// The dropped packages' own errors (main redeclared) are not problems any more.
	lu.all = slices.DeleteFunc(lu.all, dropped)
	sort.SliceStable(lu.roots, func(i, j int) bool { return lu.standalone[lu.roots[i]] < lu.standalone[lu.roots[j]] })
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
func mainFiles(fset *token.FileSet, p *packages.Package) (mains, others []string) {
	if p.Name != "main" {
		return nil, nil
	}
	for _, f := range p.Syntax {
		name := fset.File(f.FileStart).Name()
		if strings.HasSuffix(name, "_test.go") {
			continue
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
	fset := token.NewFileSet()
	f, err := parseGoFile(fset, name, src)
	if err != nil || f.Name.Name != "main" || !declaresMain(f) {
		return false
	}
	for _, cg := range f.Comments {
		if cg.Pos() >= f.Package {
			break
		}
		for _, c := range cg.List {
			if !constraint.IsGoBuild(c.Text) {
				continue
			}
			expr, err := constraint.Parse(c.Text)
			if err != nil {
				return false
			}
			ignore := false
			expr.Eval(func(tag string) bool {
				ignore = ignore || tag == "ignore"
				return true
			})
			return ignore
		}
	}
	return false
}
