// Package worker declares a handler whose FunctionName comes from a field main wires.
package worker

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
)

type Invoker interface {
	Invoke(ctx context.Context, params *awslambda.InvokeInput, optFns ...func(*awslambda.Options)) (*awslambda.InvokeOutput, error)
}

type Worker struct {
	Lambda Invoker
	Next   string // the function that continues the work
}

type Chunk struct{ Offset int }

// Run's Next is assigned by main: main decides whether this is recursion.
func (w *Worker) Run(ctx context.Context, c Chunk) error {
	return w.continueWith(ctx, c)
}

func (w *Worker) continueWith(ctx context.Context, c Chunk) error {
	_, err := w.Lambda.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String(w.Next)})
	return err
}
