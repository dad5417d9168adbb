// Package terraform loads Terraform root modules, with their variables and local modules,
// into the provider-neutral model.
package terraform

import (
	"context"

	"github.com/slslint/slslint/iac/model"
)

// Options control loading.
type Options struct {
	// Root is the repository root: no file outside it is ever read.
	Root string
	// VarFiles are variable files given on the command line (terraform -var-file).
	VarFiles []string
}

// Load groups the .tf and .tfvars files into root modules and reads each into a project of
// m. A file that cannot be parsed becomes a problem of m at the error's position.
func Load(ctx context.Context, m *model.Model, files []model.Source, opts Options) {}
