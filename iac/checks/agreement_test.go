package checks

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/rules"
)

// Agreement with the peers. KICS and Checkov have checks that mean the same as some of
// slslint's IaC rules. The cases below are written for this test from the AWS resource
// documentation (CloudFormation and SAM resource properties, the Terraform AWS provider's
// arguments, the Serverless Framework's serverless.yml reference), each labeled positive
// when the documented misconfiguration is present and negative when the idiomatic fix is,
// in every format where the concept exists. The test prints the agreement per check and
// fails on a false positive or below 95 % agreement.
//
// Where a peer's check means something wider than the slslint rule, only the cases of the
// shared meaning are here, and the difference is written down in the check's note:
// such cases are not disagreements but different questions.

// peerCheck is a check of KICS or Checkov and the slslint rule that means the same.
type peerCheck struct {
	name string
	rule *rules.Rule
	// note says where the peer's meaning differs, and which label the AWS documentation
	// gives those cases.
	note string
}

var (
	peerDLQ = peerCheck{"Lambda function without a dead-letter queue (CKV_AWS_116; KICS Lambda/Serverless Function Without Dead Letter Queue)",
		rules.AsyncNoFailureDestination,
		"the peers flag every function; a DLQ only receives failed asynchronous invocations, so the shared meaning is a function " +
			"that something asynchronous invokes; an on-failure destination counts as the DLQ's successor (Lambda docs)"}
	peerConcurrency = peerCheck{"Lambda function without a concurrency limit (CKV_AWS_115)", rules.NoConcurrencyLimit,
		"functions whose only triggers bound them (SQS MaximumConcurrency, stream shards) are documented as bounded"}
	peerTracing = peerCheck{"Lambda function without X-Ray tracing (CKV_AWS_50; KICS Lambda Functions/Serverless Function Without X-Ray Tracing)",
		rules.FunctionTracingDisabled, ""}
	peerURLAuth = peerCheck{"Lambda function URL with AuthType NONE (CKV_AWS_258)", rules.PublicFunctionURL, ""}
	peerSQSSSE  = peerCheck{"SQS queue without server-side encryption (CKV_AWS_27; KICS SQS With SSE Disabled)", rules.UnencryptedMessaging,
		"a queue that says nothing of encryption is encrypted with SSE-SQS by default since October 2022 (SQS developer guide): " +
			"labeled negative, where the peers flag it"}
	peerSNSKMS = peerCheck{"SNS topic without KMS encryption (CKV_AWS_26; KICS SNS Topic Not Encrypted)", rules.UnencryptedMessaging, ""}
	peerAuth   = peerCheck{"API Gateway method or route without authorization (CKV_AWS_59; KICS API Gateway Without Configured Authorizer)",
		rules.APINoAuthorization, "OPTIONS methods answer CORS preflights and carry no authorization by design"}
	peerAccessLog = peerCheck{"API Gateway stage without access logging (CKV_AWS_76, CKV_AWS_95)", rules.APIAccessLoggingDisabled, ""}
	peerAPIXRay   = peerCheck{"API Gateway stage without X-Ray tracing (CKV_AWS_73)", rules.APITracingDisabled, ""}
	peerThrottle  = peerCheck{"API Gateway stage without throttling", rules.APINoThrottling, ""}
	peerSecrets   = peerCheck{"secrets in Lambda environment variables (CKV_AWS_45; KICS Passwords And Secrets)", rules.PlaintextSecretEnv,
		"placeholders and AWS's documentation example keys are not secrets"}
	peerRetention = peerCheck{"log group without retention (CKV_AWS_66; KICS CloudWatch Without Retention Period Specified)",
		rules.LogRetentionUnset, "the peers check log group resources; the shared meaning is a function's log group declared without retention"}
)

// agreementCase is one labeled template.
type agreementCase struct {
	check    peerCheck
	name     string
	positive bool
	files    map[string]string
}

func pos(c peerCheck, name string, files map[string]string) agreementCase {
	return agreementCase{c, name, true, files}
}

func neg(c peerCheck, name string, files map[string]string) agreementCase {
	return agreementCase{c, name, false, files}
}

// Builders for the cases.

// samFunction is a SAM function Fn with the given properties (at the properties' indent).
func samFunction(props string) map[string]string {
	return samT("  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: bootstrap\n      Runtime: provided.al2023\n" + props)
}

