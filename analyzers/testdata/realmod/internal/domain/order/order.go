// Package order is business logic that leaks the trigger's event type. // want package:`provider: github.com/aws/aws-lambda-go/events`
package order

import (
	"context"

	"github.com/aws/aws-lambda-go/events" // want `SLS601: domain package internal/domain/order imports the cloud provider package github.com/aws/aws-lambda-go/events`

	"example.com/realmod/internal/store" // want `SLS601: domain package internal/domain/order imports internal/store, which depends on the cloud provider package github.com/aws/aws-sdk-go-v2/`
)

var _ *store.Store

func Process(ctx context.Context, ev events.SQSEvent) error { return nil } // want `SLS602: exported function Process of domain package internal/domain/order has cloud provider types in its signature \(events.SQSEvent\)`
