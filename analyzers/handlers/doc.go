// Package handlers defines the analyzer that finds the entry points of serverless
// functions: the handler model every handler-reachability rule stands on.
//
// # Analyzer handlers
//
// handlers: find Lambda and Cloud Functions handlers, their event and response types and trigger kind, and what each can reach
//
// The analyzer reports nothing. It requires the effects analyzer, exports facts and
// returns a *Result.
//
// # Entry points
//
//   - Registrations: lambda.Start, StartWithOptions, StartWithContext, StartHandler,
//     StartHandlerWithContext, StartHandlerFunc, NewHandler, NewHandlerWithOptions,
//     NewFunction (github.com/aws/aws-lambda-go/lambda); lambdaurl.Start and Wrap;
//     functions.HTTP and functions.CloudEvent (and funcframework's Register*Context) from
//     functions-framework-go. The handler argument is followed through function names,
//     method values, literals, variables and fields the package assigns, known wrappers
//     (lambda.NewHandler, otellambda.InstrumentHandler, datadog-lambda-go, net/http
//     decorators), unknown middleware (its function arguments run), handler factories of
//     the analyzed code (what they return runs, not their set-up), and values whose type has
//     an Invoke (lambda.Handler) or ServeHTTP method.
//   - HTTP routes: when a package serves HTTP through Lambda (lambdaurl, or an
//     aws-lambda-go-api-proxy adapter: httpadapter, gorillamux, chiadapter, ginadapter,
//     echoadapter, fiberadapter, ...), the handlers registered on net/http muxes, gorilla,
//     chi, gin, echo and fiber routers in that package and in every analyzed package it
//     imports are entry points. Every package exports its registrations as a RoutesFact.
//     The router a route is registered on is not tracked: in a Lambda binary every route of
//     the analyzed code counts, also when lambdaurl serves an http.Handler whose router
//     is not evident in the package (a constructor of another package returning
//     http.Handler). Panics in route handlers are ignored when the package
//     installs a recovery middleware (chi middleware.Recoverer, gin.Default/Recovery, echo
//     middleware.Recover, fiber recover, negroni).
//   - Signatures: a function or method taking (context.Context, E) or (E), E a top-level
//     event type of github.com/aws/aws-lambda-go/events, and returning nothing, an error or
//     (T, error) is a handler in its own package (HandlerFact), so a handler declared in
//     internal/handler is known there before main registers it.
//
// The trigger kind comes from the event type (events.go): queues, streams, topics,
// buckets, EventBridge and scheduled events, Kafka and MQ are AtLeastOnce; API Gateway,
// ALB, function URLs, Cognito triggers and HTTP routes are Synchronous; custom event types
// are TriggerUnknown.
//
// # Result and facts
//
// Result.Handlers lists the package's handlers with their event and response types,
// source, trigger, registration and the effects reachable from them (the effects
// summary of the handler function: one witness path per cause). Result.Env lists, for a
// main package, the environment variables the program reads and whether a default is
// given. The same information for the cross-layer checks is exported as an EntriesFact on
// the package (drivers read it from the action's facts or Result).
//
// Each handler is reported on by exactly one package: the one that declares it when it is
// a handler by signature (Report is false where another package registers it), otherwise
// the one that registers it. Result.Reach gives rule analyzers the effects they ask for,
// one per cause, positioned in the package (the cause itself, or the last call on the path
// that is in this package, or the registration), with the path for the message
// (Reached.Chain) and as related information (the handler, then each call).
//
// A rule analyzer needs only:
//
//	res := pass.ResultOf[handlers.Analyzer].(*handlers.Result)
//	for _, re := range res.Reach(func(e *effects.Effect) bool { return e.Kind == effects.Fatal }) {
//		reporter.ReportRange(rule, re.Pos, re.End, re.Chain()+": ...", re.Related...)
//	}
//
// and can filter by re.Handler.Trigger for the at-least-once rules.
package handlers
