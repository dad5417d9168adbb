// Package ownmodule tells which packages belong to the code being analyzed, as opposed to
// its dependencies and the standard library. Cross-package rules follow calls and imports
// only through the analyzed module's own packages: that is the code its team can change.
package ownmodule

import (
	"go/build"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Path returns the module path of pass's package, or "" when the driver gives none (GOPATH
// layouts such as analysistest's testdata/src).
func Path(pass *analysis.Pass) string {
	if pass.Module == nil {
		return ""
	}
	return pass.Module.Path
}

// Analyzed reports whether pass's package is part of the code under analysis rather than a
// versioned dependency or the standard library: the main module (or a workspace module,
// which has no version), or, without module information, any package outside GOROOT.
// Analyzers compute their cross-package facts only for such packages.
func Analyzed(pass *analysis.Pass) bool {
	if m := pass.Module; m != nil && m.Path != "" {
		return m.Main || m.Version == ""
	}
	if len(pass.Files) == 0 {
		return false
	}
	name := pass.Fset.File(pass.Files[0].FileStart).Name()
	goroot := filepath.Clean(build.Default.GOROOT)
	return goroot == "." || !strings.HasPrefix(name, goroot+string(filepath.Separator))
}

// Same reports whether the package path pkg belongs to the same module as pass's package.
// Without module information, packages of the same project root are the same module: the
// first path element, or the first three for a host name ("github.com/acme/app").
func Same(pass *analysis.Pass, pkg string) bool {
	if mp := Path(pass); mp != "" {
		return pkg == mp || strings.HasPrefix(pkg, mp+"/")
	}
	return projectRoot(pkg) == projectRoot(pass.Pkg.Path())
}

func projectRoot(pkg string) string {
	parts := strings.Split(pkg, "/")
	n := 1
	if strings.Contains(parts[0], ".") {
		n = 3
	}
	if len(parts) < n {
		n = len(parts)
	}
	return strings.Join(parts[:n], "/")
}

// Rel returns pkg relative to the module of pass's package when it belongs to it
// ("internal/store"), and pkg itself otherwise. The module's root package is shown by its
// full path.
func Rel(pass *analysis.Pass, pkg string) string {
	mp := Path(pass)
	if mp == "" {
		mp = projectRoot(pass.Pkg.Path())
	}
	if rest, ok := strings.CutPrefix(pkg, mp+"/"); ok {
		return rest
	}
	return pkg
}
