// Command ctxprop passes contexts around in its handlers, derived from the invocation's and
// not.
package main

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"golang.org/x/sync/errgroup"
)

var (
	db    *dynamodb.Client
	queue *sqs.Client
	root  = context.Background()
)

func put(ctx context.Context, id string) error {
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{})
	return err
}

func fresh(ctx context.Context, e events.SQSEvent) error {
	_, _ = queue.SendMessage(context.Background(), &sqs.SendMessageInput{}) // want `SLS411: context.Background\(\) in SQS handler fresh is passed to sqs.SendMessage although ctx, the invocation's context, is in scope`
	_ = put(context.TODO(), "a")                                            // want `SLS411: context.TODO\(\) in SQS handler fresh is passed to put although ctx`
	bg := context.Background()                                              // want `SLS411: context.Background\(\) in SQS handler fresh is passed to put although ctx`
	_ = put(bg, "b")
	tctx, cancel := context.WithTimeout(context.Background(), time.Second) // want `SLS411: context.Background\(\) in SQS handler fresh is passed to context.WithTimeout although ctx`
	defer cancel()
	_ = put(tctx, "c")
	_ = put(root, "d") // want `SLS411: var root in SQS handler fresh is passed to put although ctx`
	for _, r := range e.Records {
		process := func() error {
			return put(context.Background(), r.MessageId) // want `SLS411: context.Background\(\), reachable from SQS handler fresh, is passed to put although ctx, the invocation's context, is in scope`
		}
		if err := process(); err != nil {
			return err
		}
	}
	return nil
}

// The idiomatic twin, and the deliberate exceptions.
func derived(ctx context.Context, e events.SQSEvent) error {
	_ = put(ctx, "a")
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_ = put(tctx, "b")
	_ = put(context.WithoutCancel(ctx), "audit") // must finish even if the invocation is cancelled
	defer put(context.Background(), "flush")     // deferred: runs after the deadline may have passed
	defer func() {
		_ = put(context.Background(), "cleanup")
	}()
	go put(context.Background(), "detached") // SLS606's business
	go func() {
		_ = put(context.Background(), "detached too") // a goroutine nobody waits for: SLS606's business
	}()
	go worker(ctx)
	cfg, _ := config.LoadDefaultConfig(context.TODO()) // want `SLS202: config.LoadDefaultConfig in SQS handler derived`
	_ = cfg
	once.Do(func() { _ = put(context.Background(), "warm-up") }) // once per environment: must not inherit this deadline
	return nil
}

func worker(ctx context.Context) {
	_ = put(context.Background(), "work") // reached only through a goroutine nobody waits for
}

var once sync.Once

// Without a context in scope there is nothing to propagate.
func noContext(e events.SNSEvent) error {
	return put(context.Background(), "x")
}

func unnamed(_ context.Context, e events.SNSEvent) error {
	return put(context.TODO(), "y")
}

func helperWithoutContext(id string) error {
	return put(context.TODO(), id)
}

func viaHelper(ctx context.Context, e events.S3Event) error {
	return helperWithoutContext("z")
}

// A goroutine the handler waits for still runs within the invocation: report.
func group(ctx context.Context, e events.KinesisEvent) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		return put(context.Background(), "g") // want `SLS411: context.Background\(\), reachable from Kinesis handler group, is passed to put although ctx, the invocation's context, is in scope`
	})
	g.Go(func() error { return store(gctx) })
	return g.Wait()
}

func store(ctx context.Context) error {
	return put(context.TODO(), "s") // want `SLS411: context.TODO\(\), reachable from Kinesis handler group, is passed to put although ctx, the invocation's context, is in scope`
}

// Method values and generics.

type service struct {
	ctx context.Context
}

var svc = &service{ctx: context.Background()}

func (s *service) handle(ctx context.Context, e events.DynamoDBEvent) error {
	_ = put(s.ctx, "field") // want `SLS411: field ctx in DynamoDB Streams handler service.handle is passed to put although ctx`
	return each(ctx, []string{"a", "b"}, put)
}

func each[T any](ctx context.Context, xs []T, f func(context.Context, T) error) error {
	for _, x := range xs {
		if err := f(context.TODO(), x); err != nil { // want `SLS411: context.TODO\(\), reachable from DynamoDB Streams handler service.handle, is passed to f although ctx, the invocation's context, is in scope`
			return err
		}
	}
	return nil
}

func main() {
	ctx := context.Background() // start-up
	_ = put(ctx, "boot")
	lambda.Start(fresh)
	lambda.Start(derived)
	lambda.Start(noContext)
	lambda.Start(unnamed)
	lambda.Start(viaHelper)
	lambda.Start(group)
	lambda.Start(svc.handle)
}
