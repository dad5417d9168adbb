package main

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/slslint/slslint/internal/config"
	"github.com/slslint/slslint/internal/driverconfig"
)

// isVetTool reports whether the go command is running slslint as a vet tool: it asks for
// the version (-V=full) and the flags (-flags), then passes a *.cfg file per package.
func isVetTool(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if args[0] == "-flags" || strings.HasPrefix(args[0], "-V=") {
		return true
	}
	return strings.HasSuffix(args[len(args)-1], ".cfg")
}

// vetMain runs slslint as go vet's tool. The go command runs it once per package with a
// .cfg file that describes the package; the analyzers are configured from the
// .slslint.yml that applies to the package's directory, found as the slslint command
// started there would find it, and flags given to go vet (-fatal.panics=false) override
// it. It does not return.
func vetMain(args []string) {
	cfg, root := config.Default(), ""
	if last := args[len(args)-1]; strings.HasSuffix(last, ".cfg") {
		dir, err := packageDir(last)
		if err != nil {
			fmt.Fprintln(os.Stderr, "slslint:", err)
			os.Exit(1)
		}
		if cfg, root, err = config.ForDir(dir); err != nil {
			fmt.Fprintln(os.Stderr, "slslint:", err)
			os.Exit(1)
		}
	}
	as, err := driverconfig.Analyzers(cfg, root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "slslint:", err)
		os.Exit(1)
	}
	if args[0] == "-V=full" {
		if err := printVetVersion(os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "slslint:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if args[0] == "-flags" {
		if err := printVetFlags(os.Stdout, as); err != nil {
			fmt.Fprintln(os.Stderr, "slslint:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	// No slslint rule suggests fixes yet: go vet's own -fix and -diff (which it passes on)
	// would hide the findings and fix nothing, so the findings are printed as without them.
	os.Args = withoutFixFlags(os.Args)
	// unitchecker reads os.Args itself and exits.
	unitchecker.Main(as...)
}

func withoutFixFlags(args []string) []string {
	var out []string
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && (name == "fix" || name == "diff") {
			continue
		}
		out = append(out, a)
	}
	return out
}

// printVetVersion answers go vet's -V=full question. The go command keys its cache of vet
// results on the answer, so it covers what decides slslint's findings beyond the package's
// files: the executable and every .slslint.yml of the repository (or module) the go command
// runs in. Editing a configuration then runs the analysis again instead of replaying the
// findings of the old one.
func printVetVersion(w *os.File) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	h := sha256.New()
	if err := hashFile(h, exe); err != nil {
		return err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	for _, p := range configFiles(cwd) {
		fmt.Fprintf(h, "\x00%s\x00", p)
		_ = hashFile(h, p) // a file that vanished hashes as its name
	}
	_, err = fmt.Fprintf(w, "%s version devel slslint buildID=%x\n", exe, h.Sum(nil))
	return err
}

func hashFile(h io.Writer, p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }() // read-only
	_, err = io.Copy(h, f)
	return err
}

// configFiles lists the configuration files that can apply to packages vetted from dir:
// those from dir up to the repository (or module) root, and every one below that root,
// in a stable order. The walk skips what the go command skips (hidden, testdata, vendor
// folders) and node_modules.
func configFiles(dir string) []string {
	_, root, _ := config.ForDir(dir)
	var out []string
	for d := dir; ; d = filepath.Dir(d) {
		for _, name := range config.FileNames {
			if st, err := os.Stat(filepath.Join(d, name)); err == nil && st.Mode().IsRegular() {
				out = append(out, filepath.Join(d, name))
			}
		}
		if d == root || filepath.Dir(d) == d {
			break
		}
	}
	_ = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if e.IsDir() {
			name := e.Name()
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if slices.Contains(config.FileNames, e.Name()) && e.Type().IsRegular() && filepath.Dir(p) != dir {
			out = append(out, p)
		}
		return nil
	})
	slices.Sort(out)
	return slices.Compact(out)
}

// packageDir reads the package's directory from the go command's .cfg file (its first Go
// file's directory when the go command leaves Dir out).
func packageDir(cfgFile string) (string, error) {
	b, err := os.ReadFile(cfgFile)
	if err != nil {
		return "", err
	}
	var c struct {
		Dir     string
		GoFiles []string
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return "", fmt.Errorf("cannot read %s: %w", cfgFile, err)
	}
	switch {
	case c.Dir != "":
		return filepath.Abs(c.Dir)
	case len(c.GoFiles) > 0:
		return filepath.Abs(filepath.Dir(c.GoFiles[0]))
	}
	return os.Getwd()
}

// printVetFlags answers go vet's -flags question: which flags the tool takes, so that the
// go command passes them on. It is unitchecker's answer without -fix and -diff, which
// would do nothing: no slslint rule suggests fixes yet.
func printVetFlags(w *os.File, as []*analysis.Analyzer) error {
	fs := flag.NewFlagSet("slslint", flag.ContinueOnError)
	for _, a := range as {
		fs.Bool(a.Name, false, fmt.Sprintf("enable %q analysis", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	}
	fs.Bool("flags", false, "print analyzer flags in JSON")
	fs.Bool("V", false, "print version and exit")
	fs.Bool("json", false, "emit JSON output")
	fs.Int("c", -1, "display offending line with this many lines of context")
	for _, legacy := range []string{"source", "v", "all"} {
		fs.Bool(legacy, false, "no effect (deprecated)")
	}
	fs.String("tags", "", "no effect (deprecated)")

	type jsonFlag struct {
		Name  string
		Bool  bool
		Usage string
	}
	var flags []jsonFlag
	fs.VisitAll(func(f *flag.Flag) {
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		flags = append(flags, jsonFlag{f.Name, ok && b.IsBoolFlag(), f.Usage})
	})
	data, err := json.MarshalIndent(flags, "", "\t")
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
