// Command cmd wires worker.Worker with the function's own name: recursion (cmdother is the
// twin that continues in another function).
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
	self := &worker.Worker{Lambda: client, Next: os.Getenv("AWS_LAMBDA_FUNCTION_NAME")}
	lambda.Start(self.Run) // want `SLS113: lambda.Invoke, reachable from handler Worker.Run, invokes the function itself \(FunctionName from field worker.Worker.Next, set to AWS_LAMBDA_FUNCTION_NAME in this package\)`
}
