// Package golangci is slslint's golangci-lint module plugin: it registers the Go analyzers
// under the linter name "slslint".
//
// Build a golangci-lint binary that includes it with `golangci-lint custom` and a
// .custom-gcl.yml naming this package (see the README), or offline with
// scripts/build-custom-gcl.sh. Then enable it in .golangci.yml:
//
//	linters:
//	  enable: [slslint]
//	  settings:
//	    custom:
//	      slslint:
//	        type: module
//	        description: serverless Go rules
//	        settings:
//	          architecture:
//	            domain: ["**/domain/**"]
//
// Every message starts with the rule ID ("SLS101: ..."), so linters.exclusions.rules[].text
// can match it, and //slslint:ignore SLS101 reason works as with the slslint command.
package golangci

import (
	"golang.org/x/tools/go/analysis"

	"github.com/golangci/plugin-module-register/register"

	"github.com/slslint/slslint/analyzers"
)

// Name is the linter name in golangci-lint's configuration and output.
const Name = "slslint"

func init() {
	// golangci-lint's module plugins register themselves when imported.
	register.Plugin(Name, New)
}

// Settings are the plugin's settings: the Go rules' settings of .slslint.yml, in JSON form.
type Settings struct {
	analyzers.Settings
}

// Plugin is the slslint linter for golangci-lint.
type Plugin struct {
	settings Settings
}

// New decodes the settings from .golangci.yml.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, err
	}
	s.FillUnset()
	if errs := s.Validate(); len(errs) > 0 {
		return nil, errs[0]
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns every slslint Go analyzer, configured from the settings.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	entries := analyzers.All()
	if err := p.settings.Apply(entries); err != nil {
		return nil, err
	}
	var as []*analysis.Analyzer
	for _, e := range entries {
		as = append(as, e.Analyzer)
	}
	return as, nil
}

// GetLoadMode asks golangci-lint for type information: the analyzers need it.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
