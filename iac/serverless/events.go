package serverless

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// events reads a function's events into triggers.
func (ld *loader) events(d *fnDecl) {
	evs := d.n.get("events")
	switch {
	case evs.isNull() || evs.unknown:
		return
	case evs.kind != seqNode:
		ld.problem(evs.at, "functions."+d.key+".events must be a list of events, each a mapping such as '- sqs: ...'")
		return
	}
	for _, it := range evs.items {
		if it.unknown || it.kind == nullNode {
			continue
		}
		if it.kind != mapNode || len(it.pairs) != 1 {
			ld.problem(it.at, "an event of functions."+d.key+" must be a mapping with one event type, such as '- sqs: ...'")
		}
	}
	for _, ev := range eventsOf(d.n) {
		if t := ld.trigger(d, ev); t != nil {
			d.fn.Triggers = append(d.fn.Triggers, t)
		}
	}
}

// trigger reads one event.
func (ld *loader) trigger(d *fnDecl, ev event) *model.Trigger {
	v, at := ev.val, ev.at
	if v.unknown {
		// The event's settings are unknown; its type is not.
		kind := eventKinds[ev.typ]
		if kind == "" {
			kind = model.TriggerOther
		}
		t := model.NewTrigger(kind, at, ev.typ)
		t.Source = model.Attr[string]{Origin: model.Unknown, At: v.at, Secret: v.secret}
		return t
	}
	switch ev.typ {
	case "sqs":
		return ld.sqsTrigger(ev)
	case "stream":
		return ld.streamTrigger(ev)
	case "msk", "kafka", "activemq", "rabbitmq":
		return ld.brokerTrigger(ev)
	case "s3":
		return ld.s3Trigger(ev)
	case "sns":
		return ld.snsTrigger(ev)
	case "schedule":
		return ld.scheduleTrigger(d, ev)
	case "eventBridge", "cloudwatchEvent":
		return ld.eventBridgeTrigger(d, ev)
	case "http":
		return ld.httpTrigger(d, ev)
	case "httpApi":
		return ld.httpAPITrigger(d, ev)
	case "alb":
		t := model.NewTrigger(model.TriggerALB, at, ev.typ)
		t.Source = ld.str(v.get("listenerArn"), at)
		cond := v.get("conditions")
		t.Method = ld.firstOf(cond.get("method"), at)
		t.Path = ld.firstOf(cond.get("path"), at)
		return t
	case "cloudwatchLog":
		t := model.NewTrigger(model.TriggerCloudWatchLogs, at, ev.typ)
		t.Source = ld.str(scalarOr(v, "logGroup"), at)
		t.Source.Ref = ld.logGroupByName(t.Source)
		return t
	case "iot":
		t := model.NewTrigger(model.TriggerIoT, at, ev.typ)
		t.Source = ld.str(v.get("sql"), at)
		t.Enabled = orDefault(ld.boolean(v.get("enabled"), at), true)
		return t
	case "cognitoUserPool":
		t := model.NewTrigger(model.TriggerCognito, at, ev.typ)
		t.Source = ld.str(v.get("pool"), at)
		return t
	case "websocket":
		t := model.NewTrigger(model.TriggerOther, at, ev.typ)
		t.Path = ld.str(scalarOr(v, "route"), at)
		return t
	}
	// alexaSkill, alexaSmartHome, cloudFront, iotFleetProvisioning and events of plugins.
	t := model.NewTrigger(model.TriggerOther, at, ev.typ)
	if s, ok := v.str(); ok {
		t.Source = model.Set(s, v.at)
	}
	return t
}

// eventKinds maps event types to trigger kinds.
var eventKinds = map[string]model.TriggerKind{
	"sqs": model.TriggerSQS, "stream": model.TriggerKinesis, "msk": model.TriggerKafka,
	"kafka": model.TriggerKafka, "activemq": model.TriggerMQ, "rabbitmq": model.TriggerMQ,
	"s3": model.TriggerS3, "sns": model.TriggerSNS, "schedule": model.TriggerSchedule,
	"eventBridge": model.TriggerEventBridge, "cloudwatchEvent": model.TriggerEventBridge,
	"http": model.TriggerRESTAPI, "httpApi": model.TriggerHTTPAPI, "alb": model.TriggerALB,
	"cloudwatchLog": model.TriggerCloudWatchLogs, "iot": model.TriggerIoT,
	"cognitoUserPool": model.TriggerCognito,
}

// scalarOr returns v itself when it is the short form (a string) of an event whose long
// form holds the value under key.
func scalarOr(v *node, key string) *node {
	if v != nil && v.kind == mapNode && v.intrinsic() == "" {
		return v.get(key)
	}
	return v
}

// firstOf reads the first of a list of strings, or a string.
func (ld *loader) firstOf(n *node, hdr model.Range) model.Attr[string] {
	if n != nil && n.kind == seqNode {
		if len(n.items) == 0 {
			return model.Missing[string](hdr)
		}
		return ld.str(n.items[0], hdr)
	}
	return ld.str(n, hdr)
}

