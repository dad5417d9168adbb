// Package gcf is a Google Cloud Function. // want package:`init blocks: coldstart/coldapp/gcf: initializer of var resp, _: http.Get`
// The Functions Framework runs its initialization
// at start-up.
package gcf

import (
	"net/http"

	"github.com/GoogleCloudPlatform/functions-framework-go/functions"
)

var resp, _ = http.Get("https://example.com/config") // want `SLS201: initializer of var resp, _ calls http.Get at start-up \(network I/O\)`

func init() {
	functions.HTTP("Hello", hello)
}

func hello(w http.ResponseWriter, r *http.Request) {
	_, _ = http.Get("https://example.com") // per request: fine
}
