// Package terraform loads Terraform root modules, with their variables and local modules,
// into the provider-neutral model.
//
// # Root modules
//
// The .tf files are grouped by directory. A directory is a root module unless another
// directory of the set instantiates it as a local module (source = "./modules/x" or
// "../x"): a module directory that some other module calls is read only through those
// calls, with the inputs they give it, the way Terraform reads it. Directories that call
// each other in a cycle with no outside caller would otherwise never be read: the first of
// them in path order becomes a root (and the cycle is reported where it closes). Each root
// module becomes one model.Project named by its directory.
//
// # Evaluation
//
// A root module is evaluated the way `terraform plan` would see it before any resource
// exists: variables from their defaults, terraform.tfvars, terraform.tfvars.json,
// *.auto.tfvars(.json) in lexical order, then the --var-file files in order (later ones
// win); a variable with no value is unknown, a sensitive one is secret. Locals,
// module inputs and outputs are evaluated lazily, once each, with cycles reported as
// problems. An attribute of a resource that the configuration sets evaluates to its
// configured value; one it does not set (arn, id, invoke_arn, ...) is unknown. Either way
// the value is marked with the resource's address, and the mark survives interpolation,
// collections and function calls, which is how Attr.Ref is filled.
//
// count and for_each with known values create one instance per index or key
// (aws_lambda_function.x[0], aws_lambda_function.x["a"]). When count or for_each cannot be
// resolved, the resource is read as one instance addressed without an index, whose
// count.index/each.key/each.value are unknown: its other settings are still checked,
// while anything derived from the instance key is unknown. A known count of 0 or an
// empty for_each creates nothing. dynamic blocks expand the same way.
//
// Local modules are instantiated with their inputs (resources addressed
// module.api.aws_lambda_function.this), up to maxModuleDepth levels deep and
// maxModuleInstances instances per root module (maxLoadModuleInstances in all): a call
// past either bound is a problem and its outputs are unknown. The registry
// module terraform-aws-modules/lambda/aws is read as a function of its inputs (see
// registry.go); any other registry or git module is unknown: its outputs are unknown
// values.
//
// Nothing is ever read outside Options.Root, links resolved (package repofile), and
// evaluation is bounded: nesting depth, value size, instance counts, module instances and
// a work budget per root module turn pathological input into problems and unknown values
// instead of hangs.
package terraform

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/repofile"
)

// Options control loading.
type Options struct {
	// Root is the repository root: no file outside it is ever read.
	Root string
	// VarFiles are variable files given on the command line (terraform -var-file),
	// absolute or relative to the working directory. They apply to every root module, in
	// order, after the automatically loaded ones.
	VarFiles []string
}

// Load groups the .tf and .tfvars files into root modules and reads each into a project of
// m. A file that cannot be parsed becomes a problem of m at the error's position.
func Load(ctx context.Context, m *model.Model, files []model.Source, opts Options) {
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		root = opts.Root
	}
	l := &loader{
		ctx:      ctx,
		m:        m,
		root:     filepath.Clean(root),
		repo:     repofile.New(root),
		files:    map[string]*parsedFile{},
		defs:     map[string]*moduleDef{},
		dirFiles: map[string][]model.Source{},
		seen:     map[string]bool{},
		budget:   &evalBudget{remaining: perRootBudget},
	}
	for _, f := range files {
		abs := filepath.Clean(f.Abs)
		l.dirFiles[filepath.Dir(abs)] = append(l.dirFiles[filepath.Dir(abs)], model.Source{Format: f.Format, Abs: abs, Rel: f.Rel})
		if f.Content != nil {
			if l.content == nil {
				l.content = map[string][]byte{}
			}
			l.content[abs] = f.Content
		}
	}
	l.loadVarFiles(opts.VarFiles)
	for _, dir := range l.rootDirs() {
		if ctx.Err() != nil {
			return
		}
		l.loadRoot(dir)
	}
}

