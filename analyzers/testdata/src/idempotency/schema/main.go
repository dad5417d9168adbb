// Command schema writes to tables whose key schema is configured. // want package:`evidence\(.*\)`
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"
)

var db = dynamodb.NewFromConfig(aws.Config{})

func handle(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		// orders' key is orderNumber: a random one duplicates.
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{ // want `SLS101: dynamodb.PutItem in SQS handler handle writes key "orderNumber" built from uuid.NewString\(\)`
			TableName: aws.String("orders"),
			Item: map[string]types.AttributeValue{
				"orderNumber": &types.AttributeValueMemberS{Value: uuid.NewString()},
			},
		}); err != nil {
			return err
		}
		// The events table (named by EVENTS_TABLE) is keyed by messageId: "id" is just data.
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: aws.String(os.Getenv("EVENTS_TABLE")),
			Item: map[string]types.AttributeValue{
				"messageId": &types.AttributeValueMemberS{Value: msg.MessageId},
				"id":        &types.AttributeValueMemberS{Value: uuid.NewString()},
			},
		}); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	lambda.Start(handle)
}