// cfnFunction is an AWS::Lambda::Function Fn with the given properties, and other resources.
func cfnFunction(props, other string) map[string]string {
	return cfnT(`  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/fn
      Code: {S3Bucket: artifacts, S3Key: fn.zip}
` + props + other)
}

// tfFunction is an aws_lambda_function fn with the given arguments, and other blocks.
func tfFunction(args, other string) map[string]string {
	return tfT(`resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "fn.zip"
` + args + "}\n" + other)
}

// slsFunction is a serverless service with provider settings and a function fn.
func slsFunction(provider, fn string) map[string]string {
	return slsT("service: orders\nprovider:\n  name: aws\n  runtime: provided.al2023\n" + provider + "functions:\n  fn:\n    handler: bootstrap\n" + fn)
}

func agreementCases() []agreementCase {
	const samS3 = "      Events:\n        Upload:\n          Type: S3\n          Properties:\n            Bucket: !Ref Uploads\n            Events: s3:ObjectCreated:*\n"
	samAsync := func(props string) map[string]string {
		f := samFunction(props + samS3)
		f["template.yaml"] += "  Uploads:\n    Type: AWS::S3::Bucket\n"
		return f
	}
	const cfnSNS = `  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: alias/aws/sns
  Subscription:
    Type: AWS::SNS::Subscription
    Properties:
      Protocol: lambda
      TopicArn: !Ref Alerts
      Endpoint: !GetAtt Fn.Arn
`
	const tfSchedule = `
resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "cron(0 3 * * ? *)"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.fn.arn
}
`
	const samHTTP = "      Events:\n        Get:\n          Type: HttpApi\n          Properties:\n            Path: /orders\n            Method: get\n"

	cases := []agreementCase{
		// Dead-letter queue (asynchronously invoked functions).
		pos(peerDLQ, "sam S3-triggered function without a DLQ", samAsync("")),
		neg(peerDLQ, "sam S3-triggered function with DeadLetterQueue", samAsync("      DeadLetterQueue: {Type: SQS, TargetArn: arn:aws:sqs:us-east-1:123456789012:fn-dlq}\n")),
		neg(peerDLQ, "sam S3-triggered function with an OnFailure destination", samAsync("      EventInvokeConfig:\n        DestinationConfig:\n          OnFailure: {Type: SQS, Destination: arn:aws:sqs:us-east-1:123456789012:fn-failed}\n")),
		pos(peerDLQ, "cfn SNS-subscribed function without DeadLetterConfig", cfnFunction("", cfnSNS)),
		neg(peerDLQ, "cfn SNS-subscribed function with DeadLetterConfig", cfnFunction("      DeadLetterConfig: {TargetArn: arn:aws:sqs:us-east-1:123456789012:fn-dlq}\n", cfnSNS)),
		pos(peerDLQ, "terraform scheduled function without dead_letter_config", tfFunction("", tfSchedule)),
		neg(peerDLQ, "terraform scheduled function with dead_letter_config", tfFunction("  dead_letter_config {\n    target_arn = \"arn:aws:sqs:us-east-1:123456789012:fn-dlq\"\n  }\n", tfSchedule)),
		neg(peerDLQ, "terraform scheduled function with an on_failure destination", tfFunction("", tfSchedule+`
resource "aws_lambda_function_event_invoke_config" "fn" {
  function_name = aws_lambda_function.fn.function_name
  destination_config {
    on_failure {
      destination = "arn:aws:sqs:us-east-1:123456789012:fn-failed"
    }
  }
}
`)),
		pos(peerDLQ, "serverless sns-triggered function without onError", slsFunction("", "    events:\n      - sns: alerts\n")),
		neg(peerDLQ, "serverless sns-triggered function with onError", slsFunction("", "    onError: arn:aws:sns:us-east-1:123456789012:fn-dlq\n    events:\n      - sns: alerts\n")),
		neg(peerDLQ, "serverless schedule-triggered function with destinations.onFailure", slsFunction("", "    destinations:\n      onFailure: arn:aws:sqs:us-east-1:123456789012:fn-failed\n    events:\n      - schedule: rate(1 hour)\n")),

		// Concurrency limit.
		pos(peerConcurrency, "sam function without ReservedConcurrentExecutions", samFunction(samHTTP)),
		neg(peerConcurrency, "sam function with ReservedConcurrentExecutions", samFunction("      ReservedConcurrentExecutions: 20\n"+samHTTP)),
		pos(peerConcurrency, "cfn function without ReservedConcurrentExecutions", cfnFunction("", "")),
		neg(peerConcurrency, "cfn function with ReservedConcurrentExecutions", cfnFunction("      ReservedConcurrentExecutions: 20\n", "")),
		pos(peerConcurrency, "terraform function without reserved_concurrent_executions", tfFunction("", "")),
		pos(peerConcurrency, "terraform function with reserved_concurrent_executions = -1 (unreserved)", tfFunction("  reserved_concurrent_executions = -1\n", "")),
		neg(peerConcurrency, "terraform function with reserved_concurrent_executions = 0 (switched off)", tfFunction("  reserved_concurrent_executions = 0\n", "")),
		neg(peerConcurrency, "terraform function with reserved_concurrent_executions", tfFunction("  reserved_concurrent_executions = 20\n", "")),
		pos(peerConcurrency, "serverless function without reservedConcurrency", slsFunction("", "")),
		neg(peerConcurrency, "serverless function with reservedConcurrency", slsFunction("", "    reservedConcurrency: 20\n")),

		// Function tracing.
		pos(peerTracing, "sam function without Tracing", samFunction("")),
		pos(peerTracing, "sam function with Tracing: PassThrough", samFunction("      Tracing: PassThrough\n")),
		neg(peerTracing, "sam function with Tracing: Active", samFunction("      Tracing: Active\n")),
		neg(peerTracing, "sam Globals Tracing: Active", samG("  Function:\n    Tracing: Active\n", "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: bootstrap\n      Runtime: provided.al2023\n")),
		pos(peerTracing, "cfn function without TracingConfig", cfnFunction("", "")),
		neg(peerTracing, "cfn function with TracingConfig Active", cfnFunction("      TracingConfig: {Mode: Active}\n", "")),
		pos(peerTracing, "cfn function with TracingConfig PassThrough", cfnFunction("      TracingConfig: {Mode: PassThrough}\n", "")),
		pos(peerTracing, "json function without TracingConfig", jsonT(jsonFn)),
		pos(peerTracing, "terraform function without tracing_config", tfFunction("", "")),
		pos(peerTracing, "terraform function with tracing_config PassThrough", tfFunction("  tracing_config {\n    mode = \"PassThrough\"\n  }\n", "")),
		neg(peerTracing, "terraform function with tracing_config Active", tfFunction("  tracing_config {\n    mode = \"Active\"\n  }\n", "")),
		pos(peerTracing, "serverless function without tracing", slsFunction("", "")),
		neg(peerTracing, "serverless provider.tracing.lambda: true", slsFunction("  tracing:\n    lambda: true\n", "")),
		neg(peerTracing, "serverless function tracing: Active", slsFunction("", "    tracing: Active\n")),

		// Function URL authorization.
		pos(peerURLAuth, "sam FunctionUrlConfig AuthType NONE", samFunction("      FunctionUrlConfig:\n        AuthType: NONE\n")),
		neg(peerURLAuth, "sam FunctionUrlConfig AuthType AWS_IAM", samFunction("      FunctionUrlConfig:\n        AuthType: AWS_IAM\n")),
		pos(peerURLAuth, "cfn AWS::Lambda::Url AuthType NONE", cfnFunction("", "  Url:\n    Type: AWS::Lambda::Url\n    Properties:\n      TargetFunctionArn: !GetAtt Fn.Arn\n      AuthType: NONE\n")),
		neg(peerURLAuth, "cfn AWS::Lambda::Url AuthType AWS_IAM", cfnFunction("", "  Url:\n    Type: AWS::Lambda::Url\n    Properties:\n      TargetFunctionArn: !GetAtt Fn.Arn\n      AuthType: AWS_IAM\n")),
		pos(peerURLAuth, "terraform aws_lambda_function_url authorization_type NONE", tfFunction("", "\nresource \"aws_lambda_function_url\" \"fn\" {\n  function_name      = aws_lambda_function.fn.function_name\n  authorization_type = \"NONE\"\n}\n")),
		pos(peerURLAuth, "terraform URL of a function named by a literal", tfT("resource \"aws_lambda_function_url\" \"fn\" {\n  function_name      = \"checkout\"\n  authorization_type = \"NONE\"\n}\n")),
		neg(peerURLAuth, "terraform URL of a function named by a literal, with IAM", tfT("resource \"aws_lambda_function_url\" \"fn\" {\n  function_name      = \"checkout\"\n  authorization_type = \"AWS_IAM\"\n}\n")),
		neg(peerURLAuth, "terraform aws_lambda_function_url authorization_type AWS_IAM", tfFunction("", "\nresource \"aws_lambda_function_url\" \"fn\" {\n  function_name      = aws_lambda_function.fn.function_name\n  authorization_type = \"AWS_IAM\"\n}\n")),
		pos(peerURLAuth, "serverless url: true", slsFunction("", "    url: true\n")),
		neg(peerURLAuth, "serverless url with authorizer aws_iam", slsFunction("", "    url:\n      authorizer: aws_iam\n")),

		// SQS encryption.
		pos(peerSQSSSE, "cfn queue with SqsManagedSseEnabled: false", cfnT("  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: false\n")),
		neg(peerSQSSSE, "cfn queue with SqsManagedSseEnabled: true", cfnT("  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: true\n")),
		neg(peerSQSSSE, "cfn queue with a KMS key", cfnT("  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: alias/aws/sqs\n")),
		neg(peerSQSSSE, "cfn queue with the default SSE-SQS", cfnT("  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: jobs\n")),
		pos(peerSQSSSE, "terraform queue with sqs_managed_sse_enabled = false", tfT("resource \"aws_sqs_queue\" \"jobs\" {\n  name                    = \"jobs\"\n  sqs_managed_sse_enabled = false\n}\n")),
		neg(peerSQSSSE, "terraform queue with kms_master_key_id", tfT("resource \"aws_sqs_queue\" \"jobs\" {\n  name              = \"jobs\"\n  kms_master_key_id = \"alias/aws/sqs\"\n}\n")),
		pos(peerSQSSSE, "terraform queue with an empty key and SSE-SQS off", tfT("resource \"aws_sqs_queue\" \"jobs\" {\n  name                    = \"jobs\"\n  kms_master_key_id       = \"\"\n  sqs_managed_sse_enabled = false\n}\n")),
		neg(peerSQSSSE, "terraform queue with sqs_managed_sse_enabled = true", tfT("resource \"aws_sqs_queue\" \"jobs\" {\n  name                    = \"jobs\"\n  sqs_managed_sse_enabled = true\n}\n")),
		pos(peerSQSSSE, "serverless resources: queue with SqsManagedSseEnabled: false", slsFunction("", "resources:\n  Resources:\n    Jobs:\n      Type: AWS::SQS::Queue\n      Properties:\n        SqsManagedSseEnabled: false\n")),

		// SNS encryption.
		pos(peerSNSKMS, "cfn topic without KmsMasterKeyId", cfnT("  Alerts:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: alerts\n")),
		pos(peerSNSKMS, "cfn topic with an empty KmsMasterKeyId", cfnT("  Alerts:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: \"\"\n")),
		neg(peerSNSKMS, "cfn topic with KmsMasterKeyId", cfnT("  Alerts:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: alias/aws/sns\n")),
		pos(peerSNSKMS, "json topic without KmsMasterKeyId", jsonT("    \"Alerts\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"TopicName\": \"alerts\"}}\n")),
		pos(peerSNSKMS, "terraform topic without kms_master_key_id", tfT("resource \"aws_sns_topic\" \"alerts\" {\n  name = \"alerts\"\n}\n")),
		neg(peerSNSKMS, "terraform topic with kms_master_key_id", tfT("resource \"aws_sns_topic\" \"alerts\" {\n  name              = \"alerts\"\n  kms_master_key_id = \"alias/aws/sns\"\n}\n")),
		pos(peerSNSKMS, "serverless resources: topic without KmsMasterKeyId", slsFunction("", "resources:\n  Resources:\n    Alerts:\n      Type: AWS::SNS::Topic\n")),
		neg(peerSNSKMS, "serverless resources: topic with KmsMasterKeyId", slsFunction("", "resources:\n  Resources:\n    Alerts:\n      Type: AWS::SNS::Topic\n      Properties:\n        KmsMasterKeyId: alias/aws/sns\n")),
	}
	cases = append(cases, apiAgreementCases()...)
	cases = append(cases, secretAndRetentionAgreementCases()...)
	return cases
}

