// Package config reads .slslint.yml.
//
//	version: 1                 # required
//	rules:                     # per rule ID or name: on, off, error, warning or note
//	  SLS306: off
//	  nondeterministic-write-key: error
//	exclude:                   # globs, relative to the directory of this file
//	  - legacy/**
//	# then the rules' settings: see docs/configuration.md and the JSON schema.
//
// Unknown keys and bad values are errors that name the file and line.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/slslint/slslint/analyzers"
	"github.com/slslint/slslint/iac/checks"
	"github.com/slslint/slslint/internal/glob"
	"github.com/slslint/slslint/internal/suppress"
	"github.com/slslint/slslint/rules"
)

// FileNames are the names Find looks for, in order.
var FileNames = []string{".slslint.yml", ".slslint.yaml"}

// Version is the configuration format version this slslint reads.
const Version = 1

// Config is a parsed configuration.
type Config struct {
	// Path is the file it was read from; empty for the defaults.
	Path string
	// Rules holds the per-rule settings, by rule ID.
	Rules map[string]RuleSetting
	// Exclude holds path globs relative to the repository root.
	Exclude glob.Set
	// Suppress are the suppression settings.
	Suppress suppress.Options
	// Go and IaC are the rules' settings.
	Go  analyzers.Settings
	IaC checks.Settings
}

// RuleSetting turns a rule on or off or changes its level.
type RuleSetting struct {
	// Enabled is nil when the setting does not say.
	Enabled *bool
	// Level is empty when the setting does not say.
	Level rules.Level
}

// Default returns the configuration used when there is no file.
func Default() *Config {
	c := &Config{Rules: map[string]RuleSetting{}}
	c.Go.SetDefaults()
	c.IaC.SetDefaults()
	return c
}

// An Error is a problem in a configuration file, with its position.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// Find looks for a configuration file in dir and its parents, up to and including stop (or
// the filesystem root when stop is empty).
func Find(dir, stop string) (string, bool) {
	for {
		for _, name := range FileNames {
			p := filepath.Join(dir, name)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p, true
			}
		}
		parent := filepath.Dir(dir)
		if dir == stop || parent == dir {
			return "", false
		}
		dir = parent
	}
}

// RepositoryRoot is the nearest directory at or above dir that holds a .git entry, or dir
// itself when there is none. Report paths are relative to it, as GitHub code scanning
// wants, and the configuration is searched for up to it.
func RepositoryRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// ForDir returns the configuration that applies to the code in dir (absolute), as the
// slslint command started there would find it: .slslint.yml in dir or the nearest parent up
// to the repository root, else the defaults. It also returns the repository root, which
// the configuration's excludes are relative to. Drivers that run per package (go vet)
// call it with the package's directory. Outside a git repository the search stops at the
// module root (the nearest go.mod), where the command usually runs.
func ForDir(dir string) (*Config, string, error) {
	root := RepositoryRoot(dir)
	if _, err := os.Lstat(filepath.Join(root, ".git")); err != nil {
		root = moduleRoot(dir)
	}
	if p, ok := Find(dir, root); ok {
		c, err := Load(p, root)
		return c, root, err
	}
	return Default(), root, nil
}

