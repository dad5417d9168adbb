// Package lambdacontext is a stub of github.com/aws/aws-lambda-go/lambdacontext for tests.
package lambdacontext

import (
	"context"
	"os"
)

// FunctionName the name of the current Lambda Function
var FunctionName string

func init() {
	FunctionName = os.Getenv("AWS_LAMBDA_FUNCTION_NAME")
}

type LambdaContext struct {
	AwsRequestID       string
	InvokedFunctionArn string
}

func FromContext(ctx context.Context) (*LambdaContext, bool) {
	lc, ok := ctx.Value(key{}).(*LambdaContext)
	return lc, ok
}

type key struct{}
