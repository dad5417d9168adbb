package gocheck

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"go/version"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"
)

// A monorepo of one module per function costs one go list per module when each module is
// listed on its own: every go command starts, reads the module graph and checks the build
// cache again, about 0.3 s each even when nothing needs building. Modules that agree on
// their dependencies are therefore listed together, by one go command over a temporary
// go.work that uses them all, and the result is split back into one unit per module.
//
// A workspace selects one version of each dependency for all its members, where a module
// built alone selects its own; the two agree only when the members agree. So a batch is
// formed only of modules whose go.mod files agree (the same version of every module two of
// them require, the same replacements, no module requiring another), and after listing,
// each member is checked against its own go.mod: every package outside its module must come
// from the version (and replacement) its go.mod requires, and no error may involve modules
// or go.mod at all. A member that fails the check, or a batch whose go command fails, is
// listed again on its own, exactly as without batching: batching changes what a run
// costs, never what it reports.

// A batchMember is a unit that may be listed with others.
type batchMember struct {
	index int // in the run's units
	unit  *Unit
	// path and goVersion are the module's path and go directive.
	path, goVersion string
	// requires maps each required module path to its version.
	requires map[string]string
	// replaces maps "path" or "path@version" to the replacement's key (see replacementKey).
	replaces map[string]string
	// env is the unit's environment for the go command, but GOWORK.
	env []string
}

// planBatches groups the units that can be listed together. Units left out of every batch
// (or alone in one) are listed on their own.
func planBatches(opts Options, units []Unit) [][]*batchMember {
	type batchOf struct {
		context string // the members' tags and environment: the same for all
		members []*batchMember
	}
	var batches []*batchOf
	for i := range units {
		m := newBatchMember(opts, &units[i], i)
		if m == nil {
			continue
		}
		context := strings.Join(units[i].Tags, ",") + "\x00" + strings.Join(m.env, "\x00")
		var into *batchOf
		for _, b := range batches {
			if b.context == context && !slices.ContainsFunc(b.members, func(o *batchMember) bool { return !m.agrees(o) }) {
				into = b
				break
			}
		}
		if into == nil {
			into = &batchOf{context: context}
			batches = append(batches, into)
		}
		into.members = append(into.members, m)
	}
	var out [][]*batchMember
	for _, b := range batches {
		if len(b.members) >= 2 {
			out = append(out, b.members)
		}
	}
	return out
}

// workspaceFlags reports whether the go flags of a unit mean the same in a workspace: the go
// command refuses -mod=mod and -modfile there, and -mod=vendor names the workspace's vendor
// directory instead of the module's. (-mod=readonly, which --offline sets, is the default
// in both.)
func workspaceFlags(opts Options, u *Unit) bool {
	goflags, _ := LookupEnv(append(append(os.Environ(), opts.Env...), u.Env...), "GOFLAGS")
	flags := append(strings.Fields(goflags), opts.BuildFlags...)
	return !slices.ContainsFunc(flags, func(f string) bool {
		f = strings.TrimLeft(f, "-")
		return f == "mod" || strings.HasPrefix(f, "mod=") && f != "mod=readonly" || strings.HasPrefix(f, "modfile")
	})
}

// LookupEnv finds the value of a variable in an environment list as the go command reads
// it: the last one set.
func LookupEnv(env []string, name string) (string, bool) {
	val, set := "", false
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			val, set = v, true
		}
	}
	return val, set
}

// newBatchMember reads the go.mod of a unit that is one module listed on its own by
// directory patterns, nil when the unit cannot join a batch: a workspace, files named on
// the command line, a vendored module (a workspace ignores its vendor directory), a go.mod
// that excludes versions (a workspace applies that to every member) or that predates module
// graph pruning (Go 1.17), whose go.mod does not list every module its packages come from,
// so that the check after listing could not tell.
func newBatchMember(opts Options, u *Unit, index int) *batchMember {
	if u.Workspace || filepath.Base(u.ModFile) != "go.mod" || len(u.Patterns) == 0 ||
		slices.ContainsFunc(u.Patterns, func(p string) bool { return strings.HasSuffix(p, ".go") }) ||
		!workspaceFlags(opts, u) {
		return nil
	}
	if gowork, _ := LookupEnv(u.Env, "GOWORK"); gowork != "off" {
		return nil
	}
	dir := filepath.Dir(u.ModFile)
	if _, err := os.Stat(filepath.Join(dir, "vendor", "modules.txt")); err == nil {
		return nil
	}
	b, err := os.ReadFile(u.ModFile)
	if err != nil {
		return nil
	}
	f, err := modfile.Parse(u.ModFile, b, nil)
	if err != nil || f.Module == nil || f.Go == nil || len(f.Exclude) > 0 ||
		version.Compare("go"+f.Go.Version, "go1.17") < 0 {
		return nil
	}
	m := &batchMember{index: index, unit: u, path: f.Module.Mod.Path, goVersion: f.Go.Version,
		requires: map[string]string{}, replaces: map[string]string{}}
	for _, kv := range u.Env {
		if !strings.HasPrefix(kv, "GOWORK=") {
			m.env = append(m.env, kv)
		}
	}
	for _, r := range f.Require {
		m.requires[r.Mod.Path] = r.Mod.Version
	}
	if !m.importsRequired() {
		return nil
	}
	for _, r := range f.Replace {
		old := r.Old.Path
		if r.Old.Version != "" {
			old += "@" + r.Old.Version
		}
		if modfile.IsDirectoryPath(r.New.Path) {
			target := filepath.FromSlash(r.New.Path)
			if !filepath.IsAbs(target) {
				target = filepath.Join(dir, target)
			}
			m.replaces[old] = replacementKey("", "", target)
		} else {
			m.replaces[old] = replacementKey(r.New.Path, r.New.Version, "")
		}
	}
	return m
}

