// Command cdkinfn links the AWS CDK's generated packages into a function.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3" // want `SLS203: the function's binary imports github.com/aws/aws-cdk-go/awscdk/v2/awss3 \(heavyapp/cmd/cdkinfn → github.com/aws/aws-cdk-go/awscdk/v2/awss3\), whose initialization runs on every cold start: the AWS CDK's generated packages register thousands of types with the jsii runtime at init`
	"github.com/aws/aws-lambda-go/lambda"
)

func handle() error {
	_ = awss3.BucketProps{}
	return nil
}

func main() {
	lambda.Start(handle)
}
