// Package gocheck loads Go packages once with go/packages and runs every enabled analyzer
// over them in one pass with the go/analysis checker.
package gocheck

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Options control a load and analysis.
type Options struct {
	// Units are the go command contexts to load: a module, a workspace, folders outside any
	// module. Without Units, one unit runs the go command in Dir on Patterns.
	Units []Unit
	// Dir is the directory the go command runs in when Units is empty.
	Dir string
	// Patterns are go/packages patterns ("./...") when Units is empty.
	Patterns []string
	// Root is the repository root: modules replaced by a directory below it are analyzed
	// from source, as the user's own code.
	Root string
	// Tests includes test files and test packages.
	Tests bool
	// Env is added to the environment of the go command (e.g. GOPROXY=off).
	Env []string
	// BuildFlags are added to every go command.
	BuildFlags []string
	// Tags are build tags for every unit (go build -tags).
	Tags []string
	// Analyzers are run on every root package.
	Analyzers []*analysis.Analyzer
	// Sequential disables parallelism, for debugging.
	Sequential bool
	// Progress, when set, is told how many root packages have been analyzed, of how many:
	// one call at a time, with growing counts.
	Progress func(analyzed, total int)
}

// A Unit is one context of the go command: the packages of one module (or one workspace,
// or folders outside any module) loaded together, as `go build` in that context would.
type Unit struct {
	// Dir is the directory the go command runs in.
	Dir string
	// Env is added to the go command's environment for this unit, after Options.Env
	// (GOWORK=off for a module loaded on its own).
	Env []string
	// Patterns are the unit's package patterns, relative to Dir.
	Patterns []string
	// ModFile is the unit's go.mod (or go.work) file, absolute; "" for a unit without one.
	// When the go command wants it or its go.sum updated, the unit is loaded again through
	// a temporary copy, so that the user's files are never changed.
	ModFile string
	// Workspace says ModFile is a go.work file.
	Workspace bool
	// Tags are build tags for this unit's packages, on top of Options.Tags: those of the
	// build line that builds them.
	Tags []string
}

// DirPattern is the package pattern that names the folder target to the go command run in
// dir: "." or "./a/b", never a bare "a/b", which the go command reads as an import path.
func DirPattern(dir, target string) string {
	rel, err := filepath.Rel(dir, target)
	if err != nil {
		return target
	}
	rel = filepath.ToSlash(rel)
	if rel == "." || strings.HasPrefix(rel, "../") {
		return rel
	}
	return "./" + rel
}

// Within reports whether path is dir or below it.
func Within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// A Diagnostic is one analyzer report, positioned.
type Diagnostic struct {
	Analyzer *analysis.Analyzer
	analysis.Diagnostic
	Pos, End token.Position
	Related  []Related
}

// Related is a positioned related-information entry.
type Related struct {
	Pos, End token.Position
	Message  string
}

// A Problem is a load, parse or type error, or an analyzer failure.
type Problem struct {
	Pos token.Position
	Msg string
	// Related are the positions the error's later lines name ("other declaration of x").
	Related []Related
	// Analyzer is set when an analyzer failed (a bug in slslint), nil for errors in the
	// analyzed code.
	Analyzer *analysis.Analyzer
	// Crash is set when loading crashed on the package (a bug in slslint or go/types).
	Crash bool
	// Skipped is set for Go files the loader found and left out by design (build
	// constraints, cgo): they were not analyzed, which the user should know, but nothing is
	// wrong with them.
	Skipped bool
}

// A UnitProblem says that a unit, or part of it, could not be analyzed, with the go
// command's reason.
type UnitProblem struct {
	Unit *Unit
	// Index is the unit's index in Options.Units.
	Index int
	// Msg is the go command's message (or slslint's, when no go command was involved).
	Msg string
	// Partial says the unit's packages were loaded and analyzed, but without some of their
	// dependencies: findings may be missing.
	Partial bool
	// Crash says loading crashed (a bug in slslint): the unit was not analyzed.
	Crash bool
}

