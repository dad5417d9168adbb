package main

import (
	"context"
	"database/sql"
	"net/http"
	"os/exec"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"coldstart/coldapp/internal/secrets"
	"coldstart/coldapp/internal/store" // want `SLS201: importing coldapp/internal/store runs blocking start-up work: initializer of var db in coldapp/internal/store calls store.connect at start-up, which blocks on network I/O`
	"coldstart/coldapp/internal/warm"
)

// Creating clients and loading configuration at start-up is the recommended pattern.
var (
	cfg, _   = config.LoadDefaultConfig(context.Background())
	db       = dynamodb.NewFromConfig(cfg)
	secrets_ = secretsmanager.NewFromConfig(cfg)
	orders   = store.New(db)
)

// Fetching at start-up the secret every invocation needs is the practice AWS documents:
// not SLS201.
var apiKey = secrets.Load(secrets_)

// Fetching it in a retry loop at start-up is.
var signingKey = secrets.LoadRetrying(secrets_) // want `SLS201: initializer of var signingKey calls secrets.LoadRetrying at start-up, which blocks on a configuration or secret fetch in a loop$`

// A function value is not called at start-up.
var fallback = func() error {
	_, err := http.Get("https://example.com")
	return err
}

var lazyKey = secrets.Lazy(secrets_)

func init() {
	time.Sleep(2 * time.Second)                                 // want `SLS201: init function calls time.Sleep at start-up \(a sleep\)`
	if out, err := exec.Command("uname").Output(); err == nil { // want `SLS201: init function calls exec.Command at start-up \(a subprocess\)` `SLS201: init function calls exec.Cmd.Output`
		_ = out
	}
	warm.Background("https://example.com/health") // a goroutine: not blocking
}

func handle(ctx context.Context, ev events.SQSEvent) error {
	// Work in the handler is per invocation, not start-up.
	for _, m := range ev.Records {
		if err := orders.Get(ctx, m.MessageId); err != nil {
			return err
		}
	}
	_, err := http.Get("https://example.com")
	return err
}

func main() {
	pg, err := sql.Open("postgres", "postgres://db") // opening a pool does not connect
	if err != nil {
		panic(err)
	}
	if err := pg.Ping(); err != nil { // want `SLS201: main, before lambda.Start, calls sql.DB.Ping at start-up \(network I/O\)`
		panic(err)
	}
	warm.Ping("https://example.com/health") // want `SLS201: main, before lambda.Start, calls warm.Ping at start-up, which blocks on network I/O`
	_ = orders.Warm(context.Background())   // want `SLS201: main, before lambda.Start, calls store.Store.Warm at start-up, which blocks on network I/O`
	lambda.Start(handle)
	http.Get("https://example.com") // after Start: never runs in a Lambda
}
