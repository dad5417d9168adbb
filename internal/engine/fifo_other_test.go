//go:build !unix

package engine

import "errors"

func syscallMkfifo(string) error { return errors.New("named pipes are a unix feature") }
