package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/slslint/slslint/internal/engine"
)

// linkedRun holds what the commands that report on the linked application (inventory,
// policy) share with each other: how the code and templates are loaded, and where the
// output goes. Their findings are not the output; the model and the links are.
type linkedRun struct {
	output   string
	config   string
	dir      string
	tests    bool
	offline  bool
	tags     []string
	varFiles []string
}

func (o *linkedRun) addFlags(f *pflag.FlagSet) {
	f.StringVarP(&o.output, "output", "o", "", "write the output to `file` instead of stdout")
	f.StringVar(&o.config, "config", "", "configuration `file` (default: .slslint.yml found upward from the working directory)")
	f.StringVarP(&o.dir, "dir", "C", ".", "run as if slslint was started in `dir`")
	f.BoolVar(&o.tests, "tests", false, "also analyze _test.go files")
	f.BoolVar(&o.offline, "offline", false, "forbid the go command network access while loading packages (GOPROXY=off, -mod=readonly)")
	f.StringSliceVar(&o.tags, "tags", nil, "build `tags` for loading Go packages, comma-separated (go build -tags)")
	f.StringArrayVar(&o.varFiles, "var-file", nil, "Terraform variables `file` (repeatable), as terraform's -var-file")
}

// resolvePaths makes -C absolute and the file flags relative to it, as the check command
// does.
func (o *linkedRun) resolvePaths() error {
	dir, err := filepath.Abs(o.dir)
	if err != nil {
		return err
	}
	o.dir = dir
	o.output, o.config = inDir(dir, o.output), inDir(dir, o.config)
	for i, v := range o.varFiles {
		o.varFiles[i] = inDir(dir, v)
	}
	return nil
}

// load runs the engine with linking on, stopping at an interrupt.
func (o *linkedRun) load(ctx context.Context, patterns []string, stderr io.Writer) (*engine.Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	progress, terminal := progressOutput(stderr, false)
	return engine.Run(ctx, engine.Options{
		WorkDir: o.dir, Patterns: patterns, ConfigPath: o.config, Tests: o.tests, Offline: o.offline, Tags: o.tags,
		VarFiles: o.varFiles, Link: true, Progress: progress, ProgressTerminal: terminal,
	})
}

// finish writes the output (to --output or stdout) and turns analyzer or check failures
// into exit code 2: what was written is then incomplete. what names the output in messages.
func (o *linkedRun) finish(res *engine.Result, what string, write func(io.Writer) error, stdout, stderr io.Writer) error {
	var err error
	if o.output != "" {
		err = writeFile(o.output, write)
	} else {
		err = write(stdout)
	}
	if err != nil {
		printError(stderr, fmt.Errorf("writing the %s: %w", what, err))
		return exitCode(exitError)
	}
	if res.Failures > 0 {
		fmt.Fprintf(stderr, "slslint: %d analyzer or check failures (SLS003): the %s may be incomplete\n", res.Failures, what)
		return exitCode(exitError)
	}
	return nil
}
