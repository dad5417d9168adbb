// Package store writes orders.
package store

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"
)

type Order struct {
	ID        string    `dynamodbav:"id"`
	Customer  string    `dynamodbav:"customer"`
	CreatedAt time.Time `dynamodbav:"createdAt"`
}

type Store struct {
	DB    *dynamodb.Client
	Table string
}

// Save stores an order under the ID it has.
func (s *Store) Save(ctx context.Context, o Order) error {
	o.CreatedAt = time.Now()
	item, err := attributevalue.MarshalMap(o)
	if err != nil {
		return err
	}
	_, err = s.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.Table), Item: item})
	return err
}

// SaveNew stores an order under a fresh ID.
func (s *Store) SaveNew(ctx context.Context, o Order) error {
	o.ID = uuid.NewString()
	item, err := attributevalue.MarshalMap(o)
	if err != nil {
		return err
	}
	_, err = s.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.Table), Item: item})
	return err
}

// PutKey writes an item under key.
func (s *Store) PutKey(ctx context.Context, key string) error {
	_, err := s.DB.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(s.Table),
		Item:      map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: key}},
	})
	return err
}

// Claim records an event ID; it fails when the event was processed before.
func (s *Store) Claim(ctx context.Context, eventID string) error {
	_, err := s.DB.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           aws.String(s.Table),
		Item:                map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "event#" + eventID}},
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	})
	return err
}

// Put stores any item.
func Put[T any](ctx context.Context, db *dynamodb.Client, item T) error {
	av, err := attributevalue.MarshalMap(item)
	if err != nil {
		return err
	}
	_, err = db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("any"), Item: av})
	return err
}
