package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3notifications"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctionstasks"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// worker returns the props of a small Go function built into bin/<name>.
func worker(name string, seconds float64) *awslambda.FunctionProps {
	return &awslambda.FunctionProps{
		Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("bootstrap"),
		Code:         awslambda.Code_FromAsset(jsii.String("bin/"+name), nil),
		Timeout:      awscdk.Duration_Seconds(jsii.Number(seconds)),
	}
}

// newEvents is a stack of event-driven functions: topics, buckets, streams, a REST API
// and a state machine, each in a risky and a correct variant.
func newEvents(scope constructs.Construct) {
	stack := awscdk.NewStack(scope, jsii.String("Events"), nil)

	// SNS: an unencrypted topic and an encrypted one, each with a subscriber.
	plain := awssns.NewTopic(stack, jsii.String("Plain"), nil)
	notify := awslambda.NewFunction(stack, jsii.String("Notify"), worker("notify", 10))
	plain.AddSubscription(awssnssubscriptions.NewLambdaSubscription(notify, nil))
	sealed := awssns.NewTopic(stack, jsii.String("Sealed"), &awssns.TopicProps{
		MasterKey: awskms.Alias_FromAliasName(stack, jsii.String("SnsKey"), jsii.String("alias/aws/sns")),
		TopicName: jsii.String("sealed"),
	})
	notify.AddEventSource(awslambdaeventsources.NewSnsEventSource(sealed, nil))

	// S3: a bucket notifying a function.
	uploads := awss3.NewBucket(stack, jsii.String("Uploads"), nil)
	thumbs := awslambda.NewFunction(stack, jsii.String("Thumbs"), worker("thumbs", 20))
	uploads.AddEventNotification(awss3.EventType_OBJECT_CREATED, awss3notifications.NewLambdaDestination(thumbs),
		&awss3.NotificationKeyFilter{Prefix: jsii.String("in/")})
	uploads.GrantRead(thumbs, nil)

	// Streams: retried forever, and bounded with a destination.
	clicks := awskinesis.NewStream(stack, jsii.String("Clicks"), nil)
	audit := awsdynamodb.NewTable(stack, jsii.String("Audit"), &awsdynamodb.TableProps{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("pk"), Type: awsdynamodb.AttributeType_STRING},
		Stream:       awsdynamodb.StreamViewType_NEW_IMAGE,
	})
	spill := awssns.NewTopic(stack, jsii.String("Spill"), nil)
	counter := awslambda.NewFunction(stack, jsii.String("Counter"), worker("counter", 10))
	counter.AddEventSource(awslambdaeventsources.NewKinesisEventSource(clicks, &awslambdaeventsources.KinesisEventSourceProps{
		StartingPosition: awslambda.StartingPosition_LATEST,
	}))
	counter.AddEventSource(awslambdaeventsources.NewDynamoEventSource(audit, &awslambdaeventsources.DynamoEventSourceProps{
		StartingPosition:   awslambda.StartingPosition_TRIM_HORIZON,
		RetryAttempts:      jsii.Number(3),
		BisectBatchOnError: jsii.Bool(true),
		OnFailure:          awslambdaeventsources.NewSnsDlq(spill),
	}))

	// REST: a LambdaRestApi with its defaults, and a RestApi that throttles and traces.
	api := awslambda.NewFunction(stack, jsii.String("Api"), worker("api", 60))
	awsapigateway.NewLambdaRestApi(stack, jsii.String("Open"), &awsapigateway.LambdaRestApiProps{Handler: api})
	guarded := awsapigateway.NewRestApi(stack, jsii.String("Guarded"), &awsapigateway.RestApiProps{
		DeployOptions: &awsapigateway.StageOptions{
			TracingEnabled:       jsii.Bool(true),
			ThrottlingRateLimit:  jsii.Number(50),
			ThrottlingBurstLimit: jsii.Number(100),
		},
		DefaultMethodOptions: &awsapigateway.MethodOptions{AuthorizationType: awsapigateway.AuthorizationType_IAM},
	})
	quick := awslambda.NewFunction(stack, jsii.String("Quick"), worker("quick", 5))
	guarded.Root().AddResource(jsii.String("items"), nil).AddMethod(jsii.String("GET"), awsapigateway.NewLambdaIntegration(quick, nil), nil)

	// Step Functions: a task that waits for a token without a heartbeat, and one that
	// times out.
	approve := awsstepfunctionstasks.NewLambdaInvoke(stack, jsii.String("Approve"), &awsstepfunctionstasks.LambdaInvokeProps{
		LambdaFunction:     quick,
		IntegrationPattern: awsstepfunctions.IntegrationPattern_WAIT_FOR_TASK_TOKEN,
	})
	charge := awsstepfunctionstasks.NewLambdaInvoke(stack, jsii.String("Charge"), &awsstepfunctionstasks.LambdaInvokeProps{
		LambdaFunction: quick,
		TaskTimeout:    awsstepfunctions.Timeout_Duration(awscdk.Duration_Seconds(jsii.Number(30))),
	})
	awsstepfunctions.NewStateMachine(stack, jsii.String("Checkout"), &awsstepfunctions.StateMachineProps{
		DefinitionBody: awsstepfunctions.DefinitionBody_FromChainable(approve.Next(charge)),
	})

	// A log group with the CDK's default retention, and the function that writes to it.
	logs := awslogs.NewLogGroup(stack, jsii.String("QuickLogs"), nil)
	awslambda.NewFunction(stack, jsii.String("Logged"), &awslambda.FunctionProps{
		Runtime:  awslambda.Runtime_PROVIDED_AL2023(),
		Handler:  jsii.String("bootstrap"),
		Code:     awslambda.Code_FromAsset(jsii.String("bin/logged"), nil),
		Timeout:  awscdk.Duration_Seconds(jsii.Number(5)),
		LogGroup: logs,
	})

	// An L1 function, and a permission that lets anyone invoke it.
	raw := awslambda.NewCfnFunction(stack, jsii.String("Raw"), &awslambda.CfnFunctionProps{
		Runtime:    jsii.String("provided.al2023"),
		Handler:    jsii.String("bootstrap"),
		Role:       jsii.String("arn:aws:iam::123456789012:role/raw"),
		Code:       &awslambda.CfnFunction_CodeProperty{S3Bucket: jsii.String("artifacts"), S3Key: jsii.String("raw.zip")},
		MemorySize: jsii.Number(256),
	})
	awslambda.NewCfnPermission(stack, jsii.String("RawPublic"), &awslambda.CfnPermissionProps{
		Action:       jsii.String("lambda:InvokeFunction"),
		FunctionName: raw.Ref(),
		Principal:    jsii.String("*"),
	})
}
