package portability

import (
	_ "embed"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/internal/analyzerdoc"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/rules"
)

//go:embed doc.go
var doc string

// Analyzer reports SLS603.
var Analyzer = New()

// New returns a new instance of the analyzer with its own settings, for drivers that
// configure analyzers independently.
func New() *analysis.Analyzer {
	s := &settings{}
	a := &analysis.Analyzer{
		Name: "portability",
		Doc:  analyzerdoc.Extract(doc, "portability"),
		URL:  rules.RepositoryURL + "/blob/main/docs/analyzers.md#portability",
		Run:  s.run,
	}
	s.common.Register(&a.Flags)
	return a
}

type settings struct {
	common diagnostic.Options
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
				"import of "+strconv.Quote(path)+": the AWS SDK for Go v1 reached end of support on 2025-07-31 "+
					"(no security fixes) and its heavier init slows cold starts; migrate to github.com/aws/aws-sdk-go-v2")
			break // one finding per file
		}
	}
	return nil, nil
}
