// Command factory builds its handler in a factory: the factory's set-up runs once, the
// returned handler on every invocation.
package main

import (
	"context"
	"net/http"
	"regexp"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type deps struct {
	queue *sqs.Client
	http  *http.Client
}

// newHandler's own code is set-up: it runs once, before lambda.Start.
func newHandler(ctx context.Context) func(context.Context, events.SQSEvent) error {
	cfg, _ := config.LoadDefaultConfig(ctx)
	d := deps{queue: sqs.NewFromConfig(cfg), http: &http.Client{Timeout: 3 * time.Second}}
	id := regexp.MustCompile(`^[a-f0-9-]{36}$`)
	return func(ctx context.Context, e events.SQSEvent) error {
		strict := regexp.MustCompile(`^[a-f0-9]{32}$`) // want `SLS202: regexp.MustCompile\("\^\[a-f0-9\]\{32\}\$"\), reachable from SQS handler handler returned by newHandler, compiles a constant pattern again on every invocation`
		for _, r := range e.Records {
			_, _ = id.MatchString(r.Body), strict.MatchString(r.Body)
		}
		_ = d
		return nil
	}
}

// A handler method whose receiver was built at start-up.
type api struct{ d deps }

func newAPI() *api {
	cfg, _ := config.LoadDefaultConfig(context.Background())
	return &api{d: deps{queue: sqs.NewFromConfig(cfg)}}
}

func (a *api) Handle(ctx context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	q := sqs.NewFromConfig(mustConfig(ctx)) // want `SLS202: sqs.NewFromConfig in API Gateway REST handler api.Handle creates a new SDK client`
	_ = q
	return events.APIGatewayProxyResponse{}, nil
}

func mustConfig(ctx context.Context) aws.Config {
	cfg, _ := config.LoadDefaultConfig(ctx) // want `SLS202: config.LoadDefaultConfig, reachable from API Gateway REST handler api.Handle, loads the AWS configuration and resolves credentials again on every invocation`
	return cfg
}

func main() {
	lambda.Start(newHandler(context.Background()))
	a := newAPI()
	lambda.Start(a.Handle)
}
