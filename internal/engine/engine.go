// Package engine runs slslint once: it selects the rules, finds the files, loads the Go
// packages and the IaC model, runs the analyzers and checks, and turns their results into
// sorted, fingerprinted, suppressed findings for the reporters.
package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers"
	"github.com/slslint/slslint/crosslayer"
	"github.com/slslint/slslint/iac"
	"github.com/slslint/slslint/iac/checks"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/baseline"
	"github.com/slslint/slslint/internal/config"
	"github.com/slslint/slslint/internal/discover"
	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/internal/gitdiff"
	"github.com/slslint/slslint/internal/gocheck"
	"github.com/slslint/slslint/internal/gomodules"
	"github.com/slslint/slslint/internal/report"
	"github.com/slslint/slslint/internal/suppress"
	"github.com/slslint/slslint/rules"
)

// Options describe one run.
type Options struct {
	// WorkDir is the directory the run is relative to (the -C directory).
	WorkDir string
	// Patterns are Go package patterns or paths; default "./...".
	Patterns []string
	// ConfigPath is an explicit configuration file; empty means search upward.
	ConfigPath string
	// Enable, Disable and Only select rules by ID or name, on top of the configuration.
	Enable, Disable, Only []string
	// BaselinePath hides the findings recorded there.
	BaselinePath string
	// NewFromRev, when set, keeps only the findings on lines changed since that git
	// revision (committed, staged, unstaged or untracked), at the finding's location or at
	// one of its related locations. NewFromMergeBase does the same from the merge base of
	// HEAD and that branch. Findings that say slslint could not read or analyze something
	// (SLS000, SLS003, SLS004) are always kept.
	NewFromRev, NewFromMergeBase string
	// Tests includes _test.go files.
	Tests bool
	// Offline forbids the go command any network access while loading packages.
	Offline bool
	// Tags are build tags for loading Go packages (go build -tags).
	Tags []string
	// VarFiles are Terraform variable files.
	VarFiles []string
	// Progress, when not nil, receives progress messages for long runs: a line rewritten
	// in place when ProgressTerminal is set, else a plain line every 15 s.
	Progress         io.Writer
	ProgressTerminal bool
	// Link links the template's functions to their Go packages (Result.Links) even when
	// no cross-layer rule is enabled: for slslint inventory.
	Link bool
}

// A UsageError means the run could not happen: bad flags, bad configuration, patterns that
// match nothing, no Go toolchain. The CLI exits with code 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usage(format string, args ...any) error {
	return &UsageError{fmt.Errorf(format, args...)}
}

// Result is a finished run.
type Result struct {
	// Root is the repository root that paths are relative to.
	Root   string
	Config *config.Config
	Report *report.Input
	// Enabled reports whether a rule ran.
	Enabled func(*rules.Rule) bool
	// Failures counts analyzer and check crashes (SLS003): the CLI exits with 2 when any.
	Failures int
	// GoNotAnalyzed says that Go code was asked for and none of it could be analyzed (every
	// unit has an SLS004): the CLI exits with 2.
	GoNotAnalyzed bool
	Go            *gocheck.Result
	Model         *model.Model
	// Links tie the model's functions to their Go main packages; set when a cross-layer
	// rule is enabled or Options.Link asks for them.
	Links []*crosslayer.Link
}

