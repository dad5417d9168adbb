// Command web serves the routes package through API Gateway: its routes' exits are
// reported here, at the Lambda registration.
package main

import (
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"fatal/routes"
)

func health(w http.ResponseWriter, r *http.Request) {
	if os.Getenv("BROKEN") != "" {
		os.Exit(2) // want `SLS105: os.Exit in route GET /health handler health exits the Lambda runtime process`
	}
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", health)
	mux.Handle("/", routes.New())
	lambda.Start(httpadapter.New(mux).ProxyWithContext) // want `SLS105: log.Fatal, reachable from route POST /orders handler create, exits the Lambda runtime process`
}
