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

	"github.com/slslint/slslint/internal/engine"
	"github.com/slslint/slslint/internal/inventory"
)

// inventoryOptions are the inventory command's flags.
type inventoryOptions struct {
	format   string
	output   string
	config   string
	dir      string
	tests    bool
	offline  bool
	tags     []string
	varFiles []string
	wide     bool
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
	f.StringVarP(&o.output, "output", "o", "", "write the output to `file` instead of stdout")
	f.StringVar(&o.config, "config", "", "configuration `file` (default: .slslint.yml found upward from the working directory)")
	f.StringVarP(&o.dir, "dir", "C", ".", "run as if slslint was started in `dir`")
	f.BoolVar(&o.tests, "tests", false, "also analyze _test.go files")
	f.BoolVar(&o.offline, "offline", false, "forbid the go command network access while loading packages (GOPROXY=off, -mod=readonly)")
	f.StringSliceVar(&o.tags, "tags", nil, "build `tags` for loading Go packages, comma-separated (go build -tags)")
	f.StringArrayVar(&o.varFiles, "var-file", nil, "Terraform variables `file` (repeatable), as terraform's -var-file")
	f.BoolVar(&o.wide, "wide", false, "text format: one table per project with every column, wider than 120 columns")
	return cmd
}

func runInventory(ctx context.Context, o *inventoryOptions, args []string, stdout, stderr io.Writer) error {
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
	inv := inventory.Build(res.Model, res.Links, res.Report.Findings, res.Config.IaC)
	out := func(w io.Writer) error { return write(w, inv, toolVersion()) }
	if o.output != "" {
		err = writeFile(o.output, out)
	} else {
		err = out(stdout)
	}
	if err != nil {
		return fail(fmt.Errorf("writing the inventory: %w", err))
	}
	if res.Failures > 0 {
		fmt.Fprintf(stderr, "slslint: %d analyzer or check failures (SLS003): the inventory is incomplete\n", res.Failures)
		return exitCode(exitError)
	}
	return nil
}
