package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/internal/jsonschematest"
	"github.com/slslint/slslint/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixture is a run with one finding of each shape: a Go finding with a call path, a
// template finding, a parse error, and findings suppressed in source and by the baseline.
func fixture() *Input {
	r := rules.DeprecatedAWSSDK
	fs := []*finding.Finding{
		{
			Rule: r, Level: rules.Warning,
			Message:  `import of "github.com/aws/aws-sdk-go/aws/session"`,
			Detail:   `migrate to aws-sdk-go-v2, 100% | safe, "quoted"`,
			Location: finding.Location{Path: "services/orders/store/store.go", Line: 7, Column: 2, EndLine: 7, EndColumn: 41},
			Related: []finding.Related{
				{Location: finding.Location{Path: "services/orders/main.go", Line: 20, Column: 2, EndLine: 20, EndColumn: 30}, Message: "handler registered here"},
				{Location: finding.Location{Path: "services/orders/handler.go", Line: 12, Column: 9, EndLine: 12, EndColumn: 20}, Message: "calls store.Save"},
			},
			Flow:        true,
			Fingerprint: "aaaaaaaaaaaaaaaa", LineHash: "1a2b3c:1",
		},
		{
			Rule: rules.ParseError, Level: rules.Error,
			Message:     "yaml: line 4: did not find expected key\nsecond line: with, commas",
			Location:    finding.Location{Path: "template.yaml", Line: 4, Column: 1, EndLine: 4, EndColumn: 12},
			Fingerprint: "bbbbbbbbbbbbbbbb", LineHash: "4d5e6f:1",
		},
		{
			Rule: rules.UnusedSuppression, Level: rules.Note,
			Message:     "suppression of SLS603 matches no finding; remove it so that it cannot hide a future one",
			Location:    finding.Location{Path: "template.yaml", Line: 9, Column: 20, EndLine: 9, EndColumn: 50},
			Fingerprint: "cccccccccccccccc", LineHash: "777:1",
		},
		{
			Rule: r, Level: rules.Warning, Message: "suppressed in source",
			Location:    finding.Location{Path: "legacy/legacy.go", Line: 3, Column: 8, EndLine: 3, EndColumn: 40},
			Fingerprint: "dddddddddddddddd", LineHash: "888:1",
			Suppressed: &finding.Suppression{Kind: finding.InSource, Justification: "wrapped until JIRA-42",
				Location: finding.Location{Path: "legacy/legacy.go", Line: 2, Column: 1, EndLine: 2, EndColumn: 60}},
		},
		{
			Rule: r, Level: rules.Warning, Message: "suppressed by the baseline",
			Location:    finding.Location{Path: "old/old.go", Line: 5, Column: 8, EndLine: 5, EndColumn: 40},
			Fingerprint: "eeeeeeeeeeeeeeee", LineHash: "999:1",
			Suppressed: &finding.Suppression{Kind: finding.External, Justification: "recorded in baseline .slslint-baseline.json"},
		},
	}
	finding.Sort(fs)
	// A fixed set of rules, so that the golden files do not change with every new rule; one
	// security rule for its security-severity.
	enabled := []*rules.Rule{rules.ParseError, rules.UnusedSuppression, rules.InvalidSuppression, rules.AnalysisFailure, r}
	if sec, ok := rules.Lookup("SLS501"); ok {
		enabled = append(enabled, sec)
	}
	levels := map[string]rules.Level{}
	for _, r := range enabled {
		levels[r.ID] = r.Level
	}
	return &Input{
		Tool:     Tool{Name: "slslint", Version: "v0.1.0-test", SemanticVersion: "0.1.0-test", DocsRef: "v0.1.0-test", InformationURI: rules.RepositoryURL},
		Findings: fs, Rules: enabled, Levels: levels, WorkDir: "services",
		Summary: NewSummary(fs, 3, 2),
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

func TestFormatsGolden(t *testing.T) {
	for _, name := range FormatNames() {
		t.Run(name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := Formats[name](&a, fixture()); err != nil {
				t.Fatal(err)
			}
			if err := Formats[name](&b, fixture()); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two renderings of the same input differ")
			}
			golden(t, "golden."+name, a.Bytes())
		})
	}
}

