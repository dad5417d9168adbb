// Package sig declares handlers that main packages register elsewhere: their signatures make them handlers here. // want package:`entries\(signature Handle events.SQSEvent->events.SQSEventResponse at-least-once; signature Handler.API events.APIGatewayProxyRequest->events.APIGatewayProxyResponse synchronous; signature OnSchedule events.CloudWatchEvent->- at-least-once\)`
package sig

import (
	"context"
	"log"

	"github.com/aws/aws-lambda-go/events"
)

func Handle(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) { // want Handle:`handler\(SQS, at-least-once\)`
	for _, m := range e.Records {
		if err := process(ctx, m); err != nil {
			log.Fatal(err)
		}
	}
	return events.SQSEventResponse{}, nil
}

// process takes a record, not an event: not a handler.
func process(ctx context.Context, m events.SQSMessage) error { return nil }

type Handler struct{}

func (h *Handler) API(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) { // want API:`handler\(API Gateway REST, synchronous\)`
	if _, err := parse(req); err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 400}, nil
	}
	return events.APIGatewayProxyResponse{}, nil
}

type order struct{ ID string }

// parse has a handler's shape, but API calls it: a helper, not an entry point.
func parse(req events.APIGatewayProxyRequest) (order, error) { return order{ID: req.Body}, nil }

// EventBridgeEvent is an alias of CloudWatchEvent; scheduled events arrive this way.
func OnSchedule(e events.EventBridgeEvent) error { // want OnSchedule:`handler\(EventBridge, at-least-once\)`
	return nil
}

// Not handlers: three parameters, a non-error last result.
func three(ctx context.Context, e events.SQSEvent, n int) error     { return nil }
func noError(ctx context.Context, e events.SQSEvent) string         { return "" }
func secondNotEvent(ctx context.Context, e events.SQSMessage) error { return nil }
