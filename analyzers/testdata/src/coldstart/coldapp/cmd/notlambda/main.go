// Command notlambda is a long-running server, not a function: start-up work is its business.
package main

import (
	"net/http"
	"time"
)

func init() {
	time.Sleep(time.Second)
}

func main() {
	_, _ = http.Get("https://example.com")
	_ = http.ListenAndServe(":8080", nil)
}