func TestStepSummaryGolden(t *testing.T) {
	var b bytes.Buffer
	if err := GitHubStepSummary(&b, fixture()); err != nil {
		t.Fatal(err)
	}
	golden(t, "golden.step-summary.md", b.Bytes())
}

// TestStepSummaryPicture: the picture the caller passes in is embedded as a mermaid block,
// as it is given; without one the summary has none.
func TestStepSummaryPicture(t *testing.T) {
	in := fixture()
	in.Picture = "flowchart LR\n  a --> b\n"
	var b bytes.Buffer
	if err := GitHubStepSummary(&b, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\n### Functions\n\n```mermaid\nflowchart LR\n  a --> b\n```\n") {
		t.Errorf("no mermaid block in:\n%s", b.String())
	}
	in.Picture = ""
	b.Reset()
	_ = GitHubStepSummary(&b, in)
	if strings.Contains(b.String(), "mermaid") {
		t.Errorf("a mermaid block without a picture:\n%s", b.String())
	}
}

func TestTextColor(t *testing.T) {
	in := fixture()
	in.Color = true
	var b bytes.Buffer
	if err := Text(&b, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ansiYellow+"warning SLS603"+ansiReset) {
		t.Errorf("no colour in:\n%q", b.String())
	}
	in.Color = false
	b.Reset()
	_ = Text(&b, in)
	if strings.Contains(b.String(), "\x1b[") {
		t.Error("colour without Color")
	}
}

// TestSARIFValid validates the SARIF output against the OASIS 2.1.0 schema and GitHub code
// scanning's ingestion rules, for the fixture and for a clean run.
func TestSARIFValid(t *testing.T) {
	clean := fixture()
	clean.Findings = nil
	clean.SARIFCategory = "slslint/orders"
	for name, in := range map[string]*Input{"fixture": fixture(), "clean": clean} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := SARIF(&b, in); err != nil {
				t.Fatal(err)
			}
			jsonschematest.Validate(t, jsonschematest.SARIF, b.Bytes())
			CheckGitHubSARIF(t, b.Bytes(), len(unsuppressed(in.Findings)))
		})
	}
}

