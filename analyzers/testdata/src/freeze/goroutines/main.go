// Command goroutines starts goroutines in its handlers, waited for and not.
package main

import (
	"context"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"golang.org/x/sync/errgroup"

	"freeze/async"
)

func audit(id string) {}

func fireAndForget(ctx context.Context, e events.SQSEvent) error {
	for _, r := range e.Records {
		go audit(r.MessageId) // want `SLS606: goroutine running audit in SQS handler fireAndForget is not waited for`
	}
	go func() { // want `SLS606: goroutine running fireAndForget.func1 in SQS handler fireAndForget is not waited for`
		audit("batch")
	}()
	results := make(chan string)
	go func() { results <- "x" }() // want `SLS606: goroutine running fireAndForget.func2 in SQS handler fireAndForget is not waited for`
	var g errgroup.Group
	g.Go(func() error { audit("g"); return nil }) // want `SLS606: goroutine running fireAndForget.func3 \(errgroup.Group.Go\) in SQS handler fireAndForget is not waited for`
	async.Fire("x")                               // want `SLS606: goroutine running send, reachable from SQS handler fireAndForget, is not waited for`
	var b async.Batcher
	b.Add("never flushed") // the Batcher's owner flushes it elsewhere: not evident here, silent
	return nil
}

// The idiomatic twins.
func joined(ctx context.Context, e events.SQSEvent) error {
	var wg sync.WaitGroup
	for _, r := range e.Records {
		wg.Add(1)
		go func() {
			defer wg.Done()
			audit(r.MessageId)
		}()
	}
	wg.Wait()

	g, gctx := errgroup.WithContext(ctx)
	for _, r := range e.Records {
		g.Go(func() error { audit(r.MessageId); _ = gctx; return nil })
	}
	if err := g.Wait(); err != nil {
		return err
	}

	var wg2 sync.WaitGroup
	wg2.Go(func() { audit("go method") })
	wg2.Wait()

	done := make(chan error, 1)
	go func() { done <- nil }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func joinedInCallee(ctx context.Context, e events.SNSEvent) error {
	var wg sync.WaitGroup
	go worker(&wg)
	async.Start(&wg, "started in a callee")
	waitAll(&wg)
	results := make(chan string, len(e.Records))
	for _, r := range e.Records {
		go produce(results, r.SNS.Message)
	}
	collect(results, len(e.Records))
	if err := <-async.Result("result"); err != nil {
		return err
	}
	async.All(ctx, []string{"a", "b"})
	var b async.Batcher
	b.Add("flushed")
	b.Flush()
	return nil
}

func worker(wg *sync.WaitGroup)           { defer wg.Done() }
func waitAll(wg *sync.WaitGroup)          { wg.Wait() }
func produce(out chan<- string, s string) { out <- s }
func collect(in <-chan string, n int) {
	for i := 0; i < n; i++ {
		<-in
	}
}

// A pool whose WaitGroup lives in a field: waited for by Close, somewhere in the package.
type pool struct {
	wg      sync.WaitGroup
	pending sync.WaitGroup // nobody waits on this one
}

func (p *pool) submit(s string) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		audit(s)
	}()
}

func (p *pool) leak(s string) {
	p.pending.Add(1)
	go p.run(s) // want `SLS606: goroutine running pool.run, reachable from S3 handler withPool, is not waited for`
}

func (p *pool) run(s string) { defer p.pending.Done(); audit(s) }

func (p *pool) Close() { p.wg.Wait() }

var workers = &pool{}

func withPool(ctx context.Context, e events.S3Event) error {
	workers.submit("a")
	workers.leak("b")
	return nil
}

// Generics: a fan-out helper that waits, and one that does not.
func fanOut[T any](xs []T, f func(T)) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() { defer wg.Done(); f(x) }()
	}
	wg.Wait()
}

func spawn[T any](xs []T, name func(T) string) {
	for _, x := range xs {
		go audit(name(x)) // want `SLS606: goroutine running audit, reachable from Kinesis handler generic, is not waited for`
	}
}

// callback runs a function value in a goroutine: it may signal through what its caller
// captured (the caller below waits), so it is silent.
func callback[T any](xs []T, f func(T)) {
	for _, x := range xs {
		go f(x)
		go func() { f(x) }()
	}
}

func generic(ctx context.Context, e events.KinesisEvent) error {
	fanOut(e.Records, func(r events.KinesisEventRecord) {})
	spawn(e.Records, func(r events.KinesisEventRecord) string { return "" })
	var wg sync.WaitGroup
	wg.Add(2 * len(e.Records))
	callback(e.Records, func(r events.KinesisEventRecord) { defer wg.Done() })
	wg.Wait()
	return nil
}

// A handler method value.
type api struct{}

func (a *api) Handle(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	go audit(req.Path) // want `SLS606: goroutine running audit in API Gateway REST handler api.Handle is not waited for`
	return events.APIGatewayProxyResponse{StatusCode: 202}, nil
}

func main() {
	go audit("start-up") // not in a handler
	lambda.Start(fireAndForget)
	lambda.Start(joined)
	lambda.Start(joinedInCallee)
	lambda.Start(withPool)
	lambda.Start(generic)
	a := &api{}
	lambda.Start(a.Handle)
}
