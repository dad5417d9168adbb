// Command multi registers handlers in every supported way.
package main // want `env TABLE\(default=false\)`

import (
	"context"
	"log"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdaurl"
	"go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-lambda-go/otellambda"

	"handlers/sig"
)

type Order struct{ ID string }

func handleOrder(ctx context.Context, o Order) (string, error) {
	log.Fatal("x")
	return "", nil
}

type worker struct{ table string }

func (w *worker) Run(ctx context.Context, e events.KinesisEvent) error { return nil }

type raw struct{}

func (raw) Invoke(ctx context.Context, payload []byte) ([]byte, error) { return nil, nil }

func newHandler(table string) func(context.Context, events.SNSEvent) error {
	if table == "" {
		log.Fatal("no table") // set-up: not part of the handler
	}
	return func(ctx context.Context, e events.SNSEvent) error {
		panic("handler")
	}
}

func withLogging(next func(context.Context, Order) error) func(context.Context, Order) error {
	return func(ctx context.Context, o Order) error {
		log.Print("start")
		return next(ctx, o)
	}
}

func logged(ctx context.Context, o Order) error { os.Exit(3); return nil }

var handlerVar = func(ctx context.Context, e events.S3Event) error { return nil }

func main() {
	table := os.Getenv("TABLE")
	if table == "" {
		log.Fatal("TABLE is required")
	}
	lambda.Start(handleOrder) // want `handleOrder custom unknown handlers/multi.Order->string report=true effects=\[fatal\]`
	w := &worker{table: table}
	lambda.StartWithOptions(w.Run, lambda.WithEnableSIGTERM())             // want `worker.Run Kinesis at-least-once .*events.KinesisEvent->- report=true effects=\[\]`
	lambda.Start(func(ctx context.Context, e events.DynamoDBEvent) error { // want `main.func1 DynamoDB Streams at-least-once .*events.DynamoDBEvent->- report=true effects=\[\]`
		return nil
	})
	lambda.StartHandler(lambda.NewHandler(sig.Handle))               // want `sig.Handle SQS at-least-once .*events.SQSEvent->.*events.SQSEventResponse report=false effects=\[fatal batch-loop\]`
	lambda.Start(otellambda.InstrumentHandler((&sig.Handler{}).API)) // want `Handler.API API Gateway REST synchronous .*report=false effects=\[\]`
	lambda.StartHandler(raw{})                                       // want `raw.Invoke custom unknown \[\]byte->\[\]byte report=true effects=\[\]`
	lambda.Start(newHandler(table))                                  // want `handler returned by newHandler SNS at-least-once .*events.SNSEvent->- report=true effects=\[panic\]`
	lambda.Start(withLogging(logged))                                // want `handler returned by withLogging custom unknown .*report=true effects=\[\]` `logged custom unknown .*report=true effects=\[fatal\]`
	lambda.StartWithContext(context.Background(), handlerVar)        // want `handlerVar S3 at-least-once .*report=true effects=\[\]`
	lambda.StartHandlerFunc(handleOrder)
	lambda.Start(lambdaurl.Wrap(http.HandlerFunc(serve))) // want `serve function URL synchronous \*net/http.Request->- report=true effects=\[\]`
}

func serve(w http.ResponseWriter, r *http.Request) {}
