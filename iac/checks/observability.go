package checks

import (
	"fmt"
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

// SLS701: a function without active X-Ray tracing.
func checkFunctionTracing(ps *pass) {
	for _, f := range ps.functions() {
		t := f.Tracing
		if t.Origin == model.Unknown || (t.Known() && strings.EqualFold(t.Value, "Active")) {
			continue
		}
		mode := "PassThrough, the default"
		if t.Origin == model.Explicit {
			mode = t.Value
		}
		ps.reportFunction(rules.FunctionTracingDisabled, rules.FunctionTracingDisabled.Level, where(t, f.At), f.ID, func(s subject) string {
			return fmt.Sprintf(
				"%s %s not trace with X-Ray (tracing %s)\na slow or failing call to a downstream service cannot be "+
					"followed across the event source, the function and its dependencies; set %s.",
				s, s.verb("does", "do"), mode, settingTracing.of(ps.project, f.Type))
		})
	}
}

// SLS702: a REST API stage without X-Ray tracing (HTTP APIs do not support it).
func checkAPITracing(ps *pass) {
	for _, api := range ps.project.APIs {
		if api == nil || api.Kind != model.RESTAPI {
			continue
		}
		for _, st := range api.Stages {
			if st == nil || setOrUnknown(st.TracingEnabled) {
				continue
			}
			at := where(st.TracingEnabled, st.At)
			if at.IsZero() {
				at = api.At
			}
			start := "the function"
			if !ps.invokesFunction(api) {
				start = "the backend"
			}
			ps.report(rules.APITracingDisabled, at, fmt.Sprintf(
				"stage %s of REST API %s does not trace with X-Ray\na trace starts at %s instead of the request, "+
					"so API Gateway's own latency and errors are invisible in it; set %s.",
				stageName(st), api.ID, start, settingAPITracing.in(ps.project)))
		}
	}
}

// SLS703: a function with no alarm on its errors or throttles.
func checkErrorAlarms(ps *pass) {
	if ps.project.ResourcesUnknown {
		return // an alarm may be among the resources that cannot be read
	}
	for _, f := range ps.functions() {
		if ps.hasErrorAlarm(f) {
			continue
		}
		ps.report(rules.NoErrorAlarm, f.At, fmt.Sprintf(
			"function %s has no CloudWatch alarm on its Errors or Throttles metric in this project\nfailures of an event-driven "+
				"function have no caller to complain, so nobody learns of them until data is missing; add an alarm on "+
				"AWS/Lambda Errors with the FunctionName dimension.", f.ID))
	}
}

// hasErrorAlarm reports whether an alarm may watch f's errors or throttles. Alarms whose
// metric or function cannot be resolved, and alarms on Lambda's account-wide metrics (no
// FunctionName dimension), count.
func (ps *pass) hasErrorAlarm(f *model.Function) bool {
	for _, a := range ps.project.Alarms {
		if a == nil || (a.Function != "" && a.Function != f.ID) {
			continue
		}
		if a.Namespace.Known() && a.Namespace.Value != "AWS/Lambda" {
			continue
		}
		if !a.MetricName.Known() {
			return true
		}
		if m := a.MetricName.Value; m == "Errors" || m == "Throttles" {
			return true
		}
	}
	return false
}

// SLS704: an API stage without access logging.
func checkAccessLogging(ps *pass) {
	for _, api := range ps.project.APIs {
		if api == nil {
			continue
		}
		for _, st := range api.Stages {
			if st == nil || st.AccessLogDestination.IsSet() {
				continue
			}
			at := where(st.AccessLogDestination, st.At)
			if at.IsZero() {
				at = api.At
			}
			fix := settingAccessLog
			if api.Kind == model.HTTPAPI {
				fix = settingHTTPAccessLog
			}
			logs := "the function's logs"
			if !ps.invokesFunction(api) {
				logs = "the backend's logs"
			}
			ps.report(rules.APIAccessLoggingDisabled, at, fmt.Sprintf(
				"stage %s of %s %s writes no access logs\nrequests that API Gateway rejects (throttled, unauthorized, timed "+
					"out at the integration) never reach %s, so they leave no trace; set %s.",
				stageName(st), apiKindName(api.Kind), api.ID, logs, fix.in(ps.project)))
		}
	}
}
