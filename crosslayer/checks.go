package crosslayer

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/slslint/slslint/iac/checks"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

// Check compares every confidently linked function (see Link.Confident) with its code and
// returns the cross-layer findings. Each is reported in the template (at the trigger, the
// setting or the function) with the code as related locations. Unknown values on either
// side never produce a finding.
func Check(links []*Link) []checks.Finding {
	c := &checker{}
	for _, lk := range links {
		if lk == nil || !lk.Confident() {
			continue
		}
		c.function(lk)
	}
	c.unusedEnv(links)
	c.permissions(links)
	return c.out
}

type checker struct {
	out []checks.Finding
}

func (c *checker) report(r *rules.Rule, level rules.Level, at model.Range, msg string, related ...checks.Related) {
	var rel []checks.Related
	for _, x := range related {
		if !x.At.IsZero() {
			rel = append(rel, x)
		}
	}
	f := checks.Finding{Rule: r, At: at, Message: msg, Related: rel}
	if level != r.Level {
		f.Level = level
	}
	c.out = append(c.out, f)
}

func (c *checker) function(lk *Link) {
	f, p := lk.Function, lk.Program
	c.missingEnv(lk)
	c.initMemory(lk)
	e := soleEntry(p)
	if e == nil {
		return // no handler, or several: which one a trigger invokes is not known
	}
	c.codeTimeouts(lk, e)
	for _, t := range f.Triggers {
		if t == nil || (t.Enabled.Known() && !t.Enabled.Value) {
			continue
		}
		if c.triggerEvent(lk, t, e) {
			continue // the event does not fit: the other checks would compare the wrong things
		}
		c.batchResponse(lk, t, e)
		c.selfTrigger(lk, t, e)
		c.deadlineHeadroom(lk, t, e)
		c.atLeastOnce(lk, t, e)
	}
}

// soleEntry is the program's only Lambda entry point.
func soleEntry(p *Program) *Entry {
	if p == nil || len(p.Entries) != 1 {
		return nil
	}
	return p.Entries[0]
}

// where returns a's range, or fallback when it has none.
func where[T any](a model.Attr[T], fallback model.Range) model.Range {
	if a.At.IsZero() {
		return fallback
	}
	return a.At
}

func codeAt(e *Entry) model.Range {
	if !e.Decl.IsZero() {
		return e.Decl
	}
	return e.At
}

func shortType(t string) string {
	if i := strings.LastIndex(t, "/"); i >= 0 {
		t = t[i+1:]
	}
	return t
}

func triggerName(t *model.Trigger) string {
	kind := map[model.TriggerKind]string{
		model.TriggerSQS: "SQS", model.TriggerKinesis: "Kinesis", model.TriggerDynamoDB: "DynamoDB stream",
		model.TriggerKafka: "Kafka", model.TriggerMQ: "Amazon MQ", model.TriggerS3: "S3", model.TriggerSNS: "SNS",
		model.TriggerEventBridge: "EventBridge", model.TriggerSchedule: "schedule", model.TriggerRESTAPI: "REST API",
		model.TriggerHTTPAPI: "HTTP API", model.TriggerALB: "ALB", model.TriggerFunctionURL: "function URL",
		model.TriggerCloudWatchLogs: "CloudWatch Logs", model.TriggerIoT: "IoT", model.TriggerSES: "SES",
		model.TriggerCognito: "Cognito", model.TriggerStepFunctions: "Step Functions",
	}[t.Kind]
	if kind == "" {
		kind = string(t.Kind)
	}
	if t.Name != "" {
		return kind + " trigger " + t.Name
	}
	return kind + " trigger"
}

// --- SLS125 trigger-handler-mismatch ---

const eventsPrefix = "github.com/aws/aws-lambda-go/events."

