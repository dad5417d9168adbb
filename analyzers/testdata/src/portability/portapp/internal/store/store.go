// Package store is an adapter: it may use the SDK. // want package:`provider: github.com/aws/aws-sdk-go-v2/service/dynamodb`
package store

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

type Orders struct{ client *dynamodb.Client }

func New(client *dynamodb.Client) *Orders { return &Orders{client: client} }

func (o *Orders) Save(ctx context.Context, id string) error {
	_, err := o.client.PutItem(ctx, &dynamodb.PutItemInput{})
	return err
}
