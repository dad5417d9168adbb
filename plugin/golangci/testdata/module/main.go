package main

import (
	"fmt"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go/aws/session"
)

func main() {
	s, err := session.NewSession()
	fmt.Println(s, err, store(), legacy())
	retry()
	offRetry()
	lambda.Start(handle)
}