// loader is the state of one Load call.
type loader struct {
	ctx  context.Context
	m    *model.Model
	root string
	// repo reads the repository's files: every read goes through it. outside caches,
	// by module directory, whether it links out of the repository.
	repo    repofile.Root
	outside map[string]bool
	// files caches parsed files by absolute path: each is parsed once per load.
	files map[string]*parsedFile
	// defs caches module definitions by absolute directory.
	defs map[string]*moduleDef
	// dirFiles are the sources given to Load, by absolute directory.
	dirFiles map[string][]model.Source
	// content holds the sources' contents the caller read already, by absolute path.
	content map[string][]byte
	// cliVars are the --var-file values, in order.
	cliVars []map[string]varValue
	// cliVarFiles are the --var-file files' root-relative paths.
	cliVarFiles []string
	// seen deduplicates problems (a module read by two roots reports once).
	seen   map[string]bool
	budget *evalBudget
	// moduleInstances counts the local module instances of every root module, against
	// maxLoadModuleInstances.
	moduleInstances int
	// depth is the current nesting of evaluations; stack names them, for cycle messages.
	depth int
	stack []string
}

// problem records a problem once per position and message.
func (l *loader) problem(r model.Range, msg string) { l.problemAt(r, msg, model.ProblemError) }

// problemAt records a problem of a given level once per position and message.
func (l *loader) problemAt(r model.Range, msg string, level model.ProblemLevel) {
	key := r.File + "\x00" + msg + "\x00" + itoa(r.Line) + ":" + itoa(r.Column)
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	l.m.Problems = append(l.m.Problems, model.Problem{Range: r, Message: msg, Level: level})
}

// rel returns abs relative to the repository root, with forward slashes, and whether it
// is inside the root.
func (l *loader) rel(abs string) (string, bool) {
	r, err := filepath.Rel(l.root, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

func (l *loader) loadVarFiles(paths []string) {
	for _, p := range paths {
		abs := p
		if !filepath.IsAbs(abs) {
			if wd, err := os.Getwd(); err == nil {
				abs = filepath.Join(wd, p)
			}
		}
		abs = filepath.Clean(abs)
		rel, inside := l.rel(abs)
		if !inside {
			l.problem(model.Range{File: filepath.ToSlash(p), Line: 1, Column: 1, EndLine: 1, EndColumn: 1},
				"variables file is outside the repository root and is not read")
			continue
		}
		l.cliVars = append(l.cliVars, l.parseVarsFile(abs, rel))
		l.cliVarFiles = append(l.cliVarFiles, rel)
	}
}

// rootDirs returns the root module directories, sorted.
func (l *loader) rootDirs() []string {
	var dirs []string
	for dir, srcs := range l.dirFiles {
		for _, s := range srcs {
			if s.Format == model.Terraform {
				dirs = append(dirs, dir)
				break
			}
		}
	}
	sort.Strings(dirs)
	calls := map[string][]string{} // dir → the local module directories it calls
	called := map[string]bool{}
	for _, dir := range dirs {
		def := l.moduleDef(dir)
		for _, c := range def.calls {
			if target, ok := def.localSource(c); ok && target != dir {
				calls[dir] = append(calls[dir], target)
				called[target] = true
			}
		}
	}
	var roots []string
	reached := map[string]bool{}
	var reach func(string)
	reach = func(d string) {
		if reached[d] {
			return
		}
		reached[d] = true
		for _, t := range calls[d] {
			reach(t)
		}
	}
	for _, dir := range dirs {
		if !called[dir] {
			roots = append(roots, dir)
			reach(dir)
		}
	}
	// Directories reachable from no root call each other in a cycle: read the first of
	// each such group as a root.
	for _, dir := range dirs {
		if !reached[dir] {
			roots = append(roots, dir)
			reach(dir)
		}
	}
	sort.Strings(roots)
	return roots
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}
