// Package analyzers lists slslint's Go analyzers and the rules each one reports, and maps
// the Go-rule settings of .slslint.yml (and of the golangci-lint plugin) onto their flags.
//
// Each analyzer lives in its own package under analyzers/ and exports `var Analyzer`, so
// that nogo, go vet -vettool and golangci-lint can use it directly; this package is only the
// index the slslint command and the plugin read.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/fatal"
	"github.com/slslint/slslint/analyzers/portability"
	"github.com/slslint/slslint/analyzers/recursion"
	"github.com/slslint/slslint/rules"
)

// An Entry is one analyzer and the rules it reports.
type Entry struct {
	Analyzer *analysis.Analyzer
	Rules    []*rules.Rule
}

// All returns every slslint analyzer with its rules, in a fixed order.
func All() []Entry {
	return []Entry{
		{portability.Analyzer, []*rules.Rule{rules.DeprecatedAWSSDK}},
		{fatal.Analyzer, []*rules.Rule{rules.FatalInHandler}},
		{recursion.Analyzer, []*rules.Rule{rules.RecursiveInvocation}},
	}
}

// Analyzers returns the analyzers of All.
func Analyzers() []*analysis.Analyzer {
	var as []*analysis.Analyzer
	for _, e := range All() {
		as = append(as, e.Analyzer)
	}
	return as
}

// Settings are the Go rules' settings as written in .slslint.yml and in golangci-lint's
// plugin settings. Each field maps to analyzer flags in Apply.
type Settings struct{}

// Apply sets the analyzers' flags from s.
func (s *Settings) Apply(entries []Entry) error { return nil }

// SetDefaults fills s with the documented defaults.
func (s *Settings) SetDefaults() {}

// Validate reports bad values, naming each field by its dotted YAML path.
func (s *Settings) Validate() []rules.SettingError { return nil }