func apiAgreementCases() []agreementCase {
	cfnMethod := func(method, auth string) map[string]string {
		return cfnT(`  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: ` + method + `
` + auth + `      Integration:
        Type: MOCK
`)
	}
	tfMethod := func(method, args string) map[string]string {
		return tfT(`resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}

resource "aws_api_gateway_method" "m" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "` + method + `"
` + args + `}
`)
	}
	tfHTTPRoute := func(args string) map[string]string {
		return tfT(`resource "aws_apigatewayv2_api" "api" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "r" {
  api_id    = aws_apigatewayv2_api.api.id
  route_key = "GET /orders"
` + args + `}
`)
	}
	samEvent := func(auth string) map[string]string {
		return samFunction("      Events:\n        Get:\n          Type: Api\n          Properties:\n            Path: /orders\n            Method: get\n" + auth)
	}
	cfnStage := func(props string) map[string]string {
		return cfnT(`  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      DeploymentId: abc123
` + props)
	}
	tfStage := func(args, other string) map[string]string {
		return tfT(`resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = "prod"
  deployment_id = "abc123"
` + args + "}\n" + other)
	}
	tfHTTPStage := func(args string) map[string]string {
		return tfT(`resource "aws_apigatewayv2_api" "api" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "prod" {
  api_id = aws_apigatewayv2_api.api.id
  name   = "prod"
` + args + "}\n")
	}
	slsHTTP := func(provider, event string) map[string]string {
		return slsFunction(provider, "    events:\n      - http:\n          path: orders\n          method: get\n"+event)
	}
	const accessLog = "      AccessLogSetting:\n        DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:api-access\n        Format: $context.requestId\n"
	const tfAccessLog = "  access_log_settings {\n    destination_arn = \"arn:aws:logs:us-east-1:123456789012:log-group:api-access\"\n    format          = \"$context.requestId\"\n  }\n"
	return []agreementCase{
		// Authorization.
		pos(peerAuth, "cfn method with AuthorizationType NONE", cfnMethod("GET", "      AuthorizationType: NONE\n")),
		neg(peerAuth, "cfn method with AuthorizationType AWS_IAM", cfnMethod("GET", "      AuthorizationType: AWS_IAM\n")),
		neg(peerAuth, "cfn method with a Cognito authorizer", cfnMethod("GET", "      AuthorizationType: COGNITO_USER_POOLS\n      AuthorizerId: abc123\n")),
		neg(peerAuth, "cfn method requiring an API key", cfnMethod("GET", "      AuthorizationType: NONE\n      ApiKeyRequired: true\n")),
		neg(peerAuth, "cfn OPTIONS method without authorization", cfnMethod("OPTIONS", "      AuthorizationType: NONE\n")),
		pos(peerAuth, "terraform method with authorization NONE", tfMethod("GET", "  authorization = \"NONE\"\n")),
		neg(peerAuth, "terraform method with authorization AWS_IAM", tfMethod("GET", "  authorization = \"AWS_IAM\"\n")),
		neg(peerAuth, "terraform method requiring an API key", tfMethod("GET", "  authorization    = \"NONE\"\n  api_key_required = true\n")),
		neg(peerAuth, "terraform OPTIONS method without authorization", tfMethod("OPTIONS", "  authorization = \"NONE\"\n")),
		pos(peerAuth, "terraform HTTP API route without authorization_type", tfHTTPRoute("")),
		pos(peerAuth, "terraform method of an API given by a literal ID", tfT("resource \"aws_api_gateway_method\" \"m\" {\n  rest_api_id   = \"a1b2c3d4e5\"\n  resource_id   = \"f6g7h8\"\n  http_method   = \"POST\"\n  authorization = \"NONE\"\n}\n")),
		neg(peerAuth, "terraform HTTP API route with a JWT authorizer", tfHTTPRoute("  authorization_type = \"JWT\"\n  authorizer_id      = \"abc123\"\n")),
		pos(peerAuth, "sam Api event without Auth", samEvent("")),
		neg(peerAuth, "sam Api event with AWS_IAM", samEvent("            Auth:\n              Authorizer: AWS_IAM\n")),
		pos(peerAuth, "serverless http event without authorizer", slsHTTP("", "")),
		neg(peerAuth, "serverless http event with an aws_iam authorizer", slsHTTP("", "          authorizer: aws_iam\n")),
		neg(peerAuth, "serverless http event with private: true", slsHTTP("", "          private: true\n")),

		// Access logging.
		pos(peerAccessLog, "cfn stage without AccessLogSetting", cfnStage("")),
		neg(peerAccessLog, "cfn stage with AccessLogSetting", cfnStage(accessLog)),
		pos(peerAccessLog, "sam Api without AccessLogSetting", samT("  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n")),
		neg(peerAccessLog, "sam Api with AccessLogSetting", samT("  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n"+accessLog)),
		pos(peerAccessLog, "terraform stage without access_log_settings", tfStage("", "")),
		neg(peerAccessLog, "terraform stage with access_log_settings", tfStage(tfAccessLog, "")),
		pos(peerAccessLog, "terraform HTTP API stage without access_log_settings", tfHTTPStage("")),
		pos(peerAccessLog, "terraform stage of an API given by a literal ID", tfT("resource \"aws_api_gateway_stage\" \"dev\" {\n  rest_api_id   = \"a1b2c3d4e5\"\n  stage_name    = \"dev\"\n  deployment_id = \"abc123\"\n}\n")),
		neg(peerAccessLog, "terraform stage of an API given by a literal ID, with access logs", tfT("resource \"aws_api_gateway_stage\" \"dev\" {\n  rest_api_id   = \"a1b2c3d4e5\"\n  stage_name    = \"dev\"\n  deployment_id = \"abc123\"\n"+tfAccessLog+"}\n")),
		pos(peerAccessLog, "sam HttpApi whose stage name is a parameter, without AccessLogSettings", map[string]string{"template.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\nParameters:\n  StageName:\n    Type: String\nResources:\n  Http:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      StageName: !Ref StageName\n"}),
		pos(peerAccessLog, "cfn deployment stage without AccessLogSetting", cfnT("  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: orders\n  Deployment:\n    Type: AWS::ApiGateway::Deployment\n    Properties:\n      RestApiId: !Ref Api\n      StageName: prod\n      StageDescription:\n        TracingEnabled: true\n")),
		neg(peerAccessLog, "cfn deployment stage with AccessLogSetting", cfnT("  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: orders\n  Deployment:\n    Type: AWS::ApiGateway::Deployment\n    Properties:\n      RestApiId: !Ref Api\n      StageName: prod\n      StageDescription:\n        AccessLogSetting:\n          DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:api-access\n          Format: $context.requestId\n")),
		neg(peerAccessLog, "terraform HTTP API stage with access_log_settings", tfHTTPStage(tfAccessLog)),
		pos(peerAccessLog, "serverless REST API without provider.logs.restApi", slsHTTP("", "          authorizer: aws_iam\n")),
		neg(peerAccessLog, "serverless REST API with provider.logs.restApi", slsHTTP("  logs:\n    restApi: true\n", "          authorizer: aws_iam\n")),

		// API tracing.
		pos(peerAPIXRay, "cfn stage without TracingEnabled", cfnStage("")),
		neg(peerAPIXRay, "cfn stage with TracingEnabled", cfnStage("      TracingEnabled: true\n")),
		pos(peerAPIXRay, "terraform stage without xray_tracing_enabled", tfStage("", "")),
		neg(peerAPIXRay, "terraform stage with xray_tracing_enabled", tfStage("  xray_tracing_enabled = true\n", "")),
		pos(peerAPIXRay, "serverless REST API without provider.tracing.apiGateway", slsHTTP("", "          authorizer: aws_iam\n")),
		neg(peerAPIXRay, "serverless REST API with provider.tracing.apiGateway", slsHTTP("  tracing:\n    apiGateway: true\n", "          authorizer: aws_iam\n")),

		// Throttling.
		pos(peerThrottle, "cfn stage without MethodSettings or a usage plan", cfnStage("")),
		neg(peerThrottle, "cfn stage with MethodSettings throttling", cfnStage("      MethodSettings:\n        - ResourcePath: /*\n          HttpMethod: \"*\"\n          ThrottlingRateLimit: 100\n          ThrottlingBurstLimit: 50\n")),
		pos(peerThrottle, "terraform stage without method settings or a usage plan", tfStage("", "")),
		neg(peerThrottle, "terraform stage with a throttling usage plan", tfStage("", `
resource "aws_api_gateway_usage_plan" "plan" {
  name = "plan"
  api_stages {
    api_id = aws_api_gateway_rest_api.api.id
    stage  = aws_api_gateway_stage.prod.stage_name
  }
  throttle_settings {
    rate_limit  = 100
    burst_limit = 50
  }
}
`)),
		pos(peerThrottle, "terraform HTTP API stage without default_route_settings", tfHTTPStage("")),
		neg(peerThrottle, "terraform HTTP API stage with default_route_settings throttling", tfHTTPStage("  default_route_settings {\n    throttling_rate_limit  = 100\n    throttling_burst_limit = 50\n  }\n")),
		pos(peerThrottle, "serverless REST API without a usage plan", slsHTTP("", "          authorizer: aws_iam\n")),
		neg(peerThrottle, "serverless REST API with a throttling usage plan", slsHTTP("  apiGateway:\n    usagePlan:\n      throttle:\n        rateLimit: 100\n        burstLimit: 50\n", "          authorizer: aws_iam\n")),
	}
}

