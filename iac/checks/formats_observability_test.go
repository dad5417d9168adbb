package checks

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/rules"
)

func TestFunctionTracingDisabledFormats(t *testing.T) {
	testFormats(t, rules.FunctionTracingDisabled, []formatCase{
		{name: "sam without tracing", contains: []string{"Tracing: Active"}, files: samT("  ▶" + samFn[2:])},
		{name: "sam tracing in Globals", files: samG("  Function:\n    Tracing: Active\n", samFn)},
		{name: "sam tracing PassThrough written", files: samT(samFn + "      Tracing: ▶PassThrough\n")},
		{name: "cfn without tracing", files: cfnT("  ▶" + cfnFn[2:])},
		{name: "cfn active tracing", files: cfnT(cfnFn + "      TracingConfig:\n        Mode: Active\n")},
		{name: "json without tracing", files: jsonT("    ▶" + jsonFn[4:])},
		{name: "terraform without tracing", contains: []string{"tracing_config"}, files: tfT("▶" + tfFn + "}\n")},
		{name: "terraform active tracing", files: tfT(tfFn + "  tracing_config {\n    mode = \"Active\"\n  }\n}\n")},
		{name: "serverless without tracing", contains: []string{"tracing: {lambda: true}"}, files: slsT("service: api\nprovider:\n  name: aws\nfunctions:\n  ▶api:\n    handler: bootstrap\n")},
		{name: "serverless provider tracing", files: slsT("service: api\nprovider:\n  name: aws\n  tracing:\n    lambda: true\nfunctions:\n  api:\n    handler: bootstrap\n")},
	})
}

func TestAPITracingDisabledFormats(t *testing.T) {
	slsREST := func(provider string) map[string]string {
		return slsT("service: api\n▶provider:\n  name: aws\n" + provider + "functions:\n  api:\n    handler: bootstrap\n    events:\n      - http: GET /orders\n")
	}
	testFormats(t, rules.APITracingDisabled, []formatCase{
		{name: "sam rest api without tracing", contains: []string{"TracingEnabled: true"}, files: samT("  ▶Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n")},
		{name: "sam rest api with tracing", files: samT("  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      TracingEnabled: true\n")},
		{name: "sam http apis do not trace", files: samT("  Api:\n    Type: AWS::Serverless::HttpApi\n")},
		{name: "cfn stage with tracing off", files: cfnT(`  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      DeploymentId: abc
      TracingEnabled: ▶false
`)},
		{name: "cfn stage with tracing", files: cfnT(`  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      DeploymentId: abc
      TracingEnabled: true
`)},
		{name: "terraform stage without tracing", contains: []string{"xray_tracing_enabled"}, files: tfT(`resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

▶resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = "prod"
  deployment_id = "abc"
}
`)},
		{name: "terraform stage with tracing", files: tfT(`resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  stage_name           = "prod"
  deployment_id        = "abc"
  xray_tracing_enabled = true
}
`)},
		{name: "serverless rest api without tracing", contains: []string{"provider.tracing.apiGateway"}, files: slsREST("")},
		{name: "serverless rest api with tracing", files: unmark(slsREST("  tracing:\n    apiGateway: true\n"))},
	})
}

func TestNoErrorAlarmFormats(t *testing.T) {
	alarm := `  ApiErrors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions:
        - Name: FunctionName
          Value: !Ref Api
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
`
	testFormats(t, rules.NoErrorAlarm, []formatCase{
		{name: "sam without an alarm", files: samT("  ▶" + samFn[2:])},
		{name: "sam with an errors alarm", files: samT(samFn + alarm)},
		{name: "sam alarm on another function's errors", files: samT("  ▶" + samFn[2:] + "  Other:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: bootstrap\n      Runtime: provided.al2023\n" +
			strings.ReplaceAll(alarm, "!Ref Api", "!Ref Other"))},
		{name: "cfn with a throttles alarm", files: cfnT(cfnFn + strings.ReplaceAll(alarm, "MetricName: Errors", "MetricName: Throttles"))},
		{name: "cfn with a duration alarm only", files: cfnT("  ▶" + cfnFn[2:] + strings.ReplaceAll(alarm, "MetricName: Errors", "MetricName: Duration"))},
		{name: "terraform without an alarm", files: tfT("▶" + tfFn + "}\n")},
		{name: "terraform with an errors alarm", files: tfT(tfFn + `}

resource "aws_cloudwatch_metric_alarm" "api_errors" {
  alarm_name          = "api-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.api.function_name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}
`)},
		{name: "serverless without an alarm", files: slsT("service: api\nprovider:\n  name: aws\nfunctions:\n  ▶api:\n    handler: bootstrap\n")},
		{name: "serverless alarm under resources", files: slsT("service: api\nprovider:\n  name: aws\nfunctions:\n  api:\n    handler: bootstrap\nresources:\n  Resources:\n" +
			indent(strings.ReplaceAll(alarm, "!Ref Api", "!Ref ApiLambdaFunction"), 2))},
	})
}

func TestAPIAccessLoggingDisabledFormats(t *testing.T) {
	testFormats(t, rules.APIAccessLoggingDisabled, []formatCase{
		{name: "sam rest api without access logs", contains: []string{"AccessLogSetting "}, files: samT("  ▶Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n")},
		{name: "sam rest api with access logs", files: samT("  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      AccessLogSetting:\n        DestinationArn: !GetAtt Logs.Arn\n        Format: $context.requestId\n  Logs:\n    Type: AWS::Logs::LogGroup\n")},
		{name: "sam http api without access logs", contains: []string{"AccessLogSettings"}, files: samT("  ▶Api:\n    Type: AWS::Serverless::HttpApi\n")},
		{name: "sam http api with access logs", files: samT("  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      AccessLogSettings:\n        DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:api\n        Format: $context.requestId\n")},
		{name: "cfn http stage without access logs", files: cfnT(`  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: api
      ProtocolType: HTTP
  ▶Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: $default
`)},
		{name: "cfn http stage with access logs", files: cfnT(`  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: api
      ProtocolType: HTTP
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: $default
      AccessLogSettings:
        DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:api
        Format: $context.requestId
`)},
		{name: "terraform stage with access logs", files: tfT(`resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "api-access"
  retention_in_days = 30
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = "prod"
  deployment_id = "abc"
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = "$context.requestId"
  }
}
`)},
		{name: "terraform http stage without access logs", contains: []string{"access_log_settings"}, files: tfT(`resource "aws_apigatewayv2_api" "api" {
  name          = "api"
  protocol_type = "HTTP"
}

▶resource "aws_apigatewayv2_stage" "default" {
  api_id = aws_apigatewayv2_api.api.id
  name   = "$default"
}
`)},
		{name: "serverless http api without access logs", contains: []string{"provider.logs.httpApi"}, files: slsT("service: api\n▶provider:\n  name: aws\nfunctions:\n  api:\n    handler: bootstrap\n    events:\n      - httpApi: GET /orders\n")},
		{name: "serverless http api with access logs", files: slsT("service: api\nprovider:\n  name: aws\n  logs:\n    httpApi: true\nfunctions:\n  api:\n    handler: bootstrap\n    events:\n      - httpApi: GET /orders\n")},
	})
}
