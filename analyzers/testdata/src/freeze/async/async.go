// Package async starts goroutines for its callers, some of which it waits for itself and
// some of which its callers wait for.
package async

import (
	"context"
	"sync"
)

// Fire starts a goroutine that nobody can wait for.
func Fire(msg string) {
	go send(msg)
}

func send(msg string) {}

// Start starts a goroutine signalled through wg: the caller decides whether to wait.
func Start(wg *sync.WaitGroup, msg string) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		send(msg)
	}()
}

// Result starts a goroutine and returns the channel it reports on: the caller receives.
func Result(msg string) <-chan error {
	done := make(chan error, 1)
	go func() {
		send(msg)
		done <- nil
	}()
	return done
}

// All runs every message in its own goroutine and waits for them.
func All(ctx context.Context, msgs []string) {
	var wg sync.WaitGroup
	for _, m := range msgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			send(m)
		}()
	}
	wg.Wait()
}

// Batcher sends in the background and is flushed by its owner.
type Batcher struct {
	wg sync.WaitGroup
}

// Add sends in the background.
func (b *Batcher) Add(msg string) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		send(msg)
	}()
}

// Flush waits for the background sends.
func (b *Batcher) Flush() { b.wg.Wait() }
