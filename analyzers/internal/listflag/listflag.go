// Package listflag is a flag.Value holding a comma-separated list of strings, for analyzer
// settings such as path globs and package prefixes: nogo and go vet pass settings only as
// flags, so a list travels as one comma-separated value.
package listflag

import (
	"strings"
)

// A List is a comma-separated list flag. Set replaces the whole list, so that a value
// from the configuration file overrides the default instead of adding to it.
type List struct {
	items []string
	// Check, when not nil, validates one item; Set fails on the first bad one.
	Check func(string) error
}

// New returns a list holding items.
func New(items ...string) *List { return &List{items: append([]string(nil), items...)} }

// Items returns the list's items.
func (l *List) Items() []string { return append([]string(nil), l.items...) }

// String returns the items joined by commas.
func (l *List) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(l.items, ",")
}

// Set parses a comma-separated list; empty items are dropped.
func (l *List) Set(s string) error {
	var items []string
	for _, it := range strings.Split(s, ",") {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		if l.Check != nil {
			if err := l.Check(it); err != nil {
				return err
			}
		}
		items = append(items, it)
	}
	l.items = items
	return nil
}
