// Package ids makes identifiers.
package ids

import (
	"github.com/google/uuid"
)

// NewOrderID returns a fresh order ID.
func NewOrderID() string {
	return "order-" + uuid.NewString()
}

// Key joins a prefix and an ID.
func Key(prefix, id string) string {
	return prefix + "#" + id
}

// FromEvent derives an ID from an event's ID: name-based UUIDs are deterministic.
func FromEvent(eventID string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte(eventID)).String()
}
