package crosslayer

import (
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/repofile"
)

// A Link ties a function of a template to the Go main package it runs.
type Link struct {
	Project  *model.Project
	Function *model.Function
	// Dir is the main package's directory, relative to the repository root; "" when the
	// function is not linked.
	Dir string
	// Program is the package's description, nil when the package was not loaded (it is
	// outside the patterns given to slslint) or the function is not linked.
	Program *Program
	// Inferred says the link was found by name only (cmd/<function name>), not from the
	// template's code location and the build files.
	Inferred bool
	// Via says how the link was found: "directory cmd/worker", "bin/worker/bootstrap,
	// built by Makefile:12", "name: cmd/report".
	Via string
	// Reason says why the function is not linked, or why its package was not analyzed.
	Reason string
}

// Confident reports whether the cross-layer checks may compare the function with its
// code: it is linked from its template (not by name only) to a package that was analyzed.
func (l *Link) Confident() bool { return l.Dir != "" && !l.Inferred && l.Program != nil }

// LinkFunctions finds the main package of every function of the model. root is the repository
// root (absolute); programs are the main packages that were loaded and analyzed, with
// repository-relative directories. A link is made only when it is certain: a template
// location or build rule that leads to two packages links none.
func LinkFunctions(m *model.Model, root string, programs []*Program) []*Link {
	l := newLinker(root, programs)
	var out []*Link
	if m == nil {
		return nil
	}
	for _, p := range m.Projects {
		if p == nil {
			continue
		}
		for _, f := range p.Functions {
			if f == nil {
				continue
			}
			out = append(out, l.link(p, f))
		}
	}
	return out
}

type linker struct {
	root string
	// repo reads the repository's build files, and only those (see package repofile).
	repo     repofile.Root
	programs map[string]*Program
	mains    map[string]bool
	files    map[string]*buildFile
	dirFiles map[string][]string
	modules  map[string][2]string
	under    map[string][]string
}

// A buildFile is a parsed Makefile, script or package.json.
type buildFile struct {
	mk   *makefile // Makefiles only
	scan buildScan // the builds and packs of its explicit rules or commands
}

func newLinker(root string, programs []*Program) *linker {
	l := &linker{root: root, repo: repofile.New(root), programs: map[string]*Program{}, mains: map[string]bool{}, files: map[string]*buildFile{},
		dirFiles: map[string][]string{}, modules: map[string][2]string{}, under: map[string][]string{}}
	for _, p := range programs {
		if p != nil {
			l.programs[p.Key()] = p
		}
	}
	return l
}

// link finds one function's package.
func (l *linker) link(p *model.Project, f *model.Function) *Link {
	lk := &Link{Project: p, Function: f}
	dirs, via, reason := l.fromTemplate(p, f)
	switch {
	case len(dirs) == 1:
		lk.Dir, lk.Via = dirs[0], via
	case len(dirs) > 1:
		lk.Reason = reason
		return lk
	default:
		// Nothing leads from the template to a package: a unique package named like the
		// function is a guess, marked as inferred.
		lk.Reason = reason
		if d, ok := l.byName(p, f); ok {
			lk.Dir, lk.Inferred, lk.Via = d, true, "name: "+d
		}
	}
	if lk.Dir == "" {
		return lk
	}
	if !lk.Inferred {
		lk.Reason = ""
	}
	if prog, ok := l.programs[lk.Dir]; ok {
		lk.Program = prog
	} else {
		lk.Reason = joinReasons(lk.Reason, "package ./"+lk.Dir+" was not analyzed: it is outside the patterns given to slslint")
	}
	return lk
}