// source reads an event's source ARN or name, with Ref set to the project resource it
// names.
func (ld *loader) source(n *node, hdr model.Range, kind string) model.Attr[string] {
	a := ld.str(n, hdr)
	if a.Ref == "" && n != nil && n.kind == scalarNode {
		a.Ref = ld.resourceByText(n.value, kind)
	}
	return a
}

func (ld *loader) sqsTrigger(ev event) *model.Trigger {
	v, at := ev.val, ev.at
	t := model.NewTrigger(model.TriggerSQS, at, ev.typ)
	t.Source = ld.source(scalarOr(v, "arn"), at, "queue")
	t.BatchSize = orDefault(ld.integer(truthy(v.get("batchSize")), at), defaultSQSBatch)
	t.MaxBatchingWindowSecs = orDefault(ld.integer(v.get("maximumBatchingWindow"), at), 0)
	t.FunctionResponseTypes = ld.strList(v.get("functionResponseType"), at)
	t.MaximumConcurrency = ld.integer(v.get("maximumConcurrency"), at)
	t.Enabled = orDefault(ld.boolean(v.get("enabled"), at), true)
	return t
}

func (ld *loader) streamTrigger(ev event) *model.Trigger {
	v, at := ev.val, ev.at
	arn := scalarOr(v, "arn")
	t := model.NewTrigger(model.TriggerKinesis, at, ev.typ)
	t.Source = ld.source(arn, at, "stream")
	switch typ, _ := v.get("type").str(); {
	case typ == "dynamodb":
		t.Kind = model.TriggerDynamoDB
	case typ == "kinesis":
	case ld.isTable(t.Source.Ref):
		t.Kind = model.TriggerDynamoDB
	case arn != nil && arn.kind == scalarNode && strings.Contains(arn.value, "dynamodb"):
		t.Kind = model.TriggerDynamoDB
	}
	if t.Kind == model.TriggerDynamoDB && t.Source.Ref == "" && arn != nil && arn.kind == scalarNode {
		t.Source.Ref = ld.resourceByText(arn.value, "table")
	}
	t.BatchSize = orDefault(ld.integer(truthy(v.get("batchSize")), at), defaultStreamBatch)
	t.MaxBatchingWindowSecs = orDefault(ld.integer(v.get("batchWindow"), at), 0)
	t.FunctionResponseTypes = ld.strList(v.get("functionResponseType"), at)
	// Lambda's defaults for stream event source mappings: retry until the record expires.
	t.MaximumRetryAttempts = orDefault(ld.integer(v.get("maximumRetryAttempts"), at), -1)
	t.BisectBatchOnFunctionError = orDefault(ld.boolean(v.get("bisectBatchOnFunctionError"), at), false)
	t.MaximumRecordAgeSecs = orDefault(ld.integer(v.get("maximumRecordAgeInSeconds"), at), -1)
	t.ParallelizationFactor = orDefault(ld.integer(v.get("parallelizationFactor"), at), 1)
	if of := v.path("destinations", "onFailure"); of != nil {
		if of.kind == mapNode && of.intrinsic() == "" {
			of = of.get("arn")
		}
		t.OnFailure = ld.source(of, at, "")
	}
	t.Enabled = orDefault(ld.boolean(v.get("enabled"), at), true)
	return t
}

func (ld *loader) brokerTrigger(ev event) *model.Trigger {
	v, at := ev.val, ev.at
	kind := model.TriggerKafka
	if ev.typ == "activemq" || ev.typ == "rabbitmq" {
		kind = model.TriggerMQ
	}
	t := model.NewTrigger(kind, at, ev.typ)
	if ev.typ == "kafka" {
		t.Source = ld.str(v.get("topic"), at)
	} else {
		t.Source = ld.str(v.get("arn"), at)
	}
	t.BatchSize = orDefault(ld.integer(truthy(v.get("batchSize")), at), defaultBrokerBatch)
	t.MaxBatchingWindowSecs = orDefault(ld.integer(v.get("maximumBatchingWindow"), at), 0)
	t.Enabled = orDefault(ld.boolean(v.get("enabled"), at), true)
	return t
}

func (ld *loader) s3Trigger(ev event) *model.Trigger {
	v, at := ev.val, ev.at
	t := model.NewTrigger(model.TriggerS3, at, ev.typ)
	t.Source = ld.source(scalarOr(v, "bucket"), at, "bucket")
	if name, ok := s3BucketName(v); ok {
		if b, ok := ld.bucketsByName[name]; ok {
			t.Source.Ref = b.ID
		}
	}
	if v.kind == mapNode {
		t.Events = orDefault(ld.strList(v.get("event"), at), []string{defaultS3Event})
		if rules := v.get("rules"); rules != nil && rules.kind == seqNode {
			for _, r := range rules.items {
				if p := r.get("prefix"); p != nil {
					t.FilterPrefix = ld.str(p, at)
				}
				if s := r.get("suffix"); s != nil {
					t.FilterSuffix = ld.str(s, at)
				}
			}
		}
	} else {
		t.Events = model.Defaulted([]string{defaultS3Event}, at)
	}
	return t
}

