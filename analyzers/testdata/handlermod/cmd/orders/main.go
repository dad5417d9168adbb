// Command orders consumes an SQS queue with the real aws-lambda-go.
package main

import (
	"context"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"example.com/handlermod/internal/store"
)

type handler struct {
	orders *store.Orders
}

func (h *handler) handle(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) {
	for _, r := range e.Records {
		h.orders.MustSave(ctx, r.MessageId) // want `SLS105: log.Fatalf, reachable from SQS handler handler.handle, exits the Lambda runtime process`
	}
	return events.SQSEventResponse{}, nil
}

// handleWell reports failed records instead of exiting.
func (h *handler) handleWell(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, r := range e.Records {
		if err := h.orders.Save(ctx, r.MessageId); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: r.MessageId})
		}
	}
	return resp, nil
}

func main() {
	table := os.Getenv("ORDERS_TABLE")
	if table == "" {
		log.Fatal("ORDERS_TABLE is required") // start-up
	}
	h := &handler{orders: &store.Orders{DB: dynamodb.NewFromConfig(aws.Config{}), Table: table}}
	if os.Getenv("STRICT") != "" {
		lambda.Start(h.handle)
	}
	lambda.Start(h.handleWell)
}
