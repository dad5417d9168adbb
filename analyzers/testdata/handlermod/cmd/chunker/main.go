// Command chunker continues its work by invoking itself, with the real SDK.
package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

type Job struct{ Offset int }

var client = awslambda.NewFromConfig(aws.Config{})

func handle(ctx context.Context, job Job) error {
	if job.Offset > 1000 {
		return nil
	}
	payload, err := json.Marshal(Job{Offset: job.Offset + 100})
	if err != nil {
		return err
	}
	_, err = client.Invoke(ctx, &awslambda.InvokeInput{ // want `SLS113: lambda.Invoke in handler handle invokes the function itself \(FunctionName from AWS_LAMBDA_FUNCTION_NAME\)`
		FunctionName:   aws.String(os.Getenv("AWS_LAMBDA_FUNCTION_NAME")),
		InvocationType: types.InvocationTypeEvent,
		Payload:        payload,
	})
	return err
}

func notify(ctx context.Context, job Job) error {
	_, err := client.Invoke(ctx, &awslambda.InvokeInput{ // want `SLS113: lambda.Invoke in handler notify invokes the function itself \(FunctionName from lambdacontext.FunctionName\)`
		FunctionName: aws.String(lambdacontext.FunctionName),
	})
	return err
}

// fanOut invokes a different function: fine.
func fanOut(ctx context.Context, job Job) error {
	_, err := client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String(os.Getenv("WORKER_FUNCTION"))})
	return err
}

func main() {
	lambda.Start(handle)
	lambda.Start(notify)
	lambda.Start(fanOut)
}
