// Command direct invokes itself in every recognized way.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

var client = awslambda.NewFromConfig(aws.Config{})

var selfName = os.Getenv("AWS_LAMBDA_FUNCTION_NAME")

type Job struct{ Offset int }

func handle(ctx context.Context, job Job) error {
	payload, _ := json.Marshal(Job{Offset: job.Offset + 100})
	_, err := client.Invoke(ctx, &awslambda.InvokeInput{ // want `SLS113: lambda.Invoke in handler handle invokes the function itself \(FunctionName from AWS_LAMBDA_FUNCTION_NAME\)`
		FunctionName:   aws.String(os.Getenv("AWS_LAMBDA_FUNCTION_NAME")),
		InvocationType: types.InvocationTypeEvent,
		Payload:        payload,
	})
	return err
}

func viaPackageVar(ctx context.Context, e events.SQSEvent) error {
	in := &awslambda.InvokeInput{FunctionName: &selfName}
	_, err := client.Invoke(ctx, in) // want `SLS113: lambda.Invoke in SQS handler viaPackageVar invokes the function itself \(FunctionName from AWS_LAMBDA_FUNCTION_NAME\)`
	return err
}

func viaLambdaContext(ctx context.Context, e events.SNSEvent) error {
	_, err := client.InvokeAsync(ctx, &awslambda.InvokeAsyncInput{FunctionName: aws.String(lambdacontext.FunctionName)}) // want `SLS113: lambda.InvokeAsync in SNS handler viaLambdaContext invokes the function itself \(FunctionName from lambdacontext.FunctionName\)`
	return err
}

func viaArn(ctx context.Context, e events.S3Event) error {
	lc, _ := lambdacontext.FromContext(ctx)
	in := &awslambda.InvokeInput{}
	in.FunctionName = aws.String(lc.InvokedFunctionArn + ":live")
	_, err := client.Invoke(ctx, in) // want `SLS113: lambda.Invoke in S3 handler viaArn invokes the function itself \(FunctionName from the invocation's InvokedFunctionArn\)`
	return err
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func viaHelper(ctx context.Context, e events.KinesisEvent) error {
	name := fmt.Sprintf("%s", envOr("AWS_LAMBDA_FUNCTION_NAME", "local"))
	_, err := client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String(name)}) // want `SLS113: lambda.Invoke in Kinesis handler viaHelper invokes the function itself`
	return err
}

// The idiomatic twins: another function, by constant or by configuration.

func other(ctx context.Context, e events.SQSEvent) error {
	_, err := client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("billing-worker")})
	return err
}

func configured(ctx context.Context, e events.SQSEvent) error {
	_, err := client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String(os.Getenv("WORKER_FUNCTION"))})
	return err
}

func main() {
	// Invoking itself once at start-up is not a loop.
	_, _ = client.Invoke(context.Background(), &awslambda.InvokeInput{FunctionName: aws.String(selfName)})
	lambda.Start(handle)
	lambda.Start(viaPackageVar)
	lambda.Start(viaLambdaContext)
	lambda.Start(viaArn)
	lambda.Start(viaHelper)
	lambda.Start(other)
	lambda.Start(configured)
}
