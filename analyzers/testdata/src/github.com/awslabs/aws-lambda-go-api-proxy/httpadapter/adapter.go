// Package httpadapter is a stub of github.com/awslabs/aws-lambda-go-api-proxy/httpadapter
// (v0.16.2) for tests.
package httpadapter

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
)

type HandlerAdapter struct {
	handler http.Handler
}

func New(handler http.Handler) *HandlerAdapter { return &HandlerAdapter{handler: handler} }

func (h *HandlerAdapter) Proxy(event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return events.APIGatewayProxyResponse{}, nil
}

func (h *HandlerAdapter) ProxyWithContext(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return events.APIGatewayProxyResponse{}, nil
}

type HandlerAdapterV2 struct {
	handler http.Handler
}

func NewV2(handler http.Handler) *HandlerAdapterV2 { return &HandlerAdapterV2{handler: handler} }

func (h *HandlerAdapterV2) ProxyWithContext(ctx context.Context, event events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return events.APIGatewayV2HTTPResponse{}, nil
}
