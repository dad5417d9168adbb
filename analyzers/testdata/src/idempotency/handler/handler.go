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
		if err := h.Store.Save(ctx, store.Order{ID: ids.NewOrderID(), Customer: msg.Body}); err != nil { // want `SLS101: dynamodb.PutItem at store/store.go:33, reachable from SQS handler Handler.Handle \(Handler.Handle → Store.Save → dynamodb.PutItem\), writes key "id" built from uuid.NewString\(\) at ids/ids.go:10: every redelivery`
			return err
		}
		// The twins: IDs from the event.
		if err := h.Store.Save(ctx, store.Order{ID: msg.MessageId}); err != nil {
			return err
		}
		if err := h.Store.PutKey(ctx, ids.Key("order", ids.FromEvent(msg.MessageId))); err != nil {
			return err
		}
		if err := h.Store.PutKey(ctx, ids.Key("order", uuid.New().String())); err != nil { // want `SLS101: dynamodb.PutItem at store/store.go:50, reachable from SQS handler Handler.Handle \(Handler.Handle → Store.PutKey → dynamodb.PutItem\), writes key "pk" built from uuid.New\(\) at handler/handler.go:31`
			return err
		}
	}
	return nil
}

// Fresh relies on SaveNew, which makes the ID itself.
func (h *Handler) Fresh(ctx context.Context, ev events.KinesisEvent) error {
	for _, r := range ev.Records {
		if err := h.Store.SaveNew(ctx, store.Order{Customer: r.EventID}); err != nil { // want `SLS101: dynamodb.PutItem at store/store.go:44, reachable from Kinesis handler Handler.Fresh \(Handler.Fresh → Store.SaveNew → dynamodb.PutItem\), writes key "id" built from uuid.NewString\(\) at store/store.go:39`
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
		if err := store.Put(ctx, h.Store.DB, store.Order{ID: uuid.NewString(), Customer: r.SNS.Message}); err != nil { // want `SLS101: dynamodb.PutItem at store/store.go:73, reachable from SNS handler Handler.Generic \(Handler.Generic → store.Put → dynamodb.PutItem\), writes key "id" built from uuid.NewString\(\) at handler/handler.go:64`
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
			return h.Store.PutKey(ctx, id) // want `SLS101: dynamodb.PutItem at store/store.go:50, reachable from DynamoDB Streams handler Handler.Closures \(Handler.Closures → go Handler.Closures.func1 → Store.PutKey → dynamodb.PutItem\), writes key "pk" built from uuid.NewString\(\) at handler/handler.go:78`
		})
		put := h.Store.PutKey
		if err := put(ctx, r.EventID); err != nil {
			return err
		}
	}
	return g.Wait()
}
