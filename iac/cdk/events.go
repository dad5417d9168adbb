package cdk

import (
	"fmt"
	"strings"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/iac/model"
)

// --- EventBridge rules ---

func (r *reader) eventsFunc(name string, c *goeval.Call) (goeval.Value, bool) {
	switch name {
	case "NewRule":
		return r.newRule(c), true
	case "Schedule_Rate":
		d, ok := c.Arg(0).(duration)
		if !ok {
			return schedule{expr: goeval.Unknown{}}, true
		}
		return schedule{expr: goeval.String(rateExpression(d.seconds))}, true
	case "Schedule_Expression":
		return schedule{expr: c.Arg(0)}, true
	case "Schedule_Cron":
		return schedule{expr: goeval.Unknown{Why: "cron"}}, true
	}
	return nil, false
}

// rateExpression writes a rate as the CDK does: in the largest whole unit.
func rateExpression(s float64) string {
	unit := func(n float64, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("rate(1 %s)", one)
		}
		return fmt.Sprintf("rate(%g %s)", n, many)
	}
	switch {
	case s >= 86400 && int64(s)%86400 == 0:
		return unit(s/86400, "day", "days")
	case s >= 3600 && int64(s)%3600 == 0:
		return unit(s/3600, "hour", "hours")
	}
	return unit(s/60, "minute", "minutes")
}

// newRule reads awsevents.NewRule with its targets.
func (r *reader) newRule(c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindRule)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "RuleName", m, "Name", nil)
	if v, at, ok := r.field(p, "Schedule"); ok {
		if s, ok := v.(schedule); ok {
			m.Set("ScheduleExpression", at, r.value(s.expr, at))
		} else {
			m.Set("ScheduleExpression", at, cloudformation.Opaque(at))
		}
	}
	if _, at, ok := r.field(p, "EventPattern"); ok {
		m.Set("EventPattern", at, cloudformation.Opaque(at))
	}
	if v, at, ok := r.field(p, "Enabled"); ok {
		if b, known := goeval.BoolOf(v); known && !b {
			m.Set("State", at, cloudformation.Str("DISABLED", at))
		}
	}
	m.Set("Targets", cn.at, &cloudformation.Value{Kind: cloudformation.List, At: cn.at})
	if r.resource(cn, "AWS::Events::Rule", m) == nil {
		return cn
	}
	if v, _, ok := r.field(p, "Targets"); ok {
		if s, ok := v.(*goeval.Slice); ok {
			for _, e := range s.Elems {
				if t, ok := e.Value.(target); ok {
					r.addTarget(cn, t)
				}
			}
		}
	}
	return cn
}

func (r *reader) ruleMethod(cn *construct, c *goeval.Call, name string) (goeval.Value, bool) {
	switch name {
	case "AddTarget":
		if t, ok := c.Arg(0).(target); ok {
			r.addTarget(cn, t)
		}
		return goeval.Nil{}, true
	case "RuleArn":
		if cn.res != nil {
			return ref{id: cn.res.ID, attr: "Arn"}, true
		}
	}
	return nil, false
}

// addTarget adds a function target to a rule, with the permission EventBridge needs.
func (r *reader) addTarget(rule *construct, t target) {
	if rule.res == nil || t.fn == nil || t.fn.res == nil {
		return
	}
	site := r.siteOf(t.call)
	at := r.header(site, -1)
	r.statements = append(r.statements, r.rng(site))
	targets := rule.res.Properties.Get("Targets")
	tm := cloudformation.NewMap(at)
	tm.Set("Arn", at, cloudformation.GetAtt(t.fn.res.ID, "Arn", at))
	tm.Set("Id", at, cloudformation.Str(fmt.Sprintf("Target%d", len(targets.Items)), at))
	retry := cloudformation.NewMap(at)
	r.setProp(t.props, "RetryAttempts", retry, "MaximumRetryAttempts", nil)
	r.setProp(t.props, "MaxEventAge", retry, "MaximumEventAgeInSeconds", r.seconds)
	if len(retry.Entries) > 0 {
		tm.Set("RetryPolicy", at, retry)
	}
	if v, dat, ok := r.field(t.props, "DeadLetterQueue"); ok {
		dl := cloudformation.NewMap(dat)
		dl.Set("Arn", dat, r.arnOf(v, dat))
		tm.Set("DeadLetterConfig", dat, dl)
	}
	targets.Items = append(targets.Items, tm)
	pm := cloudformation.NewMap(at)
	pm.Set("Action", at, cloudformation.Str("lambda:InvokeFunction", at))
	pm.Set("FunctionName", at, cloudformation.GetAtt(t.fn.res.ID, "Arn", at))
	pm.Set("Principal", at, cloudformation.Str("events.amazonaws.com", at))
	pm.Set("SourceArn", at, cloudformation.GetAtt(rule.res.ID, "Arn", at))
	r.extra(rule, "AllowEventRule"+t.fn.path, "AWS::Lambda::Permission", at, pm)
}