// acceptedEvents lists, per trigger kind, the aws-lambda-go event types whose JSON is
// what the trigger sends. Kinds not listed send payloads the code may model any way.
var acceptedEvents = map[model.TriggerKind][]string{
	model.TriggerSQS:            {"SQSEvent"},
	model.TriggerKinesis:        {"KinesisEvent", "KinesisTimeWindowEvent"},
	model.TriggerDynamoDB:       {"DynamoDBEvent", "DynamoDBTimeWindowEvent"},
	model.TriggerKafka:          {"KafkaEvent"},
	model.TriggerMQ:             {"ActiveMQEvent", "RabbitMQEvent"},
	model.TriggerS3:             {"S3Event"},
	model.TriggerSNS:            {"SNSEvent"},
	model.TriggerEventBridge:    {"CloudWatchEvent", "AutoScalingEvent", "CodeBuildEvent", "CodeDeployEvent", "CodePipelineCloudWatchEvent", "ECRScanEvent", "ECRImageActionEvent", "ECSContainerInstanceEvent"},
	model.TriggerSchedule:       {"CloudWatchEvent"},
	model.TriggerRESTAPI:        {"APIGatewayProxyRequest"},
	model.TriggerALB:            {"ALBTargetGroupRequest"},
	model.TriggerFunctionURL:    {"LambdaFunctionURLRequest", "APIGatewayV2HTTPRequest"},
	model.TriggerCloudWatchLogs: {"CloudwatchLogsEvent"},
	model.TriggerSES:            {"SimpleEmailEvent"},
}

// expectedEvents returns the event types a trigger sends; nil when the payload is not
// fixed (custom input, an unknown payload format).
func expectedEvents(t *model.Trigger) []string {
	if t.Kind == model.TriggerHTTPAPI {
		if !t.PayloadFormatVersion.Known() {
			return nil
		}
		switch t.PayloadFormatVersion.Value {
		case "1.0":
			return []string{"APIGatewayProxyRequest"}
		case "2.0":
			return []string{"APIGatewayV2HTTPRequest"}
		}
		return nil
	}
	if t.Kind == model.TriggerCognito {
		return []string{"Cognito*"}
	}
	return acceptedEvents[t.Kind]
}

// handlerEvent is the handler's event type name in aws-lambda-go/events ("SQSEvent"), ""
// when it is another type (custom, json.RawMessage, none).
func handlerEvent(e *Entry) string {
	t := strings.TrimPrefix(e.Event, "*")
	name, ok := strings.CutPrefix(t, eventsPrefix)
	if !ok {
		return ""
	}
	return name
}

// triggerEvent reports SLS125 and whether the trigger and handler disagree.
func (c *checker) triggerEvent(lk *Link, t *model.Trigger, e *Entry) bool {
	event := handlerEvent(e)
	want := expectedEvents(t)
	if event == "" || want == nil {
		return false
	}
	for _, w := range want {
		if w == event || strings.HasSuffix(w, "*") && strings.HasPrefix(event, strings.TrimSuffix(w, "*")) {
			return false
		}
	}
	f := lk.Function
	sends := "events." + strings.Join(want, " or events.")
	extra := ""
	if t.Kind == model.TriggerHTTPAPI {
		extra = fmt.Sprintf(" (payload format %s)", t.PayloadFormatVersion.Value)
	}
	c.report(rules.TriggerHandlerMismatch, rules.TriggerHandlerMismatch.Level, t.At, fmt.Sprintf(
		"%s%s of function %s sends %s, but its handler %s takes events.%s\nthe payload is decoded into the wrong "+
			"type, and every field the trigger does not send is empty, so the handler misreads its input; change the "+
			"handler's event type or wire the function to the trigger it was written for.",
		triggerName(t), extra, f.ID, sends, e.Name, event),
		checks.Related{At: codeAt(e), Message: fmt.Sprintf("handler %s takes events.%s", e.Name, event)})
	return true
}

// --- SLS124 batch-response-mismatch ---