func sarifLog(t *testing.T, in *Input) *sarif.Report {
	t.Helper()
	var b bytes.Buffer
	if err := SARIF(&b, in); err != nil {
		t.Fatal(err)
	}
	jsonschematest.Validate(t, jsonschematest.SARIF, b.Bytes())
	log, err := sarif.FromBytes(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return log
}

// Suppressed and baselined findings are not results unless an audit asks for them: code
// scanning shows uploaded results as alerts, suppressions or not.
func TestSARIFSuppressed(t *testing.T) {
	log := sarifLog(t, fixture())
	for _, r := range log.Runs[0].Results {
		if len(r.Suppressions) > 0 || strings.HasPrefix(*r.Message.Text, "suppressed") {
			t.Errorf("a suppressed finding is a result: %s", *r.Message.Text)
		}
	}
	if n := len(log.Runs[0].Results); n != 3 {
		t.Errorf("%d results, want the 3 unsuppressed findings", n)
	}
	in := fixture()
	in.IncludeSuppressed = true
	log = sarifLog(t, in)
	kinds := map[string]string{}
	for _, r := range log.Runs[0].Results {
		for _, s := range r.Suppressions {
			kinds[*s.Kind] = *s.Justification
		}
	}
	if kinds["inSource"] != "wrapped until JIRA-42" || kinds["external"] == "" || len(log.Runs[0].Results) != 5 {
		t.Errorf("--include-suppressed: %d results, suppressions %v", len(log.Runs[0].Results), kinds)
	}
}

// Every related location is linked from the message, the only way code scanning shows it.
func TestSARIFRelatedLinks(t *testing.T) {
	log := sarifLog(t, fixture())
	var found bool
	for _, r := range log.Runs[0].Results {
		if len(r.RelatedLocations) == 0 {
			continue
		}
		found = true
		for _, rl := range r.RelatedLocations {
			link := fmt.Sprintf("[%s](%d)", *rl.Message.Text, rl.ID)
			if !strings.Contains(*r.Message.Text, link) {
				t.Errorf("message %q does not link related location %d with %s", *r.Message.Text, rl.ID, link)
			}
		}
	}
	if !found {
		t.Fatal("the fixture has no related locations")
	}
	// Brackets in the text cannot be read as links.
	if got := linkedMessage("set [ReportBatchItemFailures](1)", []finding.Related{{Message: "a[0]"}}); got != `set \[ReportBatchItemFailures\](1)`+"\n\nRelated locations: "+`[a\[0\]](1).` {
		t.Errorf("linkedMessage = %q", got)
	}
}

// The driver says which slslint ran, and rule documentation links point at that version.
func TestSARIFVersion(t *testing.T) {
	log := sarifLog(t, fixture())
	d := log.Runs[0].Tool.Driver
	if d.Version == nil || *d.Version != "v0.1.0-test" || d.SemanticVersion == nil || *d.SemanticVersion != "0.1.0-test" {
		t.Errorf("driver version %v, semanticVersion %v", d.Version, d.SemanticVersion)
	}
	for _, r := range d.Rules {
		if !strings.Contains(*r.HelpURI, "/blob/v0.1.0-test/docs/rules/") {
			t.Errorf("%s helpUri %s is not at the version's tag", *r.ID, *r.HelpURI)
		}
	}
	// A build that is not a release has a version but no semanticVersion.
	in := fixture()
	in.Tool.Version, in.Tool.SemanticVersion, in.Tool.DocsRef = "devel-0123456789ab", "", "0123456789abcdef"
	d = sarifLog(t, in).Runs[0].Tool.Driver
	if d.Version == nil || *d.Version != "devel-0123456789ab" || d.SemanticVersion != nil || !strings.Contains(*d.Rules[0].HelpURI, "/blob/0123456789abcdef/") {
		t.Errorf("devel build: version %v, semanticVersion %v, helpUri %s", d.Version, d.SemanticVersion, *d.Rules[0].HelpURI)
	}
}

// A file outside the repository is never a SARIF location: a result there becomes a tool
// notification, a related location there is left out.
func TestSARIFOutsideRepository(t *testing.T) {
	in := fixture()
	in.Findings = append(in.Findings,
		&finding.Finding{Rule: rules.ParseError, Level: rules.Error, Message: "variables file is outside the repository root and is not read",
			Location: finding.Location{Path: "../vars/prod.tfvars", Line: 1, Column: 1, EndLine: 1, EndColumn: 2}, Fingerprint: "1"},
		&finding.Finding{Rule: rules.DeprecatedAWSSDK, Level: rules.Warning, Message: "m",
			Location: finding.Location{Path: "a.go", Line: 1, Column: 1, EndLine: 1, EndColumn: 2}, Fingerprint: "2",
			Related: []finding.Related{
				{Location: finding.Location{Path: "/etc/x.tfvars", Line: 1, Column: 1, EndLine: 1, EndColumn: 2}, Message: "absolute"},
				{Location: finding.Location{Path: "b.go", Line: 2, Column: 1, EndLine: 2, EndColumn: 2}, Message: "inside"},
			}})
	finding.Sort(in.Findings)
	var b bytes.Buffer
	if err := SARIF(&b, in); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte(`"uri": "../`)) || bytes.Contains(b.Bytes(), []byte(`"uri": "/`)) || bytes.Contains(b.Bytes(), []byte(`%2Fetc`)) {
		t.Errorf("a location outside the repository:\n%s", b.String())
	}
	log := sarifLog(t, in)
	notes := log.Runs[0].Invocations[0].ToolExecutionNotifications
	if len(notes) != 1 || !strings.Contains(*notes[0].Message.Text, "../vars/prod.tfvars") || notes[0].Level != "error" {
		t.Errorf("notifications: %+v", notes)
	}
	for _, r := range log.Runs[0].Results {
		if r.RuleID != nil && *r.RuleID == rules.DeprecatedAWSSDK.ID && *r.Message.Text == "m" {
			t.Errorf("the outside related location was linked: %q", *r.Message.Text)
		}
	}
}

