// Package repo is a data-access package whose functions a handler of another package
// calls.
package repo

import (
	"context"
	"net/http"
	"sync"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Open builds a client on every call.
func Open(ctx context.Context) *dynamodb.Client {
	cfg, _ := config.LoadDefaultConfig(ctx)
	return dynamodb.NewFromConfig(cfg)
}

var (
	mu     sync.Mutex
	cached *dynamodb.Client
)

// Client returns the shared client, created on first use.
func Client(ctx context.Context) *dynamodb.Client {
	mu.Lock()
	defer mu.Unlock()
	if cached == nil {
		cached = Open(ctx)
	}
	return cached
}

var plain = &http.Client{}

// Fetch uses the package's client, which has no Timeout.
func Fetch(url string) error {
	resp, err := plain.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Save drops its caller's context.
func Save(ctx context.Context, db *dynamodb.Client) error {
	_, err := db.PutItem(context.TODO(), &dynamodb.PutItemInput{})
	return err
}

// Store keeps its context, as it should.
func Store(ctx context.Context, db *dynamodb.Client) error {
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{})
	return err
}