var batchResponses = map[model.TriggerKind]string{
	model.TriggerSQS:      "events.SQSEventResponse",
	model.TriggerKinesis:  "events.KinesisEventResponse",
	model.TriggerDynamoDB: "events.DynamoDBEventResponse",
}

func (c *checker) batchResponse(lk *Link, t *model.Trigger, e *Entry) {
	want, ok := batchResponses[t.Kind]
	if !ok || handlerEvent(e) == "" {
		return
	}
	frt := t.FunctionResponseTypes
	if frt.Origin == model.Unknown {
		return
	}
	reports := false
	for _, v := range frt.Value {
		if strings.EqualFold(v, "ReportBatchItemFailures") {
			reports = true
		}
	}
	if !frt.Known() {
		reports = false // not written: Lambda's default is no partial batch responses
	}
	f := lk.Function
	setting := responseTypesSetting(lk.Project.Format)
	code := checks.Related{At: codeAt(e), Message: fmt.Sprintf("handler %s returns %s", e.Name, responseDesc(e))}
	switch {
	case reports && e.BatchResponse == No:
		c.report(rules.BatchResponseMismatch, rules.BatchResponseMismatch.Level, where(frt, t.At), fmt.Sprintf(
			"%s of function %s sets %s, but its handler %s returns %s, not %s\nit cannot report which records "+
				"failed, so one failure retries the whole batch, records that succeeded included; return %s with the failed "+
				"records' IDs, or remove the setting.",
			triggerName(t), f.ID, setting, e.Name, responseDesc(e), want, want), code)
	case !reports && e.BatchResponse == Yes:
		c.report(rules.BatchResponseMismatch, rules.BatchResponseMismatch.Level, t.At, fmt.Sprintf(
			"handler %s of function %s returns %s to report failed records, but %s does not set %s\nLambda "+
				"ignores the failures it reports and, as the invocation succeeds, deletes the whole batch, failed records "+
				"included (silent data loss); set %s.",
			e.Name, f.ID, responseDesc(e), triggerName(t), setting, setting), code)
	}
}

func responseDesc(e *Entry) string {
	if e.Response == "" {
		return "only an error"
	}
	return shortType(e.Response)
}

func responseTypesSetting(f model.Format) string {
	switch f {
	case model.Terraform:
		return `function_response_types = ["ReportBatchItemFailures"]`
	case model.Serverless:
		return "functionResponseType: ReportBatchItemFailures"
	}
	return "FunctionResponseTypes: [ReportBatchItemFailures]"
}

// --- SLS127 self-trigger-in-code ---

// writeKinds maps write operations to the trigger kind their resource would be.
func writeKind(op string) model.TriggerKind {
	switch svc, _, _ := strings.Cut(op, "."); svc {
	case "s3", "s3manager":
		return model.TriggerS3
	case "sqs":
		return model.TriggerSQS
	case "sns":
		return model.TriggerSNS
	case "kinesis":
		return model.TriggerKinesis
	}
	return ""
}

func (c *checker) selfTrigger(lk *Link, t *model.Trigger, e *Entry) {
	f := lk.Function
	for _, w := range e.Writes {
		if w.Env == "" || writeKind(w.Op) != t.Kind {
			continue
		}
		ev, ok := f.Env(w.Env)
		if !ok || !sameResource(t, ev.Value) {
			continue
		}
		if t.Kind == model.TriggerS3 && !s3Matches(t, w.Key) {
			continue
		}
		resource := t.Source.Ref
		if resource == "" {
			resource = t.Source.Value
		}
		kind := map[model.TriggerKind]string{model.TriggerS3: "bucket", model.TriggerSQS: "queue", model.TriggerSNS: "topic", model.TriggerKinesis: "stream"}[t.Kind]
		c.report(rules.SelfTriggerInCode, rules.SelfTriggerInCode.Level, t.At, fmt.Sprintf(
			"handler %s of function %s writes to %s %s, which triggers it\n%s goes to the %s named by environment "+
				"variable %s, set to %s in the template; each event it handles produces another, an endless billed loop "+
				"that Lambda's recursion detection stops only after about 16 rounds, and not for every service; write "+
				"to another %s%s.",
			e.Name, f.ID, kind, resource, w.Op, kind, w.Env, resource, kind, s3Fix(t)),
			checks.Related{At: w.At, Message: fmt.Sprintf("%s to $%s: %s", w.Op, w.Env, w.Chain)},
			checks.Related{At: ev.Value.At, Message: fmt.Sprintf("%s names %s %s", w.Env, kind, resource)})
		return
	}
}

