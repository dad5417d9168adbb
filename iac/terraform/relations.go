package terraform

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// relations connects the entities: triggers, invoke settings, URLs, policies, APIs.
func (a *adapter) relations() {
	a.each("aws_lambda_alias", func(ri *resInstance, b blockView) {
		if f := a.functionFor(b.str("function_name")); f != nil {
			a.aliases[ri.id] = f
			a.aliasNames[ri.id] = b.str("name")
			f.Alias = b.str("name")
		}
	})
	a.each("aws_lambda_event_source_mapping", func(ri *resInstance, b blockView) {
		if f := a.functionFor(b.str("function_name")); f != nil {
			f.Triggers = append(f.Triggers, a.eventSourceMapping(ri, b))
		}
	})
	a.each("aws_sns_topic_subscription", func(ri *resInstance, b blockView) {
		proto := b.str("protocol")
		if !proto.Known() || proto.Value != "lambda" {
			return
		}
		if f := a.functionFor(b.str("endpoint")); f != nil {
			f.Triggers = append(f.Triggers, &model.Trigger{Kind: model.TriggerSNS, At: b.at, Name: ri.id, Source: b.str("topic_arn")})
		}
	})
	a.each("aws_cloudwatch_log_subscription_filter", func(ri *resInstance, b blockView) {
		// CloudWatch Logs invokes a destination function asynchronously with each batch.
		if f := a.functionFor(b.str("destination_arn")); f != nil {
			f.Triggers = append(f.Triggers, &model.Trigger{Kind: model.TriggerCloudWatchLogs, At: b.at, Name: ri.id, Source: b.str("log_group_name")})
		}
	})
	a.each("aws_s3_bucket_notification", func(ri *resInstance, b blockView) {
		bucket := b.str("bucket")
		for _, lf := range b.blocks("lambda_function") {
			if f := a.functionFor(lf.str("lambda_function_arn")); f != nil {
				f.Triggers = append(f.Triggers, &model.Trigger{Kind: model.TriggerS3, At: lf.at, Name: ri.id, Source: bucket,
					Events: lf.strings("events"), FilterPrefix: lf.str("filter_prefix"), FilterSuffix: lf.str("filter_suffix")})
			}
		}
	})
	a.each("aws_cloudwatch_event_rule", func(ri *resInstance, b blockView) {
		r := &model.EventRule{Resource: resource(ri, b, "name"), Schedule: b.str("schedule_expression"), EventPattern: b.str("event_pattern")}
		a.pendingRules[ri.id] = r
		a.ruleOrder = append(a.ruleOrder, r)
	})
	a.each("aws_cloudwatch_event_target", func(ri *resInstance, b blockView) {
		f := a.functionFor(b.str("arn"))
		rule := b.str("rule")
		r := a.pendingRules[rule.Ref]
		if r == nil && rule.Known() {
			for _, cand := range a.ruleOrder {
				if cand.Name.Known() && cand.Name.Value == rule.Value {
					r = cand
				}
			}
		}
		if f == nil {
			return
		}
		kind := model.TriggerEventBridge
		if r != nil && r.Schedule.IsSet() {
			kind = model.TriggerSchedule
		}
		src := rule
		if r != nil {
			src.Ref = r.ID
			r.Targets = append(r.Targets, f.ID)
		}
		f.Triggers = append(f.Triggers, &model.Trigger{Kind: kind, At: b.at, Name: ri.id, Source: src})
	})
	for _, r := range a.ruleOrder {
		if len(r.Targets) > 0 {
			a.p.Rules = append(a.p.Rules, r)
		}
	}
	a.each("aws_scheduler_schedule", func(ri *resInstance, b blockView) {
		t, ok := b.first("target")
		if !ok {
			return
		}
		f := a.functionFor(t.str("arn"))
		if f == nil {
			return
		}
		r := &model.EventRule{Resource: resource(ri, b, "name"), Schedule: b.str("schedule_expression"), EventPattern: model.Missing[string](b.at), Targets: []string{f.ID}}
		a.p.Rules = append(a.p.Rules, r)
		f.Triggers = append(f.Triggers, &model.Trigger{Kind: model.TriggerSchedule, At: t.at, Name: ri.id,
			Source: model.Attr[string]{Value: ri.id, Origin: model.Explicit, At: b.at, Ref: ri.id}})
	})
	a.each("aws_lambda_function_url", func(ri *resInstance, b blockView) {
		// A function may have several URLs: the unqualified one and one per alias.
		fnName := b.str("function_name")
		u := &model.FunctionURL{At: b.at, AuthType: b.str("authorization_type"), Qualifier: b.str("qualifier")}
		if c, ok := b.first("cors"); ok {
			u.CORS = &model.CORS{At: c.at, AllowOrigins: c.strings("allow_origins"), AllowCredentials: orDefault(c.bool("allow_credentials"), false)}
		}
		f := a.functionFor(fnName)
		if f == nil {
			if ext, ok := externalRef(b, "function_name"); ok {
				u.ExternalFunction = ext
				a.p.AddFunctionURL(nil, u)
			}
			return
		}
		if !u.Qualifier.IsSet() && fnName.Ref != "" && fnName.Ref != f.ID {
			if alias := a.aliasNames[fnName.Ref]; alias.IsSet() {
				u.Qualifier = alias // function_name is an alias's ARN
			}
		}
		a.p.AddFunctionURL(f, u)
		f.Triggers = append(f.Triggers, &model.Trigger{Kind: model.TriggerFunctionURL, At: b.at, Name: ri.id,
			Source: model.Attr[string]{Value: ri.id, Origin: model.Explicit, At: b.at, Ref: ri.id}})
	})
	a.each("aws_lambda_function_event_invoke_config", func(ri *resInstance, b blockView) {
		f := a.functionFor(b.str("function_name"))
		if f == nil {
			return
		}
		f.AsyncMaxRetries = orDefault(b.int("maximum_retry_attempts"), 2)
		f.AsyncMaxEventAgeSecs = orDefault(b.int("maximum_event_age_in_seconds"), 21600)
		if dc, ok := b.first("destination_config"); ok {
			if of, ok := dc.first("on_failure"); ok {
				f.OnFailure = of.str("destination")
			}
			if os, ok := dc.first("on_success"); ok {
				f.OnSuccess = os.str("destination")
			}
		}
	})
	a.each("aws_lambda_function_recursion_config", func(ri *resInstance, b blockView) {
		if f := a.functionFor(b.str("function_name")); f != nil {
			f.RecursiveLoop = b.str("recursive_loop")
		}
	})
	a.each("aws_lambda_permission", func(ri *resInstance, b blockView) {
		perm := &model.Permission{Resource: resource(ri, b, "statement_id"), Action: b.str("action"), Principal: b.str("principal"),
			SourceArn: b.str("source_arn"), SourceAccount: b.str("source_account")}
		if f := a.functionFor(b.str("function_name")); f != nil {
			perm.Function = f.ID
		}
		a.p.Permissions = append(a.p.Permissions, perm)
	})
	a.iamRelations()
	a.each("aws_sqs_queue_policy", func(ri *resInstance, b blockView) {
		q := a.queues[b.str("queue_url").Ref]
		if q == nil {
			q = a.externalQueue(b, "queue_url")
		}
		if q != nil {
			if att, ok := b.attr("policy"); ok {
				q.Policy = append(q.Policy, a.statements(ri.scope, att.Expr)...)
			}
		}
	})
	a.each("aws_sqs_queue_redrive_policy", func(ri *resInstance, b blockView) {
		if q := a.queues[b.str("queue_url").Ref]; q != nil {
			if att, ok := b.attr("redrive_policy"); ok {
				a.redrive(q, ri.scope.docNode(att.Expr, 0), b.at)
			}
		}
	})
	a.each("aws_sns_topic_policy", func(ri *resInstance, b blockView) {
		t := a.topics[b.str("arn").Ref]
		if t == nil {
			t = a.externalTopic(b, "arn")
		}
		if t != nil {
			if att, ok := b.attr("policy"); ok {
				t.Policy = append(t.Policy, a.statements(ri.scope, att.Expr)...)
			}
		}
	})
	a.restAPIs()
	a.httpAPIs()
	a.each("aws_cloudwatch_metric_alarm", a.alarm)
	for _, st := range a.sfnTasks {
		if f := a.functionFor(st.target); f != nil {
			st.task.Function = f.ID
			f.Triggers = append(f.Triggers, &model.Trigger{Kind: model.TriggerStepFunctions, At: st.task.At, Name: st.sm.ID,
				Source: model.Attr[string]{Value: st.sm.ID, Origin: model.Explicit, At: st.sm.At, Ref: st.sm.ID}})
		}
	}
}

