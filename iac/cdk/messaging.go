package cdk

import (
	"go/ast"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/iac/model"
)

func (r *reader) eventSourceFunc(name string, c *goeval.Call) (goeval.Value, bool) {
	kinds := map[string]model.TriggerKind{
		"NewSqsEventSource": model.TriggerSQS, "NewKinesisEventSource": model.TriggerKinesis,
		"NewDynamoEventSource": model.TriggerDynamoDB, "NewSnsEventSource": model.TriggerSNS,
		"NewS3EventSource": model.TriggerS3, "NewS3EventSourceV2": model.TriggerS3,
	}
	if k, ok := kinds[name]; ok {
		return eventSource{kind: k, target: c.Arg(0), props: props(c.Arg(1)), call: c.Expr}, true
	}
	switch name {
	case "NewSqsDlq", "NewSnsDlq", "NewS3OnFailureDestination":
		return destination{to: c.Arg(0), call: c.Expr}, true
	}
	return nil, false
}

// addEventSource adds an event source to a function: an event source mapping for the
// polled ones, a subscription or a notification for SNS and S3.
func (r *reader) addEventSource(fn *construct, src eventSource) {
	site := r.siteOf(src.call)
	at := r.header(site, -1)
	ext := r.rng(site)
	r.statements = append(r.statements, ext)
	target := asConstruct(src.target)
	switch src.kind {
	case model.TriggerSNS:
		r.snsSubscription(target, fn, src.props, src.call)
		return
	case model.TriggerS3:
		if target == nil || target.res == nil {
			r.unknownStack(fn)
			return
		}
		events, eat, _ := r.field(src.props, "Events")
		r.notify(target, fn, r.value(events, eat), eat, fieldValue(src.props, "Filters"), at)
		return
	}
	r.eventSourceMapping(fn, target, src.props, at, ext, "")
	if target != nil && target.res != nil && fn.role != nil {
		// The CDK grants the function's role what the mapping needs.
		switch src.kind {
		case model.TriggerSQS:
			r.grantActions(fn, target, at, grants["queue.GrantConsumeMessages"])
		case model.TriggerKinesis:
			r.grantActions(fn, target, at, grants["stream.GrantRead"])
		case model.TriggerDynamoDB:
			r.grantActions(fn, target, at, grants["table.GrantStreamRead"])
		}
	}
}

// eventSourceMapping creates an AWS::Lambda::EventSourceMapping of fn reading target (a
// queue, stream or table), with the props of the event source.
func (r *reader) eventSourceMapping(fn, target *construct, p *goeval.Struct, at, ext model.Range, id string) {
	if fn == nil || fn.res == nil {
		return
	}
	m := cloudformation.NewMap(at)
	m.Set("FunctionName", at, cloudformation.Ref(fn.res.ID, at))
	suffix := "EventSource"
	switch {
	case target == nil:
		if v, eat, ok := r.field(p, "EventSourceArn"); ok {
			m.Set("EventSourceArn", eat, r.value(v, eat))
		} else {
			m.Set("EventSourceArn", at, cloudformation.Opaque(at))
		}
	case target.kind == kindTable && target.res != nil:
		m.Set("EventSourceArn", at, cloudformation.GetAtt(target.res.ID, "StreamArn", at))
		suffix = "DynamoDBEventSource:" + target.path
	default:
		m.Set("EventSourceArn", at, r.arnOf(target, at))
		switch target.kind {
		case kindQueue:
			suffix = "SqsEventSource:" + target.path
		case kindStream:
			suffix = "KinesisEventSource:" + target.path
		}
	}
	if id != "" {
		suffix = id
	}
	r.setProp(p, "BatchSize", m, "BatchSize", nil)
	r.setProp(p, "MaxBatchingWindow", m, "MaximumBatchingWindowInSeconds", r.seconds)
	r.setProp(p, "Enabled", m, "Enabled", nil)
	r.setProp(p, "RetryAttempts", m, "MaximumRetryAttempts", nil)
	r.setProp(p, "BisectBatchOnError", m, "BisectBatchOnFunctionError", nil)
	r.setProp(p, "MaxRecordAge", m, "MaximumRecordAgeInSeconds", r.seconds)
	r.setProp(p, "ParallelizationFactor", m, "ParallelizationFactor", nil)
	r.setProp(p, "StartingPosition", m, "StartingPosition", nil)
	if v, vat, ok := r.field(p, "ReportBatchItemFailures"); ok {
		if b, known := goeval.BoolOf(v); !known {
			m.Set("FunctionResponseTypes", vat, cloudformation.Opaque(vat))
		} else if b {
			m.Set("FunctionResponseTypes", vat, &cloudformation.Value{Kind: cloudformation.List, At: vat,
				Items: []*cloudformation.Value{cloudformation.Str("ReportBatchItemFailures", vat)}})
		}
	}
	if v, vat, ok := r.field(p, "MaxConcurrency"); ok {
		sc := cloudformation.NewMap(vat)
		sc.Set("MaximumConcurrency", vat, r.value(v, vat))
		m.Set("ScalingConfig", vat, sc)
	}
	onFailure, fat, ok := r.field(p, "OnFailure")
	if !ok {
		onFailure, fat, ok = r.field(p, "OnFailureDestination")
	}
	if ok {
		d := cloudformation.NewMap(fat)
		if dest, isDest := onFailure.(destination); isDest {
			d.Set("Destination", fat, r.arnOf(dest.to, fat))
		} else {
			d.Set("Destination", fat, cloudformation.Opaque(fat))
		}
		dc := cloudformation.NewMap(fat)
		dc.Set("OnFailure", fat, d)
		m.Set("DestinationConfig", fat, dc)
	}
	res := r.extra(fn, suffix, "AWS::Lambda::EventSourceMapping", at, m)
	if res != nil {
		res.Extent = ext
	}
}

