package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"

	"example.com/wrapper/w"
)

func handle(ctx context.Context) error {
	_, err := w.New()
	return err
}

func main() { lambda.Start(handle) }
