// Package flowdep holds the cause, two calls away from the handler.
package flowdep

import "log"

type Store struct{}

func (s *Store) Save(id string) {
	check(id)
}

func check(id string) {
	if id == "" {
		log.Fatal("empty id")
	}
}