func s3Fix(t *model.Trigger) string {
	if t.Kind == model.TriggerS3 {
		return ", or filter the notification by a prefix or suffix the function's output never has"
	}
	return ""
}

// sameResource reports whether an environment variable's value names the trigger's
// source: both refer to the same resource of the project, or their known values name
// the same bucket, queue, topic or stream.
func sameResource(t *model.Trigger, v model.Attr[string]) bool {
	if t.Source.Ref != "" && v.Ref != "" {
		return t.Source.Ref == v.Ref
	}
	if !t.Source.Known() || !v.Known() || t.Source.Value == "" || v.Value == "" {
		return false
	}
	return resourceName(t.Kind, t.Source.Value) == resourceName(t.Kind, v.Value)
}

// resourceName reduces a bucket name or ARN, queue URL or ARN, topic ARN, stream name or
// ARN to a comparable "account:name" (or "name").
func resourceName(kind model.TriggerKind, v string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "arn:") {
		parts := strings.SplitN(v, ":", 6)
		if len(parts) == 6 {
			name := parts[5]
			name = strings.TrimPrefix(name, "stream/")
			if kind == model.TriggerS3 {
				return name
			}
			return parts[4] + ":" + name
		}
	}
	if kind == model.TriggerSQS && strings.HasPrefix(v, "https://") {
		// https://sqs.<region>.amazonaws.com/<account>/<name>
		parts := strings.Split(strings.TrimSuffix(v, "/"), "/")
		if len(parts) >= 5 {
			return parts[len(parts)-2] + ":" + parts[len(parts)-1]
		}
	}
	return v
}

// s3Matches reports whether objects written under the key pattern can match the
// notification's filter: no filter, or a constant prefix and suffix the filter accepts.
func s3Matches(t *model.Trigger, key string) bool {
	if t.Events.Known() && len(t.Events.Value) > 0 {
		created := false
		for _, ev := range t.Events.Value {
			if strings.HasPrefix(ev, "s3:ObjectCreated") {
				created = true
			}
		}
		if !created {
			return false
		}
	}
	for _, a := range []model.Attr[string]{t.FilterPrefix, t.FilterSuffix} {
		if a.Origin == model.Unknown {
			return false
		}
	}
	prefix, suffix := "", ""
	if t.FilterPrefix.Known() {
		prefix = t.FilterPrefix.Value
	}
	if t.FilterSuffix.Known() {
		suffix = t.FilterSuffix.Value
	}
	if prefix == "" && suffix == "" {
		return true
	}
	if key == "" {
		return false // a filter, and nothing known about the key: it may keep them apart
	}
	i := strings.IndexByte(key, '*')
	if i < 0 {
		return strings.HasPrefix(key, prefix) && strings.HasSuffix(key, suffix)
	}
	head, tail := key[:i], key[strings.LastIndexByte(key, '*')+1:]
	// The key surely matches when its constant ends cover the filter's.
	return strings.HasPrefix(head, prefix) && strings.HasSuffix(tail, suffix)
}

// --- SLS128 missing-env-var and SLS129 unused-env-var ---

// runtimeEnv are variables the Lambda runtime sets in every function.
var runtimeEnv = map[string]bool{
	"_HANDLER": true, "_X_AMZN_TRACE_ID": true, "LAMBDA_TASK_ROOT": true, "LAMBDA_RUNTIME_DIR": true, "TZ": true,
	"LANG": true, "PATH": true, "LD_LIBRARY_PATH": true,
}

