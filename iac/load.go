// Package iac loads infrastructure-as-code files into the provider-neutral model: each
// format's loader (cloudformation, terraform, serverless) fills one model.Model, which the
// checks in iac/checks read.
package iac

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/iac/serverless"
	"github.com/slslint/slslint/iac/terraform"
)

// Options control loading.
type Options struct {
	// Root is the repository root: no file outside it is ever read.
	Root string
	// VarFiles are Terraform variable files given on the command line.
	VarFiles []string
}

// Load reads every source into one model. A file that cannot be read or parsed becomes a
// model.Problem; the others are still loaded.
func Load(ctx context.Context, sources []model.Source, opts Options) *model.Model {
	byFormat := map[model.Format][]model.Source{}
	for _, s := range sources {
		byFormat[s.Format] = append(byFormat[s.Format], s)
	}
	m := &model.Model{}
	guard(m, "cloudformation", byFormat[model.CloudFormation], func() {
		cloudformation.Load(ctx, m, byFormat[model.CloudFormation], cloudformation.Options{Root: opts.Root})
	})
	tf := slices.Concat(byFormat[model.Terraform], byFormat[model.TerraformVars])
	guard(m, "terraform", tf, func() {
		terraform.Load(ctx, m, tf, terraform.Options{Root: opts.Root, VarFiles: opts.VarFiles})
	})
	guard(m, "serverless", byFormat[model.Serverless], func() {
		serverless.Load(ctx, m, byFormat[model.Serverless], serverless.Options{Root: opts.Root,
			CloudFormation: cloudformation.ServerlessResources{Model: m}})
	})
	sort.SliceStable(m.Projects, func(i, j int) bool { return m.Projects[i].Path < m.Projects[j].Path })
	sort.SliceStable(m.Problems, func(i, j int) bool {
		a, b := m.Problems[i], m.Problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return m
}

// guard runs one loader, turning a panic (a bug in slslint) into a failure reported at the
// first file it was given, so that the other loaders and every check still run.
func guard(m *model.Model, loader string, files []model.Source, load func()) {
	defer func() {
		if r := recover(); r != nil {
			at := model.Range{Line: 1, Column: 1, EndLine: 1, EndColumn: 2}
			if len(files) > 0 {
				at.File = files[0].Rel
			}
			m.Failures = append(m.Failures, model.Problem{Range: at,
				Message: fmt.Sprintf("the %s loader crashed; the templates of this format may be incomplete: %v", loader, r)})
		}
	}()
	load()
}
