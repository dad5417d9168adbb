package cloudformation

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// queue declares an AWS::SQS::Queue.
func (b *builder) queue(r *resource) {
	tp, props, hdr := b.tp, r.props, r.key.rng
	q := &model.Queue{
		Resource:              b.header(r, "QueueName"),
		VisibilityTimeoutSecs: tp.intOr(props.get("VisibilityTimeout"), 30, hdr, "VisibilityTimeout"),
		RedriveTarget:         model.Missing[string](hdr),
		MaxReceiveCount:       model.Missing[int](hdr),
		FIFO:                  tp.boolOr(props.get("FifoQueue"), false, hdr, "FifoQueue"),
		KMSKey:                tp.str(props.get("KmsMasterKeyId"), hdr),
		ManagedSSE:            tp.boolOr(props.get("SqsManagedSseEnabled"), true, hdr, "SqsManagedSseEnabled"),
	}
	if n := props.get("RedrivePolicy"); n != nil {
		rp, st := b.embeddedDoc(n, nil)
		switch {
		case st == vNoValue:
		case st == vUnknown || rp == nil || rp.kind != mapNode:
			v := tp.eval(n)
			q.RedriveTarget = attrFrom[string](v, n.rng)
			q.MaxReceiveCount = model.Unresolved[int](n.rng)
		default:
			q.RedriveTarget = tp.str(rp.get("deadLetterTargetArn"), n.rng)
			q.MaxReceiveCount = tp.integer(rp.get("maxReceiveCount"), n.rng, "maxReceiveCount")
		}
	}
	b.queues[r.id] = q
	b.p.Queues = append(b.p.Queues, q)
}

// embeddedDoc reads a value that may be a mapping or a JSON (or YAML) document written as
// a string, possibly built with Fn::Sub or Fn::Join. A string document's values that refer
// to unknown parts (${Queue.Arn}) become Fn::Sub calls, with vars as Fn::Sub's variables,
// so that they resolve to their resources; its positions are the string's.
func (b *builder) embeddedDoc(n, vars *node) (*node, vstate) {
	n, st := b.tp.pick(n)
	if st != vKnown || n == nil {
		return nil, st
	}
	if n.kind == mapNode && !isIntrinsic(n) {
		return n, vKnown
	}
	if n.kind != scalarNode && !isStringIntrinsic(n) {
		return nil, vUnknown
	}
	v := b.tp.eval(n)
	if v.isList || v.m != nil || (v.state == vUnknown && !strings.ContainsAny(v.s, "{[")) {
		return nil, vUnknown
	}
	doc := parseEmbedded(v.s, n.rng)
	if doc == nil {
		return nil, vUnknown
	}
	if lit := literalOf(n); lit != nil && lit.rng.File == b.tp.t.file {
		b.mapLiteral(doc, v.s, lit)
	}
	if v.state == vUnknown || vars != nil {
		subPlaceholders(doc, vars, 0)
	}
	return doc, vKnown
}

// literalOf returns the literal block scalar a string value is written as, directly or
// as the template of an Fn::Sub.
func literalOf(n *node) *node {
	if fn, arg, ok := n.intrinsic(); ok && fn == "Fn::Sub" {
		n = arg
		if n.kind == seqNode && len(n.content) > 0 {
			n = n.content[0]
		}
	}
	if n.kind == scalarNode && n.literal {
		return n
	}
	return nil
}

// mapLiteral gives the nodes of a document parsed from a literal block scalar their
// positions in the template: line i of the string is the i-th line after the indicator,
// shifted right by the block's indentation. Lines where Fn::Sub replaced a variable by a
// value of another length keep the columns of the substituted text.
func (b *builder) mapLiteral(doc *node, s string, lit *node) {
	t := b.tp.t
	if lit.rng.Line >= len(t.lines) {
		return
	}
	first := lit.rng.Line // 0-based index of the line after the indicator
	indent := 0
	for l := first; l < len(t.lines); l++ {
		ls := t.lines[l]
		if ind := indentOf(t.src, ls); ls+ind < t.lineEnd(ls) {
			indent = ind
			break
		}
	}
	inner := newText([]byte(s), t.file)
	if parsed, prob := parseJSON(inner); prob == nil {
		mapNodes(doc, parsed, first, indent, lit.rng, 0)
	}
}

