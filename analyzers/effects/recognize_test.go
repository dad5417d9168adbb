package effects

import (
	"go/token"
	"go/types"
	"strings"
	"testing"
)

func TestPackageOfFullName(t *testing.T) {
	for in, want := range map[string]string{
		"net/http.Get":                     "net/http",
		"(*net/http.Client).Do":            "net/http",
		"(gopkg.in/yaml.v3.Node).Decode":   "gopkg.in/yaml.v3",
		"(*sync.Map).Store":                "sync",
		"github.com/google/uuid.NewString": "github.com/google/uuid",
	} {
		if got := packageOfFullName(in); got != want {
			t.Errorf("packageOfFullName(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every name the tables list is found through tableName: the package filter never hides
// one of them.
func TestTableNamesPassThePackageFilter(t *testing.T) {
	tables := map[string][]string{}
	for _, table := range []map[string]known{byName, managerOps, crossKnown} {
		for name := range table {
			tables["known"] = append(tables["known"], name)
		}
	}
	for name := range setupByName {
		tables["setup"] = append(tables["setup"], name)
	}
	for name := range syncMapStores {
		tables["syncmap"] = append(tables["syncmap"], name)
	}
	n := 0
	for _, names := range tables {
		for _, name := range names {
			pkg := packageOfFullName(name)
			if pkg == "" || strings.ContainsAny(pkg, "()*") || !tablePackages[pkg] {
				t.Errorf("%s: package %q not usable as a filter", name, pkg)
			}
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d names in the tables", n)
	}
	// A function of a package no table lists is filtered out without building its name.
	pkg := types.NewPackage("example.com/caddy/modules", "modules")
	fn := types.NewFunc(token.NoPos, pkg, "Provision", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	if name, ok := tableName(fn); ok || name != "" {
		t.Errorf("tableName(%s) = %q, %v; want \"\", false", fn.FullName(), name, ok)
	}
	http := types.NewPackage("net/http", "http")
	get := types.NewFunc(token.NoPos, http, "Get", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	if name, ok := tableName(get); !ok || name != "net/http.Get" {
		t.Errorf("tableName(net/http.Get) = %q, %v", name, ok)
	}
}
