package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	tests := []struct {
		name                  string
		bi                    debug.BuildInfo
		str, semantic, docRef string
	}{
		{
			name: "go install at a tag",
			bi:   debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: ModulePath, Version: "v0.3.1"}},
			str:  "v0.3.1", semantic: "0.3.1", docRef: "v0.3.1",
		},
		{
			name: "go install at a commit",
			bi:   debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: ModulePath, Version: "v0.3.2-0.20260102030405-0123456789ab"}},
			str:  "v0.3.2-0.20260102030405-0123456789ab", semantic: "", docRef: "0123456789ab",
		},
		{
			name: "build from a clean checkout",
			bi: debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: ModulePath, Version: "(devel)"}, Settings: []debug.BuildSetting{
				{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"}, {Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}, {Key: "vcs.modified", Value: "false"}}},
			str: "devel-0123456789ab", semantic: "", docRef: "0123456789abcdef0123456789abcdef01234567",
		},
		{
			name: "build from a modified checkout",
			bi: debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: ModulePath, Version: "(devel)"}, Settings: []debug.BuildSetting{
				{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"}, {Key: "vcs.modified", Value: "true"}}},
			str: "devel-0123456789ab-dirty", semantic: "", docRef: "main",
		},
		{
			name: "no stamp",
			bi:   debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: ModulePath, Version: "(devel)"}},
			str:  "devel", semantic: "", docRef: "main",
		},
		{
			name: "a golangci-lint binary with the plugin",
			bi: debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/golangci/golangci-lint/v2", Version: "v2.15.0"},
				Deps:     []*debug.Module{{Path: "golang.org/x/tools", Version: "v0.52.0"}, {Path: ModulePath, Version: "v0.2.0"}},
				Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "ffff"}}},
			str: "v0.2.0", semantic: "0.2.0", docRef: "v0.2.0",
		},
		{
			name: "the plugin replaced by a local checkout",
			bi: debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/golangci/golangci-lint/v2", Version: "v2.15.0"},
				Deps: []*debug.Module{{Path: ModulePath, Version: "v0.0.0", Replace: &debug.Module{Path: "/src/slslint"}}}},
			str: "devel", semantic: "", docRef: "main",
		},
		{
			name: "a pre-release tag",
			bi:   debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: ModulePath, Version: "v1.0.0-rc.1"}},
			str:  "v1.0.0-rc.1", semantic: "1.0.0-rc.1", docRef: "v1.0.0-rc.1",
		},
	}
	for _, tt := range tests {
		i := fromBuildInfo(&tt.bi)
		if got := i.String(); got != tt.str {
			t.Errorf("%s: String() = %q, want %q", tt.name, got, tt.str)
		}
		if got := i.Semantic(); got != tt.semantic {
			t.Errorf("%s: Semantic() = %q, want %q", tt.name, got, tt.semantic)
		}
		if got := i.DocsRef(); got != tt.docRef {
			t.Errorf("%s: DocsRef() = %q, want %q", tt.name, got, tt.docRef)
		}
		if i.GoVersion == "" || i.GoVersion[:6] != "go1.26" {
			t.Errorf("%s: GoVersion = %q", tt.name, i.GoVersion)
		}
	}
}

// A link-time stamp fills what a build without VCS or module information lacks.
func TestWithStamp(t *testing.T) {
	devel := Info{GoVersion: "go1.26.0 linux/amd64"}
	if i := devel.withStamp("v0.2.0"); i.String() != "v0.2.0" || i.DocsRef() != "v0.2.0" || i.Semantic() != "0.2.0" {
		t.Errorf("tag stamp: %+v", i)
	}
	sha := "0123456789abcdef0123456789abcdef01234567"
	if i := devel.withStamp(sha); i.Revision != sha || i.DocsRef() != sha || i.Semantic() != "" {
		t.Errorf("commit stamp: %+v", i)
	}
	if i := devel.withStamp("main"); i != devel {
		t.Errorf("a branch name is not a version: %+v", i)
	}
	installed := Info{Module: "v0.3.0"}
	if i := installed.withStamp("v9.9.9"); i.Module != "v0.3.0" {
		t.Errorf("the stamp overrode the module version: %+v", i)
	}
	// A build from a checkout gets a pseudo-version from the go command; the tag the Action
	// was named by says more.
	checkout := Info{Module: "v0.0.0-20261207203932-314a1b95255e", Revision: "314a1b95255ebf11e316fde09e4d421492d0f817"}
	if i := checkout.withStamp("v0.9.1"); i.Module != "v0.9.1" {
		t.Errorf("a pseudo-version kept over the stamped tag: %+v", i)
	}
}
