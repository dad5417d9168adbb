// Package functions is a stub of github.com/GoogleCloudPlatform/functions-framework-go/functions.
package functions

import "net/http"

func HTTP(name string, fn func(http.ResponseWriter, *http.Request)) {}
