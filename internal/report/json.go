package report

import (
	"encoding/json"
	"io"

	"github.com/slslint/slslint/internal/finding"
)

// JSONVersion is the version of the JSON output schema (docs/json-output.md). It changes
// only when a field is removed or changes meaning; new fields may appear within a version.
const JSONVersion = 1

type jsonReport struct {
	Version  int           `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Findings []jsonFinding `json:"findings"`
	Summary  jsonSummary   `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	Rule        string           `json:"rule"`
	Name        string           `json:"name"`
	Level       string           `json:"level"`
	Message     string           `json:"message"`
	Location    jsonLocation     `json:"location"`
	Related     []jsonRelated    `json:"related"`
	Fingerprint string           `json:"fingerprint"`
	Suppressed  bool             `json:"suppressed"`
	Suppression *jsonSuppression `json:"suppression,omitempty"`
}

type jsonLocation struct {
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
}

type jsonRelated struct {
	jsonLocation
	Message string `json:"message"`
}

type jsonSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

type jsonSummary struct {
	Findings   int `json:"findings"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Notes      int `json:"notes"`
	Suppressed int `json:"suppressed"`
	Modules    int `json:"modules"`
	Packages   int `json:"packages"`
	Templates  int `json:"templates"`
}

func toJSONLocation(l finding.Location) jsonLocation {
	return jsonLocation{Path: l.Path, Line: l.Line, Column: l.Column, EndLine: l.EndLine, EndColumn: l.EndColumn}
}

// JSON writes the findings, suppressed ones included, in the documented versioned schema.
// Paths are relative to the repository root.
func JSON(w io.Writer, in *Input) error {
	out := jsonReport{
		Version:  JSONVersion,
		Tool:     jsonTool{Name: in.Tool.Name, Version: in.Tool.Version},
		Findings: []jsonFinding{},
		Summary: jsonSummary{
			Findings: in.Summary.Findings, Errors: in.Summary.Errors, Warnings: in.Summary.Warnings, Notes: in.Summary.Notes,
			Suppressed: in.Summary.Suppressed, Modules: in.Summary.Modules, Packages: in.Summary.Packages, Templates: in.Summary.Templates,
		},
	}
	for _, f := range in.Findings {
		jf := jsonFinding{
			Rule: f.Rule.ID, Name: f.Rule.Name, Level: string(f.Level), Message: f.FullMessage(),
			Location: toJSONLocation(f.Location), Related: []jsonRelated{},
			Fingerprint: f.Fingerprint, Suppressed: f.Suppressed != nil,
		}
		for _, r := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{jsonLocation: toJSONLocation(r.Location), Message: r.Message})
		}
		if f.Suppressed != nil {
			jf.Suppression = &jsonSuppression{Kind: f.Suppressed.Kind, Justification: f.Suppressed.Justification}
		}
		out.Findings = append(out.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
