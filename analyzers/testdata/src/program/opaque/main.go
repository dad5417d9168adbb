package main // want `entry handle event=events.KinesisEvent response=- batch=no deadline=true writes=\[\] budgets=\[\] loops=\[events.KinesisEvent\]; env=\[\]; opaque=1; unresolved=0; startup=0`

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var settings = os.Environ()

func handle(ctx context.Context, ev events.KinesisEvent) error {
	for range ev.Records {
		if _, ok := ctx.Deadline(); !ok {
			return nil
		}
	}
	return nil
}

func main() {
	lambda.Start(handle)
}
