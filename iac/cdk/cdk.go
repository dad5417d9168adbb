// Package cdk reads AWS CDK apps written in Go into the provider-neutral model, statically:
// it interprets the app's type-checked code (the packages slslint loaded for analysis) from
// its main function with the goeval evaluator, and turns each construct the app creates into
// the CloudFormation resources `cdk synth` would write for it, with the CDK's documented
// defaults and with every value's range in the .go files: the construct call for a resource
// and for what it lacks, the property's key-value for a setting. The resources are mapped by
// the CloudFormation loader's own code (cloudformation.Build), so every check reads CDK
// functions, queues and APIs like those of a template.
//
// It never runs cdk, go run, Node.js or any of the app's code. What the program computes
// from something not known statically (the environment, context values, a file) is unknown
// in the model, and a construct whose ID is unknown is left out, with its stack marked as
// not completely read.
package cdk

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/iac/model"
)

// Module paths of the AWS CDK for Go.
const (
	cdkModule       = "github.com/aws/aws-cdk-go/awscdk/v2"
	goAlphaModule   = "github.com/aws/aws-cdk-go/awscdklambdagoalpha/v2"
	constructsPkg   = "github.com/aws/constructs-go/constructs/v10"
	jsiiPkg         = "github.com/aws/jsii-runtime-go"
	apigwv2AlphaPkg = "github.com/aws/aws-cdk-go/awscdkapigatewayv2alpha/v2"
)

// Input is the type-checked code to read.
type Input struct {
	Fset *token.FileSet
	// Packages are the packages analyzed from source (the repository's own code).
	Packages []*goeval.Package
	// Root is the repository root, absolute; Rel turns an absolute file name into a path
	// relative to it (false for a file outside it).
	Root string
	Rel  func(filename string) (string, bool)
	// Exists reports whether a repository-relative path is a regular file.
	Exists func(rel string) bool
}

// Result is what Read found.
type Result struct {
	Projects []*model.Project
	Problems []model.Problem
	// Apps are the directories (relative to the root) of the apps read: where cdk.json is,
	// or the main package's directory. Templates that `cdk synth` wrote into their cdk.out
	// describe the same resources.
	Apps []string
	// Statements are the ranges of the construct calls read: a suppression comment on the
	// line of one, or above it, covers the whole call.
	Statements []model.Range
}

// UsesCDK reports whether a package imports the AWS CDK (directly).
func UsesCDK(p *types.Package) bool {
	for _, imp := range p.Imports() {
		if imp.Path() == cdkModule || strings.HasPrefix(imp.Path(), cdkModule+"/") || strings.HasPrefix(imp.Path(), goAlphaModule) {
			return true
		}
	}
	return false
}

// Read reads every CDK app among the packages: each main package that imports the CDK, or
// imports a package of the program that does.
func Read(in Input) Result {
	var res Result
	prog := goeval.NewProgram(in.Fset, in.Packages)
	byPath := map[string]*goeval.Package{}
	for _, p := range in.Packages {
		if p != nil && p.Types != nil {
			byPath[p.Types.Path()] = p
		}
	}
	uses := map[string]bool{}
	var usesCDK func(p *types.Package, depth int) bool
	usesCDK = func(p *types.Package, depth int) bool {
		if v, ok := uses[p.Path()]; ok || depth > 32 {
			return v
		}
		uses[p.Path()] = false
		v := UsesCDK(p)
		for _, imp := range p.Imports() {
			if _, ours := byPath[imp.Path()]; ours && !v {
				v = usesCDK(imp, depth+1)
			}
		}
		uses[p.Path()] = v
		return v
	}
	var mains []*goeval.Package
	for _, p := range in.Packages {
		if p == nil || p.Types == nil || p.Types.Name() != "main" || !usesCDK(p.Types, 0) {
			continue
		}
		mains = append(mains, p)
	}
	sort.Slice(mains, func(i, j int) bool { return mains[i].Types.Path() < mains[j].Types.Path() })
	seenDirs := map[string]bool{}
	for _, p := range mains {
		fn, ok := p.Types.Scope().Lookup("main").(*types.Func)
		if !ok || len(p.Files) == 0 {
			continue
		}
		file, ok := in.Rel(in.Fset.File(p.Files[0].FileStart).Name())
		if !ok {
			continue
		}
		dir := path.Dir(file)
		if seenDirs[dir] {
			continue // the package and its test variant
		}
		seenDirs[dir] = true
		r := newReader(in, prog, appDir(in, dir))
		r.interp.Run(fn)
		r.finish()
		res.Apps = append(res.Apps, r.appDir)
		res.Projects = append(res.Projects, r.projects...)
		res.Problems = append(res.Problems, r.problems...)
		res.Statements = append(res.Statements, r.statements...)
	}
	return res
}