// eventSourceMapping reads an aws_lambda_event_source_mapping into a trigger, with the
// provider's defaults for the kind of source.
func (a *adapter) eventSourceMapping(ri *resInstance, b blockView) *model.Trigger {
	src := b.str("event_source_arn")
	kind := a.sourceKind(src)
	if kind == model.TriggerOther {
		switch {
		case b.has("self_managed_event_source") || b.has("topics"):
			kind = model.TriggerKafka
		case b.has("queues"):
			kind = model.TriggerMQ
		}
	}
	t := &model.Trigger{Kind: kind, At: b.at, Name: ri.id, Source: src}
	t.BatchSize = b.int("batch_size")
	switch kind {
	case model.TriggerSQS:
		t.BatchSize = orDefault(t.BatchSize, 10)
	case model.TriggerOther:
	default:
		t.BatchSize = orDefault(t.BatchSize, 100)
	}
	t.MaxBatchingWindowSecs = orDefault(b.int("maximum_batching_window_in_seconds"), 0)
	t.FunctionResponseTypes = b.strings("function_response_types")
	t.MaximumRetryAttempts = b.int("maximum_retry_attempts")
	t.BisectBatchOnFunctionError = b.bool("bisect_batch_on_function_error")
	t.MaximumRecordAgeSecs = b.int("maximum_record_age_in_seconds")
	t.ParallelizationFactor = b.int("parallelization_factor")
	if kind.Stream() {
		t.ParallelizationFactor = orDefault(t.ParallelizationFactor, 1)
		t.MaximumRetryAttempts = orDefault(t.MaximumRetryAttempts, -1)
		t.BisectBatchOnFunctionError = orDefault(t.BisectBatchOnFunctionError, false)
		t.MaximumRecordAgeSecs = orDefault(t.MaximumRecordAgeSecs, -1)
	}
	t.OnFailure = model.Missing[string](b.at)
	if dc, ok := b.first("destination_config"); ok {
		if of, ok := dc.first("on_failure"); ok {
			t.OnFailure = of.str("destination_arn")
		}
	}
	t.MaximumConcurrency = model.Missing[int](b.at)
	if sc, ok := b.first("scaling_config"); ok {
		t.MaximumConcurrency = sc.int("maximum_concurrency")
	}
	t.Enabled = orDefault(b.bool("enabled"), true)
	t.FilterPrefix, t.FilterSuffix = model.Missing[string](b.at), model.Missing[string](b.at)
	return t
}

