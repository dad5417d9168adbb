// Package exec exercises the execution-model effects: set-up, growth of package state,
// and what runs once per execution environment.
package exec

import (
	"context"
	"database/sql"
	"net/http"
	"os"
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

// Get-or-create memos: the insert grows with the keys, so the key's origin travels with
// it; set-up behind the memo's guard runs once per key.
var (
	regionClients = map[string]*sqs.Client{}
	profiles      sync.Map
	fixedNames    = map[string]string{}
)

func ClientFor(ctx context.Context, region string) *sqs.Client { // want ClientFor:`effects\(global-growth map insert "regionClients" memo from param2\)`
	if c, ok := regionClients[region]; ok {
		return c
	}
	cfg, _ := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	c := sqs.NewFromConfig(cfg)
	regionClients[region] = c
	return c
}

func Profile(user struct{ ID string }) any { // want Profile:`effects\(global-growth sync.Map.LoadOrStore "profiles" memo from param1\)`
	v, _ := profiles.LoadOrStore(user.ID, struct{}{})
	return v
}

// A memo whose key is fixed here is bounded: no growth effect.
func FixedName() string { // want FixedName:`effects\(env os.Getenv "NAME"\)`
	key := os.Getenv("NAME")
	if v, ok := fixedNames[key]; ok {
		return v
	}
	fixedNames[key] = "x"
	return "x"
}

// Set-up from a parameter carries its origin; through a caller that passes a constant it
// is fixed.
func Open(dsn string) { // want Open:`effects\(setup sql.Open from param1\)`
	_, _ = sql.Open("postgres", dsn)
}

func OpenFixed() { // want OpenFixed:`effects\(setup sql.Open via Open\)`
	Open("postgres://db")
}

func OpenFrom(cfg struct{ DSN string }) { // want OpenFrom:`effects\(setup sql.Open from param1 via Open\)`
	dsn := cfg.DSN
	Open(dsn)
}