// --- CloudWatch ---

// newMetric reads awscloudwatch.NewMetric: a function's metric when its FunctionName
// dimension names one.
func (r *reader) newMetric(c *goeval.Call) goeval.Value {
	p := props(c.Arg(0))
	m := metric{call: c.Expr}
	m.namespace, _ = goeval.StringOf(fieldValue(p, "Namespace"))
	m.name, _ = goeval.StringOf(fieldValue(p, "MetricName"))
	if v, at, ok := r.field(p, "DimensionsMap"); ok {
		if dm, ok := v.(*goeval.Map); ok {
			if e, ok := dm.Get("FunctionName"); ok {
				if rf, ok := e.Value.(ref); ok {
					m.dims = cloudformation.Ref(rf.id, at)
				} else {
					m.dims = r.value(e.Value, at)
				}
			}
		}
	}
	return m
}

// newAlarm reads awscloudwatch.NewAlarm(scope, id, props) and metric.CreateAlarm(scope,
// id, props).
func (r *reader) newAlarm(c *goeval.Call, created *metric) goeval.Value {
	cn, ok := r.child(c, kindAlarm)
	if !ok {
		return cn
	}
	mt := created
	if mt == nil {
		if m, ok := fieldValue(props(c.Arg(2)), "Metric").(metric); ok {
			mt = &m
		}
	}
	m := cloudformation.NewMap(cn.at)
	if mt == nil {
		r.resource(cn, "AWS::CloudWatch::Alarm", m)
		return cn
	}
	if mt.namespace != "" {
		m.Set("Namespace", cn.at, cloudformation.Str(mt.namespace, cn.at))
	}
	if mt.name != "" {
		m.Set("MetricName", cn.at, cloudformation.Str(mt.name, cn.at))
	}
	var dimValue *cloudformation.Value
	switch {
	case mt.fn != nil && mt.fn.res != nil:
		dimValue = cloudformation.Ref(mt.fn.res.ID, cn.at)
	case mt.dims != nil:
		dimValue = mt.dims
	}
	if dimValue != nil {
		dim := cloudformation.NewMap(cn.at)
		dim.Set("Name", cn.at, cloudformation.Str("FunctionName", cn.at))
		dim.Set("Value", cn.at, dimValue)
		m.Set("Dimensions", cn.at, &cloudformation.Value{Kind: cloudformation.List, At: cn.at, Items: []*cloudformation.Value{dim}})
	}
	r.resource(cn, "AWS::CloudWatch::Alarm", m)
	return cn
}

// newLogGroup reads awslogs.NewLogGroup: its retention defaults to two years.
func (r *reader) newLogGroup(c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindLogGroup)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "LogGroupName", m, "LogGroupName", nil)
	if v, at, ok := r.field(p, "Retention"); ok {
		if days := retentionDays(v, at); days != nil {
			m.Set("RetentionInDays", at, days)
		}
	} else {
		m.Set("RetentionInDays", cn.at, &cloudformation.Value{Kind: cloudformation.Number, Text: "731", At: cn.at, Default: true})
	}
	r.resource(cn, "AWS::Logs::LogGroup", m)
	return cn
}

// --- Step Functions ---

