// Package iac loads infrastructure-as-code files into the provider-neutral model.
package iac

import (
	"context"

	"github.com/slslint/slslint/iac/model"
)

// An Input is one file to load.
type Input struct {
	Format model.Format
	// Abs is the file's absolute path; Rel is relative to the repository root, with
	// forward slashes, and is what positions report.
	Abs, Rel string
}

// Options control loading.
type Options struct {
	// Root is the repository root: no file outside it is ever read.
	Root string
	// VarFiles are Terraform variable files given on the command line.
	VarFiles []string
}

// Load reads every input into one model. A file that cannot be read or parsed becomes a
// model.Problem; the others are still loaded.
func Load(ctx context.Context, inputs []Input, opts Options) *model.Model {
	return &model.Model{}
}
