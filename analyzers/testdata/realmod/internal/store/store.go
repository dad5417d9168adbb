// Package store reads orders from DynamoDB with the real aws-sdk-go-v2.
package store

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type Store struct{ client *dynamodb.Client }

func New(client *dynamodb.Client) *Store { return &Store{client: client} }

func (s *Store) Warm(ctx context.Context) error {
	_, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String("orders"),
		Key:       map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "warm"}},
	})
	return err
}
