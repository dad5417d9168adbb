// Command direct has handlers that exit or panic in their own body.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
)

type Order struct{ ID string }

func handle(ctx context.Context, e events.SQSEvent) error {
	for _, r := range e.Records {
		var o Order
		if err := json.Unmarshal([]byte(r.Body), &o); err != nil {
			log.Fatalf("bad message %s: %v", r.MessageId, err) // want `SLS105: log.Fatalf in SQS handler handle exits the Lambda runtime process`
		}
	}
	return nil
}

// handleWell is the idiomatic twin: errors are returned.
func handleWell(ctx context.Context, e events.SQSEvent) error {
	for _, r := range e.Records {
		var o Order
		if err := json.Unmarshal([]byte(r.Body), &o); err != nil {
			return fmt.Errorf("bad message %s: %w", r.MessageId, err)
		}
	}
	return nil
}

func api(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	if req.Body == "" {
		panic("empty body") // want `SLS105: panic in API Gateway REST handler api panics with no recover on the path`
	}
	return events.APIGatewayProxyResponse{StatusCode: 200}, nil
}

// apiRecovered turns a panic into an error with a deferred recover.
func apiRecovered(ctx context.Context, req events.APIGatewayProxyRequest) (resp events.APIGatewayProxyResponse, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	if req.Body == "" {
		panic("empty body")
	}
	return events.APIGatewayProxyResponse{StatusCode: 200}, nil
}

// fanOut recovers, but its goroutine's panic escapes every recover.
func fanOut(ctx context.Context, e events.SNSEvent) error {
	defer func() { _ = recover() }()
	done := make(chan struct{})
	go func() {
		defer close(done)
		panic("in goroutine") // want `SLS105: panic, reachable from SNS handler fanOut, panics in a goroutine, where no recover of the handler applies`
	}()
	<-done
	return nil
}

type Worker struct{ name string }

func (w *Worker) Handle(ctx context.Context, e events.KinesisEvent) error {
	if w.name == "" {
		os.Exit(1) // want `SLS105: os.Exit in Kinesis handler Worker.Handle exits the Lambda runtime process`
	}
	return nil
}

type kind int

// describe panics on a value its callers cannot produce: an assertion, not reported.
func describe(k kind) string {
	switch k {
	case 0:
		return "order"
	case 1:
		return "refund"
	}
	panic("unreachable")
}

func kinds(ctx context.Context, e events.SQSEvent) error {
	_ = describe(kind(len(e.Records) % 2))
	return nil
}

func main() {
	lambda.Start(kinds)
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatal(err) // start-up: not reachable from a handler
	}
	_ = cfg
	w := &Worker{name: os.Getenv("WORKER")}
	lambda.Start(w.Handle)
	lambda.Start(handle)
	lambda.Start(handleWell)
	lambda.Start(api)
	lambda.Start(apiRecovered)
	lambda.Start(fanOut)
	lambda.Start(func(ctx context.Context, e events.S3Event) error {
		if len(e.Records) == 0 {
			return errors.New("no records")
		}
		if e.Records[0].EventName == "" {
			log.Panicln("unnamed event") // want `SLS105: log.Panicln in S3 handler main.func1 panics with no recover on the path`
		}
		return nil
	})
}
