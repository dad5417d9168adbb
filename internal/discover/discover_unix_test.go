//go:build unix

package discover

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The walk finds the Go modules and workspaces, and keeps out of Go loading what the go
// command must not read or what is not the repository's own code.
func TestGoInputs(t *testing.T) {
	outside := t.TempDir()
	write(t, outside, "secret.go", "package secret // token\n")
	root := t.TempDir()
	write(t, root, "go.work", "go 1.26\n")
	write(t, root, "functions/a/go.mod", "module a\n")
	write(t, root, "functions/a/main.go", "package main\n")
	write(t, root, "functions/a/b.go", "package main\n")
	write(t, root, "functions/a/_skip.go", "package main\n")
	write(t, root, "cdk.out/asset.123/main.go", "package main\n")
	write(t, root, "cdk.out/asset.123/go.mod", "module asset\n")
	write(t, root, "third_party/fork/go.mod", "module fork\n")
	write(t, root, "third_party/fork/fork.go", "package fork\n")
	write(t, root, "linked/ok.go", "package linked\n")
	mustSymlink(t, filepath.Join(outside, "secret.go"), filepath.Join(root, "linked", "leak.go"))
	write(t, root, "piped/ok.go", "package piped\n")
	if err := syscall.Mkfifo(filepath.Join(root, "piped", "fifo.go"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}

	res := Walk(Options{Root: root}, []Target{{Abs: root, Recursive: true}})
	if got := strings.Join(res.GoDirs, ","); got != "functions/a,linked,piped" {
		t.Errorf("GoDirs = %s", got)
	}
	if got := res.FirstGoFile["functions/a"]; got != "functions/a/b.go" {
		t.Errorf("first Go file = %s", got)
	}
	if got := strings.Join(res.GoMods, ","); got != "functions/a" {
		t.Errorf("GoMods = %s", got)
	}
	if got := strings.Join(res.GoWorks, ","); got != "." {
		t.Errorf("GoWorks = %s", got)
	}
	if len(res.BadGoDirs) != 2 || res.BadGoDirs["linked"] != "linked/leak.go" || res.BadGoDirs["piped"] != "piped/fifo.go" {
		t.Errorf("BadGoDirs = %v", res.BadGoDirs)
	}
	var msgs []string
	for _, p := range res.GoProblems {
		msgs = append(msgs, p.Rel+": "+p.Err.Error())
	}
	want := "linked/leak.go: leak.go is a symbolic link to a file outside the repository: the Go code of linked was not given to the go command\n" +
		"piped/fifo.go: fifo.go is not a regular file (a named pipe): the Go code of piped was not given to the go command"
	if got := strings.Join(msgs, "\n"); got != want {
		t.Errorf("Go problems:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(strings.Join(msgs, ""), "token") {
		t.Error("a problem quotes the linked file")
	}
}

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
