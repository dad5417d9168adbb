// Package portsdef declares the application's ports.
package portsdef

import "context"

type Store interface {
	Save(ctx context.Context, id string) error
}

// Audit has no implementation in the binary's view.
type Audit interface {
	Log(msg string)
}
