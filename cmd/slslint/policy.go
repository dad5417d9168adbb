package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/slslint/slslint/crosslayer"
	"github.com/slslint/slslint/iam/leastprivilege"
	"github.com/slslint/slslint/internal/engine"
)

// policyOptions are the policy command's flags.
type policyOptions struct {
	format   string
	output   string
	config   string
	dir      string
	tests    bool
	offline  bool
	tags     []string
	varFiles []string
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
	f.StringVarP(&o.output, "output", "o", "", "write the output to `file` instead of stdout")
	f.StringVar(&o.config, "config", "", "configuration `file` (default: .slslint.yml found upward from the working directory)")
	f.StringVarP(&o.dir, "dir", "C", ".", "run as if slslint was started in `dir`")
	f.BoolVar(&o.tests, "tests", false, "also analyze _test.go files")
	f.BoolVar(&o.offline, "offline", false, "forbid the go command network access while loading packages (GOPROXY=off, -mod=readonly)")
	f.StringSliceVar(&o.tags, "tags", nil, "build `tags` for loading Go packages, comma-separated (go build -tags)")
	f.StringArrayVar(&o.varFiles, "var-file", nil, "Terraform variables `file` (repeatable), as terraform's -var-file")
	return cmd
}

func runPolicy(ctx context.Context, o *policyOptions, args []string, stdout, stderr io.Writer) error {
	fail := func(err error) error {
		printError(stderr, err)
		return exitCode(exitError)
	}
	dir, err := filepath.Abs(o.dir)
	if err != nil {
		return fail(err)
	}
	o.output, o.config = inDir(dir, o.output), inDir(dir, o.config)
	for i, v := range o.varFiles {
		o.varFiles[i] = inDir(dir, v)
	}
	write, ok := leastprivilege.Formats[o.format]
	if !ok {
		return fail(fmt.Errorf("--format: unknown format %q (want %s)", o.format, strings.Join(leastprivilege.FormatNames(), ", ")))
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	progress, terminal := progressOutput(stderr, false)
	res, err := engine.Run(ctx, engine.Options{
		WorkDir: o.dir, Patterns: args, ConfigPath: o.config, Tests: o.tests, Offline: o.offline, Tags: o.tags, VarFiles: o.varFiles,
		Link: true, Progress: progress, ProgressTerminal: terminal,
	})
	if err != nil {
		return fail(err)
	}
	report := leastprivilege.Build(crosslayer.PermissionsOf(res.Links))
	out := func(w io.Writer) error { return write(w, report) }
	if o.output != "" {
		err = writeFile(o.output, out)
	} else {
		err = out(stdout)
	}
	if err != nil {
		return fail(fmt.Errorf("writing the policies: %w", err))
	}
	if res.Failures > 0 {
		fmt.Fprintf(stderr, "slslint: %d analyzer or check failures (SLS003): the policies may be incomplete\n", res.Failures)
		return exitCode(exitError)
	}
	return nil
}