// mapNodes copies positions from a fresh parse of the string (tree p, same shape as n)
// shifted into the template.
func mapNodes(n, p *node, firstLine, indent int, bound model.Range, depth int) {
	if n == nil || p == nil || depth > maxDepth || len(n.content) != len(p.content) {
		return
	}
	r := p.rng
	r.File = bound.File
	r.Line += firstLine
	r.EndLine += firstLine
	r.Column += indent
	r.EndColumn += indent
	if r.EndLine <= bound.EndLine {
		n.rng = r
	}
	for i := range n.content {
		c := n.content[i]
		if fn, arg, ok := c.intrinsic(); ok && fn == "Fn::Sub" && p.content[i].kind == scalarNode {
			// A placeholder string turned into Fn::Sub: place the call and its string.
			mapNodes(c, &node{kind: mapNode, rng: p.content[i].rng, content: []*node{p.content[i], p.content[i]}}, firstLine, indent, bound, depth+1)
			if arg.kind == seqNode && len(arg.content) > 0 {
				arg.content[0].rng = c.rng
			} else {
				arg.rng = c.rng
			}
			continue
		}
		mapNodes(c, p.content[i], firstLine, indent, bound, depth+1)
	}
}

// parseEmbedded parses a document held in a string: JSON, or YAML for definitions written
// that way. Its nodes take the range of the string.
func parseEmbedded(s string, at model.Range) *node {
	if len(s) > model.MaxFileSize {
		return nil
	}
	t := newText([]byte(s), at.File)
	doc, prob := parseJSON(t)
	if prob != nil {
		if doc, prob = parseYAML(t); prob != nil {
			return nil
		}
	}
	relocate(doc, at, 0)
	return doc
}

// subPlaceholders turns strings holding ${...} into Fn::Sub calls.
func subPlaceholders(n, vars *node, depth int) {
	if n == nil || depth > maxDepth {
		return
	}
	for i, c := range n.content {
		if c.kind == scalarNode && c.typ == strType && strings.Contains(c.value, "${") && (n.kind != mapNode || i%2 == 1) {
			arg := c
			if vars != nil {
				arg = &node{kind: seqNode, content: []*node{c, vars}, rng: c.rng}
			}
			n.content[i] = &node{kind: mapNode, rng: c.rng, content: []*node{{kind: scalarNode, value: "Fn::Sub", rng: c.rng}, arg}}
			continue
		}
		subPlaceholders(c, vars, depth+1)
	}
}

// table declares a DynamoDB table (or SAM SimpleTable).
func (b *builder) table(r *resource) {
	tp, hdr := b.tp, r.key.rng
	t := &model.Table{
		Resource:   b.header(r, "TableName"),
		HashKey:    model.Missing[string](hdr),
		RangeKey:   model.Missing[string](hdr),
		StreamView: model.Missing[string](hdr),
	}
	if r.typ == "AWS::Serverless::SimpleTable" {
		pk := tp.obj(r.props, "PrimaryKey")
		if pk != nil {
			t.HashKey = tp.str(pk.get("Name"), hdr)
		} else {
			t.HashKey = model.Defaulted("id", hdr)
		}
	}
	for _, k := range tp.items(r.props.get("KeySchema")) {
		typ := strings.ToUpper(tp.str(k.get("KeyType"), k.rng).Value)
		switch typ {
		case "HASH":
			t.HashKey = tp.str(k.get("AttributeName"), k.rng)
		case "RANGE":
			t.RangeKey = tp.str(k.get("AttributeName"), k.rng)
		}
	}
	if ss := tp.obj(r.props, "StreamSpecification"); ss != nil {
		t.StreamView = tp.str(ss.get("StreamViewType"), ss.rng)
	}
	b.tables[r.id] = t
	b.p.Tables = append(b.p.Tables, t)
}

