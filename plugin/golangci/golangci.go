// Package golangci is slslint's golangci-lint module plugin: it runs the Go analyzers
// under the linter name "slslint", configured as the slslint command is.
//
// Build a golangci-lint binary that includes it with `golangci-lint custom` and a
// .custom-gcl.yml naming this package (see the README), or offline with
// scripts/build-custom-gcl.sh. Then enable it in .golangci.yml; its settings are those of
// .slslint.yml (rules on and off, exclude, the rules' settings, suppressions), without
// `version`:
//
//	linters:
//	  enable: [slslint]
//	  settings:
//	    custom:
//	      slslint:
//	        type: module
//	        description: serverless Go rules
//	        settings:
//	          rules:
//	            SLS111: off
//	          architecture:
//	            domain: ["**/domain/**"]
//
// Every message starts with its rule ID ("SLS101: ..."), and //slslint:ignore SLS101
// reason works as with the slslint command. golangci-lint keeps one issue per line, so the
// findings on one line come as one issue that names each rule ("SLS110: ...; SLS111:
// ..."); turn a rule off in the settings rather than by an exclusion that would match the
// others' issue too. Related locations are written into the message.
package golangci

import (
	"errors"
	"os"

	"golang.org/x/tools/go/analysis"
	"gopkg.in/yaml.v3"

	"github.com/golangci/plugin-module-register/register"

	"github.com/slslint/slslint/internal/config"
	"github.com/slslint/slslint/internal/driverconfig"
)

// Name is the linter name in golangci-lint's configuration and output.
const Name = "slslint"

// settingsName names the plugin's settings in errors, as the user wrote them.
const settingsName = "linters.settings.custom.slslint.settings"

func init() {
	// golangci-lint's module plugins register themselves when imported.
	register.Plugin(Name, New)
}

// Plugin is the slslint linter for golangci-lint.
type Plugin struct {
	cfg *config.Config
}

// New reads the settings from .golangci.yml: the keys of .slslint.yml, version optional.
func New(conf any) (register.LinterPlugin, error) {
	cfg, err := parseSettings(conf)
	if err != nil {
		return nil, err
	}
	return &Plugin{cfg: cfg}, nil
}

func parseSettings(conf any) (*config.Config, error) {
	m := map[string]any{}
	switch c := conf.(type) {
	case nil:
	case map[string]any:
		for k, v := range c {
			m[k] = v
		}
	default:
		return nil, errors.New(settingsName + ": want a mapping of .slslint.yml's keys")
	}
	if _, ok := m["version"]; !ok {
		m["version"] = config.Version
	}
	src, err := yaml.Marshal(m)
	if err != nil {
		return nil, err
	}
	cfg, err := config.Parse(src, settingsName, ".")
	var ce *config.Error
	if errors.As(err, &ce) {
		ce.Line = 0 // a line of the settings as re-encoded, not of the user's file
	}
	return cfg, err
}

// BuildAnalyzers returns the one analyzer that runs every slslint analyzer, configured
// from the settings, and reports as golangci-lint keeps issues.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	root := ""
	if wd, err := os.Getwd(); err == nil {
		root = config.RepositoryRoot(wd)
	}
	a, err := driverconfig.Plugin(p.cfg, root)
	if err != nil {
		return nil, err
	}
	return []*analysis.Analyzer{a}, nil
}

// GetLoadMode asks golangci-lint for type information: the analyzers need it.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