// moduleRoot is the nearest directory at or above dir with a go.mod, or dir.
func moduleRoot(dir string) string {
	for d := dir; ; {
		if st, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && st.Mode().IsRegular() {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// maxSize bounds what is read: a configuration file is a few hundred bytes.
const maxSize = 1 << 20

// Load reads the file at path. root is the repository root, to which excludes are made
// relative.
func Load(path, root string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only
	src, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, err
	}
	if len(src) > maxSize {
		return nil, &Error{Path: path, Msg: "larger than 1 MiB; is this the right file?"}
	}
	rel, err := filepath.Rel(root, filepath.Dir(path))
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = "."
	}
	return Parse(src, path, filepath.ToSlash(rel))
}

// raw is the file's shape. Sections of rule settings are inlined from the packages that own
// them, so that the golangci-lint plugin and this file share one definition.
type raw struct {
	Version      *int               `yaml:"version"`
	Rules        yaml.Node          `yaml:"rules"`
	Exclude      []string           `yaml:"exclude"`
	Suppressions rawSuppressions    `yaml:"suppressions"`
	Go           analyzers.Settings `yaml:",inline"`
	IaC          checks.Settings    `yaml:",inline"`
}

// rawSuppressions is the `suppressions:` section: nolint-without-reason is "allow" or
// "report" (the default: SLS002, and the directive suppresses nothing).
type rawSuppressions struct {
	NolintWithoutReason string `yaml:"nolint-without-reason"`
}

// Parse parses configuration source. name is used in errors; dir is the directory of the
// file relative to the repository root, which excludes are relative to.
func Parse(src []byte, name, dir string) (*Config, error) {
	c := Default()
	c.Path = name
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, &Error{Path: name, Msg: "empty configuration; it needs at least `version: 1`"}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, yamlError(name, err)
	}
	if e := checkShape(&root, reflect.TypeOf(raw{}), ""); e != nil {
		e.Path = name
		return nil, e
	}
	r := raw{Go: c.Go, IaC: c.IaC}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		return nil, yamlError(name, err)
	}
	if r.Version == nil {
		return nil, &Error{Path: name, Line: 1, Msg: "missing `version: 1`"}
	}
	if *r.Version != Version {
		return nil, &Error{Path: name, Line: lineOf(&root, "version"), Msg: fmt.Sprintf("version %d is not supported; this slslint reads version %d", *r.Version, Version)}
	}
	if err := parseRules(&r.Rules, name, c.Rules); err != nil {
		return nil, err
	}
	switch r.Suppressions.NolintWithoutReason {
	case "", "report":
	case "allow":
		c.Suppress.NolintWithoutReason = true
	default:
		return nil, &Error{Path: name, Line: lineOf(&root, "suppressions", "nolint-without-reason"),
			Msg: fmt.Sprintf("suppressions.nolint-without-reason: want allow or report, got %q", r.Suppressions.NolintWithoutReason)}
	}
	for i, pattern := range r.Exclude {
		p := pattern
		if dir != "." && dir != "" && !strings.HasPrefix(p, "**") && strings.Contains(strings.Trim(p, "/"), "/") {
			p = path.Join(dir, p)
		}
		g, err := glob.Compile(p)
		if err != nil {
			return nil, &Error{Path: name, Line: lineOf(&root, "exclude", fmt.Sprint(i)), Msg: "exclude: " + err.Error()}
		}
		c.Exclude = append(c.Exclude, g)
	}
	c.Go, c.IaC = r.Go, r.IaC
	for _, v := range []interface{ Validate() []rules.SettingError }{&c.Go, &c.IaC} {
		if errs := v.Validate(); len(errs) > 0 {
			e := errs[0]
			return nil, &Error{Path: name, Line: lineOf(&root, strings.Split(e.Field, ".")...), Msg: e.Field + ": " + e.Msg}
		}
	}
	return c, nil
}

func parseRules(n *yaml.Node, name string, out map[string]RuleSetting) error {
	if n.Kind == 0 {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return &Error{Path: name, Line: n.Line, Msg: "rules: want a mapping of rule ID or name to on, off, error, warning or note"}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		r, ok := rules.Lookup(k.Value)
		if !ok {
			return &Error{Path: name, Line: k.Line, Msg: UnknownRule("rules", k.Value)}
		}
		if _, dup := out[r.ID]; dup {
			return &Error{Path: name, Line: k.Line, Msg: fmt.Sprintf("rules: %s is set twice", r.ID)}
		}
		var s RuleSetting
		on, off := true, false
		switch strings.ToLower(v.Value) {
		case "on", "true", "enable", "enabled":
			s.Enabled = &on
		case "off", "false", "disable", "disabled":
			s.Enabled = &off
		default:
			lvl, err := rules.ParseLevel(v.Value)
			if err != nil || v.Kind != yaml.ScalarNode {
				return &Error{Path: name, Line: v.Line, Msg: fmt.Sprintf("rules: %s: want on, off, error, warning or note, got %q", r.ID, v.Value)}
			}
			s.Enabled, s.Level = &on, lvl
		}
		out[r.ID] = s
	}
	return nil
}

// UnknownRule says that name is not a rule, with the nearest rule ID or name when it looks
// like a typo of one.
func UnknownRule(where, name string) string {
	var names []string
	for _, r := range rules.All() {
		names = append(names, r.ID, r.Name)
	}
	msg := fmt.Sprintf("%s: unknown rule %q", where, name)
	if near := Nearest(name, names); near != "" {
		return msg + fmt.Sprintf("; did you mean %q?", near)
	}
	return msg + "; run `slslint rules` for the list"
}

// yamlError turns a yaml.v3 error into an Error with the line it names.
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg := te.Errors[0]
		line := 0
		if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		}
		msg = strings.ReplaceAll(msg, "in type config.raw", "")
		return &Error{Path: name, Line: line, Msg: strings.TrimSpace(msg)}
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return &Error{Path: name, Line: line, Msg: msg}
}

// lineOf finds the line of the value at a path of mapping keys and sequence indexes in a
// YAML document, or of the deepest part of the path that exists.
func lineOf(doc *yaml.Node, keys ...string) int {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, k := range keys {
		found := false
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					line, n, found = n.Content[i].Line, n.Content[i+1], true
					break
				}
			}
		case yaml.SequenceNode:
			var idx int
			if _, err := fmt.Sscan(k, &idx); err == nil && idx >= 0 && idx < len(n.Content) {
				n, found = n.Content[idx], true
				line = n.Line
			}
		}
		if !found {
			break
		}
	}
	return line
}
