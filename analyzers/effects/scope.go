package effects

import (
	"go/build"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// InScope reports whether the pass's package is code under analysis, whose function
// bodies are summarized: a package of the main module (or of a workspace module, or of a
// module replaced by a local directory). The standard library, the module cache and
// vendored code are recognized by name only; the slslint engine does not even keep their
// function bodies.
//
// Drivers without module information (GOPATH mode, as in analysistest, and build systems
// such as Bazel) analyze every package outside GOROOT except the provider SDKs and
// frameworks that are recognized by name.
func InScope(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return false
	}
	if m := pass.Module; m != nil && m.Path != "" {
		return m.Version == "" || m.Replace != nil && m.Replace.Version == ""
	}
	if isVendored(pass) || inGOROOT(pass) {
		return false
	}
	path := pass.Pkg.Path()
	for _, p := range recognizedModules {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	for _, p := range idemLibraries {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

// recognizedModules are path prefixes of libraries known by name, never summarized even
// when a driver gives no module information.
var recognizedModules = []string{
	"github.com/aws/", "github.com/awslabs/", "github.com/GoogleCloudPlatform/",
	"cloud.google.com/", "google.golang.org/", "golang.org/x/", "go.opentelemetry.io/",
	"github.com/DataDog/", "github.com/cloudevents/", "github.com/go-chi/", "github.com/gorilla/",
	"github.com/gin-gonic/", "github.com/labstack/", "github.com/gofiber/", "github.com/sirupsen/",
	"go.uber.org/", "github.com/rs/zerolog", "github.com/jackc/", "github.com/jmoiron/",
	"k8s.io/", "github.com/golang/glog",
}

func isVendored(pass *analysis.Pass) bool {
	name := pass.Fset.File(pass.Files[0].FileStart).Name()
	return strings.Contains(filepath.ToSlash(name), "/vendor/")
}

func inGOROOT(pass *analysis.Pass) bool {
	root := build.Default.GOROOT
	if root == "" {
		return false
	}
	name := pass.Fset.File(pass.Files[0].FileStart).Name()
	return strings.HasPrefix(name, filepath.Clean(root)+string(filepath.Separator))
}
