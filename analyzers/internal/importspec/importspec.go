// Package importspec finds the package an import declaration imports, whatever its form.
package importspec

import (
	"go/ast"
	"go/types"
	"strconv"
)

// Package returns the package that spec imports in pkg, or nil when type information does
// not know it. Named imports are defined in info.Defs and plain ones are implicit; blank
// and dot imports declare nothing usable, so those are found among pkg's imports by path.
func Package(info *types.Info, pkg *types.Package, spec *ast.ImportSpec) *types.Package {
	if pkgName, ok := info.Implicits[spec].(*types.PkgName); ok {
		return pkgName.Imported()
	}
	if spec.Name != nil {
		if pkgName, ok := info.Defs[spec.Name].(*types.PkgName); ok {
			return pkgName.Imported()
		}
	}
	if path, err := strconv.Unquote(spec.Path.Value); err == nil && pkg != nil {
		for _, p := range pkg.Imports() {
			if p.Path() == path {
				return p
			}
		}
	}
	return nil
}
