package main

import (
	"github.com/acme/bigsdk" // want `SLS203: the function's binary imports github.com/acme/bigsdk, whose initialization runs on every cold start`
	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	_ = bigsdk.Client()
	lambda.Start(func() error { return nil })
}
