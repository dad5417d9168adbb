package crosslayer

import (
	"fmt"
	"path"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// What a project's build files say about its binaries: which `go build` writes which file
// from which package, and which archive or copy packs which files. Makefiles, shell
// scripts and package.json scripts are read as text; nothing is run.

// A goBuild is one `go build` command.
type goBuild struct {
	// output is the file written, pkg the main package's directory; both
	// repository-relative.
	output, pkg string
	// tags are the build tags of the command (-tags).
	tags []string
	at   model.Range
}

// A pack is a command that makes output from inputs: zip, build-lambda-zip, cp, mv.
type pack struct {
	output string
	inputs []string
	at     model.Range
}

// buildScan collects what a file's commands do.
type buildScan struct {
	builds []goBuild
	packs  []pack
}

// maxLoopValues bounds the values a for loop is expanded with.
const maxLoopValues = 64

// interpret reads statements run in directory cwd (repository-relative) with env,
// recording builds and packs.
func (l *linker) interpret(stmts []statement, cwd string, env *shellEnv, file string, out *buildScan, depth int) {
	if depth > 4 {
		return
	}
	for i := 0; i < len(stmts); i++ {
		st := stmts[i]
		words := trimKeywords(st.words)
		if len(words) == 0 {
			continue
		}
		switch words[0] {
		case "for":
			// for V in a b c; do ...; done
			end := matchingDone(stmts, i)
			if len(words) >= 3 && words[2] == "in" && end > i {
				var values []string
				for _, w := range words[3:] {
					values = append(values, strings.Fields(env.expandWord(w))...)
				}
				body := append([]statement(nil), stmts[i+1:end]...)
				for k, v := range values {
					if k == maxLoopValues {
						break
					}
					l.interpret(body, cwd, env.with(words[1], v), file, out, depth+1)
				}
			}
			if end > i {
				i = end
			}
			continue
		case "cd":
			if len(words) == 2 {
				if d, ok := resolvePath(cwd, env.expandWord(words[1])); ok {
					cwd = d
					continue
				}
			}
			cwd = unknownMark
			continue
		case "export":
			words = words[1:]
		}
		// Leading assignments: alone they set shell variables, before a command they set
		// its environment.
		n := 0
		for n < len(words) && isAssignment(words[n]) {
			n++
		}
		if n == len(words) {
			for _, w := range words {
				name, value, _ := strings.Cut(w, "=")
				env.vars[name] = env.expandWord(value)
			}
			continue
		}
		words = words[n:]
		if words[0] == "env" {
			words = words[1:]
			for len(words) > 0 && isAssignment(words[0]) {
				words = words[1:]
			}
		}
		if len(words) == 0 {
			continue
		}
		args := make([]string, len(words))
		for k, w := range words {
			args[k] = env.expandWord(w)
		}
		at := model.Range{File: file, Line: st.line, Column: 1, EndLine: st.line, EndColumn: 1}
		switch cmd := path.Base(args[0]); {
		case cmd == "go" && len(args) > 1 && args[1] == "build":
			out.builds = append(out.builds, l.goBuild(args[2:], cwd, at)...)
		case cmd == "zip":
			if p, ok := zipCommand(args[1:], cwd); ok {
				p.at = at
				out.packs = append(out.packs, p)
			}
		case cmd == "build-lambda-zip":
			if p, ok := buildLambdaZip(args[1:], cwd); ok {
				p.at = at
				out.packs = append(out.packs, p)
			}
		case cmd == "cp" || cmd == "mv":
			if p, ok := copyCommand(args[1:], cwd); ok {
				p.at = at
				out.packs = append(out.packs, p)
			}
		}
	}
}

// trimKeywords drops the shell keywords that may start a simple command.
func trimKeywords(words []string) []string {
	for len(words) > 0 {
		switch words[0] {
		case "do", "then", "else", "{", "(", "!", "time", "exec":
			words = words[1:]
			continue
		case "if", "elif", "while", "until":
			words = words[1:]
			continue
		case "done", "fi", "}", ")":
			return nil
		}
		break
	}
	return words
}

// matchingDone returns the index of the statement that ends the for loop at i.
func matchingDone(stmts []statement, i int) int {
	depth := 0
	for j := i; j < len(stmts); j++ {
		first := ""
		if len(stmts[j].words) > 0 {
			first = stmts[j].words[0]
		}
		switch first {
		case "for", "while", "until":
			depth++
		case "done":
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

func isAssignment(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	if !ok || name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isNameByte(name[i]) || i == 0 && name[i] >= '0' && name[i] <= '9' {
			return false
		}
	}
	return true
}

// buildFlagsWithValue are the go build flags that take a value.
var buildFlagsWithValue = map[string]bool{
	"-o": true, "-C": true, "-ldflags": true, "-gcflags": true, "-asmflags": true, "-tags": true, "-mod": true,
	"-modfile": true, "-p": true, "-pkgdir": true, "-toolexec": true, "-overlay": true, "-pgo": true,
	"-buildmode": true, "-compiler": true, "-gccgoflags": true, "-installsuffix": true, "-coverpkg": true,
	"-covermode": true, "-buildvcs": false,
}

// goBuild reads the arguments of `go build`: what it writes and from which package.
func (l *linker) goBuild(args []string, cwd string, at model.Range) []goBuild {
	var output string
	var pkgs, tags []string
	unknown := 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pkgs = append(pkgs, args[i+1:]...)
			break
		}
		if a == unknownMark {
			unknown++ // $(GOFLAGS) from the environment, most often
			continue
		}
		if !strings.HasPrefix(a, "-") {
			pkgs = append(pkgs, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.Replace(a, "--", "-", 1), "=")
		if !hasValue && buildFlagsWithValue[name] && i+1 < len(args) {
			i++
			value = args[i]
		}
		switch name {
		case "-tags":
			tags = strings.FieldsFunc(strings.Trim(value, `"'`), func(r rune) bool { return r == ',' || r == ' ' })
		case "-o":
			output = value
		case "-C":
			d, ok := resolvePath(cwd, value)
			if !ok {
				return nil
			}
			cwd = d
		}
	}
	if strings.Contains(cwd, unknownMark) {
		return nil
	}
	if len(pkgs) == 0 {
		if unknown > 0 {
			return nil // the package may be what is not known
		}
		pkgs = []string{"."}
	}
	var dirs []string
	if strings.HasSuffix(pkgs[0], ".go") {
		// go build main.go handler.go: one package, the files' directory.
		f, ok := resolvePath(cwd, pkgs[0])
		if !ok {
			return nil
		}
		dirs = []string{path.Dir(f)}
		// One of a folder of programs built file by file (with the folder's shared files):
		// the main file named is the program.
		var programs []string
		for _, p := range pkgs {
			if pf, ok := resolvePath(cwd, p); ok {
				if _, standalone := l.programs[pf]; standalone {
					programs = append(programs, pf)
				}
			}
		}
		if len(programs) == 1 {
			dirs = programs
		}
		if output == "" {
			output = strings.TrimSuffix(path.Base(pkgs[0]), ".go")
		}
	} else {
		for _, p := range pkgs {
			ds, ok := l.packageDirs(cwd, p)
			if !ok {
				return nil
			}
			dirs = append(dirs, ds...)
		}
	}
	if len(dirs) == 0 {
		return nil
	}
	var out []goBuild
	switch {
	case output == "" && len(dirs) == 1:
		// Without -o, go build writes the main package's binary, named after its
		// directory, into the current directory.
		out = append(out, goBuild{output: path.Join(cwd, path.Base(l.absDirName(dirs[0]))), pkg: dirs[0], at: at})
	case output != "" && (strings.HasSuffix(output, "/") || len(dirs) > 1 || l.isDir(cwd, output)):
		dir, ok := resolvePath(cwd, output)
		if !ok {
			return nil
		}
		for _, d := range dirs {
			out = append(out, goBuild{output: path.Join(dir, path.Base(l.absDirName(d))), pkg: d, at: at})
		}
	case output != "":
		o, ok := resolvePath(cwd, output)
		if !ok {
			return nil
		}
		out = append(out, goBuild{output: o, pkg: dirs[0], at: at})
	}
	// Only main packages make binaries.
	kept := out[:0]
	for _, b := range out {
		if l.isMainPackage(b.pkg) {
			b.tags = tags
			kept = append(kept, b)
		}
	}
	return kept
}

// packageDirs resolves a package argument of go build: a relative directory (".",
// "./cmd/api"), a pattern ("./cmd/..."), or an import path of the module at cwd.
func (l *linker) packageDirs(cwd, arg string) ([]string, bool) {
	if strings.Contains(arg, unknownMark) {
		return nil, false
	}
	rel := arg == "." || arg == ".." || strings.HasPrefix(arg, "./") || strings.HasPrefix(arg, "../") || strings.HasPrefix(arg, rootMark)
	if !rel {
		mod, modDir := l.moduleAt(cwd)
		if mod == "" || (arg != mod && !strings.HasPrefix(arg, mod+"/")) {
			return nil, false
		}
		arg = rootMark + path.Join(modDir, strings.TrimPrefix(arg, mod))
	}
	if base, ok := strings.CutSuffix(arg, "/..."); ok {
		dir, ok := resolvePath(cwd, base)
		if !ok {
			return nil, false
		}
		return l.mainPackagesUnder(dir), true
	}
	dir, ok := resolvePath(cwd, arg)
	if !ok {
		return nil, false
	}
	return []string{dir}, true
}

// absDirName is the directory's name as go build names a binary after it (the
// repository root's own name for ".").
func (l *linker) absDirName(dir string) string {
	if dir == "." || dir == "" {
		return path.Base(strings.ReplaceAll(l.root, "\\", "/"))
	}
	return dir
}

// zipCommand reads `zip [options] archive files...`.
func zipCommand(args []string, cwd string) (pack, bool) {
	var rest []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			continue
		}
		rest = append(rest, a)
	}
	if len(rest) < 2 {
		return pack{}, false
	}
	out, ok := resolvePath(cwd, rest[0])
	if !ok {
		return pack{}, false
	}
	if !strings.HasSuffix(out, ".zip") {
		out += ".zip"
	}
	p := pack{output: out}
	for _, in := range rest[1:] {
		if r, ok := resolvePath(cwd, in); ok {
			p.inputs = append(p.inputs, r)
		}
	}
	return p, len(p.inputs) > 0
}

