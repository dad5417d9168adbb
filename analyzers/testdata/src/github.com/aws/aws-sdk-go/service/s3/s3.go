// Package s3 is a stub of the AWS SDK for Go v1's S3 client.
package s3

import (
	"context"

	"github.com/aws/aws-sdk-go/aws/session"
)

type S3 struct{}

func New(p *session.Session) *S3 { return &S3{} }

type GetObjectInput struct{ Bucket, Key *string }

type GetObjectOutput struct{}

type Request struct{}

// GetObject sends the request.
func (c *S3) GetObject(input *GetObjectInput) (*GetObjectOutput, error) { return nil, nil }

// GetObjectRequest only builds it.
func (c *S3) GetObjectRequest(input *GetObjectInput) (*Request, *GetObjectOutput) { return nil, nil }

// GetObjectWithContext sends the request with a context.
func (c *S3) GetObjectWithContext(ctx context.Context, input *GetObjectInput) (*GetObjectOutput, error) {
	return nil, nil
}

type ListObjectsV2Input struct{ Bucket *string }

type ListObjectsV2Output struct{}

// ListObjectsV2Pages iterates over the pages.
func (c *S3) ListObjectsV2Pages(input *ListObjectsV2Input, fn func(*ListObjectsV2Output, bool) bool) error {
	return nil
}

type PutObjectInput struct{ Bucket, Key *string }

type PutObjectOutput struct{}

// PutObjectRequest builds the request; Send makes it.
func (c *S3) PutObjectRequest(input *PutObjectInput) (*Request, *PutObjectOutput) { return nil, nil }

type HeadObjectInput struct{ Bucket, Key *string }

// WaitUntilObjectExists polls HeadObject.
func (c *S3) WaitUntilObjectExists(input *HeadObjectInput) error { return nil }
