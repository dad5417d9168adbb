// Package types is a stub of github.com/aws/aws-sdk-go-v2/service/lambda/types for tests.
package types

type InvocationType string

const (
	InvocationTypeEvent           InvocationType = "Event"
	InvocationTypeRequestResponse InvocationType = "RequestResponse"
)
