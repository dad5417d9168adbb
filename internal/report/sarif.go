package report

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/rules"
)

// srcRoot is the uriBaseId of every location: GitHub code scanning resolves it to the root
// of the checkout, so URIs are relative to the repository root with forward slashes. The
// log deliberately carries no absolute path, which keeps it identical on every machine.
const srcRoot = "%SRCROOT%"

// Code scanning's limits on an upload: a log above one is rejected whole.
// (docs.github.com: code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit)
const (
	sarifMaxResults         = 25000 // results per run
	sarifShownResults       = 5000  // results per run code scanning stores; the rest are dropped
	sarifMaxLocations       = 1000  // locations, and related locations, per result
	sarifMaxFlowLocations   = 10000 // thread flow locations per result
	sarifMaxTagsPerRule     = 20
	sarifMaxCompressedBytes = 10 << 20 // the gzipped upload
)

// SARIF writes a SARIF 2.1.0 log with one run, as GitHub code scanning ingests it: every
// enabled rule in tool.driver.rules with its documentation at the version that ran, one
// result per reported finding with an explicit level, a full region, GitHub's
// primaryLocationLineHash, related locations that the message links to (code scanning shows
// a related location only through such a link) and a code flow for findings that span
// functions or files.
//
// Suppressed and baselined findings are left out (code scanning would show them as alerts)
// unless IncludeSuppressed asks for them, with their justification, for an audit. A location
// outside the repository (a variables file given as ../x.tfvars) is never written: a result
// there becomes a tool notification. The log stays within code scanning's limits; what had
// to be left out is said through Warn.
func SARIF(w io.Writer, in *Input) error {
	run := sarif.NewRunWithInformationURI(in.Tool.Name, in.Tool.InformationURI)
	if in.Tool.Version != "" {
		run.Tool.Driver.Version = &in.Tool.Version
	}
	if in.Tool.SemanticVersion != "" {
		run.Tool.Driver.SemanticVersion = &in.Tool.SemanticVersion
	}
	if in.SARIFCategory != "" {
		id := strings.TrimSuffix(in.SARIFCategory, "/") + "/"
		run.AutomationDetails = sarif.NewRunAutomationDetails().WithID(id)
	}

	index := map[string]int{}
	for _, r := range in.Rules {
		index[r.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(r, levelOf(in, r), in.helpURI(r)))
	}
	var notifications []*sarif.Notification
	var results []*finding.Finding
	for _, f := range in.Findings {
		switch {
		case f.Suppressed != nil && !in.IncludeSuppressed:
		case !insideRepository(f.Location.Path):
			notifications = append(notifications, sarif.NewNotification().
				WithLevel(string(f.Level)).
				WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s (%s, at %s:%d, outside the repository)", f.FullMessage(), f.Rule.ID, f.Location.Path, f.Location.Line))).
				WithDescriptor(sarif.NewReportingDescriptorReference().WithID(f.Rule.ID)))
		default:
			results = append(results, f)
		}
	}
	if len(results) > sarifMaxResults {
		in.warn("the SARIF log holds the %d most severe of %d findings: code scanning rejects a run with more than %d results", sarifMaxResults, len(results), sarifMaxResults)
		results = mostSevere(results, sarifMaxResults)
	} else if len(results) > sarifShownResults {
		in.warn("the SARIF log holds %d results; code scanning keeps only the %d most severe", len(results), sarifShownResults)
	}
	for _, f := range results {
		i, ok := index[f.Rule.ID]
		if !ok {
			// Every finding's rule is enabled by construction; keep the log valid regardless.
			i = len(run.Tool.Driver.Rules)
			index[f.Rule.ID] = i
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(f.Rule, f.Rule.Level, in.helpURI(f.Rule)))
		}
		run.AddResult(sarifResult(in, f, i))
	}
	if len(notifications) > 0 {
		inv := sarif.NewInvocation().WithExecutionSuccessful(true)
		inv.ToolExecutionNotifications = notifications
		run.AddInvocation(inv)
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
	if n := gzipSize(out); n > sarifMaxCompressedBytes {
		in.warn("the SARIF log is %d MB gzipped; code scanning rejects uploads above 10 MB (exclude paths, or select rules with --only)", n>>20)
	}
	_, err = w.Write(out)
	return err
}

// insideRepository reports whether a repository-relative path stays inside the repository.
func insideRepository(p string) bool {
	return p != "" && !path.IsAbs(p) && p != ".." && !strings.HasPrefix(p, "../")
}

