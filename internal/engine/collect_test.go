package engine

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/internal/gitdiff"
	"github.com/slslint/slslint/rules"
)

func TestUTF16Column(t *testing.T) {
	src := []byte("a: x\n# é😀 = 1\r\nb: \xff z\n")
	for _, tc := range []struct{ line, col, want int }{
		{1, 1, 1},
		{1, 4, 4},
		{2, 3, 3},   // after "# "
		{2, 5, 4},   // after "# é" (2 bytes, 1 unit)
		{2, 9, 6},   // after "# é😀" (4 bytes, 2 units)
		{2, 13, 10}, // end of line: "# é😀 = 1" is 12 bytes, 9 units
		{2, 20, 17}, // past the end: one unit per byte
		{3, 6, 6},   // invalid UTF-8 counts one unit
		{9, 4, 4},   // no such line
	} {
		s := &runState{sources: &sourceCache{files: map[string][]byte{"f": src}, lineStarts: map[string][]int{}}}
		if got := s.utf16Column("f", tc.line, tc.col); got != tc.want {
			t.Errorf("line %d byte column %d: got %d, want %d", tc.line, tc.col, got, tc.want)
		}
	}
}

// onlyChanged keeps a finding whose location or related location is on a changed line, and
// the findings that say what was not analyzed; it drops the rest, suppression problems
// included.
func TestOnlyChanged(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	writeFile := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFile("handler.go", "1\n2\n3\n")
	writeFile("store.go", "1\n2\n3\n")
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	writeFile("store.go", "1\nchanged\n3\n")
	c, err := gitdiff.Since(context.Background(), dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	at := func(p string, line int) finding.Location { return finding.Location{Path: p, Line: line, Column: 1} }
	viaCallee := &finding.Finding{Rule: rules.NondeterministicWriteKey, Location: at("handler.go", 2),
		Related: []finding.Related{{Location: at("store.go", 2), Message: "key built here"}}}
	unchanged := &finding.Finding{Rule: rules.NondeterministicWriteKey, Location: at("handler.go", 3)}
	onChanged := &finding.Finding{Rule: rules.DeprecatedAWSSDK, Location: at("store.go", 2)}
	parseError := &finding.Finding{Rule: rules.ParseError, Location: at("handler.go", 1)}
	staleSuppression := &finding.Finding{Rule: rules.UnusedSuppression, Location: at("handler.go", 1)}
	kept, dropped := onlyChanged([]*finding.Finding{viaCallee, unchanged, onChanged, parseError, staleSuppression}, c)
	if got := summary(kept); got != summary([]*finding.Finding{viaCallee, onChanged, parseError}) || dropped != 2 {
		t.Errorf("kept:\n%s\ndropped %d", got, dropped)
	}
}

// TestUTF16ColumnOnLongLines: on a line longer than the checkpoint stride, with runes of
// every UTF-16 length and invalid bytes straddling the checkpoints, every column converts
// as decoding the whole prefix does.
func TestUTF16ColumnOnLongLines(t *testing.T) {
	var line []byte
	for i := 0; len(line) < 5*utf16Stride+7; i++ {
		switch i % 5 {
		case 0:
			line = append(line, "abc"...)
		case 1:
			line = append(line, "é"...)
		case 2:
			line = append(line, "😀"...)
		case 3:
			line = append(line, 0xff)
		case 4:
			line = append(line, "’"...)
		}
	}
	src := append([]byte("first\n"), line...)
	src = append(src, "\nlast\n"...)
	s := &runState{sources: &sourceCache{files: map[string][]byte{"f": src}, lineStarts: map[string][]int{}}}
	for col := 1; col <= len(line)+3; col++ {
		prefix := line[:min(col-1, len(line))]
		want := utf16Len(prefix) + col - len(prefix)
		if got := s.utf16Column("f", 2, col); got != want {
			t.Fatalf("byte column %d: got %d, want %d", col, got, want)
		}
	}
}