// sourceKind tells the kind of an event source from the resource it refers to or its ARN.
func (a *adapter) sourceKind(src model.Attr[string]) model.TriggerKind {
	if ri := a.ps.byID[src.Ref]; ri != nil {
		switch ri.node.typ {
		case "aws_sqs_queue":
			return model.TriggerSQS
		case "aws_kinesis_stream":
			return model.TriggerKinesis
		case "aws_dynamodb_table":
			return model.TriggerDynamoDB
		case "aws_msk_cluster", "aws_msk_serverless_cluster":
			return model.TriggerKafka
		case "aws_mq_broker":
			return model.TriggerMQ
		}
	}
	if src.Known() {
		switch {
		case strings.HasPrefix(src.Value, "arn:aws:sqs:") || strings.Contains(src.Value, ":sqs:"):
			return model.TriggerSQS
		case strings.Contains(src.Value, ":kinesis:"):
			return model.TriggerKinesis
		case strings.Contains(src.Value, ":dynamodb:"):
			return model.TriggerDynamoDB
		case strings.Contains(src.Value, ":kafka:"):
			return model.TriggerKafka
		case strings.Contains(src.Value, ":mq:"):
			return model.TriggerMQ
		}
	}
	return model.TriggerOther
}

// alarm reads an aws_cloudwatch_metric_alarm, with the function named by its
// FunctionName dimension (or that of a metric query's metric).
func (a *adapter) alarm(ri *resInstance, b blockView) {
	al := &model.Alarm{Resource: resource(ri, b, "alarm_name"), Namespace: b.str("namespace"), MetricName: b.str("metric_name")}
	dims := func(v blockView) {
		if att, ok := v.attr("dimensions"); ok && al.Function == "" {
			n := v.s.valueNode(att.Expr, 0)
			if fl, ok := n.field("FunctionName"); ok {
				if f := a.functionFor(nodeString(fl.val, fl.at)); f != nil {
					al.Function = f.ID
				}
			}
		}
	}
	dims(b)
	for _, q := range b.blocks("metric_query") {
		if m, ok := q.first("metric"); ok {
			if al.MetricName.Origin == model.Absent {
				al.Namespace, al.MetricName = m.str("namespace"), m.str("metric_name")
			}
			dims(m)
		}
	}
	a.p.Alarms = append(a.p.Alarms, al)
}

