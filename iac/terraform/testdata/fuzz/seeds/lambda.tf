variable "env" { default = "dev" }
locals {
  name = "svc-${var.env}"
  fns  = { a = 1, b = 2 }
}
module "m" {
  source   = "./modules/m"
  for_each = local.fns
  x        = "${local.name}-${each.key}"
}
module "reg" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = local.name
  event_source_mapping = { q = { event_source_arn = aws_sqs_queue.q.arn } }
}
resource "aws_sqs_queue" "q" {
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.q.arn, maxReceiveCount = 3 })
}
resource "aws_lambda_function" "f" {
  count         = 2
  function_name = "${local.name}-${count.index}"
  role          = "r"
  dynamic "environment" {
    for_each = [1]
    content { variables = { A = module.m["a"].o } }
  }
}
resource "aws_iam_role_policy" "p" {
  role   = "r"
  policy = file("policy.json")
}
resource "aws_sfn_state_machine" "s" {
  definition = <<EOF
{"StartAt": "x", "States": {"x": {"Type": "Task", "Resource": "${aws_lambda_function.f[0].arn}"}}}
EOF
}
