package main

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// A handler registered by a test is a fixture: the rules do not report on it.
func TestStart(t *testing.T) {
	lambda.Start(func(ctx context.Context, e events.SNSEvent) error { panic("fixture") }) // want `TestStart.func1 SNS at-least-once .*report=false effects=\[panic\]`
	_ = handle(context.Background(), events.SQSEvent{})
}
