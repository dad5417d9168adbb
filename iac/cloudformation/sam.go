package cloudformation

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// esmSettings reads the settings an event source mapping and SAM's polled events share,
// with Lambda's defaults: batches of 10 for SQS and 100 otherwise, and for Kinesis and
// DynamoDB streams unbounded retries (-1) of records of any age (-1) without bisecting.
func (b *builder) esmSettings(t *model.Trigger, props *node) {
	tp, at := b.tp, t.At
	batch := 100
	if t.Kind == model.TriggerSQS {
		batch = 10
	}
	t.BatchSize = tp.intOr(props.get("BatchSize"), batch, at, "BatchSize")
	t.MaxBatchingWindowSecs = tp.intOr(props.get("MaximumBatchingWindowInSeconds"), 0, at, "MaximumBatchingWindowInSeconds")
	t.FunctionResponseTypes = tp.strList(props.get("FunctionResponseTypes"), at)
	t.Enabled = tp.boolOr(props.get("Enabled"), true, at, "Enabled")
	if t.Kind == model.TriggerKinesis || t.Kind == model.TriggerDynamoDB {
		t.MaximumRetryAttempts = tp.intOr(props.get("MaximumRetryAttempts"), -1, at, "MaximumRetryAttempts")
		t.BisectBatchOnFunctionError = tp.boolOr(props.get("BisectBatchOnFunctionError"), false, at, "BisectBatchOnFunctionError")
		t.MaximumRecordAgeSecs = tp.intOr(props.get("MaximumRecordAgeInSeconds"), -1, at, "MaximumRecordAgeInSeconds")
		t.ParallelizationFactor = tp.intOr(props.get("ParallelizationFactor"), 1, at, "ParallelizationFactor")
	} else {
		t.MaximumRetryAttempts = tp.integer(props.get("MaximumRetryAttempts"), at, "MaximumRetryAttempts")
		t.BisectBatchOnFunctionError = tp.boolean(props.get("BisectBatchOnFunctionError"), at, "BisectBatchOnFunctionError")
		t.MaximumRecordAgeSecs = tp.integer(props.get("MaximumRecordAgeInSeconds"), at, "MaximumRecordAgeInSeconds")
	}
	onFailure := tp.obj(tp.obj(props, "DestinationConfig"), "OnFailure")
	t.OnFailure = tp.str(onFailure.get("Destination"), at)
	t.MaximumConcurrency = tp.integer(tp.obj(props, "ScalingConfig").get("MaximumConcurrency"), at, "MaximumConcurrency")
}

// s3Filter reads Filter.S3Key.Rules (SAM events and bucket notifications alike).
func (b *builder) s3Filter(t *model.Trigger, filter *node) {
	for _, rule := range b.tp.items(b.tp.obj(filter, "S3Key").get("Rules")) {
		name := strings.ToLower(b.tp.str(rule.get("Name"), rule.rng).Value)
		switch name {
		case "prefix":
			t.FilterPrefix = b.tp.str(rule.get("Value"), rule.rng)
		case "suffix":
			t.FilterSuffix = b.tp.str(rule.get("Value"), rule.rng)
		}
	}
}

// samFunctionLinks reads what a SAM function connects to: its policies and its events.
func (b *builder) samFunctionLinks(r *resource) {
	f := b.fns[r.id]
	if f == nil {
		return
	}
	b.samPolicies(f, r.props)
	b.tp.obj(r.props, "Events").pairs(func(k, ev *node) {
		ev, st := b.tp.pick(ev)
		if st != vKnown || ev == nil || ev.kind != mapNode {
			return
		}
		b.samEvent(f, k, ev)
	})
}

