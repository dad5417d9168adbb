// Command clean is the idiomatic twin: clients and configuration at start-up, I/O on first
// use or in the handler.
package main

import (
	"context"
	"database/sql"
	"regexp"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"coldstart/coldapp/internal/secrets"
	"coldstart/coldapp/internal/warm"
)

var (
	cfg, _  = config.LoadDefaultConfig(context.Background())
	client  = dynamodb.NewFromConfig(cfg)
	sm      = secretsmanager.NewFromConfig(cfg)
	pattern = regexp.MustCompile(`^[a-z]+$`)
	pool, _ = sql.Open("postgres", "postgres://db")
	apiKey  = sync.OnceValue(func() string { return secrets.Load(sm) })
	lazyKey = secrets.Lazy(sm)
)

func init() {
	warm.Background("https://example.com/health")
}

func handle(ctx context.Context, ev events.SQSEvent) (string, error) {
	_ = apiKey()
	_, err := client.GetItem(ctx, &dynamodb.GetItemInput{})
	return lazyKey(), err
}

func main() {
	lambda.StartHandlerFunc(handle)
}
