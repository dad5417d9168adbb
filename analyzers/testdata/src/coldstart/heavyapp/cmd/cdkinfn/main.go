// Command cdkinfn links the AWS CDK's generated packages into a function.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3" // want `SLS203: the function's binary imports github.com/aws/aws-cdk-go/awscdk/v2/awss3, whose initialization runs on every cold start`
	"github.com/aws/aws-lambda-go/lambda"
)

func handle() error {
	_ = awss3.BucketProps{}
	return nil
}

func main() {
	lambda.Start(handle)
}