// Run runs slslint.
func Run(ctx context.Context, opts Options) (*Result, error) {
	work, err := filepath.Abs(opts.WorkDir)
	if err != nil {
		return nil, usage("%v", err)
	}
	if st, err := os.Stat(work); err != nil || !st.IsDir() {
		return nil, usage("%s is not a directory", opts.WorkDir)
	}
	root := RepositoryRoot(work)
	cfg, err := loadConfig(opts.ConfigPath, work, root)
	if err != nil {
		return nil, &UsageError{err}
	}
	sel, err := selectRules(cfg, opts.Enable, opts.Disable, opts.Only)
	if err != nil {
		return nil, &UsageError{err}
	}
	// The changed lines come first: a mistyped revision fails before minutes of loading.
	changes, err := changedLines(ctx, root, opts.NewFromRev, opts.NewFromMergeBase)
	if err != nil {
		return nil, &UsageError{err}
	}
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	paths, importPatterns, err := resolvePatterns(work, root, patterns)
	if err != nil {
		return nil, &UsageError{err}
	}

	progress := newProgress(opts.Progress, opts.ProgressTerminal)
	defer progress.stop()

	progress.set("files", "finding files")
	found := discover.Walk(discover.Options{Root: root, Exclude: cfg.Exclude.Match}, targets(paths))
	progress.end("files")
	if p := matchesNothing(root, paths, found); p != "" {
		return nil, usage("%s matched no Go packages and no IaC files", p)
	}

	run := &runState{root: root, sel: sel, cfg: cfg, sources: newSourceCache(root)}
	for _, p := range found.Problems {
		run.add(&finding.Finding{Rule: rules.ParseError, Location: finding.Location{Path: p.Rel, Line: 1, Column: 1},
			Message: "cannot read: " + cleanErr(p.Err, root)})
	}
	for _, p := range found.GoProblems {
		run.add(&finding.Finding{Rule: rules.ParseError, Location: finding.Location{Path: p.Rel, Line: 1, Column: 1},
			Message: cleanErr(p.Err, root)})
	}

	// This run's own analyzer instances, configured from its configuration: suppression
	// comments are applied by the engine, not the analyzers, and messages keep their
	// detail.
	instances, err := cfg.Go.Instances(analyzers.Options{Details: true})
	if err != nil {
		return nil, &UsageError{err}
	}
	goAnalyzers := sel.analyzers(instances)
	// The cross-layer checks need each main package described; the analyzer reports
	// nothing, and what its prerequisites report is kept only for enabled rules.
	var prog *analysis.Analyzer
	link := opts.Link || sel.crossLayer()
	if link {
		prog = analyzers.Program(instances)
		goAnalyzers = append(goAnalyzers, prog)
	}
	// The Go code the patterns cover, by module: a directory with templates and no Go code
	// needs no Go toolchain at all.
	env := goEnv(opts.Offline)
	plan := goPlan(root, paths, found, append(os.Environ(), env...))
	units := plan.Units
	if len(importPatterns) > 0 {
		units = append(units, gocheck.Unit{Dir: work, Patterns: importPatterns})
	}
	for i := range units {
		units[i].Env = append(units[i].Env, unitEnv(units[i], opts.Offline)...)
	}

	var (
		wg     sync.WaitGroup
		goRes  *gocheck.Result
		goErr  error
		mdl    *model.Model
		inputs = iacSources(found.Files, run.sources)
	)
	if len(units) > 0 && len(goAnalyzers) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer progress.end("go")
			progress.set("go", "loading Go packages")
			goRes, goErr = gocheck.Run(ctx, gocheck.Options{
				Units: units, Dir: work, Root: root, Tests: opts.Tests, Env: env, Analyzers: goAnalyzers,
				Tags: opts.Tags,
				Progress: func(analyzed, total int) {
					progress.set("go", fmt.Sprintf("analyzing Go packages: %d of %d", analyzed, total))
				},
			})
		}()
	}
	progress.set("iac", fmt.Sprintf("reading %s", plural(len(inputs), "IaC file")))
	mdl = iac.Load(ctx, inputs, iac.Options{Root: root, VarFiles: opts.VarFiles})
	progress.set("iac", fmt.Sprintf("checking %s", plural(len(mdl.Functions()), "function")))
	iacFindings := checks.Run(mdl, cfg.IaC)
	progress.end("iac")
	wg.Wait()
	if goErr != nil {
		return nil, usage("loading Go packages: %v", goErr)
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}

	packages, notAnalyzed := 0, 0
	goUnanalyzed := false
	if goRes != nil {
		packages = len(goRes.Roots)
		run.addGo(goRes)
		notAnalyzed = run.addUnitProblems(goRes, plan, len(plan.Units))
		if len(importPatterns) > 0 {
			if p := importPatternMatchingNothing(importPatterns, goRes); p != "" {
				return nil, usage("%s matched no Go packages", p)
			}
		}
		goUnanalyzed = goRes.Analyzed == 0
	}
	if packages == 0 && len(inputs) == 0 && len(found.Problems) == 0 && len(found.GoProblems) == 0 && (goRes == nil || len(goRes.UnitProblems) == 0) {
		return nil, usage("%s matched no Go packages and no IaC files", strings.Join(patterns, " "))
	}
	run.addIaC(mdl, iacFindings)
	var links []*crosslayer.Link
	// Without Go packages the cross-layer checks have nothing to compare; only the
	// inventory still wants the links (shown as not analyzed).
	if link && (goRes != nil || opts.Link) {
		progress.set("link", "linking functions to their Go packages")
		links = crosslayer.LinkFunctions(mdl, root, programsOf(goRes, prog, run.sources))
		run.addFindings(crosslayer.Check(links))
	}

	progress.end("link")
	progress.set("finish", "applying suppressions")
	fs := run.finish(goRes, mdl, inputs)
	if opts.BaselinePath != "" {
		b, err := baseline.Read(opts.BaselinePath)
		if err != nil {
			return nil, &UsageError{err}
		}
		b.Apply(fs)
	}
	unchanged := 0
	if changes != nil {
		fs, unchanged = onlyChanged(fs, changes)
	}

	levels := map[string]rules.Level{}
	var enabled []*rules.Rule
	for _, r := range rules.All() {
		if sel.enabled[r.ID] {
			enabled = append(enabled, r)
			levels[r.ID] = sel.level(r)
		}
	}
	rel, _ := filepath.Rel(root, work)
	in := &report.Input{
		Findings: fs,
		Rules:    enabled,
		Levels:   levels,
		WorkDir:  filepath.ToSlash(rel),
		Summary:  report.NewSummary(fs, packages, len(inputs)),
	}
	in.Summary.Unchanged = unchanged
	in.Summary.Modules = len(plan.Modules)
	in.Summary.NotAnalyzed = notAnalyzed
	in.Summary.Outside = len(plan.Outside)
	return &Result{
		Root: root, Config: cfg, Report: in, Go: goRes, Model: mdl, Failures: run.failures, Links: links,
		GoNotAnalyzed: goUnanalyzed,
		Enabled:       func(r *rules.Rule) bool { return sel.enabled[r.ID] },
	}, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// changedLines finds the lines changed since --new-from-rev or the merge base of