// Result is the outcome of Run.
type Result struct {
	Fset        *token.FileSet
	Roots       []*packages.Package
	Graph       *checker.Graph
	Diagnostics []Diagnostic
	Problems    []Problem
	// UnitProblems are the units that could not be (fully) analyzed.
	UnitProblems []UnitProblem
	// Analyzed counts the units whose packages were loaded without a unit problem.
	Analyzed int
	// Standalone maps the root packages that are standalone programs (one main file of a
	// folder of them) to that file, absolute.
	Standalone map[*packages.Package]string
	guarded    *guarded
}

// AnalyzerOf is the analyzer an action of Graph ran: one of Options.Analyzers or what they
// require (the graph holds the run's guarded copies of them).
func (r *Result) AnalyzerOf(act *checker.Action) *analysis.Analyzer {
	if r.guarded == nil {
		return act.Analyzer
	}
	return r.guarded.originalOf(act.Analyzer)
}

// Files returns the syntax of every root package file, keyed by absolute filename.
func (r *Result) Files() map[string]*ast.File {
	out := map[string]*ast.File{}
	for _, p := range r.Roots {
		for _, f := range p.Syntax {
			out[r.Fset.File(f.FileStart).Name()] = f
		}
	}
	return out
}

// Run loads the packages of every unit and analyzes them together. It returns an error only
// when no load can happen at all (no go command); what fails in a unit is a UnitProblem,
// errors in the packages are Problems.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if _, err := exec.LookPath("go"); err != nil {
		return nil, fmt.Errorf("the go command is needed to load Go packages: %w", err)
	}
	units := opts.Units
	if len(units) == 0 {
		units = []Unit{{Dir: opts.Dir, Patterns: opts.Patterns}}
	}
	dir := opts.Dir
	if dir == "" {
		dir = units[0].Dir
	}
	trim := newBodyTrimmer(ctx, dir, opts.Env)
	fset := token.NewFileSet()
	res := &Result{Fset: fset, Standalone: map[*packages.Package]string{}}
	loaded, err := loadUnits(ctx, opts, units, fset, trim)
	if err != nil {
		return nil, err
	}
	for _, lu := range loaded {
		res.UnitProblems = append(res.UnitProblems, lu.problems...)
		if lu.analyzed() {
			res.Analyzed++
		}
		res.Roots = append(res.Roots, lu.roots...)
		for p, f := range lu.standalone {
			res.Standalone[p] = f
		}
		res.Problems = append(res.Problems, lu.packageProblems()...)
	}
	// Loading leaves much garbage (go list's JSON, parser temporaries); returning it to the
	// operating system before the analysis grows the heap again keeps the peak memory of a
	// run close to what it holds live.
	debug.FreeOSMemory()
	if len(res.Roots) == 0 {
		return res, nil
	}

	var progress func(int)
	if opts.Progress != nil {
		total := len(res.Roots)
		opts.Progress(0, total)
		progress = func(n int) { opts.Progress(n, total) }
	}
	g, as := guard(opts.Analyzers, res.Roots, progress)
	res.guarded = g
	graph, err := checker.Analyze(as, res.Roots, &checker.Options{Sequential: opts.Sequential})
	if err != nil {
		return nil, err
	}
	res.Graph = graph
	// Failures: a panic anywhere in the action graph (in a rule analyzer or in a fact
	// analyzer it requires), or an error returned by a root analyzer.
	for act := range graph.All() {
		if act.Err == nil {
			continue
		}
		msg := act.Err.Error()
		if strings.HasPrefix(msg, "panic:") || act.IsRoot &&
			!strings.Contains(msg, "analysis skipped due to errors in package") && !strings.HasPrefix(msg, "failed prerequisites") {
			res.Problems = append(res.Problems, Problem{Pos: packagePos(act.Package), Msg: msg, Analyzer: res.AnalyzerOf(act)})
		}
	}
	// A file with errors costs its own findings, not its package's: the analyzers ran on
	// what the type checker produced, and what they say about the broken file itself may
	// rest on types it could not determine.
	broken := brokenFiles(res.Roots)
	seen := map[string]bool{}
	for _, act := range graph.Roots {
		if act.Err != nil {
			continue
		}
		for _, d := range act.Diagnostics {
			pos := fset.Position(d.Pos)
			if broken[pos.Filename] {
				continue
			}
			key := fmt.Sprintf("%s\x00%s\x00%d\x00%s", act.Analyzer.Name, pos.Filename, pos.Offset, d.Message)
			if seen[key] { // a package and its test variant (or two units) report the same thing
				continue
			}
			seen[key] = true
			end := pos
			if d.End.IsValid() {
				end = fset.Position(d.End)
			}
			diag := Diagnostic{Analyzer: res.AnalyzerOf(act), Diagnostic: d, Pos: pos, End: end}
			for _, r := range d.Related {
				rp, re := fset.Position(r.Pos), fset.Position(r.Pos)
				if r.End.IsValid() {
					re = fset.Position(r.End)
				}
				diag.Related = append(diag.Related, Related{Pos: rp, End: re, Message: r.Message})
			}
			res.Diagnostics = append(res.Diagnostics, diag)
		}
	}
	return res, nil
}

