package serverless

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slslint/slslint/iac/model"
)

// Hostile and broken input becomes a problem at its position, fast, and never a crash.
func TestHostileInput(t *testing.T) {
	var bomb strings.Builder
	bomb.WriteString("service: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		prev := "*a" + strconv.Itoa(i-1)
		bomb.WriteString("a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [" + strings.Repeat(prev+", ", 9) + prev + "]\n")
	}
	bomb.WriteString("functions:\n  f:\n    handler: h\n    environment: {X: *a9}\n")

	deep := "service: deep\ncustom: " + strings.Repeat("[", maxDepth+10) + strings.Repeat("]", maxDepth+10) + "\n"
	veryDeep := "service: deep\ncustom: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"

	var wide strings.Builder
	wide.WriteString("service: wide\ncustom:\n")
	for i := 0; i < 2000; i++ {
		wide.WriteString("  v" + strconv.Itoa(i) + ": ${self:custom.v" + strconv.Itoa(i+1) + ", 'x'}-${self:custom.v" + strconv.Itoa(i+1) + ", 'y'}\n")
	}

	tests := []struct {
		name    string
		src     string
		line    int // of the first problem; 0 for none
		project bool
	}{
		{name: "alias bomb", src: bomb.String(), line: 2},
		{name: "deep nesting", src: deep, line: 2},
		{name: "deeper than yaml allows", src: veryDeep, line: 2},
		{name: "invalid utf-8", src: "service: x\nprovider:\n  name: \xff\xfe\n", line: 3},
		{name: "unparsable", src: "service: x\nfunctions:\n  f: [unclosed\n  g: 1\n", line: 3},
		{name: "unclosed at end", src: "a: 1\nb: 2\nc: [1,\n", line: 4},
		{name: "scanner error", src: "a: 1\n  b: 2\n", line: 2},
		{name: "tab indentation", src: "service: x\nfunctions:\n\tf: 1\n", line: 3},
		{name: "top-level list", src: "- a\n- b\n", line: 1},
		{name: "empty", src: ""},
		{name: "only comments", src: "# nothing\n"},
		{name: "self alias", src: "service: x\ncustom: &c\n  a: *c\n", project: true, line: 3},
		{name: "wide variable chains", src: wide.String(), project: true, line: -1},
		{name: "huge string variable", src: "service: x\ncustom:\n  a: " + strings.Repeat("${self:service}", 50000) + "\n", project: true},
		{name: "nul bytes", src: "service: x\x00\n", line: 1},
		{name: "odd keys", src: "service: x\n? [complex, key]\n: v\nfunctions:\n  ? {a: 1}\n  : {handler: h}\n", project: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			dir := t.TempDir()
			ld := newTestLoader(dir)
			ld.p = nil
			ld.loadBytes([]byte(tc.src))
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			m := ld.m
			if tc.line == 0 && len(m.Problems) > 0 {
				t.Errorf("unexpected problems %v", m.Problems)
			}
			if tc.line != 0 {
				if len(m.Problems) == 0 {
					t.Fatalf("no problem, want one at line %d", tc.line)
				}
				if got := m.Problems[0].Line; tc.line > 0 && got != tc.line {
					t.Errorf("problem %q at line %d, want %d", m.Problems[0].Message, got, tc.line)
				}
				if m.Problems[0].File != "serverless.yml" {
					t.Errorf("problem in %q", m.Problems[0].File)
				}
			}
			if got := len(m.Projects) == 1; got != tc.project {
				t.Errorf("project loaded = %v, want %v", got, tc.project)
			}
		})
	}
}

// A file larger than model.MaxFileSize is a problem and is not read.
func TestFileTooLarge(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "serverless.yml")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(model.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	m := loadDir(dir, "serverless.yml")
	if len(m.Problems) != 1 || len(m.Projects) != 0 || !strings.Contains(m.Problems[0].Message, "larger") {
		t.Errorf("problems %v, %d projects", m.Problems, len(m.Projects))
	}
}

// ${file()} never reads outside the root, not even through a symbolic link, and a missing
// service file is a problem.
func TestFileConfinement(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.yml"), []byte("a: leaked\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := writeTree(t, map[string]string{"serverless.yml": "service: c\ncustom:\n  abs: ${file(" + filepath.Join(outside, "secret.yml") + "):a}\n  link: ${file(./link.yml):a}\n  up: ${file(../" + filepath.Base(outside) + "/secret.yml):a}\n"})
	if err := os.Symlink(filepath.Join(outside, "secret.yml"), filepath.Join(dir, "link.yml")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	ld := newTestLoader(dir)
	src, _ := os.ReadFile(filepath.Join(dir, "serverless.yml"))
	pf := parseYAML("serverless.yml", src)
	cfg := newResolver(ld, pf.root).resolve(pf.root, 0)
	for _, k := range []string{"abs", "link", "up"} {
		if v := cfg.path("custom", k); !v.unknown {
			t.Errorf("custom.%s = %q, want unknown", k, v.value)
		}
	}
	m := loadDir(t.TempDir(), "serverless.yml")
	if len(m.Problems) != 1 {
		t.Errorf("missing file: problems %v", m.Problems)
	}
}
