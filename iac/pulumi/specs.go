package pulumi

import (
	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/model"
)

// A spec maps one resource type of the AWS provider onto CloudFormation's.
type spec struct {
	// typ is the CloudFormation type; "" for a resource that only changes others (an
	// attachment, a rule's target).
	typ string
	// rename maps an arg's field (by its path: "DestinationConfig.OnFailure.DestinationArn")
	// to its property's path; "" drops it. Other fields keep their names, which the AWS
	// provider mostly shares with CloudFormation.
	rename map[string]string
	// outputs maps the resource's output fields to the attribute they are ("" for Ref).
	outputs map[string]string
	// finish reshapes the properties once every field is set.
	finish func(r *reader, props *cloudformation.Value, at model.Range)
	// attach applies the resource to others of the program.
	attach func(r *reader, res *cloudformation.Resource)
}

// specs are keyed by "<service>.<Resource>", the package and the constructor's name.
var specs = map[string]*spec{
	"lambda.Function": {
		typ:     "AWS::Lambda::Function",
		rename:  map[string]string{"Name": "FunctionName", "ImageUri": "Code.ImageUri", "Tags": "", "SourceCodeHash": ""},
		outputs: map[string]string{"Arn": "Arn", "InvokeArn": "Arn", "QualifiedArn": "Arn", "QualifiedInvokeArn": "Arn", "Name": ""},
	},
	"lambda.EventSourceMapping": {
		typ:     "AWS::Lambda::EventSourceMapping",
		rename:  map[string]string{"DestinationConfig.OnFailure.DestinationArn": "Destination", "Tags": ""},
		outputs: map[string]string{"Uuid": ""},
	},
	"lambda.Permission": {
		typ:    "AWS::Lambda::Permission",
		rename: map[string]string{"Function": "FunctionName"},
	},
	"lambda.FunctionUrl": {
		typ:     "AWS::Lambda::Url",
		rename:  map[string]string{"FunctionName": "TargetFunctionArn", "AuthorizationType": "AuthType"},
		outputs: map[string]string{"FunctionUrl": "FunctionUrl"},
	},
	"lambda.FunctionEventInvokeConfig": {typ: "AWS::Lambda::EventInvokeConfig"},
	"lambda.Alias": {
		typ:     "AWS::Lambda::Alias",
		outputs: map[string]string{"Arn": "", "InvokeArn": ""},
	},
	"sqs.Queue": {
		typ: "AWS::SQS::Queue",
		rename: map[string]string{"Name": "QueueName", "VisibilityTimeoutSeconds": "VisibilityTimeout",
			"MessageRetentionSeconds": "MessageRetentionPeriod", "Policy": "", "Tags": ""},
		outputs: map[string]string{"Arn": "Arn", "Url": "", "Name": "QueueName"},
	},
	"sns.Topic": {
		typ:     "AWS::SNS::Topic",
		rename:  map[string]string{"Name": "TopicName", "Tags": ""},
		outputs: map[string]string{"Arn": "", "Name": "TopicName"},
	},
	"sns.TopicSubscription": {
		typ:    "AWS::SNS::Subscription",
		rename: map[string]string{"Topic": "TopicArn"},
	},
	"apigatewayv2.Api": {
		typ:     "AWS::ApiGatewayV2::Api",
		rename:  map[string]string{"Tags": ""},
		outputs: map[string]string{"ApiEndpoint": "ApiEndpoint", "ExecutionArn": ""},
	},
	"apigatewayv2.Route":       {typ: "AWS::ApiGatewayV2::Route"},
	"apigatewayv2.Integration": {typ: "AWS::ApiGatewayV2::Integration"},
	"apigatewayv2.Stage": {
		typ:    "AWS::ApiGatewayV2::Stage",
		rename: map[string]string{"Name": "StageName", "Tags": ""},
	},
	"iam.Role": {
		typ: "AWS::IAM::Role",
		rename: map[string]string{"Name": "RoleName", "AssumeRolePolicy": "AssumeRolePolicyDocument", "InlinePolicies": "Policies",
			"InlinePolicies.Name": "PolicyName", "InlinePolicies.Policy": "PolicyDocument", "Tags": ""},
		outputs: map[string]string{"Arn": "Arn", "Name": ""},
	},
	"iam.RolePolicy": {
		typ:    "AWS::IAM::Policy",
		rename: map[string]string{"Name": "PolicyName", "Policy": "PolicyDocument", "Role": "Roles"},
		finish: wrapList("Roles"),
	},
	"iam.RolePolicyAttachment": {attach: attachManaged},
	"cloudwatch.LogGroup": {
		typ:     "AWS::Logs::LogGroup",
		rename:  map[string]string{"Name": "LogGroupName", "Tags": ""},
		outputs: map[string]string{"Name": "", "Arn": "Arn"},
	},
	"cloudwatch.MetricAlarm": {
		typ:    "AWS::CloudWatch::Alarm",
		rename: map[string]string{"Name": "AlarmName", "Tags": ""},
		finish: dimensionList,
	},
	"cloudwatch.EventRule": {
		typ:     "AWS::Events::Rule",
		rename:  map[string]string{"Tags": ""},
		outputs: map[string]string{"Arn": "Arn", "Name": ""},
	},
	"cloudwatch.EventTarget": {attach: attachTarget},
	"budgets.Budget":         {typ: "AWS::Budgets::Budget"},
	"dynamodb.Table": {
		typ:     "AWS::DynamoDB::Table",
		rename:  map[string]string{"Name": "TableName", "StreamViewType": "StreamSpecification.StreamViewType", "Tags": ""},
		outputs: map[string]string{"Arn": "Arn", "StreamArn": "StreamArn", "Name": ""},
		finish:  keySchema,
	},
	"kinesis.Stream": {
		typ:     "AWS::Kinesis::Stream",
		rename:  map[string]string{"Tags": ""},
		outputs: map[string]string{"Arn": "Arn", "Name": ""},
	},
	"s3.BucketV2": {
		typ:     "AWS::S3::Bucket",
		rename:  map[string]string{"Bucket": "BucketName", "Tags": ""},
		outputs: map[string]string{"Arn": "Arn", "Bucket": ""},
	},
}