func (ld *loader) snsTrigger(ev event) *model.Trigger {
	v, at := ev.val, ev.at
	t := model.NewTrigger(model.TriggerSNS, at, ev.typ)
	if name, ok := snsTopicName(v); ok {
		t.Source = ld.str(scalarOr(v, "topicName"), at)
		if tp, ok := ld.topicsByName[name]; ok {
			t.Source.Ref = tp.ID
		}
		return t
	}
	t.Source = ld.source(scalarOr(v, "arn"), at, "topic")
	return t
}

func (ld *loader) scheduleTrigger(d *fnDecl, ev event) *model.Trigger {
	v, at := ev.val, ev.at
	t := model.NewTrigger(model.TriggerSchedule, at, ev.typ)
	rate := scalarOr(v, "rate")
	id := normalizeName(d.key) + "EventsRuleSchedule" + strconv.Itoa(ev.index)
	if v.kind == mapNode && strings.EqualFold(strOf(v.get("method")), "scheduler") {
		id = normalizeName(d.key) + "SchedulerSchedule" + strconv.Itoa(ev.index)
	}
	expr := ld.firstOf(rate, at)
	t.Name = id
	t.Source = expr
	t.Source.Ref = id
	t.Enabled = orDefault(ld.boolean(v.get("enabled"), at), true)
	ld.p.Rules = append(ld.p.Rules, &model.EventRule{
		Resource: model.Resource{ID: id, Type: "AWS::Events::Rule", At: at, Name: ld.str(v.get("name"), at)},
		Schedule: expr, EventPattern: model.Missing[string](at), Targets: []string{d.key},
	})
	return t
}

func (ld *loader) eventBridgeTrigger(d *fnDecl, ev event) *model.Trigger {
	v, at := ev.val, ev.at
	t := model.NewTrigger(model.TriggerEventBridge, at, ev.typ)
	id := normalizeName(d.key) + "EventBridgeRule" + strconv.Itoa(ev.index)
	pattern := v.get("pattern")
	if ev.typ == "cloudwatchEvent" {
		id = normalizeName(d.key) + "EventsRuleCloudWatchEvent" + strconv.Itoa(ev.index)
		pattern = v.get("event")
	}
	rule := &model.EventRule{
		Resource: model.Resource{ID: id, Type: "AWS::Events::Rule", At: at, Name: ld.str(v.get("name"), at)},
		Schedule: ld.str(v.get("schedule"), at), EventPattern: ld.jsonAttr(pattern, at), Targets: []string{d.key},
	}
	if rule.Schedule.Origin != model.Absent {
		t.Kind = model.TriggerSchedule
		t.Source = rule.Schedule
	} else {
		t.Source = orDefault(ld.str(v.get("eventBus"), at), "default")
	}
	t.Name = id
	t.Source.Ref = id
	t.Enabled = orDefault(ld.boolean(v.get("enabled"), at), true)
	ld.p.Rules = append(ld.p.Rules, rule)
	return t
}

// jsonAttr renders a value (an event pattern) as JSON.
func (ld *loader) jsonAttr(n *node, hdr model.Range) model.Attr[string] {
	if n == nil || n.kind == nullNode {
		return model.Missing[string](hdr)
	}
	if n.kind == scalarNode {
		return ld.str(n, hdr)
	}
	budget := 1 << 14
	v, ok := toJSONValue(n, &budget)
	if !ok {
		return model.Unresolved[string](n.at)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return model.Unresolved[string](n.at)
	}
	return model.Set(string(b), n.at)
}

// toJSONValue converts a known value to plain Go values within a node budget.
func toJSONValue(n *node, budget *int) (any, bool) {
	*budget--
	if *budget < 0 || n.unknown {
		return nil, false
	}
	switch n.kind {
	case nullNode:
		return nil, true
	case scalarNode:
		switch n.tag {
		case "!!int", "!!float":
			if f, err := strconv.ParseFloat(n.value, 64); err == nil {
				return f, true
			}
		case "!!bool":
			b, _ := parseBool(n.value)
			return b, true
		}
		return n.value, true
	case seqNode:
		out := make([]any, 0, len(n.items))
		for _, it := range n.items {
			v, ok := toJSONValue(it, budget)
			if !ok {
				return nil, false
			}
			out = append(out, v)
		}
		return out, true
	case mapNode:
		if n.intrinsic() != "" {
			return nil, false
		}
		out := make(map[string]any, len(n.pairs))
		for _, p := range n.pairs {
			v, ok := toJSONValue(p.val, budget)
			if !ok {
				return nil, false
			}
			out[p.key] = v
		}
		return out, true
	}
	return nil, false
}

func strOf(n *node) string {
	s, _ := n.str()
	return s
}