// --new-from-merge-base, or returns nil when neither is set.
func changedLines(ctx context.Context, root, rev, mergeBase string) (*gitdiff.Changes, error) {
	switch {
	case rev != "" && mergeBase != "":
		return nil, errors.New("--new-from-rev and --new-from-merge-base cannot be used together")
	case mergeBase != "":
		base, err := gitdiff.MergeBase(ctx, root, mergeBase)
		if err != nil {
			return nil, fmt.Errorf("--new-from-merge-base %s: %w", mergeBase, err)
		}
		c, err := gitdiff.Since(ctx, root, base)
		if err != nil {
			return nil, fmt.Errorf("--new-from-merge-base %s: %w", mergeBase, err)
		}
		return c, nil
	case rev != "":
		c, err := gitdiff.Since(ctx, root, rev)
		if err != nil {
			return nil, fmt.Errorf("--new-from-rev %s: %w", rev, err)
		}
		return c, nil
	}
	return nil, nil
}

// onlyChanged keeps the findings on a changed line, at their location or a related one
// (an interprocedural finding reported at an unchanged call may be caused by a changed
// callee), and the findings that say what could not be read or analyzed (the core rules
// other than the suppression ones): code that was not checked never looks clean. It
// returns how many it dropped.
func onlyChanged(fs []*finding.Finding, c *gitdiff.Changes) ([]*finding.Finding, int) {
	var keep []*finding.Finding
	for _, f := range fs {
		notAnalyzed := f.Rule.Layer == rules.LayerCore && f.Rule != rules.UnusedSuppression && f.Rule != rules.InvalidSuppression
		if notAnalyzed || changedAt(f, c) {
			keep = append(keep, f)
		}
	}
	return keep, len(fs) - len(keep)
}

func changedAt(f *finding.Finding, c *gitdiff.Changes) bool {
	in := func(l finding.Location) bool {
		for line := l.Line; line <= max(l.EndLine, l.Line); line++ {
			if c.Changed(l.Path, line) {
				return true
			}
		}
		return false
	}
	if in(f.Location) {
		return true
	}
	for _, r := range f.Related {
		if in(r.Location) {
			return true
		}
	}
	return false
}

// goPlan plans the loading of the Go code the path patterns cover: one unit per module or
// workspace, and one for the folders outside any module. A package whose build line sets
// build tags (go build -tags lambda ./cmd/api, in a Makefile, script or package.json next
// to a module or a template) is loaded with them.
func goPlan(root string, paths []pattern, found discover.Result, env []string) *gomodules.Plan {
	dirs, files := goCoverage(root, paths, found)
	scan := []string{"."}
	scan = append(scan, found.GoMods...)
	for _, f := range found.Files {
		scan = append(scan, path.Dir(f.Rel))
	}
	tags := map[string][]string{}
	for _, b := range crosslayer.BuildTags(root, dedupe(scan)) {
		if slices.Contains(dirs, b.Dir) {
			tags[b.Dir] = append(tags[b.Dir], b.Tags...)
		}
	}
	return gomodules.Make(gomodules.Input{Root: root, Dirs: dirs, FirstGoFile: found.FirstGoFile, Files: files, Env: env, Tags: tags})
}

func dedupe(list []string) []string {
	slices.Sort(list)
	return slices.Compact(list)
}

// RepositoryRoot is the nearest directory at or above dir that holds a .git entry, or dir
// itself when there is none. Report paths are relative to it, as GitHub code scanning wants.
func RepositoryRoot(dir string) string { return config.RepositoryRoot(dir) }

