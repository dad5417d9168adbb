// Package excluded has a finding that the settings' exclude leaves out.
package excluded

import "errors"

func call() error { return errors.New("down") }

// Retry would be SLS110 and SLS111.
func Retry() {
	for {
		err := call()
		if err != nil {
			continue
		}
		return
	}
}
