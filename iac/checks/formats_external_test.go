package checks

import (
	"testing"

	"github.com/slslint/slslint/rules"
)

// Resources whose partner is declared elsewhere: a stage, method or route of an API from a
// parameter, an import or a Terraform variable or data source; a policy of a queue or topic
// given by its URL or ARN; a URL of a function of another stack. The resource itself is
// checked; what only the partner could tell stays silent.

// cfnP is cfnT with a Parameters section.
func cfnP(params, resources string) map[string]string {
	return map[string]string{"template.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n" + params + "Resources:\n" + resources}
}

const apiIDParam = "  ApiId:\n    Type: String\n"

func TestExternalAPIStageTracingFormats(t *testing.T) {
	cfnStage := func(apiID, extra string) map[string]string {
		return cfnP(apiIDParam, `  ▶Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: `+apiID+`
      StageName: prod
      DeploymentId: abc
`+extra)
	}
	tfStage := func(extra string) map[string]string {
		return tfT(`variable "api_id" {
  type = string
}

▶resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = var.api_id
  stage_name    = "prod"
  deployment_id = "abc"
` + extra + `}
`)
	}
	testFormats(t, rules.APITracingDisabled, []formatCase{
		{name: "cfn stage of an imported API", contains: []string{"REST API ImportValue shared-api-id"}, files: cfnStage("!ImportValue shared-api-id", "")},
		{name: "cfn stage of an imported API with tracing", files: unmark(cfnStage("!ImportValue shared-api-id", "      TracingEnabled: true\n"))},
		{name: "cfn stage of a parameter's API", contains: []string{"REST API ApiId"}, files: cfnStage("!Ref ApiId", "")},
		{name: "cfn stage of a literal API ID", contains: []string{"REST API a1b2c3d4e5"}, files: cfnStage("a1b2c3d4e5", "")},
		{name: "terraform stage of a variable's API", contains: []string{"REST API var.api_id"}, files: tfStage("")},
		{name: "terraform stage of a variable's API with tracing", files: unmark(tfStage("  xray_tracing_enabled = true\n"))},
		{name: "terraform deployment stage of a data source's API", contains: []string{"REST API data.aws_api_gateway_rest_api.shared"}, files: tfT(`data "aws_api_gateway_rest_api" "shared" {
  name = "shared"
}

▶resource "aws_api_gateway_deployment" "prod" {
  rest_api_id = data.aws_api_gateway_rest_api.shared.id
  stage_name  = "prod"
}
`)},
	})
}

func TestExternalAPIStageAccessLoggingFormats(t *testing.T) {
	cfnStage := func(extra string) map[string]string {
		return cfnP(apiIDParam, `  ▶Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref ApiId
      StageName: prod
`+extra)
	}
	tfStage := func(extra string) map[string]string {
		return tfT(`variable "api_id" {
  type = string
}

▶resource "aws_apigatewayv2_stage" "prod" {
  api_id = var.api_id
  name   = "prod"
` + extra + `}
`)
	}
	testFormats(t, rules.APIAccessLoggingDisabled, []formatCase{
		{name: "cfn http stage of a parameter's API", contains: []string{"stage prod of HTTP API ApiId"}, files: cfnStage("")},
		{name: "cfn http stage of a parameter's API with access logs", files: unmark(cfnStage(`      AccessLogSettings:
        DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:api-access
        Format: $context.requestId
`))},
		{name: "terraform http stage of a variable's API", contains: []string{"HTTP API var.api_id"}, files: tfStage("")},
		{name: "terraform http stage of a variable's API with access logs", files: unmark(tfStage(`  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:123456789012:log-group:api-access"
    format          = "$context.requestId"
  }
`))},
		{name: "terraform stage of an external WebSocket API", files: unmark(tfT(`variable "api_id" {
  type = string
}

resource "aws_apigatewayv2_stage" "prod" {
  api_id = var.api_id
  name   = "prod"
}

resource "aws_apigatewayv2_route" "connect" {
  api_id    = var.api_id
  route_key = "$connect"
}
`))},
		{name: "cfn stage of an external WebSocket API", files: cfnP(apiIDParam, `  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref ApiId
      StageName: prod
  Connect:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ApiId
      RouteKey: $connect
`)},
	})
}

