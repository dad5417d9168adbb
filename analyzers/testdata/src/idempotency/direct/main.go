// Command direct has its causes in the handlers' own bodies. // want package:`evidence\(randomKey: SLS101 randomKey → dynamodb.PutItem; sortKey: SLS101 sortKey → dynamodb.PutItem; api: SLS101 api → dynamodb.PutItem; objects: SLS101 objects → s3.PutObject; fifo: SLS101 fifo → sqs.SendMessage; rows: SLS101 rows → sql.DB.ExecContext\)`
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/google/uuid"
	"github.com/segmentio/ksuid"
)

var (
	db    = dynamodb.NewFromConfig(aws.Config{})
	files = s3.NewFromConfig(aws.Config{})
	queue = sqs.NewFromConfig(aws.Config{})
	conn  *sql.DB
	table = os.Getenv("TABLE")

	// A package-level ID is made once per execution environment, not per invocation.
	instance = uuid.NewString()
)

func randomKey(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{ // want `SLS101: dynamodb.PutItem in SQS handler randomKey writes key "id" built from uuid.NewString\(\)`
			TableName: aws.String(table),
			Item: map[string]types.AttributeValue{
				"id":   &types.AttributeValueMemberS{Value: uuid.NewString()},
				"body": &types.AttributeValueMemberS{Value: msg.Body},
			},
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// eventKey is the twin: the key is the message ID; the timestamp is not a key.
func eventKey(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: aws.String(table),
			Item: map[string]types.AttributeValue{
				"id":         &types.AttributeValueMemberS{Value: msg.MessageId},
				"receivedAt": &types.AttributeValueMemberS{Value: time.Now().Format(time.RFC3339)},
				"worker":     &types.AttributeValueMemberS{Value: instance},
				"traceId":    &types.AttributeValueMemberS{Value: uuid.NewString()}, // a reference, not the key
			},
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// sortKey builds its sort key from the clock through a variable and fmt.Sprintf.
func sortKey(ctx context.Context, ev events.KinesisEvent) error {
	for _, r := range ev.Records {
		sk := fmt.Sprintf("evt#%d", time.Now().UnixNano())
		item := map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: "stream#" + r.EventID},
		}
		item["sk"] = &types.AttributeValueMemberS{Value: sk}
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil { // want `SLS101: dynamodb.PutItem in Kinesis handler sortKey writes key "sk" built from time.Now\(\)`
			return err
		}
	}
	return nil
}

// api is synchronous: the client sees the result and retries on its own terms.
func api(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(table),
		Item:      map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: uuid.NewString()}},
	})
	return events.APIGatewayProxyResponse{StatusCode: 201}, err
}

func objects(ctx context.Context, ev events.S3Event) error {
	for _, r := range ev.Records {
		out := "processed/" + time.Now().UTC().Format(time.RFC3339Nano) + ".json"
		if _, err := files.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("out"), Key: aws.String(out)}); err != nil { // want `SLS101: s3.PutObject in S3 handler objects writes object key built from time.Now\(\)`
			return err
		}
		// A daily partition and the source object's key: the same on redelivery.
		day := time.Now().Format("2006/01/02")
		if _, err := files.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("out"), Key: aws.String(day + "/" + r.S3.Object.Key)}); err != nil {
			return err
		}
	}
	return nil
}

func fifo(ctx context.Context, ev events.SNSEvent) error {
	for _, r := range ev.Records {
		id := ksuid.New()
		if _, err := queue.SendMessage(ctx, &sqs.SendMessageInput{ // want `SLS101: sqs.SendMessage in SNS handler fifo writes deduplication ID built from ksuid.New\(\)`
			QueueUrl:               aws.String("q"),
			MessageBody:            aws.String(r.SNS.Message),
			MessageDeduplicationId: aws.String(id.String()),
		}); err != nil {
			return err
		}
		if _, err := queue.SendMessage(ctx, &sqs.SendMessageInput{
			QueueUrl:               aws.String("q"),
			MessageBody:            aws.String(r.SNS.Message),
			MessageDeduplicationId: aws.String(strings.ToLower(r.SNS.MessageID)),
		}); err != nil {
			return err
		}
	}
	return nil
}

func rows(ctx context.Context, ev events.CloudWatchEvent) error {
	if _, err := conn.ExecContext(ctx, "INSERT INTO audit (id, event_id, created_at) VALUES ($1, $2, $3)", uuid.New(), ev.ID, time.Now()); err != nil { // want `SLS101: sql.DB.ExecContext in EventBridge handler rows writes column "id" built from uuid.New\(\)`
		return err
	}
	_, err := conn.ExecContext(ctx, "INSERT INTO audit (id, created_at) VALUES (?, ?)", ev.ID, time.Now())
	return err
}

func main() {
	lambda.Start(randomKey)
	lambda.Start(eventKey)
	lambda.Start(sortKey)
	lambda.Start(api)
	lambda.Start(objects)
	lambda.Start(fifo)
	lambda.Start(rows)
}
