//go:build unix

package discover

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestNamedPipesDoNotBlock: a named pipe with a template's name, or a link to one, is not
// opened: the walk finishes and finds the real templates.
func TestNamedPipesDoNotBlock(t *testing.T) {
	root := t.TempDir()
	write(t, root, "ok/template.yaml", "AWSTemplateFormatVersion: x\n")
	for _, p := range []string{"pipe/template.yaml", "pipe/main.tf", "pipe/serverless.yml"} {
		abs := filepath.Join(root, filepath.FromSlash(p))
		write(t, root, p, "")
		if err := syscall.Unlink(abs); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(abs, 0o644); err != nil {
			t.Skip(err)
		}
	}
	mustSymlink(t, filepath.Join(root, "pipe", "template.yaml"), filepath.Join(root, "link.yaml"))
	done := make(chan Result, 1)
	go func() { done <- Walk(Options{Root: root}, []Target{{Abs: root, Recursive: true}}) }()
	select {
	case res := <-done:
		if len(res.Files) != 1 || res.Files[0].Rel != "ok/template.yaml" {
			t.Errorf("files = %+v", res.Files)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the walk blocked on a named pipe")
	}
}
