// Package dynamodb is a stub of github.com/aws/aws-sdk-go-v2/service/dynamodb (v1.74):
// the client, its options and a few operations with their real signatures.
package dynamodb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
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

type AttributeValue interface{}

type GetItemInput struct {
	TableName *string
	Key       map[string]AttributeValue
}

type GetItemOutput struct {
	Item map[string]AttributeValue
}

func (c *Client) GetItem(ctx context.Context, params *GetItemInput, optFns ...func(*Options)) (*GetItemOutput, error) {
	return &GetItemOutput{}, nil
}

type PutItemInput struct {
	TableName *string
	Item      map[string]AttributeValue
}

type PutItemOutput struct{}

func (c *Client) PutItem(ctx context.Context, params *PutItemInput, optFns ...func(*Options)) (*PutItemOutput, error) {
	return &PutItemOutput{}, nil
}

type ScanInput struct {
	TableName         *string
	ExclusiveStartKey map[string]AttributeValue
}

type ScanOutput struct {
	Items            []map[string]AttributeValue
	LastEvaluatedKey map[string]AttributeValue
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
