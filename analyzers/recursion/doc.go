// Package recursion defines an Analyzer that reports Lambda functions that invoke
// themselves.
//
// # Analyzer recursion
//
// recursion: report Lambda Invoke calls of the running function itself, reachable from a handler
//
// Rules:
//
//   - SLS113 recursive-invocation: code reachable from a handler calls Lambda Invoke,
//     InvokeAsync or InvokeWithResponseStream (aws-sdk-go-v2 or v1, on the client or
//     through an interface with the SDK's method) with a FunctionName that is the
//     function's own name: os.Getenv("AWS_LAMBDA_FUNCTION_NAME") directly or through
//     variables, struct fields, aws.String, string building and environment helpers,
//     lambdacontext.FunctionName, or the invocation's InvokedFunctionArn. A struct field
//     read in a handler package and set to the own name by the package that wires the
//     handler (main) is resolved there. Invokes of other functions, and of names whose
//     origin cannot be seen, are not reported.
package recursion
