//go:build unix

package repofile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestNamedPipeDoesNotBlock(t *testing.T) {
	repo, _ := tree(t)
	pipe := filepath.Join(repo, "pipe.json")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink("pipe.json", filepath.Join(repo, "to-pipe.json")); err != nil {
		t.Fatal(err)
	}
	r := New(repo)
	for _, name := range []string{"pipe.json", "to-pipe.json"} {
		done := make(chan error, 1)
		go func() {
			_, err := r.ReadFile(filepath.Join(repo, name), 1<<20)
			if err == nil {
				_, _, err = r.ReadHead(filepath.Join(repo, name), 64, nil)
			}
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "named pipe") {
				t.Errorf("%s: %v, want a named-pipe error", name, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: reading a named pipe blocked", name)
		}
	}
}
