package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/slslint/slslint/internal/discover"
)

// A pattern is either a filesystem path ("./...", "./cmd/api", "infra/template.yaml",
// "/abs/dir/...") or a Go import path pattern ("github.com/acme/app/..."). Paths are
// searched recursively for IaC files and, when they hold Go files, given to the go command
// with its meaning ("." is one package, "./..." all below); import path patterns are given
// to the go command only.
type pattern struct {
	text      string
	abs       string // for paths
	recursive bool
}

func parsePattern(work, p string) (pattern, bool) {
	base, recursive := strings.CutSuffix(p, "/...")
	if p == "..." {
		base, recursive = ".", true
	}
	isPath := strings.HasPrefix(p, ".") || filepath.IsAbs(p)
	abs := base
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(work, base)
	}
	if !isPath {
		// A bare relative path is a path if it exists ("infra/app.yaml"); otherwise it is an
		// import path, as the go command reads it.
		if _, err := os.Stat(abs); err != nil {
			return pattern{text: p}, false
		}
	}
	return pattern{text: p, abs: filepath.Clean(abs), recursive: recursive}, true
}

// resolvePatterns splits the patterns into discovery targets and Go import path patterns.
func resolvePatterns(work, root string, patterns []string) ([]discover.Target, []string, error) {
	var targets []discover.Target
	var imports []string
	for _, p := range patterns {
		pat, isPath := parsePattern(work, p)
		if !isPath {
			imports = append(imports, p)
			continue
		}
		if _, err := os.Stat(pat.abs); err != nil {
			return nil, nil, fmt.Errorf("%s: no such file or directory", p)
		}
		if rel, err := filepath.Rel(root, pat.abs); err != nil || strings.HasPrefix(rel, "..") {
			return nil, nil, fmt.Errorf("%s is outside the repository root %s", p, root)
		}
		// Templates are searched for under every directory named, as IaC scanners do
		// (terraform/ holds nested modules); for Go, "dir" and "dir/..." keep the go
		// command's meaning.
		targets = append(targets, discover.Target{Abs: pat.abs, Recursive: true})
	}
	return targets, imports, nil
}

// pathPatternsWithGo returns the path patterns that cover a directory holding Go files, in
// the form the go command expects ("./x/...").
func pathPatternsWithGo(work, root string, patterns []string, goDirs []string) []string {
	var out []string
	for _, p := range patterns {
		pat, isPath := parsePattern(work, p)
		if !isPath {
			continue
		}
		rel, err := filepath.Rel(root, pat.abs)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		if st, err := os.Stat(pat.abs); err == nil && !st.IsDir() {
			if strings.HasSuffix(pat.abs, ".go") {
				out = append(out, goPattern(work, pat))
			}
			continue
		}
		for _, d := range goDirs {
			if d == rel || (pat.recursive && (rel == "." || strings.HasPrefix(d, rel+"/"))) {
				out = append(out, goPattern(work, pat))
				break
			}
		}
	}
	return out
}

func goPattern(work string, pat pattern) string {
	rel, err := filepath.Rel(work, pat.abs)
	if err != nil {
		return pat.text
	}
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, ".") {
		rel = "./" + rel
	}
	if pat.recursive {
		rel = strings.TrimSuffix(rel, "/") + "/..."
	}
	return rel
}
