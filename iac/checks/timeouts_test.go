package checks

import (
	"testing"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

func TestFunctionTimeoutUnset(t *testing.T) {
	timeout := func(a model.Attr[int]) func(*model.Function) {
		return func(f *model.Function) { f.TimeoutSeconds = a }
	}
	testRule(t, rules.FunctionTimeoutUnset, []ruleCase{
		{name: "SAM default", want: []string{"10"}, contains: []string{"CloudFormation's default of 3 s", "set Timeout"},
			project: sam(function("Api", 10, timeout(deflt(3, 10))))},
		{name: "serverless default", want: []string{"10"}, contains: []string{"the Serverless Framework's default of 6 s", "set timeout"},
			project: sls(function("api", 10, timeout(deflt(6, 10))))},
		{name: "terraform, left absent by the loader", want: []string{"10"}, contains: []string{"the AWS provider's default of 3 s"},
			project: terraform(function("aws_lambda_function.api", 10, timeout(absent[int](10))))},
		{name: "explicit", project: sam(function("Api", 10))},
		{name: "explicit and equal to the default", project: sam(function("Api", 10, timeout(set(3, 15))))},
		{name: "unresolved", project: sam(function("Api", 10, timeout(unresolved[int](15))))},
	})
}

func TestTaskTimeoutUnset(t *testing.T) {
	machine := func(tasks ...*model.TaskState) *model.StateMachine {
		return &model.StateMachine{Resource: model.Resource{ID: "Checkout", At: at(100)}, DefinitionAt: at(101), Tasks: tasks}
	}
	task := func(name string, line int, resource string, opts ...func(*model.TaskState)) *model.TaskState {
		ts := &model.TaskState{Name: name, At: at(line), Resource: set(resource, line+1),
			TimeoutSeconds: absent[int](line), TimeoutPath: absent[string](line),
			HeartbeatSeconds: absent[int](line), HeartbeatPath: absent[string](line)}
		for _, o := range opts {
			o(ts)
		}
		return ts
	}
	const invoke, callback = "arn:aws:states:::lambda:invoke", "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
	timeout := func(ts *model.TaskState) { ts.TimeoutSeconds = set(60, 112) }
	testRule(t, rules.TaskTimeoutUnset, []ruleCase{
		{name: "task without timeout", want: []string{"110"}, contains: []string{`"Charge"`, "99,999,999"},
			project: sam(machine(task("Charge", 110, invoke)))},
		{name: "callback without heartbeat", want: []string{"110"}, contains: []string{"HeartbeatSeconds"},
			project: sam(machine(task("Approve", 110, callback, timeout)))},
		{name: "callback without either: one finding", want: []string{"110"}, contains: []string{"neither TimeoutSeconds nor HeartbeatSeconds"},
			project: sam(machine(task("Approve", 110, callback)))},
		{name: "tasks at any depth", want: []string{"110", "120"},
			project: sam(machine(task("A", 110, invoke), task("B", 120, invoke), task("C", 130, invoke, timeout)))},
		{name: "timeout", project: sam(machine(task("Charge", 110, invoke, timeout)))},
		{name: "timeout path", project: sam(machine(task("Charge", 110, invoke, func(ts *model.TaskState) { ts.TimeoutPath = set("$.timeout", 112) })))},
		{name: "unresolved timeout", project: terraform(machine(task("Charge", 110, invoke, func(ts *model.TaskState) { ts.TimeoutSeconds = unresolved[int](112) })))},
		{name: "callback with both", project: sam(machine(task("Approve", 110, callback, timeout,
			func(ts *model.TaskState) { ts.HeartbeatPath = set("$.heartbeat", 113) })))},
	})
}

func TestTimeoutExceedsIntegration(t *testing.T) {
	timeout := func(n int) func(*model.Function) { return func(f *model.Function) { f.TimeoutSeconds = set(n, 15) } }
	testRule(t, rules.TimeoutExceedsIntegration, []ruleCase{
		{name: "REST 60 s", want: []string{"15"}, related: []int{30}, contains: []string{"timeout 60 s", "REST API's 29 s integration limit"},
			project: sam(function("Api", 10, timeout(60), trigger(model.TriggerRESTAPI, "", 30)))},
		{name: "HTTP API 31 s", want: []string{"15"}, contains: []string{"30 s"},
			project: sam(function("Api", 10, timeout(31), trigger(model.TriggerHTTPAPI, "", 30)))},
		{name: "the tighter of two APIs", want: []string{"15"}, related: []int{35}, contains: []string{"29 s"},
			project: sam(function("Api", 10, timeout(30), trigger(model.TriggerHTTPAPI, "", 30), trigger(model.TriggerRESTAPI, "", 35)))},
		{name: "route elsewhere integrating it", want: []string{"15"}, related: []int{63},
			project: terraform(function("aws_lambda_function.api", 10, timeout(45)),
				httpAPI("aws_apigatewayv2_api.http", 60, route("GET", "/slow", 63, func(r *model.Route) { r.Function = "aws_lambda_function.api" })))},
		{name: "REST 29 s", project: sam(function("Api", 10, timeout(29), trigger(model.TriggerRESTAPI, "", 30)))},
		{name: "HTTP API 30 s", project: sam(function("Api", 10, timeout(30), trigger(model.TriggerHTTPAPI, "", 30)))},
		{name: "queue worker", project: sam(function("Worker", 10, timeout(300), trigger(model.TriggerSQS, "Jobs", 30)), queue("Jobs", 40))},
		{name: "unresolved timeout", project: sam(function("Api", 10, trigger(model.TriggerRESTAPI, "", 30),
			func(f *model.Function) { f.TimeoutSeconds = unresolved[int](15) }))},
	})
}

func TestVisibilityTimeoutTooShort(t *testing.T) {
	worker := func(timeout model.Attr[int]) *model.Function {
		return function("Worker", 10, trigger(model.TriggerSQS, "Jobs", 30), func(f *model.Function) { f.TimeoutSeconds = timeout })
	}
	visibility := func(a model.Attr[int]) func(*model.Queue) {
		return func(q *model.Queue) { q.VisibilityTimeoutSecs = a }
	}
	testRule(t, rules.VisibilityTimeoutTooShort, []ruleCase{
		{name: "below the timeout: error", want: []string{"41"}, related: []int{15},
			contains: []string{"queue Jobs's visibility timeout (30 s)", "60 s timeout of function Worker", "at least 360 s"},
			project:  sam(worker(set(60, 15)), queue("Jobs", 40, visibility(set(30, 41))))},
		{name: "below 6x: warning", want: []string{"41 warning"}, contains: []string{"6×"},
			project: sam(worker(set(60, 15)), queue("Jobs", 40, visibility(set(120, 41))))},
		{name: "default visibility against serverless default timeout", want: []string{"40 warning"},
			contains: []string{"default visibility timeout (30 s)", "6 s timeout"},
			project:  sls(worker(deflt(6, 10)), queue("Jobs", 40, visibility(deflt(30, 40))))},
		{name: "default visibility against a 45 s timeout", want: []string{"40"},
			project: terraform(worker(set(45, 15)), queue("Jobs", 40, visibility(deflt(30, 40))))},
		{name: "6x", project: sam(worker(set(60, 15)), queue("Jobs", 40, visibility(set(360, 41))))},
		{name: "default visibility against SAM default timeout", project: sam(worker(deflt(3, 10)), queue("Jobs", 40, visibility(deflt(30, 40))))},
		{name: "unresolved visibility", project: sam(worker(set(60, 15)), queue("Jobs", 40, visibility(unresolved[int](41))))},
		{name: "unresolved timeout", project: sam(worker(unresolved[int](15)), queue("Jobs", 40, visibility(set(30, 41))))},
		{name: "queue outside the project", project: sam(worker(set(60, 15)), queue("Other", 40, visibility(set(30, 41))))},
	})
}

func TestTimeoutAtMaximum(t *testing.T) {
	maxTimeout := func(f *model.Function) { f.TimeoutSeconds = set(900, 15) }
	url := func(f *model.Function) {
		f.URLs = []*model.FunctionURL{{At: at(25), AuthType: set("AWS_IAM", 26)}}
	}
	testRule(t, rules.TimeoutAtMaximum, []ruleCase{
		{name: "function URL", want: []string{"15"}, related: []int{25}, contains: []string{"900 s"}, project: sam(function("Report", 10, maxTimeout, url))},
		{name: "load balancer", want: []string{"15"}, related: []int{30}, project: terraform(function("aws_lambda_function.r", 10, maxTimeout, trigger(model.TriggerALB, "", 30)))},
		{name: "REST API is SLS403's", project: sam(function("Report", 10, maxTimeout, trigger(model.TriggerRESTAPI, "", 30)))},
		{name: "queue worker", project: sam(function("Batch", 10, maxTimeout, trigger(model.TriggerSQS, "Jobs", 30)), queue("Jobs", 40))},
		{name: "function URL with 60 s", project: sam(function("Report", 10, url, func(f *model.Function) { f.TimeoutSeconds = set(60, 15) }))},
		{name: "no synchronous caller", project: sam(function("Report", 10, maxTimeout))},
	})
}
