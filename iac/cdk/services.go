package cdk

import (
	"strings"

	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/iac/model"
)

// service handles the functions of the CDK's service packages (awslambda, awssqs...).
func (r *reader) service(svc, name string, c *goeval.Call) (goeval.Value, bool) {
	if strings.HasPrefix(name, "NewCfn") {
		return r.newL1(svc, strings.TrimPrefix(name, "New"), c), true
	}
	switch svc {
	case "awslambda":
		return r.lambdaFunc(name, c)
	case "awslambdaeventsources":
		return r.eventSourceFunc(name, c)
	case "awslambdadestinations", "awss3notifications":
		switch name {
		case "NewSqsDestination", "NewSnsDestination", "NewLambdaDestination", "NewEventBridgeDestination":
			return destination{to: c.Arg(0), call: c.Expr}, true
		}
	case "awssqs":
		switch name {
		case "NewQueue":
			return r.newQueue(c), true
		case "Queue_FromQueueArn", "Queue_FromQueueAttributes":
			return r.imported(c), true
		}
	case "awssns":
		switch name {
		case "NewTopic":
			return r.newTopic(c), true
		case "Topic_FromTopicArn":
			return r.imported(c), true
		}
	case "awssnssubscriptions":
		if name == "NewLambdaSubscription" {
			return target{fn: asConstruct(c.Arg(0)), props: props(c.Arg(1)), call: c.Expr}, true
		}
	case "awsdynamodb":
		switch name {
		case "NewTable":
			return r.newTable(c, false), true
		case "NewTableV2":
			return r.newTable(c, true), true
		case "Table_FromTableName", "Table_FromTableArn", "Table_FromTableAttributes":
			return r.imported(c), true
		}
	case "awss3":
		switch name {
		case "NewBucket":
			return r.newBucket(c), true
		case "Bucket_FromBucketName", "Bucket_FromBucketArn", "Bucket_FromBucketAttributes":
			return r.imported(c), true
		}
	case "awskinesis":
		if name == "NewStream" {
			return r.newStream(c), true
		}
	case "awsapigateway":
		return r.restFunc(name, c)
	case "awsapigatewayv2", "awsapigatewayv2integrations":
		return r.httpFunc(name, c)
	case "awsevents":
		return r.eventsFunc(name, c)
	case "awseventstargets":
		if name == "NewLambdaFunction" {
			return target{fn: asConstruct(c.Arg(0)), props: props(c.Arg(1)), call: c.Expr}, true
		}
	case "awsstepfunctions":
		return r.stepFunc(name, c)
	case "awsstepfunctionstasks":
		if strings.HasPrefix(name, "New") {
			return r.newTask(strings.TrimPrefix(name, "New"), c), true
		}
	case "awscloudwatch":
		switch name {
		case "NewAlarm":
			return r.newAlarm(c, nil), true
		case "NewMetric":
			return r.newMetric(c), true
		}
	case "awslogs":
		if name == "NewLogGroup" {
			return r.newLogGroup(c), true
		}
	case "awsiam":
		return r.iamFunc(name, c)
	case "awskms":
		if name == "NewKey" {
			if cn, ok := r.child(c, kindKey); ok {
				r.resource(cn, "AWS::KMS::Key", nil)
				return cn, true
			}
		}
	}
	return nil, false
}

// props returns a props argument's struct, nil when it is nil or unknown.
func props(v goeval.Value) *goeval.Struct {
	s, _ := v.(*goeval.Struct)
	return s
}

// imported is a resource the app refers to but does not create (Queue_FromQueueArn): its
// ARN or name as written.
func (r *reader) imported(c *goeval.Call) goeval.Value {
	cn := &construct{kind: kindImported, call: c.Expr, at: r.header(c.Expr, 1)}
	if len(c.Args) > 2 {
		cn.arn = r.value(c.Arg(2), r.rng(c.ArgExpr(2)))
	}
	return cn
}

// resourceMethod handles the methods of queues, topics, tables, buckets and streams.
func (r *reader) resourceMethod(cn *construct, c *goeval.Call, name string) (goeval.Value, bool) {
	id := cn.logicalID()
	if cn.kind == kindImported {
		if strings.HasPrefix(name, "Grant") {
			r.grant(cn, c, name)
			return goeval.Nil{}, true
		}
		return nil, false
	}
	switch name {
	case "QueueArn", "TableArn", "BucketArn", "StreamArn", "TopicName", "QueueName":
		attr := "Arn"
		switch name {
		case "TopicName":
			attr = "TopicName"
		case "QueueName":
			attr = "QueueName"
		}
		return ref{id: id, attr: attr}, true
	case "QueueUrl", "TableName", "BucketName", "TopicArn", "StreamName":
		return ref{id: id}, true
	case "TableStreamArn":
		return ref{id: id, attr: "StreamArn"}, true
	case "AddEventNotification", "AddObjectCreatedNotification", "AddObjectRemovedNotification":
		r.bucketNotification(cn, c, name)
		return goeval.Nil{}, true
	case "AddSubscription":
		if t, ok := c.Arg(0).(target); ok {
			r.snsSubscription(cn, t.fn, t.props, t.call)
		}
		return goeval.Nil{}, true
	case "AddToResourcePolicy":
		r.resourcePolicy(cn, c)
		return goeval.Nil{}, true
	}
	if strings.HasPrefix(name, "Grant") {
		r.grant(cn, c, name)
		return goeval.Nil{}, true
	}
	if strings.HasPrefix(name, "Metric") {
		return nil, false
	}
	return nil, false
}

// unknownStack marks the stack of a construct as not completely read.
func (r *reader) unknownStack(cn *construct) {
	if cn != nil && cn.stack != nil {
		cn.stack.unknown = true
	}
}

// at returns the range of an argument.
func (r *reader) at(c *goeval.Call, i int) model.Range {
	return r.rng(c.ArgExpr(i))
}
