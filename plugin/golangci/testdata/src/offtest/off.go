// Package offtest is checked with SLS111 turned off in the plugin's settings.
package offtest

import "errors"

func call() error { return errors.New("down") }

// Retry is SLS110 only.
func Retry() {
	for { // want `^SLS110: loop retries call until it succeeds, with no attempt limit and no exit on context cancellation or deadline$`
		err := call()
		if err != nil {
			continue
		}
		return
	}
}
