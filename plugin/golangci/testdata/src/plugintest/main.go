// Package main is a function whose findings golangci-lint must keep: two on one line, one
// with related locations.
package main

import (
	"context"
	"errors"
	"log"

	"github.com/aws/aws-lambda-go/lambda"
)

func call() error { return errors.New("down") }

func handle(ctx context.Context) error {
	for { // want `^SLS110: loop retries call until it succeeds, with no attempt limit and no exit on context cancellation or deadline; SLS111: loop retries call without waiting between attempts$`
		err := call()
		if err != nil {
			continue
		}
		break
	}
	mustSave(ctx)
	return nil
}

func mustSave(ctx context.Context) {
	if ctx.Err() != nil {
		log.Fatal("cancelled") // want `^SLS105: log.Fatal, reachable from handler handle, exits the Lambda runtime process \[testdata/src/plugintest/main.go:15: handler handle; testdata/src/plugintest/main.go:23: handle calls mustSave; testdata/src/plugintest/main.go:29: mustSave calls log.Fatal\]$`
	}
}

func main() { lambda.Start(handle) }
