// Package chiadapter is a stub of github.com/awslabs/aws-lambda-go-api-proxy/chi (v0.16.2)
// for tests.
package chiadapter

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/go-chi/chi/v5"
)

type ChiLambda struct {
	chiMux *chi.Mux
}

func New(chi *chi.Mux) *ChiLambda { return &ChiLambda{chiMux: chi} }

func (g *ChiLambda) ProxyWithContext(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return events.APIGatewayProxyResponse{}, nil
}