// eventSourceMapping reads an AWS::Lambda::EventSourceMapping into a trigger of the
// function it names.
func (b *builder) eventSourceMapping(r *resource) {
	tp, props, hdr := b.tp, r.props, r.key.rng
	fnID := b.functionOf(tp.str(props.get("FunctionName"), hdr))
	if fnID == "" {
		return
	}
	src := tp.str(props.get("EventSourceArn"), hdr)
	t := model.NewTrigger(b.esmKind(src, props), hdr, r.id)
	t.Source = src
	if t.Kind == model.TriggerKafka && !src.IsSet() {
		if servers := tp.items(tp.obj(tp.obj(props, "SelfManagedEventSource"), "Endpoints").get("KafkaBootstrapServers")); len(servers) > 0 {
			t.Source = tp.str(servers[0], hdr)
		}
	}
	b.esmSettings(t, props)
	b.addTrigger(fnID, t)
}

// esmKind tells what an event source mapping polls: from the resource its source refers
// to, the service in its ARN, or the settings only some sources have.
func (b *builder) esmKind(src model.Attr[string], props *node) model.TriggerKind {
	switch {
	case b.queues[src.Ref] != nil:
		return model.TriggerSQS
	case b.streams[src.Ref] != nil:
		return model.TriggerKinesis
	case b.tables[src.Ref] != nil:
		return model.TriggerDynamoDB
	}
	if src.Known() {
		switch {
		case strings.Contains(src.Value, ":sqs:"):
			return model.TriggerSQS
		case strings.Contains(src.Value, ":kinesis:"):
			return model.TriggerKinesis
		case strings.Contains(src.Value, ":dynamodb:"):
			return model.TriggerDynamoDB
		case strings.Contains(src.Value, ":kafka:"):
			return model.TriggerKafka
		case strings.Contains(src.Value, ":mq:"):
			return model.TriggerMQ
		case strings.Contains(src.Value, ":rds:"), strings.Contains(src.Value, ":docdb"):
			return model.TriggerOther
		}
	}
	switch {
	case props.get("DocumentDBEventSourceConfig") != nil:
		return model.TriggerOther
	case props.get("Topics") != nil || props.get("SelfManagedEventSource") != nil:
		return model.TriggerKafka
	case props.get("Queues") != nil:
		return model.TriggerMQ
	case props.get("StartingPosition") != nil:
		// Only streams start from a position; Kinesis and DynamoDB streams behave alike.
		return model.TriggerKinesis
	}
	return model.TriggerSQS
}

// queuePolicy attaches an AWS::SQS::QueuePolicy's statements to its queues.
func (b *builder) queuePolicy(r *resource) {
	pol := b.policyDocument(r.props.get("PolicyDocument"), r.key.rng)
	for _, qn := range b.tp.items(r.props.get("Queues")) {
		q := b.queues[b.tp.str(qn, r.key.rng).Ref]
		if q == nil {
			q = b.externalQueue(qn)
		}
		if q != nil {
			q.Policy = append(q.Policy, pol.Statements...)
		}
	}
}

// topicPolicy attaches an AWS::SNS::TopicPolicy's statements to its topics.
func (b *builder) topicPolicy(r *resource) {
	pol := b.policyDocument(r.props.get("PolicyDocument"), r.key.rng)
	for _, tn := range b.tp.items(r.props.get("Topics")) {
		t := b.topics[b.tp.str(tn, r.key.rng).Ref]
		if t == nil {
			t = b.externalTopic(tn)
		}
		if t != nil {
			t.Policy = append(t.Policy, pol.Statements...)
		}
	}
}

