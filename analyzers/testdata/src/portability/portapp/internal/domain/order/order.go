package order // want package:`provider: github.com/aws/aws-lambda-go/events`

import (
	"context"

	"github.com/aws/aws-lambda-go/events"               // want `SLS601: domain package portapp/internal/domain/order imports the cloud provider package github.com/aws/aws-lambda-go/events`
	ddb "github.com/aws/aws-sdk-go-v2/service/dynamodb" // want `SLS601: domain package portapp/internal/domain/order imports the cloud provider package github.com/aws/aws-sdk-go-v2/service/dynamodb`

	"portability/portapp/internal/domain/pure"
	"portability/portapp/internal/store" // want `SLS601: domain package portapp/internal/domain/order imports portapp/internal/store, which depends on the cloud provider package github.com/aws/aws-sdk-go-v2/service/dynamodb`
)

type Order struct {
	ID    string
	Total pure.Cents
}

// Process takes the trigger's event: SLS602.
func Process(ctx context.Context, ev events.SQSEvent) error { // want `SLS602: exported function Process of domain package portapp/internal/domain/order has cloud provider types in its signature \(events.SQSEvent\)`
	return nil
}

type Service struct {
	orders *store.Orders
}

func (s *Service) Put(ctx context.Context, c *ddb.Client, in map[string]events.SQSMessage) error { // want `SLS602: exported method Service.Put of domain package portapp/internal/domain/order has cloud provider types in its signature \(dynamodb.Client, events.SQSMessage\)`
	return nil
}

// Items returns provider types inside a generic container.
func Items() []Box[events.SQSMessage] { return nil } // want `SLS602: exported function Items .*\(events.SQSMessage\)`

type Box[T any] struct{ V T }

// Repository is the port: its method leaks the SDK's input type.
type Repository interface {
	Save(ctx context.Context, in *ddb.PutItemInput) error // want `SLS602: method Repository.Save of domain package portapp/internal/domain/order`
	Find(ctx context.Context, id string) (Order, error)
}

// Unexported functions are internal: no SLS602.
func toOrder(m events.SQSMessage) Order { return Order{ID: m.MessageId} }

// Domain types only: no SLS602.
func Total(orders []Order) pure.Cents {
	var t pure.Cents
	for _, o := range orders {
		t += o.Total
	}
	return t
}
