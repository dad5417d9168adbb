// Command httpto sends outbound HTTP requests from its handlers, bounded and not.
package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var (
	bounded = &http.Client{Timeout: 5 * time.Second}
	open    = &http.Client{}
	later   = &http.Client{}
	zero    http.Client
)

func init() {
	later.Timeout = 10 * time.Second // set at start-up: bounded
}

type notifier struct {
	client *http.Client
	url    string
}

var hooks = &notifier{client: &http.Client{Transport: http.DefaultTransport}, url: "https://hooks.example.com"}

func helpers(ctx context.Context, e events.SQSEvent) error {
	resp, err := http.Get("https://example.com/a") // want `SLS410: http.Get in SQS handler helpers can wait forever`
	if err != nil {
		return err
	}
	resp.Body.Close()
	_, _ = http.Post("https://example.com/b", "text/plain", strings.NewReader("x")) // want `SLS410: http.Post in SQS handler helpers can wait forever`
	_, _ = http.PostForm("https://example.com/c", url.Values{})                     // want `SLS410: http.PostForm in SQS handler helpers`
	_, _ = http.DefaultClient.Head("https://example.com/d")                         // want `SLS410: http.Client.Head in SQS handler helpers can wait forever`
	return nil
}

func clients(ctx context.Context, e events.SNSEvent) error {
	req, _ := http.NewRequest(http.MethodGet, "https://example.com", nil)
	_, _ = open.Do(req)                // want `SLS410: http.Client.Do in SNS handler clients can wait forever`
	_, _ = http.DefaultClient.Do(req)  // want `SLS410: http.Client.Do in SNS handler clients can wait forever`
	_, _ = zero.Get("https://x")       // want `SLS410: http.Client.Get in SNS handler clients can wait forever`
	_, _ = hooks.client.Get(hooks.url) // want `SLS410: http.Client.Get in SNS handler clients can wait forever`
	local := &http.Client{}            // want `SLS202: an http.Client literal in SNS handler clients`
	_, _ = local.Get("https://y")      // want `SLS410: http.Client.Get in SNS handler clients can wait forever`
	return nil
}

// The idiomatic twins: a timeout on the client, or the invocation's context on the request.
func boundedRequests(ctx context.Context, e events.SNSEvent) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://example.com", nil)
	if err != nil {
		return err
	}
	_, _ = open.Do(req)               // the invocation's deadline bounds it
	_, _ = http.DefaultClient.Do(req) // likewise
	_, _ = bounded.Get("https://example.com")
	_, _ = later.Get("https://example.com")
	old, _ := http.NewRequest(http.MethodGet, "https://example.com", nil)
	_, _ = open.Do(old.WithContext(ctx))
	_, _ = bounded.Do(old)
	derived, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	withCtx, _ := http.NewRequestWithContext(derived, http.MethodGet, "https://example.com", nil)
	_, _ = open.Do(withCtx)
	return send(ctx, open, old)
}

// send does not know where its client and request come from: silent.
func send(ctx context.Context, c *http.Client, req *http.Request) error {
	_, err := c.Do(req)
	return err
}

// background builds its request with context.Background(). Without a context in scope
// that is SLS410's finding; with one in scope it is SLS411's.
func background(e events.S3Event) error {
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "https://example.com", nil)
	_, err := open.Do(req) // want `SLS410: http.Client.Do in S3 handler background can wait forever`
	return err
}

func backgroundInScope(ctx context.Context, e events.S3Event) error {
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "https://example.com", nil) // want `SLS411: context.Background\(\) in S3 handler backgroundInScope is passed to http.NewRequestWithContext although ctx`
	_, err := open.Do(req)
	return err
}

func main() {
	resp, err := http.Get("https://config.example.com") // start-up: SLS201's business, never SLS410
	if err == nil {
		resp.Body.Close()
	}
	lambda.Start(helpers)
	lambda.Start(clients)
	lambda.Start(boundedRequests)
	lambda.Start(background)
	lambda.Start(backgroundInScope)
}
