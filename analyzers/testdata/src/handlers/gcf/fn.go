// Package gcf is a Cloud Functions function: it registers its entry points in init.
package gcf

import (
	"context"
	"net/http"
	"os"

	"github.com/GoogleCloudPlatform/functions-framework-go/functions"
	"github.com/cloudevents/sdk-go/v2/event"
)

func init() {
	functions.HTTP("Hello", hello)               // want `hello Cloud Functions HTTP synchronous .*\*net/http.Request->- report=true effects=\[fatal\]`
	functions.CloudEvent("OnMessage", onMessage) // want `onMessage Cloud Functions event at-least-once .*event.Event->- report=true effects=\[\]`
}

func hello(w http.ResponseWriter, r *http.Request) { os.Exit(2) }

func onMessage(ctx context.Context, e event.Event) error { return nil }
