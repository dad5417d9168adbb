// Command cmd wires the handlers; a closure registered here is reported here. // want package:`evidence\(.*\)`
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/uuid"

	"idempotency/handler"
	"idempotency/store"
)

func main() {
	st := &store.Store{DB: dynamodb.NewFromConfig(aws.Config{}), Table: "orders"}
	h := &handler.Handler{Store: st}
	lambda.Start(h.Handle)
	lambda.Start(h.Fresh)
	lambda.Start(func(ctx context.Context, ev events.SQSEvent) error {
		for range ev.Records {
			if err := st.PutKey(ctx, "k-"+uuid.NewString()); err != nil { // want `SLS101: dynamodb.PutItem, reachable from SQS handler main.func1, writes key "pk" built from uuid.NewString\(\)`
				return err
			}
		}
		return nil
	})
}
