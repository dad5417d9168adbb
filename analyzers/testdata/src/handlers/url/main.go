// Command url serves a net/http mux through a function URL, and another package's routes.
package main

import (
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambdaurl"

	"handlers/routes"
)

func health(w http.ResponseWriter, r *http.Request) {
	os.Exit(1)
}

var _ = routes.New

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", health) // want `health HTTP route synchronous .*report=true effects=\[fatal\]`
	lambdaurl.Start(mux)                  // want `listOrders HTTP route synchronous -.*report=true effects=\[\]` `createOrder HTTP route synchronous -.*report=true effects=\[fatal\]`
}
