package checks

import (
	"fmt"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// setting names one setting in each format, so that a message says what to write in the
// file the user has open. Serverless Framework services declare queues, topics and other
// resources as raw CloudFormation under `resources:`, so their names there are the
// CloudFormation ones.
type setting struct{ cfn, tf, sls string }

// in returns the setting's name in the project's format.
func (s setting) in(p *model.Project) string {
	switch p.Format {
	case model.Terraform, model.TerraformVars:
		return s.tf
	case model.CDK:
		return goSetting(s, true)
	case model.Pulumi:
		return goSetting(s, false)
	case model.Serverless:
		if s.sls != "" {
			return s.sls
		}
	}
	return s.cfn
}

// of returns the setting's name for an entity of type typ in p: a raw CloudFormation
// resource under a serverless service's resources: (an AWS::Lambda::Function, say) is
// configured with the CloudFormation names, not the framework's.
func (s setting) of(p *model.Project, typ string) string {
	if p.Format == model.Serverless && strings.HasPrefix(typ, "AWS::") {
		return s.cfn
	}
	return s.in(p)
}

// Settings named in messages.
var (
	settingTimeout        = setting{"Timeout", "timeout", "timeout"}
	settingReserved       = setting{"ReservedConcurrentExecutions", "reserved_concurrent_executions", "reservedConcurrency"}
	settingMaxConcurrency = setting{"ScalingConfig.MaximumConcurrency", "scaling_config.maximum_concurrency", "maximumConcurrency"}
	settingArchitectures  = setting{"Architectures: [arm64]", `architectures = ["arm64"]`, "architecture: arm64"}
	settingTracing        = setting{"Tracing: Active", `tracing_config { mode = "Active" }`, "tracing: {lambda: true}"}
	settingOnFailure      = setting{
		"an OnFailure destination (EventInvokeConfig.DestinationConfig) or a DeadLetterQueue",
		"an on_failure destination (aws_lambda_function_event_invoke_config) or a dead_letter_config",
		"destinations.onFailure or onError",
	}
	settingStreamRetries = setting{
		"MaximumRetryAttempts, DestinationConfig.OnFailure or BisectBatchOnFunctionError",
		"maximum_retry_attempts, destination_config.on_failure or bisect_batch_on_function_error",
		"maximumRetryAttempts, destinations.onFailure or bisectBatchOnFunctionError",
	}
	settingRedrive    = setting{"RedrivePolicy (deadLetterTargetArn, maxReceiveCount)", "redrive_policy (deadLetterTargetArn, maxReceiveCount)", ""}
	settingVisibility = setting{"VisibilityTimeout", "visibility_timeout_seconds", ""}
	settingRetention  = setting{
		"an AWS::Logs::LogGroup named /aws/lambda/<function name> with RetentionInDays",
		"an aws_cloudwatch_log_group named /aws/lambda/<function name> with retention_in_days",
		"provider.logRetentionInDays (or the function's logRetentionInDays)",
	}
	settingBudget        = setting{"an AWS::Budgets::Budget", "an aws_budgets_budget", "an AWS::Budgets::Budget under resources"}
	settingKMS           = setting{"KmsMasterKeyId", "kms_master_key_id", ""}
	settingManagedSSE    = setting{"SqsManagedSseEnabled: true or a KmsMasterKeyId", "sqs_managed_sse_enabled = true or a kms_master_key_id", ""}
	settingAccessLog     = setting{"AccessLogSetting (DestinationArn and Format)", "access_log_settings", "provider.logs.restApi: true"}
	settingHTTPAccessLog = setting{"AccessLogSettings (DestinationArn and Format)", "access_log_settings", "provider.logs.httpApi: true"}
	settingAPITracing    = setting{"TracingEnabled: true", "xray_tracing_enabled = true", "provider.tracing.apiGateway: true"}
	settingThrottling    = setting{
		"stage throttling (MethodSettings ThrottlingRateLimit/ThrottlingBurstLimit, or a usage plan)",
		"stage throttling (aws_api_gateway_method_settings throttling_*_limit, or a usage plan)",
		"throttling (provider.apiGateway.usagePlan.throttle, or the serverless-api-gateway-throttling plugin)",
	}
	settingHTTPThrottling = setting{
		"stage throttling (DefaultRouteSettings ThrottlingRateLimit/ThrottlingBurstLimit)",
		"stage throttling (default_route_settings throttling_rate_limit/throttling_burst_limit)",
		"throttling (the serverless-api-gateway-throttling plugin; the framework's httpApi has no throttling setting)",
	}
)

// apiKindName is how messages name an API's product: "REST API" or "HTTP API".
func apiKindName(k model.APIKind) string {
	if k == model.HTTPAPI {
		return "HTTP API"
	}
	return "REST API"
}

// seconds formats a duration in seconds the way AWS documents limits.
func seconds(n int) string { return fmt.Sprintf("%d s", n) }

// thousands formats n with thousands separators (1,000).
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// kindName is how messages name a trigger kind.
func kindName(k model.TriggerKind) string {
	switch k {
	case model.TriggerSQS:
		return "SQS"
	case model.TriggerKinesis:
		return "Kinesis"
	case model.TriggerDynamoDB:
		return "DynamoDB stream"
	case model.TriggerKafka:
		return "Kafka"
	case model.TriggerMQ:
		return "Amazon MQ"
	case model.TriggerS3:
		return "S3"
	case model.TriggerSNS:
		return "SNS"
	case model.TriggerEventBridge:
		return "EventBridge"
	case model.TriggerSchedule:
		return "schedule"
	case model.TriggerRESTAPI:
		return "API Gateway REST API"
	case model.TriggerHTTPAPI:
		return "API Gateway HTTP API"
	case model.TriggerALB:
		return "load balancer"
	case model.TriggerFunctionURL:
		return "function URL"
	case model.TriggerCloudWatchLogs:
		return "CloudWatch Logs"
	case model.TriggerIoT:
		return "IoT"
	case model.TriggerSES:
		return "SES"
	case model.TriggerCognito:
		return "Cognito"
	case model.TriggerStepFunctions:
		return "Step Functions"
	}
	return string(k)
}

// triggerName names a trigger for a message: its kind and its source or event name.
func triggerName(t *model.Trigger) string {
	name := t.Source.Ref
	if name == "" {
		name = t.Name
	}
	if name == "" && t.Source.Known() {
		name = t.Source.Value
	}
	if name == "" {
		return kindName(t.Kind) + " trigger"
	}
	return kindName(t.Kind) + " trigger " + name
}