func TestExternalAPIThrottlingFormats(t *testing.T) {
	cfnStage := func(extra string) map[string]string {
		return cfnP(apiIDParam, `  ▶Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref ApiId
      StageName: prod
      DeploymentId: abc
`+extra)
	}
	tfStage := func(extra string) map[string]string {
		return tfT(`variable "api_id" {
  type = string
}

▶resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = var.api_id
  stage_name    = "prod"
  deployment_id = "abc"
}
` + extra)
	}
	testFormats(t, rules.APINoThrottling, []formatCase{
		{name: "cfn stage of a parameter's API", files: cfnStage("")},
		{name: "cfn stage of a parameter's API with method settings", files: unmark(cfnStage(`      MethodSettings:
        - ResourcePath: /*
          HttpMethod: "*"
          ThrottlingRateLimit: 100
          ThrottlingBurstLimit: 50
`))},
		{name: "cfn stage of a parameter's API with a usage plan here", files: unmark(cfnStage(`  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages:
        - ApiId: !Ref ApiId
          Stage: prod
      Throttle:
        RateLimit: 100
        BurstLimit: 50
`))},
		{name: "terraform stage of a variable's API", files: tfStage("")},
		{name: "terraform stage of a variable's API with method settings", files: unmark(tfStage(`
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = var.api_id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    throttling_rate_limit  = 100
    throttling_burst_limit = 50
  }
}
`))},
	})
}

func TestExternalAPIAuthorizationFormats(t *testing.T) {
	cfnMethod := func(auth string) map[string]string {
		return cfnT(`  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !ImportValue shared-api-id
      ResourceId: !ImportValue shared-api-root
      HttpMethod: POST
      AuthorizationType: ` + auth + `
      Integration:
        Type: MOCK
`)
	}
	tfRoute := func(extra string) map[string]string {
		return tfT(`data "aws_apigatewayv2_api" "shared" {
  api_id = "a1b2c3d4e5"
}

▶resource "aws_apigatewayv2_route" "orders" {
  api_id    = data.aws_apigatewayv2_api.shared.id
  route_key = "POST /orders"
` + extra + `}
`)
	}
	testFormats(t, rules.APINoAuthorization, []formatCase{
		{name: "cfn method of an imported API", contains: []string{"REST API ImportValue shared-api-id"}, files: cfnMethod("▶NONE")},
		{name: "cfn method of an imported API with a user pool", files: cfnMethod("COGNITO_USER_POOLS\n      AuthorizerId: abc123")},
		{name: "terraform route of a data source's API", contains: []string{"route POST /orders of HTTP API data.aws_apigatewayv2_api.shared"}, files: tfRoute("")},
		{name: "terraform route of a data source's API with JWT", files: unmark(tfRoute("  authorization_type = \"JWT\"\n  authorizer_id      = \"abc123\"\n"))},
		{name: "cfn route of an external WebSocket API", files: cfnP(apiIDParam, `  Connect:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ApiId
      RouteKey: $connect
`)},
	})
}

