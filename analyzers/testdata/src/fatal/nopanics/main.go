// Command nopanics runs with -panics=false: only exits are reported.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(ctx context.Context, e events.SQSEvent) error {
	if len(e.Records) > 10 {
		panic("too many")
	}
	if len(e.Records) == 0 {
		os.Exit(0) // want `SLS105: os.Exit in SQS handler handle`
	}
	return nil
}

func main() { lambda.Start(handle) }
