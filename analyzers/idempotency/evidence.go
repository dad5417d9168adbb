package idempotency

import (
	"github.com/slslint/slslint/analyzers/effects"
	"github.com/slslint/slslint/analyzers/handlers"
)

// reasons say in a few words why each rule's evidence is not idempotent, for the
// cross-layer finding that lists them.
var reasons = map[string]string{
	"SLS101": "key from a nondeterministic source",
	"SLS102": "increment or append without a condition",
	"SLS103": "side effect with no idempotency guard",
}

// NonIdempotent returns the evidence found for h, in the form the cross-layer analyzer
// reads (program.EvidenceSource): SLS126 weighs it against the function's triggers.
func (r *Result) NonIdempotent(h *handlers.Handler) []effects.IdempotencyEvidence {
	for _, he := range r.Handlers {
		if he.Handler != h {
			continue
		}
		var out []effects.IdempotencyEvidence
		for _, ev := range he.Evidence {
			out = append(out, effects.IdempotencyEvidence{
				Rule:   ev.Rule.ID,
				Effect: effects.Effect{Op: ev.Op, Path: ev.Path},
				Reason: reasons[ev.Rule.ID],
			})
		}
		return out
	}
	return nil
}
