// Package serverless loads Serverless Framework services (serverless.yml) into the
// provider-neutral model.
package serverless

import (
	"context"

	"github.com/slslint/slslint/iac/model"
)

// Options control loading.
type Options struct {
	// Root is the repository root: no file outside it is ever read (${file(...)}).
	Root string
}

// Load reads each serverless.yml into a project of m. A file that cannot be parsed becomes
// a problem of m at the error's position.
func Load(ctx context.Context, m *model.Model, files []model.Source, opts Options) {}
