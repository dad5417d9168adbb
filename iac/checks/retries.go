package checks

import (
	"fmt"
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

// SLS120: a Kinesis or DynamoDB stream trigger that retries a failing batch until its
// records expire.
func checkStreamRetries(ps *pass) {
	for _, f := range ps.functions() {
		for _, t := range triggers(f) {
			if t.Kind != model.TriggerKinesis && t.Kind != model.TriggerDynamoDB {
				continue
			}
			retries := t.MaximumRetryAttempts
			unbounded := false
			switch retries.Origin {
			case model.Absent:
				unbounded = true
			case model.Default, model.Explicit:
				unbounded = retries.Value < 0
			}
			if !unbounded || t.OnFailure.IsSet() || setOrUnknown(t.BisectBatchOnFunctionError) {
				continue
			}
			at := t.At
			why := "MaximumRetryAttempts is unset (-1, retry forever)"
			if retries.Origin == model.Explicit {
				at = where(retries, t.At)
				why = "MaximumRetryAttempts is -1 (retry forever)"
			}
			ps.report(rules.StreamRetryUnbounded, at, fmt.Sprintf(
				"%s of function %s retries a failing batch until its records expire\n%s, with no on-failure destination "+
					"and no batch bisection, so one poison record blocks its shard for up to the stream's retention "+
					"(24 h by default); set %s.",
				triggerName(t), f.ID, why, settingStreamRetries.of(ps.project, f.Type)),
				Related{At: f.At, Message: "function " + f.ID})
		}
	}
}

// asyncSource is a reason a function is invoked asynchronously.
type asyncSource struct {
	what string
	at   model.Range
}

// asyncServices maps the service principals that invoke functions asynchronously to how
// messages name them.
var asyncServices = map[string]string{
	"s3":        "S3",
	"sns":       "SNS",
	"events":    "EventBridge",
	"scheduler": "EventBridge Scheduler",
	"logs":      "CloudWatch Logs",
	"iot":       "IoT",
	"ses":       "SES",
}

// servicePrincipal returns the service of a principal like "s3.amazonaws.com" or
// "logs.eu-west-1.amazonaws.com".
func servicePrincipal(principal string) (string, bool) {
	p := strings.ToLower(strings.TrimSpace(principal))
	for _, suffix := range []string{".amazonaws.com.cn", ".amazonaws.com", ".amazon.com"} {
		if rest, ok := strings.CutSuffix(p, suffix); ok && rest != "" {
			svc, _, _ := strings.Cut(rest, ".")
			return svc, true
		}
	}
	return "", false
}

// asyncTriggerKinds maps the asynchronous service principals to the trigger kinds a loader
// records for the same service.
var asyncTriggerKinds = map[string][]model.TriggerKind{
	"s3":        {model.TriggerS3},
	"sns":       {model.TriggerSNS},
	"events":    {model.TriggerEventBridge, model.TriggerSchedule},
	"scheduler": {model.TriggerSchedule},
	"logs":      {model.TriggerCloudWatchLogs},
	"iot":       {model.TriggerIoT},
	"ses":       {model.TriggerSES},
}

// asyncSources lists what invokes f asynchronously: its triggers, the project's event rules
// that target it, and Lambda permissions that let an asynchronous service invoke it. One
// source is listed once: a rule that is also the source of a trigger (a SAM Schedule event is
// both), or a permission that lets the service of a listed trigger invoke the function (the
// permission an S3 notification needs), adds nothing.
func (ps *pass) asyncSources(f *model.Function) []asyncSource {
	var out []asyncSource
	seen := map[model.Range]bool{}
	add := func(s asyncSource) {
		if !s.at.IsZero() && seen[s.at] {
			return
		}
		seen[s.at] = true
		out = append(out, s)
	}
	ts := triggers(f)
	bySource := map[string]bool{}
	for _, t := range ts {
		if t.Kind.Async() {
			add(asyncSource{triggerName(t), t.At})
		}
		if t.Source.Ref != "" {
			bySource[t.Source.Ref] = true
		}
	}
	for _, r := range ps.project.Rules {
		if r == nil || bySource[r.ID] {
			continue
		}
		for _, target := range r.Targets {
			if target == f.ID {
				add(asyncSource{"event rule " + r.ID, r.At})
				bySource[r.ID] = true
				break
			}
		}
	}
	for _, p := range ps.project.Permissions {
		if p == nil || p.Function != f.ID || !p.Principal.Known() {
			continue
		}
		svc, ok := servicePrincipal(p.Principal.Value)
		name, async := asyncServices[svc]
		if !ok || !async || p.SourceArn.Ref != "" && bySource[p.SourceArn.Ref] || hasTriggerOf(ts, asyncTriggerKinds[svc], p.SourceArn.Ref) {
			continue
		}
		add(asyncSource{"a permission for " + name + " (" + p.ID + ")", where(p.Principal, p.At)})
	}
	return out
}

// hasTriggerOf reports whether one of ts is of one of kinds and may read source (a
// resource ID, "" when unknown).
func hasTriggerOf(ts []*model.Trigger, kinds []model.TriggerKind, source string) bool {
	for _, t := range ts {
		for _, k := range kinds {
			if t.Kind == k && (source == "" || t.Source.Ref == "" || t.Source.Ref == source) {
				return true
			}
		}
	}
	return false
}

// SLS121: an asynchronously invoked function with neither a DLQ nor an on-failure
// destination.
func checkAsyncFailureDestination(ps *pass) {
	for _, f := range ps.functions() {
		if f.DeadLetterTarget.IsSet() || f.OnFailure.IsSet() || ps.project.ResourcesUnknown {
			// With resources that cannot be read, an invoke configuration may be
			// among them.
			continue
		}
		sources := ps.asyncSources(f)
		if len(sources) == 0 {
			continue
		}
		var related []Related
		for _, s := range sources {
			related = append(related, Related{At: s.at, Message: "invoked asynchronously by " + s.what})
		}
		ps.report(rules.AsyncNoFailureDestination, f.At, fmt.Sprintf(
			"function %s is invoked asynchronously (by %s) but has neither a dead-letter queue nor an on-failure destination\n"+
				"Lambda retries a failed event twice and then drops it silently; add %s.",
			f.ID, sources[0].what, settingOnFailure.of(ps.project, f.Type)), related...)
	}
}

// SLS122: an SQS queue that triggers a function has no redrive policy.
func checkQueueRedrive(ps *pass) {
	consumers := map[*model.Queue][]Related{}
	var order []*model.Queue
	for _, f := range ps.functions() {
		for _, t := range triggers(f) {
			if t.Kind != model.TriggerSQS {
				continue
			}
			q, ok := ps.queues[t.Source.Ref]
			if !ok || t.Source.Ref == "" {
				continue
			}
			if _, seen := consumers[q]; !seen {
				order = append(order, q)
			}
			consumers[q] = append(consumers[q], Related{At: t.At, Message: "triggers function " + f.ID})
		}
	}
	for _, q := range order {
		if q.RedriveTarget.IsSet() {
			continue
		}
		ps.report(rules.QueueNoRedrive, where(q.RedriveTarget, q.At), fmt.Sprintf(
			"queue %s triggers a function but has no redrive policy\na message that always fails is received, "+
				"retried and billed again and again until the retention period ends (4 days by default, up to 14); "+
				"add %s pointing at a dead-letter queue.",
			q.ID, settingRedrive.in(ps.project)), consumers[q]...)
	}
}

// writeGrant is a policy element that lets a function write to one of its trigger sources.
type writeGrant struct {
	at   model.Range
	what string
}

// SLS123: a function that can write to the bucket, queue or topic that triggers it, or that
// turns off Lambda's recursive loop detection.
func checkRecursiveTriggers(ps *pass) {
	for _, f := range ps.functions() {
		if f.RecursiveLoop.Origin == model.Explicit && strings.EqualFold(f.RecursiveLoop.Value, "Allow") {
			ps.reportFunction(rules.RecursiveTrigger, rules.RecursiveTrigger.Level, where(f.RecursiveLoop, f.At), f.ID, func(s subject) string {
				return fmt.Sprintf(
					"%s %s RecursiveLoop to Allow, which turns off Lambda's detection of recursive loops\n"+
						"a function that writes to its own trigger runs (and bills) until someone notices; remove it (the default is Terminate).",
					s, s.verb("sets", "set"))
			})
		}
		policies := ps.policiesOf(f)
		for _, t := range triggers(f) {
			var action string
			switch t.Kind {
			case model.TriggerS3:
				action = "s3:PutObject"
			case model.TriggerSQS:
				action = "sqs:SendMessage"
			case model.TriggerSNS:
				action = "sns:Publish"
			default:
				continue
			}
			if t.Source.Ref == "" {
				continue
			}
			g, ok := ps.writeGrant(policies, t, action)
			if !ok {
				continue
			}
			ps.report(rules.RecursiveTrigger, t.At, fmt.Sprintf(
				"function %s is triggered by %s and its role can write to it (%s)\neach write invokes the function again, "+
					"and Lambda's loop detection stops the chain only after about 16 billed invocations, or never for loops it "+
					"cannot trace; write somewhere else or %s.",
				f.ID, sourceName(t), g.what, separation(t.Kind)),
				Related{At: g.at, Message: "grants " + action + " on " + t.Source.Ref})
		}
	}
}

func sourceName(t *model.Trigger) string {
	switch t.Kind {
	case model.TriggerS3:
		return "bucket " + t.Source.Ref
	case model.TriggerSQS:
		return "queue " + t.Source.Ref
	}
	return "topic " + t.Source.Ref
}

func separation(k model.TriggerKind) string {
	if k == model.TriggerS3 {
		return "add a prefix or suffix filter to the notification that the written keys do not match"
	}
	return "make sure the messages it sends cannot reach itself"
}

// writeGrant finds a policy element that grants action on the trigger's source. For S3, a
// notification with a prefix or suffix filter is taken to separate what the function reads
// from what it writes unless the grant is known to cover only keys the filter matches.
func (ps *pass) writeGrant(policies []*model.Policy, t *model.Trigger, action string) (writeGrant, bool) {
	filtered := t.Kind == model.TriggerS3 && (t.FilterPrefix.IsSet() && t.FilterPrefix.Value != "" || t.FilterSuffix.IsSet() && t.FilterSuffix.Value != "" ||
		t.FilterPrefix.Origin == model.Unknown || t.FilterSuffix.Origin == model.Unknown)
	for _, p := range policies {
		if tpl, ok := samTemplates[templateName(p)]; ok && tpl.writes == action && p.TemplateResource.Ref == t.Source.Ref {
			// Templates grant the whole bucket (bucket/*): a filter may separate.
			if !filtered {
				return writeGrant{where(p.TemplateResource, p.At), "policy template " + templateName(p)}, true
			}
			continue
		}
		for _, st := range p.Statements {
			if !allows(st) {
				continue
			}
			a, ok := grantingAction(st, action)
			if !ok {
				continue
			}
			for _, r := range st.Resources {
				if !ps.refersTo(r, t) {
					continue
				}
				if t.Kind == model.TriggerS3 {
					key, objectLevel := s3KeyPattern(r)
					if !objectLevel {
						continue // a bucket ARN without a key grants no object writes
					}
					if filtered && !keysWithinFilter(key, t) {
						continue
					}
				}
				return writeGrant{r.At, fmt.Sprintf("%s on %s", a.Value, resourceLabel(r))}, true
			}
		}
	}
	return writeGrant{}, false
}

// refersTo reports whether a statement resource is the trigger's source: by reference, or
// by an ARN whose name part matches the source's known physical name ("*" alone is left to
// SLS504).
func (ps *pass) refersTo(r model.Attr[string], t *model.Trigger) bool {
	if r.Ref != "" {
		return r.Ref == t.Source.Ref
	}
	if !r.Known() || !strings.HasPrefix(r.Value, "arn:") {
		return false
	}
	var name model.Attr[string]
	var arnName string
	switch t.Kind {
	case model.TriggerS3:
		if b, ok := ps.buckets[t.Source.Ref]; ok {
			name = b.Name
		}
		_, rest, ok := strings.Cut(r.Value, ":::")
		if !ok {
			return false
		}
		arnName, _, _ = strings.Cut(rest, "/")
	case model.TriggerSQS, model.TriggerSNS:
		if q, ok := ps.queues[t.Source.Ref]; ok && t.Kind == model.TriggerSQS {
			name = q.Name
		}
		if tp, ok := ps.topics[t.Source.Ref]; ok && t.Kind == model.TriggerSNS {
			name = tp.Name
		}
		arnName = r.Value[strings.LastIndexByte(r.Value, ':')+1:]
	}
	if !name.Known() || name.Value == "" || arnName == "" || arnName == "*" {
		return false
	}
	return wildcardMatch(arnName, name.Value)
}

// s3KeyPattern returns the object-key part of an S3 resource ARN ("uploads/*" in
// "arn:aws:s3:::bucket/uploads/*") and whether the ARN covers objects at all. An unresolved
// value that refers to the bucket may be either: it is taken to cover any key.
func s3KeyPattern(r model.Attr[string]) (string, bool) {
	if !r.Known() {
		return "*", true
	}
	v := r.Value
	if i := strings.Index(v, ":::"); i >= 0 {
		v = v[i+3:]
	}
	_, key, ok := strings.Cut(v, "/")
	return key, ok
}

// keysWithinFilter reports whether every key a grant's key pattern allows is matched by
// the notification's filters, so that the filter does not separate writes from reads.
func keysWithinFilter(key string, t *model.Trigger) bool {
	if t.FilterPrefix.Origin == model.Unknown || t.FilterSuffix.Origin == model.Unknown {
		return false
	}
	literal, _, _ := strings.Cut(key, "*")
	if t.FilterPrefix.Value != "" && !strings.HasPrefix(literal, t.FilterPrefix.Value) {
		return false
	}
	if s := t.FilterSuffix.Value; s != "" {
		i := strings.LastIndexByte(key, '*')
		if !strings.HasSuffix(key[i+1:], s) {
			return false
		}
	}
	return true
}

func resourceLabel(r model.Attr[string]) string {
	if r.Known() {
		return r.Value
	}
	return r.Ref
}
