// Package ctxroutes registers HTTP routes that drop the request's context; the binaries
// that serve them through Lambda report them.
package ctxroutes

import (
	"context"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

var db *dynamodb.Client

func New() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", get)
	mux.HandleFunc("PUT /items", put)
	mux.HandleFunc("POST /items", post)
	return mux
}

func get(w http.ResponseWriter, r *http.Request) {
	_, _ = db.GetItem(context.Background(), &dynamodb.GetItemInput{})
}

func put(w http.ResponseWriter, r *http.Request) {
	_, _ = db.PutItem(context.TODO(), &dynamodb.PutItemInput{})
}

// post keeps the request's context, as it should.
func post(w http.ResponseWriter, r *http.Request) {
	_, _ = db.PutItem(r.Context(), &dynamodb.PutItemInput{})
}