// importsRequired reports whether every package the unit's files import comes from the
// standard library, the module itself or a module its go.mod requires. A module that
// imports a package no requirement provides (an untidy go.mod, a sibling module reached
// only through a go.work) would get it from another member in a batch, and then be listed
// again alone: reading the imports costs far less than that second go command.
func (m *batchMember) importsRequired() bool {
	fset := token.NewFileSet()
	for _, pattern := range m.unit.Patterns {
		dir := filepath.Join(m.unit.Dir, filepath.FromSlash(pattern))
		if strings.Contains(pattern, "...") {
			return false
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return false
		}
		for _, e := range entries {
			if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".go") {
				continue
			}
			src, err := readSourceFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return false
			}
			f, err := parser.ParseFile(fset, e.Name(), src, parser.ImportsOnly)
			if err != nil {
				return false
			}
			for _, imp := range f.Imports {
				path, err := strconv.Unquote(imp.Path.Value)
				if err != nil || !m.provides(path) {
					return false
				}
			}
		}
	}
	return true
}

// provides reports whether an import path is the standard library's (its first element has
// no dot), the module's own, or that of a module it requires.
func (m *batchMember) provides(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	if !strings.Contains(first, ".") || inModule(path, m.path) {
		return true
	}
	for req := range m.requires {
		if inModule(path, req) {
			return true
		}
	}
	return false
}

func inModule(path, module string) bool {
	return path == module || strings.HasPrefix(path, module+"/")
}

// replacementKey identifies a replacement: a module version, or a directory.
func replacementKey(path, version, dir string) string {
	if version == "" {
		return "dir " + filepath.Clean(dir)
	}
	return path + "@" + version
}

// replacementOf is the replacement the member's go.mod applies to a module version, "" for
// none.
func (m *batchMember) replacementOf(path, version string) string {
	if r, ok := m.replaces[path+"@"+version]; ok {
		return r
	}
	return m.replaces[path]
}

// agrees reports whether two modules can share a workspace and each still get, for every
// module it requires, what it gets alone.
func (m *batchMember) agrees(o *batchMember) bool {
	if m.path == o.path {
		return false // the go command refuses two workspace modules of one path
	}
	for _, pair := range [][2]*batchMember{{m, o}, {o, m}} {
		a, b := pair[0], pair[1]
		// A module that requires or replaces another member would get the member's source
		// in a workspace, not the version (or replacement) it names.
		if _, ok := a.requires[b.path]; ok {
			return false
		}
		for old, r := range a.replaces {
			path, _, _ := strings.Cut(old, "@")
			if path == b.path {
				return false
			}
			// Two members' replacements of one module (version) must be the same.
			if br, ok := b.replaces[old]; ok && br != r {
				return false
			}
		}
		// A module both require must come in one version, and a replacement in one applies
		// to the other too. (A module only one of them requires is not in the other's
		// packages: since Go 1.17 go.mod lists every module the module's packages come from.)
		for path, v := range a.requires {
			if bv, ok := b.requires[path]; ok && bv != v {
				return false
			}
			if r := b.replacementOf(path, v); r != "" && r != a.replacementOf(path, v) {
				return false
			}
		}
	}
	return true
}

