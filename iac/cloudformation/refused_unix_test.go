//go:build unix

package cloudformation

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slslint/slslint/iac/model"
)

// TestRefusedDocuments: a state machine's DefinitionUri behind a link out of the
// repository, or naming a named pipe, is not read: the definition is unknown and an
// SLS000 warning at the property quotes the path as written and nothing of the target.
// The same document through a link inside the repository is read. Nothing blocks.
func TestRefusedDocuments(t *testing.T) {
	const secret = "OUTSIDE-SECRET-c3d2"
	base := t.TempDir()
	repo, outside := filepath.Join(base, "repo"), filepath.Join(base, "outside")
	def := `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Comment": "%s", "End": true}}}`
	for p, c := range map[string]string{
		filepath.Join(outside, "sm.json"):      fmt.Sprintf(def, secret),
		filepath.Join(repo, "defs", "sm.json"): fmt.Sprintf(def, "inside"),
	} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("../outside", filepath.Join(repo, "d")); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink("defs", filepath.Join(repo, "in")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(repo, "pipe.json"), 0o644); err != nil {
		t.Skip(err)
	}
	tmpl := `Transform: AWS::Serverless-2016-10-31
Resources:
  Out:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: d/sm.json
  Pipe:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: pipe.json
  In:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: in/sm.json
`
	if err := os.WriteFile(filepath.Join(repo, "template.yaml"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan *model.Model, 1)
	go func() {
		m := &model.Model{}
		Load(context.Background(), m, []model.Source{{Format: model.CloudFormation, Abs: filepath.Join(repo, "template.yaml"), Rel: "template.yaml"}}, Options{Root: repo})
		done <- m
	}()
	var m *model.Model
	select {
	case m = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a DefinitionUri blocked the loader")
	}
	unknown := map[string]bool{}
	for _, sm := range m.Projects[0].StateMachines {
		unknown[sm.ID] = sm.DefinitionUnknown
	}
	if !unknown["Out"] || !unknown["Pipe"] || unknown["In"] {
		t.Errorf("definitions unknown = %v, want Out and Pipe unknown, In read", unknown)
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
		"template.yaml:6:22 d/sm.json resolves outside the repository; it is not read",
		"template.yaml:10:22 pipe.json is not a regular file: it is a named pipe; it is not read",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range m.Projects[0].Files {
		if strings.HasPrefix(f, "d/") {
			t.Errorf("project files include %s", f)
		}
	}
}
