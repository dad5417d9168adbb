// Command setup repeats set-up in its handler, next to the idiomatic versions that do it
// once per execution environment.
package main

import (
	"context"
	"database/sql"
	"net/http"
	"regexp"
	"sync"
	"text/template"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Start-up: package-level variables and init are never per-invocation.
var (
	skuPattern = regexp.MustCompile(`^[A-Z]{3}-\d{4}$`)
	shared     = &http.Client{Timeout: 5 * time.Second}
	db         *dynamodb.Client
	queue      *sqs.Client
	bucket     *s3.Client
	pages      = template.Must(template.ParseGlob("templates/*.html"))
)

func init() {
	cfg, _ := config.LoadDefaultConfig(context.Background())
	queue = sqs.NewFromConfig(cfg)
}

func handle(ctx context.Context, e events.SQSEvent) error {
	cfg, err := config.LoadDefaultConfig(ctx) // want `SLS202: config.LoadDefaultConfig in SQS handler handle loads the AWS configuration and resolves credentials again on every invocation`
	if err != nil {
		return err
	}
	client := dynamodb.NewFromConfig(cfg)    // want `SLS202: dynamodb.NewFromConfig in SQS handler handle creates a new SDK client on every invocation`
	conn, err := sql.Open("postgres", "dsn") // want `SLS202: sql.Open in SQS handler handle opens a new connection pool on every invocation`
	if err != nil {
		return err
	}
	defer conn.Close()
	hc := &http.Client{Timeout: time.Second}                         // want `SLS202: an http.Client literal in SQS handler handle creates a new HTTP client on every invocation`
	hc2 := &http.Client{Transport: &http.Transport{MaxIdleConns: 1}} // want `SLS202: an http.Client literal in SQS handler handle creates a new HTTP client on every invocation with its own Transport, so no connection or TLS session is ever reused`
	tr := http.Transport{}                                           // want `SLS202: an http.Transport literal in SQS handler handle creates a new HTTP transport`
	re := regexp.MustCompile(`^\d+$`)                                // want `SLS202: regexp.MustCompile\("\^\\\\d\+\$"\) in SQS handler handle compiles a constant pattern again on every invocation`
	t, _ := template.ParseFiles("mail.txt")                          // want `SLS202: template.ParseFiles in SQS handler handle parses templates again`
	_, _, _, _, _, _, _ = client, hc, hc2, &tr, re, t, e
	return nil
}

// reuse is the idiomatic twin: everything was created once.
func reuse(ctx context.Context, e events.SQSEvent) error {
	for _, r := range e.Records {
		if !skuPattern.MatchString(r.Body) {
			continue
		}
		dynamic := regexp.MustCompile(r.Body) // built from the event: per-invocation by nature
		_ = dynamic
	}
	_, _, _, _ = shared, db, queue, pages
	return nil
}

// Once-per-environment set-up inside the handler.

var (
	once    sync.Once
	lazyDB  *dynamodb.Client
	lazyS3  *s3.Client
	getConf = sync.OnceValues(func() (any, error) { return config.LoadDefaultConfig(context.Background()) })
)

func initClients(ctx context.Context) {
	cfg, _ := config.LoadDefaultConfig(ctx)
	lazyDB = dynamodb.NewFromConfig(cfg)
}

func client(ctx context.Context) *dynamodb.Client {
	once.Do(func() { initClients(ctx) })
	return lazyDB
}

func storage(ctx context.Context) *s3.Client {
	if lazyS3 == nil {
		cfg, _ := config.LoadDefaultConfig(ctx)
		lazyS3 = s3.NewFromConfig(cfg)
	}
	return lazyS3
}

type service struct {
	mu sync.Mutex
	db *sql.DB
}

func (s *service) conn() (*sql.DB, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db != nil {
		return s.db, nil
	}
	c, err := sql.Open("postgres", "dsn")
	if err != nil {
		return nil, err
	}
	s.db = c
	return c, nil
}

var svc = &service{}

func lazy(ctx context.Context, e events.SNSEvent) error {
	_ = client(ctx)
	_ = storage(ctx)
	_, _ = getConf()
	_, err := svc.conn()
	return err
}

// A helper that builds a client per call, reached from a handler: reported at the call.
func newBucket(ctx context.Context) *s3.Client {
	cfg, _ := config.LoadDefaultConfig(ctx) // want `SLS202: config.LoadDefaultConfig, reachable from S3 handler viaHelper, loads the AWS configuration and resolves credentials again on every invocation`
	return s3.NewFromConfig(cfg)            // want `SLS202: s3.NewFromConfig, reachable from S3 handler viaHelper, creates a new SDK client on every invocation`
}

func viaHelper(ctx context.Context, e events.S3Event) error {
	b := newBucket(ctx)
	_ = b
	return nil
}

func main() {
	cfg, _ := config.LoadDefaultConfig(context.Background()) // start-up: never SLS202
	db = dynamodb.NewFromConfig(cfg)
	bucket = newBucket(context.Background())
	lambda.Start(handle)
	lambda.Start(reuse)
	lambda.Start(lazy)
	lambda.Start(viaHelper)
}
