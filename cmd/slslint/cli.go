package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/slslint/slslint/internal/baseline"
	"github.com/slslint/slslint/internal/engine"
	"github.com/slslint/slslint/internal/inventory"
	"github.com/slslint/slslint/internal/report"
	"github.com/slslint/slslint/internal/safetext"
	"github.com/slslint/slslint/internal/version"
	"github.com/slslint/slslint/rules"
)

// Exit codes.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

// toolVersion is the short version of the running slslint, as reports carry it.
func toolVersion() string { return version.Read().String() }

// runOptions are the analyze command's flags.
type runOptions struct {
	formats        []string
	output         string
	config         string
	enable         []string
	disable        []string
	only           []string
	failOn         string
	baseline       string
	writeBaseline  string
	noColor        bool
	dir            string
	tests          bool
	offline        bool
	tags           []string
	varFiles       []string
	sarifCategory  string
	quiet          bool
	verbose        bool
	inclSuppressed bool
	newFromRev     string
	newFromBase    string
	cpuProfile     string
	memProfile     string
	stdout, stderr io.Writer
}

// exitError carries an exit code through cobra.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCommand(stdout, stderr)
	root.SetArgs(args)
	root.SetIn(stdin)
	err := root.Execute()
	var code exitCode
	switch {
	case err == nil:
		return exitClean
	case errors.As(err, &code):
		return int(code)
	default:
		printError(stderr, err)
		return exitError
	}
}

// printError writes an error on one line of stderr. Errors quote paths and values from the
// repository and its configuration; escaped, a newline in one cannot start a line of its
// own in a CI log (a GitHub Actions workflow command). An unknown command's message is
// several lines by design and quotes the word it names with %q.
func printError(w io.Writer, err error) {
	var uc *unknownCommandError
	if errors.As(err, &uc) {
		fmt.Fprintln(w, "slslint:", uc.msg)
		return
	}
	fmt.Fprintln(w, "slslint:", safetext.Line(err.Error()))
}

// unknownCommandError is a bare word that is not a command, with suggestions.
type unknownCommandError struct{ msg string }

func (e *unknownCommandError) Error() string { return e.msg }

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	o := &runOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "slslint [flags] [patterns or paths...]",
		Short: "Static analysis for serverless Go applications: the Go code and the IaC that deploys it",
		Long: `slslint analyzes the Go code of serverless functions and the CloudFormation/SAM,
Terraform and Serverless Framework templates that deploy them, and reports what will hurt in
production: non-idempotent handlers under at-least-once delivery, unbounded retries, slow cold
starts, provider lock-in, missing budgets and limits, bad timeouts and insecure configuration.

Patterns are Go package patterns or paths (default ./...). Paths are also searched for
templates; a directory with templates and no Go code works too.

Exit codes: 0 no findings at or above --fail-on; 1 findings; 2 the run could not happen.`,
		Example: `  slslint ./...
  slslint --format text --format sarif=slslint.sarif ./...
  slslint -C services/orders --fail-on error
  slslint explain SLS101`,
		Args:          cobra.ArbitraryArgs,
		Version:       toolVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := unknownCommand(cmd, o.dir, args); err != nil {
				return err
			}
			return analyze(cmd.Context(), o, args)
		},
	}
	cmd.SuggestionsMinimumDistance = 2
	// --version prints what `slslint version` prints.
	cmd.SetVersionTemplate("{{with .Annotations}}{{.versionText}}{{end}}")
	cmd.Annotations = map[string]string{"versionText": versionText()}
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		printError(stderr, err)
		fmt.Fprintln(stderr, "Run 'slslint --help' for usage.")
		return exitCode(exitError)
	})
	f := cmd.Flags()
	f.StringArrayVar(&o.formats, "format", nil, "output `format[=file]`: "+strings.Join(report.FormatNames(), ", ")+"; repeat to write several (default text)")
	f.StringVarP(&o.output, "output", "o", "", "write the output to `file` instead of stdout (for a --format without =file)")
	f.StringVar(&o.config, "config", "", "configuration `file` (default: .slslint.yml found upward from the working directory)")
	f.StringSliceVar(&o.enable, "enable", nil, "enable `rules` (IDs or names, comma-separated), overriding the configuration")
	f.StringSliceVar(&o.disable, "disable", nil, "disable `rules` (IDs or names, comma-separated)")
	f.StringSliceVar(&o.only, "only", nil, "run only these `rules` (parse errors are always reported)")
	f.StringVar(&o.failOn, "fail-on", "warning", "exit 1 when a finding is at or above `level`: error, warning, note or none")
	f.StringVar(&o.baseline, "baseline", "", "hide the findings recorded in baseline `file`")
	f.StringVar(&o.writeBaseline, "write-baseline", "", "record the current findings in baseline `file` and exit 0")
	f.StringVar(&o.newFromRev, "new-from-rev", "", "report only findings on lines changed since git `revision` (committed, staged, unstaged or untracked)")
	f.StringVar(&o.newFromBase, "new-from-merge-base", "", "report only findings on lines changed since the merge base of HEAD and `branch` (a pull request's changes)")
	f.BoolVar(&o.noColor, "no-color", false, "never colour the text output (also: NO_COLOR=1)")
	f.StringVarP(&o.dir, "dir", "C", ".", "run as if slslint was started in `dir`")
	f.BoolVar(&o.tests, "tests", false, "also analyze _test.go files")
	f.BoolVar(&o.offline, "offline", false, "forbid the go command network access while loading packages (GOPROXY=off, -mod=readonly)")
	f.StringSliceVar(&o.tags, "tags", nil, "build `tags` for loading Go packages, comma-separated (go build -tags)")
	f.StringArrayVar(&o.varFiles, "var-file", nil, "Terraform variables `file` (repeatable), as terraform's -var-file")
	f.StringVar(&o.sarifCategory, "sarif-category", "", "SARIF runAutomationDetails `category`, to upload several slslint runs for one commit")
	f.BoolVar(&o.inclSuppressed, "include-suppressed", false, "keep suppressed and baselined findings in the SARIF log, with their justification (for audits; code scanning shows them as alerts)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "do not print the summary line")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "text format: print under each finding why it matters and what to do")
	f.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile to `file`")
	f.StringVar(&o.memProfile, "memprofile", "", "write a heap profile to `file` at the end of the run")

	cmd.AddCommand(newRulesCommand(stdout), newExplainCommand(stdout), newInventoryCommand(stdout, stderr), newPolicyCommand(stdout, stderr), newVersionCommand(stdout))
	return cmd
}

