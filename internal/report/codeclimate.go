package report

import (
	"encoding/json"
	"io"

	"github.com/slslint/slslint/rules"
)

type codeClimateIssue struct {
	Type        string              `json:"type"`
	CheckName   string              `json:"check_name"`
	Description string              `json:"description"`
	Categories  []string            `json:"categories"`
	Severity    string              `json:"severity"`
	Fingerprint string              `json:"fingerprint"`
	Location    codeClimateLocation `json:"location"`
}

type codeClimateLocation struct {
	Path  string           `json:"path"`
	Lines codeClimateLines `json:"lines"`
}

type codeClimateLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

// CodeClimate writes the Code Climate issue format that GitLab Code Quality reads: a JSON
// array of issues, each with a fingerprint unique in the report (the finding's, which
// includes an occurrence number).
func CodeClimate(w io.Writer, in *Input) error {
	out := []codeClimateIssue{}
	for _, f := range unsuppressed(in.Findings) {
		out = append(out, codeClimateIssue{
			Type:        "issue",
			CheckName:   f.Rule.ID + " " + f.Rule.Name,
			Description: f.Rule.ID + ": " + f.FullMessage(),
			Categories:  codeClimateCategories(f.Rule),
			Severity:    codeClimateSeverity(f.Level),
			Fingerprint: f.Fingerprint,
			Location: codeClimateLocation{Path: f.Location.Path,
				Lines: codeClimateLines{Begin: f.Location.Line, End: max(f.Location.EndLine, f.Location.Line)}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func codeClimateSeverity(l rules.Level) string {
	switch l {
	case rules.Error:
		return "critical"
	case rules.Warning:
		return "major"
	}
	return "minor"
}

// codeClimateCategories maps tags onto Code Climate's fixed category list.
func codeClimateCategories(r *rules.Rule) []string {
	switch {
	case r.HasTag(rules.Security):
		return []string{"Security"}
	case r.HasTag(rules.ColdStart) || r.HasTag(rules.Cost):
		return []string{"Performance"}
	case r.HasTag(rules.Portability) || r.HasTag(rules.Architecture):
		return []string{"Compatibility"}
	case r.HasTag(rules.Observability):
		return []string{"Clarity"}
	}
	return []string{"Bug Risk"}
}
