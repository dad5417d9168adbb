// Package events is a stub of github.com/aws/aws-lambda-go/events.
package events

type SQSEvent struct {
	Records []SQSMessage `json:"Records"`
}

type SQSMessage struct {
	MessageId string `json:"messageId"`
	Body      string `json:"body"`
}

type APIGatewayProxyRequest struct {
	Path string `json:"path"`
	Body string `json:"body"`
}

type APIGatewayProxyResponse struct {
	StatusCode int    `json:"statusCode"`
	Body       string `json:"body"`
}
