package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/internal/safetext"
	"github.com/slslint/slslint/rules"
)

// annotationLimit is how many annotations of each level GitHub shows for one step; it drops
// the rest without saying so.
const annotationLimit = 10

// GitHub writes GitHub Actions workflow commands that annotate the pull request, most
// severe first. At most 10 annotations per level are written, as many as GitHub shows;
// the findings beyond that are listed as plain lines in the step's log, and a notice says
// how many there are and where to find them.
func GitHub(w io.Writer, in *Input) error {
	bw := bufio.NewWriter(w)
	fs := slices.Clone(unsuppressed(in.Findings))
	slices.SortStableFunc(fs, func(a, b *finding.Finding) int { return b.Level.Rank() - a.Level.Rank() })

	// The overflow notice is itself a notice: when anything overflows, one notice slot is
	// kept for it.
	count := map[rules.Level]int{}
	for _, f := range fs {
		count[f.Level]++
	}
	limit := map[rules.Level]int{rules.Error: annotationLimit, rules.Warning: annotationLimit, rules.Note: annotationLimit}
	if count[rules.Error] > annotationLimit || count[rules.Warning] > annotationLimit || count[rules.Note] > annotationLimit {
		limit[rules.Note] = annotationLimit - 1
	}
	shown := map[rules.Level]int{}
	var rest []*finding.Finding
	for _, f := range fs {
		if shown[f.Level] >= limit[f.Level] {
			rest = append(rest, f)
			continue
		}
		shown[f.Level]++
		l := f.Location
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			command(f.Level), escapeProperty(safetext.Line(l.Path)), l.Line, l.Column, max(l.EndLine, l.Line), max(l.EndColumn, l.Column+1),
			escapeProperty(f.Rule.ID+" "+f.Rule.Name), escapeData(safetext.Line(f.FullMessage())))
	}
	if len(rest) > 0 {
		fmt.Fprintf(bw, "::notice title=slslint::%s\n", escapeData(fmt.Sprintf(
			"%d more findings are not shown as annotations (GitHub shows %d per level); they are listed in this step's log below, and all findings are in the job summary and the SARIF upload.",
			len(rest), annotationLimit)))
		for _, f := range rest {
			fmt.Fprintf(bw, "%s:%d:%d: %s %s %s (%s)\n", safetext.Line(f.Location.Path), f.Location.Line, f.Location.Column, f.Level, f.Rule.ID, safetext.Line(f.Message), f.Rule.Name)
		}
	}
	return bw.Flush()
}

func command(l rules.Level) string {
	switch l {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message as the Actions toolkit does.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value as the Actions toolkit does.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// stepSummaryRows bounds the summary table: GitHub accepts at most 1 MiB of job summary.
const stepSummaryRows = 500

// GitHubStepSummary writes a markdown summary of the run for $GITHUB_STEP_SUMMARY.
func GitHubStepSummary(w io.Writer, in *Input) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## %s\n\n%s.\n\n", in.Tool.Name, in.Summary)
	fs := slices.Clone(unsuppressed(in.Findings))
	slices.SortStableFunc(fs, func(a, b *finding.Finding) int { return b.Level.Rank() - a.Level.Rank() })
	if len(fs) > 0 {
		bw.WriteString("| Level | Rule | Location | Message |\n|---|---|---|---|\n")
		for i, f := range fs {
			if i == stepSummaryRows {
				fmt.Fprintf(bw, "\n%d more findings are not listed here; see the step's log or the SARIF upload.\n", len(fs)-i)
				break
			}
			fmt.Fprintf(bw, "| %s | [%s](%s) %s | `%s:%d` | %s |\n", f.Level, f.Rule.ID, in.helpURI(f.Rule), f.Rule.Name,
				markdownCell(f.Location.Path), f.Location.Line, markdownCell(f.Message))
		}
	}
	if in.Picture != "" {
		// GitHub renders mermaid code blocks in job summaries as diagrams.
		bw.WriteString("\n### Functions\n\n```mermaid\n")
		bw.WriteString(strings.TrimRight(in.Picture, "\n"))
		bw.WriteString("\n```\n")
	}
	bw.WriteString("\n")
	return bw.Flush()
}

// markdownCell makes text one table cell: no control characters, no cell separator, no
// backtick that would end the code span it may sit in.
func markdownCell(s string) string {
	return strings.NewReplacer("|", `\|`, "`", "'").Replace(safetext.Line(s))
}
