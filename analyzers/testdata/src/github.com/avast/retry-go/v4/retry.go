// Package retry is a stub of github.com/avast/retry-go/v4 (v4.7): Do, DoWithData and the
// options, with their real signatures. Attempts(0) retries until success.
package retry

import (
	"context"
	"time"
)

type RetryableFunc func() error

type RetryableFuncWithData[T any] func() (T, error)

type Config struct {
	attempts uint
	context  context.Context
}

type Option func(*Config)

type DelayTypeFunc func(n uint, err error, config *Config) time.Duration

func Attempts(attempts uint) Option                  { return func(c *Config) { c.attempts = attempts } }
func UntilSucceeded() Option                         { return func(c *Config) { c.attempts = 0 } }
func Delay(delay time.Duration) Option               { return func(c *Config) {} }
func MaxDelay(maxDelay time.Duration) Option         { return func(c *Config) {} }
func DelayType(delayType DelayTypeFunc) Option       { return func(c *Config) {} }
func LastErrorOnly(lastErrorOnly bool) Option        { return func(c *Config) {} }
func Context(ctx context.Context) Option             { return func(c *Config) { c.context = ctx } }
func OnRetry(onRetry func(n uint, err error)) Option { return func(c *Config) {} }

func BackOffDelay(n uint, _ error, config *Config) time.Duration { return 0 }

func FixedDelay(_ uint, _ error, config *Config) time.Duration { return 0 }

func MaxJitter(maxJitter time.Duration) Option { return func(c *Config) {} }

func Do(retryableFunc RetryableFunc, opts ...Option) error { return nil }

func DoWithData[T any](retryableFunc RetryableFuncWithData[T], opts ...Option) (T, error) {
	var zero T
	return zero, nil
}
