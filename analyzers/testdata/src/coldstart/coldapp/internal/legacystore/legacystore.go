package legacystore // want package:`heavy: github.com/aws/aws-sdk-go/aws/session`

import (
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/s3"
)

// Client is built lazily.
func Client() *s3.S3 { return s3.New(session.Must(session.NewSession())) }

// Object sends a v1 request.
func Object(c *s3.S3) error { // want Object:`blocks: s3.S3.GetObject`
	_, err := c.GetObject(&s3.GetObjectInput{})
	return err
}

// Prepare only builds a request: no I/O.
func Prepare(c *s3.S3) {
	c.GetObjectRequest(&s3.GetObjectInput{})
}
