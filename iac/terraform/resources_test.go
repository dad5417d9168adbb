package terraform

import (
	"strings"
	"testing"
)

func TestRegistryLambdaModule(t *testing.T) {
	m := load(t, map[string]string{"main.tf": `
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
module "fn" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"

  function_name                     = "orders"
  handler                           = "bootstrap"
  runtime                           = "provided.al2023"
  architectures                     = ["arm64"]
  memory_size                       = 256
  reserved_concurrent_executions    = 10
  tracing_mode                      = "Active"
  cloudwatch_logs_retention_in_days = 14
  source_path                       = "${path.module}/cmd/orders"
  dead_letter_target_arn            = aws_sqs_queue.jobs.arn
  environment_variables = {
    QUEUE = aws_sqs_queue.jobs.url
  }
  create_lambda_function_url = true
  attach_policy_statements   = true
  policy_statements = {
    sqs = {
      effect    = "Allow"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.jobs.arn]
    }
  }
  event_source_mapping = {
    sqs = {
      event_source_arn        = aws_sqs_queue.jobs.arn
      function_response_types = ["ReportBatchItemFailures"]
      scaling_config          = { maximum_concurrency = 5 }
    }
  }
  allowed_triggers = {
    APIGateway = {
      service    = "apigateway"
      source_arn = "arn:aws:execute-api:eu-west-1:123456789012:abc/*/*"
    }
  }
}
module "defaults" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "plain"
  handler       = "bootstrap"
  runtime       = "provided.al2023"
  use_existing_cloudwatch_log_group = true
}
module "disabled" {
  source          = "terraform-aws-modules/lambda/aws"
  create_function = false
}
resource "aws_lambda_permission" "p" {
  function_name = module.fn.lambda_function_name
  principal     = "sns.amazonaws.com"
}
`, "cmd/orders/main.go": "package main\n"})
	noProblems(t, m)
	p := onlyProject(t, m)
	if len(p.Functions) != 2 {
		t.Fatalf("functions = %d", len(p.Functions))
	}
	f := fnOf(t, p, "module.fn.aws_lambda_function.this[0]")
	check(t, "timeout", show(f.TimeoutSeconds), "3/default@main.tf:5:1")
	check(t, "memory", show(f.MemoryMB), "256/explicit@main.tf:13:39")
	check(t, "concurrency", show(f.ReservedConcurrency), "10/explicit@main.tf:14:39")
	check(t, "arch", show(f.Architecture), "arm64/explicit@main.tf:12:39")
	check(t, "tracing", show(f.Tracing), "Active/explicit@main.tf:15:39")
	check(t, "dlq", show(f.DeadLetterTarget), "/unknown@main.tf:18:39 ref=aws_sqs_queue.jobs")
	check(t, "code dir", show(f.Code.Dir), "cmd/orders/explicit@main.tf:17:39")
	check(t, "log retention", show(f.LogRetentionDays), "14/explicit@main.tf:16:39")
	check(t, "log group", f.LogGroup.Value, "module.fn.aws_cloudwatch_log_group.lambda[0]")
	check(t, "url auth", show(f.URLs[0].AuthType), "NONE/default@main.tf:5:1")
	check(t, "env", f.Environment[0].Name+" "+show(f.Environment[0].Value), "QUEUE /unknown@main.tf:20:13 ref=aws_sqs_queue.jobs")
	var kinds []string
	for _, tr := range f.Triggers {
		kinds = append(kinds, string(tr.Kind))
	}
	check(t, "triggers", strings.Join(kinds, ","), "function-url,sqs")
	sqs := f.Triggers[1]
	check(t, "esm source", show(sqs.Source), "/unknown@main.tf:33:33 ref=aws_sqs_queue.jobs")
	check(t, "esm max concurrency", show(sqs.MaximumConcurrency), "5/explicit@main.tf:35:57")
	check(t, "esm response types", show(sqs.FunctionResponseTypes), "[ReportBatchItemFailures]/explicit@main.tf:34:33")
	check(t, "esm batch", show(sqs.BatchSize), "10/default@main.tf:32:5")
	var actions []string
	for _, pol := range f.Policies {
		for _, st := range pol.Statements {
			for _, a := range st.Actions {
				actions = append(actions, a.Value)
			}
		}
	}
	check(t, "policy actions", strings.Join(actions, ","), "logs:CreateLogGroup,logs:CreateLogStream,logs:PutLogEvents,sqs:SendMessage")
	var perms []string
	for _, pm := range p.Permissions {
		perms = append(perms, pm.Function+" "+show(pm.Principal))
	}
	check(t, "permissions", strings.Join(perms, "\n"), "module.fn.aws_lambda_function.this[0] sns.amazonaws.com/explicit@main.tf:58:19\n"+
		"module.fn.aws_lambda_function.this[0] apigateway.amazonaws.com/explicit@main.tf:40:20")

	d := fnOf(t, p, "module.defaults.aws_lambda_function.this[0]")
	check(t, "default memory", show(d.MemoryMB), "128/default@main.tf:45:1")
	check(t, "default concurrency", show(d.ReservedConcurrency), "0/absent@main.tf:45:1")
	check(t, "default tracing", show(d.Tracing), "PassThrough/default@main.tf:45:1")
	check(t, "existing log group: none in project", show(d.LogRetentionDays), "0/absent@main.tf:45:1")
	if len(d.URLs) > 0 {
		t.Errorf("url without create_lambda_function_url")
	}
}

