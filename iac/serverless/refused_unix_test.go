//go:build unix

package serverless

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slslint/slslint/iac/model"
)

// TestRefusedIncludes: ${file()} of a file behind a link out of the repository, or of a
// named pipe, is not read: the include is unknown and an SLS000 warning at the variable
// quotes the path as written and nothing of the target; the same include through a link
// inside the repository is read. Nothing blocks.
func TestRefusedIncludes(t *testing.T) {
	const secret = "OUTSIDE-SECRET-90ab"
	base := t.TempDir()
	repo, outside := filepath.Join(base, "repo"), filepath.Join(base, "outside")
	for _, d := range []string{repo, outside, filepath.Join(repo, "conf")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "env.yml"), []byte("timeout: 17\nname: "+secret+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "conf", "env.yml"), []byte("timeout: 21\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../outside", filepath.Join(repo, "d")); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink("conf", filepath.Join(repo, "in")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(repo, "pipe.yml"), 0o644); err != nil {
		t.Skip(err)
	}
	yml := `service: svc
provider:
  name: aws
functions:
  out:
    handler: bootstrap
    timeout: ${file(d/env.yml):timeout}
  pipe:
    handler: bootstrap
    timeout: ${file(pipe.yml):timeout}
  in:
    handler: bootstrap
    timeout: ${file(in/env.yml):timeout}
`
	if err := os.WriteFile(filepath.Join(repo, "serverless.yml"), []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan *model.Model, 1)
	go func() { done <- loadDir(repo, "serverless.yml") }()
	var m *model.Model
	select {
	case m = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("an include blocked the loader")
	}
	if len(m.Projects) != 1 {
		t.Fatalf("projects = %v, problems = %v", m.Projects, m.Problems)
	}
	timeouts := map[string]model.Attr[int]{}
	for _, f := range m.Projects[0].Functions {
		timeouts[f.ID] = f.TimeoutSeconds
	}
	if timeouts["out"].Known() || timeouts["pipe"].Known() {
		t.Errorf("refused includes were read: out %v, pipe %v", timeouts["out"], timeouts["pipe"])
	}
	if a := timeouts["in"]; !a.Known() || a.Value != 21 {
		t.Errorf("in = %+v, want 21 read through a link inside the repository", a)
	}
	var got []string
	for _, p := range m.Problems {
		if p.Level != model.ProblemWarning {
			t.Errorf("%s:%d: level %d, want a warning", p.File, p.Line, p.Level)
		}
		if strings.Contains(p.Message, secret) || strings.Contains(p.Message, base) {
			t.Errorf("the message quotes the target: %s", p.Message)
		}
		got = append(got, fmt.Sprintf("%s:%d:%d %s", p.File, p.Line, p.Column, p.Message))
	}
	want := []string{
		"serverless.yml:7:14 ${file(d/env.yml)}: the path resolves outside the repository; it is not read and the value is unknown",
		"serverless.yml:10:14 ${file(pipe.yml)}: the path is not a regular file: it is a named pipe; it is not read and the value is unknown",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
