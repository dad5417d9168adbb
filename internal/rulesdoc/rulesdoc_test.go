package rulesdoc

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDocsUpToDate fails when the committed documentation differs from what the catalog
// renders: run `go generate ./...` and commit the result.
func TestDocsUpToDate(t *testing.T) {
	root := filepath.Join("..", "..")
	files := Render()
	for p, want := range files {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./...)", p, err)
			continue
		}
		if string(got) != string(want) {
			t.Errorf("%s is stale: run go generate ./... and commit the result", p)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(root, "docs", "rules", "*.md"))
	for _, p := range pages {
		rel, _ := filepath.Rel(root, p)
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s documents no rule in the catalog: run go generate ./...", rel)
		}
	}
}
