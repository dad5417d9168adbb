// Package handler is the adapter layer: provider types belong here. // want package:`provider: github.com/aws/aws-lambda-go/events`
package handler

import (
	"context"

	"github.com/aws/aws-lambda-go/events"

	"portability/portapp/internal/domain/pure"
	"portability/portapp/internal/usecase/checkout"
)

func Handle(ctx context.Context, ev events.SQSEvent, p checkout.Payments) error {
	return checkout.Checkout(ctx, p, pure.Cents(len(ev.Records)))
}