// mostSevere keeps the n most severe findings, in report order within each level.
func mostSevere(fs []*finding.Finding, n int) []*finding.Finding {
	keep := slices.Clone(fs)
	slices.SortStableFunc(keep, func(a, b *finding.Finding) int { return b.Level.Rank() - a.Level.Rank() })
	keep = keep[:n]
	slices.SortStableFunc(keep, (*finding.Finding).Compare)
	return keep
}

func gzipSize(b []byte) int {
	var c byteCounter
	zw := gzip.NewWriter(&c)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return int(c)
}

type byteCounter int

func (c *byteCounter) Write(p []byte) (int, error) {
	*c += byteCounter(len(p))
	return len(p), nil
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

func sarifRule(r *rules.Rule, level rules.Level, helpURI string) *sarif.ReportingDescriptor {
	d := sarif.NewRule(r.ID).
		WithName(r.Name).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(r.Title + ".")).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(firstParagraph(r.HelpText()))).
		WithHelp(sarif.NewMultiformatMessageString().WithText(r.HelpText()).WithMarkdown(r.Help())).
		WithHelpURI(helpURI)
	cfg := sarif.NewReportingConfiguration().WithLevel(string(level))
	d.DefaultConfiguration = cfg
	props := sarif.NewPropertyBag()
	for i, t := range r.Tags {
		if i == sarifMaxTagsPerRule {
			break
		}
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

func sarifResult(in *Input, f *finding.Finding, ruleIndex int) *sarif.Result {
	// Related locations outside the repository are left out; at most sarifMaxLocations stay.
	var related []finding.Related
	for _, r := range f.Related {
		if insideRepository(r.Path) {
			related = append(related, r)
		}
	}
	if len(related) > sarifMaxLocations {
		in.warn("%s at %s:%d: %d of its %d related locations are in the SARIF log, as many as code scanning accepts", f.Rule.ID, f.Location.Path, f.Location.Line, sarifMaxLocations, len(related))
		related = related[:sarifMaxLocations]
	}
	res := sarif.NewRuleResult(f.Rule.ID).
		WithRuleIndex(ruleIndex).
		WithLevel(string(f.Level)).
		WithMessage(sarif.NewTextMessage(linkedMessage(f.FullMessage(), related))).
		AddLocation(sarifLocation(f.Location, ""))
	res.PartialFingerprints = map[string]string{}
	if f.LineHash != "" {
		res.PartialFingerprints["primaryLocationLineHash"] = f.LineHash
	}
	res.Fingerprints = map[string]string{"slslint/v1": f.Fingerprint}
	for i, r := range related {
		loc := sarifLocation(r.Location, r.Message)
		loc.ID = i + 1
		res.RelatedLocations = append(res.RelatedLocations, loc)
	}
	if flow := codeFlow(f, related); flow != nil {
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

// linkedMessage appends to a result's message a link to each related location
// ("[label](id)", SARIF §3.11.6): code scanning shows a related location only where the
// message links to it. Brackets in the text are escaped so that they cannot read as links.
func linkedMessage(msg string, related []finding.Related) string {
	if len(related) == 0 {
		return msg
	}
	esc := strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`)
	var b strings.Builder
	b.WriteString(esc.Replace(msg))
	b.WriteString("\n\nRelated locations: ")
	for i, r := range related {
		if i > 0 {
			b.WriteString("; ")
		}
		label := r.Message
		if label == "" {
			label = fmt.Sprintf("%s:%d", r.Path, r.Line)
		}
		fmt.Fprintf(&b, "[%s](%d)", esc.Replace(label), i+1)
	}
	b.WriteString(".")
	return b.String()
}

// codeFlow renders a finding's related locations, when they form a path across functions or
// files, as a SARIF code flow ending at the primary location, which GitHub shows step by
// step.
func codeFlow(f *finding.Finding, related []finding.Related) *sarif.CodeFlow {
	if !f.Flow || len(related) == 0 {
		return nil
	}
	if len(related) >= sarifMaxFlowLocations {
		related = related[len(related)-sarifMaxFlowLocations+1:] // keep the steps nearest the cause
	}
	tf := sarif.NewThreadFlow()
	add := func(l finding.Location, msg string) {
		tfl := sarif.NewThreadFlowLocation().WithLocation(sarifLocation(l, msg))
		tfl.ExecutionOrder = len(tf.Locations) + 1
		tf.Locations = append(tf.Locations, tfl)
	}
	for _, r := range related {
		add(r.Location, r.Message)
	}
	add(f.Location, f.Message)
	return sarif.NewCodeFlow().WithThreadFlows([]*sarif.ThreadFlow{tf}).WithMessage(sarif.NewTextMessage(fmt.Sprintf("path to the %s finding", f.Rule.ID)))
}
