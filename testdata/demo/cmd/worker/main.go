// Command worker consumes the orders queue: it stores each order, counts the sale and
// notifies the customer.
package main

import (
	"context"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"example.com/orders/internal/notify"
	"example.com/orders/internal/order"
	"example.com/orders/internal/store"
)

type worker struct {
	store  *store.Store
	notify *notify.Notifier
}

// handle processes a batch of order messages and reports the ones that failed, so that
// only those are retried.
func (w *worker) handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, msg := range ev.Records {
		o, err := order.FromMessage(msg)
		if err != nil {
			log.Fatalf("bad message %s: %v", msg.MessageId, err)
		}
		if err := w.process(ctx, o); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
		}
	}
	return resp, nil
}

func (w *worker) process(ctx context.Context, o order.Order) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if err := w.store.Save(ctx, o); err != nil {
		return err
	}
	if err := w.store.CountSale(ctx, o); err != nil {
		return err
	}
	return w.notify.OrderPlaced(ctx, o.ID)
}

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	w := &worker{
		store:  &store.Store{DB: dynamodb.NewFromConfig(cfg), Table: os.Getenv("ORDERS_TABLE")},
		notify: &notify.Notifier{SNS: sns.NewFromConfig(cfg), Topic: os.Getenv("ORDER_TOPIC_ARN")},
	}
	lambda.Start(w.handle)
}