// buildLambdaZip reads aws-lambda-go's `build-lambda-zip -o out.zip file...`.
func buildLambdaZip(args []string, cwd string) (pack, bool) {
	var p pack
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case (a == "-o" || a == "--output") && i+1 < len(args):
			i++
			if out, ok := resolvePath(cwd, args[i]); ok {
				p.output = out
			}
		case strings.HasPrefix(a, "-"):
		default:
			if r, ok := resolvePath(cwd, a); ok {
				p.inputs = append(p.inputs, r)
			}
		}
	}
	return p, p.output != "" && len(p.inputs) > 0
}

// copyCommand reads `cp src dst` and `mv src dst`.
func copyCommand(args []string, cwd string) (pack, bool) {
	var rest []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			rest = append(rest, a)
		}
	}
	if len(rest) != 2 {
		return pack{}, false
	}
	src, ok1 := resolvePath(cwd, rest[0])
	dst, ok2 := resolvePath(cwd, rest[1])
	if !ok1 || !ok2 {
		return pack{}, false
	}
	if strings.HasSuffix(rest[1], "/") {
		dst = path.Join(dst, path.Base(src))
	}
	return pack{output: dst, inputs: []string{src}}, true
}

// describe renders a build for messages and the inventory: "Makefile:12".
func (b goBuild) describe() string { return fmt.Sprintf("%s:%d", b.at.File, b.at.Line) }

// A TaggedBuild is a go build command with build tags: the package it builds is loaded with
// them, as the build does (a handler behind //go:build lambda is invisible without).
type TaggedBuild struct {
	// Dir is the main package's directory, repository-relative.
	Dir  string
	Tags []string
	At   model.Range
}

// BuildTags reads the build files (Makefiles, shell scripts, package.json scripts) of the
// given repository-relative directories and returns the go build commands that set build
// tags, by package directory. Nothing is run.
func BuildTags(root string, dirs []string) []TaggedBuild {
	l := newLinker(root, nil)
	var out []TaggedBuild
	seen := map[string]bool{}
	for _, bf := range l.buildFiles(dirs) {
		for _, b := range bf.scan.builds {
			key := b.pkg + "\x00" + strings.Join(b.tags, ",")
			if len(b.tags) == 0 || seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, TaggedBuild{Dir: b.pkg, Tags: b.tags, At: b.at})
		}
	}
	return out
}
