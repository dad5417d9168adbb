// Command portscmd wires the SNS adapter into the application's handlers: the publish // want package:`evidence\(Service.Handle: SLS103 Service.Handle → Publisher.Notify → sns.Publish\)`
// behind the Notifier port is reached from them.
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"idempotency/adapters/snsnotify"
	"idempotency/portsapp"
)

func main() {
	svc := &portsapp.Service{
		Notifier: &snsnotify.Publisher{Client: sns.NewFromConfig(aws.Config{}), Topic: os.Getenv("TOPIC_ARN")},
		DB:       dynamodb.NewFromConfig(aws.Config{}),
	}
	lambda.Start(svc.Handle) // want `SLS103: sns.Publish, reachable from SQS handler Service.Handle, publishes a notification with no idempotency guard before it`
	lambda.Start(svc.HandleOnce)
}
