package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/slslint/slslint/internal/discover"
	"github.com/slslint/slslint/internal/gocheck"
)

// A pattern is either a filesystem path ("./...", "./cmd/api", "infra/template.yaml",
// "/abs/dir/...") or a Go import path pattern ("github.com/acme/app/..."). Paths are
// searched recursively for IaC files and, for Go, keep the go command's meaning ("." is
// one package, "./..." all below, in every module below); import path patterns are given
// to the go command only.
type pattern struct {
	text      string
	abs       string // for paths
	recursive bool
	isFile    bool
}

func parsePattern(work, p string) (pattern, bool) {
	base, recursive := strings.CutSuffix(p, "/...")
	if p == "..." {
		base, recursive = ".", true
	}
	isPath := strings.HasPrefix(p, ".") || filepath.IsAbs(p) || !looksLikeImportPath(base)
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
	pat := pattern{text: p, abs: filepath.Clean(abs), recursive: recursive}
	if st, err := os.Stat(pat.abs); err == nil && !st.IsDir() {
		pat.isFile = true
	}
	return pat, true
}

// looksLikeImportPath reports whether a pattern that is not an existing path can name Go
// packages by import path: its first element has a dot, as a module path's domain does
// (github.com/acme/app). Anything else ("functons/", "cmd/api" mistyped) is a path that
// does not exist, and is reported as such rather than handed to the go command.
func looksLikeImportPath(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return strings.Contains(first, ".") && !strings.HasSuffix(p, "/")
}

// resolvePatterns splits the patterns into path patterns and Go import path patterns.
func resolvePatterns(work, root string, patterns []string) ([]pattern, []string, error) {
	var paths []pattern
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
		paths = append(paths, pat)
	}
	return paths, imports, nil
}

// targets are the directories and files to walk: templates are searched for under every
// directory named, as IaC scanners do (terraform/ holds nested modules); which Go folders a
// pattern covers is goCoverage's to say.
func targets(paths []pattern) []discover.Target {
	var out []discover.Target
	for _, p := range paths {
		out = append(out, discover.Target{Abs: p.abs, Recursive: true})
	}
	return out
}

// goCoverage selects, from the walk, the Go folders and files the path patterns cover for
// the go command: every folder below a "dir/..." (or a directory given without /..., as
// ./... is the default), the folder itself for "dir", and .go files named directly.
// Folders that must not be given to the go command are left out.
func goCoverage(root string, paths []pattern, found discover.Result) (dirs []string, files []string) {
	covered := map[string]bool{}
	for _, p := range paths {
		rel, err := filepath.Rel(root, p.abs)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		if p.isFile {
			if strings.HasSuffix(p.abs, ".go") && found.BadGoDirs[filepath.ToSlash(filepath.Dir(rel))] == "" {
				files = append(files, p.abs)
			}
			continue
		}
		for _, d := range found.GoDirs {
			if d == rel || p.recursive && (rel == "." || strings.HasPrefix(d, rel+"/")) {
				covered[d] = true
			}
		}
	}
	for d := range covered {
		if _, bad := found.BadGoDirs[d]; !bad {
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs)
	return dirs, files
}

// matchesNothing returns the first path pattern under which the run found neither Go code
// nor an IaC file: a mistyped path must not look like a clean run.
func matchesNothing(root string, paths []pattern, found discover.Result) string {
	for _, p := range paths {
		rel, err := filepath.Rel(root, p.abs)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		under := func(path string, recursive bool) bool {
			return path == rel || rel == "." && recursive || recursive && strings.HasPrefix(path, rel+"/")
		}
		hit := false
		if p.isFile {
			hit = strings.HasSuffix(p.abs, ".go") || slices.ContainsFunc(found.Files, func(f discover.File) bool { return f.Rel == rel })
		} else {
			hit = slices.ContainsFunc(found.GoDirs, func(d string) bool { return under(d, p.recursive) }) ||
				slices.ContainsFunc(found.Files, func(f discover.File) bool { return under(filepath.ToSlash(filepath.Dir(f.Rel)), true) }) ||
				slices.ContainsFunc(found.Problems, func(pr discover.Problem) bool { return under(pr.Rel, true) }) ||
				slices.ContainsFunc(found.GoProblems, func(pr discover.Problem) bool { return under(filepath.ToSlash(filepath.Dir(pr.Rel)), true) })
		}
		if !hit {
			return p.text
		}
	}
	return ""
}

// importPatternMatchingNothing returns the first import path pattern that matched no
// package the go command could find.
func importPatternMatchingNothing(imports []string, res *gocheck.Result) string {
	for _, p := range imports {
		base, wild := strings.CutSuffix(p, "/...")
		hit := slices.ContainsFunc(res.Roots, func(r *packages.Package) bool {
			if r.Name == "" && len(r.GoFiles) == 0 {
				return false // "cannot find package": the go command's placeholder
			}
			return r.PkgPath == p || wild && (r.PkgPath == base || strings.HasPrefix(r.PkgPath, base+"/"))
		})
		if !hit {
			return p
		}
	}
	return ""
}
