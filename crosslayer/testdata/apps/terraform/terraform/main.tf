# Cross-layer test app (Terraform). Each mistake sits next to its consistent twin.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

resource "aws_iam_role" "fn" {
  name = "xlapp"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_sqs_queue" "in" { name = "in" }
resource "aws_sqs_queue" "in2" { name = "in2" }
resource "aws_sqs_queue" "out" { name = "out" }
resource "aws_sqs_queue" "plain" { name = "plain" }

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

data "archive_file" "orders" {
  type        = "zip"
  source_file = "${path.module}/../bin/orders/bootstrap"
  output_path = "${path.module}/build/orders.zip"
}

# Forwards to the queue that triggers it, reports failures the trigger ignores, lacks
# TABLE, sets a variable nobody reads, and 10 records × 5 s outlast its 30 s.
resource "aws_lambda_function" "orders_bad" {
  function_name    = "orders-bad"
  role             = aws_iam_role.fn.arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = ["arm64"]
  filename         = data.archive_file.orders.output_path
  source_code_hash = data.archive_file.orders.output_base64sha256
  memory_size      = 512
  timeout          = 30
  environment {
    variables = {
      OUT_QUEUE_URL = aws_sqs_queue.in.url
      EXTRA_SETTING = "on"
    }
  }
}

resource "aws_lambda_event_source_mapping" "orders_bad" {
  event_source_arn = aws_sqs_queue.in.arn
  function_name    = aws_lambda_function.orders_bad.arn
  batch_size       = 10
}

resource "aws_lambda_function" "orders_good" {
  function_name    = "orders-good"
  role             = aws_iam_role.fn.arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = ["arm64"]
  filename         = data.archive_file.orders.output_path
  source_code_hash = data.archive_file.orders.output_base64sha256
  memory_size      = 512
  timeout          = 30
  environment {
    variables = {
      OUT_QUEUE_URL = aws_sqs_queue.out.url
      TABLE         = aws_dynamodb_table.orders.name
    }
  }
}

resource "aws_lambda_event_source_mapping" "orders_good" {
  event_source_arn        = aws_sqs_queue.in2.arn
  function_name           = aws_lambda_function.orders_good.arn
  batch_size              = 5
  function_response_types = ["ReportBatchItemFailures"]
}

# The trigger expects a batch response; the handler returns only an error.
module "plain_bad" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "plain-bad"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  architectures = ["arm64"]
  memory_size   = 512
  timeout       = 10
  source_path   = "${path.module}/../cmd/plain"
  event_source_mapping = {
    plain = {
      event_source_arn        = aws_sqs_queue.plain.arn
      batch_size              = 10
      function_response_types = ["ReportBatchItemFailures"]
    }
  }
}

resource "aws_lambda_function" "plain_good" {
  function_name = "plain-good"
  role          = aws_iam_role.fn.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  architectures = ["arm64"]
  filename      = "${path.module}/../build/plain.zip"
  memory_size   = 512
  timeout       = 10
}

resource "aws_lambda_event_source_mapping" "plain_good" {
  event_source_arn = aws_sqs_queue.plain.arn
  function_name    = aws_lambda_function.plain_good.arn
  batch_size       = 10
}

# An HTTP API integration defaults to payload format 1.0; the handler takes a 2.0 request.
resource "aws_apigatewayv2_api" "http" {
  name          = "xlapp"
  protocol_type = "HTTP"
}

resource "aws_lambda_function" "api_bad" {
  function_name = "api-bad"
  role          = aws_iam_role.fn.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  architectures = ["arm64"]
  filename      = "${path.module}/../build/api.zip"
  memory_size   = 512
  timeout       = 10
}

resource "aws_apigatewayv2_integration" "api_bad" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.api_bad.invoke_arn
}

resource "aws_apigatewayv2_route" "api_bad" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /v1/hello"
  target    = "integrations/${aws_apigatewayv2_integration.api_bad.id}"
}

resource "aws_lambda_function" "api_good" {
  function_name = "api-good"
  role          = aws_iam_role.fn.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  architectures = ["arm64"]
  filename      = "${path.module}/../build/api.zip"
  memory_size   = 512
  timeout       = 10
}

resource "aws_apigatewayv2_integration" "api_good" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.api_good.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "api_good" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /v2/hello"
  target    = "integrations/${aws_apigatewayv2_integration.api_good.id}"
}

# Blocks at start-up on 128 MB; its HTTP client waits 20 s in a 10 s function.
data "archive_file" "report" {
  type        = "zip"
  source_file = "${path.module}/../bin/report/bootstrap"
  output_path = "${path.module}/build/report.zip"
}

resource "aws_lambda_function" "report_bad" {
  function_name    = "report-bad"
  role             = aws_iam_role.fn.arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = ["arm64"]
  filename         = data.archive_file.report.output_path
  source_code_hash = data.archive_file.report.output_base64sha256
  memory_size      = 128
  timeout          = 10
  environment {
    variables = { REPORT_URL = "https://reports.example.com" }
  }
}

resource "aws_lambda_function" "report_good" {
  function_name    = "report-good"
  role             = aws_iam_role.fn.arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = ["arm64"]
  filename         = data.archive_file.report.output_path
  source_code_hash = data.archive_file.report.output_base64sha256
  memory_size      = 1024
  timeout          = 60
  environment {
    variables = { REPORT_URL = "https://reports.example.com" }
  }
}

resource "aws_cloudwatch_event_rule" "hourly" {
  name                = "hourly"
  schedule_expression = "rate(1 hour)"
}

resource "aws_cloudwatch_event_target" "report_bad" {
  rule = aws_cloudwatch_event_rule.hourly.name
  arn  = aws_lambda_function.report_bad.arn
}

resource "aws_cloudwatch_event_target" "report_good" {
  rule = aws_cloudwatch_event_rule.hourly.name
  arn  = aws_lambda_function.report_good.arn
}

# Deployed from a zip no build file writes: linked to cmd/report by name only, so not checked.
resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = aws_iam_role.fn.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  architectures = ["arm64"]
  filename      = "${path.module}/report.zip"
  memory_size   = 128
  timeout       = 10
}

# dist/ holds every command's binary: which one this function runs is not known.
data "archive_file" "dist" {
  type        = "zip"
  source_dir  = "${path.module}/../dist"
  output_path = "${path.module}/build/dist.zip"
}

resource "aws_lambda_function" "everything" {
  function_name    = "everything"
  role             = aws_iam_role.fn.arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = ["arm64"]
  filename         = data.archive_file.dist.output_path
  source_code_hash = data.archive_file.dist.output_base64sha256
  memory_size      = 128
  timeout          = 10
}
