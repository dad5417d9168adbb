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
			Message:  `import of "github.com/aws/aws-sdk-go/aws/session": migrate to aws-sdk-go-v2, 100% | safe, "quoted"`,
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
		Tool:     Tool{Name: "slslint", Version: "v0.1.0-test", InformationURI: rules.RepositoryURL},
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
	if !strings.Contains(b.String(), ansiYellow+"SLS603"+ansiReset) {
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
			CheckGitHubSARIF(t, b.Bytes(), len(in.Findings))
		})
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
					Name            string `json:"name"`
					SemanticVersion string `json:"semanticVersion"`
					Rules           []struct {
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
	if run.Tool.Driver.Name == "" || run.Tool.Driver.SemanticVersion == "" {
		t.Error("tool.driver lacks name or semanticVersion")
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
