//go:build ignore

// Command gendocs writes the documentation generated from the rule catalog. It runs from
// `go generate ./...` (see rules/catalog.go) with the repository root as -root.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/slslint/slslint/internal/rulesdoc"
)

func main() {
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	files := rulesdoc.Render()
	// Remove pages of rules that no longer exist, so the docs never describe a rule
	// slslint does not have.
	old, _ := filepath.Glob(filepath.Join(*root, "docs", "rules", "*.md"))
	for _, p := range old {
		rel, _ := filepath.Rel(*root, p)
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			if err := os.Remove(p); err != nil {
				fail(err)
			}
		}
	}
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		dst := filepath.Join(*root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(dst, files[p], 0o644); err != nil {
			fail(err)
		}
	}
	fmt.Printf("gendocs: wrote %d files (%s)\n", len(paths), strings.Join([]string{"docs/rules.md", "docs/analyzers.md", "docs/rules/*.md"}, ", "))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gendocs:", err)
	os.Exit(1)
}
