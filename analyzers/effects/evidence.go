package effects

// IdempotencyEvidence is one non-idempotent write or side effect reachable from a handler,
// as the analyzer behind SLS101–SLS103 finds it: the rule whose evidence it is
// ("SLS101"), the effect with its witness path from the handler, and what makes it
// non-idempotent ("key built from uuid.NewString()"). The cross-layer rule SLS126 weighs
// it against the function's triggers (see analyzers/program).
type IdempotencyEvidence struct {
	Rule   string
	Effect Effect
	Reason string
}