// goMetaPatterns are the go command's reserved package patterns ("go help packages"): bare
// words that are patterns, not commands.
var goMetaPatterns = map[string]bool{"all": true, "std": true, "cmd": true, "tool": true}

// unknownCommand reports a bare word that is neither a path nor a package pattern as an
// unknown command, with cobra's suggestions: `slslint explian` is a typo, not a request to
// analyze a package named explian. dir is the -C directory that relative paths start from.
func unknownCommand(cmd *cobra.Command, dir string, args []string) error {
	for _, a := range args {
		if a == "" || goMetaPatterns[a] || strings.ContainsAny(a, "./\\") {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, a)); err == nil {
			continue // a file or directory of that name
		}
		msg := fmt.Sprintf("unknown command %q for %q", a, cmd.Name())
		if s := cmd.SuggestionsFor(a); len(s) > 0 {
			msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
		}
		return &unknownCommandError{msg + "\n\nRun 'slslint --help' for usage; a package or directory is written as a path (./" + safetext.Line(a) + ")."}
	}
	return nil
}

// progressOutput says where progress goes: a terminal gets a line rewritten in place, a
// log (CI) a line every 15 s on long runs; -q and writers that are not files get none.
func progressOutput(stderr io.Writer, quiet bool) (io.Writer, bool) {
	f, ok := stderr.(*os.File)
	if !ok || quiet {
		return nil, false
	}
	return stderr, isatty.IsTerminal(f.Fd())
}

// resolvePaths makes every relative path flag relative to the -C directory, as go -C does:
// slslint -C services/orders --baseline .slslint-baseline.json reads
// services/orders/.slslint-baseline.json.
func (o *runOptions) resolvePaths() error {
	dir, err := filepath.Abs(o.dir)
	if err != nil {
		return err
	}
	o.config = inDir(dir, o.config)
	o.baseline = inDir(dir, o.baseline)
	o.writeBaseline = inDir(dir, o.writeBaseline)
	o.output = inDir(dir, o.output)
	o.cpuProfile = inDir(dir, o.cpuProfile)
	o.memProfile = inDir(dir, o.memProfile)
	for i, v := range o.varFiles {
		o.varFiles[i] = inDir(dir, v)
	}
	for i, spec := range o.formats {
		if name, path, ok := strings.Cut(spec, "="); ok && path != "" {
			o.formats[i] = name + "=" + inDir(dir, path)
		}
	}
	return nil
}

