package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"

	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/internal/safetext"
	"github.com/slslint/slslint/rules"
)

// byFile groups unsuppressed findings by path, in path order.
func byFile(fs []*finding.Finding) (paths []string, groups map[string][]*finding.Finding) {
	groups = map[string][]*finding.Finding{}
	for _, f := range unsuppressed(fs) {
		if _, ok := groups[f.Location.Path]; !ok {
			paths = append(paths, f.Location.Path)
		}
		groups[f.Location.Path] = append(groups[f.Location.Path], f)
	}
	sort.Strings(paths)
	return paths, groups
}

type checkstyleReport struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// Checkstyle writes the Checkstyle XML format that Jenkins, reviewdog and many CI systems
// read. Paths are relative to the repository root.
func Checkstyle(w io.Writer, in *Input) error {
	out := checkstyleReport{Version: "8.0"}
	paths, groups := byFile(in.Findings)
	for _, p := range paths {
		cf := checkstyleFile{Name: safetext.Line(p)}
		for _, f := range groups[p] {
			sev := string(f.Level)
			if f.Level == rules.Note {
				sev = "info"
			}
			cf.Errors = append(cf.Errors, checkstyleError{
				Line: f.Location.Line, Column: f.Location.Column, Severity: sev,
				Message: safetext.Line(f.FullMessage()), Source: "slslint." + f.Rule.ID + "." + f.Rule.Name,
			})
		}
		out.Files = append(out.Files, cf)
	}
	return writeXML(w, out)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string       `xml:"name,attr"`
	ClassName string       `xml:"classname,attr"`
	Failure   junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnitXML writes findings as failed JUnit test cases, one suite per file, for CI systems
// that show test reports (GitLab, Jenkins, Azure Pipelines).
func JUnitXML(w io.Writer, in *Input) error {
	out := junitSuites{Name: "slslint"}
	paths, groups := byFile(in.Findings)
	for _, p := range paths {
		// Paths and messages may hold control characters; written raw, chardata keeps
		// newlines, so everything from the repository is escaped.
		safe := safetext.Line(p)
		s := junitSuite{Name: safe}
		for _, f := range groups[p] {
			loc := fmt.Sprintf("%s:%d:%d", safe, f.Location.Line, f.Location.Column)
			msg := safetext.Line(f.FullMessage())
			s.Cases = append(s.Cases, junitCase{
				Name:      fmt.Sprintf("%s %s at %s", f.Rule.ID, f.Rule.Name, loc),
				ClassName: safe,
				Failure: junitFailure{
					Message: msg, Type: string(f.Level),
					Text: fmt.Sprintf("%s: %s %s: %s\n%s", loc, f.Level, f.Rule.ID, msg, in.helpURI(f.Rule)),
				},
			})
		}
		s.Tests, s.Failures = len(s.Cases), len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Suites = append(out.Suites, s)
	}
	return writeXML(w, out)
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
