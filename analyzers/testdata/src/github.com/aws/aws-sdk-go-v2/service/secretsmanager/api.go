// Package secretsmanager is a stub of github.com/aws/aws-sdk-go-v2/service/secretsmanager.
package secretsmanager

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

type Options struct{ Region string }

type Client struct{}

func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client { return &Client{} }

type GetSecretValueInput struct{ SecretId *string }

type GetSecretValueOutput struct{ SecretString *string }

func (c *Client) GetSecretValue(ctx context.Context, params *GetSecretValueInput, optFns ...func(*Options)) (*GetSecretValueOutput, error) {
	return &GetSecretValueOutput{}, nil
}