// appDir is the CDK app's folder: the nearest directory at or above the main package's
// that holds cdk.json, where `cdk synth` runs the app and asset paths are resolved; the
// main package's own directory when there is none.
func appDir(in Input, dir string) string {
	for d := dir; ; d = path.Dir(d) {
		if in.Exists != nil && in.Exists(path.Join(d, "cdk.json")) {
			return d
		}
		if d == "." || d == "/" || d == "" {
			return dir
		}
	}
}

// A reader reads one app.
type reader struct {
	in     Input
	interp *goeval.Interp
	appDir string
	stacks []*stack
	// statements are the construct calls read.
	statements []model.Range
	projects   []*model.Project
	problems   []model.Problem
}

func newReader(in Input, prog *goeval.Program, dir string) *reader {
	r := &reader{in: in, appDir: dir}
	r.interp = goeval.New(prog, r)
	return r
}

// A stack is one CDK stack: one project.
type stack struct {
	c         *construct
	name      string
	template  *cloudformation.Template
	resources map[string]*cloudformation.Resource
	// unknown is set when some of the stack's constructs could not be read.
	unknown bool
	files   map[string]bool
}

func (s *stack) add(res *cloudformation.Resource) bool {
	if _, dup := s.resources[res.ID]; dup {
		return false
	}
	s.resources[res.ID] = res
	s.template.Resources = append(s.template.Resources, res)
	if res.At.File != "" {
		s.files[res.At.File] = true
	}
	return true
}

// finish maps each stack's resources into a project.
func (r *reader) finish() {
	for _, s := range r.stacks {
		p := &model.Project{
			Format:           model.CDK,
			Name:             s.name,
			Path:             path.Join(r.appDir, sanitize(s.name)),
			At:               s.c.at,
			ResourcesUnknown: s.unknown || r.interp.Truncated(),
		}
		for f := range s.files {
			p.Files = append(p.Files, f)
		}
		sort.Strings(p.Files)
		probs, _ := cloudformation.Build(s.template, p, r.in.Root)
		r.problems = append(r.problems, probs...)
		r.projects = append(r.projects, p)
	}
	slices.SortFunc(r.projects, func(a, b *model.Project) int { return strings.Compare(a.Path, b.Path) })
}

// sanitize makes a stack name one path element.
func sanitize(name string) string {
	name = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' {
			return '-'
		}
		return r
	}, name)
	if name == "" || name == "." || name == ".." {
		return "stack"
	}
	return name
}

// rng returns the range of a node of the program.
func (r *reader) rng(n ast.Node) model.Range {
	if n == nil {
		return model.Range{}
	}
	return r.span(n.Pos(), n.End())
}

func (r *reader) span(from, to token.Pos) model.Range {
	fset := r.in.Fset
	if !from.IsValid() {
		return model.Range{}
	}
	start, end := fset.Position(from), fset.Position(to)
	rel, ok := r.in.Rel(start.Filename)
	if !ok {
		return model.Range{}
	}
	out := model.Range{File: rel, Line: start.Line, Column: start.Column, EndLine: start.Line, EndColumn: start.Column + 1}
	if to.IsValid() && end.Filename == start.Filename {
		out.EndLine, out.EndColumn = end.Line, end.Column
	}
	return out
}

// header is where a construct is reported: from the call to the end of its ID argument
// (awslambda.NewFunction(stack, jsii.String("Orders")), or the callee when the ID is on
// another line.
func (r *reader) header(call *ast.CallExpr, idArg int) model.Range {
	end := call.Fun.End()
	if idArg >= 0 && idArg < len(call.Args) {
		a := call.Args[idArg]
		fset := r.in.Fset
		if fset.Position(a.End()).Line == fset.Position(call.Pos()).Line {
			end = a.End()
		}
	}
	return r.span(call.Pos(), end)
}

// siteOf returns the position of the outermost call of the program's own code that leads
// to a construct created in a file outside the repository (never the case for the CDK's
// own calls, which have no syntax here): the call itself otherwise.
func (r *reader) siteOf(call *ast.CallExpr) *ast.CallExpr {
	if rg := r.rng(call); !rg.IsZero() {
		return call
	}
	for _, c := range slices.Backward(r.interp.CallSites()) {
		if !r.rng(c).IsZero() {
			return c
		}
	}
	return call
}
