// Package flow checks the related information of a path that crosses packages.
package flow

import (
	"context"

	"github.com/aws/aws-lambda-go/events"

	"handlers/flowdep"
)

func Handle(ctx context.Context, e events.SQSEvent) error {
	for _, r := range e.Records {
		process(r.MessageId)
	}
	return nil
}

func process(id string) {
	s := &flowdep.Store{}
	s.Save(id) // want `Handle → process → Store.Save → flowdep.check → log.Fatal \| flow.go:12:6 SQS handler Handle \| flow.go:14:3 Handle calls process \| flow.go:21:2 process calls Store.Save \| dep.go:9:2 Store.Save calls check \| dep.go:14:3 check calls log.Fatal`
}
