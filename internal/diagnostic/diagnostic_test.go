package diagnostic

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/rules"
)

func pass(t *testing.T, src string) (*analysis.Pass, *[]analysis.Diagnostic) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var got []analysis.Diagnostic
	return &analysis.Pass{Fset: fset, Files: []*ast.File{f}, Report: func(d analysis.Diagnostic) { got = append(got, d) }}, &got
}

func lineStart(p *analysis.Pass, line int) token.Pos {
	return p.Fset.File(p.Files[0].FileStart).LineStart(line)
}

// The first line of a message is what every driver shows; the rest only when asked.
func TestReportDetails(t *testing.T) {
	p, got := pass(t, "package p\n\nfunc f() {}\n")
	at := lineStart(p, 3)
	NewReporter(p, &Options{}).ReportRange(rules.DeprecatedAWSSDK, at, at+4, "what is wrong\nwhy and what to do")
	NewReporter(p, &Options{Details: true}).ReportRange(rules.DeprecatedAWSSDK, at, at+4, "what is wrong\nwhy and what to do")
	if len(*got) != 2 {
		t.Fatalf("%d diagnostics", len(*got))
	}
	if m := (*got)[0].Message; m != "SLS603: what is wrong" {
		t.Errorf("without -details: %q", m)
	}
	if m := (*got)[1].Message; m != "SLS603: what is wrong\nwhy and what to do" {
		t.Errorf("with -details: %q", m)
	}
	if h, d := Split(StripID("SLS603", (*got)[1].Message)); h != "what is wrong" || d != "why and what to do" {
		t.Errorf("Split = %q, %q", h, d)
	}
	if u := (*got)[0].URL; !strings.Contains(u, "/docs/rules/SLS603.md") {
		t.Errorf("URL %q", u)
	}
}

// A suppression at a related position of this package's files suppresses the finding, as
// under the slslint command; //nolint:slslint needs a reason unless allowed.
func TestReportSuppressedAtRelated(t *testing.T) {
	src := "package p\n\nfunc handler() {\n\tsave()\n}\n\nfunc save() {\n\t//slslint:ignore SLS603 the key is the client's\n\tkey()\n}\n\nfunc key() {}\n\nfunc other() {\n\tkey() //nolint:slslint\n}\n"
	p, got := pass(t, src)
	r := NewReporter(p, &Options{Directives: true})
	related := []analysis.RelatedInformation{{Pos: lineStart(p, 9), Message: "key built here"}}
	r.ReportRange(rules.DeprecatedAWSSDK, lineStart(p, 4), lineStart(p, 4)+6, "m", related...)
	if len(*got) != 0 {
		t.Errorf("a finding suppressed at its related location was reported: %v", (*got)[0].Message)
	}
	r.ReportRange(rules.DeprecatedAWSSDK, lineStart(p, 15), lineStart(p, 15)+5, "m")
	if len(*got) != 1 {
		t.Errorf("//nolint:slslint without a reason suppressed the finding")
	}
	p, got = pass(t, src)
	NewReporter(p, &Options{Directives: true, NolintWithoutReason: true}).ReportRange(rules.DeprecatedAWSSDK, lineStart(p, 15), lineStart(p, 15)+5, "m")
	if len(*got) != 0 {
		t.Errorf("-nolint-without-reason: the finding was reported")
	}
}