// snsSubscription subscribes a function to a topic, with the permission the CDK adds.
func (r *reader) snsSubscription(topic, fn *construct, p *goeval.Struct, call *ast.CallExpr) {
	if fn == nil || fn.res == nil || topic == nil {
		return
	}
	site := r.siteOf(call)
	at := r.header(site, -1)
	r.statements = append(r.statements, r.rng(site))
	m := cloudformation.NewMap(at)
	m.Set("Protocol", at, cloudformation.Str("lambda", at))
	m.Set("Endpoint", at, cloudformation.GetAtt(fn.res.ID, "Arn", at))
	m.Set("TopicArn", at, r.arnOf(topic, at))
	if v, dat, ok := r.field(p, "DeadLetterQueue"); ok {
		rp := cloudformation.NewMap(dat)
		rp.Set("deadLetterTargetArn", dat, r.arnOf(v, dat))
		m.Set("RedrivePolicy", dat, rp)
	}
	id := "Subscription"
	if topic.path != "" {
		id = topic.path
	}
	r.extra(fn, id, "AWS::SNS::Subscription", at, m)
	pm := cloudformation.NewMap(at)
	pm.Set("Action", at, cloudformation.Str("lambda:InvokeFunction", at))
	pm.Set("FunctionName", at, cloudformation.GetAtt(fn.res.ID, "Arn", at))
	pm.Set("Principal", at, cloudformation.Str("sns.amazonaws.com", at))
	pm.Set("SourceArn", at, r.arnOf(topic, at))
	r.extra(fn, "AllowInvoke:"+id, "AWS::Lambda::Permission", at, pm)
}

// bucketNotification reads bucket.AddEventNotification(event, dest, filters...) and
// AddObjectCreatedNotification(dest, filters...).
func (r *reader) bucketNotification(bucket *construct, c *goeval.Call, name string) {
	at := r.rng(c.Expr)
	r.statements = append(r.statements, at)
	destArg, event := 1, r.value(c.Arg(0), r.at(c, 0))
	switch name {
	case "AddObjectCreatedNotification":
		destArg, event = 0, cloudformation.Str("s3:ObjectCreated:*", at)
	case "AddObjectRemovedNotification":
		destArg, event = 0, cloudformation.Str("s3:ObjectRemoved:*", at)
	}
	dest, ok := c.Arg(destArg).(destination)
	if !ok {
		r.unknownStack(bucket)
		return
	}
	fn := asConstruct(dest.to)
	if fn == nil || fn.kind != kindFunction {
		return // a queue or topic destination: not a function's trigger
	}
	filters := &goeval.Slice{}
	for _, a := range c.Args[destArg+1:] {
		filters.Elems = append(filters.Elems, goeval.Elem{Value: a})
	}
	r.notify(bucket, fn, &cloudformation.Value{Kind: cloudformation.List, At: event.At, Items: []*cloudformation.Value{event}}, event.At, filters, at)
}

