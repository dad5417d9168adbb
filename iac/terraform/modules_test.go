package terraform

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

var lambdaModule = map[string]string{
	"modules/fn/main.tf": `
variable "name" {}
variable "timeout" { default = 3 }
variable "queue_arn" { default = null }
resource "aws_lambda_function" "this" {
  function_name = var.name
  role          = aws_iam_role.this.arn
  timeout       = var.timeout
  runtime       = "provided.al2023"
  handler       = "bootstrap"
}
resource "aws_iam_role" "this" {
  name               = "${var.name}-role"
  assume_role_policy = "{}"
}
resource "aws_lambda_event_source_mapping" "this" {
  count            = var.queue_arn == null ? 0 : 1
  event_source_arn = var.queue_arn
  function_name    = aws_lambda_function.this.arn
}
output "function_name" { value = aws_lambda_function.this.function_name }
output "arn" { value = aws_lambda_function.this.arn }
`,
}

func TestLocalModules(t *testing.T) {
	files := map[string]string{
		"envs/prod/main.tf": `
module "api" {
  source  = "../../modules/fn"
  name    = "api"
  timeout = 29
}
module "workers" {
  source    = "../../modules/fn"
  for_each  = toset(["a", "b"])
  name      = "worker-${each.key}"
  queue_arn = aws_sqs_queue.q.arn
}
resource "aws_sqs_queue" "q" {
  name = "jobs"
}
resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name  = "api-errors"
  namespace   = "AWS/Lambda"
  metric_name = "Errors"
  dimensions  = { FunctionName = module.api.function_name }
}
resource "aws_lambda_permission" "p" {
  function_name = module.api.arn
  principal     = "apigateway.amazonaws.com"
}
`,
	}
	for k, v := range lambdaModule {
		files[k] = v
	}
	m := load(t, files)
	noProblems(t, m)
	p := onlyProject(t, m)
	check(t, "project", p.Path+" "+pos(p.At), "envs/prod envs/prod/main.tf:1:1")
	check(t, "files", strings.Join(p.Files, ","), "envs/prod/main.tf,modules/fn/main.tf")
	var ids []string
	for _, f := range p.Functions {
		ids = append(ids, f.ID)
	}
	check(t, "functions", strings.Join(ids, " "), `module.api.aws_lambda_function.this module.workers["a"].aws_lambda_function.this module.workers["b"].aws_lambda_function.this`)
	api := fnOf(t, p, "module.api.aws_lambda_function.this")
	check(t, "api timeout", show(api.TimeoutSeconds), "29/explicit@modules/fn/main.tf:8:19")
	check(t, "api role", show(api.Role), "module.api.aws_iam_role.this/explicit@modules/fn/main.tf:7:19 ref=module.api.aws_iam_role.this")
	w := fnOf(t, p, `module.workers["b"].aws_lambda_function.this`)
	check(t, "worker name", show(w.Name), "worker-b/explicit@modules/fn/main.tf:6:19")
	if len(w.Triggers) != 1 || w.Triggers[0].Kind != model.TriggerSQS || w.Triggers[0].Source.Ref != "aws_sqs_queue.q" {
		t.Fatalf("worker triggers = %+v", w.Triggers)
	}
	check(t, "trigger at", pos(w.Triggers[0].At)+" "+w.Triggers[0].Name, `modules/fn/main.tf:16:1 module.workers["b"].aws_lambda_event_source_mapping.this[0]`)
	if len(api.Triggers) != 0 {
		t.Errorf("api triggers = %+v", api.Triggers)
	}
	check(t, "alarm", p.Alarms[0].Function, "module.api.aws_lambda_function.this")
	check(t, "permission", p.Permissions[0].Function, "module.api.aws_lambda_function.this")
}

func TestRootModuleGrouping(t *testing.T) {
	files := map[string]string{
		"main.tf":             "module \"a\" {\n  source = \"./modules/a\"\n}\n",
		"modules/a/main.tf":   "module \"b\" {\n  source = \"../b\"\n}\n",
		"modules/b/main.tf":   "resource \"aws_sqs_queue\" \"q\" {}\n",
		"examples/x/main.tf":  "module \"b\" {\n  source = \"../../modules/b\"\n}\n",
		"cycle/one/main.tf":   "module \"two\" {\n  source = \"../two\"\n}\n",
		"cycle/two/main.tf":   "module \"one\" {\n  source = \"../one\"\n}\n",
		"standalone/main.tf":  "resource \"aws_sns_topic\" \"t\" {}\n",
		"standalone/x.tfvars": "a = 1\n",
	}
	m := load(t, files)
	var paths []string
	for _, p := range m.Projects {
		paths = append(paths, p.Path+":"+itoa(len(p.Queues)))
	}
	check(t, "roots", strings.Join(paths, " "), ".:1 cycle/one:0 examples/x:1 standalone:0")
	if len(m.Problems) != 1 || !strings.Contains(m.Problems[0].Message, "instantiates itself") {
		t.Fatalf("problems = %v", m.Problems)
	}
	check(t, "cycle at", pos(m.Problems[0].Range), "cycle/two/main.tf:1:1")
}

func TestModuleDepthAndMissingSource(t *testing.T) {
	files := map[string]string{
		"main.tf": `
module "missing" {
  source = "./nowhere"
}
module "remote" {
  source = "terraform-aws-modules/sqs/aws"
}
resource "aws_lambda_function" "fn" {
  function_name = module.remote.queue_name
  role          = "r"
  timeout       = module.missing.timeout
}
`,
	}
	m := load(t, files)
	p := onlyProject(t, m)
	f := fnOf(t, p, "aws_lambda_function.fn")
	check(t, "name", show(f.Name), "/unknown@main.tf:9:19")
	check(t, "timeout", show(f.TimeoutSeconds), "0/unknown@main.tf:11:19")
	if len(m.Problems) != 1 || !strings.Contains(m.Problems[0].Message, "has no .tf files") {
		t.Fatalf("problems = %v", m.Problems)
	}
}
