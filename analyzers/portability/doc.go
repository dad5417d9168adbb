// Package portability defines an Analyzer that keeps business code independent of the
// cloud that runs it.
//
// # Analyzer portability
//
// portability: report provider lock-in and deprecated provider SDKs
//
// Rules:
//
//   - SLS603 deprecated-aws-sdk: a file imports the AWS SDK for Go v1
//     (github.com/aws/aws-sdk-go/...), which reached end of support on 2025-07-31. One
//     finding per file, at its first such import.
package portability
