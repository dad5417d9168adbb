package analyzers_test

import (
	"testing"

	"github.com/slslint/slslint/analyzers"
	"github.com/slslint/slslint/analyzers/idempotency"
)

// The idempotency section reaches the analyzer's -key-attributes flag, in a stable order.
func TestIdempotencySettings(t *testing.T) {
	var s analyzers.Settings
	s.SetDefaults()
	s.Idempotency.KeyAttributes = map[string][]string{"orders": {"pk", "sk"}, "$EVENTS_TABLE": {"eventNumber"}}
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatalf("valid settings rejected: %v", errs)
	}
	e := analyzers.Entry{Analyzer: idempotency.New()}
	if err := s.Apply([]analyzers.Entry{e}); err != nil {
		t.Fatal(err)
	}
	if got, want := e.Analyzer.Flags.Lookup(idempotency.KeyAttributesFlag).Value.String(), "$EVENTS_TABLE=eventNumber,orders=pk+sk"; got != want {
		t.Errorf("-key-attributes = %q, want %q", got, want)
	}
	s.Idempotency.KeyAttributes = map[string][]string{"orders": {"p+k"}}
	if errs := s.Validate(); len(errs) != 1 || errs[0].Field != "idempotency.key-attributes" {
		t.Errorf("bad attribute name accepted: %v", errs)
	}
}