func setByRuntime(name string) bool {
	return runtimeEnv[name] || strings.HasPrefix(name, "AWS_")
}

func (c *checker) missingEnv(lk *Link) {
	f, p := lk.Function, lk.Program
	if f.EnvironmentUnknown {
		return
	}
	byName := map[string][]EnvRead{}
	var names []string
	for _, r := range p.Env {
		if r.HasDefault || setByRuntime(r.Name) {
			continue
		}
		if _, ok := f.Env(r.Name); ok {
			continue
		}
		if _, ok := byName[r.Name]; !ok {
			names = append(names, r.Name)
		}
		byName[r.Name] = append(byName[r.Name], r)
	}
	// A variable read without a default somewhere and with one elsewhere is still read
	// without one there.
	sort.Strings(names)
	for _, name := range names {
		reads := byName[name]
		var rel []checks.Related
		for i, r := range reads {
			if i == 3 {
				break
			}
			rel = append(rel, checks.Related{At: r.At, Message: fmt.Sprintf("reads %s without a default", name)})
		}
		c.report(rules.MissingEnvVar, rules.MissingEnvVar.Level, f.At, fmt.Sprintf(
			"the code of function %s reads environment variable %s with no default, but the function's "+
				"environment does not define it\nthe code gets an empty string in production, which fails late and far from "+
				"the cause; define %s in the function's (or the shared) environment, or give the read a default.",
			f.ID, name, name), rel...)
	}
}

