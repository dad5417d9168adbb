// Package backoff is a stub of github.com/cenkalti/backoff/v5 (v5.0): Retry stops after
// DefaultMaxElapsedTime unless WithMaxElapsedTime(0) removes the limit.
package backoff

import (
	"context"
	"time"
)

const Stop time.Duration = -1

const DefaultMaxElapsedTime = 15 * time.Minute

type BackOff interface {
	NextBackOff() time.Duration
	Reset()
}

type ExponentialBackOff struct {
	InitialInterval time.Duration
	MaxInterval     time.Duration
}

func NewExponentialBackOff() *ExponentialBackOff         { return &ExponentialBackOff{} }
func (b *ExponentialBackOff) Reset()                     {}
func (b *ExponentialBackOff) NextBackOff() time.Duration { return 0 }

type ConstantBackOff struct{ Interval time.Duration }

func NewConstantBackOff(d time.Duration) *ConstantBackOff { return &ConstantBackOff{Interval: d} }
func (b *ConstantBackOff) Reset()                         {}
func (b *ConstantBackOff) NextBackOff() time.Duration     { return b.Interval }

type Operation[T any] func() (T, error)

type Notify func(error, time.Duration)

type retryOptions struct {
	BackOff        BackOff
	MaxTries       uint
	MaxElapsedTime time.Duration
}

type RetryOption func(*retryOptions)

func WithBackOff(b BackOff) RetryOption { return func(o *retryOptions) { o.BackOff = b } }
func WithNotify(n Notify) RetryOption   { return func(o *retryOptions) {} }
func WithMaxTries(n uint) RetryOption   { return func(o *retryOptions) { o.MaxTries = n } }
func WithMaxElapsedTime(d time.Duration) RetryOption {
	return func(o *retryOptions) { o.MaxElapsedTime = d }
}

func Retry[T any](ctx context.Context, operation Operation[T], opts ...RetryOption) (T, error) {
	var zero T
	return zero, nil
}
