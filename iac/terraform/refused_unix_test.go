//go:build unix

package terraform

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slslint/slslint/iac/model"
)

// TestNamedPipeArgument: file() and templatefile() on a named pipe return at once with an
// SLS000 warning at the call, instead of waiting for a writer forever.
func TestNamedPipeArgument(t *testing.T) {
	repo := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(repo, "pipe.json"), 0o644); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	done := make(chan *model.Model, 1)
	go func() {
		done <- loadDir(t, repo, map[string]string{"main.tf": `
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "r"
  environment {
    variables = {
      A = file("pipe.json")
      B = templatefile("${path.module}/pipe.json", {})
    }
  }
}
`})
	}()
	var m *model.Model
	select {
	case m = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("reading a named pipe blocked the loader")
	}
	var msgs []string
	for _, pr := range m.Problems {
		msgs = append(msgs, pos(pr.Range)+" "+pr.Message)
	}
	want := []string{
		`main.tf:7:11 file: the path "pipe.json" is not a regular file: it is a named pipe; it is not read and the value is unknown`,
		`main.tf:8:11 templatefile: the path "./pipe.json" is not a regular file: it is a named pipe; it is not read and the value is unknown`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}