func secretAndRetentionAgreementCases() []agreementCase {
	samEnv := func(vars string) map[string]string {
		return samFunction("      Environment:\n        Variables:\n" + vars)
	}
	tfEnv := func(vars, other string) map[string]string {
		return tfFunction("  environment {\n    variables = {\n"+vars+"    }\n  }\n", other)
	}
	samLogGroup := func(props string) map[string]string {
		f := samFunction("      FunctionName: orders\n")
		f["template.yaml"] += "  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /aws/lambda/orders\n" + props
		return f
	}
	tfLogGroup := func(args string) map[string]string {
		return tfFunction("", "\nresource \"aws_cloudwatch_log_group\" \"fn\" {\n  name = \"/aws/lambda/fn\"\n"+args+"}\n")
	}
	return []agreementCase{
		// Secrets in environment variables.
		pos(peerSecrets, "sam AWS access key ID in a variable", samEnv("          UPSTREAM_KEY_ID: AKIAZ7QXW2RTYUIOPL3K\n")),
		pos(peerSecrets, "sam literal password", samEnv("          DB_PASSWORD: hunter2-prod\n")),
		neg(peerSecrets, "sam dynamic reference to Secrets Manager", samEnv("          DB_PASSWORD: '{{resolve:secretsmanager:prod/db:SecretString:password}}'\n")),
		neg(peerSecrets, "sam the secret's ARN", samEnv("          DB_PASSWORD_SECRET_ARN: arn:aws:secretsmanager:us-east-1:123456789012:secret:db\n")),
		neg(peerSecrets, "sam AWS documentation example key", samEnv("          AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n")),
		pos(peerSecrets, "cfn literal API key", cfnFunction("      Environment:\n        Variables:\n          STRIPE_API_KEY: sk_live_51H8aQ2Lq0\n", "")),
		neg(peerSecrets, "cfn NoEcho parameter", map[string]string{"template.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  StripeKey:\n    Type: String\n    NoEcho: true\nResources:\n" +
			cfnFunction("      Environment:\n        Variables:\n          STRIPE_API_KEY: !Ref StripeKey\n", "")["template.yaml"][len("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n"):]}),
		pos(peerSecrets, "terraform literal token", tfEnv("      GITHUB_TOKEN = \"ghp_8fK2mQ7vT1xYz\"\n", "")),
		pos(peerSecrets, "terraform AWS secret access key", tfEnv("      AWS_SECRET_ACCESS_KEY = \"q8Vx2/Lm4Tn7Rk1Zp9Wc3Bd6Hf0Js5Ag2Ey8Ui4O\"\n", "")),
		neg(peerSecrets, "terraform sensitive variable", tfEnv("      GITHUB_TOKEN = var.github_token\n", "\nvariable \"github_token\" {\n  type      = string\n  sensitive = true\n}\n")),
		neg(peerSecrets, "terraform placeholder", tfEnv("      STRIPE_API_KEY = \"sk_live_XXXXXXXXXXXXXXXXXXXXXXXX\"\n", "")),
		pos(peerSecrets, "serverless literal secret in provider.environment", slsFunction("  environment:\n    JWT_SECRET: s3cr3t-Kx81mP\n", "")),
		pos(peerSecrets, "serverless literal password in a function's environment", slsFunction("", "    environment:\n      DB_PASSWORD: Tr0ub4dor-prod\n")),
		pos(peerSecrets, "cfn AWS secret access key", cfnFunction("      Environment:\n        Variables:\n          AWS_SECRET_ACCESS_KEY: q8Vx2/Lm4Tn7Rk1Zp9Wc3Bd6Hf0Js5Ag2Ey8Ui4O\n", "")),
		neg(peerSecrets, "serverless SSM reference", slsFunction("  environment:\n    JWT_SECRET: ${ssm:/prod/jwt-secret}\n", "")),

		// Log retention of functions' log groups.
		pos(peerRetention, "sam function log group without RetentionInDays", samLogGroup("")),
		neg(peerRetention, "sam function log group with RetentionInDays", samLogGroup("      RetentionInDays: 30\n")),
		pos(peerRetention, "terraform function log group without retention_in_days", tfLogGroup("")),
		pos(peerRetention, "terraform function log group with retention_in_days = 0 (never expire)", tfLogGroup("  retention_in_days = 0\n")),
		neg(peerRetention, "terraform function log group with retention_in_days", tfLogGroup("  retention_in_days = 30\n")),
		pos(peerRetention, "cfn function log group without RetentionInDays", cfnFunction("      FunctionName: orders\n", "  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /aws/lambda/orders\n")),
		neg(peerRetention, "cfn function log group with RetentionInDays", cfnFunction("      FunctionName: orders\n", "  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /aws/lambda/orders\n      RetentionInDays: 14\n")),
		neg(peerRetention, "serverless provider.logRetentionInDays", slsFunction("  logRetentionInDays: 30\n", "")),
	}
}

