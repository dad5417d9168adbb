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
	db := repo.Open(ctx) // want `SLS202: config.LoadDefaultConfig at repo/repo.go:\d+ \(and dynamodb.NewFromConfig at repo/repo.go:\d+\), reachable from Kinesis handler handle \(handle → repo.Open → config.LoadDefaultConfig\), loads the AWS configuration`
	shared := repo.Client(ctx)
	if err := repo.Fetch("https://example.com"); err != nil { // want `SLS410: http.Client.Get at repo/repo.go:\d+, reachable from Kinesis handler handle \(handle → repo.Fetch → http.Client.Get\), can wait forever: its client \(plain, built at repo/repo.go:\d+\) has no Timeout, and Get sends its request without a context`
		return err
	}
	if err := repo.Save(ctx, db); err != nil { // want `SLS411: context.TODO\(\) at repo/repo.go:\d+, reachable from Kinesis handler handle \(handle → repo.Save → context.TODO\), is passed to dynamodb.PutItem although ctx, the invocation's context, is in scope`
		return err
	}
	return repo.Store(ctx, shared)
}

func main() {
	lambda.Start(handle)
}
