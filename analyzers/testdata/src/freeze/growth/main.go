// Command growth keeps state in package-level variables across invocations.
package main

import (
	"context"
	"os"
	"reflect"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"freeze/registry"
)

type status string

const (
	received status = "received"
	done     status = "done"
)

var (
	seen     = map[string]bool{}
	auditLog []string
	counts   = map[string]int{}
	cache    sync.Map
	state    struct{ items []string }

	// Bounded containers.
	byStatus = map[status]int{}
	flags    = map[bool]int{}
	totals   = map[string]int{}
	lru      = map[string]string{}
	inflight = map[string]bool{}
	buffer   []string
	types    = map[reflect.Type]string{}
	once     sync.Once
	warm     map[string]string
	config   map[string]string
	handlers = map[string]func(){}
)

func init() {
	handlers["default"] = func() {} // start-up
	registry.Register("x", func() {})
}

func grow(ctx context.Context, e events.SQSEvent) error {
	for _, r := range e.Records {
		seen[r.MessageId] = true                  // want `SLS607: insert into package-level map seen in SQS handler grow grows state that outlives the invocation`
		auditLog = append(auditLog, r.Body)       // want `SLS607: append to package-level slice auditLog in SQS handler grow`
		counts[r.Body]++                          // want `SLS607: insert into package-level map counts in SQS handler grow`
		cache.Store(r.MessageId, r.Body)          // want `SLS607: sync.Map.Store on package-level cache in SQS handler grow`
		state.items = append(state.items, r.Body) // want `SLS607: append to package-level slice state.items in SQS handler grow`
	}
	registry.Record("batch")          // want `SLS607: append to package-level slice registry.events, reachable from SQS handler grow, grows state that outlives the invocation`
	registry.Remember(len(e.Records)) // want `SLS607: append to package-level slice registry.remembered, reachable from SQS handler grow, grows state that outlives the invocation`
	return nil
}

// The idiomatic twins: per-invocation state, or state with a bound.
func bounded(ctx context.Context, e events.SQSEvent) error {
	local := map[string]bool{}
	var batch []string
	for _, r := range e.Records {
		local[r.MessageId] = true
		batch = append(batch, r.Body)
		byStatus[received]++
		byStatus[status(r.Body)]++
		flags[r.Body == ""]++
		totals["records"]++
		types[reflect.TypeOf(r)] = r.Body
		if len(lru) < 1000 {
			lru[r.MessageId] = r.Body
		}
		inflight[r.MessageId] = true
		process(r)
		delete(inflight, r.MessageId)
		buffer = append(buffer, r.Body)
	}
	flush()
	once.Do(func() {
		warm = map[string]string{}
		warm["region"] = "eu-west-1"
	})
	if config == nil {
		config = map[string]string{}
		config["mode"] = e.Records[0].Body
	}
	handlers["noop"] = func() {}
	_ = done
	return nil
}

func process(r events.SQSMessage) {}

// Get-or-create memos: bounded by their keys, unbounded when the keys come from the event.
var (
	clientsByRegion = map[string]string{}
	userNames       = map[string]string{}
	sessions        sync.Map
)

func clientFor(region string) string {
	if c, ok := clientsByRegion[region]; ok {
		return c
	}
	c := "client:" + region
	clientsByRegion[region] = c
	return c
}

func userName(id string) string {
	if v, ok := userNames[id]; ok {
		return v
	}
	v := "user:" + id
	userNames[id] = v // want `SLS607: insert into package-level map userNames, reachable from SQS handler memo, grows state that outlives the invocation`
	return v
}

func memo(ctx context.Context, e events.SQSEvent) error {
	_ = clientFor(os.Getenv("REPLICA_REGION"))  // a client per configured region: bounded
	sessions.LoadOrStore(os.Getenv("STAGE"), 1) // keyed by the configuration: bounded
	for _, r := range e.Records {
		_ = userName(r.Body)
		sessions.LoadOrStore(r.MessageId, r.Body) // want `SLS607: sync.Map.LoadOrStore on package-level sessions in SQS handler memo grows state`
	}
	return nil
}

func flush() { buffer = buffer[:0] }

func main() {
	seen["boot"] = true // start-up
	lambda.Start(grow)
	lambda.Start(bounded)
	lambda.Start(memo)
}
