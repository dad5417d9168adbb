package inventory

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// The text inventory fits 120 columns however many triggers and findings a function has,
// and nothing from the repository can start a line of its own.
func TestTextFitsAndEscapes(t *testing.T) {
	f := &Function{Project: "x\n::warning file=README.md::INJECTED/template.yaml", Format: "cloudformation", ID: "Fn\x1b[2J",
		Findings: map[string]int{}, Link: Link{Package: "cmd/fn", Handler: "handle", Via: "directory cmd/fn"}}
	for i := range 40 {
		f.Triggers = append(f.Triggers, Trigger{Kind: "sqs", Source: fmt.Sprintf("Queue%02dWithALongName", i)})
		f.Findings[fmt.Sprintf("SLS%03d", 100+i)] = 1
	}
	inv := &Inventory{Functions: []*Function{f}}
	var b bytes.Buffer
	if err := Text(&b, inv, ""); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if n := utf8.RuneCountInString(line); n > textWidth {
			t.Errorf("%d columns: %q", n, line)
		}
		if strings.HasPrefix(line, "::") || strings.Contains(line, "\x1b") {
			t.Errorf("injected: %q", line)
		}
	}
	if !strings.Contains(b.String(), "  triggers  sqs Queue00WithALongName, sqs Queue01WithALongName,") ||
		!strings.Contains(b.String(), " sqs\n            Queue04WithALongName, sqs") {
		t.Errorf("long values are not wrapped under themselves:\n%s", b.String())
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"wide":     func(b *bytes.Buffer) error { return TextWide(b, inv, "") },
		"markdown": func(b *bytes.Buffer) error { return Markdown(b, inv, "") },
		"mermaid":  func(b *bytes.Buffer) error { return Mermaid(b, inv, "") },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(b.String(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "::") || strings.Contains(line, "\x1b") {
				t.Errorf("%s: injected: %q", name, line)
			}
		}
	}
}