// fromTemplate follows the function's code location. It returns the packages found (one
// is a link, several are ambiguous), how, and why nothing was found.
func (l *linker) fromTemplate(p *model.Project, f *model.Function) (dirs []string, via, reason string) {
	c := f.Code
	handler := ""
	if f.Handler.Known() {
		handler = strings.TrimSpace(f.Handler.Value)
	}
	if c.BuildMethod.Known() && strings.EqualFold(c.BuildMethod.Value, "makefile") && c.Dir.Known() {
		return l.samMakefile(f, c.Dir.Value)
	}
	if c.Dir.Known() {
		d := c.Dir.Value
		if l.isMainPackage(d) {
			return []string{d}, "directory " + d, ""
		}
		// SAM's Go builder builds CodeUri, or CodeUri/Handler when CodeUri has no Go files.
		if handler != "" && l.isMainPackage(path.Join(d, handler)) && c.BuildMethod.Known() {
			d = path.Join(d, handler)
			return []string{d}, "directory " + d, ""
		}
		var targets []string
		if handler != "" {
			targets = append(targets, path.Join(d, handler))
		}
		if handler != "bootstrap" {
			targets = append(targets, path.Join(d, "bootstrap"))
		}
		for _, t := range targets {
			if ds, v, r := l.built(t, l.searchDirs(p, t)); len(ds) > 0 || r != "" {
				return ds, v, r
			}
		}
		if ds, v, r := l.builtInto(d, l.searchDirs(p, d)); len(ds) > 0 || r != "" {
			return ds, v, r
		}
		return nil, "", fmt.Sprintf("no main package in %s and no build file writes a binary there", d)
	}
	if c.File.Known() {
		file := c.File.Value
		switch {
		case strings.HasSuffix(file, ".go"):
			if _, standalone := l.programs[path.Clean(file)]; standalone {
				return []string{path.Clean(file)}, "file " + file, ""
			}
			if d := path.Dir(file); l.isMainPackage(d) {
				return []string{d}, "file " + file, ""
			}
		case l.isMainPackage(file):
			return []string{file}, "directory " + file, ""
		}
		ds, v, r := l.built(file, l.searchDirs(p, file))
		if len(ds) == 0 && r == "" {
			r = fmt.Sprintf("no build file found that writes %s", file)
		}
		return ds, v, r
	}
	if c.Dir.IsSet() || c.File.IsSet() {
		return nil, "", "the code location is not known statically"
	}
	return nil, "", "the template names no code location"
}

// samMakefile follows SAM's makefile build: `make build-<LogicalId>` in CodeUri.
func (l *linker) samMakefile(f *model.Function, dir string) ([]string, string, string) {
	file := path.Join(dir, "Makefile")
	if !l.exists(file) {
		return nil, "", "BuildMethod makefile, but " + file + " does not exist"
	}
	artifacts := ".aws-sam/build/" + f.ID
	mk := parseMakefile(file, l.read(file), map[string]string{"ARTIFACTS_DIR": rootMark + artifacts})
	scan := l.targetRecipe(mk, "build-"+f.ID)
	// The binaries that end up in the artifacts directory: written there, or copied or
	// packed there from where a prerequisite wrote them. Without such a trace, every
	// binary the target builds.
	inArtifacts := func(p string) bool { return p == artifacts || strings.HasPrefix(p, artifacts+"/") }
	copied := map[string]bool{}
	for _, p := range scan.packs {
		if inArtifacts(p.output) {
			for _, in := range p.inputs {
				copied[in] = true
			}
		}
	}
	set := map[string]goBuild{}
	for _, b := range scan.builds {
		if inArtifacts(b.output) || copied[b.output] {
			set[b.pkg] = b
		}
	}
	if len(set) == 0 {
		for _, b := range scan.builds {
			set[b.pkg] = b
		}
	}
	switch len(set) {
	case 0:
		return nil, "", fmt.Sprintf("target build-%s of %s runs no go build", f.ID, file)
	case 1:
		for d, b := range set {
			return []string{d}, fmt.Sprintf("target build-%s of %s (%s)", f.ID, file, b.describe()), ""
		}
	}
	return sortedKeys(set), "", fmt.Sprintf("target build-%s of %s builds %s", f.ID, file, strings.Join(sortedKeys(set), " and "))
}

// built finds the packages whose binary ends up in target: written by a go build, or
// packed (zip, cp) from one.
func (l *linker) built(target string, dirs []string) ([]string, string, string) {
	set := map[string]string{}
	l.producers(target, dirs, 0, target, set)
	switch len(set) {
	case 0:
		return nil, "", ""
	case 1:
		for d, v := range set {
			return []string{d}, v, ""
		}
	}
	return sortedKeys(set), "", fmt.Sprintf("%s is built from %s", target, strings.Join(sortedKeys(set), " and "))
}

