// Package retry is a stub of github.com/aws/aws-sdk-go-v2/aws/retry (v1.48): the retryer
// constructors and wrappers with their real signatures.
package retry

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

const DefaultMaxAttempts int = 3

type StandardOptions struct {
	// MaxAttempts of 0 or less means DefaultMaxAttempts (NewStandard resets it).
	MaxAttempts int
	MaxBackoff  time.Duration
}

type Standard struct{ options StandardOptions }

func NewStandard(fnOpts ...func(*StandardOptions)) *Standard {
	o := StandardOptions{MaxAttempts: DefaultMaxAttempts}
	for _, fn := range fnOpts {
		fn(&o)
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	return &Standard{options: o}
}

func (s *Standard) IsErrorRetryable(error) bool { return true }
func (s *Standard) MaxAttempts() int            { return s.options.MaxAttempts }
func (s *Standard) RetryDelay(int, error) (time.Duration, error) {
	return 0, nil
}
func (s *Standard) GetRetryToken(context.Context, error) (func(error) error, error) {
	return nil, nil
}
func (s *Standard) GetInitialToken() func(error) error { return nil }

type withMaxAttempts struct {
	aws.Retryer
	Max int
}

func (w *withMaxAttempts) MaxAttempts() int { return w.Max }

// AddWithMaxAttempts returns a Retryer with MaxAttempts set to the value specified. The
// attempt middleware stops only when MaxAttempts is greater than 0.
func AddWithMaxAttempts(r aws.Retryer, max int) aws.Retryer { return &withMaxAttempts{r, max} }

func AddWithMaxBackoffDelay(r aws.Retryer, delay time.Duration) aws.Retryer { return r }
