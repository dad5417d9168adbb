// Package baseline records the findings of a run so that later runs report only new ones:
// the way to adopt slslint on a large existing repository without fixing everything first.
//
// A finding is matched by its fingerprint: a hash of its rule, its file and the normalized
// text of its line (plus an occurrence number for identical lines), so it survives edits
// elsewhere in the file that shift lines.
package baseline

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/rules"
)

// Version is the baseline file format version.
const Version = 1

// File is a baseline file's content.
type File struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// Entry is one recorded finding. Rule, path and message are for people reading the file;
// matching uses only the fingerprint.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Message     string `json:"message"`
}

// Write records every finding that is not suppressed in source, in report order. Findings
// that say something was not analyzed (SLS000, SLS003, SLS004) are not recorded: a baseline
// accepts known problems in the code, never code that went unchecked.
func Write(w io.Writer, fs []*finding.Finding) error {
	f := File{Version: Version, Findings: []Entry{}}
	for _, x := range fs {
		if x.Suppressed != nil && x.Suppressed.Kind == finding.InSource || rules.Unhideable(x.Rule) {
			continue
		}
		f.Findings = append(f.Findings, Entry{Fingerprint: x.Fingerprint, Rule: x.Rule.ID, Path: x.Location.Path, Message: x.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// A Baseline is a set of recorded fingerprints.
type Baseline struct {
	path         string
	fingerprints map[string]bool
}

// Read reads a baseline file.
func Read(path string) (*Baseline, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(src, &f); err != nil {
		return nil, fmt.Errorf("%s: not a slslint baseline: %w", path, err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("%s: baseline version %d is not supported (want %d)", path, f.Version, Version)
	}
	b := &Baseline{path: path, fingerprints: map[string]bool{}}
	for _, e := range f.Findings {
		b.fingerprints[e.Fingerprint] = true
	}
	return b, nil
}

// Apply marks every finding recorded in the baseline as suppressed externally, and returns
// how many it matched. Findings that say something was not analyzed stay visible even when
// an older baseline recorded them.
func (b *Baseline) Apply(fs []*finding.Finding) int {
	n := 0
	for _, f := range fs {
		if f.Suppressed == nil && b.fingerprints[f.Fingerprint] && !rules.Unhideable(f.Rule) {
			f.Suppressed = &finding.Suppression{Kind: finding.External, Justification: "recorded in baseline " + b.path}
			n++
		}
	}
	return n
}
