// Package idemstore writes orders: its write effects carry key origins and guards.
package idemstore

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"

	"effects/idemids"
)

type Order struct {
	ID        string    `dynamodbav:"id"`
	Customer  string    `dynamodbav:"customer"`
	CreatedAt time.Time `dynamodbav:"createdAt"`
	Skip      string    `dynamodbav:"-"`
}

type Store struct {
	DB    *dynamodb.Client
	Table string
}

func (s *Store) Save(ctx context.Context, o Order) error { // want Save:`effects\(write dynamodb.PutItem \[key id=param2.ID key customer=param2.Customer key createdAt=param2.CreatedAt key createdAt=time.Now\(\)\] target field effects/idemstore.Store.Table\)`
	o.CreatedAt = time.Now()
	item, err := attributevalue.MarshalMap(o)
	if err != nil {
		return err
	}
	_, err = s.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.Table), Item: item})
	return err
}

func (s *Store) SaveNew(ctx context.Context, note string) error { // want SaveNew:`effects\(write dynamodb.PutItem \[key id=uuid.NewString\(\) key note=param2 table orders\]\)`
	o := idemids.NewOrder(note)
	_, err := s.DB.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String("orders"),
		Item: map[string]types.AttributeValue{
			"id":   &types.AttributeValueMemberS{Value: o.ID},
			"note": &types.AttributeValueMemberS{Value: o.Note},
		},
	})
	return err
}

func (s *Store) Claim(ctx context.Context, eventID string) error { // want Claim:`effects\(write dynamodb.PutItem \[key pk=param2 conditional guard\] target field effects/idemstore.Store.Table\)` Claim:`flows\(guard\)`
	_, err := s.DB.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           aws.String(s.Table),
		Item:                map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "event#" + eventID}},
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	})
	return err
}

// ClaimAndSave guards its own write.
func (s *Store) ClaimAndSave(ctx context.Context, eventID string) error { // want ClaimAndSave:`effects\(write dynamodb.PutItem \[key id=uuid.NewString\(\) key customer=param2 guarded\] target field effects/idemstore.Store.Table; write dynamodb.PutItem \[key pk=param2 conditional guard\] target field effects/idemstore.Store.Table via Store.Claim\)` ClaimAndSave:`flows\(guard\)`
	if err := s.Claim(ctx, eventID); err != nil {
		return err
	}
	_, err := s.DB.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(s.Table),
		Item: map[string]types.AttributeValue{
			"id":       &types.AttributeValueMemberS{Value: uuid.NewString()},
			"customer": &types.AttributeValueMemberS{Value: eventID},
		},
	})
	return err
}