// samEvent turns one SAM event into a trigger.
func (b *builder) samEvent(f *model.Function, k, ev *node) {
	tp, at := b.tp, k.rng
	typ := tp.str(ev.get("Type"), at).Value
	props := tp.obj(ev, "Properties")
	var t *model.Trigger
	switch typ {
	case "SQS":
		t = model.NewTrigger(model.TriggerSQS, at, k.value)
		t.Source = tp.str(props.get("Queue"), at)
		b.esmSettings(t, props)
	case "Kinesis", "DynamoDB":
		kind := model.TriggerKinesis
		if typ == "DynamoDB" {
			kind = model.TriggerDynamoDB
		}
		t = model.NewTrigger(kind, at, k.value)
		t.Source = tp.str(props.get("Stream"), at)
		b.esmSettings(t, props)
	case "MSK", "SelfManagedKafka":
		t = model.NewTrigger(model.TriggerKafka, at, k.value)
		if typ == "MSK" {
			t.Source = tp.str(props.get("Stream"), at)
		} else if servers := tp.items(props.get("KafkaBootstrapServers")); len(servers) > 0 {
			t.Source = tp.str(servers[0], at)
		}
		b.esmSettings(t, props)
	case "MQ":
		t = model.NewTrigger(model.TriggerMQ, at, k.value)
		t.Source = tp.str(props.get("Broker"), at)
		b.esmSettings(t, props)
	case "S3":
		t = model.NewTrigger(model.TriggerS3, at, k.value)
		t.Source = tp.str(props.get("Bucket"), at)
		t.Events = tp.strList(props.get("Events"), at)
		b.s3Filter(t, tp.obj(props, "Filter"))
	case "SNS":
		t = model.NewTrigger(model.TriggerSNS, at, k.value)
		if sub := props.get("SqsSubscription"); sub != nil {
			// SAM puts a queue between the topic and the function, which then polls it.
			if on := tp.boolean(sub, at, "SqsSubscription"); !on.Known() || on.Value {
				t = model.NewTrigger(model.TriggerSQS, at, k.value)
				b.esmSettings(t, tp.obj(props, "SqsSubscription"))
			}
		}
		t.Source = tp.str(props.get("Topic"), at)
	case "EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2":
		t = b.samRuleEvent(f, k, typ, props)
	case "Api":
		t = b.samAPIEvent(f, k, props, model.RESTAPI)
	case "HttpApi":
		t = b.samAPIEvent(f, k, props, model.HTTPAPI)
	case "CloudWatchLogs":
		t = model.NewTrigger(model.TriggerCloudWatchLogs, at, k.value)
		t.Source = tp.str(props.get("LogGroupName"), at)
	case "IoTRule":
		t = model.NewTrigger(model.TriggerIoT, at, k.value)
	case "Cognito":
		t = model.NewTrigger(model.TriggerCognito, at, k.value)
		t.Source = tp.str(props.get("UserPool"), at)
	default:
		t = model.NewTrigger(model.TriggerOther, at, k.value)
	}
	f.Triggers = append(f.Triggers, t)
}

// samRuleEvent reads an EventBridge rule or schedule event, which SAM deploys as a rule (or
// Scheduler schedule) named after the function and the event.
func (b *builder) samRuleEvent(f *model.Function, k *node, typ string, props *node) *model.Trigger {
	tp, at := b.tp, k.rng
	kind := model.TriggerEventBridge
	ruleType := "AWS::Events::Rule"
	if typ == "Schedule" || typ == "ScheduleV2" {
		kind = model.TriggerSchedule
	}
	if typ == "ScheduleV2" {
		ruleType = "AWS::Scheduler::Schedule"
	}
	id := f.ID + k.value
	rule := &model.EventRule{
		Resource:     model.Resource{ID: id, Type: ruleType, At: at, Name: tp.str(props.get("Name"), at)},
		Schedule:     model.Missing[string](at),
		EventPattern: model.Missing[string](at),
		Targets:      []string{f.ID},
	}
	switch typ {
	case "Schedule":
		rule.Schedule = tp.str(props.get("Schedule"), at)
	case "ScheduleV2":
		rule.Schedule = tp.str(props.get("ScheduleExpression"), at)
	default:
		rule.EventPattern = b.jsonAttr(props.get("Pattern"), at)
	}
	b.rules[id] = rule
	b.p.Rules = append(b.p.Rules, rule)
	t := model.NewTrigger(kind, at, k.value)
	t.Source = model.Attr[string]{Value: id, Origin: model.Explicit, At: at, Ref: id}
	if n := props.get("Enabled"); n != nil {
		t.Enabled = tp.boolean(n, at, "Enabled")
	} else if n := props.get("State"); n != nil {
		state := tp.str(n, at)
		t.Enabled = model.Attr[bool]{Value: state.Value == "ENABLED", Origin: state.Origin, At: state.At}
	} else {
		t.Enabled = model.Defaulted(true, at)
	}
	return t
}

