// Package store is a dependency whose summaries travel as facts. // want package:`init\(env os.Getenv "ORDERS_TABLE"\)`
package store

import (
	"context"
	"log"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

var table = os.Getenv("ORDERS_TABLE")

type Orders struct {
	DB *dynamodb.Client
}

func (o *Orders) Save(ctx context.Context, id string) error { // want Save:`effects\(write dynamodb.PutItem via Orders.Put; fatal log.Fatal via MustTable\)`
	return o.Put(ctx, MustTable(), id)
}

func (o *Orders) Put(ctx context.Context, table, id string) error { // want Put:`effects\(write dynamodb.PutItem\)`
	_, err := o.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table)})
	return err
}

func MustTable() string { // want MustTable:`effects\(fatal log.Fatal\)`
	if table == "" {
		log.Fatal("ORDERS_TABLE is not set")
	}
	return table
}

// Env reads a variable for callers in other packages.
func Env(name string) string { // want Env:`effects\(env os.Getenv param1 returned\)`
	return os.Getenv(name)
}
