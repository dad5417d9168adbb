// Package notify sends notifications for the handlers.
package notify

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

var (
	mu   sync.Mutex
	sent []string
)

// Queue builds a client on every call.
func Queue(ctx context.Context) (*sqs.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	return sqs.NewFromConfig(cfg), nil
}

// Send posts a message and remembers it for ever.
func Send(ctx context.Context, q *sqs.Client, url, body string) error {
	_, err := q.SendMessage(context.TODO(), &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body)})
	mu.Lock()
	sent = append(sent, body)
	mu.Unlock()
	return err
}

// Webhook posts to a URL with the default client.
func Webhook(url, body string) error {
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
