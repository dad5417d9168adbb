// Package aws is a stub of github.com/aws/aws-sdk-go-v2/aws (v1.48).
package aws

import (
	"context"
	"time"
)

type Config struct {
	Region           string
	RetryMaxAttempts int
	RetryMode        RetryMode
	Retryer          func() Retryer
}

type RetryMode string

type Retryer interface {
	IsErrorRetryable(error) bool
	MaxAttempts() int
	RetryDelay(attempt int, opErr error) (time.Duration, error)
	GetRetryToken(ctx context.Context, opErr error) (releaseToken func(error) error, err error)
	GetInitialToken() (releaseToken func(error) error)
}

func String(v string) *string { return &v }

func Bool(v bool) *bool { return &v }

func ToString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
