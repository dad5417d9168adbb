package checks

import (
	"fmt"
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

// Limits from AWS's documentation.
const (
	// restIntegrationLimit is API Gateway REST APIs' default maximum integration timeout.
	restIntegrationLimit = 29
	// httpIntegrationLimit is API Gateway HTTP APIs' maximum integration timeout.
	httpIntegrationLimit = 30
	// maxFunctionTimeout is Lambda's maximum function timeout.
	maxFunctionTimeout = 900
	// visibilityFactor is AWS's recommended ratio of an SQS event source's visibility
	// timeout to the function timeout.
	visibilityFactor = 6
)

// defaultTimeout is the provider's default timeout for a function: 6 s for a Serverless
// Framework function, 3 s for CloudFormation (also under a service's resources:) and
// Terraform.
func defaultTimeout(p *model.Project, f *model.Function) int {
	if p.Format == model.Serverless && !strings.HasPrefix(f.Type, "AWS::") {
		return 6
	}
	return 3
}

// SLS401: a function that relies on the provider's default timeout.
func checkFunctionTimeout(ps *pass) {
	for _, f := range ps.functions() {
		t := f.TimeoutSeconds
		if t.Origin != model.Default && t.Origin != model.Absent {
			continue
		}
		def := defaultTimeout(ps.project, f)
		if t.Origin == model.Default && t.Value > 0 {
			def = t.Value
		}
		provider := "CloudFormation's"
		switch {
		case strings.HasPrefix(f.Type, "AWS::"):
		case ps.project.Format == model.Terraform, ps.project.Format == model.TerraformVars:
			provider = "the AWS provider's"
		case ps.project.Format == model.Serverless:
			provider = "the Serverless Framework's"
		}
		ps.report(rules.FunctionTimeoutUnset, where(t, f.At), fmt.Sprintf(
			"function %s sets no timeout and gets %s default of %s\nthat default is rarely what the work needs: too short and it fails "+
				"under load, and nobody decided what a slow dependency may cost; set %s explicitly.",
			f.ID, provider, seconds(def), settingTimeout.of(ps.project, f.Type)))
	}
}

// SLS402: Step Functions Task states without a timeout, or waiting for a task token without
// a heartbeat.
func checkTaskTimeouts(ps *pass) {
	for _, sm := range ps.project.StateMachines {
		if sm == nil {
			continue
		}
		for _, task := range sm.Tasks {
			if task == nil {
				continue
			}
			noTimeout := !task.TimeoutSeconds.IsSet() && !task.TimeoutPath.IsSet()
			noHeartbeat := task.WaitsForTaskToken() && !task.HeartbeatSeconds.IsSet() && !task.HeartbeatPath.IsSet()
			at := task.At
			if at.IsZero() {
				at = sm.DefinitionAt
			}
			switch {
			case noTimeout && noHeartbeat:
				ps.report(rules.TaskTimeoutUnset, at, fmt.Sprintf(
					"Task state %q of state machine %s waits for a task token with neither TimeoutSeconds nor HeartbeatSeconds\n"+
						"a lost token leaves the execution waiting for up to a year (99,999,999 s by default); set both.",
					task.Name, sm.ID))
			case noTimeout && ps.boundedByFunction(task):
				f, _ := ps.project.Function(task.Function)
				ps.reportLevel(rules.TaskTimeoutUnset, rules.Note, at, fmt.Sprintf(
					"Task state %q of state machine %s has no TimeoutSeconds, but it invokes function %s synchronously, whose "+
						"timeout (%s) ends each attempt\nthe task cannot hang on the call; set TimeoutSeconds only to bound it "+
						"with its retries, or to fail it sooner.",
					task.Name, sm.ID, f.ID, seconds(f.TimeoutSeconds.Value)),
					Related{At: where(f.TimeoutSeconds, f.At), Message: fmt.Sprintf("function %s has timeout %s", f.ID, seconds(f.TimeoutSeconds.Value))})
			case noTimeout:
				ps.report(rules.TaskTimeoutUnset, at, fmt.Sprintf(
					"Task state %q of state machine %s has no TimeoutSeconds\nStep Functions' default is 99,999,999 s, so a hung "+
						"call keeps the execution open (and a Standard workflow for up to a year); set TimeoutSeconds or TimeoutSecondsPath.",
					task.Name, sm.ID))
			case noHeartbeat:
				ps.report(rules.TaskTimeoutUnset, at, fmt.Sprintf(
					"Task state %q of state machine %s waits for a task token without HeartbeatSeconds\na worker that dies "+
						"holding the token is only noticed when the task times out; set HeartbeatSeconds or HeartbeatSecondsPath.",
					task.Name, sm.ID))
			}
		}
	}
}

// boundedByFunction reports whether a task invokes a function of the project synchronously
// (lambda:invoke without .waitForTaskToken, or the function's ARN as the resource) and
// that function's timeout is known: Lambda ends the call at that timeout, so the task
// cannot wait forever.
func (ps *pass) boundedByFunction(task *model.TaskState) bool {
	if task.Function == "" || task.WaitsForTaskToken() {
		return false
	}
	f, ok := ps.project.Function(task.Function)
	return ok && f != nil && f.TimeoutSeconds.Known() && f.TimeoutSeconds.Value > 0
}

// apiFront is an API Gateway integration in front of a function.
type apiFront struct {
	limit int
	what  string
	at    model.Range
}

// apiFronts lists the API Gateway REST and HTTP APIs that invoke f, from its triggers and
// from routes elsewhere in the project that integrate it.
func (ps *pass) apiFronts(f *model.Function) []apiFront {
	var out []apiFront
	seen := map[*model.Route]bool{}
	for _, t := range triggers(f) {
		switch t.Kind {
		case model.TriggerRESTAPI:
			out = append(out, apiFront{restIntegrationLimit, "REST API", t.At})
		case model.TriggerHTTPAPI:
			out = append(out, apiFront{httpIntegrationLimit, "HTTP API", t.At})
		default:
			continue
		}
		if t.Route != nil {
			seen[t.Route] = true
		}
	}
	for _, api := range ps.project.APIs {
		if api == nil {
			continue
		}
		for _, r := range api.Routes {
			if r == nil || r.Function != f.ID || seen[r] {
				continue
			}
			if api.Kind == model.RESTAPI {
				out = append(out, apiFront{restIntegrationLimit, "REST API " + api.ID, r.At})
			} else {
				out = append(out, apiFront{httpIntegrationLimit, "HTTP API " + api.ID, r.At})
			}
		}
	}
	return out
}

// SLS403 and SLS405: timeouts of synchronously invoked functions.
func checkSyncTimeouts(ps *pass) {
	for _, f := range ps.functions() {
		t := f.TimeoutSeconds
		if !t.Known() {
			continue
		}
		fronts := ps.apiFronts(f)
		var tightest *apiFront
		for i := range fronts {
			if tightest == nil || fronts[i].limit < tightest.limit {
				tightest = &fronts[i]
			}
		}
		if tightest != nil && t.Value > tightest.limit {
			front := *tightest
			ps.reportFunction(rules.TimeoutExceedsIntegration, rules.TimeoutExceedsIntegration.Level, where(t, f.At), f.ID, func(s subject) string {
				return fmt.Sprintf(
					"timeout %s of %s exceeds the %s's %s integration limit\nthe client gets a 504 while the function "+
						"runs on, billed, and a retrying client starts another; set %s to at most %s or make the work asynchronous.",
					seconds(t.Value), s, front.what, seconds(front.limit), settingTimeout.of(ps.project, f.Type), seconds(front.limit))
			},
				Related{At: tightest.at, Message: fmt.Sprintf("invoked through %s %s (%s limit)", article(tightest.what), tightest.what, seconds(tightest.limit))})
			continue
		}
		if t.Value < maxFunctionTimeout {
			continue
		}
		var sync *Related
		for _, tr := range triggers(f) {
			if tr.Kind.Synchronous() {
				sync = &Related{At: tr.At, Message: "invoked synchronously by a " + kindName(tr.Kind)}
				break
			}
		}
		if sync == nil && len(f.URLs) > 0 {
			sync = &Related{At: f.URLs[0].At, Message: "invoked synchronously through its function URL"}
		}
		if sync == nil {
			continue
		}
		ps.reportFunction(rules.TimeoutAtMaximum, rules.TimeoutAtMaximum.Level, where(t, f.At), f.ID, func(s subject) string {
			return fmt.Sprintf(
				"%s %s invoked synchronously but %s timeout is Lambda's maximum, %s\na caller waits up to 15 minutes "+
					"for a stuck call, holding a concurrent execution all along; set %s to what a caller can wait for.",
				s, s.verb("is", "are"), s.verb("its", "their"), seconds(t.Value), settingTimeout.of(ps.project, f.Type))
		}, *sync)
	}
}

// article is the indefinite article for a name starting with an acronym: "an HTTP API", "a
// REST API".
func article(name string) string {
	if strings.HasPrefix(name, "HTTP") {
		return "an"
	}
	return "a"
}

// SLS404: an SQS queue whose visibility timeout is short for the function it triggers.
func checkVisibilityTimeout(ps *pass) {
	for _, f := range ps.functions() {
		timeout := f.TimeoutSeconds
		if !timeout.Known() || timeout.Value <= 0 {
			continue
		}
		for _, t := range triggers(f) {
			if t.Kind != model.TriggerSQS || t.Source.Ref == "" {
				continue
			}
			q, ok := ps.queues[t.Source.Ref]
			if !ok || !q.VisibilityTimeoutSecs.Known() {
				continue
			}
			vis := q.VisibilityTimeoutSecs.Value
			fnRel := Related{At: where(timeout, f.At), Message: fmt.Sprintf("function %s has timeout %s", f.ID, seconds(timeout.Value))}
			name := "visibility timeout"
			if q.VisibilityTimeoutSecs.Origin == model.Default {
				name = "default visibility timeout"
			}
			at := where(q.VisibilityTimeoutSecs, q.At)
			switch {
			case vis < timeout.Value:
				ps.reportLevel(rules.VisibilityTimeoutTooShort, rules.Error, at, fmt.Sprintf(
					"queue %s's %s (%s) is shorter than the %s timeout of function %s it triggers\na message reappears while "+
						"it is still being processed and is processed twice; set %s to at least %s (6× the timeout, as AWS recommends).",
					q.ID, name, seconds(vis), seconds(timeout.Value), f.ID, settingVisibility.in(ps.project), seconds(visibilityFactor*timeout.Value)), fnRel)
			case vis < visibilityFactor*timeout.Value:
				ps.reportLevel(rules.VisibilityTimeoutTooShort, rules.Warning, at, fmt.Sprintf(
					"queue %s's %s (%s) is less than 6× the %s timeout of function %s it triggers\nAWS recommends 6× the function's timeout: when "+
						"Lambda retries a throttled batch, messages can reappear mid-processing and be processed twice; set %s to at least %s.",
					q.ID, name, seconds(vis), seconds(timeout.Value), f.ID, settingVisibility.in(ps.project), seconds(visibilityFactor*timeout.Value)), fnRel)
			}
		}
	}
}
