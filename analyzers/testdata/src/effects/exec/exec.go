// Package exec exercises the execution-model effects: set-up, growth of package state,
// and what runs once per execution environment.
package exec

import (
	"context"
	"net/http"
	"regexp"
	"sync"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

var (
	queue *sqs.Client
	once  sync.Once
	seen  = map[string]bool{}
	log   []string
)

func Client(ctx context.Context) *sqs.Client { // want Client:`effects\(setup config.LoadDefaultConfig; setup sqs.NewFromConfig\)`
	cfg, _ := config.LoadDefaultConfig(ctx)
	return sqs.NewFromConfig(cfg)
}

func Lazy(ctx context.Context) *sqs.Client {
	if queue == nil {
		queue = Client(ctx)
	}
	return queue
}

func Once(ctx context.Context) *sqs.Client {
	once.Do(func() { queue = Client(ctx) })
	return queue
}

func Patterns(p string) { // want Patterns:`effects\(setup regexp.MustCompile "\^a\+\$"; setup http.Client literal\)`
	_ = regexp.MustCompile(`^a+$`)
	_ = regexp.MustCompile(p)
	_ = &http.Client{}
}

func Grow(id string) { // want Grow:`effects\(global-growth map insert "seen"; global-growth append "log"\)`
	seen[id] = true
	log = append(log, id)
}

func Bounded(id string) {
	seen["fixed"] = true
	local := map[string]bool{}
	local[id] = true
}
