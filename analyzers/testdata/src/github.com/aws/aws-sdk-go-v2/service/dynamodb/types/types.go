// Package types is a stub of github.com/aws/aws-sdk-go-v2/service/dynamodb/types for tests.
package types

type AttributeValue interface{ isAttributeValue() }

type AttributeValueMemberS struct{ Value string }

func (*AttributeValueMemberS) isAttributeValue() {}

type AttributeValueMemberN struct{ Value string }

func (*AttributeValueMemberN) isAttributeValue() {}

type AttributeValueMemberSS struct{ Value []string }

func (*AttributeValueMemberSS) isAttributeValue() {}

type PutRequest struct {
	Item map[string]AttributeValue
}

type DeleteRequest struct {
	Key map[string]AttributeValue
}

type WriteRequest struct {
	DeleteRequest *DeleteRequest
	PutRequest    *PutRequest
}

type Put struct {
	Item                      map[string]AttributeValue
	TableName                 *string
	ConditionExpression       *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]AttributeValue
}

type Update struct {
	Key                       map[string]AttributeValue
	TableName                 *string
	UpdateExpression          *string
	ConditionExpression       *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]AttributeValue
}

type Delete struct {
	Key                 map[string]AttributeValue
	TableName           *string
	ConditionExpression *string
}

type ConditionCheck struct {
	Key                 map[string]AttributeValue
	TableName           *string
	ConditionExpression *string
}

type TransactWriteItem struct {
	ConditionCheck *ConditionCheck
	Delete         *Delete
	Put            *Put
	Update         *Update
}

type ConditionalCheckFailedException struct {
	Message *string
}

func (e *ConditionalCheckFailedException) Error() string { return "ConditionalCheckFailedException" }
