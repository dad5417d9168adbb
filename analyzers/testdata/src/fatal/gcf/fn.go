// Package gcf is a Cloud Functions function that exits in its HTTP entry point.
package gcf

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/GoogleCloudPlatform/functions-framework-go/functions"
	"github.com/cloudevents/sdk-go/v2/event"
)

func init() {
	functions.HTTP("Hello", hello)
	functions.CloudEvent("OnMessage", onMessage)
}

func hello(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("name") == "" {
		log.Fatal("no name") // want `SLS105: log.Fatal in Cloud Functions HTTP handler hello exits the function instance's process`
	}
	fmt.Fprintln(w, "hello")
}

// onMessage returns its error: the twin.
func onMessage(ctx context.Context, e event.Event) error {
	if len(e.DataEncoded) == 0 {
		return fmt.Errorf("event %s has no data", e.ID())
	}
	return nil
}