// consumedElsewhere are variables read by the runtime, the standard library, extensions
// and widely used libraries rather than by the function's own code.
func consumedElsewhere(name string) bool {
	if setByRuntime(name) {
		return true
	}
	switch name {
	case "GODEBUG", "GOMAXPROCS", "GOMEMLIMIT", "GOGC", "GOTRACEBACK", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
		"http_proxy", "https_proxy", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR", "GIN_MODE", "LOG_LEVEL":
		return true
	}
	for _, prefix := range []string{"OTEL_", "DD_", "DATADOG_", "POWERTOOLS_", "NEW_RELIC_", "NR_", "LUMIGO_", "SENTRY_",
		"HONEYCOMB_", "ELASTIC_APM_", "LAMBDA_", "_", "PG", "JAVA_", "NODE_", "PYTHON"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// unusedEnv reports variables no linked code reads. A variable shared by several
// functions (SAM Globals, serverless provider.environment) is reported once, and only when
// every function that gets it is linked and none of their code reads it.
func (c *checker) unusedEnv(links []*Link) {
	type key struct {
		name string
		at   model.Range
	}
	users := map[key][]*Link{}
	var order []key
	for _, lk := range links {
		if lk == nil {
			continue
		}
		for _, ev := range lk.Function.Environment {
			k := key{ev.Name, ev.Value.At}
			if _, ok := users[k]; !ok {
				order = append(order, k)
			}
			users[k] = append(users[k], lk)
		}
	}
	for _, k := range order {
		lks := users[k]
		if consumedElsewhere(k.name) || k.at.IsZero() {
			continue
		}
		unused := true
		for _, lk := range lks {
			if !lk.Confident() || len(lk.Program.EnvOpaque) > 0 || len(lk.Program.Unresolved) > 0 || reads(lk.Program, k.name) {
				unused = false
				break
			}
		}
		if !unused {
			continue
		}
		var ids []string
		var rel []checks.Related
		for _, lk := range lks {
			ids = append(ids, lk.Function.ID)
			if e := soleEntry(lk.Program); e != nil && len(rel) < 3 {
				rel = append(rel, checks.Related{At: e.At, Message: fmt.Sprintf("the code of function %s never reads %s", lk.Function.ID, k.name)})
			}
		}
		subject := fmt.Sprintf("environment variable %s of function %s is never read by its code", k.name, ids[0])
		if len(lks) > 1 {
			subject = fmt.Sprintf("environment variable %s, set for functions %s, is never read by their code",
				k.name, strings.Join(ids, ", "))
		}
		c.report(rules.UnusedEnvVar, rules.UnusedEnvVar.Level, k.at, subject+
			"\na stale setting misleads whoever reads the template, and a secret in it is exposed for nothing; remove it, "+
			"or suppress this if a library or extension reads it.", rel...)
	}
}

func reads(p *Program, name string) bool {
	for _, r := range p.Env {
		if r.Name == name {
			return true
		}
	}
	return false
}

// --- SLS208 init-exceeds-memory-budget ---

func (c *checker) initMemory(lk *Link) {
	f, p := lk.Function, lk.Program
	if len(p.Startup) == 0 || !f.MemoryMB.Known() || f.MemoryMB.Value <= 0 || f.MemoryMB.Value > 256 {
		return
	}
	var rel []checks.Related
	for i, s := range p.Startup {
		if i == 3 {
			break
		}
		rel = append(rel, checks.Related{At: s.At, Message: s.What})
	}
	more := ""
	if n := len(p.Startup); n > 1 {
		more = fmt.Sprintf(" (and %d more)", n-1)
	}
	c.report(rules.InitExceedsMemoryBudget, rules.InitExceedsMemoryBudget.Level, where(f.MemoryMB, f.At), fmt.Sprintf(
		"function %s has %d MB of memory (a small share of a CPU) and its code blocks at start-up\n"+
			"%s%s; on a small function that start-up work makes every cold start slowest; move it out of start-up, or give "+
			"the function more memory (1,769 MB buys a full vCPU).",
		f.ID, f.MemoryMB.Value, p.Startup[0].What, more), rel...)
}

// --- SLS412 code-timeout-exceeds-function ---

func (c *checker) codeTimeouts(lk *Link, e *Entry) {
	f := lk.Function
	if !f.TimeoutSeconds.Known() || f.TimeoutSeconds.Value <= 0 {
		return
	}
	timeout := time.Duration(f.TimeoutSeconds.Value) * time.Second
	var over []Budget
	for _, list := range [][]Budget{e.Budgets, lk.Program.Budgets} {
		for _, b := range list {
			if b.Duration > timeout {
				over = append(over, b)
			}
		}
	}
	if len(over) == 0 {
		return
	}
	sort.SliceStable(over, func(i, j int) bool { return over[i].Duration > over[j].Duration })
	longest := over[0]
	var rel []checks.Related
	for i, b := range over {
		if i == 3 {
			break
		}
		rel = append(rel, checks.Related{At: b.At, Message: fmt.Sprintf("%s: %s (%s)", b.What, b.Duration, b.Chain)})
	}
	more := ""
	if n := len(over); n > 1 {
		more = fmt.Sprintf(" (and %d more)", n-1)
	}
	fix := "raise the function's timeout above it or bound the code below the timeout"
	if longest.Op == "context.WithTimeout" || longest.Op == "context.WithDeadline" || strings.HasPrefix(longest.Op, "context.") {
		fix = "derive the code's timeout from the invocation's deadline (ctx.Deadline()) minus some headroom, or raise the function's timeout"
	}
	c.report(rules.CodeTimeoutExceedsFunction, rules.CodeTimeoutExceedsFunction.Level, where(f.TimeoutSeconds, f.At), fmt.Sprintf(
		"function %s times out after %s, but its handler %s allows %s for %s%s\nLambda kills the invocation "+
			"before the code's own limit fires, so its error handling, retries and clean-up never run; %s.",
		f.ID, timeout, e.Name, longest.Duration, longest.What, more, fix), rel...)
}

// --- SLS413 no-deadline-headroom ---

func (c *checker) deadlineHeadroom(lk *Link, t *model.Trigger, e *Entry) {
	f := lk.Function
	if e.ReadsDeadline || !t.Kind.Polled() || !t.BatchSize.Known() || t.BatchSize.Value <= 1 ||
		!f.TimeoutSeconds.Known() || f.TimeoutSeconds.Value <= 0 {
		return
	}
	timeout := time.Duration(f.TimeoutSeconds.Value) * time.Second
	for _, l := range e.Loops {
		if l.PerItem == nil {
			continue
		}
		total := time.Duration(t.BatchSize.Value) * l.PerItem.Duration
		if total <= timeout {
			continue
		}
		c.report(rules.NoDeadlineHeadroom, rules.NoDeadlineHeadroom.Level, where(t.BatchSize, t.At), fmt.Sprintf(
			"%s of function %s delivers up to %d records, and its handler %s allows up to %s per record for %s, "+
				"%s in all, more than the %s timeout, without ever reading the invocation's deadline\nthe batch is cut off "+
				"mid-record and retried whole; check ctx.Deadline() in the loop and stop (reporting the rest as failed) with "+
				"headroom left, or lower the batch size.",
			triggerName(t), f.ID, t.BatchSize.Value, e.Name, l.PerItem.Duration, l.PerItem.What, total, timeout),
			checks.Related{At: l.At, Message: fmt.Sprintf("loop over the %s records", l.Event)},
			checks.Related{At: l.PerItem.At, Message: fmt.Sprintf("%s: %s per record", l.PerItem.What, l.PerItem.Duration)})
		return
	}
}

// --- SLS126 at-least-once-without-idempotency ---

func (c *checker) atLeastOnce(lk *Link, t *model.Trigger, e *Entry) {
	if !t.Kind.AtLeastOnce() || len(e.NonIdempotent) == 0 {
		return
	}
	f := lk.Function
	level := rules.AtLeastOnceWithoutIdempotency.Level
	if !hasFailureDestination(lk.Project, f, t) {
		level = rules.Error
	}
	var rel []checks.Related
	var what []string
	for i, ev := range e.NonIdempotent {
		if i == 3 {
			break
		}
		rel = append(rel, checks.Related{At: ev.At, Message: fmt.Sprintf("%s (%s): %s", ev.Op, ev.Rule, ev.Chain)})
		what = append(what, fmt.Sprintf("%s (%s, %s)", ev.Op, ev.Reason, ev.Rule))
	}
	if n := len(e.NonIdempotent); n > 3 {
		what = append(what, fmt.Sprintf("%d more", n-3))
	}
	dest := ""
	if level == rules.Error {
		dest = " and nothing keeps the events that fail every retry (no dead-letter queue or on-failure destination), so a bad one is lost after it has written its duplicates"
	}
	c.report(rules.AtLeastOnceWithoutIdempotency, level, t.At, fmt.Sprintf(
		"%s delivers events to function %s at least once, but its handler %s is not idempotent\nit calls %s; every "+
			"redelivery repeats them%s; key the writes on the event's identity or guard them with a conditional write "+
			"or an idempotency record.",
		triggerName(t), f.ID, e.Name, strings.Join(what, "; "), dest), rel...)
}

// hasFailureDestination reports whether events that fail every retry are kept: a DLQ or
// on-failure destination for asynchronous invocation, the queue's redrive policy, the
// stream mapping's on-failure destination. Unknown counts as kept.
func hasFailureDestination(p *model.Project, f *model.Function, t *model.Trigger) bool {
	switch {
	case t.Kind.Async():
		return f.DeadLetterTarget.IsSet() || f.OnFailure.IsSet()
	case t.Kind == model.TriggerSQS:
		for _, q := range p.Queues {
			if q != nil && q.ID == t.Source.Ref {
				return q.RedriveTarget.IsSet()
			}
		}
		return true // the queue is not in the project
	case t.Kind.Stream():
		return t.OnFailure.IsSet()
	}
	return true
}
