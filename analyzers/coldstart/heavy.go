package coldstart

import (
	"go/ast"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/internal/importspec"
	"github.com/slslint/slslint/analyzers/internal/ownmodule"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/rules"
)

// heavyFact is exported for each package that imports, directly or transitively, a heavy
// package: for each heavy prefix it reaches, the shortest import chain.
type heavyFact struct {
	Reach []heavyReach // sorted by Prefix
}

func (*heavyFact) AFact() {}

func (f *heavyFact) String() string {
	var parts []string
	for _, r := range f.Reach {
		parts = append(parts, strings.Join(r.Chain, " → "))
	}
	return "heavy: " + strings.Join(parts, "; ")
}

// A heavyReach is an import chain from a package to a heavy package: Chain starts with a
// direct import of the package and ends with the first heavy package on the way.
type heavyReach struct {
	Prefix string
	Chain  []string
}

// exportHeavy computes and exports the package's heavyFact and returns its reaches.
func exportHeavy(pass *analysis.Pass, prefixes []string) []heavyReach {
	best := map[string][]string{}
	consider := func(prefix string, chain []string) {
		if old, ok := best[prefix]; !ok || len(chain) < len(old) {
			best[prefix] = chain
		}
	}
	for _, imp := range sortedImports(pass.Pkg) {
		if p := heavyPrefix(imp.Path(), prefixes); p != "" {
			consider(p, []string{imp.Path()})
			continue
		}
		var f heavyFact
		if pass.ImportPackageFact(imp, &f) {
			for _, r := range f.Reach {
				consider(r.Prefix, append([]string{imp.Path()}, r.Chain...))
			}
		}
	}
	if len(best) == 0 {
		return nil
	}
	var fact heavyFact
	for p, c := range best {
		fact.Reach = append(fact.Reach, heavyReach{Prefix: p, Chain: c})
	}
	sort.Slice(fact.Reach, func(i, j int) bool { return fact.Reach[i].Prefix < fact.Reach[j].Prefix })
	if pass.Pkg.Name() != "main" { // nothing imports a main package
		pass.ExportPackageFact(&fact)
	}
	return fact.Reach
}

// heavyPrefix returns the longest prefix that path falls under, or "".
func heavyPrefix(path string, prefixes []string) string {
	best := ""
	for _, p := range prefixes {
		if (path == p || strings.HasPrefix(path, p+"/")) && len(p) > len(best) {
			best = p
		}
	}
	return best
}

// whyHeavy says why each built-in heavy package slows cold starts.
var whyHeavy = map[string]string{
	"github.com/aws/aws-sdk-go": "the AWS SDK for Go v1 builds its endpoint model for every service and region " +
		"at init and is past its end of support; migrate to the modular github.com/aws/aws-sdk-go-v2",
	"k8s.io/client-go/kubernetes": "the client-go clientset registers every Kubernetes API group's types at init; " +
		"use a typed client for only the API groups you need, or a plain REST call",
	"github.com/aws/aws-cdk-go/awscdk": "the AWS CDK's generated packages register thousands of types with the jsii runtime " +
		"at init, and the runtime starts a Node.js process on first use; keep CDK code in the deployment, not in the function",
}

// reportHeavy reports each heavy package the entry's binary imports, at the import that
// starts the shortest chain.
func reportHeavy(pass *analysis.Pass, r *diagnostic.Reporter, reaches []heavyReach) {
	for _, reach := range reaches {
		spec := findImport(pass, reach.Chain[0])
		if spec == nil {
			continue // imported only by test files
		}
		chain := []string{ownmodule.Rel(pass, pass.Pkg.Path())}
		for _, p := range reach.Chain {
			chain = append(chain, ownmodule.Rel(pass, p))
		}
		why, ok := whyHeavy[reach.Prefix]
		if !ok {
			why = reach.Prefix + " is configured as a heavy dependency whose initialization shows in cold starts; " +
				"keep it out of the function's binary"
		}
		heavy := reach.Chain[len(reach.Chain)-1]
		r.Report(rules.HeavyDependency, spec, "the function's binary imports "+heavy+", whose initialization runs on every cold start\n"+
			why+" (via "+strings.Join(chain, " → ")+")")
	}
}

func findImport(pass *analysis.Pass, path string) *ast.ImportSpec {
	for _, f := range pass.Files {
		if isTestFile(pass, f) {
			continue
		}
		for _, spec := range f.Imports {
			if obj := importspec.Package(pass.TypesInfo, pass.Pkg, spec); obj != nil && obj.Path() == path {
				return spec
			}
		}
	}
	return nil
}
