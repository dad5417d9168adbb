package checks

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/rules"
)

// Functions with every setting the cost rules do not look at, in each format.
const (
	samFn = `  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
`
	cfnFn = `  Api:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/api
      Code: {S3Bucket: b, S3Key: k}
`
	jsonFn = `    "Api": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": "arn:aws:iam::123456789012:role/api", "Code": {"ZipFile": "x"}}
    }
`
	tfFn = `resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "api.zip"
`
)

func TestNoBudgetFormats(t *testing.T) {
	samBudget := `  Budget:
    Type: AWS::Budgets::Budget
    Properties:
      Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 100, Unit: USD}}
`
	testFormats(t, rules.NoBudget, []formatCase{
		{name: "sam without a budget", contains: []string{"AWS::Budgets::Budget"}, files: map[string]string{"template.yaml": "▶" + samT(samFn)["template.yaml"]}},
		{name: "sam with a budget", files: samT(samFn + samBudget)},
		{name: "cfn without a budget", files: map[string]string{"template.yaml": "▶" + cfnT(cfnFn)["template.yaml"]}},
		{name: "cfn with a budget", files: cfnT(cfnFn + samBudget)},
		{name: "json without a budget", files: map[string]string{"template.json": "▶" + jsonT(jsonFn)["template.json"]}},
		{name: "json with a budget", files: jsonT(`    "Budget": {"Type": "AWS::Budgets::Budget", "Properties": {"Budget": {"BudgetType": "COST", "TimeUnit": "MONTHLY"}}},
` + jsonFn)},
		{name: "terraform without a budget", contains: []string{"aws_budgets_budget"}, files: tfT("▶" + tfFn + "}\n")},
		{name: "terraform with a budget", files: tfT(tfFn + `}

resource "aws_budgets_budget" "monthly" {
  budget_type  = "COST"
  limit_amount = "100"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"
}
`)},
		{name: "each project on its own, at its main file", files: map[string]string{
			"billing/main.tf": `resource "aws_budgets_budget" "monthly" {
  budget_type  = "COST"
  limit_amount = "100"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"
}
`,
			"api/main.tf":  "▶" + tfFn + "}\n",
			"api/other.tf": "# a second file of the same module\n",
		}},
		{name: "terraform reusable module: required inputs, no provider or backend", files: tfT(`variable "function_name" {
  type = string
}

resource "aws_lambda_function" "this" {
  function_name = var.function_name
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "api.zip"
}
`)},
		{name: "terraform root with required inputs and a provider", files: tfT(`▶provider "aws" {
  region = "us-east-1"
}

variable "function_name" {
  type = string
}

resource "aws_lambda_function" "this" {
  function_name = var.function_name
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "api.zip"
}
`)},
		{name: "terraform root with required inputs and a backend", files: tfT(`▶terraform {
  backend "s3" {}
}

variable "function_name" {
  type = string
}

resource "aws_lambda_function" "this" {
  function_name = var.function_name
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "api.zip"
}
`)},
		{name: "terraform root whose required inputs a tfvars file gives", files: map[string]string{
			"main.tf": `▶variable "function_name" {
  type = string
}

resource "aws_lambda_function" "this" {
  function_name = var.function_name
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "api.zip"
}
`,
			"terraform.tfvars": "function_name = \"api\"\n",
		}},
		{name: "serverless without a budget", contains: []string{"under resources"}, files: slsT(`▶service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
`)},
		{name: "serverless with a budget under resources", files: slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
resources:
  Resources:
` + indent(samBudget, 2))},
	})
}

func TestNoConcurrencyLimitFormats(t *testing.T) {
	testFormats(t, rules.NoConcurrencyLimit, []formatCase{
		{name: "sam without reserved concurrency", contains: []string{"ReservedConcurrentExecutions"}, files: samT("  ▶" + samFn[2:])},
		{name: "sam with reserved concurrency", files: samT(samFn + "      ReservedConcurrentExecutions: 10\n")},
		{name: "sam with reserved concurrency in Globals", files: samG("  Function:\n    ReservedConcurrentExecutions: 10\n", samFn)},
		{name: "sam sqs consumer capped by its event's maximum concurrency", files: samT(samFn + `      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: arn:aws:sqs:us-east-1:123456789012:jobs
            ScalingConfig:
              MaximumConcurrency: 5
`)},
		{name: "cfn without reserved concurrency", files: cfnT("  ▶" + cfnFn[2:])},
		{name: "cfn with reserved concurrency", files: cfnT(cfnFn + "      ReservedConcurrentExecutions: 10\n")},
		{name: "json without reserved concurrency", files: jsonT("    ▶" + jsonFn[4:])},
		{name: "json with reserved concurrency", files: jsonT(`    "Api": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": "arn:aws:iam::123456789012:role/api", "Code": {"ZipFile": "x"},
        "ReservedConcurrentExecutions": 10}
    }
`)},
		{name: "terraform without reserved concurrency", contains: []string{"reserved_concurrent_executions"}, files: tfT("▶" + tfFn + "}\n")},
		{name: "terraform with reserved concurrency", files: tfT(tfFn + "  reserved_concurrent_executions = 10\n}\n")},
		{name: "terraform sqs consumer capped by its mapping", files: tfT(tfFn + `}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = "arn:aws:sqs:us-east-1:123456789012:jobs"
  function_name    = aws_lambda_function.api.arn
  scaling_config {
    maximum_concurrency = 5
  }
}
`)},
		{name: "serverless without reserved concurrency", contains: []string{"reservedConcurrency"}, files: slsT(`service: api
