package retryconfig

import (
	"context"
	"math"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func sdkUnbounded(ctx context.Context) (*dynamodb.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRetryer(func() aws.Retryer {
		return retry.AddWithMaxAttempts(retry.NewStandard(), 0) // want `SLS112: retry.AddWithMaxAttempts\(…, 0\) removes the SDK's attempt limit`
	}))
	if err != nil {
		return nil, err
	}
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.RetryMaxAttempts = -1 // want `SLS112: RetryMaxAttempts -1 removes the SDK's attempt limit`
	}), nil
}

func sdkHuge() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = math.MaxInt32 // want `SLS112: retry.StandardOptions.MaxAttempts 2147483647 is no limit in practice`
	})
}

func sdkLiterals(ctx context.Context) {
	_ = aws.Config{RetryMaxAttempts: -1}                                  // want `SLS112: RetryMaxAttempts -1`
	_, _ = config.LoadDefaultConfig(ctx, config.WithRetryMaxAttempts(-5)) // want `SLS112: config.WithRetryMaxAttempts -5`
	_ = dynamodb.New(dynamodb.Options{RetryMaxAttempts: 1 << 20})         // want `SLS112: RetryMaxAttempts 1048576 is no limit in practice`
	_ = retry.AddWithMaxAttempts(retry.NewStandard(), -1)                 // want `SLS112: retry.AddWithMaxAttempts\(…, -1\)`
}

// The idiomatic twins.
func sdkBounded(ctx context.Context, n int) (*dynamodb.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRetryMaxAttempts(5),
		config.WithRetryer(func() aws.Retryer { return retry.AddWithMaxAttempts(retry.NewStandard(), 5) }))
	if err != nil {
		return nil, err
	}
	_ = retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 0 // 0 means the default of 3: bounded
	})
	_ = retry.AddWithMaxAttempts(retry.NewStandard(), n) // not a constant: unknown
	_ = aws.Config{RetryMaxAttempts: 0}                  // the default
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.RetryMaxAttempts = 4 }), nil
}
