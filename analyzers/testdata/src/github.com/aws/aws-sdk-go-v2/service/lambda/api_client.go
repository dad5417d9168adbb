// Package lambda is a stub of github.com/aws/aws-sdk-go-v2/service/lambda for tests.
package lambda

import (
	"context"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

type Options struct{}

type Client struct{ options Options }

func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client { return &Client{} }

type InvokeInput struct {
	FunctionName   *string
	InvocationType types.InvocationType
	Payload        []byte
	Qualifier      *string
}

type InvokeOutput struct {
	StatusCode int32
	Payload    []byte
}

func (c *Client) Invoke(ctx context.Context, params *InvokeInput, optFns ...func(*Options)) (*InvokeOutput, error) {
	return &InvokeOutput{}, nil
}

type InvokeAsyncInput struct {
	FunctionName *string
	InvokeArgs   io.Reader
}

type InvokeAsyncOutput struct{ Status int32 }

func (c *Client) InvokeAsync(ctx context.Context, params *InvokeAsyncInput, optFns ...func(*Options)) (*InvokeAsyncOutput, error) {
	return &InvokeAsyncOutput{}, nil
}

type GetFunctionInput struct{ FunctionName *string }

type GetFunctionOutput struct{}

func (c *Client) GetFunction(ctx context.Context, params *GetFunctionInput, optFns ...func(*Options)) (*GetFunctionOutput, error) {
	return &GetFunctionOutput{}, nil
}