// listBatch lists the members' packages with one go command over a temporary go.work, and
// returns the root packages of each member whose listing is what listing it alone would
// give (by index in the members). The others are left for listing alone.
func listBatch(ctx context.Context, opts Options, members []*batchMember, fset *token.FileSet) (map[int][]*packages.Package, error) {
	tmp, err := os.MkdirTemp("", "slslint-work-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	work := new(modfile.WorkFile)
	work.Syntax = new(modfile.FileSyntax)
	goVersion := members[0].goVersion
	var dirs []string
	for _, m := range members {
		if version.Compare("go"+m.goVersion, "go"+goVersion) > 0 {
			goVersion = m.goVersion
		}
		dirs = append(dirs, m.unit.Dir)
	}
	if err := work.AddGoStmt(goVersion); err != nil {
		return nil, err
	}
	for _, d := range dirs {
		if err := work.AddUse(filepath.ToSlash(d), ""); err != nil {
			return nil, err
		}
	}
	workFile := filepath.Join(tmp, "go.work")
	if err := os.WriteFile(workFile, modfile.Format(work.Syntax), 0o600); err != nil {
		return nil, err
	}
	u := Unit{Dir: commonDir(dirs), Env: append(slices.Clone(members[0].env), "GOWORK="+workFile), Tags: members[0].unit.Tags}
	for _, m := range members {
		for _, p := range m.unit.Patterns {
			u.Patterns = append(u.Patterns, DirPattern(u.Dir, filepath.Join(m.unit.Dir, filepath.FromSlash(p))))
		}
	}
	roots, err := listPackages(ctx, opts, u, fset, nil)
	if err != nil {
		return nil, err
	}
	byMember, ok := splitRoots(roots, members)
	if !ok {
		return nil, fmt.Errorf("a listed package belongs to none of the batch's modules")
	}
	out := map[int][]*packages.Package{}
	for i, m := range members {
		if len(byMember[i]) > 0 && m.listedAsAlone(byMember[i]) == "" {
			out[i] = byMember[i]
		}
	}
	return out, nil
}

// commonDir is the deepest directory that holds every one of dirs.
func commonDir(dirs []string) string {
	common := dirs[0]
	for _, d := range dirs[1:] {
		for !Within(common, d) {
			parent := filepath.Dir(common)
			if parent == common {
				break
			}
			common = parent
		}
	}
	return common
}

// splitRoots gives each root package to the member whose module holds it: by the module
// go list names, else by the folder of its files, else (a test main) by the package it
// tests. It reports false when a root belongs to no member.
func splitRoots(roots []*packages.Package, members []*batchMember) ([][]*packages.Package, bool) {
	out := make([][]*packages.Package, len(members))
	byPath := map[string]int{}
	memberOf := func(p *packages.Package) int {
		if p.Module != nil && p.Module.GoMod != "" {
			for i, m := range members {
				if filepath.Clean(p.Module.GoMod) == filepath.Clean(m.unit.ModFile) {
					return i
				}
			}
			return -1
		}
		for _, files := range [][]string{p.GoFiles, p.IgnoredFiles, p.OtherFiles} {
			if len(files) == 0 {
				continue
			}
			best, bestLen := -1, -1
			for i, m := range members {
				if Within(m.unit.Dir, files[0]) && len(m.unit.Dir) > bestLen {
					best, bestLen = i, len(m.unit.Dir)
				}
			}
			return best
		}
		return -1
	}
	var later []*packages.Package
	for _, p := range roots {
		i := memberOf(p)
		if i < 0 {
			later = append(later, p)
			continue
		}
		byPath[p.PkgPath] = i
		out[i] = append(out[i], p)
	}
	for _, p := range later {
		base, _, _ := strings.Cut(p.ID, " ")
		i, ok := byPath[strings.TrimSuffix(base, ".test")]
		if !ok {
			return nil, false
		}
		out[i] = append(out[i], p)
	}
	return out, true
}

// listedAsAlone checks that the member's packages, listed in a workspace, are what listing
// its module alone gives: every dependency from the version and replacement its go.mod
// names, no package of another member, no error about modules. It returns why not, or "".
func (m *batchMember) listedAsAlone(roots []*packages.Package) string {
	why := ""
	packages.Visit(roots, nil, func(p *packages.Package) {
		if why != "" {
			return
		}
		mod := p.Module
		for _, e := range p.Errors {
			if mod == nil || !mod.Main || moduleError(e.Msg) {
				why = fmt.Sprintf("%s: %s", p.PkgPath, e.Msg)
				return
			}
		}
		switch {
		case mod == nil:
			// The standard library.
		case mod.Main:
			if filepath.Clean(mod.GoMod) != filepath.Clean(m.unit.ModFile) {
				why = fmt.Sprintf("%s comes from workspace module %s", p.PkgPath, mod.Path)
			}
		default:
			v, ok := m.requires[mod.Path]
			if !ok || v != mod.Version {
				why = fmt.Sprintf("%s comes from %s@%s, %s requires %q", p.PkgPath, mod.Path, mod.Version, m.path, v)
				return
			}
			got := ""
			if r := mod.Replace; r != nil {
				got = replacementKey(r.Path, r.Version, r.Dir)
			}
			if want := m.replacementOf(mod.Path, v); got != want {
				why = fmt.Sprintf("%s is replaced by %q, %s replaces it by %q", mod.Path, got, m.path, want)
			}
		}
	})
	return why
}

// moduleError reports whether a go command error concerns modules, go.mod, go.sum or the
// workspace, which may differ between a workspace and a module alone.
func moduleError(msg string) bool {
	lower := strings.ToLower(msg)
	for _, s := range []string{"module", "go.mod", "go.sum", "go.work", "workspace", "vendor", "goproxy", "goflags",
		"cannot find package", "is not in std", "toolchain"} {
		if strings.Contains(lower, s) {
			return true
		}
	}
	return hasModUpdateMarker(msg)
}
