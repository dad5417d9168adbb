// Package events is a stub of github.com/aws/aws-lambda-go/events (v1.55.1) for tests.
package events

import "encoding/json"

type SQSEvent struct {
	Records []SQSMessage `json:"Records"`
}

type SQSMessage struct {
	MessageId string `json:"messageId"`
	Body      string `json:"body"`
}

type SQSEventResponse struct {
	BatchItemFailures []SQSBatchItemFailure `json:"batchItemFailures"`
}

type SQSBatchItemFailure struct {
	ItemIdentifier string `json:"itemIdentifier"`
}

type SNSEvent struct {
	Records []SNSEventRecord `json:"Records"`
}

type SNSEventRecord struct {
	SNS SNSEntity `json:"Sns"`
}

type SNSEntity struct {
	MessageID string `json:"MessageId"`
	Message   string `json:"Message"`
}

type S3Event struct {
	Records []S3EventRecord `json:"Records"`
}

type S3EventRecord struct {
	EventName string `json:"eventName"`
}

type CloudWatchEvent struct {
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Detail     json.RawMessage `json:"detail"`
}

type EventBridgeEvent = CloudWatchEvent

type KinesisEvent struct {
	Records []KinesisEventRecord `json:"Records"`
}

type KinesisEventRecord struct {
	EventID string `json:"eventID"`
}

type DynamoDBEvent struct {
	Records []DynamoDBEventRecord `json:"Records"`
}

type DynamoDBEventRecord struct {
	EventID string `json:"eventID"`
}

type KafkaEvent struct {
	EventSource string `json:"eventSource"`
}

type APIGatewayProxyRequest struct {
	Path       string `json:"path"`
	HTTPMethod string `json:"httpMethod"`
	Body       string `json:"body"`
}

type APIGatewayProxyResponse struct {
	StatusCode int    `json:"statusCode"`
	Body       string `json:"body"`
}

type APIGatewayV2HTTPRequest struct {
	RawPath string `json:"rawPath"`
	Body    string `json:"body"`
}

type APIGatewayV2HTTPResponse struct {
	StatusCode int    `json:"statusCode"`
	Body       string `json:"body"`
}

type ALBTargetGroupRequest struct {
	Path string `json:"path"`
}

type ALBTargetGroupResponse struct {
	StatusCode int `json:"statusCode"`
}

type LambdaFunctionURLRequest struct {
	RawPath string `json:"rawPath"`
}

type LambdaFunctionURLStreamingResponse struct {
	StatusCode int
}
