// Command plain logs each message of its queue, a few per second, and stops before the
// invocation's deadline.
package main

import (
	"context"
	"errors"
	"log"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(ctx context.Context, ev events.SQSEvent) error {
	for _, m := range ev.Records {
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < 3*time.Second {
			return errors.New("out of time: the batch is retried")
		}
		log.Printf("message %s", m.MessageId)
		time.Sleep(2 * time.Second)
	}
	return nil
}

func main() {
	lambda.Start(handle)
}
