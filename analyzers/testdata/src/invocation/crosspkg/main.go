// Command crosspkg's handler reaches set-up, an unbounded request and a dropped context in
// another package: each is reported at the call that leads there.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"invocation/repo"
)

func handle(ctx context.Context, e events.KinesisEvent) error {
	db := repo.Open(ctx) // want `SLS202: config.LoadDefaultConfig \(and dynamodb.NewFromConfig\), reachable from Kinesis handler handle, loads the AWS configuration and resolves credentials again on every invocation`
	shared := repo.Client(ctx)
	if err := repo.Fetch("https://example.com"); err != nil { // want `SLS410: http.Client.Get, reachable from Kinesis handler handle, can wait forever`
		return err
	}
	if err := repo.Save(ctx, db); err != nil { // want `SLS411: context.TODO\(\), reachable from Kinesis handler handle, is passed to dynamodb.PutItem although ctx, the invocation's context, is in scope`
		return err
	}
	return repo.Store(ctx, shared)
}

func main() {
	lambda.Start(handle)
}
