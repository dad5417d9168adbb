// Package ssm is a stub of github.com/aws/aws-sdk-go-v2/service/ssm.
package ssm

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

type Options struct{ Region string }

type Client struct{}

func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client { return &Client{} }

type Parameter struct{ Name, Value *string }

type GetParameterInput struct {
	Name           *string
	WithDecryption *bool
}

type GetParameterOutput struct{ Parameter *Parameter }

func (c *Client) GetParameter(ctx context.Context, params *GetParameterInput, optFns ...func(*Options)) (*GetParameterOutput, error) {
	return &GetParameterOutput{}, nil
}

type GetParametersInput struct {
	Names          []string
	WithDecryption *bool
}

type GetParametersOutput struct{ Parameters []Parameter }

func (c *Client) GetParameters(ctx context.Context, params *GetParametersInput, optFns ...func(*Options)) (*GetParametersOutput, error) {
	return &GetParametersOutput{}, nil
}

type PutParameterInput struct{ Name, Value *string }

type PutParameterOutput struct{}

func (c *Client) PutParameter(ctx context.Context, params *PutParameterInput, optFns ...func(*Options)) (*PutParameterOutput, error) {
	return &PutParameterOutput{}, nil
}
