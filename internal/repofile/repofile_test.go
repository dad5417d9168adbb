package repofile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree builds a repository and a directory outside it holding a secret.
func tree(t *testing.T) (repo, outside string) {
	t.Helper()
	base := t.TempDir()
	repo, outside = filepath.Join(base, "repo"), filepath.Join(base, "outside")
	for _, d := range []string{repo, outside, filepath.Join(repo, "sub"), filepath.Join(outside, "mod")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		filepath.Join(repo, "policy.json"):       `{"ok":true}`,
		filepath.Join(repo, "sub", "a.tf"):       "locals {}\n",
		filepath.Join(outside, "secret.json"):    "AKIASECRETSECRET",
		filepath.Join(outside, "mod", "main.tf"): "resource \"x\" \"leak\" {}\n",
	}
	for p, c := range files {
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		filepath.Join(repo, "d"):           "../outside", // a directory out of the repository
		filepath.Join(repo, "leak.json"):   "../outside/secret.json",
		filepath.Join(repo, "abs.json"):    filepath.Join(outside, "secret.json"),
		filepath.Join(repo, "shared"):      "../outside/mod",
		filepath.Join(repo, "same.json"):   "policy.json", // inside: allowed
		filepath.Join(repo, "subdir"):      "sub",
		filepath.Join(repo, "loop"):        "loop",
		filepath.Join(repo, "dangling.tf"): "nowhere.tf",
	}
	for p, target := range links {
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("symbolic links unavailable: %v", err)
		}
	}
	return repo, outside
}

func TestReadFile(t *testing.T) {
	repo, outside := tree(t)
	r := New(repo)
	tests := []struct {
		path string
		want string
		err  error
	}{
		{path: "policy.json", want: `{"ok":true}`},
		{path: "same.json", want: `{"ok":true}`},
		{path: "subdir/a.tf", want: "locals {}\n"},
		{path: "d/secret.json", err: ErrOutside},
		{path: "leak.json", err: ErrOutside},
		{path: "abs.json", err: ErrOutside},
		{path: "shared/main.tf", err: ErrOutside},
		{path: "../outside/secret.json", err: ErrOutside},
		{path: filepath.Join(outside, "secret.json"), err: ErrOutside},
		{path: "sub", err: ErrNotRegular},
		{path: "missing.json", err: fs.ErrNotExist},
		{path: "dangling.tf", err: fs.ErrNotExist},
	}
	for _, tt := range tests {
		abs := tt.path
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(repo, filepath.FromSlash(tt.path))
		}
		got, err := r.ReadFile(abs, 1<<20)
		switch {
		case tt.err != nil && !errors.Is(err, tt.err):
			t.Errorf("ReadFile(%s): error %v, want %v", tt.path, err, tt.err)
		case tt.err == nil && (err != nil || string(got) != tt.want):
			t.Errorf("ReadFile(%s) = %q, %v; want %q", tt.path, got, err, tt.want)
		}
		if err != nil && strings.Contains(Describe(err), outside) {
			t.Errorf("ReadFile(%s): the error names the target: %s", tt.path, Describe(err))
		}
	}
	if _, err := r.ReadFile(filepath.Join(repo, "loop"), 1<<20); err == nil {
		t.Error("a link loop was read")
	}
	if _, err := r.ReadFile(filepath.Join(repo, "policy.json"), 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file over the limit: %v", err)
	}
}

// TestLinkedRoot reads through a root that is itself a symbolic link, as a checkout under
// a linked home directory is.
func TestLinkedRoot(t *testing.T) {
	repo, _ := tree(t)
	link := filepath.Join(t.TempDir(), "checkout")
	if err := os.Symlink(repo, link); err != nil {
		t.Skip(err)
	}
	r := New(link)
	if b, err := r.ReadFile(filepath.Join(link, "policy.json"), 1<<20); err != nil || string(b) != `{"ok":true}` {
		t.Errorf("read through a linked root: %q, %v", b, err)
	}
	if _, err := r.ReadFile(filepath.Join(link, "d", "secret.json"), 1<<20); !errors.Is(err, ErrOutside) {
		t.Errorf("a link out of a linked root: %v", err)
	}
}

func TestReadDirAndStat(t *testing.T) {
	repo, _ := tree(t)
	r := New(repo)
	if _, err := r.ReadDir(filepath.Join(repo, "shared")); !errors.Is(err, ErrOutside) {
		t.Errorf("ReadDir of a link out of the repository: %v", err)
	}
	if _, err := r.ReadDir(filepath.Join(repo, "policy.json")); !errors.Is(err, ErrNotDirectory) {
		t.Errorf("ReadDir of a file: %v", err)
	}
	entries, err := r.ReadDir(filepath.Join(repo, "subdir"))
	if err != nil || len(entries) != 1 || entries[0].Name() != "a.tf" {
		t.Errorf("ReadDir of a link inside the repository: %v, %v", entries, err)
	}
	if _, err := r.Stat(filepath.Join(repo, "d", "secret.json")); !errors.Is(err, ErrOutside) {
		t.Errorf("Stat through a link out of the repository: %v", err)
	}
	if info, err := r.Stat(filepath.Join(repo, "same.json")); err != nil || !info.Mode().IsRegular() {
		t.Errorf("Stat of a link inside the repository: %v", err)
	}
}

func TestReadHead(t *testing.T) {
	repo, _ := tree(t)
	r := New(repo)
	buf := make([]byte, 4)
	head, whole, err := r.ReadHead(filepath.Join(repo, "policy.json"), 4, buf)
	if err != nil || string(head) != `{"ok` || whole {
		t.Errorf("ReadHead(4) = %q, %v, %v", head, whole, err)
	}
	head, whole, err = r.ReadHead(filepath.Join(repo, "policy.json"), 64, nil)
	if err != nil || string(head) != `{"ok":true}` || !whole {
		t.Errorf("ReadHead(64) = %q, %v, %v", head, whole, err)
	}
	if _, _, err := r.ReadHead(filepath.Join(repo, "leak.json"), 64, nil); !errors.Is(err, ErrOutside) {
		t.Errorf("ReadHead through a link out of the repository: %v", err)
	}
}