func (r *reader) stepFunc(name string, c *goeval.Call) (goeval.Value, bool) {
	switch name {
	case "NewStateMachine":
		return r.newStateMachine(c), true
	case "DefinitionBody_FromChainable":
		return definitionBody{chain: asConstruct(c.Arg(0)), at: c.Expr}, true
	case "DefinitionBody_FromString":
		return definitionBody{json: c.Arg(0), at: c.Expr}, true
	case "DefinitionBody_FromFile":
		return definitionBody{file: c.Arg(0), at: c.Expr}, true
	case "Chain_Start":
		return r.chain(asConstruct(c.Arg(0))), true
	case "Timeout_Duration":
		if d, ok := c.Arg(0).(duration); ok {
			return taskTimeout{seconds: goeval.Float(d.seconds)}, true
		}
		return taskTimeout{seconds: goeval.Unknown{}}, true
	case "Timeout_At":
		return taskTimeout{path: c.Arg(0)}, true
	case "NewPass", "NewSucceed", "NewFail", "NewWait", "NewChoice", "NewParallel", "NewMap", "NewDistributedMap", "NewCustomState":
		typ := strings.TrimPrefix(name, "New")
		switch typ {
		case "DistributedMap":
			typ = "Map"
		case "CustomState":
			typ = "Task"
		}
		return r.newState(c, typ, nil), true
	}
	if strings.HasPrefix(name, "Condition_") {
		return condition{}, true
	}
	return nil, false
}

// newState creates a state of a state machine definition.
func (r *reader) newState(c *goeval.Call, typ string, def *cloudformation.Value) *construct {
	site := r.siteOf(c.Expr)
	id, _ := goeval.StringOf(c.Arg(1))
	at := r.header(site, 1)
	cn := &construct{kind: kindState, id: id, at: at, extent: r.rng(site), call: site}
	if def == nil {
		def = cloudformation.NewMap(at)
	}
	def.Set("Type", at, cloudformation.Str(typ, at))
	cn.state = def
	if !cn.extent.IsZero() {
		r.statements = append(r.statements, cn.extent)
	}
	return cn
}

// newTask reads a task of awsstepfunctionstasks: its resource, its integration pattern
// and its timeouts.
func (r *reader) newTask(typ string, c *goeval.Call) goeval.Value {
	p := props(c.Arg(2))
	def := cloudformation.NewMap(r.rng(c.Expr))
	site := r.siteOf(c.Expr)
	at := r.header(site, 1)
	resource := "arn:aws:states:::" + taskService(typ)
	if typ == "LambdaInvoke" {
		resource = "arn:aws:states:::lambda:invoke"
		params := cloudformation.NewMap(at)
		if v, fat, ok := r.field(p, "LambdaFunction"); ok {
			params.Set("FunctionName", fat, r.arnOf(v, fat))
		}
		def.Set("Parameters", at, params)
	}
	if v, pat, ok := r.field(p, "IntegrationPattern"); ok {
		switch s, known := goeval.StringOf(v); {
		case !known:
			def.Set("Resource", pat, cloudformation.Opaque(pat))
		case s == "WAIT_FOR_TASK_TOKEN":
			resource += ".waitForTaskToken"
		case s == "RUN_JOB":
			resource += ".sync"
		}
	}
	if def.Get("Resource") == nil {
		def.Set("Resource", at, cloudformation.Str(resource, at))
	}
	r.taskTimeouts(p, def)
	return r.newState(c, "Task", def)
}

// taskService names a task type's service integration, for its resource ARN
// (SqsSendMessage: sqs:sendMessage).
func taskService(typ string) string {
	for _, svc := range []string{"Sqs", "Sns", "Dynamo", "EventBridge", "StepFunctions", "Glue", "Ecs", "Batch", "Athena", "Bedrock", "Http", "CallAwsService"} {
		if op, ok := strings.CutPrefix(typ, svc); ok && op != "" {
			return strings.ToLower(svc) + ":" + strings.ToLower(op[:1]) + op[1:]
		}
	}
	return strings.ToLower(typ)
}

// taskTimeouts reads a task's TaskTimeout/Timeout and Heartbeat/HeartbeatTimeout.
func (r *reader) taskTimeouts(p *goeval.Struct, def *cloudformation.Value) {
	for _, f := range []struct{ field, seconds, path string }{
		{"TaskTimeout", "TimeoutSeconds", "TimeoutSecondsPath"}, {"Timeout", "TimeoutSeconds", ""},
		{"HeartbeatTimeout", "HeartbeatSeconds", "HeartbeatSecondsPath"}, {"Heartbeat", "HeartbeatSeconds", ""},
	} {
		v, at, ok := r.field(p, f.field)
		if !ok {
			continue
		}
		switch t := v.(type) {
		case taskTimeout:
			if t.path != nil && f.path != "" {
				def.Set(f.path, at, r.value(t.path, at))
			} else {
				def.Set(f.seconds, at, r.value(t.seconds, at))
			}
		case duration:
			def.Set(f.seconds, at, cloudformation.Num(t.seconds, at))
		default:
			def.Set(f.seconds, at, cloudformation.Opaque(at))
		}
	}
}

