// Command worker consumes an order queue with the real libraries. // want package:`evidence\(worker.handle: SLS103 worker.handle → stripe.PaymentIntent.Create, SLS101 worker.handle → Store.Save → dynamodb.PutItem, SLS102 worker.handle → Store.CountSale → dynamodb.UpdateItem\)`
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/stripe/stripe-go/v82"

	"example.com/idemmod/internal/store"
)

type worker struct {
	store  *store.Store
	stripe *stripe.Client
}

func (w *worker) handle(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		o := store.Order{CustomerID: msg.Body, Total: 100}
		if err := w.store.Save(ctx, o); err != nil { // want `SLS101: dynamodb.PutItem, reachable from SQS handler worker.handle, writes key "id" built from uuid.NewString\(\)`
			return err
		}
		if err := w.store.CountSale(ctx, o); err != nil { // want `SLS102: dynamodb.UpdateItem, reachable from SQS handler worker.handle, applies update "ADD totalSpent :v" without a ConditionExpression`
			return err
		}
		params := &stripe.PaymentIntentCreateParams{Amount: stripe.Int64(o.Total), Currency: stripe.String("eur")}
		if _, err := w.stripe.V1PaymentIntents.Create(ctx, params); err != nil { // want `SLS103: stripe.PaymentIntent.Create in SQS handler worker.handle calls Stripe with params that carry no idempotency key`
			return err
		}
	}
	return nil
}

// handleOnce is the idempotent twin: the order's ID is the message's, and the charge runs
// after a claim on the message ID, with the message ID as its idempotency key.
func (w *worker) handleOnce(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		if err := w.store.SaveAs(ctx, store.Order{ID: msg.MessageId, CustomerID: msg.Body}); err != nil {
			return err
		}
		ok, err := w.store.Claim(ctx, msg.MessageId)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := w.store.CountSale(ctx, store.Order{CustomerID: msg.Body, Total: 100}); err != nil {
			return err
		}
		params := &stripe.PaymentIntentCreateParams{Amount: stripe.Int64(100)}
		params.SetIdempotencyKey("charge-" + msg.MessageId)
		if _, err := w.stripe.V1PaymentIntents.Create(ctx, params); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	w := &worker{
		store:  &store.Store{DB: dynamodb.NewFromConfig(aws.Config{}), Table: "orders"},
		stripe: stripe.NewClient("sk_test"),
	}
	lambda.Start(w.handle)
	lambda.Start(w.handleOnce)
}
