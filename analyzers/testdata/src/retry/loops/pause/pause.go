// Package pause is the module's own wait helper, in another package: loops that call it
// wait between attempts (through a fact).
package pause

import (
	"math/rand"
	"time"
)

// For waits about d.
func For(d time.Duration) { // want For:"waits"
	time.Sleep(d + time.Duration(rand.Int63n(int64(d))))
}

// Step waits through For.
func Step(attempt int) { // want Step:"waits"
	For(time.Duration(attempt) * time.Second)
}

// Next does not wait.
func Next(attempt int) int { return attempt + 1 }