// chain starts a chain of states.
func (r *reader) chain(first *construct) *construct {
	ch := &construct{kind: kindStepChain}
	if first != nil {
		ch.states = append(ch.states, chainStates(first)...)
	}
	return ch
}

func chainStates(cn *construct) []*construct {
	if cn.kind == kindStepChain {
		return cn.states
	}
	return []*construct{cn}
}

func (r *reader) stateMethod(cn *construct, c *goeval.Call, name string) (goeval.Value, bool) {
	switch name {
	case "Next":
		ch := cn
		if cn.kind != kindStepChain {
			ch = r.chain(cn)
		}
		next := asConstruct(c.Arg(0))
		if next == nil {
			ch.states = append(ch.states, &construct{kind: kindState})
			return ch, true
		}
		out := &construct{kind: kindStepChain, states: append(append([]*construct(nil), ch.states...), chainStates(next)...)}
		return out, true
	case "When", "Otherwise", "Branch", "ItemProcessor", "Iterator", "AddRetry", "AddCatch", "Afterwards":
		if cn.kind == kindState && (name == "When" || name == "Otherwise" || name == "Branch" || name == "ItemProcessor" || name == "Iterator") {
			arg := c.Arg(0)
			if name == "When" {
				arg = c.Arg(1)
			}
			if sub := asConstruct(arg); sub != nil {
				cn.states = append(cn.states, chainStates(sub)...)
			}
		}
		return cn, true
	case "StartState", "EndStates", "ToSingleState":
		return cn, true
	}
	return nil, false
}

// newStateMachine reads awsstepfunctions.NewStateMachine.
func (r *reader) newStateMachine(c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindMachine)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "StateMachineName", m, "StateMachineName", nil)
	body, at, ok := r.field(p, "DefinitionBody")
	if !ok {
		if v, dat, ok2 := r.field(p, "Definition"); ok2 {
			body, at, ok = definitionBody{chain: asConstruct(v)}, dat, true
		}
	}
	if ok {
		db, isBody := body.(definitionBody)
		switch {
		case !isBody:
			m.Set("DefinitionString", at, cloudformation.Opaque(at))
		case db.chain != nil:
			m.Set("Definition", at, r.definition(db.chain, at))
		case db.json != nil:
			m.Set("DefinitionString", at, r.value(db.json, at))
		case db.file != nil:
			m.Set("DefinitionUri", at, r.value(db.file, at))
		default:
			m.Set("DefinitionString", at, cloudformation.Opaque(at))
		}
	}
	r.resource(cn, "AWS::StepFunctions::StateMachine", m)
	return cn
}

// definition writes a chain of states as a state machine definition: every state with
// its range, and the states nested in parallel branches, maps and choices.
func (r *reader) definition(start *construct, at model.Range) *cloudformation.Value {
	states := cloudformation.NewMap(at)
	seen := map[*construct]bool{}
	n := 0
	var add func(cn *construct, depth int)
	add = func(cn *construct, depth int) {
		if cn == nil || seen[cn] || depth > 16 || n > 512 {
			return
		}
		seen[cn] = true
		if cn.kind == kindStepChain {
			for _, s := range cn.states {
				add(s, depth+1)
			}
			return
		}
		if cn.state == nil {
			return
		}
		n++
		name := cn.id
		if name == "" {
			name = fmt.Sprintf("State%d", n)
		}
		states.Set(name, cn.at, cn.state)
		for _, s := range cn.states {
			add(s, depth+1)
		}
	}
	add(start, 0)
	def := cloudformation.NewMap(at)
	def.Set("States", at, states)
	return def
}

func (r *reader) machineMethod(cn *construct, c *goeval.Call, name string) (goeval.Value, bool) {
	if cn.res == nil {
		return nil, false
	}
	switch name {
	case "StateMachineArn":
		return ref{id: cn.res.ID}, true
	}
	if strings.HasPrefix(name, "Grant") {
		r.grant(cn, c, name)
		return goeval.Nil{}, true
	}
	return nil, false
}