// builtInto finds the packages whose binaries are written into dir.
func (l *linker) builtInto(dir string, dirs []string) ([]string, string, string) {
	set := map[string]string{}
	for _, bf := range l.buildFiles(dirs) {
		for _, b := range bf.scan.builds {
			if path.Dir(b.output) == dir {
				set[b.pkg] = fmt.Sprintf("%s, built by %s", b.output, b.describe())
			}
		}
	}
	switch len(set) {
	case 0:
		return nil, "", ""
	case 1:
		for d, v := range set {
			return []string{d}, v, ""
		}
	}
	return sortedKeys(set), "", fmt.Sprintf("binaries of %s are written into %s", strings.Join(sortedKeys(set), " and "), dir)
}

// producers adds to set the packages whose binary becomes target, with how.
func (l *linker) producers(target string, dirs []string, depth int, first string, set map[string]string) {
	if depth > 4 {
		return
	}
	for _, bf := range l.buildFiles(dirs) {
		scans := []buildScan{bf.scan}
		if bf.mk != nil {
			scans = append(scans, l.scanPattern(bf.mk, target))
		}
		for _, sc := range scans {
			for _, b := range sc.builds {
				if b.output == target {
					how := fmt.Sprintf("%s, built by %s", first, b.describe())
					if first != target {
						how = fmt.Sprintf("%s ← %s, built by %s", first, target, b.describe())
					}
					set[b.pkg] = how
				}
			}
			for _, pk := range sc.packs {
				if pk.output != target {
					continue
				}
				for _, in := range pk.inputs {
					l.producers(in, dirs, depth+1, first, set)
					// A packed directory: the binaries built into it.
					for _, bf2 := range l.buildFiles(dirs) {
						for _, b := range bf2.scan.builds {
							if strings.HasPrefix(b.output, in+"/") {
								set[b.pkg] = fmt.Sprintf("%s ← %s, built by %s", first, b.output, b.describe())
							}
						}
					}
				}
			}
		}
	}
}

// searchDirs are the directories whose build files may make a function's code: the
// project's directory and the code path's, and every directory above them up to the
// repository root.
func (l *linker) searchDirs(p *model.Project, code string) []string {
	var out []string
	seen := map[string]bool{}
	addUp := func(d string) {
		for {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
			if d == "." || d == "" || d == "/" {
				return
			}
			d = path.Dir(d)
		}
	}
	projectDir := p.Path
	if p.Format != model.Terraform {
		projectDir = path.Dir(p.Path)
	}
	addUp(path.Clean(projectDir))
	addUp(path.Dir(code))
	return out
}

// buildFiles returns the parsed build files of the directories.
func (l *linker) buildFiles(dirs []string) []*buildFile {
	var out []*buildFile
	for _, d := range dirs {
		for _, f := range l.buildFileNames(d) {
			if bf := l.buildFile(f); bf != nil {
				out = append(out, bf)
			}
		}
	}
	return out
}

// maxScripts bounds the scripts read per directory.
const maxScripts = 32

// buildFileNames lists a directory's Makefiles, package.json, and shell scripts (also in
// its scripts/ and build/ subdirectories).
func (l *linker) buildFileNames(dir string) []string {
	if names, ok := l.dirFiles[dir]; ok {
		return names
	}
	var names []string
	for _, n := range []string{"Makefile", "makefile", "GNUmakefile", "package.json"} {
		if l.exists(path.Join(dir, n)) {
			names = append(names, path.Join(dir, n))
		}
	}
	for _, sub := range []string{"", "scripts", "build"} {
		d := path.Join(dir, sub)
		entries, err := l.repo.ReadDir(l.abs(d))
		if err != nil {
			continue
		}
		count := 0
		for _, e := range entries {
			if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".sh") && count < maxScripts {
				names = append(names, path.Join(d, e.Name()))
				count++
			}
		}
	}
	l.dirFiles[dir] = names
	return names
}

