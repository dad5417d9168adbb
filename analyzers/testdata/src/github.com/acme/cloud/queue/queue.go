// Package queue stands for an in-house cloud SDK configured with -providers.
package queue

type Message struct{ Body string }
