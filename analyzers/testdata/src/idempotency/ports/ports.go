// Package ports declares what the application needs from the outside world.
package ports

import "context"

// Notifier tells customers about their orders.
type Notifier interface {
	Notify(ctx context.Context, msg string) error
}
