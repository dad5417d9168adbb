package main

import (
	"context"
	"errors"

	"github.com/aws/aws-lambda-go/lambda"

	"example.com/reentrant/internal/biz"
)

func handle(ctx context.Context) error {
	if ctx == nil {
		panic("no context") // SLS105 while fatal.panics is on (the default)
	}
	if biz.Total() < 0 {
		return errors.New("negative")
	}
	return nil
}

func main() { lambda.Start(handle) }
