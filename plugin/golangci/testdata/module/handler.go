package main

import (
	"context"
	"log"
	"net/http"
	"time"
)

// handle is the function's handler: SLS202 for its client (turned off in the settings)
// and SLS105 through mustSave, with related locations.
func handle(ctx context.Context) error {
	c := &http.Client{Timeout: time.Second}
	_ = c
	mustSave(ctx)
	return nil
}

func mustSave(ctx context.Context) {
	if ctx.Err() != nil {
		log.Fatal("cancelled")
	}
}
