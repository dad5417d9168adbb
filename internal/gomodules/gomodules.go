// Package gomodules plans how the Go code a run covers is loaded: which go command
// contexts (modules, workspaces) hold it and which packages of each to list.
//
// Repositories come as they are: one go.mod at the root, one go.mod per function below a
// root that has none, a go.work that ties some modules together, folders of Go files that
// belong to no module at all. The go command answers for one context at a time (`go list
// ./...` at a root without go.mod finds nothing, and stops at nested go.mod files), so the
// plan gives it one unit per context, each run where `go build` would run for that code:
//
//   - a module (the nearest go.mod at or above a folder) is loaded on its own, with
//     GOWORK=off, unless a go.work above it lists it;
//   - a workspace (a go.work, found upward as the go command finds it, or named by GOWORK)
//     loads the members it lists together;
//   - folders outside any module form one unit whose failure names each folder.
//
// Folders are given to the go command one by one, as the walk of the repository found them
// (it skips what the go command skips: testdata, vendor, hidden and _ folders), so that a
// folder slslint must not read (a named pipe, a link out of the repository) stays out.
package gomodules

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/slslint/slslint/internal/gocheck"
)

// Input is what the planner needs to know about a run.
type Input struct {
	// Root is the repository root, absolute.
	Root string
	// Dirs are the folders holding Go files that the run covers, relative to Root with
	// forward slashes ("." for the root).
	Dirs []string
	// FirstGoFile maps each of Dirs to its first Go file, relative to Root.
	FirstGoFile map[string]string
	// Files are Go files named on the command line, absolute.
	Files []string
	// Env is the environment the go command runs with (os.Environ plus slslint's additions):
	// GOWORK in it is honoured.
	Env []string
	// Tags maps folders (relative to Root) to the build tags their build line uses: such a
	// folder is loaded with them, in a unit of its own.
	Tags map[string][]string
}

// A Module is one Go module the plan loads.
type Module struct {
	// Dir is the module's root, absolute; GoMod its go.mod file.
	Dir, GoMod string
	// Path is the module path its go.mod declares.
	Path string
	// Workspace is the go.work file that loads it, "" when it is loaded on its own.
	Workspace string
}

// Plan is the units to load and what they hold.
type Plan struct {
	Units []gocheck.Unit
	// Modules are the modules the units load, sorted by directory.
	Modules []Module
	// Outside are the folders, relative to the root, that belong to no module, sorted.
	Outside []string
	// Anchors maps each unit (by index) to the files, absolute, where a problem with the
	// whole unit is reported: its go.mod or go.work when inside the repository, else the
	// first Go file of each of its folders.
	Anchors map[int][]string
}

