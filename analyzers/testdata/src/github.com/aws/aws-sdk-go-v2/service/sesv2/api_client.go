// Package sesv2 is a stub of github.com/aws/aws-sdk-go-v2/service/sesv2 for tests.
package sesv2

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

type Options struct{}

type Client struct{ options Options }

func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client { return &Client{} }

type SendEmailInput struct {
	FromEmailAddress *string
	Destination      *types.Destination
	Content          *types.EmailContent
}

type SendEmailOutput struct{ MessageId *string }

func (c *Client) SendEmail(ctx context.Context, params *SendEmailInput, optFns ...func(*Options)) (*SendEmailOutput, error) {
	return &SendEmailOutput{}, nil
}
