// Package s3 is a stub of the AWS SDK for Go v1's S3 client.
package s3

import (
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
