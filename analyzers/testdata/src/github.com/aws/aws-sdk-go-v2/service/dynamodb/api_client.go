// Package dynamodb is a stub of github.com/aws/aws-sdk-go-v2/service/dynamodb (v1.74) for
// tests: the client, its options and a few operations with their real signatures.
package dynamodb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type Options struct {
	Region           string
	RetryMaxAttempts int
	RetryMode        aws.RetryMode
	Retryer          aws.Retryer
}

type Client struct{ options Options }

func New(options Options, optFns ...func(*Options)) *Client { return &Client{options: options} }

func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client { return &Client{} }

type PutItemInput struct {
	TableName           *string
	Item                map[string]types.AttributeValue
	ConditionExpression *string
}

type PutItemOutput struct{}

func (c *Client) PutItem(ctx context.Context, params *PutItemInput, optFns ...func(*Options)) (*PutItemOutput, error) {
	return &PutItemOutput{}, nil
}

type GetItemInput struct {
	TableName *string
	Key       map[string]types.AttributeValue
}

type GetItemOutput struct {
	Item map[string]types.AttributeValue
}

func (c *Client) GetItem(ctx context.Context, params *GetItemInput, optFns ...func(*Options)) (*GetItemOutput, error) {
	return &GetItemOutput{}, nil
}

type UpdateItemInput struct {
	TableName                 *string
	Key                       map[string]types.AttributeValue
	UpdateExpression          *string
	ConditionExpression       *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]types.AttributeValue
}

type UpdateItemOutput struct{}

func (c *Client) UpdateItem(ctx context.Context, params *UpdateItemInput, optFns ...func(*Options)) (*UpdateItemOutput, error) {
	return &UpdateItemOutput{}, nil
}

type BatchWriteItemInput struct {
	RequestItems map[string][]types.WriteRequest
}

type BatchWriteItemOutput struct {
	UnprocessedItems map[string][]types.WriteRequest
}

func (c *Client) BatchWriteItem(ctx context.Context, params *BatchWriteItemInput, optFns ...func(*Options)) (*BatchWriteItemOutput, error) {
	return &BatchWriteItemOutput{}, nil
}

type TransactWriteItemsInput struct {
	TransactItems      []types.TransactWriteItem
	ClientRequestToken *string
}

type TransactWriteItemsOutput struct{}

func (c *Client) TransactWriteItems(ctx context.Context, params *TransactWriteItemsInput, optFns ...func(*Options)) (*TransactWriteItemsOutput, error) {
	return &TransactWriteItemsOutput{}, nil
}

type ScanInput struct {
	TableName         *string
	ExclusiveStartKey map[string]types.AttributeValue
}

type ScanOutput struct {
	Items            []map[string]types.AttributeValue
	LastEvaluatedKey map[string]types.AttributeValue
}

func (c *Client) Scan(ctx context.Context, params *ScanInput, optFns ...func(*Options)) (*ScanOutput, error) {
	return &ScanOutput{}, nil
}

type ScanAPIClient interface {
	Scan(context.Context, *ScanInput, ...func(*Options)) (*ScanOutput, error)
}

type ScanPaginatorOptions struct{ Limit int32 }

type ScanPaginator struct{}

func NewScanPaginator(client ScanAPIClient, params *ScanInput, optFns ...func(*ScanPaginatorOptions)) *ScanPaginator {
	return &ScanPaginator{}
}

func (p *ScanPaginator) HasMorePages() bool { return false }

func (p *ScanPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*ScanOutput, error) {
	return &ScanOutput{}, nil
}

type QueryInput struct {
	TableName *string
	IndexName *string
}

type QueryOutput struct{}

func (c *Client) Query(ctx context.Context, params *QueryInput, optFns ...func(*Options)) (*QueryOutput, error) {
	return &QueryOutput{}, nil
}
