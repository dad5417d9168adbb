package rules

// Cross-layer rules: reported by checks that read a function's template and its Go code.
var crossRules = []*Rule{
	BatchResponseMismatch, TriggerHandlerMismatch, AtLeastOnceWithoutIdempotency, SelfTriggerInCode,
	MissingEnvVar, UnusedEnvVar, InitExceedsMemoryBudget, CodeTimeoutExceedsFunction, NoDeadlineHeadroom,
	MissingPermission, UnusedPermission, NarrowerPolicy,
}

var (
	// BatchResponseMismatch is reported when a batch trigger's ReportBatchItemFailures and
	// the handler's response type disagree.
	BatchResponseMismatch = &Rule{
		ID: "SLS124", Name: "batch-response-mismatch",
		Title:     "A batch trigger's ReportBatchItemFailures setting and its handler's response type disagree",
		Level:     Error,
		Layer:     LayerCross,
		Precision: High,
		Tags:      []Tag{Retries, Reliability},
		Since:     "v0.1.0",
	}
	// TriggerHandlerMismatch is reported when a handler's event type is not what its
	// trigger sends.
	TriggerHandlerMismatch = &Rule{
		ID: "SLS125", Name: "trigger-handler-mismatch",
		Title:     "A handler's event type does not match the trigger that invokes it",
		Level:     Error,
		Layer:     LayerCross,
		Precision: High,
		Tags:      []Tag{Reliability},
		Since:     "v0.1.0",
	}
	// AtLeastOnceWithoutIdempotency is reported when an at-least-once trigger invokes a
	// handler with non-idempotent writes or side effects.
	AtLeastOnceWithoutIdempotency = &Rule{
		ID: "SLS126", Name: "at-least-once-without-idempotency",
		Title:     "An at-least-once trigger invokes a handler that performs non-idempotent writes or side effects",
		Level:     Warning,
		Layer:     LayerCross,
		Precision: Medium,
		Tags:      []Tag{Idempotency, Reliability},
		Since:     "v0.1.0",
	}
	// SelfTriggerInCode is reported when a handler writes to the resource that triggers it.
	SelfTriggerInCode = &Rule{
		ID: "SLS127", Name: "self-trigger-in-code",
		Title:     "A handler writes to the bucket, queue, topic or stream that triggers it",
		Level:     Error,
		Layer:     LayerCross,
		Precision: High,
		Tags:      []Tag{Retries, Cost},
		Since:     "v0.1.0",
	}
	// MissingEnvVar is reported when the code reads an environment variable the function
	// does not define.
	MissingEnvVar = &Rule{
		ID: "SLS128", Name: "missing-env-var",
		Title:     "The code reads an environment variable that the function's configuration does not define",
		Level:     Error,
		Layer:     LayerCross,
		Precision: High,
		Tags:      []Tag{Reliability},
		Since:     "v0.1.0",
	}
	// UnusedEnvVar is reported for a function environment variable its code never reads.
	UnusedEnvVar = &Rule{
		ID: "SLS129", Name: "unused-env-var",
		Title:     "A function's environment variable is never read by its code",
		Level:     Note,
		Layer:     LayerCross,
		Precision: Medium,
		Tags:      []Tag{Architecture},
		Since:     "v0.1.0",
	}
	// InitExceedsMemoryBudget is reported for blocking start-up work in a function with
	// little memory.
	InitExceedsMemoryBudget = &Rule{
		ID: "SLS208", Name: "init-exceeds-memory-budget",
		Title:     "Blocking start-up work runs in a function configured with 256 MB or less",
		Level:     Note,
		Layer:     LayerCross,
		Precision: High,
		Tags:      []Tag{ColdStart, Cost},
		Since:     "v0.1.0",
	}
	// CodeTimeoutExceedsFunction is reported when a time the code allows exceeds the
	// function's timeout.
	CodeTimeoutExceedsFunction = &Rule{
		ID: "SLS412", Name: "code-timeout-exceeds-function",
		Title:     "A timeout, sleep or retry budget in the handler is longer than the function's timeout",
		Level:     Warning,
		Layer:     LayerCross,
		Precision: High,
		Tags:      []Tag{Timeouts, Reliability},
		Since:     "v0.1.0",
	}
	// NoDeadlineHeadroom is reported for a batch loop that can outlast the function's
	// timeout without reading the invocation deadline.
	NoDeadlineHeadroom = &Rule{
		ID: "SLS413", Name: "no-deadline-headroom",
		Title:     "A handler loops over a batch that can outlast the timeout without reading the invocation deadline",
		Level:     Note,
		Layer:     LayerCross,
		Precision: Medium,
		Tags:      []Tag{Timeouts, Reliability},
		Since:     "v0.1.0",
	}
	// MissingPermission is reported for an AWS call of a function's code that its fully known
	// role does not allow.
	MissingPermission = &Rule{
		ID: "SLS510", Name: "missing-permission",
		Title:            "An AWS call in the handler's code needs an IAM action its function's role does not allow",
		Level:            Error,
		Layer:            LayerCross,
		Precision:        High,
		Tags:             []Tag{Security, Reliability},
		SecuritySeverity: "3.0",
		Since:            "v0.2.0",
	}
	// UnusedPermission is reported for a policy of a function's role of which no action is
	// used by its code.
	UnusedPermission = &Rule{
		ID: "SLS511", Name: "unused-permission",
		Title:            "A policy of a function's role grants only actions its code never uses",
		Level:            Warning,
		Layer:            LayerCross,
		Precision:        Medium,
		Tags:             []Tag{Security},
		SecuritySeverity: "4.0",
		Since:            "v0.2.0",
	}
	// NarrowerPolicy is reported for a policy of which the code uses only some actions, when
	// a narrower one fits.
	NarrowerPolicy = &Rule{
		ID: "SLS512", Name: "narrower-policy",
		Title:            "A policy grants more than the function's code uses, and a narrower one fits",
		Level:            Note,
		Layer:            LayerCross,
		Precision:        Medium,
		Tags:             []Tag{Security},
		SecuritySeverity: "2.0",
		Since:            "v0.2.0",
	}
)