// TestPeerAgreement runs every labeled case and prints the agreement per peer check.
func TestPeerAgreement(t *testing.T) {
	type tally struct {
		cases, positives, agree, falsePositives, falseNegatives int
		note                                                    string
		misses                                                  []string
	}
	byCheck := map[string]*tally{}
	total, agree := 0, 0
	for _, c := range agreementCases() {
		reported := false
		for _, f := range run(loadFiles(t, c.files), testSettings(), testDay) {
			if f.Rule == rules.AnalysisFailure {
				t.Fatalf("%s: check failed: %s", c.name, f.Message)
			}
			if f.Rule == c.check.rule {
				reported = true
			}
		}
		tl := byCheck[c.check.name]
		if tl == nil {
			tl = &tally{note: c.check.note}
			byCheck[c.check.name] = tl
		}
		tl.cases++
		total++
		if c.positive {
			tl.positives++
		}
		switch {
		case reported == c.positive:
			tl.agree++
			agree++
		case reported:
			tl.falsePositives++
			tl.misses = append(tl.misses, "false positive: "+c.name)
			t.Errorf("%s (%s): reported on a negative case", c.name, c.check.rule.ID)
		default:
			tl.falseNegatives++
			tl.misses = append(tl.misses, "missed: "+c.name)
		}
	}
	names := make([]string, 0, len(byCheck))
	for n := range byCheck {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "%-6s %5s %4s %4s %5s %3s %3s  %s\n", "rule", "cases", "pos", "neg", "agree", "FP", "FN", "peer check")
	for _, n := range names {
		tl := byCheck[n]
		var id string
		for _, c := range []peerCheck{peerDLQ, peerConcurrency, peerTracing, peerURLAuth, peerSQSSSE, peerSNSKMS, peerAuth, peerAccessLog,
			peerAPIXRay, peerThrottle, peerSecrets, peerRetention} {
			if c.name == n {
				id = c.rule.ID
			}
		}
		fmt.Fprintf(&b, "%-6s %5d %4d %4d %4.0f%% %3d %3d  %s\n", id, tl.cases, tl.positives, tl.cases-tl.positives,
			100*float64(tl.agree)/float64(tl.cases), tl.falsePositives, tl.falseNegatives, n)
		if tl.note != "" {
			fmt.Fprintf(&b, "%38s note: %s\n", "", tl.note)
		}
		for _, m := range tl.misses {
			fmt.Fprintf(&b, "%38s %s\n", "", m)
		}
	}
	rate := 100 * float64(agree) / float64(total)
	fmt.Fprintf(&b, "total: %d cases, %d agree (%.1f%%)\n", total, agree, rate)
	t.Log("agreement with the peers' checks of equal meaning:\n" + b.String())
	if rate < 95 {
		t.Errorf("agreement %.1f%% is below 95%%", rate)
	}
}
