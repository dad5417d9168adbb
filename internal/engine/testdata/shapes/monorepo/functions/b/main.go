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

var db = dynamodb.New(dynamodb.Options{Region: "eu-west-1"})

func handle(ctx context.Context, ev events.SQSEvent) error {
	for _, r := range ev.Records {
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: aws.String(os.Getenv("TABLE")),
			Item: map[string]types.AttributeValue{
				"id":   &types.AttributeValueMemberS{Value: uuid.NewString()},
				"body": &types.AttributeValueMemberS{Value: r.Body},
			},
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func main() { lambda.Start(handle) }