func loadConfig(explicit, work, root string) (*config.Config, error) {
	p, ok := explicit, explicit != ""
	if ok && !filepath.IsAbs(p) {
		p = filepath.Join(work, p)
	}
	if !ok {
		p, ok = config.Find(work, root)
	}
	if !ok {
		return config.Default(), nil
	}
	c, err := config.Load(p, root)
	var ce *config.Error
	if errors.As(err, &ce) {
		// Named as the user would type it: relative to the working directory.
		if rel, rerr := filepath.Rel(work, ce.Path); rerr == nil {
			ce.Path = rel
		}
	}
	return c, err
}

// goEnv is the environment slslint adds for the go command, which lists the packages and
// builds the export data of their dependencies (as go vet does).
func goEnv(offline bool) []string {
	var env []string
	// No C compiler runs on the scanned code: cgo files are left out, as in the static
	// binaries Lambda's provided runtimes run. An explicit CGO_ENABLED is respected.
	if _, set := os.LookupEnv("CGO_ENABLED"); !set {
		env = append(env, "CGO_ENABLED=0")
	}
	if offline {
		env = append(env, "GOPROXY=off")
	}
	return env
}

// unitEnv is the go command's GOFLAGS for one unit. The user's files are never changed: a
// -mod=mod in the user's GOFLAGS (which lets the go command edit go.mod and go.sum) becomes
// -mod=readonly, and when the go command wants the files changed, the loader works on a
// temporary copy instead. Offline, a missing module is an error (-mod=readonly) — except in
// a vendored module, where -mod is left to the go command, which then reads vendor/.
func unitEnv(u gocheck.Unit, offline bool) []string {
	flags := strings.Fields(os.Getenv("GOFLAGS"))
	vendored := u.ModFile != "" && !u.Workspace && regularFile(filepath.Join(filepath.Dir(u.ModFile), "vendor", "modules.txt"))
	edits := false
	kept := flags[:0]
	for _, f := range flags {
		if name, value, ok := strings.Cut(strings.TrimPrefix(f, "-"), "="); ok && (name == "mod" || name == "-mod") && value == "mod" {
			edits = true
			continue
		}
		kept = append(kept, f)
	}
	if !edits && (!offline || vendored) {
		return nil
	}
	if !vendored {
		kept = append(kept, "-mod=readonly")
	}
	return []string{"GOFLAGS=" + strings.Join(kept, " ")}
}

func regularFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// iacSources turns discovered files into the loaders' sources; the contents discovery read
// already also serve the fingerprints and suppression comments.
func iacSources(files []discover.File, cache *sourceCache) []model.Source {
	var in []model.Source
	for _, f := range files {
		if f.Content != nil {
			cache.files[f.Rel] = f.Content
		}
		in = append(in, model.Source{Format: f.Format, Abs: f.Abs, Rel: f.Rel, Content: f.Content})
	}
	return in
}

// cleanErr renders an error without the absolute root, so messages are the same on every
// machine.
func cleanErr(err error, root string) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return strings.ReplaceAll(err.Error(), root+string(filepath.Separator), "")
}

// analyzers returns the instances of the Go analyzers that report at least one enabled rule.
func (s *selection) analyzers(instances []analyzers.Entry) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, e := range instances {
		if slices.ContainsFunc(e.Rules, func(r *rules.Rule) bool { return s.enabled[r.ID] }) {
			out = append(out, e.Analyzer)
		}
	}
	return out
}

// directivesOf collects every suppression directive in the analyzed files.
func directivesOf(goRes *gocheck.Result, mdl *model.Model, inputs []model.Source, sources *sourceCache, opts suppress.Options) []*suppress.Directive {
	var ds []*suppress.Directive
	add := func(list []suppress.Directive) {
		for i := range list {
			ds = append(ds, &list[i])
		}
	}
	if goRes != nil {
		for name, f := range goRes.Files() {
			if rel, ok := sources.rel(name); ok {
				add(suppress.ParseGo(goRes.Fset, f, rel, opts))
			}
		}
	}
	for _, in := range inputs {
		src, ok := sources.get(in.Rel)
		if !ok {
			continue
		}
		switch in.Format {
		case model.Terraform:
			add(suppress.ParseHCL(src, in.Rel))
		case model.CloudFormation, model.Serverless:
			add(suppress.ParseYAML(src, in.Rel))
		}
	}
	for _, s := range mdl.Suppressions {
		add([]suppress.Directive{suppress.ParseMetadata(s.At.File, s.At.Line, s.At.Column, s.Scope.Line, s.Scope.EndLine, s.RuleID, s.Reason)})
	}
	slices.SortFunc(ds, func(a, b *suppress.Directive) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return ds
}
