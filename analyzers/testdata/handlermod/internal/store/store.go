// Package store writes orders to DynamoDB with the real aws-sdk-go-v2.
package store

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// API is the part of the DynamoDB client the store uses.
type API interface {
	PutItem(ctx context.Context, params *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
}

type Orders struct {
	DB    API
	Table string
}

// MustSave exits on failure: fine in a script, fatal in a handler.
func (o *Orders) MustSave(ctx context.Context, id string) {
	if err := o.Save(ctx, id); err != nil {
		log.Fatalf("save %s: %v", id, err)
	}
}

func (o *Orders) Save(ctx context.Context, id string) error {
	_, err := o.DB.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(o.Table),
		Item:      map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: id}},
	})
	return err
}
