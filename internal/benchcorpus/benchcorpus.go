// Package benchcorpus generates realistic corpora of any size for benchmarks: SAM
// templates, Terraform root modules with local modules, serverless.yml services, and Go
// monorepos. Each
// file is typical of a small production service (a few functions with triggers, a queue, a
// table, log groups, IAM), with names varied by index so that nothing is deduplicated.
package benchcorpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SAM writes n SAM templates under dir (dir/sam/NNNN/template.yaml) and returns their paths.
func SAM(dir string, n int) ([]string, error) {
	var paths []string
	for i := range n {
		p := filepath.Join(dir, "sam", fmt.Sprintf("%04d", i), "template.yaml")
		if err := write(p, samTemplate(i)); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// Terraform writes files .tf and .tfvars files in total under dir, grouped ten per root
// module (dir/tf/NNN/: main.tf, variables.tf, outputs.tf, terraform.tfvars, and a local
// module in modules/fn with its own files), and returns the root module directories.
func Terraform(dir string, files int) ([]string, error) {
	var roots []string
	for i := range max(files/10, 1) {
		root := filepath.Join(dir, "tf", fmt.Sprintf("%03d", i))
		for name, content := range tfRoot(i) {
			if err := write(filepath.Join(root, name), content); err != nil {
				return nil, err
			}
		}
		roots = append(roots, root)
	}
	return roots, nil
}

// Serverless writes n serverless.yml services under dir (dir/sls/NNNN/serverless.yml).
func Serverless(dir string, n int) ([]string, error) {
	var paths []string
	for i := range n {
		p := filepath.Join(dir, "sls", fmt.Sprintf("%04d", i), "serverless.yml")
		if err := write(p, serverlessService(i)); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

func write(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o644)
}

func samTemplate(i int) string {
	r := strings.NewReplacer("{{i}}", fmt.Sprint(i), "{{arch}}", []string{"arm64", "x86_64"}[i%2], "{{timeout}}", fmt.Sprint(10+i%50))
	return r.Replace(`AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Description: service {{i}}

Parameters:
  Stage:
    Type: String
    Default: prod
  ApiToken:
    Type: String
    NoEcho: true

Conditions:
  IsProd: !Equals [!Ref Stage, prod]

Globals:
  Function:
    Runtime: provided.al2023
    Handler: bootstrap
    Architectures: [{{arch}}]
    MemorySize: 256
    Timeout: {{timeout}}
    Tracing: Active
    Environment:
      Variables:
        STAGE: !Ref Stage
        TABLE: !Ref Table

Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: !Ref Stage
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            IdentitySource: $request.header.Authorization
            JwtConfiguration:
              issuer: https://auth.example.com
              audience: [svc{{i}}]

  ApiFunction:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: go1.x
    Properties:
      CodeUri: cmd/api/
      ReservedConcurrentExecutions: !If [IsProd, 50, 5]
      Environment:
        Variables:
          QUEUE_URL: !Ref Queue
          API_TOKEN: !Ref ApiToken
      Policies:
        - SQSSendMessagePolicy:
            QueueName: !GetAtt Queue.QueueName
        - DynamoDBReadPolicy:
            TableName: !Ref Table
      Events:
        Get:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Method: GET
            Path: /items/{id}
        Post:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Method: POST
            Path: /items

  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub svc{{i}}-${Stage}
      VisibilityTimeout: 360
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt DeadLetters.Arn
        maxReceiveCount: 5

  DeadLetters:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600

  Worker:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: go1.x
    Properties:
      CodeUri: cmd/worker/
      ReservedConcurrentExecutions: 10
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref Table
      Events:
        Messages:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
            BatchSize: 10
            FunctionResponseTypes: [ReportBatchItemFailures]

  Nightly:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: go1.x
    Properties:
      CodeUri: cmd/nightly/
      ReservedConcurrentExecutions: 1
      DeadLetterQueue:
        Type: SQS
        TargetArn: !GetAtt DeadLetters.Arn
      Events:
        Schedule:
          Type: Schedule
          Properties:
            Schedule: rate(1 day)

  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - {AttributeName: pk, AttributeType: S}
        - {AttributeName: sk, AttributeType: S}
      KeySchema:
        - {AttributeName: pk, KeyType: HASH}
        - {AttributeName: sk, KeyType: RANGE}

  ApiLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${ApiFunction}
      RetentionInDays: 30

  WorkerLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${Worker}
      RetentionInDays: 30

  NightlyLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${Nightly}
      RetentionInDays: 30

  WorkerErrors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions:
        - Name: FunctionName
          Value: !Ref Worker
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold

Outputs:
  ApiUrl:
    Value: !Sub https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}
`)
}

func tfRoot(i int) map[string]string {
	r := strings.NewReplacer("{{i}}", fmt.Sprint(i), "{{timeout}}", fmt.Sprint(10+i%50))
	return map[string]string{
		"main.tf": r.Replace(`terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

locals {
  name = "svc{{i}}-${var.stage}"
  tags = merge(var.tags, { Service = "svc{{i}}" })
}

resource "aws_sqs_queue" "dlq" {
  name = "${local.name}-dlq"
}

resource "aws_sqs_queue" "jobs" {
  name                       = local.name
  visibility_timeout_seconds = 360
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 5
  })
  tags = local.tags
}

module "api" {
  source      = "./modules/fn"
  name        = "${local.name}-api"
  timeout     = {{timeout}}
  memory      = 256
  concurrency = 20
  environment = { QUEUE_URL = aws_sqs_queue.jobs.url, STAGE = var.stage }
}

module "worker" {
  source      = "./modules/fn"
  name        = "${local.name}-worker"
  timeout     = 30
  memory      = 512
  concurrency = 5
  environment = { STAGE = var.stage }
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn        = aws_sqs_queue.jobs.arn
  function_name           = module.worker.function_arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]
}

resource "aws_budgets_budget" "monthly" {
  name         = "${local.name}-monthly"
  budget_type  = "COST"
  limit_amount = "100"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"
}
`),
		"variables.tf": `variable "stage" {
  type    = string
  default = "dev"
}

variable "tags" {
  type    = map(string)
  default = {}
}
`,
		"outputs.tf": `output "queue_url" {
  value = aws_sqs_queue.jobs.url
}
`,
		"terraform.tfvars": r.Replace(`stage = "prod"
tags  = { Team = "team{{i}}" }
`),
		"modules/fn/main.tf": `resource "aws_iam_role" "this" {
  name = var.name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }
}

resource "aws_iam_role_policy" "logs" {
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.logs.json
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  role          = aws_iam_role.this.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  architectures = ["arm64"]
  filename      = "${path.module}/build/${var.name}.zip"
  timeout       = var.timeout
  memory_size   = var.memory

  reserved_concurrent_executions = var.concurrency

  tracing_config {
    mode = "Active"
  }

  environment {
    variables = var.environment
  }
}
`,
		"modules/fn/logs.tf": `resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = 30
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${var.name}-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}
`,
		"modules/fn/variables.tf": `variable "name" { type = string }
variable "timeout" { type = number }
variable "memory" { type = number }
variable "concurrency" { type = number }
variable "environment" {
  type    = map(string)
  default = {}
}
`,
		"modules/fn/outputs.tf": `output "function_arn" {
  value = aws_lambda_function.this.arn
}
`,
		"modules/fn/versions.tf": `terraform {
  required_version = ">= 1.5"
}
`,
		"providers.tf": `provider "aws" {
  region = "eu-west-1"
}
`,
	}
}

func serverlessService(i int) string {
	r := strings.NewReplacer("{{i}}", fmt.Sprint(i), "{{timeout}}", fmt.Sprint(6+i%20))
	return r.Replace(`service: svc{{i}}
frameworkVersion: "4"

provider:
  name: aws
  runtime: provided.al2023
  architecture: arm64
  stage: ${opt:stage, 'dev'}
  region: ${opt:region, 'eu-west-1'}
  memorySize: 256
  timeout: {{timeout}}
  logRetentionInDays: 30
  tracing:
    lambda: true
    apiGateway: true
  environment:
    STAGE: ${sls:stage}
    TABLE: ${self:custom.table}
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:GetItem, dynamodb:PutItem]
          Resource: !GetAtt Table.Arn

custom:
  table: svc{{i}}-${sls:stage}

functions:
  api:
    handler: bootstrap
    reservedConcurrency: 20
    events:
      - httpApi:
          method: GET
          path: /items/{id}
      - httpApi:
          method: POST
          path: /items
  worker:
    handler: bootstrap
    reservedConcurrency: 5
    events:
      - sqs:
          arn: !GetAtt Queue.Arn
          batchSize: 10
          functionResponseType: ReportBatchItemFailures
  nightly:
    handler: bootstrap
    reservedConcurrency: 1
    onError: !GetAtt DeadLetters.Arn
    events:
      - schedule: rate(1 day)

resources:
  Resources:
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        VisibilityTimeout: 360
        RedrivePolicy:
          deadLetterTargetArn: !GetAtt DeadLetters.Arn
          maxReceiveCount: 5
    DeadLetters:
      Type: AWS::SQS::Queue
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: ${self:custom.table}
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - {AttributeName: pk, AttributeType: S}
        KeySchema:
          - {AttributeName: pk, KeyType: HASH}
`)
}

// Go writes a monorepo of n Go modules under dir (dir/mono/functions/fNNN, one handler
// each, templates-free) and the same n handlers as the packages of one module
// (dir/single/cmd/fNNN), so that loading a repository module by module can be compared
// with loading the same code as one module. Both need aws-lambda-go and aws-sdk-go-v2 in
// the module cache or through the module proxy.
func Go(dir string, n int) (mono, single string, err error) {
	mono, single = filepath.Join(dir, "mono"), filepath.Join(dir, "single")
	for i := range n {
		fn := filepath.Join(mono, "functions", fmt.Sprintf("f%03d", i))
		for name, content := range map[string]string{
			"go.mod":  strings.ReplaceAll(goModule, "{{module}}", fmt.Sprintf("example.com/f%03d", i)),
			"go.sum":  goSum,
			"main.go": goHandler,
		} {
			if err := write(filepath.Join(fn, name), content); err != nil {
				return "", "", err
			}
		}
		if err := write(filepath.Join(single, "cmd", fmt.Sprintf("f%03d", i), "main.go"), goHandler); err != nil {
			return "", "", err
		}
	}
	for name, content := range map[string]string{
		"go.mod": strings.ReplaceAll(goModule, "{{module}}", "example.com/single"),
		"go.sum": goSum,
	} {
		if err := write(filepath.Join(single, name), content); err != nil {
			return "", "", err
		}
	}
	return mono, single, nil
}

// goModule, goSum and goHandler are one SQS handler with a non-idempotent write, and the
// module that builds it.
const goModule = `module {{module}}

go 1.26.0

require (
	github.com/aws/aws-lambda-go v1.55.1
	github.com/aws/aws-sdk-go-v2 v1.48.0
	github.com/aws/aws-sdk-go-v2/service/dynamodb v1.74.0
	github.com/google/uuid v1.6.0
)

require (
	github.com/aws/aws-sdk-go-v2/internal/configsources v1.5.12 // indirect
	github.com/aws/aws-sdk-go-v2/internal/endpoints/v2 v2.8.12 // indirect
	github.com/aws/aws-sdk-go-v2/service/internal/accept-encoding v1.13.25 // indirect
	github.com/aws/aws-sdk-go-v2/service/internal/endpoint-discovery v1.13.12 // indirect
	github.com/aws/smithy-go v1.28.9 // indirect
)
`

const goSum = `github.com/aws/aws-lambda-go v1.55.1 h1:We2cCp4BwqqH/JW+bEEo1FhgG71rslvjfi4y7KmlrR0=
github.com/aws/aws-lambda-go v1.55.1/go.mod h1:V+NzkHNR6vBC8C1PDloqSLE+7jYWFiPvJJFiCiTm8nE=
github.com/aws/aws-sdk-go-v2 v1.48.0 h1:tFU7EJVm7MfyaXLsXdYTZ0Vd6vwt9OljCyqq0gqk0Mc=
github.com/aws/aws-sdk-go-v2 v1.48.0/go.mod h1:oeKU5p+TQBnpeLmU42WZLWvzv+ORLn+74n4QVLnm/Z0=
github.com/aws/aws-sdk-go-v2/internal/configsources v1.5.12 h1:W0yUUzKBA8SofGQ0yZafEUuZq9UxfvijRgdc6vcRQPA=
github.com/aws/aws-sdk-go-v2/internal/configsources v1.5.12/go.mod h1:xwKv6vwBNdpPFOxEm/ld4IODZK2s/1ksHvdBqLfH6Gs=
github.com/aws/aws-sdk-go-v2/internal/endpoints/v2 v2.8.12 h1:lqSi8qvAnKC1vfosImdmOsuiJLr/jdybZX5299beB6Q=
github.com/aws/aws-sdk-go-v2/internal/endpoints/v2 v2.8.12/go.mod h1:rqPQE2vqkW9YHx5+Gp55sx1wsTM4xtGQLl+TKMjxxrs=
github.com/aws/aws-sdk-go-v2/service/dynamodb v1.74.0 h1:DSfi8o1qAb2AQwFwfk4gjOE3R9V+33/V5k/ICYkkSac=
github.com/aws/aws-sdk-go-v2/service/dynamodb v1.74.0/go.mod h1:tzOEVcpLdi8aqyYUKQkuOVVAOfOgfLA0xEomIUTHIFY=
github.com/aws/aws-sdk-go-v2/service/internal/accept-encoding v1.13.25 h1:rKwkY3Z+fvt2W0msjdNs6uNewPmXzPayQ961oyuWhes=
github.com/aws/aws-sdk-go-v2/service/internal/accept-encoding v1.13.25/go.mod h1:dBuAadQKd1F4Q4ZOg8gnFmuSHMRE40Pe3IfFwbtC4lE=
github.com/aws/aws-sdk-go-v2/service/internal/endpoint-discovery v1.13.12 h1:nQk6qDTBniyqk01UgtxwxTbOf6aWWKmUaB/rPtDOJis=
github.com/aws/aws-sdk-go-v2/service/internal/endpoint-discovery v1.13.12/go.mod h1:ztmJJelLp9AwON0L4eTypQ6r1eBAcmTTsDACdSbKGkk=
github.com/aws/smithy-go v1.28.9 h1:zkZ058OpNX0iGTK24b+ZUEQSMc11CBA6oO7xtKZfzkY=
github.com/aws/smithy-go v1.28.9/go.mod h1:YE2RhdIuDbA5E5bTdciG9KrW3+TiEONeUWCqxX9i1Fc=
github.com/davecgh/go-spew v1.1.1 h1:vj9j/u1bqnvCEfJOwUhtlOARqs3+rkHYY13jYWTU97c=
github.com/davecgh/go-spew v1.1.1/go.mod h1:J7Y8YcW2NihsgmVo/mv3lAwl/skON4iLHjSsI+c5H38=
github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=
github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=
github.com/pmezard/go-difflib v1.0.0 h1:4DBwDE0NGyQoBHbLQYPwSUPoCMWR5BEzIk/f1lZbAQM=
github.com/pmezard/go-difflib v1.0.0/go.mod h1:iKH77koFhYxTK1pcRnkKkqfTogsbg7gZNVY4sRDYZ/4=
github.com/stretchr/testify v1.7.2 h1:4jaiDzPyXQvSd7D0EjG45355tLlV3VOECpq10pLC+8s=
github.com/stretchr/testify v1.7.2/go.mod h1:R6va5+xMeoiuVRoj+gSkQ7d3FALtqAAGI1FQKckRals=
gopkg.in/yaml.v3 v3.0.1 h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA=
gopkg.in/yaml.v3 v3.0.1/go.mod h1:K4uyk7z7BCEPqu6E+C64Yfv1cQ7kz7rIZviUmN+EgEM=
`

const goHandler = `package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"
)

var db = dynamodb.New(dynamodb.Options{Region: "eu-west-1"})

func handle(ctx context.Context, ev events.SQSEvent) error {
	for _, r := range ev.Records {
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: aws.String(os.Getenv("TABLE")),
			Item: map[string]types.AttributeValue{
				"id":   &types.AttributeValueMemberS{Value: uuid.NewString()},
				"body": &types.AttributeValueMemberS{Value: r.Body},
			},
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func main() { lambda.Start(handle) }
`
