package finding

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/rules"
)

// The expected hashes are the published test vectors of GitHub's codeql-action
// (src/fingerprints.test.ts), so a change that breaks compatibility with the upload action
// fails here.
func TestLineHashesMatchCodeQLAction(t *testing.T) {
	const greetings = " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n"
	withNewline := []string{
		"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
		"b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1",
	}
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{"c129715d7a2bc9a3:1"}},
		{" a\nb\n  \t\tc\n d", []string{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"}},
		{" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End", []string{
			"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
			"b86d3392aea1be30:1", "e6ceba753e1a442:1",
		}},
		{greetings, withNewline},
		{" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", withNewline},
		{" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", withNewline},
		{" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", withNewline},
		{strings.Repeat("Lorem ipsum dolor sit amet.\n", 10), []string{
			"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
			"a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
			"55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
		}},
	}
	for _, tt := range tests {
		got := LineHashes([]byte(tt.in))
		if len(got) != len(tt.want) {
			t.Errorf("LineHashes(%q): %d lines, want %d", tt.in, len(got), len(tt.want))
		}
		for i, want := range tt.want {
			if got[i+1] != want {
				t.Errorf("LineHashes(%q) line %d = %q, want %q", tt.in, i+1, got[i+1], want)
			}
		}
	}
}

func TestFingerprintsSurviveLineShifts(t *testing.T) {
	before := "package p\n\nfunc f() {\n\tx := uuid.New()\n}\n"
	after := "package p\n\n// a comment\n\nfunc f() {\n        x := uuid.New()\n}\n"
	mk := func(line int) *Finding {
		return &Finding{Rule: rules.ParseError, Location: Location{Path: "p.go", Line: line, Column: 2}}
	}
	a, b := mk(4), mk(6)
	Fingerprints([]*Finding{a}, func(string) ([]byte, bool) { return []byte(before), true })
	Fingerprints([]*Finding{b}, func(string) ([]byte, bool) { return []byte(after), true })
	if a.Fingerprint == "" || a.Fingerprint != b.Fingerprint {
		t.Errorf("fingerprint changed with a line shift: %q vs %q", a.Fingerprint, b.Fingerprint)
	}
	if a.LineHash == "" {
		t.Error("no line hash")
	}

	// Two findings of one rule on identical lines stay distinct.
	twice := "x := uuid.New()\nx := uuid.New()\n"
	c, d := mk(1), mk(2)
	Fingerprints([]*Finding{c, d}, func(string) ([]byte, bool) { return []byte(twice), true })
	if c.Fingerprint == d.Fingerprint {
		t.Error("identical lines got identical fingerprints")
	}

	// Without source, the message stands in for the line.
	e, f := mk(1), mk(1)
	e.Message, f.Message = "one", "two"
	Fingerprints([]*Finding{e, f}, func(string) ([]byte, bool) { return nil, false })
	if e.Fingerprint == f.Fingerprint || e.LineHash != "" {
		t.Errorf("fingerprints without source: %q %q %q", e.Fingerprint, f.Fingerprint, e.LineHash)
	}
}

// Hashing a file only for its findings' lines gives the same hashes for those lines.
func TestLineHashesWanted(t *testing.T) {
	src := []byte(strings.Repeat("line of text\n\tindented: x\n", 200))
	all := LineHashes(src)
	for _, want := range []map[int]bool{{1: true}, {2: true, 57: true}, {399: true}, {3: true, 400: true, 401: true}} {
		some := lineHashes(src, want)
		for l := range want {
			if some[l] != all[l] {
				t.Fatalf("lines %v: line %d hash %q, want %q", want, l, some[l], all[l])
			}
		}
	}
}

// TestFingerprintsOnLongLines: findings on one long line (a minified template) are told
// apart by their own text, stay stable when the rest of the line changes, and each costs
// a bounded window; short lines keep whole-line fingerprints.
func TestFingerprintsOnLongLines(t *testing.T) {
	mk := func(src string, cols ...int) []*Finding {
		var fs []*Finding
		for _, c := range cols {
			fs = append(fs, &Finding{Rule: rules.ParseError, Location: Location{Path: "t.json", Line: 1, Column: c, EndLine: 1, EndColumn: c + 9}})
		}
		Fingerprints(fs, func(string) ([]byte, bool) { return []byte(src), true })
		return fs
	}
	pad := strings.Repeat(`"Pad":{"Type":"AWS::SNS::Topic"},`, 100)
	long := `{"A":{"Type":"AWS::SQS::Queue"},` + pad + `"B":{"Type":"AWS::SQS::Queue"}}`
	colB := strings.Index(long, `"B"`) + 1
	fs := mk(long, 2, colB)
	if fs[0].Fingerprint == fs[1].Fingerprint {
		t.Error("two findings on a long line share a fingerprint")
	}
	// The same resources with different padding: each finding keeps its fingerprint.
	long2 := `{"A":{"Type":"AWS::SQS::Queue"},` + strings.Repeat(`"Other":{"Type":"AWS::SNS::Topic"},`, 90) + `"B":{"Type":"AWS::SQS::Queue"}}`
	fs2 := mk(long2, 2, strings.Index(long2, `"B"`)+1)
	if fs[0].Fingerprint != fs2[0].Fingerprint || fs[1].Fingerprint != fs2[1].Fingerprint {
		t.Error("fingerprints on a long line change when other parts of the line change")
	}
	// On a short line, the whole line counts: the same findings elsewhere on it share the
	// line's text and differ by occurrence only.
	short := mk(`{"A":{"Type":"AWS::SQS::Queue"},"B":{"Type":"AWS::SQS::Queue"}}`, 2, 34)
	shortMoved := mk(`{"A":{"Type":"AWS::SQS::Queue"},"B":{"Type":"AWS::SQS::Queue"}}`, 3, 35)
	if short[0].Fingerprint != shortMoved[0].Fingerprint || short[0].Fingerprint == short[1].Fingerprint {
		t.Error("short-line fingerprints are not whole-line fingerprints")
	}
}