// jsonAttr renders a mapping (an event pattern) as a JSON string attribute.
func (b *builder) jsonAttr(n *node, hdr model.Range) model.Attr[string] {
	if n == nil {
		return model.Missing[string](hdr)
	}
	v := b.tp.eval(n)
	if v.state == vNoValue {
		return model.Missing[string](hdr)
	}
	if s, ok := scalarOf(v); ok {
		return model.Set(s, n.rng)
	}
	if s, ok := b.tp.toJSON(v, 0); ok {
		return model.Set(s, n.rng)
	}
	return attrFrom[string](v, n.rng)
}

// samAPIEvent reads an Api or HttpApi event: a route on the API it names, or on the
// implicit API SAM creates.
func (b *builder) samAPIEvent(f *model.Function, k *node, props *node, kind model.APIKind) *model.Trigger {
	tp, at := b.tp, k.rng
	tkind, idProp := model.TriggerRESTAPI, "RestApiId"
	if kind == model.HTTPAPI {
		tkind, idProp = model.TriggerHTTPAPI, "ApiId"
	}
	t := model.NewTrigger(tkind, at, k.value)
	var api *model.API
	if n := props.get(idProp); n != nil {
		t.API = tp.str(n, at)
		api = b.apis[t.API.Ref]
		if api != nil {
			t.API.Value, t.API.Origin = api.ID, model.Explicit
		}
	} else {
		api = b.implicitAPI(kind, at)
		t.API = model.Attr[string]{Value: api.ID, Origin: model.Explicit, At: at, Ref: api.ID}
	}
	t.Source = t.API
	t.Method = tp.str(props.get("Method"), at)
	t.Path = tp.str(props.get("Path"), at)
	if kind == model.HTTPAPI {
		if !t.Method.IsSet() && !t.Path.IsSet() {
			// No path and method: the API's $default route.
			t.Path = model.Defaulted("$default", at)
			t.Method = model.Defaulted("ANY", at)
		}
		t.PayloadFormatVersion = tp.strOr(props.get("PayloadFormatVersion"), "2.0", at)
	} else {
		t.PayloadFormatVersion = model.Defaulted("1.0", at)
	}
	route := &model.Route{
		At: at, Method: t.Method, Path: t.Path, Function: f.ID,
		AuthorizationType: model.Missing[string](at), Authorizer: model.Missing[string](at),
		APIKeyRequired: model.Missing[bool](at), Private: model.Missing[bool](at),
	}
	auth := tp.obj(props, "Auth")
	if n := auth.get("Authorizer"); n != nil {
		route.Authorizer = tp.str(n, at)
	} else if api != nil && api.DefaultAuthorizer.IsSet() {
		route.Authorizer = api.DefaultAuthorizer
	}
	route.AuthorizationType = b.samAuthType(t.API.Ref, route.Authorizer, at)
	var docOp *openAPIOp
	if doc := b.openAPIDocs[t.API.Ref]; doc != nil && t.Method.Known() && t.Path.Known() {
		// SAM merges the event into the API's document: the operation it declares, if any,
		// is this route, and its security applies unless the event names an authorizer.
		if docOp = doc.find(t.Method.Value, t.Path.Value); docOp != nil {
			docOp.claimed = true
		} else {
			docOp = &openAPIOp{route: doc.global} // a path SAM adds: the document's security applies
		}
		if !route.Authorizer.IsSet() && docOp.route.AuthorizationType.Origin != model.Default {
			route.AuthorizationType, route.Authorizer = docOp.route.AuthorizationType, docOp.route.Authorizer
		}
	}
	if !route.Authorizer.IsSet() && (b.openAPI[t.API.Ref] || b.openAPIDocs[t.API.Ref] != nil && !t.Method.Known()) {
		// The API's OpenAPI document may secure the route (security, x-amazon-apigateway-*).
		route.AuthorizationType = model.Unresolved[string](at)
	}
	if n := auth.get("ApiKeyRequired"); n != nil {
		route.APIKeyRequired = tp.boolean(n, at, "ApiKeyRequired")
	} else if docOp != nil && docOp.route.APIKeyRequired.Origin == model.Explicit {
		route.APIKeyRequired = docOp.route.APIKeyRequired
	} else if api != nil && api.APIKeyRequired.IsSet() {
		route.APIKeyRequired = api.APIKeyRequired
	} else if kind == model.RESTAPI {
		route.APIKeyRequired = model.Defaulted(false, at)
	}
	if route.Authorizer.Known() && (route.Authorizer.Value == "NONE" || route.Authorizer.Value == "AWS_IAM") {
		route.Authorizer = model.Missing[string](route.Authorizer.At)
	}
	t.Route = route
	if api != nil {
		api.Routes = append(api.Routes, route)
	}
	return t
}

