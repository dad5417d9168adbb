// Package iac loads infrastructure-as-code files into the provider-neutral model: each
// format's loader (cloudformation, terraform, serverless) fills one model.Model, which the
// checks in iac/checks read.
package iac

import (
	"context"
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
	cloudformation.Load(ctx, m, byFormat[model.CloudFormation], cloudformation.Options{Root: opts.Root})
	terraform.Load(ctx, m, append(byFormat[model.Terraform], byFormat[model.TerraformVars]...), terraform.Options{Root: opts.Root, VarFiles: opts.VarFiles})
	serverless.Load(ctx, m, byFormat[model.Serverless], serverless.Options{Root: opts.Root})
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
