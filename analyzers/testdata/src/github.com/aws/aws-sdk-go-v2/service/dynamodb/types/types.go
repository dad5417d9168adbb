// Package types is a stub of github.com/aws/aws-sdk-go-v2/service/dynamodb/types for tests.
package types

type AttributeValue interface{ isAttributeValue() }

type AttributeValueMemberS struct{ Value string }

func (*AttributeValueMemberS) isAttributeValue() {}
