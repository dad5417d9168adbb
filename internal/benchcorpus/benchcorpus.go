// Package benchcorpus generates realistic IaC corpora of any size for benchmarks: SAM
// templates, Terraform root modules with local modules, and serverless.yml services. Each
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