// maxBuildFileSize bounds what is read of a build file.
const maxBuildFileSize = 1 << 20

func (l *linker) buildFile(file string) *buildFile {
	if bf, ok := l.files[file]; ok {
		return bf
	}
	l.files[file] = nil
	src := l.read(file)
	if src == "" {
		return nil
	}
	bf := &buildFile{}
	dir := path.Dir(file)
	switch base := path.Base(file); {
	case base == "package.json":
		var pkg struct {
			Scripts map[string]string `json:"scripts"`
		}
		if json.Unmarshal([]byte(src), &pkg) != nil {
			return nil
		}
		for _, name := range sortedKeys(pkg.Scripts) {
			// The script's line, for the inventory: where its key is written.
			line := 1
			if i := strings.Index(src, strconvQuote(name)+":"); i >= 0 {
				line += strings.Count(src[:i], "\n")
			} else if i := strings.Index(src, strconvQuote(name)); i >= 0 {
				line += strings.Count(src[:i], "\n")
			}
			env := &shellEnv{vars: map[string]string{}, scriptDir: dir}
			l.interpret(splitStatements(pkg.Scripts[name], line), dir, env, file, &bf.scan, 0)
		}
	case strings.HasSuffix(base, ".sh"):
		// A script may be run from its own directory or from the repository root; the
		// packages it names say which (go build keeps only existing main packages).
		for _, cwd := range uniqueStrings(dir, ".") {
			env := &shellEnv{vars: map[string]string{}, scriptDir: dir}
			l.interpret(splitStatements(src, 1), cwd, env, file, &bf.scan, 0)
		}
	default:
		bf.mk = parseMakefile(file, src, nil)
		bf.scan = l.scanExplicit(bf.mk)
	}
	bf.scan = bf.scan.unique()
	l.files[file] = bf
	return bf
}

// unique drops repeated builds and packs (a script read from two directories that cds to
// the same one).
func (s buildScan) unique() buildScan {
	var out buildScan
	seen := map[string]bool{}
	for _, b := range s.builds {
		k := b.output + "\x00" + b.pkg
		if !seen[k] {
			seen[k] = true
			out.builds = append(out.builds, b)
		}
	}
	for _, p := range s.packs {
		k := p.output + "\x01" + strings.Join(p.inputs, "\x00")
		if !seen[k] {
			seen[k] = true
			out.packs = append(out.packs, p)
		}
	}
	return out
}

// byName finds the main package named like the function: cmd/<name>, functions/<name>,
// lambdas/<name>, handlers/<name>, in the Go module that holds the project (or the
// repository). Only a unique match counts.
func (l *linker) byName(p *model.Project, f *model.Function) (string, bool) {
	names := functionNames(f)
	if len(names) == 0 {
		return "", false
	}
	projectDir := p.Path
	if p.Format != model.Terraform {
		projectDir = path.Dir(p.Path)
	}
	_, modDir := l.moduleAt(path.Clean(projectDir))
	if modDir == "" {
		modDir = "."
	}
	var found []string
	for _, d := range l.mainPackagesUnder(modDir) {
		parent := path.Base(path.Dir(d))
		switch parent {
		case "cmd", "functions", "function", "lambdas", "lambda", "handlers":
		default:
			continue
		}
		if names[normalizeName(path.Base(d))] {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		return "", false
	}
	return found[0], true
}

// functionNames are the normalized names a function may be known by in its code's
// directory names: its logical ID or Terraform name, its physical name, its binary name.
func functionNames(f *model.Function) map[string]bool {
	out := map[string]bool{}
	add := func(s string) {
		n := normalizeName(s)
		if n == "" {
			return
		}
		out[n] = true
		for _, suffix := range []string{"function", "func", "fn", "lambda", "handler"} {
			if t, ok := strings.CutSuffix(n, suffix); ok && t != "" {
				out[t] = true
			}
		}
	}
	id := f.ID
	// The AWS CDK appends an 8-character hash to logical IDs (OrdersFunction1A2B3C4D).
	if n := len(id); n > 8 && isCDKHash(id[n-8:]) {
		id = id[:n-8]
	}
	labels := strings.Split(id, ".")
	for i := len(labels) - 1; i >= 0; i-- {
		lb := labels[i]
		if strings.HasPrefix(lb, "aws_") || lb == "module" || lb == "this" || lb == "main" || lb == "default" || strings.Contains(lb, "[") {
			continue
		}
		add(lb)
		break
	}
	if f.Name.Known() {
		add(f.Name.Value)
	}
	if f.Handler.Known() && f.Handler.Value != "bootstrap" && !strings.Contains(f.Handler.Value, "/") {
		add(f.Handler.Value)
	}
	return out
}

func isCDKHash(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'A' && c <= 'F':
		default:
			return false
		}
	}
	return digits > 0
}