func init() {
	specs["s3.Bucket"] = specs["s3.BucketV2"]
}

// wrapList makes a single value a list of one (a RolePolicy's Role is one role; an
// AWS::IAM::Policy's Roles are a list).
func wrapList(key string) func(*reader, *cloudformation.Value, model.Range) {
	return func(_ *reader, props *cloudformation.Value, at model.Range) {
		if v := props.Get(key); v != nil && v.Kind != cloudformation.List {
			props.Set(key, at, &cloudformation.Value{Kind: cloudformation.List, At: v.At, Items: []*cloudformation.Value{v}})
		}
	}
}

// dimensionList turns an alarm's Dimensions map into CloudFormation's list of {Name,
// Value}.
func dimensionList(_ *reader, props *cloudformation.Value, at model.Range) {
	d := props.Get("Dimensions")
	if d == nil || d.Kind != cloudformation.Map {
		return
	}
	list := &cloudformation.Value{Kind: cloudformation.List, At: d.At}
	for _, e := range d.Entries {
		dim := cloudformation.NewMap(e.KeyAt)
		dim.Set("Name", e.KeyAt, cloudformation.Str(e.Key, e.KeyAt))
		dim.Set("Value", e.KeyAt, e.Value)
		list.Items = append(list.Items, dim)
	}
	props.Set("Dimensions", at, list)
}

// keySchema builds a table's KeySchema from HashKey and RangeKey.
func keySchema(_ *reader, props *cloudformation.Value, at model.Range) {
	schema := &cloudformation.Value{Kind: cloudformation.List, At: at}
	for _, k := range []struct{ field, typ string }{{"HashKey", "HASH"}, {"RangeKey", "RANGE"}} {
		v := props.Get(k.field)
		if v == nil {
			continue
		}
		ks := cloudformation.NewMap(v.At)
		ks.Set("AttributeName", v.At, v)
		ks.Set("KeyType", v.At, cloudformation.Str(k.typ, v.At))
		schema.Items = append(schema.Items, ks)
	}
	props.Set("KeySchema", at, schema)
}

// refOf returns the ID of the program's resource a value refers to.
func (r *reader) refOf(v *cloudformation.Value) *cloudformation.Resource {
	if v == nil || v.Kind != cloudformation.Map || len(v.Entries) != 1 {
		return nil
	}
	e := v.Entries[0]
	var id string
	switch {
	case e.Key == "Ref" && e.Value.Kind == cloudformation.String:
		id = e.Value.Text
	case e.Key == "Fn::GetAtt" && e.Value.Kind == cloudformation.List && len(e.Value.Items) > 0:
		id = e.Value.Items[0].Text
	}
	return r.resources[id]
}

// attachManaged adds a RolePolicyAttachment's policy to its role's ManagedPolicyArns.
func attachManaged(r *reader, res *cloudformation.Resource) {
	role := r.refOf(res.Properties.Get("Role"))
	arn := res.Properties.Get("PolicyArn")
	if role == nil || arn == nil {
		return
	}
	list := role.Properties.Get("ManagedPolicyArns")
	if list == nil || list.Kind != cloudformation.List {
		list = &cloudformation.Value{Kind: cloudformation.List, At: arn.At}
		role.Properties.Set("ManagedPolicyArns", arn.At, list)
	}
	list.Items = append(list.Items, arn)
}

// attachTarget adds an EventTarget to its rule's Targets.
func attachTarget(r *reader, res *cloudformation.Resource) {
	rule := r.refOf(res.Properties.Get("Rule"))
	if rule == nil {
		return
	}
	t := cloudformation.NewMap(res.At)
	for _, k := range []string{"Arn", "RetryPolicy", "DeadLetterConfig"} {
		if v := res.Properties.Get(k); v != nil {
			t.Set(k, v.At, v)
		}
	}
	t.Set("Id", res.At, cloudformation.Str(res.ID, res.At))
	targets := rule.Properties.Get("Targets")
	if targets == nil || targets.Kind != cloudformation.List {
		targets = &cloudformation.Value{Kind: cloudformation.List, At: res.At}
		rule.Properties.Set("Targets", res.At, targets)
	}
	targets.Items = append(targets.Items, t)
}
