package main // want `entry worker.handle event=events.SQSEvent response=events.SQSEventResponse batch=yes deadline=false writes=\[s3.PutObject \$BUCKET "incoming/\*"\] budgets=\[context.WithTimeout 5s\] loops=\[events.SQSEvent per-item 5s\]; env=\[BUCKET LOG_LEVEL\(default\)\]; opaque=0; unresolved=0; startup=0`

import (
	"context"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"program/store"
)

type worker struct{ store *store.Store }

func (w *worker) handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, r := range ev.Records {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		if err := w.store.Put(ctx, r.MessageId, r.Body); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: r.MessageId})
		}
		cancel()
	}
	return resp, nil
}

func main() {
	level := os.Getenv("LOG_LEVEL")
	if level == "" {
		level = "info"
	}
	_ = level
	w := &worker{store: &store.Store{Bucket: os.Getenv("BUCKET")}}
	lambda.Start(w.handle)
}
