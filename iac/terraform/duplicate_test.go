package terraform

import (
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// TestDuplicateResource (issue 10, item 9): a resource defined twice in one module is an
// SLS000 at the second definition; the first is kept with every relation: its triggers,
// its role, references to it. The same holds for a data source and a module call, and in
// a local module.
func TestDuplicateResource(t *testing.T) {
	files := map[string]string{
		"a_function.tf": `
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.worker.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "worker.zip"
  timeout       = 30
}
`,
		"b_wiring.tf": `
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.function_name
}
resource "aws_iam_role" "worker" {
  name = "worker"
}
module "inner" {
  source = "./inner"
}
`,
		"c_copy.tf": `
resource "aws_lambda_function" "worker" {
  function_name = "worker-copy"
  role          = "arn:aws:iam::123456789012:role/other"
  timeout       = 900
}
module "inner" {
  source = "./other"
}
`,
		"inner/main.tf": `
resource "aws_sns_topic" "t" {
  name = "first"
}
resource "aws_sns_topic" "t" {
  name = "second"
}
`,
	}
	m := load(t, files)
	p := onlyProject(t, m)
	f := fnOf(t, p, "aws_lambda_function.worker")
	check(t, "kept", pos(f.At), "a_function.tf:2:1")
	check(t, "name", show(f.Name), "worker/explicit@a_function.tf:3:19")
	check(t, "timeout", show(f.TimeoutSeconds), "30/explicit@a_function.tf:8:19")
	check(t, "role", f.Role.Ref, "aws_iam_role.worker")
	if len(f.Triggers) != 1 || f.Triggers[0].Kind != model.TriggerSQS || f.Triggers[0].Source.Ref != "aws_sqs_queue.jobs" {
		t.Errorf("triggers = %+v, want the SQS mapping of the first definition", f.Triggers)
	}
	if len(p.Functions) != 1 {
		t.Errorf("functions = %d, want 1", len(p.Functions))
	}
	if len(p.Topics) != 1 || p.Topics[0].Name.Value != "first" {
		t.Errorf("topics = %+v, want the first definition in the module", p.Topics)
	}
	want := map[string]string{
		"c_copy.tf:2:1":     "duplicate resource aws_lambda_function.worker",
		"c_copy.tf:7:1":     "duplicate module inner",
		"inner/main.tf:5:1": "duplicate resource aws_sns_topic.t",
	}
	got := map[string]string{}
	for _, pr := range m.Problems {
		got[pos(pr.Range)] = pr.Message
	}
	if len(got) != len(want) {
		t.Errorf("problems = %v, want %v", got, want)
	}
	for at, msg := range want {
		if got[at] != msg {
			t.Errorf("problem at %s = %q, want %q", at, got[at], msg)
		}
	}
}
