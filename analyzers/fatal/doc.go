// Package fatal defines an Analyzer that reports handlers that can kill the runtime
// process.
//
// # Analyzer fatal
//
// fatal: report log.Fatal, os.Exit and unrecovered panics reachable from a handler
//
// Rules:
//
//   - SLS105 fatal-in-handler: code reachable from a Lambda or Cloud Functions handler
//     calls log.Fatal*, os.Exit, syscall.Exit or a logger's Fatal method, or panics with no
//     deferred recover on the path (a panic in a goroutine is never recovered by the
//     handler). The finding is at the cause when it is in the package that declares or
//     registers the handler, otherwise at the call that leads there; the message names the
//     path and the related information holds it call by call. Code run only by main or
//     init before lambda.Start is not reachable from a handler and is not reported; neither
//     are panics in HTTP route handlers when the router installs a recovery middleware, nor
//     assertions (a panic whose constant message says "unreachable", "impossible", ...).
//
// Flags: -panics=false reports only exits (log.Fatal, os.Exit), not panics.
package fatal