// brokenFiles returns the files of the root packages that have a parse or type error.
func brokenFiles(roots []*packages.Package) map[string]bool {
	out := map[string]bool{}
	for _, p := range roots {
		for _, e := range p.Errors {
			if e.Kind != packages.ParseError && e.Kind != packages.TypeError {
				continue
			}
			if pos := parseErrorPos(e.Pos, p); pos.Filename != "" && pos.Line > 0 {
				out[pos.Filename] = true
			}
		}
	}
	return out
}

// parseErrorPos parses a go/packages error position ("file:line:col", "file:line", "-" or
// "") and falls back to the package's first file.
func parseErrorPos(s string, p *packages.Package) token.Position {
	if s == "" || s == "-" {
		return packagePos(p)
	}
	parts := strings.Split(s, ":")
	pos := token.Position{Filename: s}
	// Filenames may contain colons (Windows drives); line and column are the last numbers.
	if n := len(parts); n >= 3 {
		if l, err1 := strconv.Atoi(parts[n-2]); err1 == nil {
			if c, err2 := strconv.Atoi(parts[n-1]); err2 == nil {
				return token.Position{Filename: strings.Join(parts[:n-2], ":"), Line: l, Column: c}
			}
		}
	}
	if n := len(parts); n >= 2 {
		if l, err := strconv.Atoi(parts[n-1]); err == nil {
			return token.Position{Filename: strings.Join(parts[:n-1], ":"), Line: l, Column: 1}
		}
	}
	return pos
}

// packagePos is a package's first file, for problems that concern the whole package.
func packagePos(p *packages.Package) token.Position {
	files := p.CompiledGoFiles
	if len(files) == 0 {
		files = p.GoFiles
	}
	if len(files) == 0 {
		return token.Position{}
	}
	return token.Position{Filename: files[0], Line: 1, Column: 1}
}

// guarded is a run's copies of the analyzers it runs, each of which turns a panic of its
// analyzer into an error: a bug in one analyzer becomes one reported failure instead of the
// end of the run. The analyzers themselves (the packages' exported values among them) are
// never changed, so that runs in one process do not share anything through them.
type guarded struct {
	copies   map[*analysis.Analyzer]*analysis.Analyzer // original → copy
	original map[*analysis.Analyzer]*analysis.Analyzer // copy → original
	// For progress: the root packages on which a root analyzer has finished.
	rootAnalyzers map[*analysis.Analyzer]bool
	roots         map[*types.Package]bool
	mu            sync.Mutex
	seen          map[*types.Package]bool
	progress      func(analyzed int)
}

