// Package functions is a stub of
// github.com/GoogleCloudPlatform/functions-framework-go/functions for tests (that module
// is not on the module proxy here).
package functions

import (
	"context"
	"net/http"

	"github.com/cloudevents/sdk-go/v2/event"
)

func HTTP(name string, fn func(http.ResponseWriter, *http.Request)) {}

func CloudEvent(name string, fn func(context.Context, event.Event) error) {}
