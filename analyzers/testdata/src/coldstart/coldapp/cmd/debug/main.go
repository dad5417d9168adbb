// Command debug has a local mode that calls the handler once and returns before
// lambda.Start: that branch runs at no cold start.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
)

func handle(ctx context.Context) error { return nil }

func fixture() error {
	resp, err := http.Get("https://example.com/fixture.json")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "local" {
		if err := fixture(); err != nil { // a local run: returns before lambda.Start
			log.Fatal(err)
		}
		_ = handle(context.Background())
		return
	}
	switch os.Getenv("MODE") {
	case "replay":
		_ = fixture() // exits before lambda.Start
		os.Exit(0)
	case "warm":
		_ = fixture() // want `SLS201: main, before lambda.Start, calls fixture at start-up, which blocks on network I/O`
	}
	if os.Getenv("SLOW_START") != "" {
		time.Sleep(time.Second) // want `SLS201: main, before lambda.Start, calls time.Sleep at start-up \(a sleep\)`
	}
	lambda.Start(handle)
	_ = fixture() // after Start: never runs in a Lambda
}