// topicSubscriptions reads an AWS::SNS::Topic's inline lambda subscriptions.
func (b *builder) topicSubscriptions(r *resource) {
	for _, s := range b.tp.items(r.props.get("Subscription")) {
		if !strings.EqualFold(b.tp.str(s.get("Protocol"), s.rng).Value, "lambda") {
			continue
		}
		fnID := b.functionOf(b.tp.str(s.get("Endpoint"), s.rng))
		if fnID == "" {
			continue
		}
		t := model.NewTrigger(model.TriggerSNS, s.rng, r.id)
		t.Source = model.Attr[string]{Value: r.id, Origin: model.Explicit, At: r.key.rng, Ref: r.id}
		b.addTrigger(fnID, t)
	}
}

// subscription reads an AWS::SNS::Subscription with the lambda protocol.
func (b *builder) subscription(r *resource) {
	hdr := r.key.rng
	if !strings.EqualFold(b.tp.str(r.props.get("Protocol"), hdr).Value, "lambda") {
		return
	}
	fnID := b.functionOf(b.tp.str(r.props.get("Endpoint"), hdr))
	if fnID == "" {
		return
	}
	t := model.NewTrigger(model.TriggerSNS, hdr, r.id)
	t.Source = b.tp.str(r.props.get("TopicArn"), hdr)
	b.addTrigger(fnID, t)
}

// logSubscription reads an AWS::Logs::SubscriptionFilter whose destination is a function:
// CloudWatch Logs invokes it asynchronously with each batch of matching log events.
func (b *builder) logSubscription(r *resource) {
	hdr := r.key.rng
	fnID := b.functionOf(b.tp.str(r.props.get("DestinationArn"), hdr))
	if fnID == "" {
		return
	}
	t := model.NewTrigger(model.TriggerCloudWatchLogs, hdr, r.id)
	t.Source = b.tp.str(r.props.get("LogGroupName"), hdr)
	b.addTrigger(fnID, t)
}

// bucketNotifications reads an AWS::S3::Bucket's LambdaConfigurations.
func (b *builder) bucketNotifications(r *resource) {
	nc := b.tp.obj(r.props, "NotificationConfiguration")
	for _, lc := range b.tp.items(nc.get("LambdaConfigurations")) {
		fnID := b.functionOf(b.tp.str(lc.get("Function"), lc.rng))
		if fnID == "" {
			continue
		}
		t := model.NewTrigger(model.TriggerS3, lc.rng, r.id)
		t.Source = model.Attr[string]{Value: r.id, Origin: model.Explicit, At: r.key.rng, Ref: r.id}
		t.Events = b.tp.strList(lc.get("Event"), lc.rng)
		b.s3Filter(t, b.tp.obj(lc, "Filter"))
		b.addTrigger(fnID, t)
	}
}

// eventRule declares an AWS::Events::Rule or AWS::Scheduler::Schedule; it joins the
// project's rules once a function target is found.
func (b *builder) eventRule(r *resource) {
	hdr := r.key.rng
	rule := &model.EventRule{
		Resource:     b.header(r, "Name"),
		Schedule:     b.tp.str(r.props.get("ScheduleExpression"), hdr),
		EventPattern: b.jsonAttr(r.props.get("EventPattern"), hdr),
	}
	b.rules[r.id] = rule
}

func (b *builder) eventRuleTargets(r *resource) {
	rule := b.rules[r.id]
	if rule == nil {
		return
	}
	hdr := r.key.rng
	targets := b.tp.items(r.props.get("Targets"))
	enabled := model.Defaulted(true, hdr)
	if state := b.tp.str(r.props.get("State"), hdr); state.IsSet() {
		enabled = model.Attr[bool]{Value: state.Value != "DISABLED", Origin: state.Origin, At: state.At}
	}
	if r.typ == "AWS::Scheduler::Schedule" {
		if t, st := b.tp.pick(r.props.get("Target")); st == vKnown && t != nil {
			targets = []*node{t}
		}
	}
	for _, tn := range targets {
		fnID := b.functionOf(b.tp.str(tn.get("Arn"), tn.rng))
		if fnID == "" {
			continue
		}
		if len(rule.Targets) == 0 {
			b.p.Rules = append(b.p.Rules, rule)
		}
		rule.Targets = append(rule.Targets, fnID)
		kind := model.TriggerEventBridge
		if rule.Schedule.IsSet() {
			kind = model.TriggerSchedule
		}
		t := model.NewTrigger(kind, tn.rng, r.id)
		t.Source = model.Attr[string]{Value: r.id, Origin: model.Explicit, At: hdr, Ref: r.id}
		t.Enabled = enabled
		b.addTrigger(fnID, t)
	}
}

