// Command testonly has a handler in main and another one in its tests.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(ctx context.Context, e events.SQSEvent) error { return nil }

func main() {
	lambda.Start(handle) // want `handle SQS at-least-once .*report=true`
}
