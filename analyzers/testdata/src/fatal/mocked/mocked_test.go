package mocked

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

type mockStore struct{}

func (mockStore) Save(ctx context.Context, id string) error { panic("not implemented") }

func TestHandle(t *testing.T) {
	h := &Handler{store: mockStore{}}
	_ = h.Handle(context.Background(), events.SQSEvent{})
}
