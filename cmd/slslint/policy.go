package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/slslint/slslint/crosslayer"
	"github.com/slslint/slslint/iam/leastprivilege"
)

// policyOptions are the policy command's flags.
type policyOptions struct {
	linkedRun
	format string
}

func newPolicyCommand(stdout, stderr io.Writer) *cobra.Command {
	o := &policyOptions{}
	cmd := &cobra.Command{
		Use:   "policy [flags] [patterns or paths...]",
		Short: "Write the least-privilege IAM policy each function's code needs",
		Long: `policy reads the same Go packages and templates as an analysis and writes, for each function
linked to its Go code, the IAM statements its AWS calls need: the actions of every SDK operation
its handler and start-up code can reach, on the resources the calls name (a constant, or an
environment variable the template sets), grouped by resource.

Formats: template (default) writes them in the syntax of the function's own template: SAM
Policies (a policy template where one fits exactly, else statements), a CloudFormation
PolicyDocument, a Terraform aws_iam_policy_document, serverless.yml iam.role.statements;
resources are references to the template's resources, and "*" appears only for a target that
is not known, with the reason. json writes every function's statements, the actions it needs
and those its role grants (docs/schemas/policy.schema.json).

The statements cover what the code does; what Lambda itself needs (writing logs, polling the
function's event sources, a VPC's network interfaces) comes from the usual execution policies
(SAM adds them, AWSLambdaBasicExecutionRole and the like elsewhere).

Exit codes: 0 the policies were written; 2 they could not be.`,
		Example: `  slslint policy ./...
  slslint policy --format json -o policy.json
  slslint policy -C services/orders`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPolicy(cmd.Context(), o, args, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "template", "output `format`: "+strings.Join(leastprivilege.FormatNames(), ", "))
	o.addFlags(f)
	return cmd
}

func runPolicy(ctx context.Context, o *policyOptions, args []string, stdout, stderr io.Writer) error {
	fail := func(err error) error {
		printError(stderr, err)
		return exitCode(exitError)
	}
	if err := o.resolvePaths(); err != nil {
		return fail(err)
	}
	write, ok := leastprivilege.Formats[o.format]
	if !ok {
		return fail(fmt.Errorf("--format: unknown format %q (want %s)", o.format, strings.Join(leastprivilege.FormatNames(), ", ")))
	}
	res, err := o.load(ctx, args, stderr)
	if err != nil {
		return fail(err)
	}
	report := leastprivilege.Build(crosslayer.PermissionsOf(res.Links))
	out := func(w io.Writer) error { return write(w, report) }
	return o.finish(res, "policies", out, stdout, stderr)
}
