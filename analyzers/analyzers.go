// Package analyzers lists slslint's Go analyzers and the rules each one reports, and maps
// the Go-rule settings of .slslint.yml (and of the golangci-lint plugin) onto their flags.
//
// Each analyzer lives in its own package under analyzers/ and exports `var Analyzer`, so
// that nogo, go vet -vettool and golangci-lint can use it directly; this package is only the
// index the slslint command and the plugin read.
package analyzers

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/coldstart"
	"github.com/slslint/slslint/analyzers/fatal"
	"github.com/slslint/slslint/analyzers/freeze"
	"github.com/slslint/slslint/analyzers/idempotency"
	"github.com/slslint/slslint/analyzers/invocation"
	"github.com/slslint/slslint/analyzers/portability"
	"github.com/slslint/slslint/analyzers/program"
	"github.com/slslint/slslint/analyzers/recursion"
	"github.com/slslint/slslint/analyzers/retry"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/internal/glob"
	"github.com/slslint/slslint/rules"
)

// An Entry is one analyzer and the rules it reports.
type Entry struct {
	// Analyzer is the package's exported instance (All) or a fresh one (Instances).
	Analyzer *analysis.Analyzer
	// New returns a fresh instance with its own settings.
	New   func() *analysis.Analyzer
	Rules []*rules.Rule
}

// All returns every slslint analyzer, as its package exports it, with its rules, in a
// fixed order. The exported instances are what nogo and go vet users name; a driver that
// configures analyzers takes Instances instead and never changes these.
func All() []Entry {
	return []Entry{
		{portability.Analyzer, portability.New, []*rules.Rule{rules.ProviderImport, rules.ProviderTypesInDomain, rules.DeprecatedAWSSDK}},
		{retry.Analyzer, retry.New, []*rules.Rule{rules.UnboundedRetryLoop, rules.RetryWithoutBackoff, rules.UnboundedRetryConfig}},
		{coldstart.Analyzer, coldstart.New, []*rules.Rule{rules.BlockingInit, rules.HeavyDependency}},
		{fatal.Analyzer, fatal.New, []*rules.Rule{rules.FatalInHandler}},
		{recursion.Analyzer, recursion.New, []*rules.Rule{rules.RecursiveInvocation}},
		{idempotency.Analyzer, idempotency.New, []*rules.Rule{rules.NondeterministicWriteKey, rules.NonIdempotentUpdate, rules.UnguardedSideEffect}},
		{invocation.Analyzer, invocation.New, []*rules.Rule{rules.PerInvocationSetup, rules.HTTPNoTimeout, rules.ContextNotPropagated}},
		{freeze.Analyzer, freeze.New, []*rules.Rule{rules.GoroutineOutlivesInvocation, rules.GlobalStateGrowth}},
	}
}

// Options are what a driver sets on every analyzer (the common flags of package
// diagnostic).
type Options struct {
	// Directives: the analyzers drop what suppression comments cover (drivers that do not
	// apply suppressions themselves: go vet, golangci-lint, nogo).
	Directives bool
	// NolintWithoutReason lets //nolint:slslint suppress without a reason.
	NolintWithoutReason bool
	// Details: messages keep, after their first line, why and what to do.
	Details bool
}

// Instances returns a fresh instance of every analyzer, with the settings s and the
// driver's options set on its own flags. The exported Analyzer values are left as they
// are: two runs in one process (the slslint command twice, or next to golangci-lint's
// plugin) never see each other's settings.
func (s *Settings) Instances(o Options) ([]Entry, error) {
	entries := All()
	for i := range entries {
		entries[i].Analyzer = entries[i].New()
	}
	if err := s.Apply(entries); err != nil {
		return nil, err
	}
	for _, e := range entries {
		for name, on := range map[string]bool{
			diagnostic.DirectivesFlag:          o.Directives,
			diagnostic.NolintWithoutReasonFlag: o.NolintWithoutReason,
			diagnostic.DetailsFlag:             o.Details,
		} {
			if err := e.Analyzer.Flags.Set(name, strconv.FormatBool(on)); err != nil {
				return nil, fmt.Errorf("%s -%s: %w", e.Analyzer.Name, name, err)
			}
		}
	}
	return entries, nil
}

