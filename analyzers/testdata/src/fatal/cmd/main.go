// Command cmd wires the handler package: handler.Handle is reported there, not here; a
// closure registered here is reported here.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"fatal/handler"
	"fatal/store"
)

func main() {
	db := dynamodb.NewFromConfig(aws.Config{})
	orders := store.Must(&store.Orders{DB: db, Table: os.Getenv("TABLE")}, nil) // set-up may panic
	h := &handler.Handler{Orders: orders}
	lambda.Start(h.Handle)
	lambda.Start(h.HandleSafely)
	lambda.Start(func(ctx context.Context, e events.DynamoDBEvent) error {
		for _, r := range e.Records {
			orders.Save(ctx, r.EventID) // want `SLS105: log.Fatalf, reachable from DynamoDB Streams handler main.func1, exits the Lambda runtime process`
		}
		return nil
	})
}