// restAPIs reads API Gateway REST resources, methods, integrations, stages, method
// settings and usage plans.
func (a *adapter) restAPIs() {
	resources := map[string]*resInstance{}
	for _, ri := range a.byType["aws_api_gateway_resource"] {
		resources[ri.id] = ri
	}
	var pathOf func(id string, depth int) (string, bool)
	pathOf = func(id string, depth int) (string, bool) {
		if p, ok := a.restPaths[id]; ok {
			return p, true
		}
		ri := resources[id]
		if ri == nil || depth > 50 {
			return "", false
		}
		b := ri.view()
		part := b.str("path_part")
		parent := b.str("parent_id")
		if !part.Known() {
			return "", false
		}
		base := ""
		if _, isAPI := a.apis[parent.Ref]; !isAPI {
			pp, ok := pathOf(parent.Ref, depth+1)
			if !ok {
				return "", false
			}
			base = strings.TrimSuffix(pp, "/")
		}
		p := base + "/" + part.Value
		a.restPaths[id] = p
		return p, true
	}
	a.each("aws_api_gateway_method", func(ri *resInstance, b blockView) {
		api := a.apiOf(b, "rest_api_id", model.RESTAPI)
		if api == nil {
			return
		}
		res := b.str("resource_id")
		path := model.Unresolved[string](res.At)
		if _, isAPI := a.apis[res.Ref]; isAPI {
			path = model.Set("/", res.At)
		} else if p, ok := pathOf(res.Ref, 0); ok {
			path = model.Set(p, res.At)
		}
		rt := &model.Route{At: b.at, Method: b.str("http_method"), Path: path, AuthorizationType: b.str("authorization"),
			Authorizer: b.str("authorizer_id"), APIKeyRequired: orDefault(b.bool("api_key_required"), false), Private: model.Missing[bool](b.at)}
		a.methods[ri.id] = rt
		a.methodAPI[rt] = api
		api.Routes = append(api.Routes, rt)
	})
	a.each("aws_api_gateway_integration", func(ri *resInstance, b blockView) {
		rt := a.methods[b.str("http_method").Ref]
		if rt == nil {
			method, res := b.str("http_method"), b.str("resource_id")
			for id, cand := range a.methods {
				_ = id
				if method.Known() && cand.Method.Known() && cand.Method.Value == method.Value && a.methodResource(cand) == res.Ref {
					rt = cand
				}
			}
		}
		f := a.functionFor(b.str("uri"))
		if rt == nil || f == nil {
			return
		}
		api := a.methodAPI[rt]
		rt.Function = f.ID
		f.Triggers = append(f.Triggers, &model.Trigger{Kind: model.TriggerRESTAPI, At: b.at, Name: ri.id,
			Source: model.Attr[string]{Value: api.ID, Origin: model.Explicit, At: b.at, Ref: api.ID},
			API:    model.Attr[string]{Value: api.ID, Origin: model.Explicit, At: b.at, Ref: api.ID},
			Method: rt.Method, Path: rt.Path, PayloadFormatVersion: model.Defaulted("1.0", b.at), Route: rt})
	})
	stage := func(ri *resInstance, b blockView, api *model.API, nameAttr string) {
		name := b.str(nameAttr)
		st := &model.Stage{At: b.at, Name: name, NameExpr: unresolvedText(b, nameAttr), ThrottlingBurstLimit: model.Missing[int](b.at), ThrottlingRateLimit: model.Missing[float64](b.at),
			TracingEnabled: orDefault(b.bool("xray_tracing_enabled"), false), AccessLogDestination: model.Missing[string](b.at)}
		if al, ok := b.first("access_log_settings"); ok {
			st.AccessLogDestination = al.str("destination_arn")
		}
		a.stages[ri.id] = st
		api.Stages = append(api.Stages, st)
	}
	a.each("aws_api_gateway_stage", func(ri *resInstance, b blockView) {
		if api := a.apiOf(b, "rest_api_id", model.RESTAPI); api != nil {
			stage(ri, b, api, "stage_name")
		}
	})
	a.each("aws_api_gateway_deployment", func(ri *resInstance, b blockView) {
		if name := b.str("stage_name"); name.IsSet() {
			if api := a.apiOf(b, "rest_api_id", model.RESTAPI); api != nil {
				stage(ri, b, api, "stage_name")
			}
		}
	})
	a.each("aws_api_gateway_method_settings", func(ri *resInstance, b blockView) {
		api := a.apiOf(b, "rest_api_id", model.RESTAPI)
		if api == nil {
			return
		}
		name := b.str("stage_name")
		st := a.stages[name.Ref]
		if st == nil && name.Known() {
			for _, cand := range api.Stages {
				if cand.Name.Known() && cand.Name.Value == name.Value {
					st = cand
				}
			}
		}
		set, ok := b.first("settings")
		if st == nil || !ok {
			return
		}
		if burst := set.int("throttling_burst_limit"); burst.IsSet() && (!burst.Known() || burst.Value >= 0) {
			st.ThrottlingBurstLimit = burst
		}
		if rate := set.float("throttling_rate_limit"); rate.IsSet() && (!rate.Known() || rate.Value >= 0) {
			st.ThrottlingRateLimit = rate
		}
	})
	a.each("aws_api_gateway_usage_plan", func(ri *resInstance, b blockView) {
		ts, ok := b.first("throttle_settings")
		if !ok || !ts.has("burst_limit") && !ts.has("rate_limit") {
			return
		}
		for _, as := range b.blocks("api_stages") {
			if api := a.apiOf(as, "api_id", model.RESTAPI); api != nil {
				api.UsagePlan = model.Set(true, b.at)
			}
		}
	})
}

