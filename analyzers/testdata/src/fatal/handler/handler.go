// Package handler declares the handlers main registers: they are checked here.
package handler

import (
	"context"

	"github.com/aws/aws-lambda-go/events"

	"fatal/store"
)

type Handler struct {
	Orders *store.Orders
}

func (h *Handler) Handle(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) {
	for _, r := range e.Records {
		h.process(ctx, r)
	}
	return events.SQSEventResponse{}, nil
}

func (h *Handler) process(ctx context.Context, m events.SQSMessage) {
	h.Orders.Save(ctx, m.MessageId) // want `SLS105: log.Fatalf, reachable from SQS handler Handler.Handle, exits the Lambda runtime process`
}

// HandleSafely is the twin that returns errors.
func (h *Handler) HandleSafely(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, r := range e.Records {
		if err := h.Orders.SaveSafely(ctx, r.MessageId); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: r.MessageId})
		}
	}
	return resp, nil
}