// guard returns the copies of as, with every analyzer they require copied too: results
// are keyed by analyzer identity, so a copy requires the copies of its requirements and
// sees their results under the originals' keys, which its code names.
func guard(as []*analysis.Analyzer, roots []*packages.Package, progress func(analyzed int)) (*guarded, []*analysis.Analyzer) {
	g := &guarded{copies: map[*analysis.Analyzer]*analysis.Analyzer{}, original: map[*analysis.Analyzer]*analysis.Analyzer{},
		rootAnalyzers: map[*analysis.Analyzer]bool{}, roots: map[*types.Package]bool{}, seen: map[*types.Package]bool{}, progress: progress}
	for _, p := range roots {
		g.roots[p.Types] = true
	}
	for _, a := range as {
		g.rootAnalyzers[a] = true
	}
	var out []*analysis.Analyzer
	for _, a := range as {
		out = append(out, g.copyOf(a))
	}
	return g, out
}

func (g *guarded) copyOf(a *analysis.Analyzer) *analysis.Analyzer {
	if c, ok := g.copies[a]; ok {
		return c
	}
	c := *a // Flags is shared read-only: the analyzer's own settings
	g.copies[a] = &c
	g.original[&c] = a
	c.Requires = nil
	for _, r := range a.Requires {
		c.Requires = append(c.Requires, g.copyOf(r))
	}
	run := a.Run
	c.Run = func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if g.rootAnalyzers[a] {
				g.count(pass.Pkg)
			}
			if r := recover(); r != nil {
				file := ""
				if len(pass.Files) > 0 {
					file = pass.Fset.File(pass.Files[0].FileStart).Name()
				}
				err = fmt.Errorf("panic: analyzer %s crashed on package %s (%s): %v\n%s", a.Name, pass.Pkg.Path(), file, r, firstFrames(debug.Stack(), 12))
			}
		}()
		own := *pass
		own.Analyzer = a
		own.ResultOf = make(map[*analysis.Analyzer]any, len(a.Requires))
		for _, req := range a.Requires {
			own.ResultOf[req] = pass.ResultOf[g.copies[req]]
		}
		return run(&own)
	}
	return &c
}

// count records that a package's analysis is done, for progress.
func (g *guarded) count(pkg *types.Package) {
	if g.progress == nil || !g.roots[pkg] {
		return
	}
	// One call at a time, in order: the counts a caller sees only grow.
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.seen[pkg] {
		g.seen[pkg] = true
		g.progress(len(g.seen))
	}
}

// originalOf is the analyzer a copy was made from.
func (g *guarded) originalOf(a *analysis.Analyzer) *analysis.Analyzer {
	if o, ok := g.original[a]; ok {
		return o
	}
	return a
}

func firstFrames(stack []byte, n int) string {
	lines := strings.Split(string(stack), "\n")
	if len(lines) > n*2 {
		lines = lines[:n*2]
	}
	return strings.Join(lines, "\n")
}

// bodyTrimmer knows which files are outside the analyzed code (the standard library, the
// module cache, vendored code) and drops the function bodies of those that must be loaded
// from source: their importers need only their declarations.
type bodyTrimmer struct {
	prefixes []string
}

func newBodyTrimmer(ctx context.Context, dir string, env []string) *bodyTrimmer {
	t := &bodyTrimmer{}
	cmd := exec.CommandContext(ctx, "go", "env", "GOROOT", "GOMODCACHE")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		return t // trimming is an optimization: without it everything is checked in full
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			t.prefixes = append(t.prefixes, filepath.Clean(line)+string(filepath.Separator))
		}
	}
	return t
}

func (t *bodyTrimmer) external(filename string) bool {
	for _, p := range t.prefixes {
		if strings.HasPrefix(filename, p) {
			return true
		}
	}
	return strings.Contains(filename, string(filepath.Separator)+"vendor"+string(filepath.Separator))
}

func (t *bodyTrimmer) strip(f *ast.File) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		// go/types requires bodies of generic functions and of init functions.
		generic := fd.Type.TypeParams != nil || fd.Recv != nil && len(fd.Recv.List) > 0 && hasTypeParams(fd.Recv.List[0].Type)
		if generic || fd.Recv == nil && fd.Name.Name == "init" {
			continue
		}
		fd.Body = nil
	}
}

// hasTypeParams reports whether a receiver type expression is instantiated (T[K]).
func hasTypeParams(recv ast.Expr) bool {
	if star, ok := recv.(*ast.StarExpr); ok {
		recv = star.X
	}
	switch recv.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}
