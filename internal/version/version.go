// Package version says which slslint is running: the module version `go install …@vX`
// records, or the VCS revision a build from a checkout stamps, and the Go toolchain. The
// slslint command prints it, SARIF logs carry it, and documentation links point at it.
package version

import (
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"golang.org/x/mod/module"
)

// ModulePath is slslint's module path, which identifies it in the build information of
// another program (a golangci-lint binary built with the plugin).
const ModulePath = "github.com/slslint/slslint"

// Info describes the running slslint.
type Info struct {
	// Module is the module version ("v0.1.0", or a pseudo-version for a commit); empty when
	// slslint was built from a checkout.
	Module string
	// Revision, Time and Modified are the VCS stamp of a build from a checkout: the commit,
	// its time (RFC 3339) and whether the tree had uncommitted changes.
	Revision, Time string
	Modified       bool
	// GoVersion is the toolchain that built the binary, with the platform it runs on.
	GoVersion string
}

// stamped is set at link time by builds that know what they build but have no VCS or
// module information, such as the GitHub Action's build from its own download:
//
//	go build -ldflags "-X github.com/slslint/slslint/internal/version.stamped=v0.1.0" ./cmd/slslint
//
// A release tag or pseudo-version becomes Module, a commit hash Revision.
var stamped string

var read = sync.OnceValue(func() Info {
	var i Info
	if bi, ok := debug.ReadBuildInfo(); ok {
		i = fromBuildInfo(bi)
	} else {
		i.GoVersion = runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
	}
	return i.withStamp(stamped)
})

// withStamp applies a link-time stamp to what the build information says.
func (i Info) withStamp(s string) Info {
	switch {
	case s == "":
	case release.MatchString(s) && (i.Module == "" || module.IsPseudoVersion(i.Module)):
		// A tag names the build better than the pseudo-version the go command derives
		// from a checkout's history.
		i.Module = s
	case i.Module != "":
	case commit.MatchString(s) && i.Revision == "":
		i.Revision = s
	}
	return i
}

var commit = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

// Read returns what the binary's build information says about slslint.
func Read() Info { return read() }

func fromBuildInfo(bi *debug.BuildInfo) Info {
	i := Info{GoVersion: bi.GoVersion + " " + runtime.GOOS + "/" + runtime.GOARCH}
	mod := &bi.Main
	if mod.Path != ModulePath {
		// slslint inside another program: the version it was required at.
		mod = nil
		for _, d := range bi.Deps {
			if d.Path == ModulePath {
				mod = d
				if d.Replace != nil {
					mod = d.Replace
				}
				break
			}
		}
	}
	if mod != nil && mod.Version != "" && mod.Version != "(devel)" {
		i.Module = mod.Version
	}
	if bi.Main.Path == ModulePath {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				i.Revision = s.Value
			case "vcs.time":
				i.Time = s.Value
			case "vcs.modified":
				i.Modified = s.Value == "true"
			}
		}
	}
	return i
}

// String is the short version: the module version, else "devel" with the revision.
func (i Info) String() string {
	switch {
	case i.Module != "":
		return i.Module
	case i.Revision != "":
		s := "devel-" + short(i.Revision)
		if i.Modified {
			s += "-dirty"
		}
		return s
	}
	return "devel"
}

// Semantic is the version as a semantic version without the "v" ("0.1.0"), as SARIF's
// semanticVersion wants, or "" when slslint was not installed at a release.
func (i Info) Semantic() string {
	if !isRelease(i.Module) {
		return ""
	}
	return strings.TrimPrefix(strings.TrimSuffix(i.Module, "+incompatible"), "v")
}

// DocsRef is the git ref whose documentation matches this binary: the release tag, else
// the commit of a pseudo-version or of an unmodified checkout, else "main".
func (i Info) DocsRef() string {
	switch {
	case isRelease(i.Module):
		return strings.TrimSuffix(i.Module, "+incompatible")
	case pseudo.MatchString(i.Module):
		return pseudo.FindStringSubmatch(i.Module)[1]
	case i.Module == "" && i.Revision != "" && !i.Modified:
		return i.Revision
	}
	return "main"
}

// pseudo matches a pseudo-version (vX.Y.Z-[pre.]yyyymmddhhmmss-abcdefabcdef) and captures
// its commit.
var pseudo = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-(?:[^+]*[.-])?[0-9]{14}-([0-9a-f]{12})(?:\+incompatible)?$`)

// release matches a semantic version tag: vMAJOR.MINOR.PATCH with an optional pre-release.
var release = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+incompatible)?$`)

func isRelease(v string) bool { return release.MatchString(v) && !pseudo.MatchString(v) }

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
