// Package types is a stub of github.com/aws/aws-sdk-go-v2/service/sesv2/types for tests.
package types

type Destination struct{ ToAddresses []string }

type EmailContent struct{}
