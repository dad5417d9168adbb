// Package invocation defines an Analyzer that reports what a single invocation does that
// it should not: set-up that belongs to the execution environment, outbound HTTP that
// nothing bounds in time, and calls that drop the invocation's context.
//
// # Analyzer invocation
//
// invocation: report per-invocation set-up, HTTP requests without a timeout and contexts not propagated, in code reachable from a handler
//
// Each finding is in code reachable from a Lambda or Cloud Functions handler: at the cause
// when it is in the package that declares or registers the handler, otherwise at the call
// that leads there, with the call path in the message and as related information. Start-up
// code (package-level variable initializers, init functions, main before the start call,
// the set-up part of a handler factory) is never reachable from a handler and is never
// reported.
//
// Rules:
//
//   - SLS202 per-invocation-setup: the handler loads SDK configuration
//     (config.LoadDefaultConfig, session.NewSession), constructs SDK clients (New and
//     NewFromConfig of aws-sdk-go-v2 and aws-sdk-go service packages, cloud.google.com/go
//     New…Client), opens database pools and clients (sql.Open and its tracing wrappers
//     sqltrace.Open, otelsql.Open and xray.SQLContext, sqlx, pgx, pgxpool, go-redis,
//     mongo), builds an http.Client or http.Transport (a literal or Transport.Clone),
//     compiles a constant regular expression or parses templates on every invocation.
//     Set-up inside a sync.Once, OnceFunc, OnceValue or OnceValues function, and lazy
//     initialization of a package-level variable or field (the body of an if statement
//     that reads it and assigns it, `if client == nil { client = ... }`, or the code after
//     a guard that reads it and returns, when that code assigns it: `if client != nil {
//     return client }`, double-checked locks, TTL caches, caches keyed per region) runs
//     once per execution environment and is not reported. Set-up whose arguments come
//     from the handler's event (a configuration the caller sends) cannot move to start-up
//     and is not reported; neither is set-up whose arguments' origin is lost on the way (a
//     function value). A regular expression or template built from a variable is
//     per-invocation work by nature and is not reported either.
//   - SLS410 http-no-timeout: an outbound net/http request that nothing bounds in time:
//     http.Get, Head, Post and PostForm (http.DefaultClient, no context), the same methods
//     of a client without a Timeout, and Client.Do of a request without a context
//     (http.NewRequest, or NewRequestWithContext with context.Background()) on a client
//     without a Timeout. A client's Timeout is followed through local variables,
//     package-level variables and struct fields whose assignments the package shows, and
//     through `c.Timeout = ...` assignments; a client or request whose origin is not evident
//     (a parameter, a constructor's result) is assumed bounded. A request built with
//     context.Background() while the invocation's context is in scope is SLS411's finding.
//   - SLS411 context-not-propagated: context.Background() or context.TODO() (or a
//     package-level context variable, or a field the package only sets to one of them) is
//     passed as the context.Context argument of a call, directly or through a local
//     variable, while a context.Context parameter (or the *http.Request of an HTTP route,
//     whose Context() is the invocation's) is in scope: the call ignores the
//     invocation's deadline and cancellation and starts a new trace. context.WithoutCancel
//     (ctx) derives from the invocation's context and is fine. Not reported: contexts passed
//     to deferred calls and to the call of a go statement, contexts created in goroutines
//     the handler does not wait for (the invocation's context is cancelled when the
//     handler returns, so a fresh one is the deliberate choice there; SLS606 reports the
//     goroutine itself), contexts passed to set-up calls (SLS202's finding, and right once
//     the set-up moves to start-up), in sync.Once bodies and lazy initialization (shared set-up must
//     not inherit the first invocation's deadline), and in functions without a named
//     context parameter. Contexts dropped in another package and reached through one call
//     of this package (or served through one registration) are one finding at that code
//     site, naming the others, as SLS202 groups set-up.
package invocation
