package rules

// Go rules: reported by the go/analysis analyzers under analyzers/.
var (
	// DeprecatedAWSSDK is reported for imports of the AWS SDK for Go v1.
	DeprecatedAWSSDK = &Rule{
		ID: "SLS603", Name: "deprecated-aws-sdk",
		Title:     "The AWS SDK for Go v1 is past its end of support",
		Level:     Warning,
		Layer:     LayerGo,
		Precision: VeryHigh,
		Tags:      []Tag{Portability, ColdStart},
		Since:     "v0.1.0",
	}

	// UnboundedRetryLoop is reported for hand-written retry loops without an attempt limit
	// or a context exit.
	UnboundedRetryLoop = &Rule{
		ID: "SLS110", Name: "unbounded-retry-loop",
		Title:     "A retry loop has no attempt limit and no exit on cancellation",
		Level:     Error,
		Layer:     LayerGo,
		Precision: High,
		Tags:      []Tag{Retries, Cost, Reliability},
		Since:     "v0.1.0",
	}

	// RetryWithoutBackoff is reported for retry loops that do not wait between attempts.
	RetryWithoutBackoff = &Rule{
		ID: "SLS111", Name: "retry-without-backoff",
		Title:     "A retry loop retries immediately, without a delay between attempts",
		Level:     Warning,
		Layer:     LayerGo,
		Precision: High,
		Tags:      []Tag{Retries, Cost},
		Since:     "v0.1.0",
	}

	// UnboundedRetryConfig is reported for retry libraries configured without a limit.
	UnboundedRetryConfig = &Rule{
		ID: "SLS112", Name: "unbounded-retry-config",
		Title:     "A retry library is configured without an attempt or time limit",
		Level:     Error,
		Layer:     LayerGo,
		Precision: High,
		Tags:      []Tag{Retries, Cost, Reliability},
		Since:     "v0.1.0",
	}

	// BlockingInit is reported for network I/O, sleeps and subprocesses in a function
	// binary's start-up code.
	BlockingInit = &Rule{
		ID: "SLS201", Name: "blocking-init",
		Title:     "Start-up code of a function blocks on network I/O, a sleep or a subprocess",
		Level:     Warning,
		Layer:     LayerGo,
		Precision: High,
		Tags:      []Tag{ColdStart},
		Since:     "v0.1.0",
	}

	// HeavyDependency is reported for function binaries that import packages known to
	// slow cold starts.
	HeavyDependency = &Rule{
		ID: "SLS203", Name: "heavy-dependency",
		Title:     "A function's binary imports a package known to slow cold starts",
		Level:     Note,
		Layer:     LayerGo,
		Precision: High,
		Tags:      []Tag{ColdStart},
		Since:     "v0.1.0",
	}

	// ProviderImport is reported for domain-layer packages that import a cloud provider
	// SDK or runtime, directly or through the module's own packages.
	ProviderImport = &Rule{
		ID: "SLS601", Name: "provider-import",
		Title:     "A domain-layer package imports a cloud provider SDK",
		Level:     Warning,
		Layer:     LayerGo,
		Precision: High,
		Tags:      []Tag{Portability, Architecture},
		Since:     "v0.1.0",
	}

	// ProviderTypesInDomain is reported for exported domain-layer functions whose
	// signatures mention provider types.
	ProviderTypesInDomain = &Rule{
		ID: "SLS602", Name: "provider-types-in-domain",
		Title:     "An exported domain-layer function has cloud provider types in its signature",
		Level:     Warning,
		Layer:     LayerGo,
		Precision: High,
		Tags:      []Tag{Portability, Architecture},
		Since:     "v0.1.0",
	}
)

// FatalInHandler is reported for log.Fatal, os.Exit and unrecovered panics reachable
// from a handler.
var FatalInHandler = &Rule{
	ID: "SLS105", Name: "fatal-in-handler",
	Title:     "A handler can exit the runtime process with log.Fatal, os.Exit or an unrecovered panic",
	Level:     Error,
	Layer:     LayerGo,
	Precision: High,
	Tags:      []Tag{Reliability, ColdStart},
	Since:     "v0.1.0",
}

// RecursiveInvocation is reported for a Lambda Invoke of the running function itself,
// reachable from a handler.
var RecursiveInvocation = &Rule{
	ID: "SLS113", Name: "recursive-invocation",
	Title:     "A handler invokes its own Lambda function",
	Level:     Error,
	Layer:     LayerGo,
	Precision: High,
	Tags:      []Tag{Cost, Retries},
	Since:     "v0.1.0",
}