// methodResource returns the resource ID a method route was declared on.
func (a *adapter) methodResource(rt *model.Route) string {
	for id, cand := range a.methods {
		if cand == rt {
			if ri := a.ps.byID[id]; ri != nil {
				return ri.view().str("resource_id").Ref
			}
		}
	}
	return ""
}

// httpAPIs reads API Gateway v2 routes, integrations and stages of HTTP APIs.
func (a *adapter) httpAPIs() {
	a.each("aws_apigatewayv2_integration", func(ri *resInstance, b blockView) {
		in := httpIntegration{payload: orDefault(b.str("payload_format_version"), "1.0")}
		if f := a.functionFor(b.str("integration_uri")); f != nil {
			in.function = f.ID
		}
		a.integrations[ri.id] = in
	})
	a.each("aws_apigatewayv2_route", func(ri *resInstance, b blockView) {
		apiAttr := b.str("api_id")
		api := a.apiOf(b, "api_id", model.HTTPAPI)
		if api == nil {
			return
		}
		if rk := b.str("route_key"); api.External && rk.Known() && rk.Value != "$default" && !strings.Contains(strings.TrimSpace(rk.Value), " ") {
			a.webSocket[api] = true // $connect, $disconnect, or a WebSocket route's action
		}
		rt := &model.Route{At: b.at, AuthorizationType: orDefault(b.str("authorization_type"), "NONE"), Authorizer: b.str("authorizer_id"),
			APIKeyRequired: orDefault(b.bool("api_key_required"), false), Private: model.Missing[bool](b.at)}
		rt.Method, rt.Path = splitRouteKey(b.str("route_key"))
		api.Routes = append(api.Routes, rt)
		in, ok := a.integrations[b.str("target").Ref]
		if !ok || in.function == "" {
			return
		}
		f := a.functions[in.function]
		rt.Function = f.ID
		f.Triggers = append(f.Triggers, &model.Trigger{Kind: model.TriggerHTTPAPI, At: b.at, Name: ri.id,
			Source: model.Attr[string]{Value: api.ID, Origin: model.Explicit, At: apiAttr.At, Ref: api.ID},
			API:    model.Attr[string]{Value: api.ID, Origin: model.Explicit, At: apiAttr.At, Ref: api.ID},
			Method: rt.Method, Path: rt.Path, PayloadFormatVersion: in.payload, Route: rt})
	})
	a.each("aws_apigatewayv2_stage", func(ri *resInstance, b blockView) {
		api := a.apiOf(b, "api_id", model.HTTPAPI)
		if api == nil {
			return
		}
		st := &model.Stage{At: b.at, Name: b.str("name"), NameExpr: unresolvedText(b, "name"), ThrottlingBurstLimit: model.Missing[int](b.at), ThrottlingRateLimit: model.Missing[float64](b.at),
			TracingEnabled: model.Missing[bool](b.at), AccessLogDestination: model.Missing[string](b.at)}
		if rs, ok := b.first("default_route_settings"); ok {
			st.ThrottlingBurstLimit = rs.int("throttling_burst_limit")
			st.ThrottlingRateLimit = rs.float("throttling_rate_limit")
		}
		if al, ok := b.first("access_log_settings"); ok {
			st.AccessLogDestination = al.str("destination_arn")
		}
		api.Stages = append(api.Stages, st)
	})
}