// The log stays within code scanning's limits and says what it left out.
func TestSARIFLimits(t *testing.T) {
	in := fixture()
	in.Findings = nil
	for i := range sarifMaxResults + 10 {
		lvl := rules.Note
		if i%1000 == 0 {
			lvl = rules.Error
		}
		in.Findings = append(in.Findings, &finding.Finding{Rule: rules.DeprecatedAWSSDK, Level: lvl, Message: "m",
			Location: finding.Location{Path: "a.go", Line: i + 1, Column: 1, EndLine: i + 1, EndColumn: 2}, Fingerprint: fmt.Sprint(i)})
	}
	long := &finding.Finding{Rule: rules.DeprecatedAWSSDK, Level: rules.Error, Message: "long", Flow: true,
		Location: finding.Location{Path: "b.go", Line: 1, Column: 1, EndLine: 1, EndColumn: 2}, Fingerprint: "long"}
	for i := range sarifMaxLocations + 5 {
		long.Related = append(long.Related, finding.Related{Location: finding.Location{Path: "c.go", Line: i + 1, Column: 1, EndLine: i + 1, EndColumn: 2}, Message: "step"})
	}
	in.Findings = append(in.Findings, long)
	finding.Sort(in.Findings)
	var warnings []string
	in.Warn = func(msg string) { warnings = append(warnings, msg) }
	var b bytes.Buffer
	if err := SARIF(&b, in); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Level            string            `json:"level"`
				RelatedLocations []json.RawMessage `json:"relatedLocations"`
				CodeFlows        []struct {
					ThreadFlows []struct {
						Locations []json.RawMessage `json:"locations"`
					} `json:"threadFlows"`
				} `json:"codeFlows"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	res := log.Runs[0].Results
	if len(res) != sarifMaxResults {
		t.Fatalf("%d results, want %d", len(res), sarifMaxResults)
	}
	errors := 0
	for _, r := range res {
		if r.Level == "error" {
			errors++
		}
		if len(r.RelatedLocations) > sarifMaxLocations {
			t.Errorf("%d related locations", len(r.RelatedLocations))
		}
		for _, f := range r.CodeFlows {
			for _, tf := range f.ThreadFlows {
				if len(tf.Locations) > sarifMaxFlowLocations {
					t.Errorf("%d thread flow locations", len(tf.Locations))
				}
			}
		}
	}
	if errors != 27 { // the 26 errors among the notes and the long one: the most severe stay
		t.Errorf("%d errors kept, want 27", errors)
	}
	joined := strings.Join(warnings, "\n")
	if !strings.Contains(joined, "holds the 25000 most severe of 25011 findings") || !strings.Contains(joined, "1000 of its 1005 related locations") {
		t.Errorf("warnings:\n%s", joined)
	}
}

// CheckGitHubSARIF asserts what GitHub code scanning requires beyond the schema.
func CheckGitHubSARIF(t *testing.T, doc []byte, results int) {
	t.Helper()
	if bytes.Contains(doc, []byte(": null")) {
		t.Error("SARIF contains null values")
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name    string `json:"name"`
					Version string `json:"version"`
					Rules   []struct {
						ID   string `json:"id"`
						Help struct {
							Text     string `json:"text"`
							Markdown string `json:"markdown"`
						} `json:"help"`
						HelpURI string         `json:"helpUri"`
						Props   map[string]any `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					Physical struct {
						Artifact struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine, StartColumn, EndLine, EndColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(doc, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name == "" || run.Tool.Driver.Version == "" {
		t.Error("tool.driver lacks name or version")
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.Help.Text == "" || r.Help.Markdown == "" || r.HelpURI == "" {
			t.Errorf("rule %s lacks help or helpUri", r.ID)
		}
		if rule, ok := rules.Lookup(r.ID); ok && rule.HasTag(rules.Security) && r.Props["security-severity"] == nil {
			t.Errorf("security rule %s lacks security-severity", r.ID)
		}
	}
	if len(run.Results) != results {
		t.Errorf("%d results, want %d", len(run.Results), results)
	}
	for i, res := range run.Results {
		where := fmt.Sprintf("result %d (%s)", i, res.RuleID)
		if res.RuleIndex < 0 || res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("%s: ruleIndex %d does not point at its rule", where, res.RuleIndex)
		}
		if res.Level == "" {
			t.Errorf("%s: no explicit level", where)
		}
		if len(res.Locations) != 1 {
			t.Errorf("%s: %d locations, want 1", where, len(res.Locations))
			continue
		}
		p := res.Locations[0].Physical
		if p.Artifact.URI == "" || strings.HasPrefix(p.Artifact.URI, "/") || strings.Contains(p.Artifact.URI, "://") ||
			strings.Contains(p.Artifact.URI, `\`) || p.Artifact.URIBaseID != "%SRCROOT%" {
			t.Errorf("%s: URI %q (base %q) is not repository-relative", where, p.Artifact.URI, p.Artifact.URIBaseID)
		}
		r := p.Region
		if r.StartLine < 1 || r.StartColumn < 1 || r.EndLine < r.StartLine || (r.EndLine == r.StartLine && r.EndColumn <= r.StartColumn) {
			t.Errorf("%s: incomplete region %+v", where, r)
		}
		if res.PartialFingerprints["primaryLocationLineHash"] == "" {
			t.Errorf("%s: no primaryLocationLineHash", where)
		}
	}
}

func TestJSONValid(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, fixture()); err != nil {
		t.Fatal(err)
	}
	jsonschematest.Validate(t, jsonschematest.JSONOutput, b.Bytes())
}

func TestGitHubAnnotationLimit(t *testing.T) {
	in := fixture()
	var fs []*finding.Finding
	for i := 0; i < 25; i++ {
		for _, lvl := range []rules.Level{rules.Error, rules.Warning, rules.Note} {
			fs = append(fs, &finding.Finding{Rule: rules.DeprecatedAWSSDK, Level: lvl, Message: "m",
				Location: finding.Location{Path: "a.go", Line: i + 1, Column: 1, EndLine: i + 1, EndColumn: 2}})
		}
	}
	in.Findings = fs
	var b bytes.Buffer
	if err := GitHub(&b, in); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	count := func(prefix string) int {
		return strings.Count(out, "\n"+prefix) + map[bool]int{true: 1}[strings.HasPrefix(out, prefix)]
	}
	if n := count("::error "); n != annotationLimit {
		t.Errorf("%d error annotations, want %d", n, annotationLimit)
	}
	if n := count("::warning "); n != annotationLimit {
		t.Errorf("%d warning annotations, want %d", n, annotationLimit)
	}
	if n := count("::notice "); n != annotationLimit {
		t.Errorf("%d notices (9 findings and the overflow notice), want %d", n, annotationLimit)
	}
	if !strings.Contains(out, "46 more findings are not shown as annotations") {
		t.Errorf("no overflow notice:\n%s", out)
	}
	if strings.Index(out, "::error ") > strings.Index(out, "::warning ") || strings.Index(out, "::warning ") > strings.Index(out, "::notice ") {
		t.Error("annotations are not most severe first")
	}
}

// The text format says each finding's level in words (CI logs have no colour) and, with
// Verbose, its detail on the line below.
func TestTextLevelAndVerbose(t *testing.T) {
	in := fixture()
	var b bytes.Buffer
	if err := Text(&b, in); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"orders/store/store.go:7:2: warning SLS603 import of \"github.com/aws/aws-sdk-go/aws/session\" (deprecated-aws-sdk)\n    orders/main.go:20:2:",
		"../template.yaml:4:1: error SLS000 ",
		"../template.yaml:9:20: note SLS001 ",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "migrate to") {
		t.Errorf("the detail is printed without Verbose:\n%s", b.String())
	}
	in.Verbose = true
	b.Reset()
	_ = Text(&b, in)
	if want := "(deprecated-aws-sdk)\n    migrate to aws-sdk-go-v2, 100% | safe, \"quoted\"\n    orders/main.go:20:2:"; !strings.Contains(b.String(), want) {
		t.Errorf("Verbose text lacks %q:\n%s", want, b.String())
	}
}

// Paths, names and messages from the scanned repository cannot inject a line into a CI log
// (a GitHub Actions workflow command) or a terminal escape, in any format.
func TestNoInjection(t *testing.T) {
	const hostile = "x\n::warning file=README.md,line=1::INJECTED"
	in := fixture()
	in.Findings = []*finding.Finding{{
		Rule: rules.DeprecatedAWSSDK, Level: rules.Warning,
		Message: "import in " + hostile + " \x1b[2J", Detail: "detail " + hostile,
		Location:    finding.Location{Path: hostile + "/main.go", Line: 3, Column: 1, EndLine: 3, EndColumn: 9},
		Related:     []finding.Related{{Location: finding.Location{Path: hostile + "/b.go", Line: 1, Column: 1, EndLine: 1, EndColumn: 2}, Message: "via " + hostile}},
		Fingerprint: "ffff", LineHash: "1:1",
	}}
	in.Verbose = true
	in.Summary = NewSummary(in.Findings, 1, 0)
	outputs := map[string]func(io.Writer, *Input) error{"step-summary": GitHubStepSummary}
	for name, f := range Formats {
		outputs[name] = f
	}
	for name, write := range outputs {
		var b bytes.Buffer
		if err := write(&b, in); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(b.String(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "::warning file=README.md") {
				t.Errorf("%s: injected workflow command: %q", name, line)
			}
		}
		if strings.Contains(b.String(), "\x1b") {
			t.Errorf("%s: a terminal escape reached the output", name)
		}
	}
}

func TestEscaping(t *testing.T) {
	if got := escapeData("100% done\r\nnext"); got != "100%25 done%0D%0Anext" {
		t.Errorf("escapeData = %q", got)
	}
	if got := escapeProperty("a:b,c%"); got != "a%3Ab%2Cc%25" {
		t.Errorf("escapeProperty = %q", got)
	}
}

func TestRelTo(t *testing.T) {
	for _, tt := range []struct{ dir, p, want string }{
		{".", "a/b.go", "a/b.go"},
		{"a", "a/b.go", "b.go"},
		{"a/c", "a/b.go", "../b.go"},
		{"x", "a/b.go", "../a/b.go"},
		{"a", "a", "../a"},
	} {
		if got := relTo(tt.dir, tt.p); got != tt.want {
			t.Errorf("relTo(%q, %q) = %q, want %q", tt.dir, tt.p, got, tt.want)
		}
	}
}

func TestSummaryString(t *testing.T) {
	s := Summary{Findings: 12, Errors: 3, Warnings: 9, Suppressed: 2, Packages: 48, Templates: 7}
	if got, want := s.String(), "12 findings (3 errors, 9 warnings) in 48 packages and 7 templates, 2 suppressed"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := (Summary{Packages: 1, Templates: 1}).String(), "0 findings in 1 package and 1 template"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestXMLWellFormedAndFingerprintsUnique(t *testing.T) {
	for _, name := range []string{"checkstyle", "junit-xml"} {
		var b bytes.Buffer
		if err := Formats[name](&b, fixture()); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(&b)
		for {
			if _, err := dec.Token(); err != nil {
				if err != io.EOF {
					t.Errorf("%s: not well-formed XML: %v", name, err)
				}
				break
			}
		}
	}
	var b bytes.Buffer
	if err := CodeClimate(&b, fixture()); err != nil {
		t.Fatal(err)
	}
	var issues []struct {
		Fingerprint string `json:"fingerprint"`
	}
	if err := json.Unmarshal(b.Bytes(), &issues); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, i := range issues {
		if i.Fingerprint == "" || seen[i.Fingerprint] {
			t.Errorf("code-climate fingerprint %q is empty or repeated", i.Fingerprint)
		}
		seen[i.Fingerprint] = true
	}
	if len(issues) != 3 {
		t.Errorf("%d code-climate issues, want the 3 unsuppressed findings", len(issues))
	}
}

// SARIF regions count UTF-16 code units; the other formats keep byte columns.
func TestSARIFColumnsAreUTF16(t *testing.T) {
	in := fixture()
	in.Findings = []*finding.Finding{{
		Rule: rules.DeprecatedAWSSDK, Level: rules.Warning, Message: "m",
		Location: finding.Location{Path: "a.go", Line: 3, Column: 9, EndLine: 3, EndColumn: 13,
			UTF16Column: 6, UTF16EndColumn: 10},
	}}
	var b bytes.Buffer
	if err := SARIF(&b, in); err != nil {
		t.Fatal(err)
	}
	log, err := sarif.FromBytes(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0].Results[0].Locations[0].PhysicalLocation.Region
	if *r.StartColumn != 6 || *r.EndColumn != 10 {
		t.Errorf("SARIF region columns %d-%d, want 6-10", *r.StartColumn, *r.EndColumn)
	}
	b.Reset()
	if err := Text(&b, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ":3:9: ") {
		t.Errorf("text output lost the byte column:\n%s", b.String())
	}
}