// NondeterministicWriteKey is reported for writes keyed by a value generated inside an
// invocation of an at-least-once handler.
var NondeterministicWriteKey = &Rule{
	ID: "SLS101", Name: "nondeterministic-write-key",
	Title:     "A write under at-least-once delivery uses a key generated inside the invocation",
	Level:     Warning,
	Layer:     LayerGo,
	Precision: High,
	Tags:      []Tag{Idempotency, Reliability},
	Since:     "v0.1.0",
}

// NonIdempotentUpdate is reported for unconditional increments and appends reachable
// from an at-least-once handler.
var NonIdempotentUpdate = &Rule{
	ID: "SLS102", Name: "non-idempotent-update",
	Title:     "An update under at-least-once delivery increments or appends without a condition",
	Level:     Warning,
	Layer:     LayerGo,
	Precision: High,
	Tags:      []Tag{Idempotency, Reliability},
	Since:     "v0.1.0",
}

// UnguardedSideEffect is reported for external side effects with no idempotency guard
// before them, reachable from an at-least-once handler.
var UnguardedSideEffect = &Rule{
	ID: "SLS103", Name: "unguarded-side-effect",
	Title:     "An external side effect under at-least-once delivery has no idempotency guard",
	Level:     Warning,
	Layer:     LayerGo,
	Precision: Medium,
	Tags:      []Tag{Idempotency, Reliability},
	Since:     "v0.1.0",
}

// PerInvocationSetup is reported for set-up work (configuration, clients, pools,
// compiled patterns) done on every invocation instead of once per execution environment.
var PerInvocationSetup = &Rule{
	ID: "SLS202", Name: "per-invocation-setup",
	Title:     "A handler repeats set-up on every invocation that a warm execution environment could reuse",
	Level:     Warning,
	Layer:     LayerGo,
	Precision: High,
	Tags:      []Tag{Cost, ColdStart},
	Since:     "v0.1.0",
}

// HTTPNoTimeout is reported for outbound HTTP requests that neither a client Timeout nor
// a context bounds.
var HTTPNoTimeout = &Rule{
	ID: "SLS410", Name: "http-no-timeout",
	Title:     "An outbound HTTP request has no timeout and no context",
	Level:     Warning,
	Layer:     LayerGo,
	Precision: High,
	Tags:      []Tag{Timeouts, Cost, Reliability},
	Since:     "v0.1.0",
}

// ContextNotPropagated is reported for calls given a fresh context although the
// invocation's context is in scope.
var ContextNotPropagated = &Rule{
	ID: "SLS411", Name: "context-not-propagated",
	Title:     "A call gets a fresh context although the invocation's context is in scope",
	Level:     Warning,
	Layer:     LayerGo,
	Precision: High,
	Tags:      []Tag{Timeouts, Observability},
	Since:     "v0.1.0",
}

// GoroutineOutlivesInvocation is reported for goroutines a handler starts and does not
// wait for.
var GoroutineOutlivesInvocation = &Rule{
	ID: "SLS606", Name: "goroutine-outlives-invocation",
	Title:     "A handler starts a goroutine that it does not wait for",
	Level:     Warning,
	Layer:     LayerGo,
	Precision: High,
	Tags:      []Tag{Reliability},
	Since:     "v0.1.0",
}

// GlobalStateGrowth is reported for appends and inserts into package-level slices and
// maps from handler code.
var GlobalStateGrowth = &Rule{
	ID: "SLS607", Name: "global-state-growth",
	Title:     "A handler grows a package-level slice or map on every invocation",
	Level:     Warning,
	Layer:     LayerGo,
	Precision: Medium,
	Tags:      []Tag{Reliability},
	Since:     "v0.1.0",
}

var goRules = []*Rule{
	DeprecatedAWSSDK,
	FatalInHandler, RecursiveInvocation,
	NondeterministicWriteKey, NonIdempotentUpdate, UnguardedSideEffect,
	UnboundedRetryLoop, RetryWithoutBackoff, UnboundedRetryConfig,
	BlockingInit, HeavyDependency,
	ProviderImport, ProviderTypesInDomain,
	PerInvocationSetup, HTTPNoTimeout, ContextNotPropagated,
	GoroutineOutlivesInvocation, GlobalStateGrowth,
}