provider:
  name: aws
functions:
  ▶api:
    handler: bootstrap
`)},
		{name: "serverless with reserved concurrency", files: slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
    reservedConcurrency: 10
`)},
		{name: "serverless sqs consumer capped by its event", files: slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
    events:
      - sqs:
          arn: arn:aws:sqs:us-east-1:123456789012:jobs
          maximumConcurrency: 5
`)},
		{name: "serverless raw function under resources", contains: []string{"ReservedConcurrentExecutions"}, files: slsT(`service: api
provider:
  name: aws
resources:
  Resources:
` + indent("  ▶"+cfnFn[2:], 2))},
	})
}

func TestAPINoThrottlingFormats(t *testing.T) {
	samAPI := func(props string) map[string]string {
		return samT(`  ▶Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
` + props)
	}
	cfnREST := func(stage string) map[string]string {
		return cfnT(`  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  ` + stage)
	}
	tfHTTP := func(settings string) map[string]string {
		return tfT(`resource "aws_apigatewayv2_api" "api" {
  name          = "api"
  protocol_type = "HTTP"
}

▶resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.api.id
  name        = "$default"
  auto_deploy = true
` + settings + `}
`)
	}
	slsREST := func(provider string) map[string]string {
		return slsT(`service: api
▶provider:
  name: aws
` + provider + `functions:
  api:
    handler: bootstrap
    events:
      - http:
          path: /orders
          method: get
