// Package portsapp calls its ports; main wires the adapters.
package portsapp

import (
	"context"

	"github.com/aws/aws-lambda-go/events"

	"program/portsdef"
)

type Service struct {
	Store portsdef.Store
	Audit portsdef.Audit
}

func (s *Service) Handle(ctx context.Context, ev events.SQSEvent) error {
	s.Audit.Log("batch")
	return s.Store.Save(ctx, "x")
}
