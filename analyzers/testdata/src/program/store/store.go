// Package store writes to a bucket its user names.
package store

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Store puts objects into Bucket, which main wires from the environment.
type Store struct {
	S3     *s3.Client
	Bucket string
}

// Put stores body under incoming/.
func (s *Store) Put(ctx context.Context, id, body string) error {
	_, err := s.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String("incoming/" + id)})
	return err
}
