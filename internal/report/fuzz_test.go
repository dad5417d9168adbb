package report

import (
	"bytes"
	"net/url"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/internal/jsonschematest"
	"github.com/slslint/slslint/rules"
)

// FuzzSARIFRoundTrip: whatever a finding's message and path contain, the SARIF log is
// valid against the 2.1.0 schema and reads back with the same message and URI (or, for a
// path outside the repository, holds it as a tool notification).
func FuzzSARIFRoundTrip(f *testing.F) {
	f.Add("import of \"x\": 100% | <b>&", "a/b.go", 3, 5)
	f.Add("line\nbreak\r\n\ttab \x00 nul \xff invalid", "dir with space/ü.yaml", 1, 1)
	f.Add("", "x", 0, 0)
	f.Add("m", "%X0000", 1, 1)
	f.Add("m", "c:/a b/#1?.tf", 1, 1)
	f.Fuzz(func(t *testing.T, msg, path string, line, col int) {
		if path == "" {
			path = "x"
		}
		line, col = max(line%100000, 1), max(col%1000, 1)
		in := fixture()
		in.Findings = []*finding.Finding{{
			Rule: rules.DeprecatedAWSSDK, Level: rules.Warning, Message: msg,
			Location:    finding.Location{Path: path, Line: line, Column: col, EndLine: line, EndColumn: col + 1},
			Fingerprint: "f", LineHash: "1:1",
		}}
		var b bytes.Buffer
		if err := SARIF(&b, in); err != nil {
			t.Fatal(err)
		}
		if err := jsonschematest.Check(jsonschematest.SARIF, b.Bytes()); err != nil {
			t.Fatalf("invalid SARIF for %q at %q: %v", msg, path, err)
		}
		log, err := sarif.FromBytes(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if !insideRepository(path) {
			// A path outside the repository is never a location: a tool notification.
			if len(log.Runs[0].Results) != 0 || len(log.Runs[0].Invocations) != 1 {
				t.Fatalf("path %q outside the repository: %d results", path, len(log.Runs[0].Results))
			}
			return
		}
		res := log.Runs[0].Results[0]
		wantMsg := string([]rune(msg)) // invalid UTF-8 becomes U+FFFD in JSON
		if got := *res.Message.Text; got != wantMsg {
			t.Fatalf("message %q came back as %q", wantMsg, got)
		}
		uri := *res.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if got, err := url.PathUnescape(uri); err != nil || got != path {
			t.Fatalf("path %q came back as uri %q (%q, %v)", path, uri, got, err)
		}
	})
}
