package terraform

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// writeCorpus generates roots root modules of 10 .tf files each: 8 in the root (variables,
// locals, functions, queues, policies, an API, alarms, module calls) and 2 in a local
// module the root calls three times.
func writeCorpus(tb testing.TB, dir string, roots int) []model.Source {
	tb.Helper()
	var srcs []model.Source
	write := func(rel, content string) {
		abs := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
		srcs = append(srcs, model.Source{Format: model.Terraform, Abs: abs, Rel: rel})
	}
	for r := 0; r < roots; r++ {
		root := fmt.Sprintf("svc%03d", r)
		write(root+"/variables.tf", `
variable "env" { default = "prod" }
variable "memory" {
  type    = number
  default = 512
}
variable "secret" {
  sensitive = true
  default   = "x"
}
`)
		write(root+"/locals.tf", `
locals {
  prefix = "${var.env}-svc"
  fns    = { orders = 30, billing = 60, shipping = 10, email = 5 }
  tags   = { env = var.env, team = "core" }
  common_env = { STAGE = var.env, TOKEN = var.secret }
}
`)
		write(root+"/functions.tf", `
resource "aws_lambda_function" "fn" {
  for_each      = local.fns
  function_name = "${local.prefix}-${each.key}"
  role          = aws_iam_role.fn.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  architectures = ["arm64"]
  timeout       = each.value
  memory_size   = var.memory
  filename      = data.archive_file.fn[each.key].output_path
  environment {
    variables = merge(local.common_env, { QUEUE_URL = aws_sqs_queue.jobs[each.key].url })
  }
  tracing_config { mode = "Active" }
  tags = local.tags
}
data "archive_file" "fn" {
  for_each    = local.fns
  type        = "zip"
  source_dir  = "${path.module}/cmd/${each.key}"
  output_path = "${path.module}/build/${each.key}.zip"
}
resource "aws_cloudwatch_log_group" "fn" {
  for_each          = aws_lambda_function.fn
  name              = "/aws/lambda/${each.value.function_name}"
  retention_in_days = 14
}
`)
		write(root+"/queues.tf", `
resource "aws_sqs_queue" "dlq" {
  for_each = local.fns
  name     = "${local.prefix}-${each.key}-dlq"
}
resource "aws_sqs_queue" "jobs" {
  for_each                   = local.fns
  name                       = "${local.prefix}-${each.key}"
  visibility_timeout_seconds = each.value * 6
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = 5
  })
}
resource "aws_lambda_event_source_mapping" "jobs" {
  for_each                = local.fns
  event_source_arn        = aws_sqs_queue.jobs[each.key].arn
  function_name           = aws_lambda_function.fn[each.key].arn
  function_response_types = ["ReportBatchItemFailures"]
  scaling_config { maximum_concurrency = 10 }
}
`)
		write(root+"/iam.tf", `
resource "aws_iam_role" "fn" {
  name               = "${local.prefix}-fn"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
data "aws_iam_policy_document" "fn" {
  dynamic "statement" {
    for_each = local.fns
    content {
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
      resources = [aws_sqs_queue.jobs[statement.key].arn]
    }
  }
}
resource "aws_iam_role_policy" "fn" {
  role   = aws_iam_role.fn.id
  policy = data.aws_iam_policy_document.fn.json
}
`)
		write(root+"/api.tf", `
resource "aws_apigatewayv2_api" "http" {
  name          = local.prefix
  protocol_type = "HTTP"
}
resource "aws_apigatewayv2_integration" "fn" {
  for_each         = local.fns
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.fn[each.key].invoke_arn
}
resource "aws_apigatewayv2_route" "fn" {
  for_each           = local.fns
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "POST /${each.key}"
  target             = "integrations/${aws_apigatewayv2_integration.fn[each.key].id}"
  authorization_type = "JWT"
}
resource "aws_apigatewayv2_stage" "default" {
  api_id = aws_apigatewayv2_api.http.id
  name   = "$default"
  default_route_settings {
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }
}
`)
		write(root+"/alarms.tf", `
resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each    = aws_lambda_function.fn
  alarm_name  = "${each.key}-errors"
  namespace   = "AWS/Lambda"
  metric_name = "Errors"
  dimensions  = { FunctionName = each.value.function_name }
}
resource "aws_budgets_budget" "monthly" {
  name         = local.prefix
  budget_type  = "COST"
  limit_amount = "100"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"
}
`)
		write(root+"/modules.tf", `
module "worker" {
  source   = "./modules/worker"
  for_each = toset(["a", "b", "c"])
  name     = "${local.prefix}-worker-${each.key}"
  queue    = aws_sqs_queue.jobs["orders"].arn
}
`)
		write(root+"/modules/worker/main.tf", `
resource "aws_lambda_function" "this" {
  function_name = var.name
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  timeout       = 20
  definition    = null
}
resource "aws_lambda_event_source_mapping" "this" {
  event_source_arn = var.queue
  function_name    = aws_lambda_function.this.function_name
}
resource "aws_sfn_state_machine" "flow" {
  name     = "${var.name}-flow"
  role_arn = "r"
  definition = jsonencode({
    StartAt = "Run"
    States  = { Run = { Type = "Task", Resource = aws_lambda_function.this.arn, TimeoutSeconds = 15, End = true } }
  })
}
`)
		write(root+"/modules/worker/variables.tf", `
variable "name" { type = string }
variable "queue" { type = string }
output "arn" { value = aws_lambda_function.this.arn }
`)
	}
	return srcs
}

func TestGeneratedCorpusLoadsCleanly(t *testing.T) {
	dir := t.TempDir()
	srcs := writeCorpus(t, dir, 3)
	m := &model.Model{}
	Load(context.Background(), m, srcs, Options{Root: dir})
	noProblems(t, m)
	if len(m.Projects) != 3 {
		t.Fatalf("projects = %d", len(m.Projects))
	}
	p := m.Projects[0]
	if len(p.Functions) != 7 || len(p.Queues) != 8 || len(p.StateMachines) != 3 || len(p.Alarms) != 4 {
		t.Fatalf("functions %d queues %d machines %d alarms %d", len(p.Functions), len(p.Queues), len(p.StateMachines), len(p.Alarms))
	}
	f := fnOf(t, p, `aws_lambda_function.fn["orders"]`)
	check(t, "code", show(f.Code.Dir), "svc000/cmd/orders/explicit@svc000/functions.tf:21:17")
	check(t, "retention", show(f.LogRetentionDays), "14/explicit@svc000/functions.tf:27:23")
	if len(f.Triggers) != 2 || len(f.Policies) != 1 || len(f.Policies[0].Statements) != 4 {
		t.Fatalf("triggers %d policies %+v", len(f.Triggers), f.Policies)
	}
}

// BenchmarkLoadCorpus loads 1,000 .tf files in 100 root modules with local modules.
func BenchmarkLoadCorpus(b *testing.B) {
	dir := b.TempDir()
	srcs := writeCorpus(b, dir, 100)
	before := cpuTime()
	n := 0
	for b.Loop() {
		m := &model.Model{}
		Load(context.Background(), m, srcs, Options{Root: dir})
		if len(m.Projects) != 100 || len(m.Problems) != 0 {
			b.Fatalf("projects %d problems %v", len(m.Projects), m.Problems)
		}
		n++
	}
	// Wall time is unreliable on a shared machine; CPU time is what the budget is about.
	b.ReportMetric(float64((cpuTime()-before).Milliseconds())/float64(n), "cpu-ms/op")
}