// splitRouteKey splits an HTTP API route key ("GET /items/{id}", "$default").
func splitRouteKey(rk model.Attr[string]) (method, path model.Attr[string]) {
	if !rk.Known() {
		return model.Unresolved[string](rk.At), model.Unresolved[string](rk.At)
	}
	if m, p, ok := strings.Cut(rk.Value, " "); ok {
		return model.Attr[string]{Value: m, Origin: model.Explicit, At: rk.At}, model.Attr[string]{Value: strings.TrimSpace(p), Origin: model.Explicit, At: rk.At}
	}
	return model.Attr[string]{Value: "ANY", Origin: model.Explicit, At: rk.At}, rk
}

// hasFunctionLogGroup reports whether some log group may be a function's default one
// (/aws/lambda/<name>).
func hasFunctionLogGroup(groups []*model.LogGroup) bool {
	for _, lg := range groups {
		if !lg.Name.Known() || strings.HasPrefix(lg.Name.Value, "/aws/lambda/") {
			return true
		}
	}
	return false
}

// linkLogGroups finds each function's log group and gives the functions their roles'
// policies.
func (a *adapter) linkLogGroups() {
	byName := map[string]*model.LogGroup{}
	unknownNames := false
	for _, lg := range a.p.LogGroups {
		if lg.Name.Known() {
			byName[lg.Name.Value] = lg
		} else if lg.Name.Ref == "" {
			unknownNames = true // a log group whose name we cannot tell may be any function's
		}
	}
	for _, f := range a.p.Functions {
		var lg *model.LogGroup
		name, custom := a.fnLogGroup[f]
		switch {
		case custom && name.IsSet():
			if g, ok := a.logGroups[name.Ref]; ok {
				lg = g
			} else if name.Known() {
				lg = byName[name.Value]
			}
		case f.Name.Known():
			lg = byName["/aws/lambda/"+f.Name.Value]
		}
		if lg == nil {
			for _, g := range a.p.LogGroups {
				if !g.Name.Known() && g.Name.Ref == f.ID {
					lg = g
				}
			}
		}
		switch {
		case lg != nil:
			f.LogGroup = model.Attr[string]{Value: lg.ID, Origin: model.Explicit, At: lg.At, Ref: lg.ID}
			f.LogRetentionDays = lg.RetentionDays
			if f.LogRetentionDays.At.IsZero() {
				f.LogRetentionDays.At = lg.At
			}
		case custom && name.IsSet() || unknownNames || !f.Name.Known() && hasFunctionLogGroup(a.p.LogGroups):
			// The log group may exist under a name we cannot resolve. A function whose name
			// is unknown in a root module without function log groups has none.
			f.LogRetentionDays = model.Unresolved[int](f.At)
		}
		if r, ok := a.roles[f.Role.Ref]; ok {
			f.Policies = append(f.Policies, r.Policies...)
		}
	}
}
