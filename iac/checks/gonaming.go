package checks

// Infrastructure written in Go names its settings in the AWS CDK's and Pulumi's Go APIs:
// a finding about a CDK stack or a Pulumi program says what to write in the .go file. The
// names are keyed by the settings' CloudFormation names (setting.cfn); a setting missing
// here keeps its CloudFormation name for the CDK (whose L1 constructs use those names) and
// its Terraform name for Pulumi (whose AWS provider is Terraform's).

var cdkSettings = map[string]string{
	"Timeout":                          "Timeout (awscdk.Duration_Seconds)",
	"ScalingConfig.MaximumConcurrency": "MaxConcurrency of the SqsEventSource",
	"Architectures: [arm64]":           "Architecture: awslambda.Architecture_ARM_64()",
	"Tracing: Active":                  "Tracing: awslambda.Tracing_ACTIVE",
	"an OnFailure destination (EventInvokeConfig.DestinationConfig) or a DeadLetterQueue": "an OnFailure destination " +
		"(the function's OnFailure or ConfigureAsyncInvoke) or a DeadLetterQueue",
	"MaximumRetryAttempts, DestinationConfig.OnFailure or BisectBatchOnFunctionError": "RetryAttempts, OnFailure or " +
		"BisectBatchOnError on the event source",
	"RedrivePolicy (deadLetterTargetArn, maxReceiveCount)": "a DeadLetterQueue (Queue and MaxReceiveCount)",
	"an AWS::Logs::LogGroup named /aws/lambda/<function name> with RetentionInDays": "a LogRetention " +
		"(awslogs.RetentionDays_...) to the function, or a LogGroup with a Retention",
	"an AWS::Budgets::Budget":                        "an awsbudgets.NewCfnBudget",
	"KmsMasterKeyId":                                 "a MasterKey (topics) or EncryptionMasterKey (queues)",
	"SqsManagedSseEnabled: true or a KmsMasterKeyId": "Encryption: awssqs.QueueEncryption_SQS_MANAGED or a KMS key",
	"AccessLogSetting (DestinationArn and Format)":   "DeployOptions.AccessLogDestination and AccessLogFormat",
	"AccessLogSettings (DestinationArn and Format)":  "the stage's access log settings",
	"TracingEnabled: true":                           "DeployOptions.TracingEnabled: true",
	"stage throttling (MethodSettings ThrottlingRateLimit/ThrottlingBurstLimit, or a usage plan)": "stage throttling " +
		"(DeployOptions.ThrottlingRateLimit/ThrottlingBurstLimit, or AddUsagePlan with a Throttle)",
	"stage throttling (DefaultRouteSettings ThrottlingRateLimit/ThrottlingBurstLimit)": "stage throttling " +
		"(the Throttle of AddStage's HttpStageOptions)",
}

var pulumiSettings = map[string]string{
	"Timeout":                          "Timeout",
	"ReservedConcurrentExecutions":     "ReservedConcurrentExecutions",
	"ScalingConfig.MaximumConcurrency": "ScalingConfig.MaximumConcurrency of the EventSourceMapping",
	"Architectures: [arm64]":           `Architectures: pulumi.StringArray{pulumi.String("arm64")}`,
	"Tracing: Active":                  `TracingConfig: &lambda.FunctionTracingConfigArgs{Mode: pulumi.String("Active")}`,
	"an OnFailure destination (EventInvokeConfig.DestinationConfig) or a DeadLetterQueue": "an OnFailure destination " +
		"(lambda.NewFunctionEventInvokeConfig) or a DeadLetterConfig",
	"MaximumRetryAttempts, DestinationConfig.OnFailure or BisectBatchOnFunctionError": "MaximumRetryAttempts, " +
		"DestinationConfig.OnFailure or BisectBatchOnFunctionError",
	"RedrivePolicy (deadLetterTargetArn, maxReceiveCount)": "RedrivePolicy (deadLetterTargetArn, maxReceiveCount)",
	"VisibilityTimeout": "VisibilityTimeoutSeconds",
	"an AWS::Logs::LogGroup named /aws/lambda/<function name> with RetentionInDays": "a cloudwatch.NewLogGroup named " +
		"/aws/lambda/<function name> with RetentionInDays",
	"an AWS::Budgets::Budget": "a budgets.NewBudget",
	"KmsMasterKeyId":          "KmsMasterKeyId",
}

// goSetting names s for a CDK stack (cdk) or a Pulumi program.
func goSetting(s setting, cdk bool) string {
	table, fallback := pulumiSettings, s.tf
	if cdk {
		table, fallback = cdkSettings, s.cfn
	}
	if n, ok := table[s.cfn]; ok {
		return n
	}
	return fallback
}
