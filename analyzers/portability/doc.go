// Package portability defines an Analyzer that keeps business code independent of the
// cloud that runs it.
//
// # Analyzer portability
//
// portability: report provider lock-in and deprecated provider SDKs
//
// The domain layer is what the team declares with -domain: package path globs matched
// against the path relative to the module root (and, for globs that do not start with
// "**", against the full import path), by default **/domain/**, **/core/**, **/model/**,
// **/models/**, **/entity/**, **/entities/**, **/usecase/**, **/usecases/** and
// **/business/**. Providers are cloud SDKs and runtimes, by path prefix: the AWS Lambda Go
// runtime and its API Gateway proxy adapters, the AWS SDKs for Go (v1, v2 and smithy-go),
// the Google Cloud client libraries (except the cloud-neutral cloud.google.com/go/civil)
// and Functions Framework, and the Azure SDK for Go; -providers adds prefixes. Everything
// outside the domain layer (main packages, adapters, stores, handlers) may import SDKs, and
// the packages of a provider itself are never the domain layer. Test files are not checked.
//
// Rules:
//
//   - SLS601 provider-import: a domain-layer package imports a provider, directly or
//     through packages of the same module that do; the message names the import chain,
//     which travels between packages as a fact. One finding per import spec.
//   - SLS602 provider-types-in-domain: an exported function or method of a domain-layer
//     package, or a method of one of its exported interfaces, has a provider type in its
//     signature.
//   - SLS603 deprecated-aws-sdk: a file imports the AWS SDK for Go v1
//     (github.com/aws/aws-sdk-go/...), which reached end of support on 2025-07-31. One
//     finding per file, at its first such import.
//
// Flags:
//
//	-domain     comma-separated package path globs of the domain layer
//	-providers  extra comma-separated provider package path prefixes
package portability
