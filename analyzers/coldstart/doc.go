// Package coldstart defines an Analyzer that finds work a function's binary does at
// start-up, which every cold start pays for before the first event is served.
//
// # Analyzer coldstart
//
// coldstart: report blocking start-up work and heavy dependencies in function binaries
//
// A function's binary is a main package that starts a Lambda handler (lambda.Start and its
// variants, lambdaurl.Start, the algnhsa and apex/gateway proxy adapters,
// funcframework.Start) or a package that registers a Google Cloud Function
// (functions.HTTP, functions.CloudEvent, functions.Typed, funcframework.Register*).
//
// Rules:
//
//   - SLS201 blocking-init: start-up code blocks: package-level variable initializers,
//     init functions and main before the start call (on the paths that reach it: a branch
//     that returns or exits first is not start-up), in the binary's own module, perform
//     network I/O (net/http requests, net.Dial*, database/sql pings and queries, AWS SDK
//     operation calls), time.Sleep or exec.Command, directly or through the module's own
//     functions. Each function of the module exports a fact saying whether it blocks and
//     why; the finding is reported at the start-up call and names the call path, which is
//     also attached as related locations. Blocking initializers of the module's imported
//     packages are reported at the import. Creating SDK clients and loading their
//     configuration (config.LoadDefaultConfig, NewFromConfig, sql.Open) is the recommended
//     start-up pattern and is never reported; neither is fetching configuration and secrets
//     (Secrets Manager GetSecretValue, SSM GetParameter(s), KMS Decrypt, AppConfig) unless
//     start-up repeats the fetch in a loop (a for statement or a range over an integer).
//   - SLS203 heavy-dependency: the binary imports, directly or transitively, a package
//     whose initialization is known to be slow (by default the AWS SDK for Go v1,
//     Kubernetes' client-go clientset and the AWS CDK's jsii-generated packages); the
//     message names the import chain. One finding per heavy package prefix, at the import
//     that starts the shortest chain.
//
// Flags:
//
//	-heavy  extra comma-separated package path prefixes to treat as heavy dependencies
package coldstart
