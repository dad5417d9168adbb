// Package crosslayer links each function of the infrastructure-as-code model to the Go
// main package it runs, and checks the two halves against each other: the bugs that live
// between a template and its code, each half fine alone.
//
// # Linking
//
// LinkFunctions follows each function's code location (model.Code) to a main package:
//
//   - a directory that holds a main package: SAM/CloudFormation CodeUri (with SAM's
//     go1.x builder also CodeUri/Handler), Terraform archive_file source_dir and the
//     lambda module's source_path, serverless-go-plugin's handler package;
//   - SAM's makefile builder: the go build commands of the Makefile target
//     build-<LogicalId> in CodeUri and of the prerequisites it makes first, keeping the
//     binaries written into ARTIFACTS_DIR or copied there;
//   - a build output (a binary, a zip, a directory of binaries: CodeUri bin/worker/,
//     archive_file source_file, filename, serverless handler bin/x or package.artifact):
//     the Makefile rules (explicit and pattern rules, variables, automatic variables, the
//     usual text functions), shell scripts (variables, for loops, cd) and package.json
//     scripts of the project's and the code's directories and their parents, read as
//     text and never run, that write it with `go build -o` or pack it with zip,
//     build-lambda-zip or cp from such a binary;
//   - failing all that, a unique main package named like the function (cmd/<name>,
//     functions/<name>, lambdas/<name>, handlers/<name>): such links are Inferred.
//
// A location or build that leads to two packages links none: a link never guessed wrong
// is worth more than a link always found.
//
// # Checks
//
// Check compares each confidently linked function (linked from its template, not by name,
// to a package slslint analyzed) with its Program, the description analyzers/program
// builds: SLS124 batch-response-mismatch, SLS125 trigger-handler-mismatch, SLS126
// at-least-once-without-idempotency, SLS127 self-trigger-in-code, SLS128 missing-env-var,
// SLS129 unused-env-var, SLS208 init-exceeds-memory-budget, SLS412
// code-timeout-exceeds-function and SLS413 no-deadline-headroom. Findings are reported in
// the template (the trigger, the setting, the function) with the code as related
// locations. The handler checks need a program with exactly one Lambda entry point.
// Unknown values on either side never produce a finding.
package crosslayer