// Make plans the loading of in.Dirs and in.Files.
func Make(in Input) *Plan {
	f := &finder{in: in, goMod: map[string]string{}, work: map[string]*workspace{}}
	plan := &Plan{Anchors: map[int][]string{}}

	type group struct {
		unit  gocheck.Unit
		dirs  []string // relative to the root
		files []string // absolute
	}
	groups := map[string]*group{} // by context file (go.mod or go.work); "" for no module
	var order []string
	modules := map[string]Module{}
	add := func(absDir string, tags []string) *group {
		modDir := f.moduleDir(absDir)
		if modDir == "" {
			if groups[""] == nil {
				groups[""] = &group{unit: gocheck.Unit{Dir: in.Root, Env: []string{"GOWORK=off"}}}
				order = append(order, "")
			}
			return groups[""]
		}
		m := Module{Dir: modDir, GoMod: filepath.Join(modDir, "go.mod"), Path: modulePath(filepath.Join(modDir, "go.mod"))}
		key := m.GoMod
		u := gocheck.Unit{Dir: modDir, Env: []string{"GOWORK=off"}, ModFile: m.GoMod}
		if ws := f.workspaceOf(modDir); ws != nil {
			m.Workspace = ws.file
			key = ws.file
			u = gocheck.Unit{Dir: filepath.Dir(ws.file), Env: []string{"GOWORK=" + ws.file}, ModFile: ws.file, Workspace: true}
		}
		modules[m.GoMod] = m
		u.Tags = tags
		key += "\x00" + strings.Join(tags, ",")
		if groups[key] == nil {
			groups[key] = &group{unit: u}
			order = append(order, key)
		}
		return groups[key]
	}
	for _, d := range in.Dirs {
		abs := filepath.Join(in.Root, filepath.FromSlash(d))
		g := add(abs, in.Tags[d])
		g.dirs = append(g.dirs, d)
	}
	for _, file := range in.Files {
		g := add(filepath.Dir(file), nil)
		g.files = append(g.files, file)
	}
	sort.Strings(order)
	for _, groupKey := range order {
		g := groups[groupKey]
		key, _, _ := strings.Cut(groupKey, "\x00")
		u := g.unit
		var anchors []string
		for _, d := range g.dirs {
			u.Patterns = append(u.Patterns, gocheck.DirPattern(u.Dir, filepath.Join(in.Root, filepath.FromSlash(d))))
			if key == "" {
				plan.Outside = append(plan.Outside, d)
				anchors = append(anchors, filepath.Join(in.Root, filepath.FromSlash(in.FirstGoFile[d])))
			}
		}
		if key != "" {
			if gocheck.Within(in.Root, key) {
				anchors = []string{key}
			} else {
				for _, d := range g.dirs {
					anchors = append(anchors, filepath.Join(in.Root, filepath.FromSlash(in.FirstGoFile[d])))
				}
			}
		}
		if len(u.Patterns) > 0 {
			plan.Anchors[len(plan.Units)] = anchors
			plan.Units = append(plan.Units, u)
		}
		// Files named on the command line make a package of their own per folder (the go
		// command wants them in one directory).
		byDir := map[string][]string{}
		var dirs []string
		for _, file := range g.files {
			d := filepath.Dir(file)
			if byDir[d] == nil {
				dirs = append(dirs, d)
			}
			byDir[d] = append(byDir[d], file)
		}
		sort.Strings(dirs)
		for _, d := range dirs {
			fu := g.unit
			fu.Patterns = nil
			for _, file := range byDir[d] {
				fu.Patterns = append(fu.Patterns, gocheck.DirPattern(fu.Dir, file))
			}
			plan.Anchors[len(plan.Units)] = byDir[d][:1]
			if key != "" && gocheck.Within(in.Root, key) {
				plan.Anchors[len(plan.Units)] = []string{key}
			}
			plan.Units = append(plan.Units, fu)
		}
	}
	for _, m := range modules {
		plan.Modules = append(plan.Modules, m)
	}
	sort.Slice(plan.Modules, func(i, j int) bool { return plan.Modules[i].Dir < plan.Modules[j].Dir })
	sort.Strings(plan.Outside)
	return plan
}

// modulePath reads the module path a go.mod declares, "" when it cannot.
func modulePath(goMod string) string {
	b, err := os.ReadFile(goMod)
	if err != nil {
		return ""
	}
	return modfile.ModulePath(b)
}

type workspace struct {
	file string
	uses map[string]bool // member directories, absolute and clean
}

type finder struct {
	in    Input
	goMod map[string]string // directory -> module root at or above it ("" for none)
	work  map[string]*workspace
}

// moduleDir finds the nearest directory at or above dir that holds a go.mod, as the go
// command does.
func (f *finder) moduleDir(dir string) string {
	if m, ok := f.goMod[dir]; ok {
		return m
	}
	var m string
	if st, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && st.Mode().IsRegular() {
		m = dir
	} else if parent := filepath.Dir(dir); parent != dir {
		m = f.moduleDir(parent)
	}
	f.goMod[dir] = m
	return m
}

// workspaceOf returns the workspace that loads the module at modDir: the go.work GOWORK
// names, or else the nearest one at or above modDir, when it lists the module.
func (f *finder) workspaceOf(modDir string) *workspace {
	gowork, set := gocheck.LookupEnv(f.in.Env, "GOWORK")
	if set && gowork == "off" {
		return nil
	}
	file := gowork
	if !set || gowork == "" {
		file = findUp(modDir, "go.work")
	} else if !filepath.IsAbs(file) {
		return nil // the go command rejects a relative GOWORK too
	}
	if file == "" {
		return nil
	}
	ws := f.readWorkspace(file)
	if ws == nil || !ws.uses[filepath.Clean(modDir)] {
		return nil
	}
	return ws
}

func (f *finder) readWorkspace(file string) *workspace {
	if ws, ok := f.work[file]; ok {
		return ws
	}
	var ws *workspace
	if b, err := os.ReadFile(file); err == nil {
		if wf, err := modfile.ParseWork(file, b, nil); err == nil {
			ws = &workspace{file: file, uses: map[string]bool{}}
			for _, u := range wf.Use {
				p := filepath.FromSlash(u.Path)
				if !filepath.IsAbs(p) {
					p = filepath.Join(filepath.Dir(file), p)
				}
				ws.uses[filepath.Clean(p)] = true
			}
		}
	}
	f.work[file] = ws
	return ws
}

// findUp returns the nearest file of that name at or above dir.
func findUp(dir, name string) string {
	for d := dir; ; {
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}