func normalizeName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isMainPackage reports whether dir (repository-relative) holds a Go main package: a
// non-test .go file whose package clause says main.
func (l *linker) isMainPackage(dir string) bool {
	if dir == "" || strings.Contains(dir, unknownMark) {
		return false
	}
	dir = path.Clean(dir)
	if v, ok := l.mains[dir]; ok {
		return v
	}
	l.mains[dir] = false
	if _, ok := l.programs[dir]; ok {
		l.mains[dir] = true
		return true
	}
	entries, err := l.repo.ReadDir(l.abs(dir))
	if err != nil {
		return false
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		// The package clause comes before any declaration: the head of the file is
		// enough, whatever its size.
		head, _, err := l.repo.ReadHead(filepath.Join(l.abs(dir), n), 64<<10, nil)
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(fset, n, head, parser.PackageClauseOnly)
		if err == nil && f.Name.Name == "main" {
			l.mains[dir] = true
			return true
		}
	}
	return false
}

// maxWalk bounds the directories walked looking for main packages.
const maxWalk = 5000

// mainPackagesUnder lists the main packages in dir and below, skipping testdata, vendor,
// node_modules and hidden directories.
func (l *linker) mainPackagesUnder(dir string) []string {
	if out, ok := l.under[dir]; ok {
		return out
	}
	var out []string
	count := 0
	var walk func(d string)
	walk = func(d string) {
		if count++; count > maxWalk {
			return
		}
		if l.isMainPackage(d) {
			out = append(out, d)
		}
		entries, err := l.repo.ReadDir(l.abs(d))
		if err != nil {
			return
		}
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() || n == "testdata" || n == "vendor" || n == "node_modules" || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") {
				continue
			}
			walk(path.Join(d, n))
		}
	}
	walk(path.Clean(dir))
	sort.Strings(out)
	l.under[dir] = out
	return out
}

// moduleAt returns the path and directory of the Go module holding dir.
func (l *linker) moduleAt(dir string) (string, string) {
	if m, ok := l.modules[dir]; ok {
		return m[0], m[1]
	}
	var mod, modDir string
	for d := path.Clean(dir); ; d = path.Dir(d) {
		if src := l.read(path.Join(d, "go.mod")); src != "" {
			for _, line := range strings.Split(src, "\n") {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
					mod, modDir = strings.Trim(strings.TrimSpace(rest), `"`), d
					break
				}
			}
			break
		}
		if d == "." || d == "/" || d == "" {
			break
		}
	}
	l.modules[dir] = [2]string{mod, modDir}
	return mod, modDir
}

func (l *linker) abs(rel string) string { return filepath.Join(l.root, filepath.FromSlash(rel)) }

func (l *linker) exists(rel string) bool {
	st, err := l.repo.Stat(l.abs(rel))
	return err == nil && st.Mode().IsRegular()
}

// isDir reports whether p, relative to cwd, is an existing directory.
func (l *linker) isDir(cwd, p string) bool {
	r, ok := resolvePath(cwd, p)
	if !ok {
		return false
	}
	st, err := l.repo.Stat(l.abs(r))
	return err == nil && st.IsDir()
}

func (l *linker) read(rel string) string {
	b, err := l.repo.ReadFile(l.abs(rel), maxBuildFileSize)
	if err != nil {
		return ""
	}
	return string(b)
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func joinReasons(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func uniqueStrings(ss ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