`)
	}
	testFormats(t, rules.APINoThrottling, []formatCase{
		{name: "sam rest api without throttling", contains: []string{"MethodSettings"}, files: samAPI("")},
		{name: "sam rest api with method settings", files: unmark(samAPI(`      MethodSettings:
        - ResourcePath: /*
          HttpMethod: "*"
          ThrottlingRateLimit: 50
          ThrottlingBurstLimit: 100
`))},
		{name: "sam http api without throttling", contains: []string{"DefaultRouteSettings"}, files: samT(`  ▶Api:
    Type: AWS::Serverless::HttpApi
`)},
		{name: "sam http api with default route throttling", files: samT(`  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefaultRouteSettings:
        ThrottlingRateLimit: 50
        ThrottlingBurstLimit: 100
`)},
		{name: "cfn stage without throttling", files: cfnREST(`▶Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      DeploymentId: abc
`)},
		{name: "cfn stage with method settings", files: cfnREST(`Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      DeploymentId: abc
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: "*"
          ThrottlingRateLimit: 50
          ThrottlingBurstLimit: 100
`)},
		{name: "cfn stage of an api with a throttling usage plan", files: cfnREST(`Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      DeploymentId: abc
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages:
        - ApiId: !Ref Api
          Stage: prod
      Throttle: {RateLimit: 50, BurstLimit: 100}
`)},
		{name: "terraform http stage without throttling", contains: []string{"default_route_settings"}, files: tfHTTP("")},
		{name: "terraform http stage with default route throttling", files: unmark(tfHTTP(`  default_route_settings {
    throttling_rate_limit  = 50
    throttling_burst_limit = 100
  }
`))},
		{name: "terraform rest stage with method settings", files: tfT(`resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = "prod"
  deployment_id = "abc"
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    throttling_rate_limit  = 50
    throttling_burst_limit = 100
  }
}
`)},
		{name: "serverless rest api without a usage plan", contains: []string{"usagePlan"}, files: slsREST("")},
		{name: "serverless rest api with a throttling usage plan", files: unmark(slsREST(`  apiGateway:
    usagePlan:
      throttle:
        rateLimit: 50
        burstLimit: 100
`))},
	})
}

func TestLogRetentionUnsetFormats(t *testing.T) {
	samLogs := func(logs string) map[string]string {
		return samT(`  ▶Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
` + logs)
	}
	tfLogs := func(logs string) map[string]string {
		return tfT("▶" + tfFn + "}\n" + logs)
	}
	testFormats(t, rules.LogRetentionUnset, []formatCase{
		{name: "sam without a log group", contains: []string{"RetentionInDays"}, files: samLogs("")},
		{name: "sam log group named after the function", files: unmark(samLogs(`  ApiLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${Api}
      RetentionInDays: 30
`))},
		{name: "sam log group without retention", files: samT(samFn + `  ▶ApiLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${Api}
`)},
		{name: "cfn logging config names a log group with retention", files: cfnT(`  Api:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/api
      Code: {S3Bucket: b, S3Key: k}
      LoggingConfig:
        LogGroup: !Ref Logs
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 14
`)},
		{name: "cfn without a log group", files: cfnT("  ▶" + cfnFn[2:])},
		{name: "terraform without a log group", contains: []string{"retention_in_days"}, files: tfLogs("")},
		{name: "terraform log group named after the function", files: unmark(tfLogs(`
resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/${aws_lambda_function.api.function_name}"
  retention_in_days = 30
}
`))},
		{name: "terraform log group with retention 0 never expires", files: tfT(tfFn + `}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/api"
  retention_in_days = ▶0
}
`)},
		{name: "terraform function named by a variable without a default, no log group", files: tfT(`variable "name" {}

▶resource "aws_lambda_function" "api" {
  function_name = var.name
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "api.zip"
}
`)},
		{name: "serverless without retention", contains: []string{"logRetentionInDays"}, files: slsT(`service: api
provider:
  name: aws
functions:
  ▶api:
    handler: bootstrap
`)},
		{name: "serverless provider retention", files: slsT(`service: api
provider:
  name: aws
  logRetentionInDays: 30
functions:
  api:
    handler: bootstrap
`)},
		{name: "serverless log group override under resources", files: slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
resources:
  Resources:
    ApiLogGroup:
      Type: AWS::Logs::LogGroup
      Properties:
        RetentionInDays: 14
`)},
	})
}

func TestWorstCaseCostFormats(t *testing.T) {
	testFormats(t, rules.WorstCaseCost, []formatCase{
		{name: "sam 1 GB x86 with nothing capping it", contains: []string{"$60.00", "1,000 concurrent executions"},
			files: samT("  ▶" + samFn[2:] + "      MemorySize: 1024\n")},
		{name: "sam 1 GB arm64 capped at 100", files: samT(samFn + "      MemorySize: 1024\n      Architectures: [arm64]\n      ReservedConcurrentExecutions: 100\n")},
		{name: "cfn 3 GB with 500 reserved", contains: []string{"500 concurrent executions"},
			files: cfnT(cfnFn + "      MemorySize: 3072\n      ReservedConcurrentExecutions: ▶500\n")},
		{name: "cfn 3 GB with 100 reserved", files: cfnT(cfnFn + "      MemorySize: 3072\n      ReservedConcurrentExecutions: 100\n")},
		{name: "terraform 2 GB with nothing capping it", files: tfT("▶" + tfFn + "  memory_size = 2048\n}\n")},
		{name: "terraform 2 GB capped at 50", files: tfT(tfFn + "  memory_size = 2048\n  reserved_concurrent_executions = 50\n}\n")},
		{name: "serverless with the framework's 1 GB default", contains: []string{"reservedConcurrency"}, files: slsT(`service: api
provider:
  name: aws
functions:
  ▶api:
    handler: bootstrap
`)},
		{name: "serverless with 256 MB", files: slsT(`service: api
provider:
  name: aws
  memorySize: 256
functions:
  api:
    handler: bootstrap
`)},
	})
}

func TestX86ArchitectureFormats(t *testing.T) {
	testFormats(t, rules.X86Architecture, []formatCase{
		{name: "sam go build on the default architecture", contains: []string{"Architectures: [arm64]"}, files: samT(`  ▶Api:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: go1.x
    Properties:
      CodeUri: cmd/api/
      Handler: bootstrap
      Runtime: provided.al2023
`)},
		{name: "sam go build on arm64 from Globals", files: samG("  Function:\n    Architectures: [arm64]\n", `  Api:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: go1.x
    Properties:
      CodeUri: cmd/api/
      Handler: bootstrap
      Runtime: provided.al2023
`)},
		{name: "sam x86 written", files: samT(`  Api:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: go1.x
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Architectures: [▶x86_64]
`)},
		{name: "sam rust build is not go", files: samT(`  Api:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: rust-cargolambda
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
`)},
		{name: "cfn go1.x", files: cfnT(`  ▶Api:
    Type: AWS::Lambda::Function
    Properties:
      Handler: main
      Runtime: go1.x
      Role: arn:aws:iam::123456789012:role/api
      Code: {S3Bucket: b, S3Key: k}
`)},
		{name: "cfn go build on arm64", files: cfnT(`  Api:
    Type: AWS::Lambda::Function
    Metadata:
      BuildMethod: go1.x
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Architectures: [arm64]
      Role: arn:aws:iam::123456789012:role/api
      Code: {S3Bucket: b, S3Key: k}
`)},
		{name: "terraform go1.x", contains: []string{`architectures = ["arm64"]`}, files: tfT(`▶resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "go1.x"
  handler       = "main"
  filename      = "api.zip"
}
`)},
		{name: "terraform arm64", files: tfT(tfFn + "  architectures = [\"arm64\"]\n}\n")},
		{name: "serverless go plugin on x86", contains: []string{"architecture: arm64"}, files: slsT(`service: api
plugins:
  - serverless-go-plugin
custom:
  go:
    supportedRuntimes: [provided.al2023]
    buildProvidedRuntimeAsBootstrap: true
provider:
  name: aws
  runtime: provided.al2023
functions:
  ▶api:
    handler: ./cmd/api
`)},
		{name: "serverless go plugin on arm64", files: slsT(`service: api
plugins:
  - serverless-go-plugin
custom:
  go:
    supportedRuntimes: [provided.al2023]
    buildProvidedRuntimeAsBootstrap: true
provider:
  name: aws
  runtime: provided.al2023
  architecture: arm64
functions:
  api:
    handler: ./cmd/api
`)},
	})
}

// indent shifts every line of s right by n spaces.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.SplitAfter(s, "\n")
	for i, line := range lines {
		if line != "\n" && line != "" {
			lines[i] = pad + line
		}
	}
	return strings.Join(lines, "")
}

// TestLogRetentionWhenLogsDeniedFormats: a function whose role denies writing its logs
// stores none in CloudWatch Logs (they leave through an extension, or not at all), so their
// retention does not matter.
func TestLogRetentionWhenLogsDeniedFormats(t *testing.T) {
	samDeny := func(resource string) map[string]string {
		return samT(`  ▶Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      FunctionName: api
      Policies:
        - Statement:
            - Effect: Deny
              Action: [logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents]
              Resource: ` + resource + `
`)
	}
	tfDeny := func(effect string) map[string]string {
		return tfT(`resource "aws_iam_role" "api" {
  name               = "api"
  assume_role_policy = "{}"
  inline_policy {
    name = "no-cloudwatch-logs"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "` + effect + `"
        Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "*"
      }]
    })
  }
}

▶resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "api.zip"
}
`)
	}
	slsDeny := func(effect string) map[string]string {
		return slsT(`service: api
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: ` + effect + `
          Action: [logs:CreateLogStream, logs:PutLogEvents]
          Resource: "*"
functions:
  ▶api:
    handler: bootstrap
`)
	}
	testFormats(t, rules.LogRetentionUnset, []formatCase{
		{name: "sam role denies log writes everywhere", files: unmark(samDeny(`"*"`))},
		{name: "sam role denies writes to the function's log group", files: unmark(samDeny(`arn:aws:logs:*:*:log-group:/aws/lambda/api:*`))},
		{name: "sam role denies writes to another log group", files: samDeny(`arn:aws:logs:*:*:log-group:/aws/lambda/other:*`)},
		{name: "terraform role denies log writes", files: unmark(tfDeny("Deny"))},
		{name: "terraform role allows log writes", files: tfDeny("Allow")},
		{name: "serverless role denies log writes", files: unmark(slsDeny("Deny"))},
		{name: "serverless role allows log writes", files: slsDeny("Allow")},
	})
}
