package terraform

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

const lambdaTF = `resource "aws_lambda_function" "fn" {
  function_name = var.name
  role          = "arn:aws:iam::123456789012:role/x"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  timeout       = var.timeout
}
`

func TestVariablePrecedence(t *testing.T) {
	vars := `variable "name" {
  default = "from-default"
}
variable "timeout" {
  type = number
}
`
	tests := []struct {
		name        string
		files       map[string]string
		varFiles    []string
		wantName    string
		wantTimeout string
	}{
		{
			name:        "defaults, no value is unknown",
			files:       map[string]string{},
			wantName:    "from-default/explicit@main.tf:2:19",
			wantTimeout: "0/unknown@main.tf:6:19",
		},
		{
			name:        "terraform.tfvars",
			files:       map[string]string{"terraform.tfvars": "name = \"tfvars\"\ntimeout = 10\n"},
			wantName:    "tfvars/explicit@main.tf:2:19",
			wantTimeout: "10/explicit@main.tf:6:19",
		},
		{
			name: "json beats tfvars, auto files beat both in lexical order",
			files: map[string]string{
				"terraform.tfvars":      "name = \"tfvars\"\ntimeout = 10\n",
				"terraform.tfvars.json": `{"name": "json", "timeout": 11}`,
				"b.auto.tfvars":         "timeout = 13\n",
				"a.auto.tfvars":         "timeout = 12\nname = \"auto-a\"\n",
			},
			wantName:    "auto-a/explicit@main.tf:2:19",
			wantTimeout: "13/explicit@main.tf:6:19",
		},
		{
			name: "var files beat everything, later ones win; other tfvars are not auto-loaded",
			files: map[string]string{
				"a.auto.tfvars":      "timeout = 12\n",
				"prod.tfvars":        "timeout = 99\n",
				"envs/one.tfvars":    "timeout = 20\nname = \"one\"\n",
				"envs/two.tfvars":    "timeout = 21\n",
				"envs/unused.tfvars": "timeout = 22\n",
			},
			varFiles:    []string{"envs/one.tfvars", "envs/two.tfvars"},
			wantName:    "one/explicit@main.tf:2:19",
			wantTimeout: "21/explicit@main.tf:6:19",
		},
		{
			name:        "a string value converts to the declared number type",
			files:       map[string]string{"terraform.tfvars": "timeout = \"15\"\n"},
			wantName:    "from-default/explicit@main.tf:2:19",
			wantTimeout: "15/explicit@main.tf:6:19",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"main.tf": lambdaTF, "variables.tf": vars}
			for k, v := range tt.files {
				files[k] = v
			}
			m := load(t, files, tt.varFiles...)
			noProblems(t, m)
			f := fnOf(t, onlyProject(t, m), "aws_lambda_function.fn")
			check(t, "name", show(f.Name), tt.wantName)
			check(t, "timeout", show(f.TimeoutSeconds), tt.wantTimeout)
		})
	}
}

func TestSensitiveVariableIsSecret(t *testing.T) {
	m := load(t, map[string]string{"main.tf": `
variable "db_password" {
  type      = string
  sensitive = true
  default   = "hunter2"
}
variable "api_key" {
  sensitive = true
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "r"
  environment {
    variables = {
      DB_PASSWORD = var.db_password
      API_KEY     = "key-${var.api_key}"
      PLAIN       = "literal"
    }
  }
}
`})
	noProblems(t, m)
	f := fnOf(t, onlyProject(t, m), "aws_lambda_function.fn")
	got := map[string]string{}
	for _, e := range f.Environment {
		got[e.Name] = show(e.Value)
	}
	check(t, "DB_PASSWORD", got["DB_PASSWORD"], "hunter2/explicit@main.tf:15:21 secret")
	check(t, "API_KEY", got["API_KEY"], "/unknown@main.tf:16:21 secret")
	check(t, "PLAIN", got["PLAIN"], "literal/explicit@main.tf:17:21")
}

