package retry

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/internal/analyzerdoc"
	"github.com/slslint/slslint/analyzers/internal/ownmodule"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/rules"
)

//go:embed doc.go
var doc string

// Analyzer reports SLS110, SLS111 and SLS112.
var Analyzer = New()

// MaxAttemptsFlag is the name of the flag that sets the attempt count at or above which a
// configured limit counts as no limit.
const MaxAttemptsFlag = "max-attempts"

// DefaultMaxAttempts is the default of -max-attempts: with any backoff, a thousand
// attempts outlast the longest function timeout (15 minutes on AWS Lambda).
const DefaultMaxAttempts = 1000

// New returns a new instance of the analyzer with its own settings, for drivers that
// configure analyzers independently.
func New() *analysis.Analyzer {
	s := &settings{maxAttempts: attemptLimit(DefaultMaxAttempts)}
	a := &analysis.Analyzer{
		Name:             "retry",
		Doc:              analyzerdoc.Extract(doc, "retry"),
		URL:              rules.RepositoryURL + "/blob/main/docs/analyzers.md#retry",
		Run:              s.run,
		RunDespiteErrors: true,
		FactTypes:        []analysis.Fact{new(waitsFact)},
	}
	a.Flags.Var(&s.maxAttempts, MaxAttemptsFlag, "attempt count at or above which a retry library's configured limit counts as no limit (SLS112)")
	s.common.Register(&a.Flags)
	return a
}

type settings struct {
	maxAttempts attemptLimit
	common      diagnostic.Options
}

// attemptLimit is a flag.Value that accepts integers of at least 2.
type attemptLimit int64

func (l *attemptLimit) String() string { return fmt.Sprint(int64(*l)) }

func (l *attemptLimit) Set(s string) error {
	var v int64
	if _, err := fmt.Sscan(s, &v); err != nil || v < 2 {
		return fmt.Errorf("want an integer of at least 2, got %q", s)
	}
	*l = attemptLimit(v)
	return nil
}

func (s *settings) run(pass *analysis.Pass) (any, error) {
	if !ownmodule.Analyzed(pass) {
		return nil, nil // dependencies: neither facts nor findings
	}
	r := diagnostic.NewReporter(pass, &s.common)
	w := exportWaits(pass)
	checkLoops(pass, r, w)
	checkConfig(pass, r, int64(s.maxAttempts))
	return nil, nil
}
