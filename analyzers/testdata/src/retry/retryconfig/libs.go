package retryconfig

import (
	"context"
	"math"
	"net/http"
	"time"

	avast "github.com/avast/retry-go/v4"
	backoff "github.com/cenkalti/backoff/v4"
	backoff5 "github.com/cenkalti/backoff/v5"
	"github.com/hashicorp/go-retryablehttp"
	goretry "github.com/sethvargo/go-retry"
)

func op() error { return nil }

func avastUnbounded() {
	_ = avast.Do(op, avast.Attempts(0))                                                                     // want `SLS112: avast.Attempts\(0\) makes retry.Do retry until the function succeeds`
	_ = avast.Do(op, avast.UntilSucceeded(), avast.Delay(time.Second), avast.Context(context.Background())) // want `SLS112: avast.UntilSucceeded\(\) makes retry.Do`
	opts := []avast.Option{avast.Delay(time.Second)}
	opts = append(opts, avast.Attempts(0)) // want `SLS112: avast.Attempts\(0\)`
	_ = avast.Do(op, opts...)
	_, _ = avast.DoWithData(func() (int, error) { return 1, nil }, avast.Attempts(math.MaxUint32)) // want `SLS112: avast.Attempts\(math.MaxUint32\)`
}

func avastBounded(ctx context.Context, extra []avast.Option) {
	_ = avast.Do(op)                                        // default: 10 attempts
	_ = avast.Do(op, avast.Attempts(5))                     // bounded
	_ = avast.Do(op, avast.Attempts(0), avast.Context(ctx)) // the invocation's context ends it
	_ = avast.Do(op, extra...)                              // unknown options: silent
	_ = avast.Do(op, avast.Attempts(0), avast.Attempts(3))  // the last one wins
}

func backoffV4Unbounded() {
	b := backoff.NewExponentialBackOff()
	b.MaxElapsedTime = 0
	_ = backoff.Retry(op, b)                                       // want `SLS112: backoff.Retry retries until the operation succeeds: an ExponentialBackOff with MaxElapsedTime set to 0 at line \d+ never stops`
	_ = backoff.Retry(op, backoff.NewConstantBackOff(time.Second)) // want `SLS112: backoff.Retry retries until the operation succeeds: a ConstantBackOff never stops`
	_ = backoff.RetryNotify(op, &backoff.ZeroBackOff{}, nil)       // want `SLS112: backoff.RetryNotify .*a ZeroBackOff`
	lit := &backoff.ExponentialBackOff{InitialInterval: time.Second}
	_ = backoff.Retry(op, lit)                                                                                   // want `SLS112: .*an ExponentialBackOff literal without MaxElapsedTime \(0 means never stop\) \(lit, built at line \d+\)`
	_ = backoff.Retry(op, backoff.NewExponentialBackOff(backoff.WithMaxElapsedTime(0)))                          // want `SLS112: .*MaxElapsedTime 0`
	_ = backoff.Retry(op, backoff.WithContext(backoff.NewConstantBackOff(time.Second), context.Background()))    // want `SLS112: .*ConstantBackOff`
	_, _ = backoff.RetryWithData(func() (int, error) { return 0, nil }, backoff.NewConstantBackOff(time.Second)) // want `SLS112: backoff.RetryWithData`
}

func backoffV4Bounded(ctx context.Context, b backoff.BackOff) {
	_ = backoff.Retry(op, backoff.NewExponentialBackOff())                                    // 15 minutes by default
	_ = backoff.Retry(op, backoff.WithMaxRetries(backoff.NewConstantBackOff(time.Second), 5)) // bounded
	_ = backoff.Retry(op, backoff.WithContext(backoff.NewConstantBackOff(time.Second), ctx))  // the context ends it
	_ = backoff.Retry(op, b)                                                                  // a parameter: unknown
	e := backoff.NewExponentialBackOff()
	e.MaxElapsedTime = 2 * time.Minute
	_ = backoff.Retry(op, e)
	lit := &backoff.ExponentialBackOff{MaxElapsedTime: time.Minute}
	_ = backoff.Retry(op, lit)
}

func backoffV5(ctx context.Context) {
	get := func() (int, error) { return 0, nil }
	_, _ = backoff5.Retry(context.Background(), get, backoff5.WithMaxElapsedTime(0))                                                           // want `SLS112: backoff.WithMaxElapsedTime\(0\) removes backoff.Retry's time limit`
	_, _ = backoff5.Retry(context.TODO(), get, backoff5.WithBackOff(backoff5.NewConstantBackOff(time.Second)), backoff5.WithMaxElapsedTime(0)) // want `SLS112: backoff.WithMaxElapsedTime\(0\)`
	// The twins.
	_, _ = backoff5.Retry(context.Background(), get)                                                           // 15 minutes by default
	_, _ = backoff5.Retry(context.Background(), get, backoff5.WithMaxElapsedTime(0), backoff5.WithMaxTries(5)) // bounded by tries
	_, _ = backoff5.Retry(ctx, get, backoff5.WithMaxElapsedTime(0))                                            // the context ends it
}

func goRetry(ctx context.Context) {
	f := func(ctx context.Context) error { return nil }
	bg := context.Background()
	_ = goretry.Do(bg, goretry.NewExponential(time.Second), f) // want `SLS112: retry.Do retries until the operation succeeds: retry.NewExponential has neither retry.WithMaxRetries nor retry.WithMaxDuration, and bg never ends`
	b := goretry.WithJitter(time.Millisecond, goretry.NewFibonacci(time.Second))
	_ = goretry.Do(context.Background(), b, f)                                                                                               // want `SLS112: retry.Do .*retry.NewFibonacci`
	_ = goretry.Constant(context.TODO(), time.Second, f)                                                                                     // want `SLS112: retry.Constant retries with an unbounded backoff`
	_, _ = goretry.DoValue(context.Background(), goretry.NewConstant(time.Second), func(ctx context.Context) (int, error) { return 0, nil }) // want `SLS112: retry.DoValue`
	// The twins.
	_ = goretry.Do(bg, goretry.WithMaxRetries(5, goretry.NewExponential(time.Second)), f)
	_ = goretry.Do(bg, goretry.WithJitter(time.Millisecond, goretry.WithMaxDuration(time.Minute, goretry.NewConstant(time.Second))), f)
	_ = goretry.Do(ctx, goretry.NewExponential(time.Second), f) // the invocation's context ends it
	_ = goretry.Exponential(ctx, time.Second, f)
}

func retryable() *http.Client {
	c := retryablehttp.NewClient()
	c.RetryMax = math.MaxInt                    // want `SLS112: retryablehttp.Client.RetryMax 9223372036854775807 is no limit in practice`
	_ = &retryablehttp.Client{RetryMax: 100000} // want `SLS112: retryablehttp.Client.RetryMax 100000`
	// The twins: a negative RetryMax means no retries at all.
	_ = &retryablehttp.Client{RetryMax: -1}
	d := retryablehttp.NewClient()
	d.RetryMax = 5
	return c.StandardClient()
}
