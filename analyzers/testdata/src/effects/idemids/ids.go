// Package idemids makes identifiers: its results' flows travel as ValueFlow facts.
package idemids

import (
	"github.com/google/uuid"
)

func NewOrderID() string { // want NewOrderID:`flows\(result0 uuid.NewString\(\)\)`
	return "order-" + uuid.NewString()
}

func Key(prefix, id string) string { // want Key:`flows\(result0 param1; result0 param2\)`
	return prefix + "#" + id
}

// FromEvent derives an ID from an event's ID: name-based UUIDs are deterministic.
func FromEvent(eventID string) string { // want FromEvent:`flows\(result0 param1\)`
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte(eventID)).String()
}

type Order struct {
	ID   string
	Note string
}

// NewOrder sets a fresh ID on the order it returns.
func NewOrder(note string) Order { // want NewOrder:`flows\(result0.ID uuid.NewString\(\); result0.Note param1\)`
	return Order{ID: uuid.NewString(), Note: note}
}

// Clock is not a key: a bool or an error carries nothing.
func Valid(id string) bool { return id != "" }
