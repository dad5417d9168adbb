// Package kms is a stub of github.com/aws/aws-sdk-go-v2/service/kms.
package kms

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

type Options struct{ Region string }

type Client struct{}

func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client { return &Client{} }

type DecryptInput struct {
	CiphertextBlob []byte
}

type DecryptOutput struct{ Plaintext []byte }

func (c *Client) Decrypt(ctx context.Context, params *DecryptInput, optFns ...func(*Options)) (*DecryptOutput, error) {
	return &DecryptOutput{}, nil
}

type GenerateDataKeyInput struct{ KeyId *string }

type GenerateDataKeyOutput struct{ Plaintext []byte }

func (c *Client) GenerateDataKey(ctx context.Context, params *GenerateDataKeyInput, optFns ...func(*Options)) (*GenerateDataKeyOutput, error) {
	return &GenerateDataKeyOutput{}, nil
}
