package engine

import (
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/slslint/slslint/analyzers/program"
	"github.com/slslint/slslint/crosslayer"
	"github.com/slslint/slslint/internal/gocheck"
	"github.com/slslint/slslint/rules"
)

// crossLayer reports whether a cross-layer rule is enabled.
func (s *selection) crossLayer() bool {
	for _, r := range rules.All() {
		if r.Layer == rules.LayerCross && s.enabled[r.ID] {
			return true
		}
	}
	return false
}

// programsOf collects the descriptions of the main packages analyzed, with
// repository-relative paths. A package's test variant (loaded with --tests) describes the
// same program and is skipped.
func programsOf(res *gocheck.Result, prog *analysis.Analyzer, sources *sourceCache) []*crosslayer.Program {
	if res == nil || res.Graph == nil || prog == nil {
		return nil
	}
	var out []*crosslayer.Program
	seen := map[string]bool{}
	roots := map[*packages.Package]bool{}
	for _, r := range res.Roots {
		roots[r] = true
	}
	for _, act := range res.Graph.Roots {
		if res.AnalyzerOf(act) != prog || act.Err != nil || strings.Contains(act.Package.ID, " [") {
			continue
		}
		r, ok := act.Result.(*program.Result)
		if !ok || r == nil || r.Program == nil {
			continue
		}
		p := r.Program
		if file, ok := res.Standalone[act.Package]; ok {
			p.File = file
		}
		if _, ok := sources.rel(p.Dir); !ok || seen[p.Key()] {
			continue
		}
		seen[p.Key()] = true
		if p.AWSIncomplete == "" {
			p.AWSIncomplete = opaqueAWS(act.Package, roots)
		}
		p.Relativize(sources.rel)
		out = append(out, p)
	}
	return out
}

// sdkServicePrefixes are the import paths of AWS SDK service packages.
var sdkServicePrefixes = []string{"github.com/aws/aws-sdk-go-v2/service/", "github.com/aws/aws-sdk-go/service/"}

// awsInstrumentation are libraries that import AWS SDK service packages to instrument
// calls the program makes itself; they make none of their own.
var awsInstrumentation = []string{"go.opentelemetry.io/contrib/instrumentation/", "github.com/aws/aws-xray-sdk-go",
	"github.com/DataDog/dd-trace-go", "gopkg.in/DataDog/dd-trace-go"}

// opaqueAWS says why a program's AWS calls may not all be in its effects: a package of the
// analyzed code that did not load completely (a missing dependency, a type error), or a
// dependency, not analyzed from source, that uses the AWS SDK's service packages itself
// (an ORM for DynamoDB, a shared client library). "" when there is no such reason.
func opaqueAWS(pkg *packages.Package, roots map[*packages.Package]bool) string {
	var found []string
	broken := ""
	visited := map[*packages.Package]bool{}
	var walk func(p *packages.Package, depth int)
	walk = func(p *packages.Package, depth int) {
		if p == nil || visited[p] || depth > 64 {
			return
		}
		visited[p] = true
		if strings.HasPrefix(p.PkgPath, "github.com/aws/aws-sdk-go") || strings.HasPrefix(p.PkgPath, "github.com/aws/smithy-go") {
			return
		}
		analyzed := roots[p] || p.Module != nil && (p.Module.Main || p.Module.Replace != nil && p.Module.Replace.Version == "")
		if analyzed && len(p.Errors) > 0 && broken == "" {
			broken = "package " + p.PkgPath + " did not load completely (" + firstLine(p.Errors[0].Msg) + ")"
		}
		if !analyzed && !hasPrefix(p.PkgPath, awsInstrumentation) {
			for path := range p.Imports {
				if hasPrefix(path, sdkServicePrefixes) {
					found = append(found, p.PkgPath)
					break
				}
			}
		}
		for _, imp := range p.Imports {
			walk(imp, depth+1)
		}
	}
	walk(pkg, 0)
	if broken != "" {
		return broken
	}
	if len(found) == 0 {
		return ""
	}
	sort.Strings(found)
	return "calls into " + found[0] + ", which uses the AWS SDK and is not analyzed"
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}
