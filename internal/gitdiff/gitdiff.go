// Package gitdiff finds the lines of a repository that changed since a revision, from git,
// so that a run can report only new findings: the way a team adopts a linter on a large
// repository in pull requests (slslint --new-from-rev, --new-from-merge-base).
package gitdiff

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// Changes are the lines that differ from a revision, by repository-relative slash path.
type Changes struct {
	// Rev is the commit the changes are measured from.
	Rev string
	// lines holds the changed (added or modified) lines of each file, as 1-based line
	// numbers; a nil entry means every line (a file git does not track yet).
	lines map[string]map[int]bool
}

// Changed reports whether line of path (relative to the repository root) was added or
// modified since the revision, in commits, the index or the working tree.
func (c *Changes) Changed(path string, line int) bool {
	ls, ok := c.lines[path]
	if !ok {
		return false
	}
	return ls == nil || ls[line]
}

// Since returns the lines of the working tree at dir (the repository root) that differ
// from rev: committed, staged and unstaged changes, and files git does not track yet.
func Since(ctx context.Context, dir, rev string) (*Changes, error) {
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("%q is not a revision", rev)
	}
	commit, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("%s is not a commit of the git repository at %s", rev, dir)
	}
	c := &Changes{Rev: strings.TrimSpace(string(commit)), lines: map[string]map[int]bool{}}
	diff, err := git(ctx, dir, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"--unified=0", "--relative", c.Rev, "--")
	if err != nil {
		return nil, err
	}
	if err := c.parse(diff); err != nil {
		return nil, err
	}
	untracked, err := git(ctx, dir, "-c", "core.quotePath=false", "ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	for _, p := range bytes.Split(untracked, []byte{0}) {
		if len(p) > 0 {
			c.lines[string(p)] = nil
		}
	}
	return c, nil
}

// MergeBase returns the best common ancestor of HEAD and branch: what a pull request from
// HEAD into branch changes is measured from it.
func MergeBase(ctx context.Context, dir, branch string) (string, error) {
	if strings.HasPrefix(branch, "-") {
		return "", fmt.Errorf("%q is not a branch", branch)
	}
	out, err := git(ctx, dir, "merge-base", "HEAD", branch)
	if err != nil {
		return "", fmt.Errorf("no merge base of HEAD and %s (in a shallow clone, fetch more history): %w", branch, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// parse reads a unified diff with no context lines and records the new side's lines of
// each hunk.
func (c *Changes) parse(diff []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	file := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "+++ "):
			// git ends a name that holds a space with a tab, as patch(1) expects.
			name := strings.TrimSuffix(strings.TrimPrefix(line, "+++ "), "\t")
			if name == "/dev/null" {
				file = "" // a deleted file has no new lines
				continue
			}
			if strings.HasPrefix(name, `"`) {
				u, err := strconv.Unquote(name)
				if err != nil {
					return fmt.Errorf("git diff: cannot read file name %s", name)
				}
				name = u
			}
			file = strings.TrimPrefix(name, "b/")
			if _, ok := c.lines[file]; !ok {
				c.lines[file] = map[int]bool{}
			}
		case strings.HasPrefix(line, "@@ ") && file != "":
			start, count, err := newRange(line)
			if err != nil {
				return err
			}
			for l := start; l < start+count; l++ {
				c.lines[file][l] = true
			}
		}
	}
	return sc.Err()
}

// newRange reads the new side of a hunk header "@@ -a,b +c,d @@": lines c to c+d-1 (d is 1
// when left out; 0 for a pure deletion).
func newRange(header string) (start, count int, err error) {
	fields := strings.Fields(header)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return 0, 0, fmt.Errorf("git diff: bad hunk header %q", header)
	}
	s, n, hasCount := strings.Cut(fields[2][1:], ",")
	start, err = strconv.Atoi(s)
	if err != nil {
		return 0, 0, fmt.Errorf("git diff: bad hunk header %q", header)
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(n); err != nil {
			return 0, 0, fmt.Errorf("git diff: bad hunk header %q", header)
		}
	}
	return start, count, nil
}

func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, errors.New("git is needed to find the changed lines")
	}
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("git: %s", msg)
		}
		return nil, fmt.Errorf("git: %w", err)
	}
	return out, nil
}
