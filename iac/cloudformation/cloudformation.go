// Package cloudformation loads CloudFormation and SAM templates, YAML or JSON, into the
// provider-neutral model.
package cloudformation

import (
	"context"

	"github.com/slslint/slslint/iac/model"
)

// Options control loading.
type Options struct {
	// Root is the repository root: no file outside it is ever read (DefinitionUri, ...).
	Root string
}

// Load reads each template into a project of m. A template that cannot be parsed becomes a
// problem of m at the error's position.
func Load(ctx context.Context, m *model.Model, files []model.Source, opts Options) {}
