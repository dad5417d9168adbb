// Command worker is an SQS handler that leaves state and goroutines behind.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"golang.org/x/sync/errgroup"

	"example.com/execmod/internal/notify"
)

var processed = map[string]bool{}

func handle(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, r := range e.Records {
		if processed[r.MessageId] {
			continue
		}
		processed[r.MessageId] = true // want `SLS607: insert into package-level map processed in SQS handler handle grows state that outlives the invocation`
		done := make(chan struct{})
		go func() { // joined below
			defer close(done)
			_ = r.Body
		}()
		<-done
		resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: r.MessageId})
	}
	go notify.Webhook(os.Getenv("HOOK_URL"), "batch done") // want `SLS606: goroutine running notify.Webhook in SQS handler handle is not waited for`
	var g errgroup.Group
	for _, r := range e.Records {
		g.Go(func() error { return notify.Webhook(os.Getenv("HOOK_URL"), r.Body) })
	}
	return resp, g.Wait()
}

func main() {
	lambda.Start(handle)
}
