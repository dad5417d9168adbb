// Command slslint is a static analyzer and architecture linter for serverless Go
// applications: it reads the Go code of the functions and the CloudFormation/SAM, Terraform
// and Serverless Framework templates that deploy them, and reports what will hurt in
// production.
//
// Usage:
//
//	slslint [flags] [patterns or paths...]   analyze (default ./...)
//	slslint rules                            list the rules
//	slslint explain SLS101                   show a rule's documentation
//
// The binary is also a vet tool: go vet -vettool=$(which slslint) ./... runs the Go
// analyzers with the go command's caching.
//
// Exit codes: 0 no findings at or above --fail-on; 1 findings; 2 the run could not happen
// (bad flags or configuration, no Go toolchain, patterns that match nothing, a crash in an
// analyzer or check).
package main

import (
	"os"
)

func main() {
	if isVetTool(os.Args[1:]) {
		vetMain(os.Args[1:])
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
