// Package retrying retries with the real retry libraries.
package retrying

import (
	"context"
	"errors"
	"time"

	"github.com/avast/retry-go/v4"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/cenkalti/backoff/v4"
)

var errBusy = errors.New("busy")

func send(ctx context.Context) error { return errBusy }

func Unbounded(ctx context.Context) (aws.Config, error) { // want Unbounded:"waits"
	_ = retry.Do(func() error { return send(ctx) }, retry.Attempts(0))                            // want `SLS112: retry.Attempts\(0\) makes retry.Do retry until the function succeeds`
	_ = backoff.Retry(func() error { return send(ctx) }, backoff.NewConstantBackOff(time.Second)) // want `SLS112: backoff.Retry retries until the operation succeeds: a ConstantBackOff never stops`
	for {                                                                                         // want `SLS110: loop retries send until it succeeds` `SLS111: loop retries send without waiting`
		if err := send(ctx); err == nil {
			break
		}
	}
	return config.LoadDefaultConfig(ctx, config.WithRetryer(func() aws.Retryer {
		return awsretry.AddWithMaxAttempts(awsretry.NewStandard(), 0) // want `SLS112: retry.AddWithMaxAttempts\(…, 0\) removes the SDK's attempt limit`
	}))
}

// Bounded is the idiomatic twin: silent.
func Bounded(ctx context.Context) (aws.Config, error) { // want Bounded:"waits"
	_ = retry.Do(func() error { return send(ctx) }, retry.Attempts(5), retry.Context(ctx))
	_ = backoff.Retry(func() error { return send(ctx) }, backoff.WithContext(backoff.NewExponentialBackOff(), ctx))
	for attempt := range 3 {
		if err := send(ctx); err == nil {
			break
		}
		select {
		case <-ctx.Done():
			return aws.Config{}, ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 100 * time.Millisecond):
		}
	}
	return config.LoadDefaultConfig(ctx, config.WithRetryer(func() aws.Retryer {
		return awsretry.AddWithMaxAttempts(awsretry.NewStandard(), 5)
	}), config.WithRetryMaxAttempts(0))
}
