// Package checks holds the IaC rules, written once against the provider-neutral model.
package checks

import (
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

// A Finding is one IaC rule violation.
type Finding struct {
	Rule    *rules.Rule
	At      model.Range
	Message string
	Related []Related
}

// Related is a secondary location of a finding.
type Related struct {
	At      model.Range
	Message string
}

// Settings are the IaC rules' configurable values.
type Settings struct{}

// Run runs every check against the model.
func Run(m *model.Model, s Settings) []Finding { return nil }

// SetDefaults fills s with the documented defaults.
func (s *Settings) SetDefaults() {}

// Validate reports bad values, naming each field by its dotted YAML path.
func (s *Settings) Validate() []rules.SettingError { return nil }
