package checks

import (
	"testing"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

func TestFunctionTracingDisabled(t *testing.T) {
	tracing := func(a model.Attr[string]) func(*model.Function) { return func(f *model.Function) { f.Tracing = a } }
	testRule(t, rules.FunctionTracingDisabled, []ruleCase{
		{name: "default PassThrough", want: []string{"10"}, contains: []string{"PassThrough, the default", "Tracing: Active"},
			project: sam(function("Fn", 10, tracing(deflt("PassThrough", 10))))},
		{name: "explicit PassThrough in terraform", want: []string{"17"}, contains: []string{`mode = "Active"`},
			project: terraform(function("aws_lambda_function.fn", 10, tracing(set("PassThrough", 17))))},
		{name: "left absent by the loader", want: []string{"10"}, project: sls(function("fn", 10, tracing(absent[string](10))))},
		{name: "Active", project: sam(function("Fn", 10))},
		{name: "unresolved", project: sam(function("Fn", 10, tracing(unresolved[string](17))))},
	})
}

func TestAPITracingDisabled(t *testing.T) {
	testRule(t, rules.APITracingDisabled, []ruleCase{
		{name: "REST stage", want: []string{"65"}, contains: []string{"stage prod of REST API Api"},
			project: sam(restAPI("Api", 60, func(api *model.API) { api.Stages[0].TracingEnabled = set(false, 65) }))},
		{name: "REST stage by default", want: []string{"61"},
			project: sam(restAPI("Api", 60, func(api *model.API) { api.Stages[0].TracingEnabled = deflt(false, 61) }))},
		{name: "REST stage traced", project: sam(restAPI("Api", 60))},
		{name: "unresolved", project: sam(restAPI("Api", 60, func(api *model.API) { api.Stages[0].TracingEnabled = unresolved[bool](65) }))},
		{name: "HTTP APIs cannot trace", project: sam(httpAPI("HttpApi", 60))},
	})
}

func TestNoErrorAlarm(t *testing.T) {
	alarm := func(function, namespace string, metric model.Attr[string]) *model.Alarm {
		return &model.Alarm{Resource: model.Resource{ID: "Alarm", At: at(95)}, Function: function, Namespace: set(namespace, 96), MetricName: metric}
	}
	testRule(t, rules.NoErrorAlarm, []ruleCase{
		{name: "no alarm", want: []string{"10"}, contains: []string{"function Fn", "Errors"}, project: sam(function("Fn", 10))},
		{name: "alarm on another function", want: []string{"10"}, project: sam(function("Fn", 10), alarm("Other", "AWS/Lambda", set("Errors", 97)))},
		{name: "alarm on duration only", want: []string{"10"}, project: sam(function("Fn", 10), alarm("Fn", "AWS/Lambda", set("Duration", 97)))},
		{name: "custom metric named Errors", want: []string{"10"}, project: sam(function("Fn", 10), alarm("", "Acme/Orders", set("Errors", 97)))},
		{name: "errors alarm", project: sam(function("Fn", 10), alarm("Fn", "AWS/Lambda", set("Errors", 97)))},
		{name: "throttles alarm", project: sam(function("Fn", 10), alarm("Fn", "AWS/Lambda", set("Throttles", 97)))},
		{name: "account-wide errors alarm", project: sam(function("Fn", 10), alarm("", "AWS/Lambda", set("Errors", 97)))},
		{name: "unresolved metric", project: sam(function("Fn", 10), alarm("Fn", "AWS/Lambda", unresolved[string](97)))},
	})
}

func TestAPIAccessLoggingDisabled(t *testing.T) {
	noLogs := func(api *model.API) { api.Stages[0].AccessLogDestination = absent[string](61) }
	testRule(t, rules.APIAccessLoggingDisabled, []ruleCase{
		{name: "REST stage", want: []string{"61"}, contains: []string{"REST API Api"}, project: sam(restAPI("Api", 60, noLogs))},
		{name: "HTTP API stage", want: []string{"61"}, contains: []string{"access_log_settings"}, project: terraform(httpAPI("aws_apigatewayv2_api.http", 60, noLogs))},
		{name: "with access logs", project: sam(restAPI("Api", 60))},
		{name: "unresolved destination", project: sam(restAPI("Api", 60, func(api *model.API) { api.Stages[0].AccessLogDestination = unresolved[string](65) }))},
	})
}
