package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"example.com/realmod/internal/legacy" // want `SLS203: the function's binary imports github.com/aws/aws-sdk-go/aws/session, whose initialization runs on every cold start`
	"example.com/realmod/internal/store"
)

var (
	cfg, _ = config.LoadDefaultConfig(context.Background()) // the recommended pattern: silent
	orders = store.New(dynamodb.NewFromConfig(cfg))
)

func init() {
	_ = orders.Warm(context.Background()) // want `SLS201: init function calls store.Store.Warm at start-up, which blocks on network I/O`
}

func handle(ctx context.Context, ev events.SQSEvent) error {
	_ = legacy.Client()
	return orders.Warm(ctx)
}

func main() {
	lambda.Start(handle)
}