// notify adds a Lambda notification to a bucket's NotificationConfiguration, with the
// permission for S3 to invoke the function.
func (r *reader) notify(bucket, fn *construct, events *cloudformation.Value, eat model.Range, filters goeval.Value, at model.Range) {
	if bucket.res == nil || fn == nil || fn.res == nil {
		return
	}
	props := bucket.res.Properties
	nc := props.Get("NotificationConfiguration")
	if nc == nil {
		nc = cloudformation.NewMap(at)
		props.Set("NotificationConfiguration", at, nc)
	}
	lcs := nc.Get("LambdaConfigurations")
	if lcs == nil {
		lcs = &cloudformation.Value{Kind: cloudformation.List, At: at}
		nc.Set("LambdaConfigurations", at, lcs)
	}
	if events == nil {
		events = cloudformation.Opaque(at)
	}
	evList := []*cloudformation.Value{events}
	if events.Kind == cloudformation.List {
		evList = events.Items
	}
	for _, ev := range evList {
		lc := cloudformation.NewMap(at)
		lc.Set("Event", eat, ev)
		lc.Set("Function", at, cloudformation.GetAtt(fn.res.ID, "Arn", at))
		if f := r.s3Filter(filters, at); f != nil {
			lc.Set("Filter", at, f)
		}
		lcs.Items = append(lcs.Items, lc)
	}
	pm := cloudformation.NewMap(at)
	pm.Set("Action", at, cloudformation.Str("lambda:InvokeFunction", at))
	pm.Set("FunctionName", at, cloudformation.GetAtt(fn.res.ID, "Arn", at))
	pm.Set("Principal", at, cloudformation.Str("s3.amazonaws.com", at))
	pm.Set("SourceArn", at, cloudformation.GetAtt(bucket.res.ID, "Arn", at))
	r.extra(bucket, "AllowBucketNotificationsTo"+fn.path, "AWS::Lambda::Permission", at, pm)
}

// s3Filter converts NotificationKeyFilter structs ({Prefix, Suffix}) to a notification's
// Filter.
func (r *reader) s3Filter(v goeval.Value, at model.Range) *cloudformation.Value {
	s, ok := v.(*goeval.Slice)
	if !ok {
		if v == nil || goeval.IsNil(v) {
			return nil
		}
		return cloudformation.Opaque(at)
	}
	rules := &cloudformation.Value{Kind: cloudformation.List, At: at}
	for _, e := range s.Elems {
		f, ok := e.Value.(*goeval.Struct)
		if !ok {
			continue
		}
		for _, name := range []string{"Prefix", "Suffix"} {
			if v, fat, ok := r.field(f, name); ok {
				rule := cloudformation.NewMap(fat)
				rule.Set("Name", fat, cloudformation.Str(name, fat))
				rule.Set("Value", fat, r.value(v, fat))
				rules.Items = append(rules.Items, rule)
			}
		}
	}
	if len(rules.Items) == 0 {
		return nil
	}
	key := cloudformation.NewMap(at)
	key.Set("Rules", at, rules)
	filter := cloudformation.NewMap(at)
	filter.Set("S3Key", at, key)
	return filter
}

// newQueue reads awssqs.NewQueue.
func (r *reader) newQueue(c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindQueue)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "QueueName", m, "QueueName", nil)
	r.setProp(p, "VisibilityTimeout", m, "VisibilityTimeout", r.seconds)
	r.setProp(p, "RetentionPeriod", m, "MessageRetentionPeriod", r.seconds)
	r.setProp(p, "Fifo", m, "FifoQueue", nil)
	if v, at, ok := r.field(p, "DeadLetterQueue"); ok {
		rp := cloudformation.NewMap(at)
		if dl, ok := v.(*goeval.Struct); ok {
			if q, qat, ok := r.field(dl, "Queue"); ok {
				rp.Set("deadLetterTargetArn", qat, r.arnOf(q, qat))
			}
			r.setProp(dl, "MaxReceiveCount", rp, "maxReceiveCount", nil)
			m.Set("RedrivePolicy", at, rp)
		} else {
			m.Set("RedrivePolicy", at, cloudformation.Opaque(at))
		}
	}
	if v, at, ok := r.field(p, "Encryption"); ok {
		switch s, known := goeval.StringOf(v); {
		case !known:
			m.Set("KmsMasterKeyId", at, cloudformation.Opaque(at))
		case s == "UNENCRYPTED":
			m.Set("SqsManagedSseEnabled", at, cloudformation.Boolean(false, at))
		case s == "KMS_MANAGED":
			m.Set("KmsMasterKeyId", at, cloudformation.Str("alias/aws/sqs", at))
		case s == "KMS":
			m.Set("KmsMasterKeyId", at, cloudformation.Opaque(at))
		}
	}
	if v, at, ok := r.field(p, "EncryptionMasterKey"); ok {
		m.Set("KmsMasterKeyId", at, r.arnOf(v, at))
	}
	r.resource(cn, "AWS::SQS::Queue", m)
	return cn
}

