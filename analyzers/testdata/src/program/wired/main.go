package main // want `entry Service.Handle event=events.SQSEvent response=- batch=no deadline=false writes=\[\] budgets=\[\] loops=\[\]; env=\[TABLE_NAME\]; opaque=0; unresolved=1; startup=0`

import (
	"github.com/aws/aws-lambda-go/lambda"

	"program/portsapp"
	"program/portsimpl"
)

func main() {
	svc := &portsapp.Service{Store: portsimpl.DynamoStore{}}
	lambda.Start(svc.Handle)
}