func TestPolicyDocuments(t *testing.T) {
	m := load(t, map[string]string{
		"main.tf": `
resource "aws_s3_bucket" "b" {
  bucket = "uploads"
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.r.arn
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
data "aws_iam_policy_document" "doc" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
  }
  statement {
    effect      = "Deny"
    not_actions = ["s3:*"]
    resources   = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
resource "aws_iam_role_policy" "doc" {
  role   = aws_iam_role.r.name
  policy = data.aws_iam_policy_document.doc.json
}
resource "aws_iam_role_policy" "encoded" {
  role = aws_iam_role.r.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sqs:*"
      Resource = "*"
    }]
  })
}
resource "aws_iam_role_policy" "heredoc" {
  role   = aws_iam_role.r.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["sns:Publish"],
      "Resource": "${aws_s3_bucket.b.arn}"
    }
  ]
}
EOF
}
resource "aws_iam_policy" "file" {
  policy = file("${path.module}/policy.json")
}
resource "aws_iam_role_policy_attachment" "file" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.file.arn
}
`,
		"policy.json": `{"Statement": [{"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "*"}]}`,
	})
	noProblems(t, m)
	f := fnOf(t, onlyProject(t, m), "aws_lambda_function.fn")
	var got []string
	for _, pol := range f.Policies {
		if pol.ManagedARN.IsSet() {
			got = append(got, "managed "+show(pol.ManagedARN))
		}
		for _, st := range pol.Statements {
			line := pos(st.At) + " " + st.Effect.Value
			for _, a := range st.Actions {
				line += " " + show(a)
			}
			for _, a := range st.NotActions {
				line += " not " + show(a)
			}
			for _, r := range st.Resources {
				line += " | " + show(r)
			}
			if st.HasCondition {
				line += " condition"
			}
			if st.Unknown {
				line += " unknown"
			}
			got = append(got, line)
		}
	}
	check(t, "policies", strings.Join(got, "\n"), strings.Join([]string{
		"managed arn:aws:iam::aws:policy/AdministratorAccess/explicit@main.tf:12:26",
		"main.tf:15:3 Allow s3:PutObject/explicit@main.tf:16:18 | /unknown@main.tf:17:18 ref=aws_s3_bucket.b",
		"main.tf:19:3 Deny not s3:*/explicit@main.tf:21:20 | */explicit@main.tf:22:20 condition",
		"main.tf:38:18 Allow sqs:*/explicit@main.tf:40:18 | */explicit@main.tf:41:18",
		"main.tf:51:5 Allow sns:Publish/explicit@main.tf:53:18 | /unknown@main.tf:54:19 ref=aws_s3_bucket.b",
		"policy.json:1:16 Allow dynamodb:PutItem/explicit@policy.json:1:46 | */explicit@policy.json:1:78",
	}, "\n"))
	if files := onlyProject(t, m).Files; strings.Join(files, ",") != "main.tf,policy.json" {
		t.Errorf("files = %v", files)
	}
}

