// Command entries is what the cross-layer checks read (registrations, environment). // want package:`entries\(lambda.Start handle events.SQSEvent->events.SQSEventResponse at-least-once; env LOG_LEVEL default; env QUEUE_URL; env TABLE default\)`
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var queue = os.Getenv("QUEUE_URL")

func handle(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) { // want handle:`handler\(SQS, at-least-once\)`
	level := os.Getenv("LOG_LEVEL")
	if level == "" {
		level = "info"
	}
	_ = level
	return events.SQSEventResponse{}, nil
}

func main() {
	table, ok := os.LookupEnv("TABLE")
	if !ok {
		table = "orders"
	}
	_ = table
	lambda.Start(handle)
}
