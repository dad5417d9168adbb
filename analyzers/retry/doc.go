// Package retry defines an Analyzer that finds retries that never give up or never wait.
//
// # Analyzer retry
//
// retry: report unbounded retry loops, retries without backoff and unbounded retry configuration
//
// A retry loop is a for loop that calls something returning an error and goes round again
// when it fails: it continues (or falls through to the next iteration) while the error is
// non-nil, and leaves the loop (break or return) once it is nil, or its condition is the
// error itself (for err != nil { ... }). Loops that iterate over data are not retry loops:
// range loops over slices, maps, strings and channels, pagination loops that advance a
// token or cursor, loops that read until io.EOF and worker loops that go round again after
// a success.
//
// Rules:
//
//   - SLS110 unbounded-retry-loop: a retry loop with no attempt bound (a counter in the
//     loop condition or compared in the body, a range over an integer) and no exit on
//     context cancellation or a deadline (ctx.Done(), ctx.Err(), context.Canceled, a time
//     comparison), and no other exit while the call is failing. When the loop runs in a
//     goroutine whose starter waits for it with a deadline (a select on time.After, a
//     timer or ctx.Done()), the message says that the goroutine keeps retrying after the
//     invocation returned.
//   - SLS111 retry-without-backoff: a retry loop, bounded or not, that does not wait between
//     attempts: no time.Sleep, timer, ticker, blocking channel receive or select, and no
//     call of a backoff, sleep or wait function (including the module's own, through facts).
//   - SLS112 unbounded-retry-config: a retry library configured without a limit:
//     aws-sdk-go-v2's retry.AddWithMaxAttempts with 0 or less, RetryMaxAttempts below zero
//     (the clients then wrap their retryer with AddWithMaxAttempts) and attempt limits at or
//     above -max-attempts (retry.StandardOptions.MaxAttempts 0 means the default of 3 and is
//     not reported); avast/retry-go's retry.Attempts(0) or retry.UntilSucceeded() without a
//     retry.Context that can end; cenkalti/backoff v4's ExponentialBackOff with
//     MaxElapsedTime 0, ConstantBackOff and ZeroBackOff passed to backoff.Retry without
//     backoff.WithMaxRetries or a backoff.WithContext that can end; cenkalti/backoff v5's
//     backoff.WithMaxElapsedTime(0) without backoff.WithMaxTries and with a context that
//     never ends; sethvargo/go-retry backoffs without retry.WithMaxRetries or
//     retry.WithMaxDuration, run with a context that never ends; and
//     hashicorp/go-retryablehttp's RetryMax at or above -max-attempts (a negative RetryMax
//     means no retries at all).
//
// A context counts as a bound unless it is context.Background() or context.TODO() (or
// derived from them without a deadline): a Lambda invocation's context ends at the
// function's deadline.
//
// Flags:
//
//	-max-attempts  the attempt count at or above which a configured limit is no limit in practice (default 1000)
package retry
