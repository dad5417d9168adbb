package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/rules"
)

// srcRoot is the uriBaseId of every location: GitHub code scanning resolves it to the root
// of the checkout, so URIs are relative to the repository root with forward slashes. The
// log deliberately carries no absolute path, which keeps it identical on every machine.
const srcRoot = "%SRCROOT%"

// SARIF writes a SARIF 2.1.0 log with one run, as GitHub code scanning ingests it: every
// enabled rule in tool.driver.rules with its documentation, one result per finding with an
// explicit level, a full region, GitHub's primaryLocationLineHash, related locations and a
// code flow for findings that span functions or files, and in-source or baseline
// suppressions with their justification.
func SARIF(w io.Writer, in *Input) error {
	run := sarif.NewRunWithInformationURI(in.Tool.Name, in.Tool.InformationURI)
	run.Tool.Driver.SemanticVersion = &in.Tool.Version
	if in.SARIFCategory != "" {
		id := strings.TrimSuffix(in.SARIFCategory, "/") + "/"
		run.AutomationDetails = sarif.NewRunAutomationDetails().WithID(id)
	}

	index := map[string]int{}
	for _, r := range in.Rules {
		index[r.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(r, levelOf(in, r)))
	}
	for _, f := range in.Findings {
		i, ok := index[f.Rule.ID]
		if !ok {
			// Every finding's rule is enabled by construction; keep the log valid regardless.
			i = len(run.Tool.Driver.Rules)
			index[f.Rule.ID] = i
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(f.Rule, f.Rule.Level))
		}
		run.AddResult(sarifResult(f, i))
	}

	log := sarif.NewReport()
	log.AddRun(run)
	var raw bytes.Buffer
	if err := log.Write(&raw); err != nil {
		return err
	}
	out, err := compact(raw.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// sarifDefaults are properties go-sarif writes with the value the SARIF specification
// defines as their default; they say nothing and are dropped.
var sarifDefaults = map[string]any{
	"byteOffset": json.Number("-1"), "charOffset": json.Number("-1"), "index": json.Number("-1"),
	"id": json.Number("-1"), "rank": json.Number("-1"), "executionOrder": json.Number("-1"),
	"language": "en-US", "importance": "important", "kind": "fail",
	"isComprehensive": false, "enabled": true,
}

// compact removes from a SARIF log the empty arrays and objects and the default-valued
// properties go-sarif always writes, keeping "results" (GitHub requires it, even empty),
// and indents it. Map keys come out sorted, so the output is deterministic.
func compact(doc []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	v, _ = prune("", v)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func prune(key string, v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if d, ok := sarifDefaults[k]; ok && d == val {
				delete(x, k)
				continue
			}
			if k == "newlineSequences" || k == "contents" {
				delete(x, k) // the defaults, as go-sarif always writes them
				continue
			}
			pruned, keep := prune(k, val)
			if !keep {
				delete(x, k)
				continue
			}
			x[k] = pruned
		}
		return x, len(x) > 0
	case []any:
		out := x[:0]
		for _, e := range x {
			if pruned, keep := prune("", e); keep {
				out = append(out, pruned)
			}
		}
		return out, len(out) > 0 || key == "results"
	}
	return v, true
}

func levelOf(in *Input, r *rules.Rule) rules.Level {
	if l, ok := in.Levels[r.ID]; ok {
		return l
	}
	return r.Level
}

func sarifRule(r *rules.Rule, level rules.Level) *sarif.ReportingDescriptor {
	d := sarif.NewRule(r.ID).
		WithName(r.Name).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(r.Title + ".")).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(firstParagraph(r.HelpText()))).
		WithHelp(sarif.NewMultiformatMessageString().WithText(r.HelpText()).WithMarkdown(r.Help())).
		WithHelpURI(r.HelpURI())
	cfg := sarif.NewReportingConfiguration().WithLevel(string(level))
	d.DefaultConfiguration = cfg
	props := sarif.NewPropertyBag()
	for _, t := range r.Tags {
		props.AddTag(string(t))
	}
	props.Add("precision", string(r.Precision))
	props.Add("layer", string(r.Layer))
	if r.SecuritySeverity != "" {
		props.Add("security-severity", r.SecuritySeverity)
	}
	d.Properties = props
	return d
}

