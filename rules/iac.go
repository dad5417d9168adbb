package rules

// IaC rules: reported by the checks under iac/checks against the provider-neutral model.
var (
	// StreamRetryUnbounded is reported for a stream event source with unbounded retries, no on-failure destination and no batch bisection.
	StreamRetryUnbounded = &Rule{
		ID: "SLS120", Name: "stream-retry-unbounded",
		Title:     "A Kinesis or DynamoDB stream trigger retries a failing batch until its records expire",
		Level:     Error,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Retries, Reliability},
		Since:     "v0.1.0",
	}
	// AsyncNoFailureDestination is reported for a function with an asynchronous trigger and nowhere for failed events to go.
	AsyncNoFailureDestination = &Rule{
		ID: "SLS121", Name: "async-no-failure-destination",
		Title:     "An asynchronously invoked function has neither a dead-letter queue nor an on-failure destination",
		Level:     Warning,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Retries, Reliability},
		Since:     "v0.1.0",
	}
	// QueueNoRedrive is reported for a queue consumed by a function without a dead-letter queue.
	QueueNoRedrive = &Rule{
		ID: "SLS122", Name: "queue-no-redrive",
		Title:     "An SQS queue that triggers a function has no redrive policy",
		Level:     Warning,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Retries, Cost},
		Since:     "v0.1.0",
	}
	// RecursiveTrigger is reported for a function whose role can write to its own trigger source, or that turns off recursive loop detection.
	RecursiveTrigger = &Rule{
		ID: "SLS123", Name: "recursive-trigger",
		Title:     "A function can write to the bucket, queue or topic that triggers it",
		Level:     Error,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Retries, Cost},
		Since:     "v0.1.0",
	}
	// NoBudget is reported once per project that deploys functions and defines no AWS Budgets budget.
	NoBudget = &Rule{
		ID: "SLS301", Name: "no-budget",
		Title:     "A project that deploys functions defines no budget",
		Level:     Warning,
		Layer:     LayerIaC,
		Precision: Medium,
		Tags:      []Tag{Cost},
		Since:     "v0.1.0",
	}
	// NoConcurrencyLimit is reported for a function whose concurrency nothing caps.
	NoConcurrencyLimit = &Rule{
		ID: "SLS302", Name: "no-concurrency-limit",
		Title:     "A function has no reserved concurrency, so only the account limit bounds it",
		Level:     Warning,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Cost, Reliability},
		Since:     "v0.1.0",
	}
	// APINoThrottling is reported for a REST or HTTP API stage without throttling settings or a usage plan.
	APINoThrottling = &Rule{
		ID: "SLS303", Name: "api-no-throttling",
		Title:     "An API Gateway stage has no throttling",
		Level:     Warning,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Cost, Reliability},
		Since:     "v0.1.0",
	}
	// LogRetentionUnset is reported for a function whose log group has no retention.
	LogRetentionUnset = &Rule{
		ID: "SLS304", Name: "log-retention-unset",
		Title:     "A function's logs never expire",
		Level:     Warning,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Cost},
		Since:     "v0.1.0",
	}
	// WorstCaseCost is reported for a function whose full-concurrency hourly cost exceeds the configured threshold.
	WorstCaseCost = &Rule{
		ID: "SLS305", Name: "worst-case-cost",
		Title:     "A function's worst-case hourly compute cost exceeds cost.max-hourly-usd",
		Level:     Warning,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Cost},
		Since:     "v0.1.0",
	}
	// X86Architecture is reported for a Go function on x86_64.
	X86Architecture = &Rule{
		ID: "SLS306", Name: "x86-architecture",
		Title:     "A Go function runs on x86_64 instead of the cheaper arm64",
		Level:     Note,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Cost},
		Since:     "v0.1.0",
	}
	// FunctionTimeoutUnset is reported for a function that sets no timeout.
	FunctionTimeoutUnset = &Rule{
		ID: "SLS401", Name: "function-timeout-unset",
		Title:     "A function relies on the provider's default timeout",
		Level:     Warning,
		Layer:     LayerIaC,
		Precision: VeryHigh,
		Tags:      []Tag{Timeouts},
		Since:     "v0.1.0",
	}
	// TaskTimeoutUnset is reported for a Task state without TimeoutSeconds, or a .waitForTaskToken task without HeartbeatSeconds.
	TaskTimeoutUnset = &Rule{
		ID: "SLS402", Name: "task-timeout-unset",
		Title:     "A Step Functions Task state has no timeout, or waits for a task token without a heartbeat",
		Level:     Error,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Timeouts, Reliability},
		Since:     "v0.1.0",
	}
	// TimeoutExceedsIntegration is reported for a function whose timeout exceeds the 29 s (REST) or 30 s (HTTP API) integration limit.
	TimeoutExceedsIntegration = &Rule{
		ID: "SLS403", Name: "timeout-exceeds-integration",
		Title:     "A function behind API Gateway has a timeout longer than the integration limit",
		Level:     Warning,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Timeouts, Cost},
		Since:     "v0.1.0",
	}
	// VisibilityTimeoutTooShort is reported for a queue whose visibility timeout is below the function timeout (error) or below 6× it (warning).
	VisibilityTimeoutTooShort = &Rule{
		ID: "SLS404", Name: "visibility-timeout-too-short",
		Title:     "An SQS queue's visibility timeout is short for the function it triggers",
		Level:     Error,
		Layer:     LayerIaC,
		Precision: VeryHigh,
		Tags:      []Tag{Timeouts, Idempotency, Retries},
		Since:     "v0.1.0",
	}
	// TimeoutAtMaximum is reported for a synchronously invoked function with a 900 s timeout.
	TimeoutAtMaximum = &Rule{
		ID: "SLS405", Name: "timeout-at-maximum",
		Title:     "A synchronously invoked function has Lambda's maximum timeout of 900 s",
		Level:     Note,
		Layer:     LayerIaC,
		Precision: High,
		Tags:      []Tag{Timeouts},
		Since:     "v0.1.0",
	}
	// PublicFunctionURL is reported for a function URL with AuthType NONE.
	PublicFunctionURL = &Rule{
		ID: "SLS501", Name: "public-function-url",
		Title:            "A function URL allows unauthenticated invocation",
		Level:            Error,
		Layer:            LayerIaC,
		Precision:        High,
		Tags:             []Tag{Security},
		SecuritySeverity: "7.5",
		Since:            "v0.1.0",
	}
	// PublicInvokePermission is reported for a Lambda permission with principal * or a service principal without SourceArn or SourceAccount.
	PublicInvokePermission = &Rule{
		ID: "SLS502", Name: "public-invoke-permission",
		Title:            "A Lambda permission lets everyone, or any account's resources, invoke a function",
		Level:            Error,
		Layer:            LayerIaC,
		Precision:        High,
		Tags:             []Tag{Security},
		SecuritySeverity: "7.3",
		Since:            "v0.1.0",
	}
	// APINoAuthorization is reported for an API route without authorization.
	APINoAuthorization = &Rule{
		ID: "SLS503", Name: "api-no-authorization",
		Title:            "An API route has no authorizer and requires no API key",
		Level:            Warning,
		Layer:            LayerIaC,
		Precision:        Medium,
		Tags:             []Tag{Security},
		SecuritySeverity: "5.3",
		Since:            "v0.1.0",
	}
	// OverlyPermissiveIAM is reported for wildcard actions, write actions on Resource *, and AdministratorAccess, PowerUserAccess or *FullAccess policies on a function's role.
	OverlyPermissiveIAM = &Rule{
		ID: "SLS504", Name: "overly-permissive-iam",
		Title:            "A function's role grants wildcard actions, writes on every resource, or a broad managed policy",
		Level:            Error,
		Layer:            LayerIaC,
		Precision:        High,
		Tags:             []Tag{Security},
		SecuritySeverity: "8.1",
		Since:            "v0.1.0",
	}
	// PlaintextSecretEnv is reported for secret-looking environment variables with literal values and for AWS access key IDs.
	PlaintextSecretEnv = &Rule{
		ID: "SLS505", Name: "plaintext-secret-env",
		Title:            "A function's environment variable holds a secret in plain text",
		Level:            Error,
		Layer:            LayerIaC,
		Precision:        High,
		Tags:             []Tag{Security},
		SecuritySeverity: "7.5",
		Since:            "v0.1.0",
	}
	// UnencryptedMessaging is reported for SNS topics without a KMS key and SQS queues with server-side encryption turned off.
	UnencryptedMessaging = &Rule{
		ID: "SLS506", Name: "unencrypted-messaging",
		Title:            "An SNS topic or SQS queue is not encrypted at rest",
		Level:            Warning,
		Layer:            LayerIaC,
		Precision:        High,
		Tags:             []Tag{Security},
		SecuritySeverity: "4.0",
		Since:            "v0.1.0",
	}
	// DeprecatedRuntime is reported for go1.x and every runtime past its deprecation date.
	DeprecatedRuntime = &Rule{
		ID: "SLS507", Name: "deprecated-runtime",
		Title:            "A function uses a deprecated Lambda runtime",
		Level:            Error,
		Layer:            LayerIaC,
		Precision:        VeryHigh,
		Tags:             []Tag{Security, Reliability},
		SecuritySeverity: "5.9",
		Since:            "v0.1.0",
	}
	// PublicResourcePolicy is reported for SQS and SNS policy statements allowing principal * without a condition.
	PublicResourcePolicy = &Rule{
		ID: "SLS508", Name: "public-resource-policy",
		Title:            "A queue or topic policy lets anyone send, receive, publish or subscribe",
		Level:            Error,
		Layer:            LayerIaC,
		Precision:        High,
		Tags:             []Tag{Security},
		SecuritySeverity: "8.2",
		Since:            "v0.1.0",
	}
	// CORSWildcardCredentials is reported for CORS configurations with origin * and AllowCredentials.
	CORSWildcardCredentials = &Rule{
		ID: "SLS509", Name: "cors-wildcard-credentials",
		Title:            "CORS allows any origin together with credentials",
		Level:            Warning,
		Layer:            LayerIaC,
		Precision:        High,
		Tags:             []Tag{Security},
		SecuritySeverity: "4.3",
		Since:            "v0.1.0",
	}
	// FunctionTracingDisabled is reported for a function without active tracing.
	FunctionTracingDisabled = &Rule{
		ID: "SLS701", Name: "function-tracing-disabled",
		Title:     "A function does not trace with X-Ray",
		Level:     Note,
		Layer:     LayerIaC,
		Precision: VeryHigh,
		Tags:      []Tag{Observability},
		Since:     "v0.1.0",
	}
	// APITracingDisabled is reported for a REST API stage without X-Ray tracing.
	APITracingDisabled = &Rule{
		ID: "SLS702", Name: "api-tracing-disabled",
		Title:     "A REST API stage does not trace with X-Ray",
		Level:     Note,
		Layer:     LayerIaC,
		Precision: VeryHigh,
		Tags:      []Tag{Observability},
		Since:     "v0.1.0",
	}
	// NoErrorAlarm is reported for a function with no CloudWatch alarm on its Errors or Throttles metric.
	NoErrorAlarm = &Rule{
		ID: "SLS703", Name: "no-error-alarm",
		Title:     "A function has no alarm on its errors or throttles",
		Level:     Note,
		Layer:     LayerIaC,
		Precision: Medium,
		Tags:      []Tag{Observability, Reliability},
		Since:     "v0.1.0",
	}
	// APIAccessLoggingDisabled is reported for an API stage without access logging.
	APIAccessLoggingDisabled = &Rule{
		ID: "SLS704", Name: "api-access-logging-disabled",
		Title:     "An API stage writes no access logs",
		Level:     Note,
		Layer:     LayerIaC,
		Precision: VeryHigh,
		Tags:      []Tag{Observability},
		Since:     "v0.1.0",
	}
)

var iacRules = []*Rule{
	StreamRetryUnbounded, AsyncNoFailureDestination, QueueNoRedrive, RecursiveTrigger,
	NoBudget, NoConcurrencyLimit, APINoThrottling, LogRetentionUnset,
	WorstCaseCost, X86Architecture, FunctionTimeoutUnset, TaskTimeoutUnset,
	TimeoutExceedsIntegration, VisibilityTimeoutTooShort, TimeoutAtMaximum, PublicFunctionURL,
	PublicInvokePermission, APINoAuthorization, OverlyPermissiveIAM, PlaintextSecretEnv,
	UnencryptedMessaging, DeprecatedRuntime, PublicResourcePolicy, CORSWildcardCredentials,
	FunctionTracingDisabled, APITracingDisabled, NoErrorAlarm, APIAccessLoggingDisabled,
}
