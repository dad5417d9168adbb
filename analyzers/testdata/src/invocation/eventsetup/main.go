// Command eventsetup opens pools through tracing wrappers, builds set-up from the event and
// caches what it builds behind guards: only the first is per-invocation set-up.
package main

import (
	"context"
	"database/sql"
	"os"
	"sync"
	"time"

	"github.com/XSAM/otelsql"
	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	sqltrace "gopkg.in/DataDog/dd-trace-go.v1/contrib/database/sql"
)

// Tracing wrappers of sql.Open open a new pool as sql.Open does.
func traced(ctx context.Context, e events.SQSEvent) error {
	db, err := sqltrace.Open("postgres", os.Getenv("DSN")) // want `SLS202: sqltrace.Open in SQS handler traced opens a new connection pool on every invocation`
	if err != nil {
		return err
	}
	defer db.Close()
	other, err := otelsql.Open("postgres", "postgres://db") // want `SLS202: otelsql.Open in SQS handler traced opens a new connection pool on every invocation`
	if err != nil {
		return err
	}
	return other.Close()
}

// A job that says which account and database to use: set-up from the event cannot move to
// start-up.
type job struct {
	Region string
	DSN    string
	Bucket string
}

func check(ctx context.Context, j job) error {
	// Reached from fixed with a region from the environment; from fromEvent with the
	// event's.
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(j.Region)) // want `SLS202: config.LoadDefaultConfig, reachable from SNS handler fixed, loads the AWS configuration and resolves credentials again on every invocation`
	if err != nil {
		return err
	}
	_ = s3.NewFromConfig(cfg) // want `SLS202: s3.NewFromConfig, reachable from SNS handler fixed, creates a new SDK client on every invocation`
	return nil
}

func fromEvent(ctx context.Context, j job) error {
	if err := check(ctx, j); err != nil {
		return err
	}
	db, err := sql.Open("postgres", j.DSN)
	if err != nil {
		return err
	}
	return db.Close()
}

// The same helper called with fixed values is per-invocation set-up.
func fixed(ctx context.Context, e events.SNSEvent) error {
	return check(ctx, job{Region: os.Getenv("REGION")})
}

// A secret cached for five minutes, with a double-checked read lock: the client is built
// once per period, not per invocation.
var (
	secretMu      sync.RWMutex
	secret        string
	secretExpires time.Time
)

func apiKey(ctx context.Context) (string, error) {
	secretMu.RLock()
	if secret != "" && time.Now().Before(secretExpires) {
		defer secretMu.RUnlock()
		return secret, nil
	}
	secretMu.RUnlock()
	secretMu.Lock()
	defer secretMu.Unlock()
	if secret != "" && time.Now().Before(secretExpires) {
		return secret, nil
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return "", err
	}
	out, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("api")})
	if err != nil {
		return "", err
	}
	secret, secretExpires = aws.ToString(out.SecretString), time.Now().Add(5*time.Minute)
	return secret, nil
}

// A client per configured region, built on first use of each.
var (
	clientsMu sync.Mutex
	clients   = map[string]*s3.Client{}
)

func clientFor(ctx context.Context, region string) (*s3.Client, error) {
	clientsMu.Lock()
	defer clientsMu.Unlock()
	if c, ok := clients[region]; ok {
		return c, nil
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		return nil, err
	}
	c := s3.NewFromConfig(cfg)
	clients[region] = c
	return c, nil
}

func cached(ctx context.Context, e events.S3Event) error {
	if _, err := apiKey(ctx); err != nil {
		return err
	}
	_, err := clientFor(ctx, os.Getenv("REPLICA_REGION"))
	return err
}

// The same secret fetch without the guard is per-invocation set-up.
func uncached(ctx context.Context, e events.KinesisEvent) error {
	cfg, err := config.LoadDefaultConfig(ctx) // want `SLS202: config.LoadDefaultConfig in Kinesis handler uncached loads the AWS configuration`
	if err != nil {
		return err
	}
	_ = secretsmanager.NewFromConfig(cfg) // want `SLS202: secretsmanager.NewFromConfig in Kinesis handler uncached creates a new SDK client`
	return nil
}

func main() {
	lambda.Start(traced)
	lambda.Start(fromEvent)
	lambda.Start(fixed)
	lambda.Start(cached)
	lambda.Start(uncached)
}
