// Package handler declares the handlers; main registers them. // want package:`evidence\(.*\)`
package handler

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"

	"idempotency/ids"
	"idempotency/store"
)

type Handler struct {
	Store *store.Store
}

func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		if err := h.Store.Save(ctx, store.Order{ID: ids.NewOrderID(), Customer: msg.Body}); err != nil { // want `SLS101: dynamodb.PutItem, reachable from SQS handler Handler.Handle, writes key "id" built from uuid.NewString\(\)`
			return err
		}
		// The twins: IDs from the event.
		if err := h.Store.Save(ctx, store.Order{ID: msg.MessageId}); err != nil {
			return err
		}
		if err := h.Store.PutKey(ctx, ids.Key("order", ids.FromEvent(msg.MessageId))); err != nil {
			return err
		}
		if err := h.Store.PutKey(ctx, ids.Key("order", uuid.New().String())); err != nil { // want `SLS101: dynamodb.PutItem, reachable from SQS handler Handler.Handle, writes key "pk" built from uuid.New\(\)`
			return err
		}
	}
	return nil
}

// Fresh relies on SaveNew, which makes the ID itself.
func (h *Handler) Fresh(ctx context.Context, ev events.KinesisEvent) error {
	for _, r := range ev.Records {
		if err := h.Store.SaveNew(ctx, store.Order{Customer: r.EventID}); err != nil { // want `SLS101: dynamodb.PutItem, reachable from Kinesis handler Handler.Fresh, writes key "id" built from uuid.NewString\(\)`
			return err
		}
	}
	return nil
}

// Guarded claims the event first: what follows runs once per event.
func (h *Handler) Guarded(ctx context.Context, ev events.KinesisEvent) error {
	for _, r := range ev.Records {
		if err := h.Store.Claim(ctx, r.EventID); err != nil {
			return err
		}
		if err := h.Store.SaveNew(ctx, store.Order{Customer: r.EventID}); err != nil {
			return err
		}
	}
	return nil
}

// Generic stores through a generic helper.
func (h *Handler) Generic(ctx context.Context, ev events.SNSEvent) error {
	for _, r := range ev.Records {
		if err := store.Put(ctx, h.Store.DB, store.Order{ID: uuid.NewString(), Customer: r.SNS.Message}); err != nil { // want `SLS101: dynamodb.PutItem, reachable from SNS handler Handler.Generic, writes key "id" built from uuid.NewString\(\)`
			return err
		}
		if err := store.Put(ctx, h.Store.DB, store.Order{ID: r.SNS.MessageID}); err != nil {
			return err
		}
	}
	return nil
}

// Closures captures a fresh ID in a goroutine's closure and calls through a method value.
func (h *Handler) Closures(ctx context.Context, ev events.DynamoDBEvent) error {
	var g errgroup.Group
	for _, r := range ev.Records {
		id := uuid.NewString()
		g.Go(func() error {
			return h.Store.PutKey(ctx, id) // want `SLS101: dynamodb.PutItem, reachable from DynamoDB Streams handler Handler.Closures, writes key "pk" built from uuid.NewString\(\)`
		})
		put := h.Store.PutKey
		if err := put(ctx, r.EventID); err != nil {
			return err
		}
	}
	return g.Wait()
}
