// Package store keeps orders in DynamoDB.
package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"

	"example.com/orders/internal/order"
)

// Store writes orders to a DynamoDB table.
type Store struct {
	DB    *dynamodb.Client
	Table string
}

// Save stores an order under a fresh ID.
func (s *Store) Save(ctx context.Context, o order.Order) error {
	o.ID = uuid.NewString()
	o.CreatedAt = time.Now()
	item, err := attributevalue.MarshalMap(o)
	if err != nil {
		return err
	}
	_, err = s.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.Table), Item: item})
	return err
}

// CountSale adds the order's total to the customer's running total.
func (s *Store) CountSale(ctx context.Context, o order.Order) error {
	_, err := s.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(s.Table),
		Key: map[string]types.AttributeValue{
			"id": &types.AttributeValueMemberS{Value: "customer#" + o.CustomerID},
		},
		UpdateExpression: aws.String("ADD totalSpent :t"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":t": &types.AttributeValueMemberN{Value: strconv.FormatInt(o.Total, 10)},
		},
	})
	if err != nil {
		return fmt.Errorf("count sale: %w", err)
	}
	return nil
}
