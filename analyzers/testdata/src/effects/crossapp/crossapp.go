// Package crossapp exercises what the effects analyzer records for the cross-layer checks:
// write targets, durations, batch loops and environment reads of unknown names.
package crossapp

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/avast/retry-go/v4"
	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	backoff "github.com/cenkalti/backoff/v4"
	backoff5 "github.com/cenkalti/backoff/v5"
)

// Store's Bucket is assigned by the package that builds it, not here.
type Store struct {
	S3     *s3.Client
	Bucket string
}

func (st *Store) Upload(ctx context.Context, name string) error { // want `Upload: write s3.PutObject field effects/crossapp.Store.Bucket key "thumbnails/\*.jpg"`
	_, err := st.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(st.Bucket), Key: aws.String("thumbnails/" + name + ".jpg")})
	return err
}

func send(ctx context.Context, q *sqs.Client, body string) error { // want `send: write sqs.SendMessage \$OUT_QUEUE_URL`
	url := os.Getenv("OUT_QUEUE_URL")
	_, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &url, MessageBody: &body})
	return err
}

var topic = getenv("TOPIC_ARN", "")

func getenv(key, fallback string) string { // want `^getenv: $`
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

func publish(ctx context.Context, c *sns.Client) error { // want `publish: write sns.Publish \$TOPIC_ARN`
	in := &sns.PublishInput{Message: aws.String("hello")}
	in.TopicArn = aws.String(topic)
	_, err := c.Publish(ctx, in)
	return err
}

// Two variables may name the queue: which one is not known.
func either(ctx context.Context, q *sqs.Client) error { // want `either: write sqs.SendMessage`
	url := os.Getenv("PRIMARY_QUEUE_URL")
	if url == "" {
		url = os.Getenv("FALLBACK_QUEUE_URL")
	}
	_, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url)})
	return err
}

// A default is a fallback, not a second variable.
func withDefault(ctx context.Context, q *sqs.Client) error { // want `withDefault: write sqs.SendMessage \$QUEUE_URL`
	url := os.Getenv("QUEUE_URL")
	if url == "" {
		url = "https://sqs.eu-west-1.amazonaws.com/123456789012/default"
	}
	_, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(fmt.Sprintf("%s", url))})
	return err
}

var client = &http.Client{Timeout: 15 * time.Second}

func fetch(ctx context.Context, url string) error { // want `fetch: network http.Client.Do 15s`
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func fetchDefault(url string) error { // want `fetchDefault: network http.Get$`
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func pause() { // want `pause: sleep time.Sleep 3s`
	time.Sleep(3 * time.Second)
}

const callTimeout = 20 * time.Second

func bounded(ctx context.Context) { // want `bounded: time-budget context.WithTimeout 20s; time-budget context.WithDeadline 1m0s`
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	ctx2, cancel2 := context.WithDeadline(ctx, time.Now().Add(time.Minute))
	defer cancel2()
	_ = ctx2
}

func unknownTimeout(ctx context.Context, d time.Duration) { // want `^unknownTimeout: $`
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	_ = ctx
}

func op() error { return nil } // want `^op: $`

func retries(ctx context.Context) { // want `retries: time-budget retry.Do retry budget 15.4s; time-budget retry.Do retry budget 4s; time-budget retry.Do retry budget 1.9s; time-budget retry.NewStandard retry budget 24s; time-budget backoff.WithMaxRetries retry budget 12s; time-budget backoff.Retry retry budget 2m0s`
	_ = retry.Do(op, retry.Attempts(5), retry.Delay(time.Second), retry.MaxDelay(10*time.Second))
	_ = retry.Do(op, retry.Attempts(3), retry.Delay(2*time.Second), retry.DelayType(retry.FixedDelay))
	_ = retry.Do(op, retry.Attempts(5)) // 100 ms doubling, plus up to 100 ms of jitter each
	_ = awsretry.NewStandard(func(o *awsretry.StandardOptions) {
		o.MaxAttempts = 5
		o.MaxBackoff = 10 * time.Second
	})
	_ = backoff.Retry(op, backoff.WithMaxRetries(backoff.NewConstantBackOff(3*time.Second), 4))
	_, _ = backoff5.Retry(ctx, func() (int, error) { return 0, nil }, backoff5.WithMaxElapsedTime(2*time.Minute))
}

func unbudgeted(opts []retry.Option) { // want `^unbudgeted: $`
	_ = retry.Do(op, opts...)
	_ = awsretry.NewStandard() // the SDK's default retryer
}

func loop() error { // want `loop: sleep time.Sleep 2s; time-budget loop 5 rounds × 2s 10s`
	for i := 0; i < 5; i++ {
		if err := op(); err == nil {
			return nil
		}
		time.Sleep(2 * time.Second)
	}
	return fmt.Errorf("gave up")
}

func handle(ctx context.Context, ev events.SQSEvent) error { // want `handle: sleep time.Sleep 3s; batch-loop range events.SQSEvent.Records`
	for range ev.Records {
		pause()
	}
	return nil
}

func environ() { // want `environ: env-any os.Environ; env-any os.Getenv`
	_ = os.Environ()
	name := "X"
	_ = os.Getenv(name + "_URL")
}