// newTopic reads awssns.NewTopic.
func (r *reader) newTopic(c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindTopic)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "TopicName", m, "TopicName", nil)
	r.setProp(p, "Fifo", m, "FifoTopic", nil)
	if v, at, ok := r.field(p, "MasterKey"); ok {
		m.Set("KmsMasterKeyId", at, r.arnOf(v, at))
	}
	r.resource(cn, "AWS::SNS::Topic", m)
	return cn
}

// newTable reads awsdynamodb.NewTable and NewTableV2 (a global table).
func (r *reader) newTable(c *goeval.Call, v2 bool) goeval.Value {
	cn, ok := r.child(c, kindTable)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "TableName", m, "TableName", nil)
	keys := &cloudformation.Value{Kind: cloudformation.List, At: cn.at}
	for _, k := range []struct{ field, typ string }{{"PartitionKey", "HASH"}, {"SortKey", "RANGE"}} {
		v, at, ok := r.field(p, k.field)
		if !ok {
			continue
		}
		ks := cloudformation.NewMap(at)
		if attr, ok := v.(*goeval.Struct); ok {
			r.setProp(attr, "Name", ks, "AttributeName", nil)
		}
		ks.Set("KeyType", at, cloudformation.Str(k.typ, at))
		keys.Items = append(keys.Items, ks)
	}
	m.Set("KeySchema", cn.at, keys)
	streamField := "Stream"
	if v2 {
		streamField = "DynamoStream"
	}
	if v, at, ok := r.field(p, streamField); ok {
		ss := cloudformation.NewMap(at)
		ss.Set("StreamViewType", at, r.value(v, at))
		m.Set("StreamSpecification", at, ss)
	}
	typ := "AWS::DynamoDB::Table"
	if v2 {
		typ = "AWS::DynamoDB::GlobalTable"
	}
	r.resource(cn, typ, m)
	return cn
}

// newBucket reads awss3.NewBucket.
func (r *reader) newBucket(c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindBucket)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "BucketName", m, "BucketName", nil)
	r.resource(cn, "AWS::S3::Bucket", m)
	return cn
}

// newStream reads awskinesis.NewStream: one shard by default, or on demand.
func (r *reader) newStream(c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindStream)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "StreamName", m, "Name", nil)
	if v, at, ok := r.field(p, "StreamMode"); ok {
		smd := cloudformation.NewMap(at)
		smd.Set("StreamMode", at, r.value(v, at))
		m.Set("StreamModeDetails", at, smd)
	}
	if _, _, ok := r.field(p, "ShardCount"); ok {
		r.setProp(p, "ShardCount", m, "ShardCount", nil)
	} else if m.Get("StreamModeDetails") == nil {
		m.Set("ShardCount", cn.at, &cloudformation.Value{Kind: cloudformation.Number, Text: "1", At: cn.at, Default: true})
	}
	r.resource(cn, "AWS::Kinesis::Stream", m)
	return cn
}

// resourcePolicy reads queue.AddToResourcePolicy and topic.AddToResourcePolicy.
func (r *reader) resourcePolicy(cn *construct, c *goeval.Call) {
	st, ok := c.Arg(0).(*statement)
	if !ok || cn.res == nil {
		return
	}
	at := r.rng(c.Expr)
	typ, key := "AWS::SQS::QueuePolicy", "Queues"
	target := cloudformation.Ref(cn.res.ID, at)
	if cn.kind == kindTopic {
		typ, key = "AWS::SNS::TopicPolicy", "Topics"
	}
	doc := cloudformation.NewMap(at)
	doc.Set("Version", at, cloudformation.Str("2012-10-17", at))
	doc.Set("Statement", at, &cloudformation.Value{Kind: cloudformation.List, At: at, Items: []*cloudformation.Value{st.v}})
	m := cloudformation.NewMap(at)
	m.Set("PolicyDocument", at, doc)
	m.Set(key, at, &cloudformation.Value{Kind: cloudformation.List, At: at, Items: []*cloudformation.Value{target}})
	r.extra(cn, "Policy", typ, at, m)
}
