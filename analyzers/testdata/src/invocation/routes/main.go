// Command routes serves HTTP routes through a function URL: the request's context is the
// invocation's.
package main

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/lambdaurl"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

var db *dynamodb.Client

func get(w http.ResponseWriter, r *http.Request) {
	_, err := db.GetItem(context.Background(), &dynamodb.GetItemInput{}) // want `SLS411: context.Background\(\) in route GET /items handler get is passed to dynamodb.GetItem although r.Context\(\), the invocation's context, is in scope`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func put(w http.ResponseWriter, r *http.Request) {
	_, err := db.PutItem(r.Context(), &dynamodb.PutItemInput{})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", get)
	mux.HandleFunc("PUT /items", put)
	lambdaurl.Start(mux)
}
