// Package checkout is a use case that depends on ports only: the idiomatic twin.
package checkout

import (
	"context"

	"portability/portapp/internal/domain/pure"
)

type Payments interface {
	Charge(ctx context.Context, amount pure.Cents) error
}

func Checkout(ctx context.Context, p Payments, amount pure.Cents) error { return p.Charge(ctx, amount) }
