// Command orders forwards each order of the incoming queue to the outgoing queue and
// reports the messages it could not forward.
package main

import (
	"cmp"
	"context"
	"log"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type forwarder struct {
	sqs *sqs.Client
	out string
}

func (f *forwarder) handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, m := range ev.Records {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := f.sqs.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(f.out), MessageBody: aws.String(m.Body)})
		cancel()
		if err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
		}
	}
	return resp, nil
}

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("orders table %s, verbose %s", os.Getenv("TABLE"), cmp.Or(os.Getenv("VERBOSE"), "false"))
	// An opt-in flag: unset means off, so neither function need define it (no SLS128).
	if os.Getenv("DEBUG") == "true" {
		log.SetFlags(log.Lshortfile)
	}
	f := &forwarder{sqs: sqs.NewFromConfig(cfg), out: os.Getenv("OUT_QUEUE_URL")}
	lambda.Start(f.handle)
}
