package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"example.com/shared"
)

var db = dynamodb.New(dynamodb.Options{Region: "eu-west-1"})

func handle(ctx context.Context, ev events.SQSEvent) error {
	for _, r := range ev.Records {
		if err := shared.Save(ctx, db, os.Getenv("TABLE"), r.Body); err != nil {
			return err
		}
	}
	return nil
}

func main() { lambda.Start(handle) }
