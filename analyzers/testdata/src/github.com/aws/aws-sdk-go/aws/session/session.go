// Package session is a stub of the AWS SDK for Go v1's session package.
package session

type Session struct{}

func NewSession() (*Session, error) { return &Session{}, nil }

func Must(s *Session, err error) *Session { return s }
