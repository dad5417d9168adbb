// Command url serves a function URL.
package main

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/lambdaurl"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"coldstart/coldapp/internal/store" // want `SLS201: importing coldapp/internal/store runs blocking start-up work`
)

func newMux(s *store.Store) http.Handler {
	n, _ := s.Count(context.Background())
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { _ = n })
	return mux
}

func main() {
	cfg, _ := config.LoadDefaultConfig(context.Background())
	s := store.New(dynamodb.NewFromConfig(cfg))
	lambdaurl.Start(newMux(s)) // want `SLS201: main, in the arguments of lambdaurl.Start, calls newMux at start-up, which blocks on network I/O`
}
