// Package discover finds the infrastructure-as-code files and Go source directories under
// the paths a run covers.
//
// A file is recognized by its name and a cheap textual sniff of its first bytes, before it is
// parsed, so that a broken template is reported rather than skipped: a CloudFormation
// template that does not parse still says AWSTemplateFormatVersion or AWS:: near its top.
package discover

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/repofile"
)

// A File is one IaC file to load.
type File struct {
	Format model.Format
	// Abs is the absolute, cleaned path.
	Abs string
	// Rel is the path relative to the repository root, with forward slashes.
	Rel string
	// Size is the file's size in bytes.
	Size int64
	// Content is the whole file when it is smaller than the sniff buffer: the loaders and
	// the reporters then need not read it again. Nil for larger files.
	Content []byte
}

// A Problem is a file or directory that could not be examined: it is reported as SLS000.
type Problem struct {
	Rel string
	Err error
}

// Result is what a walk found.
type Result struct {
	Files []File
	// GoDirs are the directories, relative to the root, that hold .go files, sorted.
	GoDirs []string
	// FirstGoFile maps each of GoDirs to its first .go file (relative to the root), where
	// findings about the directory as a whole are placed.
	FirstGoFile map[string]string
	// GoMods and GoWorks are the directories, relative to the root, that hold a go.mod or a
	// go.work file, sorted: the Go modules and workspaces below the targets.
	GoMods, GoWorks []string
	// BadGoDirs maps a directory to the first of its .go entries that the go command must
	// not be given: a named pipe or device (reading it would block) or a link to a file
	// outside the root (reading it would leak what it holds). The directory is left out
	// of Go loading; its problem is in GoProblems.
	BadGoDirs  map[string]string
	GoProblems []Problem
	Problems   []Problem
}

// skipDirs are never entered: version control, dependencies, build outputs and caches.
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "vendor": true, "node_modules": true,
	".terraform": true, ".aws-sam": true, ".serverless": true, "testdata": true,
}

// serverlessFiles are the service file names of the Serverless Framework.
var serverlessFiles = map[string]bool{
	"serverless.yml": true, "serverless.yaml": true, "serverless.json": true,
	"serverless.js": true, "serverless.mjs": true, "serverless.cjs": true, "serverless.ts": true,
}

// sniffSize is how much of a YAML/JSON file is read to decide whether it is a template.
const sniffSize = 64 << 10

// Options control a walk.
type Options struct {
	// Root is the repository root; every reported path is relative to it and no path outside
	// it is ever entered.
	Root string
	// Exclude reports whether a root-relative path (file or directory) is excluded.
	Exclude func(rel string) bool
}

// Walk examines each target, a file or a directory, recursively when recursive is set for
// it (a "dir/..." pattern). Symbolic links are not followed: a linked directory is not
// entered and a linked file is read only when it resolves inside the root.
func Walk(opts Options, targets []Target) Result {
	w := walker{opts: opts, seen: map[string]bool{}, goDirs: map[string]string{}, goMods: map[string]bool{},
		goWorks: map[string]bool{}, badGoDirs: map[string]string{}}
	for _, t := range targets {
		w.target(t)
	}
	res := Result{Files: w.files, Problems: w.problems, FirstGoFile: w.goDirs, BadGoDirs: w.badGoDirs, GoProblems: w.goProblems}
	for d := range w.goDirs {
		res.GoDirs = append(res.GoDirs, d)
	}
	for d := range w.goMods {
		res.GoMods = append(res.GoMods, d)
	}
	for d := range w.goWorks {
		res.GoWorks = append(res.GoWorks, d)
	}
	slices.Sort(res.GoDirs)
	slices.Sort(res.GoMods)
	slices.Sort(res.GoWorks)
	slices.SortFunc(res.GoProblems, func(a, b Problem) int { return strings.Compare(a.Rel, b.Rel) })
	slices.SortFunc(res.Files, func(a, b File) int { return strings.Compare(a.Rel, b.Rel) })
	slices.SortFunc(res.Problems, func(a, b Problem) int { return strings.Compare(a.Rel, b.Rel) })
	return res
}

// A Target is a path to examine.
type Target struct {
	Abs       string
	Recursive bool
}

type walker struct {
	opts     Options
	seen     map[string]bool
	files    []File
	problems []Problem
	// goDirs maps a directory holding .go files to its first one.
	goDirs          map[string]string
	goMods, goWorks map[string]bool
	badGoDirs       map[string]string
	goProblems      []Problem
	// repo reads file heads; sniff is the buffer they are read into, reused.
	repo  *repofile.Root
	sniff []byte
}

