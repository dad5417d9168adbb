// Package ses is a stub of github.com/aws/aws-sdk-go-v2/service/ses for tests.
package ses

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

type Options struct{}

type Client struct{ options Options }

func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client { return &Client{} }

type SendEmailInput struct {
	Source *string
}

type SendEmailOutput struct{ MessageId *string }

func (c *Client) SendEmail(ctx context.Context, params *SendEmailInput, optFns ...func(*Options)) (*SendEmailOutput, error) {
	return &SendEmailOutput{}, nil
}