func TestQueuesTopicsAndTriggers(t *testing.T) {
	m := load(t, map[string]string{"main.tf": `
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "r"
}
resource "aws_sqs_queue" "dlq" {}
resource "aws_sqs_queue" "q" {
  name   = "q"
  redrive_policy = <<EOF
{"deadLetterTargetArn": "${aws_sqs_queue.dlq.arn}", "maxReceiveCount": 4}
EOF
}
resource "aws_sqs_queue" "q2" {
  kms_master_key_id = "alias/aws/sqs"
}
resource "aws_sqs_queue_redrive_policy" "q2" {
  queue_url      = aws_sqs_queue.q2.id
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = "3" })
}
resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.url
  policy    = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn }] })
}
resource "aws_sns_topic" "t" {
  name = "t"
}
resource "aws_sns_topic_subscription" "s" {
  topic_arn = aws_sns_topic.t.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.fn.arn
}
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
resource "aws_s3_bucket_notification" "n" {
  bucket = aws_s3_bucket.b.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.fn.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "in/"
  }
}
resource "aws_cloudwatch_event_rule" "cron" {
  name                = "cron"
  schedule_expression = "rate(5 minutes)"
}
resource "aws_cloudwatch_event_target" "cron" {
  rule = aws_cloudwatch_event_rule.cron.name
  arn  = aws_lambda_function.fn.arn
}
resource "aws_cloudwatch_event_rule" "pattern" {
  event_pattern = jsonencode({ source = ["app"] })
}
resource "aws_cloudwatch_event_target" "pattern" {
  rule = aws_cloudwatch_event_rule.pattern.name
  arn  = aws_lambda_function.fn.arn
}
resource "aws_scheduler_schedule" "s" {
  schedule_expression = "cron(0 1 * * ? *)"
  flexible_time_window { mode = "OFF" }
  target {
    arn      = aws_lambda_function.fn.arn
    role_arn = "r"
  }
}
resource "aws_kinesis_stream" "k" {
  name = "k"
}
resource "aws_lambda_event_source_mapping" "k" {
  event_source_arn  = aws_kinesis_stream.k.arn
  function_name     = aws_lambda_function.fn.function_name
  starting_position = "LATEST"
  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.dlq.arn
    }
  }
}
resource "aws_dynamodb_table" "t" {
  name             = "t"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
}
resource "aws_lambda_event_source_mapping" "d" {
  event_source_arn  = aws_dynamodb_table.t.stream_arn
  function_name     = "fn"
  maximum_retry_attempts = 2
}
resource "aws_lambda_function_event_invoke_config" "c" {
  function_name          = aws_lambda_alias.live.arn
  maximum_retry_attempts = 0
  destination_config {
    on_failure {
      destination = aws_sqs_queue.dlq.arn
    }
  }
}
resource "aws_lambda_alias" "live" {
  name          = "live"
  function_name = aws_lambda_function.fn.function_name
}
resource "aws_lambda_function_url" "u" {
  function_name      = aws_lambda_function.fn.function_name
  authorization_type = "NONE"
  cors {
    allow_origins     = ["*"]
    allow_credentials = true
  }
}
resource "aws_lambda_function_recursion_config" "r" {
  function_name  = aws_lambda_function.fn.function_name
  recursive_loop = "Allow"
}
`})
	noProblems(t, m)
	p := onlyProject(t, m)
	q := p.Queues[1]
	check(t, "heredoc redrive", show(q.RedriveTarget)+" "+show(q.MaxReceiveCount), "/unknown@main.tf:10:25 ref=aws_sqs_queue.dlq 4/explicit@main.tf:10:72")
	check(t, "queue policy", show(q.Policy[0].Principals[0]), "*/explicit@main.tf:22:73")
	check(t, "visibility", show(q.VisibilityTimeoutSecs), "30/default@main.tf:7:1")
	q2 := p.Queues[2]
	check(t, "redrive resource", show(q2.RedriveTarget)+" "+show(q2.MaxReceiveCount), "/unknown@main.tf:18:55 ref=aws_sqs_queue.dlq 3/explicit@main.tf:18:96")
	check(t, "managed sse with kms", show(q2.ManagedSSE), "false/absent@main.tf:13:1")
	f := fnOf(t, p, "aws_lambda_function.fn")
	var trig []string
	for _, tr := range f.Triggers {
		trig = append(trig, string(tr.Kind)+"@"+pos(tr.At)+" src="+tr.Source.Ref)
	}
	check(t, "triggers", strings.Join(trig, "\n"), strings.Join([]string{
		"kinesis@main.tf:69:1 src=aws_kinesis_stream.k",
		"dynamodb@main.tf:85:1 src=aws_dynamodb_table.t",
		"sns@main.tf:27:1 src=aws_sns_topic.t",
		"s3@main.tf:37:3 src=aws_s3_bucket.b",
		"schedule@main.tf:47:1 src=aws_cloudwatch_event_rule.cron",
		"eventbridge@main.tf:54:1 src=aws_cloudwatch_event_rule.pattern",
		"schedule@main.tf:61:3 src=aws_scheduler_schedule.s",
		"function-url@main.tf:103:1 src=aws_lambda_function_url.u",
	}, "\n"))
	k := f.Triggers[0]
	check(t, "kinesis retries", show(k.MaximumRetryAttempts), "-1/default@main.tf:69:1")
	check(t, "kinesis on failure", show(k.OnFailure), "/unknown@main.tf:75:25 ref=aws_sqs_queue.dlq")
	check(t, "dynamodb retries", show(f.Triggers[1].MaximumRetryAttempts), "2/explicit@main.tf:88:28")
	check(t, "s3 prefix", show(f.Triggers[3].FilterPrefix)+" "+show(f.Triggers[3].FilterSuffix), "in//explicit@main.tf:40:27 /absent@main.tf:37:3")
	check(t, "async retries", show(f.AsyncMaxRetries), "0/explicit@main.tf:92:28")
	check(t, "on failure", show(f.OnFailure), "/unknown@main.tf:95:21 ref=aws_sqs_queue.dlq")
	check(t, "alias", show(f.Alias), "live/explicit@main.tf:100:19")
	check(t, "url", show(f.URLs[0].AuthType)+" "+show(f.URLs[0].CORS.AllowOrigins)+" "+show(f.URLs[0].CORS.AllowCredentials), "NONE/explicit@main.tf:105:24 [*]/explicit@main.tf:107:25 true/explicit@main.tf:108:25")
	check(t, "recursion", show(f.RecursiveLoop), "Allow/explicit@main.tf:113:20")
	check(t, "table", show(p.Tables[0].HashKey)+" "+show(p.Tables[0].StreamView), "pk/explicit@main.tf:81:22 NEW_IMAGE/explicit@main.tf:83:22")
	var rules []string
	for _, r := range p.Rules {
		rules = append(rules, r.ID+" "+show(r.Schedule)+" "+show(r.EventPattern))
	}
	check(t, "rules", strings.Join(rules, "\n"), strings.Join([]string{
		"aws_cloudwatch_event_rule.cron rate(5 minutes)/explicit@main.tf:45:25 /absent@main.tf:43:1",
		`aws_cloudwatch_event_rule.pattern /absent@main.tf:51:1 {"source":["app"]}/explicit@main.tf:52:19`,
		"aws_scheduler_schedule.s cron(0 1 * * ? *)/explicit@main.tf:59:25 /absent@main.tf:58:1",
	}, "\n"))
}
