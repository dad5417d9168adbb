// Package generic reaches a panic through a generic helper and a method value.
package generic

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
)

func mustGet[K comparable, V any](m map[K]V, k K) V {
	v, ok := m[k]
	if !ok {
		panic("missing key") // want `SLS105: panic, reachable from EventBridge handler Handle, panics with no recover on the path`
	}
	return v
}

func getOr[K comparable, V any](m map[K]V, k K, fallback V) V {
	if v, ok := m[k]; ok {
		return v
	}
	return fallback
}

var routes = map[string]string{"a": "b"}

func Handle(ctx context.Context, e events.CloudWatchEvent) error {
	_ = mustGet(routes, e.DetailType)
	return nil
}

func HandleWell(ctx context.Context, e events.CloudWatchEvent) error {
	_ = getOr(routes, e.DetailType, "")
	return nil
}

type processor struct{}

func (p processor) run(id string) {
	panic(id) // want `SLS105: panic, reachable from Kafka handler HandleMethodValue, panics with no recover on the path`
}

func apply(ids []string, f func(string)) {
	for _, id := range ids {
		f(id)
	}
}

func HandleMethodValue(ctx context.Context, e events.KafkaEvent) error {
	p := processor{}
	apply([]string{e.EventSource}, p.run)
	return nil
}
