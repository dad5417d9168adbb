// Command api is an API Gateway handler using the real aws-lambda-go and aws-sdk-go-v2.
package main

import (
	"context"
	"net/http"
	"os"
	"regexp"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"golang.org/x/sync/errgroup"

	"example.com/execmod/internal/notify"
)

var (
	queue   *sqs.Client
	client  = &http.Client{Timeout: 5 * time.Second}
	idRegex = regexp.MustCompile(`^[a-z0-9-]+$`)
)

func handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	q, err := notify.Queue(ctx) // want `SLS202: config.LoadDefaultConfig \(and sqs.NewFromConfig\), reachable from API Gateway HTTP handler handle, loads the AWS configuration and resolves credentials again on every invocation`
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	if err := notify.Send(ctx, q, os.Getenv("QUEUE_URL"), req.Body); err != nil { // want `SLS411: context.TODO\(\), reachable from API Gateway HTTP handler handle, is passed to sqs.SendMessage although ctx, the invocation's context, is in scope`
		return events.APIGatewayV2HTTPResponse{}, err
	}
	if err := notify.Webhook(os.Getenv("HOOK_URL"), req.Body); err != nil { // want `SLS410: http.Post, reachable from API Gateway HTTP handler handle, can wait forever`
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusAccepted}, nil
}

// good is the idiomatic twin: clients from start-up, the invocation's context, joined
// goroutines.
func good(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	if !idRegex.MatchString(req.RawPath) {
		return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusBadRequest}, nil
	}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		r, err := http.NewRequestWithContext(gctx, http.MethodGet, os.Getenv("STOCK_URL"), nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(r)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	})
	g.Go(func() error {
		_, err := queue.SendMessage(gctx, &sqs.SendMessageInput{})
		return err
	})
	if err := g.Wait(); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusOK}, nil
}

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	queue = sqs.NewFromConfig(cfg)
	if os.Getenv("MODE") == "good" {
		lambda.Start(good)
	}
	lambda.Start(handle)
}
