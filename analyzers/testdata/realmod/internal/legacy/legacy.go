// Package legacy still uses the AWS SDK for Go v1.
package legacy

import (
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/s3"
)

func Client() *s3.S3 { return s3.New(session.Must(session.NewSession())) }