// permission declares an AWS::Lambda::Permission.
func (b *builder) permission(r *resource) {
	hdr := r.key.rng
	p := &model.Permission{
		Resource:      b.header(r, ""),
		Action:        b.tp.str(r.props.get("Action"), hdr),
		Principal:     b.tp.str(r.props.get("Principal"), hdr),
		SourceArn:     b.tp.str(r.props.get("SourceArn"), hdr),
		SourceAccount: b.tp.str(r.props.get("SourceAccount"), hdr),
	}
	b.p.Permissions = append(b.p.Permissions, p)
	b.permissionRes[p] = r
}

// servicePrincipalKinds maps the service principals that invoke functions asynchronously or
// through an API to the trigger they imply.
var servicePrincipalKinds = map[string]model.TriggerKind{
	"s3":                   model.TriggerS3,
	"sns":                  model.TriggerSNS,
	"events":               model.TriggerEventBridge,
	"logs":                 model.TriggerCloudWatchLogs,
	"iot":                  model.TriggerIoT,
	"ses":                  model.TriggerSES,
	"cognito-idp":          model.TriggerCognito,
	"elasticloadbalancing": model.TriggerALB,
}

// permissionTrigger records the trigger a permission for a service principal implies,
// unless the project already declares that trigger.
func (b *builder) permissionTrigger(p *model.Permission) {
	r := b.permissionRes[p]
	p.Function = b.functionOf(b.tp.str(r.props.get("FunctionName"), r.key.rng))
	f := b.fns[p.Function]
	// The principal's shape is enough to tell the service: logs.${AWS::Region}.amazonaws.com.
	principal := b.tp.eval(r.props.get("Principal")).s
	if f == nil || principal == "" {
		return
	}
	svc := strings.TrimSuffix(principal, ".amazonaws.com")
	svc = strings.TrimSuffix(svc, ".amazonaws.com.cn")
	if i := strings.IndexByte(svc, '.'); i >= 0 {
		svc = svc[:i] // logs.us-east-1.amazonaws.com
	}
	kind, ok := servicePrincipalKinds[svc]
	if svc == "apigateway" {
		api := b.apis[p.SourceArn.Ref]
		if api == nil {
			return
		}
		kind, ok = model.TriggerRESTAPI, true
		if api.Kind == model.HTTPAPI {
			kind = model.TriggerHTTPAPI
		}
	}
	if !ok {
		return
	}
	if rule := b.rules[p.SourceArn.Ref]; rule != nil && kind == model.TriggerEventBridge && rule.Schedule.IsSet() {
		kind = model.TriggerSchedule
	}
	src := p.SourceArn.Ref
	for _, t := range f.Triggers {
		same := t.Kind == kind || (isRuleKind(t.Kind) && isRuleKind(kind)) ||
			(kind == model.TriggerSNS && t.Kind == model.TriggerSQS) // SNS to SQS subscriptions
		if same && (src == "" || t.Source.Ref == "" || t.Source.Ref == src || t.API.Ref == src) {
			return
		}
	}
	t := model.NewTrigger(kind, p.At, p.ID)
	t.Source = p.SourceArn
	if kind == model.TriggerS3 {
		// The notification is configured elsewhere: its filter, which may separate what
		// the function reads from what it writes (SLS123), is not known here.
		t.FilterPrefix, t.FilterSuffix = model.Unresolved[string](p.At), model.Unresolved[string](p.At)
	}
	f.Triggers = append(f.Triggers, t)
}

func isRuleKind(k model.TriggerKind) bool {
	return k == model.TriggerEventBridge || k == model.TriggerSchedule
}
