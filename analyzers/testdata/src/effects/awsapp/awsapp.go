// Package awsapp calls AWS in every form the SDKs offer, for the IAM part of the effects.
package awsapp

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	s3v1 "github.com/aws/aws-sdk-go/service/s3"
)

const ordersTable = "orders"

// Store keeps items in a table its wiring names.
type Store struct {
	DB    *dynamodb.Client
	Table string
}

func (st *Store) Get(ctx context.Context) error { // want `Get: aws dynamodb.GetItem TableName=\{effects/awsapp.Store.Table\}`
	_, err := st.DB.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(st.Table)})
	return err
}

func constant(ctx context.Context, db *dynamodb.Client) error { // want `constant: aws dynamodb.PutItem TableName=orders`
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(ordersTable)})
	return err
}

func fromEnv(ctx context.Context, db *dynamodb.Client) error { // want `fromEnv: aws dynamodb.Query TableName=\$TABLE IndexName=byCustomer`
	in := &dynamodb.QueryInput{TableName: aws.String(os.Getenv("TABLE"))}
	in.IndexName = aws.String("byCustomer")
	_, err := db.Query(ctx, in)
	return err
}

func built(ctx context.Context, db *dynamodb.Client) error { // want `built: aws dynamodb.GetItem TableName=\$STAGE-orders`
	_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(fmt.Sprintf("%s-orders", os.Getenv("STAGE")))})
	return err
}

func transact(ctx context.Context, db *dynamodb.Client) error { // want `transact: aws dynamodb.TransactWriteItems TransactItems.Put.TableName=orders TransactItems.Update.TableName=\$AUDIT`
	_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String(ordersTable)}},
		{Update: &types.Update{TableName: aws.String(os.Getenv("AUDIT"))}},
	}})
	return err
}

func batch(ctx context.Context, db *dynamodb.Client, reqs []types.WriteRequest) error { // want `batch: aws dynamodb.BatchWriteItem RequestItems=orders`
	_, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{ordersTable: reqs}})
	return err
}

func pages(ctx context.Context, c *s3.Client) error { // want `pages: aws s3.ListObjectsV2 Bucket=\$BUCKET`
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String(os.Getenv("BUCKET"))})
	for p.HasMorePages() {
		if _, err := p.NextPage(ctx); err != nil {
			return err
		}
	}
	return nil
}

func wait(ctx context.Context, c *s3.Client) error { // want `wait: aws s3.HeadObject Bucket=\$BUCKET Key=reports/\*$`
	return s3.NewObjectExistsWaiter(c).Wait(ctx, &s3.HeadObjectInput{Bucket: aws.String(os.Getenv("BUCKET")), Key: aws.String("reports/" + time.Now().String())}, time.Minute)
}

func unknownInput(ctx context.Context, q *sqs.Client, in *sqs.SendMessageInput) error { // want `unknownInput: aws sqs.SendMessage$`
	_, err := q.SendMessage(ctx, in)
	return err
}

func v1(ctx context.Context, c *s3v1.S3) error { // want `v1: aws s3.PutObject v1 Bucket=uploads; aws s3.GetObject v1 Bucket=uploads; aws s3.ListObjectsV2 v1 Bucket=uploads; aws s3.HeadObject v1 Bucket=uploads`
	_, err := c.GetObjectWithContext(ctx, &s3v1.GetObjectInput{Bucket: aws.String("uploads")})
	_ = c.ListObjectsV2Pages(&s3v1.ListObjectsV2Input{Bucket: aws.String("uploads")}, func(*s3v1.ListObjectsV2Output, bool) bool { return true })
	_, _ = c.PutObjectRequest(&s3v1.PutObjectInput{Bucket: aws.String("uploads")})
	_ = c.WaitUntilObjectExists(&s3v1.HeadObjectInput{Bucket: aws.String("uploads")})
	return err
}
