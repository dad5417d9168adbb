// Package s3 is a stub of github.com/aws/aws-sdk-go-v2/service/s3 for tests.
package s3

import (
	"context"
	"io"
	"time"

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

type HeadObjectInput struct {
	Bucket *string
	Key    *string
}

type HeadObjectOutput struct{}

func (c *Client) HeadObject(ctx context.Context, params *HeadObjectInput, optFns ...func(*Options)) (*HeadObjectOutput, error) {
	return &HeadObjectOutput{}, nil
}

type ObjectExistsWaiter struct{}

func NewObjectExistsWaiter(client *Client) *ObjectExistsWaiter { return &ObjectExistsWaiter{} }

// Wait waits until the object exists (HeadObject in a loop).
func (w *ObjectExistsWaiter) Wait(ctx context.Context, params *HeadObjectInput, maxWaitDur time.Duration) error {
	return nil
}

type ListObjectsV2Input struct {
	Bucket *string
	Prefix *string
}

type ListObjectsV2Output struct{}

func (c *Client) ListObjectsV2(ctx context.Context, params *ListObjectsV2Input, optFns ...func(*Options)) (*ListObjectsV2Output, error) {
	return &ListObjectsV2Output{}, nil
}

type ListObjectsV2Paginator struct{}

func NewListObjectsV2Paginator(client *Client, params *ListObjectsV2Input) *ListObjectsV2Paginator {
	return &ListObjectsV2Paginator{}
}

func (p *ListObjectsV2Paginator) HasMorePages() bool { return false }

func (p *ListObjectsV2Paginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*ListObjectsV2Output, error) {
	return &ListObjectsV2Output{}, nil
}
