// Package dyn calls the outside world through interfaces.
package dyn

import (
	"context"
	"io"
)

// Sender is a port: its adapter is wired in elsewhere.
type Sender interface {
	Send(ctx context.Context, msg string) error
}

type Service struct {
	Out Sender
	Log io.Writer
}

// Notify calls the port: a Dynamic effect, resolved where the adapter is visible. A call
// through an interface of another module (io.Writer) is not one.
func (s *Service) Notify(ctx context.Context, msg string) error { // want Notify:`effects\(dynamic Sender.Send "effects/dyn.Sender"\)`
	_, _ = s.Log.Write([]byte(msg))
	return s.Out.Send(ctx, msg)
}

type local struct{}

func (local) Send(ctx context.Context, msg string) error { return nil }

// Wired here: the concrete type is evident, no Dynamic effect.
func Wired(ctx context.Context) error {
	var s Sender = local{}
	return s.Send(ctx, "x")
}