// samAuthType derives a SAM route's authorization type from its authorizer's name and the
// authorizers its API defines.
func (b *builder) samAuthType(apiID string, authorizer model.Attr[string], at model.Range) model.Attr[string] {
	switch {
	case !authorizer.IsSet():
		return model.Defaulted("NONE", at)
	case !authorizer.Known():
		return model.Unresolved[string](authorizer.At)
	case authorizer.Value == "NONE" || authorizer.Value == "AWS_IAM":
		return model.Set(authorizer.Value, authorizer.At)
	}
	if typ := b.authorizers[apiID+"/"+authorizer.Value]; typ != "" {
		return model.Set(typ, authorizer.At)
	}
	return model.Unresolved[string](authorizer.At)
}

// implicitAPI returns the API SAM creates for Api (ServerlessRestApi) or HttpApi
// (ServerlessHttpApi) events that name none, configured by Globals.
func (b *builder) implicitAPI(kind model.APIKind, at model.Range) *model.API {
	if kind == model.RESTAPI && b.implicitREST != nil {
		return b.implicitREST
	}
	if kind == model.HTTPAPI && b.implicitHTTP != nil {
		return b.implicitHTTP
	}
	id, typ, section := "ServerlessRestApi", "AWS::Serverless::Api", "Api"
	if kind == model.HTTPAPI {
		id, typ, section = "ServerlessHttpApi", "AWS::Serverless::HttpApi", "HttpApi"
	}
	api := &model.API{
		Resource: model.Resource{ID: id, Type: typ, At: at, Name: model.Missing[string](at)}, Kind: kind,
		DefaultAuthorizer: model.Missing[string](at), APIKeyRequired: model.Missing[bool](at), UsagePlan: model.Missing[bool](at),
	}
	globals := b.tp.root.path("Globals", section)
	if kind == model.RESTAPI {
		b.samRESTSettings(api, globals, at, true)
		b.implicitREST = api
	} else {
		b.samHTTPSettings(api, globals, at)
		b.implicitHTTP = api
	}
	b.apis[id] = api
	b.p.APIs = append(b.p.APIs, api)
	return api
}
