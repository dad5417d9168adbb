// Package basic exercises the effects recognized by name and their propagation within a
// package.
package basic

import (
	"cmp"
	"context"
	"database/sql"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"golang.org/x/sync/errgroup"
)

func fatal() { // want fatal:`effects\(fatal log.Fatal\)`
	log.Fatal("boom")
}

func exit(code int) { // want exit:`effects\(fatal os.Exit\)`
	os.Exit(code)
}

func panics() { // want panics:`effects\(panic panic\)`
	panic("no")
}

// recovered defers a recover: its panics and its callees' stop here.
func recovered() {
	defer func() {
		if r := recover(); r != nil {
			log.Print(r)
		}
	}()
	panics()
}

func recoverer() { // want recoverer:`effects\(\) recovers`
	if r := recover(); r != nil {
		log.Print(r)
	}
}

// recoveredByHelper defers a function that calls recover directly.
func recoveredByHelper() {
	defer recoverer()
	panic("caught")
}

// goroutinePanic starts a goroutine that panics: no recover of the caller applies.
func goroutinePanic() { // want goroutinePanic:`effects\(goroutine go statement; panic panic in-goroutine via goroutinePanic.func1\)`
	defer recoverer()
	go func() {
		panic("lost")
	}()
}

func calls() { // want calls:`effects\(fatal log.Fatal via fatal; panic panic via panics\)`
	fatal()
	panics()
}

func writes(ctx context.Context, db *dynamodb.Client, q *sqs.Client, conn *sql.DB) error { // want writes:`effects\(write dynamodb.PutItem; write sqs.SendMessage; write sql.DB.ExecContext "INSERT INTO t VALUES \(1\)"; network dynamodb.GetItem\)`
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("t")}); err != nil {
		return err
	}
	if _, err := q.SendMessage(ctx, &sqs.SendMessageInput{}); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "INSERT INTO t VALUES (1)"); err != nil {
		return err
	}
	_, err := db.GetItem(ctx, &dynamodb.GetItemInput{})
	return err
}

// putter is how code usually holds an SDK client: recognized by the input type.
type putter interface {
	PutItem(ctx context.Context, params *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
}

func throughInterface(ctx context.Context, p putter) { // want throughInterface:`effects\(write dynamodb.PutItem\)`
	p.PutItem(ctx, &dynamodb.PutItemInput{})
}

func network(ctx context.Context) { // want network:`effects\(network http.Get; sleep time.Sleep; new-context context.Background; context-check ctx.Done\)`
	http.Get("https://example.com")
	time.Sleep(time.Second)
	_ = context.Background()
	<-ctx.Done()
}

func group(ctx context.Context) error { // want group:`effects\(goroutine errgroup.Group.Go; fatal log.Fatal in-goroutine via group.func1>fatal\)`
	g, _ := errgroup.WithContext(ctx)
	g.Go(func() error {
		fatal()
		return nil
	})
	return g.Wait()
}

// Environment reads and their defaults.

func env() { // want env:`effects\(env os.Getenv "TABLE"; env os.Getenv "PORT" default; env os.Getenv "REGION" default; env os.LookupEnv "MODE" default\)`
	table := os.Getenv("TABLE")
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	region := cmp.Or(os.Getenv("REGION"), "eu-west-1")
	mode, ok := os.LookupEnv("MODE")
	if !ok {
		mode = "dev"
	}
	_, _, _, _ = table, port, region, mode
}

func getenv(key, fallback string) string { // want getenv:`effects\(env os.LookupEnv param1 default returned\)`
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

func override() string { // want override:`effects\(env os.LookupEnv "API_HOST" default\)`
	addr := "https://default.example"
	if custom, ok := os.LookupEnv("API_HOST"); ok {
		addr = custom
	}
	return addr
}

func config() { // want config:`effects\(env os.LookupEnv "QUEUE_URL" default via getenv\)`
	_ = getenv("QUEUE_URL", "none")
}

func required() string { // want required:`effects\(fatal log.Fatal; env os.Getenv "SECRET" returned\)`
	v := os.Getenv("SECRET")
	if v == "" {
		log.Fatal("SECRET is required")
	}
	return v
}

// Recursion converges.

func ping(n int) { // want ping:`effects\(sleep time.Sleep via pong\)`
	if n > 0 {
		pong(n - 1)
	}
}

func pong(n int) { // want pong:`effects\(sleep time.Sleep\)`
	time.Sleep(time.Millisecond)
	ping(n)
}

// Function values and closures.

func apply(f func()) { f() }

func passesValue() { // want passesValue:`effects\(fatal log.Fatal via fatal\)`
	apply(fatal)
}

func localClosure() { // want localClosure:`effects\(panic panic via f>panics\)`
	f := func() { panics() }
	f()
}

func unusedClosure() {
	f := func() { panics() }
	_ = f
}

// Generics are followed to their origin.

func each[T any](xs []T, f func(T)) { // want each:`effects\(panic panic\)`
	for _, x := range xs {
		f(x)
	}
	if len(xs) > 100 {
		panic("too many")
	}
}

func generic() { // want generic:`effects\(panic panic via each\)`
	each([]int{1}, func(int) {})
}

// Methods on concrete types and on interfaces with an evident implementation.

type store struct{}

func (s *store) save() { // want save:`effects\(fatal log.Fatal\)`
	log.Fatal("x")
}

type saver interface{ save() }

func concrete() { // want concrete:`effects\(fatal log.Fatal via store.save\)`
	s := &store{}
	s.save()
}

func evident() { // want evident:`effects\(fatal log.Fatal via store.save\)`
	var sv saver = &store{}
	sv.save()
}

func opaque(sv saver) {
	sv.save()
}

// A handler factory: what it returns is summarized apart from its set-up.

func factory() func(context.Context) error { // want factory:`effects\(env os.Getenv "TABLE"\) returns\(fatal log.Fatal via factory.func1>fatal\)`
	table := os.Getenv("TABLE")
	_ = table
	return func(ctx context.Context) error {
		fatal()
		return nil
	}
}
