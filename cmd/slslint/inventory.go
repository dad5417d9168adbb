package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/slslint/slslint/internal/inventory"
)

// inventoryOptions are the inventory command's flags.
type inventoryOptions struct {
	linkedRun
	format string
	wide   bool
}

func newInventoryCommand(stdout, stderr io.Writer) *cobra.Command {
	o := &inventoryOptions{}
	cmd := &cobra.Command{
		Use:   "inventory [flags] [patterns or paths...]",
		Short: "Show the serverless app: each function's triggers, settings, cost, code and findings, and a picture",
		Long: `inventory reads the same Go packages and templates as an analysis and shows the app as its team
would draw it: for each function, its triggers, runtime and architecture, memory, timeout,
concurrency cap, worst-case hourly cost, retry and failure settings, the Go package and handler it
runs (and whether that link was only inferred from names), and its findings by rule.

Formats: text (records that fit 120 columns; --wide for one table with every column),
markdown tables (markdown also holds the picture), mermaid (a flowchart of
triggers, functions and the resources their code and roles write to, findings marked; GitHub
renders it in markdown), and json (docs/schemas/inventory.schema.json).

Exit codes: 0 the inventory was written, whatever the findings; 2 it could not be.`,
		Example: `  slslint inventory ./...
  slslint inventory --format markdown -o INVENTORY.md
  slslint inventory --format mermaid -C services/orders`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInventory(cmd.Context(), o, args, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "text", "output `format`: "+strings.Join(inventory.FormatNames(), ", "))
	o.addFlags(f)
	f.BoolVar(&o.wide, "wide", false, "text format: one table per project with every column, wider than 120 columns")
	return cmd
}

func runInventory(ctx context.Context, o *inventoryOptions, args []string, stdout, stderr io.Writer) error {
	fail := func(err error) error {
		printError(stderr, err)
		return exitCode(exitError)
	}
	if err := o.resolvePaths(); err != nil {
		return fail(err)
	}
	write, ok := inventory.Formats[o.format]
	if !ok {
		return fail(fmt.Errorf("--format: unknown format %q (want %s)", o.format, strings.Join(inventory.FormatNames(), ", ")))
	}
	if o.wide {
		if o.format != "text" {
			return fail(fmt.Errorf("--wide applies to --format text only"))
		}
		write = inventory.TextWide
	}
	res, err := o.load(ctx, args, stderr)
	if err != nil {
		return fail(err)
	}
	inv := inventory.Build(res.Model, res.Links, res.Report.Findings, res.Config.IaC)
	out := func(w io.Writer) error { return write(w, inv, toolVersion()) }
	return o.finish(res, "inventory", out, stdout, stderr)
}