func (w *walker) rel(abs string) (string, bool) {
	r, err := filepath.Rel(w.opts.Root, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

func (w *walker) target(t Target) {
	info, err := os.Lstat(t.Abs)
	if err != nil {
		rel, _ := w.rel(t.Abs)
		w.problems = append(w.problems, Problem{Rel: rel, Err: err})
		return
	}
	if !info.IsDir() {
		w.file(t.Abs, info)
		return
	}
	if !t.Recursive {
		entries, err := os.ReadDir(t.Abs)
		if err != nil {
			rel, _ := w.rel(t.Abs)
			w.problems = append(w.problems, Problem{Rel: rel, Err: err})
			return
		}
		for _, e := range entries {
			if !e.IsDir() {
				if info, err := e.Info(); err == nil {
					w.file(filepath.Join(t.Abs, e.Name()), info)
				}
			}
		}
		return
	}
	_ = filepath.WalkDir(t.Abs, func(path string, d fs.DirEntry, err error) error {
		rel, inside := w.rel(path)
		if !inside {
			return filepath.SkipDir
		}
		if err != nil {
			w.problems = append(w.problems, Problem{Rel: rel, Err: err})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != t.Abs && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			if rel != "." && w.opts.Exclude != nil && w.opts.Exclude(rel) {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			w.problems = append(w.problems, Problem{Rel: rel, Err: err})
			return nil
		}
		w.file(path, info)
		return nil
	})
}

func (w *walker) file(abs string, info fs.FileInfo) {
	rel, inside := w.rel(abs)
	if !inside || w.seen[abs] {
		return
	}
	w.seen[abs] = true
	if w.opts.Exclude != nil && w.opts.Exclude(rel) {
		return
	}
	name := info.Name()
	if isGoInput(name) {
		if !notOwnGoCode(rel) {
			w.goFile(abs, rel, info)
		}
		return
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return // dangling or looping link: nothing to read
		}
		if _, inside := w.rel(target); !inside {
			return // never read outside the scanned tree
		}
		if info, err = os.Stat(target); err != nil || info.IsDir() {
			return
		}
	}
	if !info.Mode().IsRegular() && info.Mode()&fs.ModeSymlink == 0 {
		return
	}
	kind, head, whole, err := w.classify(abs, name)
	if err != nil {
		w.problems = append(w.problems, Problem{Rel: rel, Err: err})
		return
	}
	if kind != 0 {
		f := File{Format: kind, Abs: abs, Rel: rel, Size: info.Size()}
		if whole {
			// A copy of exactly what the file holds: the sniff buffer is reused for
			// the next file, and keeping it would pin 64 KiB per small file.
			f.Content = bytes.Clone(head)
			if f.Content == nil {
				f.Content = []byte{}
			}
		}
		w.files = append(w.files, f)
	}
}

// isGoInput reports whether the go command reads a file of this name: Go sources and the
// module and workspace files. Like the go command, it ignores names starting with "." or "_".
func isGoInput(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return false
	}
	return strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.work"
}

// notOwnGoCode reports whether a path lies in a folder whose Go code is not the
// repository's own: cdk.out, where the CDK copies the app's sources as assets (analyzing
// them would report every finding twice), and third_party, where repositories keep copies
// or forks of others' code (left out by default as golangci-lint does; a module replaced
// into it is still read as a dependency).
func notOwnGoCode(rel string) bool {
	for _, elem := range strings.Split(rel, "/") {
		if elem == "cdk.out" || elem == "third_party" {
			return true
		}
	}
	return false
}

// goFile records a .go, go.mod or go.work file. A Go source that is not a regular file
// inside the root is never given to the go command, which would block on a named pipe or
// read a linked file outside the repository: its directory is left out, with a problem
// that says why and quotes nothing of the file.
func (w *walker) goFile(abs, rel string, info fs.FileInfo) {
	dir := filepath.ToSlash(filepath.Dir(rel))
	name := info.Name()
	bad := ""
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		target, err := filepath.EvalSymlinks(abs)
		if err != nil {
			bad = "a symbolic link that does not resolve"
			break
		}
		if _, inside := w.rel(target); !inside {
			bad = "a symbolic link to a file outside the repository"
			break
		}
		if st, err := os.Stat(target); err != nil || !st.Mode().IsRegular() {
			bad = "a symbolic link to something other than a regular file"
		}
	case !info.Mode().IsRegular():
		bad = "not a regular file (" + fileKind(info.Mode()) + ")"
	}
	if bad != "" {
		w.goProblems = append(w.goProblems, Problem{Rel: rel,
			Err: fmt.Errorf("%s is %s: the Go code of %s was not given to the go command", name, bad, dirName(dir))})
		if _, ok := w.badGoDirs[dir]; !ok {
			w.badGoDirs[dir] = rel
		}
		return
	}
	switch name {
	case "go.mod":
		w.goMods[dir] = true
	case "go.work":
		w.goWorks[dir] = true
	default:
		if first, ok := w.goDirs[dir]; !ok || rel < first {
			w.goDirs[dir] = rel
		}
	}
}

