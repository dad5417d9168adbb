package main // want `SLS101 s3.PutObject a test: worker.handle → Store.Put → s3.PutObject`

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"program/store"
)

type worker struct{ store *store.Store }

func (w *worker) handle(ctx context.Context, ev events.SQSEvent) error {
	for _, r := range ev.Records {
		if err := w.store.Put(ctx, r.MessageId, r.Body); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	w := &worker{store: &store.Store{Bucket: os.Getenv("BUCKET")}}
	lambda.Start(w.handle)
}
