// Package s3 is a stub of the AWS SDK for Go v1's S3 client.
package s3

// S3 is a stub.
type S3 struct{}
