package handlers

import (
	"go/types"
)

// Trigger says how the platform delivers events to a handler.
type Trigger uint8

// Triggers.
const (
	// TriggerUnknown: a custom event type, or an event source whose semantics are mixed.
	TriggerUnknown Trigger = iota
	// AtLeastOnce: queues, streams, topics, buckets and event buses invoke asynchronously
	// and retry; the same event can arrive more than once.
	AtLeastOnce
	// Synchronous: a client waits for the response (API Gateway, ALB, function URLs,
	// Cognito triggers, HTTP routes); failures go back to the caller.
	Synchronous
)

func (t Trigger) String() string {
	switch t {
	case AtLeastOnce:
		return "at-least-once"
	case Synchronous:
		return "synchronous"
	}
	return "unknown"
}

const eventsPkg = "github.com/aws/aws-lambda-go/events"

type eventInfo struct {
	source  string
	trigger Trigger
}

// eventTypes maps the top-level event types of github.com/aws/aws-lambda-go/events (what a
// handler receives, not the records inside) to their source and delivery.
var eventTypes = map[string]eventInfo{
	"SQSEvent":                          {"SQS", AtLeastOnce},
	"SNSEvent":                          {"SNS", AtLeastOnce},
	"S3Event":                           {"S3", AtLeastOnce},
	"CloudWatchEvent":                   {"EventBridge", AtLeastOnce}, // also EventBridgeEvent and scheduled events
	"KinesisEvent":                      {"Kinesis", AtLeastOnce},
	"KinesisTimeWindowEvent":            {"Kinesis", AtLeastOnce},
	"DynamoDBEvent":                     {"DynamoDB Streams", AtLeastOnce},
	"DynamoDBTimeWindowEvent":           {"DynamoDB Streams", AtLeastOnce},
	"KafkaEvent":                        {"Kafka", AtLeastOnce},
	"ActiveMQEvent":                     {"Amazon MQ", AtLeastOnce},
	"RabbitMQEvent":                     {"Amazon MQ", AtLeastOnce},
	"CloudwatchLogsEvent":               {"CloudWatch Logs", AtLeastOnce},
	"CodeCommitEvent":                   {"CodeCommit", AtLeastOnce},
	"ConfigEvent":                       {"AWS Config", AtLeastOnce},
	"SimpleEmailEvent":                  {"SES", AtLeastOnce},
	"AutoScalingEvent":                  {"EventBridge", AtLeastOnce},
	"CodeBuildEvent":                    {"EventBridge", AtLeastOnce},
	"CodeDeployEvent":                   {"EventBridge", AtLeastOnce},
	"CodePipelineCloudWatchEvent":       {"EventBridge", AtLeastOnce},
	"CodePipelineJobEvent":              {"CodePipeline", AtLeastOnce},
	"CodePipelineEvent":                 {"CodePipeline", AtLeastOnce},
	"ECRScanEvent":                      {"EventBridge", AtLeastOnce},
	"ECRImageActionEvent":               {"EventBridge", AtLeastOnce},
	"ECSContainerInstanceEvent":         {"EventBridge", AtLeastOnce},
	"IoTButtonEvent":                    {"IoT", AtLeastOnce},
	"IoTOneClickEvent":                  {"IoT", AtLeastOnce},
	"APIGatewayProxyRequest":            {"API Gateway REST", Synchronous},
	"APIGatewayV2HTTPRequest":           {"API Gateway HTTP", Synchronous},
	"APIGatewayWebsocketProxyRequest":   {"API Gateway WebSocket", Synchronous},
	"APIGatewayCustomAuthorizerRequest": {"API Gateway authorizer", Synchronous},
	"APIGatewayCustomAuthorizerRequestTypeRequest": {"API Gateway authorizer", Synchronous},
	"APIGatewayV2CustomAuthorizerV1Request":        {"API Gateway authorizer", Synchronous},
	"APIGatewayV2CustomAuthorizerV2Request":        {"API Gateway authorizer", Synchronous},
	"ALBTargetGroupRequest":                        {"ALB", Synchronous},
	"LambdaFunctionURLRequest":                     {"function URL", Synchronous},
	"AppSyncLambdaAuthorizerRequest":               {"AppSync authorizer", Synchronous},
	"IoTCoreCustomAuthorizerRequest":               {"IoT authorizer", Synchronous},
	"IoTCustomAuthorizerRequest":                   {"IoT authorizer", Synchronous},
	"IoTPreProvisionHookRequest":                   {"IoT", Synchronous},
	"ClientVPNConnectionHandlerRequest":            {"Client VPN", Synchronous},
	"S3ObjectLambdaEvent":                          {"S3 Object Lambda", Synchronous},
	"LexEvent":                                     {"Lex", Synchronous},
	"ConnectEvent":                                 {"Amazon Connect", Synchronous},
	"ChimeBotEvent":                                {"Chime", Synchronous},
	"KinesisFirehoseEvent":                         {"Firehose", Synchronous},
	"KinesisAnalyticsOutputDeliveryEvent":          {"Kinesis Analytics", Synchronous},
	"S3BatchJobEvent":                              {"S3 Batch Operations", TriggerUnknown},
	"SecretsManagerSecretRotationEvent":            {"Secrets Manager", TriggerUnknown},
	"CognitoEvent":                                 {"Cognito Sync", Synchronous},
	"CognitoEventUserPoolsPreSignup":               {"Cognito", Synchronous},
	"CognitoEventUserPoolsPreAuthentication":       {"Cognito", Synchronous},
	"CognitoEventUserPoolsPostConfirmation":        {"Cognito", Synchronous},
	"CognitoEventUserPoolsPreTokenGen":             {"Cognito", Synchronous},
	"CognitoEventUserPoolsPreTokenGenV2":           {"Cognito", Synchronous},
	"CognitoEventUserPoolsPostAuthentication":      {"Cognito", Synchronous},
	"CognitoEventUserPoolsMigrateUser":             {"Cognito", Synchronous},
	"CognitoEventUserPoolsDefineAuthChallenge":     {"Cognito", Synchronous},
	"CognitoEventUserPoolsCreateAuthChallenge":     {"Cognito", Synchronous},
	"CognitoEventUserPoolsVerifyAuthChallenge":     {"Cognito", Synchronous},
	"CognitoEventUserPoolsCustomMessage":           {"Cognito", Synchronous},
	"CognitoEventUserPoolsInboundFederation":       {"Cognito", Synchronous},
}

// lambdaEvent returns what the platform event type t is, and whether t is a top-level event
// type of aws-lambda-go/events (or a pointer to one).
func lambdaEvent(t types.Type) (eventInfo, bool) {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != eventsPkg {
		return eventInfo{}, false
	}
	info, ok := eventTypes[n.Obj().Name()]
	return info, ok
}

// describe returns the source and trigger of a handler whose event has type t (nil when
// the handler takes no event).
func describe(t types.Type) eventInfo {
	if t == nil {
		return eventInfo{"custom", TriggerUnknown}
	}
	if info, ok := lambdaEvent(t); ok {
		return info
	}
	return eventInfo{"custom", TriggerUnknown}
}
