// Package sns is a stub of github.com/aws/aws-sdk-go-v2/service/sns for tests.
package sns

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

type Options struct{}

type Client struct{ options Options }

func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client { return &Client{} }

type PublishInput struct {
	TopicArn *string
	Message  *string
}

type PublishOutput struct{ MessageId *string }

func (c *Client) Publish(ctx context.Context, params *PublishInput, optFns ...func(*Options)) (*PublishOutput, error) {
	return &PublishOutput{}, nil
}
