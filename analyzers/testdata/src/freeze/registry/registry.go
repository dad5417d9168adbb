// Package registry keeps package-level state that its callers grow.
package registry

import "sync"

var (
	events  []string
	mu      sync.Mutex
	plugins = map[string]func(){}
)

// Record appends to the package's event log, which nothing ever trims.
func Record(e string) {
	mu.Lock()
	defer mu.Unlock()
	events = append(events, e)
}

// Register adds a plugin; it is called from init functions.
func Register(name string, f func()) {
	plugins[name] = f
}

// Remember keeps any value, for ever.
func Remember[T any](v T) {
	mu.Lock()
	defer mu.Unlock()
	remembered = append(remembered, v)
}

var remembered []any
