package checks

import (
	"fmt"
	"math"

	"github.com/slslint/slslint/rules"
)

// Settings are the IaC rules' configurable values, as written in .slslint.yml:
//
//	cost:
//	  max-hourly-usd: 50              # SLS305 threshold
//	  account-concurrency-limit: 1000 # the concurrency a function without a cap can reach
//	  gb-second-usd:                  # Lambda compute prices, per architecture
//	    x86_64: 0.0000166667
//	    arm64: 0.0000133334
//	  million-requests-usd: 0.20
type Settings struct {
	Cost CostSettings `yaml:"cost" json:"cost"`
}

// CostSettings are the figures SLS302, SLS305 and SLS306 compute with. The defaults are
// AWS Lambda's public on-demand prices in us-east-1 and the default per-Region concurrency
// quota; set them to your Region's prices or your raised quota.
type CostSettings struct {
	// MaxHourlyUSD is the worst-case hourly compute cost above which SLS305 reports a
	// function.
	MaxHourlyUSD float64 `yaml:"max-hourly-usd" json:"max-hourly-usd"`
	// AccountConcurrencyLimit is the concurrency a function with no reserved concurrency
	// can scale to: the account's concurrent-executions quota (1,000 by default).
	AccountConcurrencyLimit int `yaml:"account-concurrency-limit" json:"account-concurrency-limit"`
	// GBSecondUSD is the price of one GB-second of compute per architecture.
	GBSecondUSD GBSecondPrices `yaml:"gb-second-usd" json:"gb-second-usd"`
	// MillionRequestsUSD is the price of one million requests.
	MillionRequestsUSD float64 `yaml:"million-requests-usd" json:"million-requests-usd"`
}

// GBSecondPrices are Lambda's compute prices per architecture, in USD per GB-second.
type GBSecondPrices struct {
	X86   float64 `yaml:"x86_64" json:"x86_64"`
	ARM64 float64 `yaml:"arm64" json:"arm64"`
}

// Defaults of the cost settings.
const (
	DefaultMaxHourlyUSD            = 50.0
	DefaultAccountConcurrencyLimit = 1000
	DefaultX86GBSecondUSD          = 0.0000166667
	DefaultARMGBSecondUSD          = 0.0000133334
	DefaultMillionRequestsUSD      = 0.20
)

// SetDefaults fills s with the documented defaults.
func (s *Settings) SetDefaults() {
	s.Cost = CostSettings{
		MaxHourlyUSD:            DefaultMaxHourlyUSD,
		AccountConcurrencyLimit: DefaultAccountConcurrencyLimit,
		GBSecondUSD:             GBSecondPrices{X86: DefaultX86GBSecondUSD, ARM64: DefaultARMGBSecondUSD},
		MillionRequestsUSD:      DefaultMillionRequestsUSD,
	}
}

// Validate reports bad values, naming each field by its dotted YAML path.
func (s *Settings) Validate() []rules.SettingError {
	var errs []rules.SettingError
	positive := func(field string, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
			errs = append(errs, rules.SettingError{Field: field, Msg: fmt.Sprintf("want a positive amount in USD, got %v", v)})
		}
	}
	positive("cost.max-hourly-usd", s.Cost.MaxHourlyUSD)
	if s.Cost.AccountConcurrencyLimit < 1 {
		errs = append(errs, rules.SettingError{Field: "cost.account-concurrency-limit",
			Msg: fmt.Sprintf("want the account's concurrent-executions quota (1000 by default), got %d", s.Cost.AccountConcurrencyLimit)})
	}
	positive("cost.gb-second-usd.x86_64", s.Cost.GBSecondUSD.X86)
	positive("cost.gb-second-usd.arm64", s.Cost.GBSecondUSD.ARM64)
	positive("cost.million-requests-usd", s.Cost.MillionRequestsUSD)
	return errs
}

// settingsOrDefaults returns s with every zero cost figure replaced by its default, so that
// a Settings built in code without SetDefaults still computes sensible figures.
func settingsOrDefaults(s Settings) Settings {
	var d Settings
	d.SetDefaults()
	c := &s.Cost
	if c.MaxHourlyUSD <= 0 {
		c.MaxHourlyUSD = d.Cost.MaxHourlyUSD
	}
	if c.AccountConcurrencyLimit <= 0 {
		c.AccountConcurrencyLimit = d.Cost.AccountConcurrencyLimit
	}
	if c.GBSecondUSD.X86 <= 0 {
		c.GBSecondUSD.X86 = d.Cost.GBSecondUSD.X86
	}
	if c.GBSecondUSD.ARM64 <= 0 {
		c.GBSecondUSD.ARM64 = d.Cost.GBSecondUSD.ARM64
	}
	if c.MillionRequestsUSD <= 0 {
		c.MillionRequestsUSD = d.Cost.MillionRequestsUSD
	}
	return s
}