func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	}
	return "a special file"
}

func dirName(dir string) string {
	if dir == "." {
		return "the root folder"
	}
	return dir
}

// classify decides a file's kind from its name and, for YAML and JSON, its first bytes,
// which it returns with whether they are the whole file. The head is read into the
// walker's sniff buffer, valid until the next call.
func (w *walker) classify(abs, name string) (kind model.Format, head []byte, whole bool, err error) {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".tf"), strings.HasSuffix(lower, ".tf.json"):
		// *.tf.json is Terraform's JSON syntax, what CDK for Terraform writes.
		kind = model.Terraform
	case strings.HasSuffix(lower, ".tfvars"), strings.HasSuffix(lower, ".tfvars.json"):
		kind = model.TerraformVars
	case serverlessFiles[lower]:
		// Every name the Serverless Framework reads; its loader reads the one the
		// framework would and says so for those only a program can evaluate.
		kind = model.Serverless
	case strings.HasSuffix(lower, ".yaml"), strings.HasSuffix(lower, ".yml"),
		strings.HasSuffix(lower, ".json"), strings.HasSuffix(lower, ".template"):
	default:
		return 0, nil, false, nil
	}
	if w.repo == nil {
		r := repofile.New(w.opts.Root)
		w.repo = &r
	}
	if w.sniff == nil {
		w.sniff = make([]byte, sniffSize)
	}
	// Read through the repository's one safe path: a named pipe or device never blocks
	// the walk, and a link out of the repository is never opened.
	head, whole, err = w.repo.ReadHead(abs, sniffSize, w.sniff)
	if err != nil {
		return 0, nil, false, err
	}
	if kind == 0 {
		sniffed := head
		if text, ok := utf16Text(head); ok {
			// A UTF-16 template is recognized, so that its loader reports it rather
			// than it being skipped in silence.
			sniffed = text
		}
		if looksLikeCloudFormation(sniffed) {
			kind = model.CloudFormation
		}
	}
	if kind == 0 {
		return 0, nil, false, nil
	}
	return kind, head, whole, nil
}

// utf16Text returns, as UTF-8, a head that is UTF-16 text: it starts with a byte order
// mark, or, without one, its first characters are ASCII, each with a zero byte.
func utf16Text(head []byte) ([]byte, bool) {
	var bigEndian bool
	switch {
	case len(head) >= 2 && head[0] == 0xFF && head[1] == 0xFE:
		head = head[2:]
	case len(head) >= 2 && head[0] == 0xFE && head[1] == 0xFF:
		head, bigEndian = head[2:], true
	case len(head) >= 8 && asciiPairs(head, 1, 0):
	case len(head) >= 8 && asciiPairs(head, 0, 1):
		bigEndian = true
	default:
		return nil, false
	}
	units := make([]uint16, len(head)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(head[2*i])<<8 | uint16(head[2*i+1])
		} else {
			units[i] = uint16(head[2*i+1])<<8 | uint16(head[2*i])
		}
	}
	return []byte(string(utf16.Decode(units))), true
}

// asciiPairs reports whether the first four byte pairs each hold a zero byte at zero and
// a printable ASCII byte or line break at ascii.
func asciiPairs(b []byte, zero, ascii int) bool {
	for i := 0; i < 8; i += 2 {
		c := b[i+ascii]
		if b[i+zero] != 0 || c == 0 || c >= 0x80 || c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return true
}

// looksLikeCloudFormation reports whether the start of a YAML or JSON file says it is a
// CloudFormation template: a format version, a SAM transform, or resources of AWS types.
func looksLikeCloudFormation(head []byte) bool {
	if bytes.Contains(head, []byte("AWSTemplateFormatVersion")) {
		return true
	}
	if bytes.Contains(head, []byte("AWS::Serverless-")) { // Transform: AWS::Serverless-2016-10-31
		return true
	}
	return bytes.Contains(head, []byte("Resources")) && bytes.Contains(head, []byte("AWS::"))
}
