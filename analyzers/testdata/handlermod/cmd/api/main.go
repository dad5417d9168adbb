// Command api serves net/http through a function URL with the real lambdaurl.
package main

import (
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambdaurl"
)

func orders(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("crash") != "" {
		os.Exit(1) // want `SLS105: os.Exit in route GET /orders handler orders exits the Lambda runtime process`
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders", orders)
	lambdaurl.Start(mux)
}
