package main

import "errors"

func call() error { return errors.New("down") }

// retry has two findings on one line, which golangci-lint's uniq-by-line would cut to
// one.
func retry() {
	for {
		err := call()
		if err != nil {
			continue
		}
		return
	}
}
