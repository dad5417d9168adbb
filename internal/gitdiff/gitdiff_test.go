package gitdiff

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/fixture"
)

// repo makes a git repository with one commit of the given files and returns its root.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	write(t, dir, files)
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "first")
	return dir
}

func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	fixture.Write(t, dir, files)
}

func TestSince(t *testing.T) {
	dir := repo(t, map[string]string{
		"a.go":         "l1\nl2\nl3\nl4\nl5\n",
		"dir/b.yaml":   "x: 1\ny: 2\n",
		"gone.tf":      "a = 1\n",
		"naïve é.yaml": "k: v\n",
	})
	base := run(t, dir, "rev-parse", "HEAD")
	// A committed change, a staged one, an unstaged one, a deletion, an untracked file.
	write(t, dir, map[string]string{"a.go": "l1\nL2\nl3\nl4\nl5\nl6\n"})
	run(t, dir, "commit", "-q", "-am", "second")
	write(t, dir, map[string]string{"dir/b.yaml": "x: 1\ny: 3\n", "naïve é.yaml": "k: w\n"})
	run(t, dir, "add", "dir/b.yaml")
	write(t, dir, map[string]string{"a.go": "l1\nL2\nl3\nL4\nl5\nl6\n", "new/c.go": "package c\n"})
	if err := os.Remove(filepath.Join(dir, "gone.tf")); err != nil {
		t.Fatal(err)
	}

	c, err := Since(context.Background(), dir, base)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		line int
		want bool
	}{
		{"a.go", 1, false}, {"a.go", 2, true}, {"a.go", 3, false}, {"a.go", 4, true}, {"a.go", 6, true},
		{"dir/b.yaml", 1, false}, {"dir/b.yaml", 2, true},
		{"naïve é.yaml", 1, true},
		{"new/c.go", 1, true}, {"new/c.go", 99, true},
		{"gone.tf", 1, false}, {"other.go", 1, false},
	} {
		if got := c.Changed(tt.path, tt.line); got != tt.want {
			t.Errorf("Changed(%s, %d) = %v, want %v", tt.path, tt.line, got, tt.want)
		}
	}

	// The merge base of a branch.
	run(t, dir, "stash", "-u", "-q")
	run(t, dir, "checkout", "-q", "-b", "feature")
	write(t, dir, map[string]string{"dir/b.yaml": "x: 9\ny: 2\n"})
	run(t, dir, "commit", "-q", "-am", "feature")
	run(t, dir, "checkout", "-q", "main")
	write(t, dir, map[string]string{"gone.tf": "a = 2\n"})
	run(t, dir, "commit", "-q", "-am", "main moves on")
	run(t, dir, "checkout", "-q", "feature")
	mb, err := MergeBase(context.Background(), dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	c, err = Since(context.Background(), dir, mb)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Changed("dir/b.yaml", 1) || c.Changed("gone.tf", 1) || c.Changed("a.go", 2) {
		t.Errorf("since the merge base: b.yaml:1 %v, gone.tf:1 %v (changed on main only), a.go:2 %v (before the fork)",
			c.Changed("dir/b.yaml", 1), c.Changed("gone.tf", 1), c.Changed("a.go", 2))
	}

	for _, bad := range []string{"no-such-rev", "--output=/tmp/x"} {
		if _, err := Since(context.Background(), dir, bad); err == nil {
			t.Errorf("Since(%q) succeeded", bad)
		}
	}
	if _, err := Since(context.Background(), t.TempDir(), "HEAD"); err == nil {
		t.Error("Since outside a git repository succeeded")
	}
}

func TestNewRange(t *testing.T) {
	for h, want := range map[string][2]int{
		"@@ -1 +1 @@":              {1, 1},
		"@@ -3,0 +4,2 @@ func f()": {4, 2},
		"@@ -5,2 +4,0 @@":          {4, 0},
	} {
		s, n, err := newRange(h)
		if err != nil || s != want[0] || n != want[1] {
			t.Errorf("newRange(%q) = %d, %d, %v; want %v", h, s, n, err, want)
		}
	}
}