// Program returns an instance of the program analyzer (the description of main packages
// for the cross-layer checks) built on the coldstart and idempotency instances of
// entries, so that a run holds one configured instance of each.
func Program(entries []Entry) *analysis.Analyzer {
	cold, evidence := coldstart.Analyzer, idempotency.Analyzer
	for _, e := range entries {
		switch e.Analyzer.Name {
		case coldstart.Analyzer.Name:
			cold = e.Analyzer
		case idempotency.Analyzer.Name:
			evidence = e.Analyzer
		}
	}
	return program.NewWith(cold, evidence)
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
type Settings struct {
	// Architecture says which packages are business code and which imports tie code to a
	// cloud or slow its cold starts (SLS601, SLS602, SLS203).
	Architecture ArchitectureSettings `yaml:"architecture" json:"architecture"`
	// Retries tunes the retry rules (SLS112).
	Retries RetrySettings `yaml:"retries" json:"retries"`
	// Fatal tunes SLS105.
	Fatal FatalSettings `yaml:"fatal" json:"fatal"`
	// Idempotency tunes SLS101.
	Idempotency IdempotencySettings `yaml:"idempotency" json:"idempotency"`
}

// IdempotencySettings is the `idempotency:` section.
//
//	idempotency:
//	  key-attributes:            # DynamoDB key schemas, by table name or $ENV_VAR holding it
//	    orders: [pk, sk]
//	    $EVENTS_TABLE: [eventNumber]
type IdempotencySettings struct {
	// KeyAttributes maps DynamoDB tables to their key attributes, which SLS101 uses instead
	// of attribute names (idempotency -key-attributes); "*" applies to every other table.
	KeyAttributes map[string][]string `yaml:"key-attributes" json:"key-attributes"`
}

// flag renders the key attributes as the -key-attributes value.
func (s IdempotencySettings) flag() string {
	var entries []string
	for table, attrs := range s.KeyAttributes {
		entries = append(entries, table+"="+strings.Join(attrs, "+"))
	}
	sort.Strings(entries)
	return strings.Join(entries, ",")
}

// FatalSettings is the `fatal:` section.
type FatalSettings struct {
	// Panics makes SLS105 report unrecovered panics too, not only log.Fatal and os.Exit
	// (fatal -panics, default true).
	Panics *bool `yaml:"panics" json:"panics"`
}

// ArchitectureSettings is the `architecture:` section.
//
//	architecture:
//	  domain: ["internal/domain/**", "internal/app/**"]   # replaces the default globs
//	  providers: ["github.com/acme/cloudsdk"]              # added to the built-in SDKs
//	  heavy-dependencies: ["github.com/acme/bigclient"]    # added to the built-in list
type ArchitectureSettings struct {
	// Domain are package path globs of the domain layer, relative to the module root; they
	// replace the defaults (portability -domain).
	Domain []string `yaml:"domain" json:"domain"`
	// Providers are extra cloud provider package path prefixes (portability -providers).
	Providers []string `yaml:"providers" json:"providers"`
	// HeavyDependencies are extra package path prefixes whose import slows a function's
	// cold start (coldstart -heavy).
	HeavyDependencies []string `yaml:"heavy-dependencies" json:"heavy-dependencies"`
}

// RetrySettings is the `retries:` section.
type RetrySettings struct {
	// MaxAttempts is the attempt count at or above which a retry library's configured limit
	// counts as no limit (retry -max-attempts).
	MaxAttempts int `yaml:"max-attempts" json:"max-attempts"`
}

// Apply sets the analyzers' flags from s.
func (s *Settings) Apply(entries []Entry) error {
	for _, e := range entries {
		var flags map[string]string
		switch e.Analyzer.Name {
		case "portability":
			flags = map[string]string{
				portability.DomainFlag:    strings.Join(s.Architecture.Domain, ","),
				portability.ProvidersFlag: strings.Join(s.Architecture.Providers, ","),
			}
		case "coldstart":
			flags = map[string]string{coldstart.HeavyFlag: strings.Join(s.Architecture.HeavyDependencies, ",")}
		case "fatal":
			if s.Fatal.Panics != nil {
				flags = map[string]string{"panics": strconv.FormatBool(*s.Fatal.Panics)}
			}
		case "idempotency":
			if len(s.Idempotency.KeyAttributes) > 0 {
				flags = map[string]string{idempotency.KeyAttributesFlag: s.Idempotency.flag()}
			}
		case "retry":
			if s.Retries.MaxAttempts != 0 {
				flags = map[string]string{retry.MaxAttemptsFlag: strconv.Itoa(s.Retries.MaxAttempts)}
			}
		}
		for name, value := range flags {
			if err := e.Analyzer.Flags.Set(name, value); err != nil {
				return fmt.Errorf("%s -%s: %w", e.Analyzer.Name, name, err)
			}
		}
	}
	return nil
}

// SetDefaults fills s with the documented defaults.
func (s *Settings) SetDefaults() {
	s.Architecture.Domain = append([]string(nil), portability.DefaultDomain...)
	s.Architecture.Providers = nil
	s.Architecture.HeavyDependencies = nil
	s.Retries.MaxAttempts = retry.DefaultMaxAttempts
}

// FillUnset gives every field that was left at its zero value its documented default: for
// settings decoded from scratch (golangci-lint's plugin settings) rather than over defaults.
func (s *Settings) FillUnset() {
	var d Settings
	d.SetDefaults()
	if s.Architecture.Domain == nil {
		s.Architecture.Domain = d.Architecture.Domain
	}
	if s.Retries.MaxAttempts == 0 {
		s.Retries.MaxAttempts = d.Retries.MaxAttempts
	}
}

// Validate reports bad values, naming each field by its dotted YAML path.
func (s *Settings) Validate() []rules.SettingError {
	var errs []rules.SettingError
	bad := func(field, msg string) { errs = append(errs, rules.SettingError{Field: field, Msg: msg}) }
	for _, d := range s.Architecture.Domain {
		if strings.Contains(d, ",") {
			bad("architecture.domain", fmt.Sprintf("glob %q contains a comma", d))
		} else if _, err := glob.Compile(d); err != nil {
			bad("architecture.domain", err.Error())
		}
	}
	for _, p := range s.Architecture.Providers {
		if err := portability.CheckPrefix(p); err != nil || strings.Contains(p, ",") {
			bad("architecture.providers", fmt.Sprintf("bad package path prefix %q", p))
		}
	}
	for _, p := range s.Architecture.HeavyDependencies {
		if err := portability.CheckPrefix(p); err != nil || strings.Contains(p, ",") {
			bad("architecture.heavy-dependencies", fmt.Sprintf("bad package path prefix %q", p))
		}
	}
	tables := make([]string, 0, len(s.Idempotency.KeyAttributes))
	for table := range s.Idempotency.KeyAttributes {
		tables = append(tables, table)
	}
	sort.Strings(tables)
	for _, table := range tables {
		attrs := s.Idempotency.KeyAttributes[table]
		entry := table + "=" + strings.Join(attrs, "+")
		if strings.ContainsAny(table, ",=") || strings.ContainsAny(strings.Join(attrs, ""), ",=+") {
			bad("idempotency.key-attributes", fmt.Sprintf("bad table or attribute name in %q", entry))
		} else if err := idempotency.CheckKeyAttributes(entry); err != nil {
			bad("idempotency.key-attributes", err.Error())
		}
	}
	if s.Retries.MaxAttempts < 2 {
		bad("retries.max-attempts", fmt.Sprintf("want at least 2, got %d", s.Retries.MaxAttempts))
	}
	return errs
}
