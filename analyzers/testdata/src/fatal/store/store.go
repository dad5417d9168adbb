// Package store is where the fatal exits hide: its callers' handlers reach them.
package store

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

type Orders struct {
	DB    *dynamodb.Client
	Table string
}

func (o *Orders) Save(ctx context.Context, id string) {
	if _, err := o.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(o.Table)}); err != nil {
		fail(err)
	}
}

func fail(err error) {
	log.Fatalf("put: %v", err)
}

// SaveSafely returns its error.
func (o *Orders) SaveSafely(ctx context.Context, id string) error {
	_, err := o.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(o.Table)})
	return err
}

// Must panics: a helper for start-up code.
func Must(o *Orders, err error) *Orders {
	if err != nil {
		panic(err)
	}
	return o
}