func TestLocals(t *testing.T) {
	m := load(t, map[string]string{"main.tf": `
variable "stage" { default = "prod" }
locals {
  prefix   = "${var.stage}-svc"
  settings = { timeout = local.is_prod ? 60 : 10, memory = 512 }
  is_prod  = var.stage == "prod"
  names    = [for n in ["a", "b"] : "${local.prefix}-${n}"]
}
resource "aws_lambda_function" "fn" {
  function_name = local.names[1]
  role          = "r"
  timeout       = local.settings.timeout
  memory_size   = lookup(local.settings, "memory", 128)
}
`})
	noProblems(t, m)
	f := fnOf(t, onlyProject(t, m), "aws_lambda_function.fn")
	check(t, "name", show(f.Name), "prod-svc-b/explicit@main.tf:10:19")
	check(t, "timeout", show(f.TimeoutSeconds), "60/explicit@main.tf:12:19")
	check(t, "memory", show(f.MemoryMB), "512/explicit@main.tf:13:19")
}

func TestLocalCycleIsAProblem(t *testing.T) {
	m := load(t, map[string]string{"main.tf": `
locals {
  a = local.b
  b = "${local.c}-x"
  c = local.a
  ok = "fine"
}
resource "aws_lambda_function" "fn" {
  function_name = local.ok
  role          = "r"
  timeout       = local.a
}
`})
	p := onlyProject(t, m)
	f := fnOf(t, p, "aws_lambda_function.fn")
	check(t, "name", show(f.Name), "fine/explicit@main.tf:9:19")
	check(t, "timeout", show(f.TimeoutSeconds), "0/unknown@main.tf:11:19")
	if len(m.Problems) != 1 || !strings.Contains(m.Problems[0].Message, "reference cycle: local.a → local.b → local.c → local.a") {
		t.Fatalf("problems = %v", m.Problems)
	}
	check(t, "cycle position", pos(m.Problems[0].Range), "main.tf:3:3")
}

func TestCountAndForEach(t *testing.T) {
	m := load(t, map[string]string{"main.tf": `
variable "unknown" {}
variable "enabled" { default = false }
locals {
  fns = { orders = 30, billing = 60 }
}
resource "aws_lambda_function" "counted" {
  count         = 2
  function_name = "counted-${count.index}"
  role          = "r"
}
resource "aws_lambda_function" "each" {
  for_each      = local.fns
  function_name = each.key
  role          = "r"
  timeout       = each.value
}
resource "aws_lambda_function" "set" {
  for_each      = toset(["x"])
  function_name = "set-${each.value}"
  role          = "r"
}
resource "aws_lambda_function" "off" {
  count         = var.enabled ? 1 : 0
  function_name = "off"
  role          = "r"
}
resource "aws_lambda_function" "maybe" {
  count         = var.unknown ? 1 : 0
  function_name = "maybe-${count.index}"
  role          = "r"
  timeout       = 20
}
resource "aws_cloudwatch_log_group" "each" {
  for_each          = aws_lambda_function.each
  name              = "/aws/lambda/${each.value.function_name}"
  retention_in_days = 7
}
`})
	noProblems(t, m)
	p := onlyProject(t, m)
	var ids []string
	for _, f := range p.Functions {
		ids = append(ids, f.ID+"="+show(f.Name))
	}
	check(t, "functions", strings.Join(ids, "\n"), strings.Join([]string{
		`aws_lambda_function.counted[0]=counted-0/explicit@main.tf:9:19`,
		`aws_lambda_function.counted[1]=counted-1/explicit@main.tf:9:19`,
		`aws_lambda_function.each["billing"]=billing/explicit@main.tf:14:19`,
		`aws_lambda_function.each["orders"]=orders/explicit@main.tf:14:19`,
		`aws_lambda_function.set["x"]=set-x/explicit@main.tf:20:19`,
		`aws_lambda_function.maybe=/unknown@main.tf:30:19`,
	}, "\n"))
	check(t, "each timeout", show(fnOf(t, p, `aws_lambda_function.each["billing"]`).TimeoutSeconds), "60/explicit@main.tf:16:19")
	check(t, "unknown-count timeout", show(fnOf(t, p, "aws_lambda_function.maybe").TimeoutSeconds), "20/explicit@main.tf:32:19")
	check(t, "log group of for_each over resources", show(fnOf(t, p, `aws_lambda_function.each["orders"]`).LogRetentionDays), "7/explicit@main.tf:37:23")
}

