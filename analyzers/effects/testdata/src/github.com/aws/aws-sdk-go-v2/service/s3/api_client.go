// Package s3 is a stub of github.com/aws/aws-sdk-go-v2/service/s3 for tests.
package s3

import (
	"context"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
)

type Options struct{}

type Client struct{ options Options }

func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client { return &Client{} }

type PutObjectInput struct {
	Bucket *string
	Key    *string
	Body   io.Reader
}

type PutObjectOutput struct{}

func (c *Client) PutObject(ctx context.Context, params *PutObjectInput, optFns ...func(*Options)) (*PutObjectOutput, error) {
	return &PutObjectOutput{}, nil
}

type GetObjectInput struct {
	Bucket *string
	Key    *string
}

type GetObjectOutput struct{ Body io.ReadCloser }

func (c *Client) GetObject(ctx context.Context, params *GetObjectInput, optFns ...func(*Options)) (*GetObjectOutput, error) {
	return &GetObjectOutput{}, nil
}