func TestExternalQueueAndTopicPolicyFormats(t *testing.T) {
	policy := func(kind, list, target, condition string) string {
		action := "sqs:SendMessage"
		if kind == "SNS" {
			action = "sns:Publish"
		}
		return `  Policy:
    Type: AWS::` + kind + `::` + map[string]string{"SQS": "QueuePolicy", "SNS": "TopicPolicy"}[kind] + `
    Properties:
      ` + list + `:
        - ` + target + `
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: ▶"*"
            Action: ` + action + `
            Resource: "*"
` + condition
	}
	sourceArn := `            Condition:
              ArnEquals:
                aws:SourceArn: arn:aws:sns:us-east-1:123456789012:orders
`
	tfQueuePolicy := func(condition string) map[string]string {
		return tfT(`variable "queue_url" {
  type = string
}

data "aws_iam_policy_document" "queue" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = [▶"*"]
    }
` + condition + `  }
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = var.queue_url
  policy    = data.aws_iam_policy_document.queue.json
}
`)
	}
	testFormats(t, rules.PublicResourcePolicy, []formatCase{
		{name: "cfn policy of a queue given by its URL", contains: []string{"queue https://sqs.us-east-1.amazonaws.com/123456789012/jobs"},
			files: cfnT(policy("SQS", "Queues", "https://sqs.us-east-1.amazonaws.com/123456789012/jobs", ""))},
		{name: "cfn policy of a queue given by its URL with a condition",
			files: unmark(cfnT(policy("SQS", "Queues", "https://sqs.us-east-1.amazonaws.com/123456789012/jobs", sourceArn)))},
		{name: "cfn policy of an imported topic", contains: []string{"topic ImportValue alerts-topic-arn"},
			files: cfnT(policy("SNS", "Topics", "!ImportValue alerts-topic-arn", ""))},
		{name: "cfn policy of an imported topic with a condition", files: unmark(cfnT(policy("SNS", "Topics", "!ImportValue alerts-topic-arn", sourceArn)))},
		{name: "terraform policy of a variable's queue", contains: []string{"queue var.queue_url"}, files: tfQueuePolicy("")},
		{name: "terraform policy of a variable's queue with a condition", files: unmark(tfQueuePolicy(`    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = ["arn:aws:sns:us-east-1:123456789012:orders"]
    }
`))},
		{name: "terraform policy of a data source's topic", contains: []string{"topic data.aws_sns_topic.alerts"}, files: tfT(`data "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_policy" "alerts" {
  arn = data.aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = ▶"*"
      Action    = "sns:Publish"
      Resource  = data.aws_sns_topic.alerts.arn
    }]
  })
}
`)},
		{name: "serverless resources: policy of a queue given by its URL", files: slsT(`service: jobs
provider:
  name: aws
functions:
  worker:
    handler: bootstrap
resources:
  Resources:
` + indent(policy("SQS", "Queues", "https://sqs.us-east-1.amazonaws.com/123456789012/jobs", ""), 2))},
	})
}

// TestExternalQueueSettingsStaySilent checks that a queue or topic known only from its
// policy is not reported for the settings only its own declaration could show.
func TestExternalQueueSettingsStaySilent(t *testing.T) {
	files := cfnT(`  Policy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [https://sqs.us-east-1.amazonaws.com/123456789012/jobs]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: arn:aws:iam::123456789012:root}
            Action: sqs:SendMessage
            Resource: "*"
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!ImportValue alerts-topic-arn]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: events.amazonaws.com}
            Action: sns:Publish
            Resource: "*"
`)
	for _, f := range run(loadFiles(t, files), testSettings(), testDay) {
		t.Errorf("%s at %d:%d: %s", f.Rule.ID, f.At.Line, f.At.Column, f.Message)
	}
}

