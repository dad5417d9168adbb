package engine

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/slslint/slslint/iac/cdk"
	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/iac/pulumi"
	"github.com/slslint/slslint/internal/gocheck"
	"github.com/slslint/slslint/internal/gomodules"
	"github.com/slslint/slslint/internal/repofile"
	"github.com/slslint/slslint/internal/suppress"
	"github.com/slslint/slslint/rules"
)

// Infrastructure written in Go (AWS CDK apps, Pulumi programs) is read from the Go
// packages the loader type-checked, once they are loaded: its projects join the model
// before the IaC checks and the cross-layer linking run.

// iacModules are the module paths whose import makes a Go module worth loading for its
// infrastructure alone (when no Go rule is enabled).
var iacModules = []string{"github.com/aws/aws-cdk-go/awscdk", "github.com/pulumi/pulumi-aws/sdk"}

// iac reports whether an IaC or cross-layer rule is enabled.
func (s *selection) iac() bool {
	for _, r := range rules.All() {
		if (r.Layer == rules.LayerIaC || r.Layer == rules.LayerCross) && s.enabled[r.ID] {
			return true
		}
	}
	return false
}

// definesInfrastructure reports whether one of the units' go.mod files requires the AWS
// CDK or Pulumi's AWS provider: then Go must be loaded for the IaC rules too.
func definesInfrastructure(plan *gomodules.Plan) bool {
	for _, u := range plan.Units {
		if u.ModFile == "" {
			continue
		}
		b, err := os.ReadFile(u.ModFile)
		if err != nil {
			continue
		}
		for _, m := range iacModules {
			if strings.Contains(string(b), m) {
				return true
			}
		}
	}
	return false
}

// readGoIaC reads the CDK apps and Pulumi programs among the loaded packages into the
// model, and drops the templates `cdk synth` left in the apps' cdk.out: the same
// resources, reported once, from the source.
func readGoIaC(res *gocheck.Result, m *model.Model, root string, sources *sourceCache) {
	if res == nil || len(res.Roots) == 0 {
		return
	}
	var pkgs []*goeval.Package
	for _, p := range res.Roots {
		if p.Types == nil || p.TypesInfo == nil || len(p.Syntax) == 0 || strings.Contains(p.ID, " [") {
			continue // a test variant describes the same program
		}
		pkgs = append(pkgs, &goeval.Package{Types: p.Types, Info: p.TypesInfo, Files: p.Syntax})
	}
	repo := repofile.New(root)
	exists := func(rel string) bool {
		st, err := repo.Stat(filepath.Join(root, filepath.FromSlash(rel)))
		return err == nil && st.Mode().IsRegular()
	}
	in := cdk.Input{Fset: res.Fset, Packages: pkgs, Root: root, Rel: sources.rel, Exists: exists}
	at := model.Range{Line: 1, Column: 1, EndLine: 1, EndColumn: 2}
	if len(pkgs) > 0 {
		at.File, _ = sources.rel(res.Fset.File(pkgs[0].Files[0].FileStart).Name())
	}
	guard(m, "cdk", at, func() {
		out := cdk.Read(in)
		var synthesized []string
		for _, app := range out.Apps {
			synthesized = append(synthesized, cdkOutput(repo, root, app))
		}
		dropSynthesized(m, synthesized)
		m.Projects = append(m.Projects, out.Projects...)
		m.Problems = append(m.Problems, out.Problems...)
		m.GoStatements = append(m.GoStatements, out.Statements...)
	})
	guard(m, "pulumi", at, func() {
		read := func(rel string) ([]byte, bool) {
			b, err := repo.ReadFile(filepath.Join(root, filepath.FromSlash(rel)), 1<<20)
			return b, err == nil
		}
		out := pulumi.Read(pulumi.Input{Fset: res.Fset, Packages: pkgs, Root: root, Rel: sources.rel, Read: read})
		m.Projects = append(m.Projects, out.Projects...)
		m.Problems = append(m.Problems, out.Problems...)
		m.GoStatements = append(m.GoStatements, out.Statements...)
	})
	slices.SortStableFunc(m.Projects, func(a, b *model.Project) int { return strings.Compare(a.Path, b.Path) })
}

// cdkOutput is the folder an app's cdk synth writes: cdk.json's output, cdk.out by
// default, relative to the repository root.
func cdkOutput(repo repofile.Root, root, app string) string {
	out := "cdk.out"
	if b, err := repo.ReadFile(filepath.Join(root, filepath.FromSlash(path.Join(app, "cdk.json"))), 1<<20); err == nil {
		var cfg struct {
			Output string `json:"output"`
		}
		if json.Unmarshal(b, &cfg) == nil && cfg.Output != "" && !path.IsAbs(cfg.Output) && !strings.Contains(cfg.Output, "..") {
			out = path.Clean(cfg.Output)
		}
	}
	return path.Join(app, out)
}

// dropSynthesized removes the templates under the given folders, with their problems and
// suppressions.
func dropSynthesized(m *model.Model, dirs []string) {
	if len(dirs) == 0 {
		return
	}
	under := func(file string) bool {
		for _, d := range dirs {
			if strings.HasPrefix(file, d+"/") {
				return true
			}
		}
		return false
	}
	m.Projects = slices.DeleteFunc(m.Projects, func(p *model.Project) bool {
		return p.Format == model.CloudFormation && under(p.Path)
	})
	m.Problems = slices.DeleteFunc(m.Problems, func(p model.Problem) bool { return under(p.File) })
	m.Suppressions = slices.DeleteFunc(m.Suppressions, func(s model.Suppression) bool { return under(s.At.File) })
}

// guard runs a reader, turning a panic (a bug in slslint) into a failure, so that the
// rest of the run goes on.
func guard(m *model.Model, reader string, at model.Range, read func()) {
	defer func() {
		if r := recover(); r != nil {
			m.Failures = append(m.Failures, model.Problem{Range: at,
				Message: "the " + reader + " reader crashed; the infrastructure written in Go may be incomplete: " + panicText(r)})
		}
	}()
	read()
}

func panicText(r any) string {
	if err, ok := r.(error); ok {
		return err.Error()
	}
	if s, ok := r.(string); ok {
		return s
	}
	return "panic"
}

// extendToStatements makes a suppression comment on the line of a Go statement that
// declares resources, or on the line above it, cover the whole statement: the findings
// about a construct's settings are on the lines of its props.
func extendToStatements(ds []*suppress.Directive, statements []model.Range) {
	if len(statements) == 0 {
		return
	}
	byFile := map[string][]model.Range{}
	for _, s := range statements {
		byFile[s.File] = append(byFile[s.File], s)
	}
	for _, d := range ds {
		for _, s := range byFile[d.Path] {
			if s.Line >= d.StartLine && s.Line <= d.EndLine && s.EndLine > d.EndLine {
				d.EndLine = s.EndLine
			}
		}
	}
}
