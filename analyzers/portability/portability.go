package portability

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/internal/analyzerdoc"
	"github.com/slslint/slslint/analyzers/internal/listflag"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/internal/glob"
	"github.com/slslint/slslint/rules"
)

//go:embed doc.go
var doc string

// Analyzer reports SLS601, SLS602 and SLS603.
var Analyzer = New()

// Flag names.
const (
	DomainFlag    = "domain"
	ProvidersFlag = "providers"
)

// DefaultDomain are the package path globs of the domain layer when none are configured.
var DefaultDomain = []string{
	"**/domain/**", "**/core/**", "**/model/**", "**/models/**", "**/entity/**", "**/entities/**",
	"**/usecase/**", "**/usecases/**", "**/business/**",
}

// DefaultProviders are the package path prefixes of cloud provider SDKs and runtimes.
var DefaultProviders = []string{
	"github.com/aws/aws-lambda-go",
	"github.com/aws/aws-sdk-go-v2",
	"github.com/aws/aws-sdk-go",
	"github.com/aws/smithy-go", // aws-sdk-go-v2's runtime: its API error and middleware types
	"github.com/awslabs/aws-lambda-go-api-proxy",
	"cloud.google.com/go",
	"github.com/GoogleCloudPlatform/functions-framework-go",
	"github.com/Azure/azure-sdk-for-go",
}

// neutral are packages under a provider prefix that do not tie code to the provider.
var neutral = []string{
	"cloud.google.com/go/civil", // civil dates and times
}

// New returns a new instance of the analyzer with its own settings, for drivers that
// configure analyzers independently.
func New() *analysis.Analyzer {
	s := &settings{domain: listflag.New(DefaultDomain...), providers: listflag.New()}
	s.domain.Check = func(p string) error {
		_, err := glob.Compile(p)
		return err
	}
	s.providers.Check = CheckPrefix
	a := &analysis.Analyzer{
		Name:             "portability",
		Doc:              analyzerdoc.Extract(doc, "portability"),
		URL:              rules.RepositoryURL + "/blob/main/docs/analyzers.md#portability",
		Run:              s.run,
		RunDespiteErrors: true,
		FactTypes:        []analysis.Fact{new(providerFact)},
	}
	a.Flags.Var(s.domain, DomainFlag, "comma-separated package path globs of the domain layer, relative to the module root (default "+strings.Join(DefaultDomain, ",")+")")
	a.Flags.Var(s.providers, ProvidersFlag, "extra comma-separated package path prefixes of cloud provider SDKs, added to the built-in ones")
	s.common.Register(&a.Flags)
	return a
}

// CheckPrefix validates a package path prefix setting.
func CheckPrefix(p string) error {
	if strings.ContainsAny(p, " \t*") || strings.HasSuffix(p, "/") {
		return fmt.Errorf("bad package path prefix %q: want a path such as github.com/acme/cloudsdk", p)
	}
	return nil
}

type settings struct {
	domain    *listflag.List
	providers *listflag.List
	common    diagnostic.Options
}

const sdkV1 = "github.com/aws/aws-sdk-go"

func (s *settings) run(pass *analysis.Pass) (any, error) {
	r := diagnostic.NewReporter(pass, &s.common)
	for _, f := range pass.Files {
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil || (path != sdkV1 && !strings.HasPrefix(path, sdkV1+"/")) {
				continue
			}
			r.Report(rules.DeprecatedAWSSDK, imp,
				"import of "+strconv.Quote(path)+", the AWS SDK for Go v1\nit reached end of support on 2025-07-31 "+
					"(no security fixes) and its heavier init slows cold starts; migrate to github.com/aws/aws-sdk-go-v2")
			break // one finding per file
		}
	}
	domain, err := glob.CompileAll(s.domain.Items())
	if err != nil {
		return nil, err
	}
	l := &lockIn{pass: pass, r: r, providers: append(append([]string(nil), DefaultProviders...), s.providers.Items()...)}
	l.exportChain()
	if l.inDomain(domain) {
		l.reportImports()
		l.reportSignatures()
	}
	return nil, nil
}
