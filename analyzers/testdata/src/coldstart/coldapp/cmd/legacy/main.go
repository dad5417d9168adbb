package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"coldstart/coldapp/internal/legacystore" // want `SLS203: the function's binary imports github.com/aws/aws-sdk-go/aws/session, whose initialization runs on every cold start`
)

func handle() error {
	return legacystore.Object(legacystore.Client())
}

func main() {
	lambda.Start(handle)
}
