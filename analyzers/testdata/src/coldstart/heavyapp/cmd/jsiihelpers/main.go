// Command jsiihelpers imports the jsii runtime only for its pointer helpers: nothing starts
// at init, no SLS203.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/jsii-runtime-go"
)

func handle() (*string, error) { return jsii.String("ok"), nil }

func main() {
	lambda.Start(handle)
}