// inDir resolves a relative path flag against dir; an empty flag stays empty.
func inDir(dir, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// output is one requested report.
type output struct {
	format string
	path   string // "" for stdout
}

func parseOutputs(o *runOptions) ([]output, error) {
	formats := o.formats
	if len(formats) == 0 {
		formats = []string{"text"}
	}
	var outs []output
	toStdout := 0
	for _, spec := range formats {
		name, path, _ := strings.Cut(spec, "=")
		if _, ok := report.Formats[name]; !ok {
			return nil, fmt.Errorf("--format: unknown format %q (want %s)", name, strings.Join(report.FormatNames(), ", "))
		}
		if path == "" && o.output != "" && len(formats) == 1 {
			path = o.output
		}
		if path == "" {
			toStdout++
		}
		outs = append(outs, output{format: name, path: path})
	}
	if toStdout > 1 {
		return nil, errors.New("--format: at most one format can go to stdout; give the others a file (--format sarif=slslint.sarif)")
	}
	return outs, nil
}

func analyze(ctx context.Context, o *runOptions, args []string) error {
	fail := func(err error) error {
		printError(o.stderr, err)
		return exitCode(exitError)
	}
	if err := o.resolvePaths(); err != nil {
		return fail(err)
	}
	outs, err := parseOutputs(o)
	if err != nil {
		return fail(err)
	}
	failOn := rules.Level("")
	if o.failOn != "none" {
		if failOn, err = rules.ParseLevel(o.failOn); err != nil {
			return fail(fmt.Errorf("--fail-on %s: not a level; use error, warning, note or none", o.failOn))
		}
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			_ = f.Close()
			return fail(err)
		}
		defer func() {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				printError(o.stderr, fmt.Errorf("writing CPU profile: %w", err))
			}
		}()
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()

	progress, terminal := progressOutput(o.stderr, o.quiet)
	res, err := engine.Run(ctx, engine.Options{
		WorkDir: o.dir, Patterns: args, ConfigPath: o.config,
		Enable: o.enable, Disable: o.disable, Only: o.only,
		BaselinePath: o.baseline, Tests: o.tests, Offline: o.offline, Tags: o.tags, VarFiles: o.varFiles,
		NewFromRev: o.newFromRev, NewFromMergeBase: o.newFromBase,
		Progress: progress, ProgressTerminal: terminal,
	})
	if err != nil {
		return fail(err)
	}
	in := res.Report
	v := version.Read()
	in.Tool = report.Tool{Name: "slslint", Version: v.String(), SemanticVersion: v.Semantic(), DocsRef: v.DocsRef(), InformationURI: rules.RepositoryURL}
	in.SARIFCategory = o.sarifCategory
	in.Verbose = o.verbose
	in.IncludeSuppressed = o.inclSuppressed
	in.Warn = func(msg string) { fmt.Fprintln(o.stderr, "slslint: warning:", safetext.Line(msg)) }
	if res.Model != nil && len(res.Model.Functions()) > 0 && os.Getenv("GITHUB_STEP_SUMMARY") != "" {
		// The job summary shows the app as a picture; the reporter only embeds it.
		in.Picture = inventory.Picture(inventory.Build(res.Model, res.Links, in.Findings, res.Config.IaC))
	}

	for _, out := range outs {
		if err := writeOutput(o, out, in); err != nil {
			return fail(err)
		}
	}
	if o.writeBaseline != "" {
		if err := writeFile(o.writeBaseline, func(w io.Writer) error { return baseline.Write(w, in.Findings) }); err != nil {
			return fail(err)
		}
	}
	if !o.quiet {
		fmt.Fprintln(o.stderr, in.Summary)
	}
	if o.memProfile != "" {
		if err := writeHeapProfile(o.memProfile); err != nil {
			return fail(err)
		}
	}
	switch {
	case res.Failures > 0:
		fmt.Fprintf(o.stderr, "slslint: %d analyzer or check failures (SLS003): results are incomplete\n", res.Failures)
		return exitCode(exitError)
	case res.GoNotAnalyzed:
		fmt.Fprintln(o.stderr, "slslint: no Go code could be analyzed (SLS004): results are incomplete")
		return exitCode(exitError)
	case o.writeBaseline != "":
		return nil
	case failOn != "" && failing(in, failOn):
		return exitCode(exitFindings)
	}
	return nil
}

func failing(in *report.Input, failOn rules.Level) bool {
	for _, f := range in.Findings {
		if f.Suppressed == nil && f.Level.Rank() >= failOn.Rank() {
			return true
		}
	}
	return false
}

func writeOutput(o *runOptions, out output, in *report.Input) error {
	format := report.Formats[out.format]
	in.Color = false
	if out.path == "" {
		if f, ok := o.stdout.(*os.File); ok && out.format == "text" && !o.noColor && os.Getenv("NO_COLOR") == "" {
			in.Color = isatty.IsTerminal(f.Fd())
		}
		if err := format(o.stdout, in); err != nil {
			return fmt.Errorf("writing %s output: %w", out.format, err)
		}
	} else if err := writeFile(out.path, func(w io.Writer) error { return format(w, in) }); err != nil {
		return fmt.Errorf("writing %s output: %w", out.format, err)
	}
	if p := os.Getenv("GITHUB_STEP_SUMMARY"); p != "" && out.format == "github" {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		err = report.GitHubStepSummary(f, in)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	return nil
}

// writeFile creates (or truncates: a rewritten report never keeps the tail of an older,
// longer one) the file at path and writes it with write, reporting close errors too.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeHeapProfile(path string) error {
	runtime.GC()
	return writeFile(filepath.Clean(path), pprof.WriteHeapProfile)
}
