// Command cmdother wires worker.Worker to continue in another function: no recursion.
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"

	"recursion/worker"
)

func main() {
	client := awslambda.NewFromConfig(aws.Config{})
	w := &worker.Worker{Lambda: client, Next: os.Getenv("NEXT_FUNCTION")}
	lambda.Start(w.Run)
}