func TestExternalFunctionURLFormats(t *testing.T) {
	cfnURL := func(auth string) map[string]string {
		return cfnT(`  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !ImportValue checkout-function-arn
      AuthType: ` + auth + `
`)
	}
	tfURL := func(auth string) map[string]string {
		return tfT(`variable "function_name" {
  type = string
}

resource "aws_lambda_function_url" "checkout" {
  function_name      = var.function_name
  authorization_type = ` + auth + `
}
`)
	}
	cfnTwoURLs := func(first, second string) map[string]string {
		return cfnT(cfnFn + `  Live:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Api
      FunctionVersion: "1"
      Name: live
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Api.Arn
      AuthType: ` + first + `
  LiveUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Api.Arn
      Qualifier: live
      AuthType: ` + second + `
`)
	}
	tfTwoURLs := func(first, second string) map[string]string {
		return tfT(tfFn + `}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.api.function_name
  function_version = "1"
}

resource "aws_lambda_function_url" "api" {
  function_name      = aws_lambda_function.api.function_name
  authorization_type = ` + first + `
}

resource "aws_lambda_function_url" "live" {
  function_name      = aws_lambda_function.api.function_name
  qualifier          = aws_lambda_alias.live.name
  authorization_type = ` + second + `
}
`)
	}
	testFormats(t, rules.PublicFunctionURL, []formatCase{
		{name: "cfn URL of an imported function", contains: []string{"function ImportValue checkout-function-arn"}, files: cfnURL("▶NONE")},
		{name: "cfn URL of an imported function with iam auth", files: cfnURL("AWS_IAM")},
		{name: "terraform URL of a variable's function", contains: []string{"function var.function_name"}, files: tfURL(`▶"NONE"`)},
		{name: "terraform URL of a variable's function with iam auth", files: tfURL(`"AWS_IAM"`)},
		{name: "cfn public unqualified URL beside an IAM one on an alias", contains: []string{"function Api has"}, files: cfnTwoURLs("▶NONE", "AWS_IAM")},
		{name: "cfn public URL on an alias beside an IAM unqualified one", contains: []string{"function Api:live has"}, files: cfnTwoURLs("AWS_IAM", "▶NONE")},
		{name: "cfn two IAM URLs", files: cfnTwoURLs("AWS_IAM", "AWS_IAM")},
		{name: "terraform public unqualified URL beside an IAM one on an alias", files: tfTwoURLs(`▶"NONE"`, `"AWS_IAM"`)},
		{name: "terraform two IAM URLs", files: tfTwoURLs(`"AWS_IAM"`, `"AWS_IAM"`)},
	})
}

// TestStageAndIntegrationNamingFormats: a stage whose name is a reference is named by that
// reference, and an API whose routes integrate a service directly is not said to invoke a
// function.
func TestStageAndIntegrationNamingFormats(t *testing.T) {
	cfnAPI := func(stageName, integration string) map[string]string {
		return cfnP("  StageName:\n    Type: String\n", `  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: AWS_IAM
      Integration:
`+integration+`  ▶Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: `+stageName+`
      DeploymentId: abc
      TracingEnabled: true
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:access
`)
	}
	const sqsIntegration = `        Type: AWS
        IntegrationHttpMethod: POST
        Uri: arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders
`
	const lambdaIntegration = `        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/fn
      Code: {S3Bucket: b, S3Key: k}
      ReservedConcurrentExecutions: 10
`
	testFormats(t, rules.APINoThrottling, []formatCase{
		{name: "cfn stage named by a parameter, of an API integrating SQS", contains: []string{"stage ${StageName} of REST API Api", "passed to its integration"},
			files: cfnAPI("!Ref StageName", sqsIntegration)},
		{name: "cfn stage of an API integrating a function", contains: []string{"stage prod of", "invokes a function"},
			files: cfnAPI("prod", lambdaIntegration)},
		{name: "terraform stage named by a variable", contains: []string{"stage var.stage of REST API aws_api_gateway_rest_api.api"}, files: tfT(`variable "stage" {
  type = string
}

resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

▶resource "aws_api_gateway_stage" "this" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = var.stage
  deployment_id = "abc"
}
`)},
		{name: "terraform stage named by a template", contains: []string{"stage ${var.env}-api of"}, files: tfT(`variable "env" {
  type = string
}

resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

▶resource "aws_api_gateway_stage" "this" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = "${var.env}-api"
  deployment_id = "abc"
}
`)},
		{name: "serverless stage from an option", contains: []string{"stage ${sls:stage} of REST API"}, files: slsT(`service: api
▶provider:
  name: aws
  stage: ${opt:stage}
functions:
  api:
    handler: bootstrap
    events:
      - http: GET /orders
`)},
	})
	testFormats(t, rules.APIAccessLoggingDisabled, []formatCase{
		{name: "cfn http stage of an API integrating SQS", contains: []string{"the backend's logs"}, files: cfnT(`  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: orders
      ProtocolType: HTTP
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationSubtype: SQS-SendMessage
      RequestParameters: {QueueUrl: https://sqs.us-east-1.amazonaws.com/123456789012/orders, MessageBody: $request.body}
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: POST /orders
      AuthorizationType: AWS_IAM
      Target: !Sub integrations/${Integration}
  ▶Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: prod
`)},
	})
}
