// Package shared is the functions' storage code, shared through a local replace.
package shared

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"
)

// Save stores a body under a new key.
func Save(ctx context.Context, db *dynamodb.Client, table, body string) error {
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(table),
		Item: map[string]types.AttributeValue{
			"id":   &types.AttributeValueMemberS{Value: uuid.NewString()},
			"body": &types.AttributeValueMemberS{Value: body},
		},
	})
	return err
}
