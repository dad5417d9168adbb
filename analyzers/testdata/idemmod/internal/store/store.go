// Package store keeps orders in DynamoDB, with the real aws-sdk-go-v2, attributevalue,
// expression and google/uuid.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"
)

type Order struct {
	ID         string    `dynamodbav:"id"`
	CustomerID string    `dynamodbav:"customerId"`
	Total      int64     `dynamodbav:"total"`
	CreatedAt  time.Time `dynamodbav:"createdAt"`
}

type Store struct {
	DB    *dynamodb.Client
	Table string
}

// Save stores an order under a fresh ID.
func (s *Store) Save(ctx context.Context, o Order) error {
	o.ID = uuid.NewString()
	o.CreatedAt = time.Now()
	item, err := attributevalue.MarshalMap(o)
	if err != nil {
		return err
	}
	_, err = s.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.Table), Item: item})
	return err
}

// SaveAs stores an order under the ID it has.
func (s *Store) SaveAs(ctx context.Context, o Order) error {
	item, err := attributevalue.MarshalMap(o)
	if err != nil {
		return err
	}
	_, err = s.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.Table), Item: item})
	return err
}

// CountSale adds the order's total to the customer's running total.
func (s *Store) CountSale(ctx context.Context, o Order) error {
	upd := expression.Add(expression.Name("totalSpent"), expression.Value(o.Total))
	e, err := expression.NewBuilder().WithUpdate(upd).Build()
	if err != nil {
		return err
	}
	_, err = s.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.Table),
		Key:                       map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "customer#" + o.CustomerID}},
		UpdateExpression:          e.Update(),
		ConditionExpression:       e.Condition(),
		ExpressionAttributeNames:  e.Names(),
		ExpressionAttributeValues: e.Values(),
	})
	return err
}

// Claim records an event; ok is false when it was processed before.
func (s *Store) Claim(ctx context.Context, eventID string) (ok bool, err error) {
	cond := expression.AttributeNotExists(expression.Name("id"))
	e, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return false, err
	}
	_, err = s.DB.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 aws.String(s.Table),
		Item:                      map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "event#" + eventID}},
		ConditionExpression:       e.Condition(),
		ExpressionAttributeNames:  e.Names(),
		ExpressionAttributeValues: e.Values(),
	})
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return false, nil
	}
	return err == nil, err
}