func firstParagraph(s string) string {
	p, _, _ := strings.Cut(strings.TrimSpace(s), "\n\n")
	return strings.Join(strings.Fields(p), " ")
}

func sarifLocation(l finding.Location, msg string) *sarif.Location {
	// SARIF counts columns in UTF-16 code units unless a run says otherwise.
	col, endCol := l.Column, l.EndColumn
	if l.UTF16Column > 0 && l.UTF16EndColumn > 0 {
		col, endCol = l.UTF16Column, l.UTF16EndColumn
	}
	col = max(col, 1)
	region := sarif.NewRegion().WithStartLine(l.Line).WithStartColumn(col)
	endLine := l.EndLine
	if endLine < l.Line || (endLine == l.Line && endCol <= col) {
		endLine, endCol = l.Line, col+1
	}
	region.WithEndLine(endLine).WithEndColumn(endCol)
	loc := sarif.NewLocationWithPhysicalLocation(
		sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(relativeURI(l.Path)).WithURIBaseID(srcRoot)).
			WithRegion(region))
	if msg != "" {
		loc.WithMessage(sarif.NewTextMessage(msg))
	}
	return loc
}

// relativeURI turns a slash-separated relative path into a relative URI reference
// (RFC 3986), as SARIF requires of artifactLocation.uri: every byte outside the unreserved
// set and the few path characters that cannot be misread is percent-encoded, so "%",
// spaces, "#", "?" and non-ASCII names survive, and a ":" in the first segment is not
// taken for a scheme. Ordinary paths come out unchanged.
func relativeURI(path string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '/',
			c == '!', c == '$', c == '&', c == '\'', c == '(', c == ')', c == '*', c == '+',
			c == ',', c == ';', c == '=', c == '@':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func sarifResult(f *finding.Finding, ruleIndex int) *sarif.Result {
	res := sarif.NewRuleResult(f.Rule.ID).
		WithRuleIndex(ruleIndex).
		WithLevel(string(f.Level)).
		WithMessage(sarif.NewTextMessage(f.Message)).
		AddLocation(sarifLocation(f.Location, ""))
	res.PartialFingerprints = map[string]string{}
	if f.LineHash != "" {
		res.PartialFingerprints["primaryLocationLineHash"] = f.LineHash
	}
	res.Fingerprints = map[string]string{"slslint/v1": f.Fingerprint}
	for i, r := range f.Related {
		loc := sarifLocation(r.Location, r.Message)
		loc.ID = i + 1
		res.RelatedLocations = append(res.RelatedLocations, loc)
	}
	if flow := codeFlow(f); flow != nil {
		res.CodeFlows = append(res.CodeFlows, flow)
	}
	if s := f.Suppressed; s != nil {
		sup := sarif.NewSuppression().WithKind(s.Kind).WithJustification(s.Justification).WithStatus("accepted")
		if s.Kind == finding.InSource && s.Location.Valid() {
			sup.Location = sarifLocation(s.Location, "")
		}
		res.Suppressions = append(res.Suppressions, sup)
	}
	return res
}

// codeFlow renders a finding's related locations, when they form a path across functions or
// files, as a SARIF code flow ending at the primary location, which GitHub shows step by
// step.
func codeFlow(f *finding.Finding) *sarif.CodeFlow {
	if !f.Flow || len(f.Related) == 0 {
		return nil
	}
	tf := sarif.NewThreadFlow()
	add := func(l finding.Location, msg string) {
		tfl := sarif.NewThreadFlowLocation().WithLocation(sarifLocation(l, msg))
		tfl.ExecutionOrder = len(tf.Locations) + 1
		tf.Locations = append(tf.Locations, tfl)
	}
	for _, r := range f.Related {
		add(r.Location, r.Message)
	}
	add(f.Location, f.Message)
	return sarif.NewCodeFlow().WithThreadFlows([]*sarif.ThreadFlow{tf}).WithMessage(sarif.NewTextMessage(fmt.Sprintf("path to the %s finding", f.Rule.ID)))
}
