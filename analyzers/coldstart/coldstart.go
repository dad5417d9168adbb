package coldstart

import (
	_ "embed"
	"fmt"
	"go/token"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/internal/analyzerdoc"
	"github.com/slslint/slslint/analyzers/internal/listflag"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/rules"
)

//go:embed doc.go
var doc string

// Analyzer reports SLS201 and SLS203.
var Analyzer = New()

// New returns a new instance of the analyzer with its own settings, for drivers that
// configure analyzers independently.
func New() *analysis.Analyzer {
	s := &settings{heavy: listflag.New()}
	s.heavy.Check = checkPrefix
	a := &analysis.Analyzer{
		Name:             "coldstart",
		Doc:              analyzerdoc.Extract(doc, "coldstart"),
		URL:              rules.RepositoryURL + "/blob/main/docs/analyzers.md#coldstart",
		Run:              s.run,
		RunDespiteErrors: true,
		FactTypes:        []analysis.Fact{new(blocksFact), new(initFact), new(heavyFact)},
		// The result lists the blocking start-up work of a function binary, the evidence
		// SLS208 init-exceeds-memory-budget (a cross-layer rule) weighs against the
		// function's memory.
		ResultType: reflect.TypeFor[*Result](),
	}
	a.Flags.Var(s.heavy, HeavyFlag, "extra comma-separated package path prefixes whose import makes a function's cold start slow (added to the built-in list: "+strings.Join(DefaultHeavy, ", ")+")")
	s.common.Register(&a.Flags)
	return a
}

// HeavyFlag is the name of the flag that adds heavy-dependency prefixes.
const HeavyFlag = "heavy"

// DefaultHeavy are the package path prefixes that SLS203 reports by default. Each is a
// package whose initialization, not just its size, shows in cold starts:
//
//   - the AWS SDK for Go v1: importing any of it links the endpoints package, whose
//     partition model for every service and region is built at init, and session loads
//     shared configuration files; aws-sdk-go-v2 is modular and lazy.
//   - Kubernetes' client-go clientset: its init registers the types of every API group into
//     a runtime scheme.
//   - the AWS CDK for Go: its generated packages register thousands of types with the jsii
//     runtime at init, and the runtime starts a Node.js child process on first use; CDK
//     code belongs in the deployment pipeline, not in a function. The jsii runtime alone
//     (github.com/aws/jsii-runtime-go, imported for helpers such as jsii.String) starts
//     nothing at init and is not on the list.
var DefaultHeavy = []string{
	"github.com/aws/aws-sdk-go",
	"k8s.io/client-go/kubernetes",
	"github.com/aws/aws-cdk-go/awscdk",
}

type settings struct {
	heavy  *listflag.List
	common diagnostic.Options
}

func checkPrefix(p string) error {
	if strings.ContainsAny(p, " \t*") || strings.HasSuffix(p, "/") {
		return fmt.Errorf("bad package path prefix %q: want a path such as github.com/acme/bigsdk", p)
	}
	return nil
}

func (s *settings) heavyPrefixes() []string {
	return append(append([]string(nil), DefaultHeavy...), s.heavy.Items()...)
}

func (s *settings) run(pass *analysis.Pass) (any, error) {
	r := diagnostic.NewReporter(pass, &s.common)
	heavy := exportHeavy(pass, s.heavyPrefixes())
	entry := findEntry(pass)
	st := newStartup(pass, r)
	st.exportFacts()
	if entry == nil {
		return &Result{}, nil
	}
	st.report(entry)
	reportHeavy(pass, r, heavy)
	return &Result{Startup: st.startup}, nil
}

// Result is what the analyzer found in a function binary (a main package that starts a
// handler): every piece of blocking start-up work SLS201 reports, in report order. It is
// empty for other packages.
type Result struct {
	Startup []StartupWork
}

// StartupWork is one blocking call in a binary's start-up code, as SLS201 reports it.
type StartupWork struct {
	// Pos and End are the start-up call (or the import whose initialization blocks).
	Pos, End token.Pos
	// Summary says what blocks: "initializer of var warehouseUp calls ping at start-up,
	// which blocks on network I/O: ping → http.Get at nightly/main.go:21".
	Summary string
}
