// Package mocked calls its store through an interface whose implementation is evident in
// the package; its tests assign a mock that must not count.
package mocked

import (
	"context"
	"log"

	"github.com/aws/aws-lambda-go/events"
)

type Store interface {
	Save(ctx context.Context, id string) error
}

type dynamoStore struct{ table string }

func (d dynamoStore) Save(ctx context.Context, id string) error {
	if d.table == "" {
		log.Fatal("no table") // want `SLS105: log.Fatal, reachable from SQS handler Handler.Handle, exits the Lambda runtime process`
	}
	return nil
}

type Handler struct {
	store Store
}

func New(table string) *Handler { return &Handler{store: dynamoStore{table: table}} }

func (h *Handler) Handle(ctx context.Context, e events.SQSEvent) error {
	for _, r := range e.Records {
		if err := h.store.Save(ctx, r.MessageId); err != nil {
			return err
		}
	}
	return nil
}