func TestDynamicBlocks(t *testing.T) {
	m := load(t, map[string]string{"main.tf": `
variable "tracing" { default = "Active" }
variable "dlq" { default = null }
variable "env" {
  default = { A = "1", B = "2" }
}
variable "unknown_mode" {}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "r"
  dynamic "tracing_config" {
    for_each = var.tracing == null ? [] : [var.tracing]
    content {
      mode = tracing_config.value
    }
  }
  dynamic "dead_letter_config" {
    for_each = var.dlq == null ? [] : [true]
    content {
      target_arn = var.dlq
    }
  }
  dynamic "environment" {
    for_each = length(var.env) > 0 ? [var.env] : []
    iterator = e
    content {
      variables = e.value
    }
  }
}
resource "aws_lambda_function" "unknown" {
  function_name = "unknown"
  role          = "r"
  dynamic "tracing_config" {
    for_each = var.unknown_mode == "" ? [] : [1]
    content {
      mode = "Active"
    }
  }
}
`})
	noProblems(t, m)
	p := onlyProject(t, m)
	f := fnOf(t, p, "aws_lambda_function.fn")
	check(t, "tracing", show(f.Tracing), "Active/explicit@main.tf:14:14")
	check(t, "dlq", show(f.DeadLetterTarget), "/absent@main.tf:8:1")
	if len(f.Environment) != 2 || f.Environment[0].Name != "A" || f.Environment[1].Value.Value != "2" {
		t.Errorf("environment = %+v", f.Environment)
	}
	// an unknown for_each yields one block: its content is still read
	check(t, "unknown dynamic", show(fnOf(t, p, "aws_lambda_function.unknown").Tracing), "Active/explicit@main.tf:37:14")
}

func TestReferencesCarryRef(t *testing.T) {
	m := load(t, map[string]string{"main.tf": `
resource "aws_sqs_queue" "q" {
  name = "orders"
}
resource "aws_s3_bucket" "b" {
  bucket = "uploads"
}
locals {
  urls = { QUEUE = aws_sqs_queue.q.url }
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "r"
  environment {
    variables = merge(local.urls, {
      QUEUE_ARN   = "${aws_sqs_queue.q.arn}"
      QUEUE_NAME  = aws_sqs_queue.q.name
      BUCKET_PATH = "${aws_s3_bucket.b.bucket}/in"
      FIRST       = [aws_sqs_queue.q.arn][0]
      JOINED      = join(",", [aws_sqs_queue.q.arn])
      BOTH        = "${aws_sqs_queue.q.arn}${aws_s3_bucket.b.arn}"
    })
  }
}
`})
	noProblems(t, m)
	f := fnOf(t, onlyProject(t, m), "aws_lambda_function.fn")
	got := map[string]string{}
	for _, e := range f.Environment {
		got[e.Name] = show(e.Value)
	}
	want := map[string]string{
		"QUEUE":       "/unknown@main.tf:9:20 ref=aws_sqs_queue.q",
		"QUEUE_ARN":   "/unknown@main.tf:16:21 ref=aws_sqs_queue.q",
		"QUEUE_NAME":  "orders/explicit@main.tf:17:21 ref=aws_sqs_queue.q",
		"BUCKET_PATH": "uploads/in/explicit@main.tf:18:21 ref=aws_s3_bucket.b",
		"FIRST":       "/unknown@main.tf:19:21 ref=aws_sqs_queue.q",
		"JOINED":      "/unknown@main.tf:20:21 ref=aws_sqs_queue.q",
		"BOTH":        "/unknown@main.tf:21:21",
	}
	for k, w := range want {
		check(t, k, got[k], w)
	}
}

func TestUnknownMergeMakesEnvironmentUnknown(t *testing.T) {
	m := load(t, map[string]string{"main.tf": `
variable "extra" { type = map(string) }
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "r"
  environment {
    variables = merge(var.extra, { A = "1" })
  }
}
`})
	f := fnOf(t, onlyProject(t, m), "aws_lambda_function.fn")
	if !f.EnvironmentUnknown || len(f.Environment) != 1 || f.Environment[0].Name != "A" {
		t.Errorf("environment = %+v unknown=%v", f.Environment, f.EnvironmentUnknown)
	}
}

var _ = model.Absent
