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
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"golang.org/x/sync/errgroup"
)

func Fatal() { // want Fatal:`effects\(fatal log.Fatal\)`
	log.Fatal("boom")
}

func Exit(code int) { // want Exit:`effects\(fatal os.Exit\)`
	os.Exit(code)
}

func Panics() { // want Panics:`effects\(panic panic "no"\)`
	panic("no")
}

// recovered defers a recover: its panics and its callees' stop here.
func recovered() {
	defer func() {
		if r := recover(); r != nil {
			log.Print(r)
		}
	}()
	Panics()
}

func Recoverer() { // want Recoverer:`effects\(\) recovers`
	if r := recover(); r != nil {
		log.Print(r)
	}
}

// recoveredByHelper defers a function that calls recover directly.
func recoveredByHelper() {
	defer Recoverer()
	panic("caught")
}

// goroutinePanic starts a goroutine that panics: no recover of the caller applies.
func GoroutinePanic() { // want GoroutinePanic:`effects\(goroutine go statement; panic panic "lost" in-goroutine via GoroutinePanic.func1\)`
	defer Recoverer()
	go func() {
		panic("lost")
	}()
}

func Calls() { // want Calls:`effects\(fatal log.Fatal via Fatal; panic panic "no" via Panics\)`
	Fatal()
	Panics()
}

func Writes(ctx context.Context, db *dynamodb.Client, q *sqs.Client, conn *sql.DB) error { // want Writes:`effects\(write dynamodb.PutItem; write sqs.SendMessage; write sql.DB.ExecContext "INSERT INTO t VALUES \(1\)"; network dynamodb.GetItem\)`
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

func ThroughInterface(ctx context.Context, p putter) { // want ThroughInterface:`effects\(write dynamodb.PutItem\)`
	p.PutItem(ctx, &dynamodb.PutItemInput{})
}

func Network(ctx context.Context) { // want Network:`effects\(network http.Get; sleep time.Sleep; new-context context.Background; context-check ctx.Done\)`
	http.Get("https://example.com")
	time.Sleep(time.Second)
	_ = context.Background()
	<-ctx.Done()
}

func Group(ctx context.Context) error { // want Group:`effects\(goroutine errgroup.Group.Go; fatal log.Fatal in-goroutine via Group.func1>Fatal\)`
	g, _ := errgroup.WithContext(ctx)
	g.Go(func() error {
		Fatal()
		return nil
	})
	return g.Wait()
}

// Environment reads and their defaults.

func Env() { // want Env:`effects\(env os.Getenv "TABLE"; env os.Getenv "PORT" default; env os.Getenv "REGION" default; env os.LookupEnv "MODE" default\)`
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

// Opt-in flags: unset means off, so the variable need not be defined.
func Flags() bool { // want Flags:`effects\(env os.Getenv "DEBUG" default; env os.Getenv "TRACE" default; env os.Getenv "MODE" default; env os.Getenv "VERBOSE" default; env os.Getenv "ENDPOINT"; env os.Getenv "STRICT"\)`
	debug := os.Getenv("DEBUG") == "true"
	trace := strings.EqualFold(os.Getenv("TRACE"), "on")
	switch os.Getenv("MODE") {
	case "local", "test":
		debug = true
	}
	verbose := os.Getenv("VERBOSE")
	if verbose == "1" || verbose == "yes" {
		trace = true
	}
	// Not flags: a value used for what it is, and a test for being set.
	endpoint := os.Getenv("ENDPOINT")
	if endpoint == "local" {
		return false
	}
	_ = len(endpoint)
	return debug && trace && os.Getenv("STRICT") != ""
}

func Getenv(key, fallback string) string { // want Getenv:`effects\(env os.LookupEnv param1 default returned\)` Getenv:`flows\(result0 param2\)`
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

func Override() string { // want Override:`effects\(env os.LookupEnv "API_HOST" default\)`
	addr := "https://default.example"
	if custom, ok := os.LookupEnv("API_HOST"); ok {
		addr = custom
	}
	return addr
}

func Config() { // want Config:`effects\(env os.LookupEnv "QUEUE_URL" default via Getenv\)`
	_ = Getenv("QUEUE_URL", "none")
}

func Required() string { // want Required:`effects\(fatal log.Fatal; env os.Getenv "SECRET" returned\)`
	v := os.Getenv("SECRET")
	if v == "" {
		log.Fatal("SECRET is Required")
	}
	return v
}

// Recursion converges.

func Ping(n int) { // want Ping:`effects\(sleep time.Sleep via Pong\)`
	if n > 0 {
		Pong(n - 1)
	}
}

func Pong(n int) { // want Pong:`effects\(sleep time.Sleep\)`
	time.Sleep(time.Millisecond)
	Ping(n)
}

// Function values and closures.

func apply(f func()) { f() }

func PassesValue() { // want PassesValue:`effects\(fatal log.Fatal via Fatal\)`
	apply(Fatal)
}

func LocalClosure() { // want LocalClosure:`effects\(panic panic "no" via f>Panics\)`
	f := func() { Panics() }
	f()
}

func unusedClosure() {
	f := func() { Panics() }
	_ = f
}

// Generics are followed to their origin.

func Each[T any](xs []T, f func(T)) { // want Each:`effects\(panic panic "too many"\)`
	for _, x := range xs {
		f(x)
	}
	if len(xs) > 100 {
		panic("too many")
	}
}

func Generic() { // want Generic:`effects\(panic panic "too many" via Each\)`
	Each([]int{1}, func(int) {})
}

// Methods on concrete types and on interfaces with an evident implementation.

type store struct{}

func (s *store) Save() { // want Save:`effects\(fatal log.Fatal\)`
	log.Fatal("x")
}

type saver interface{ Save() }

func Concrete() { // want Concrete:`effects\(fatal log.Fatal via store.Save\)`
	s := &store{}
	s.Save()
}

func Evident() { // want Evident:`effects\(fatal log.Fatal via store.Save\)`
	var sv saver = &store{}
	sv.Save()
}

func opaque(sv saver) {
	sv.Save()
}

// A handler factory: what it returns is summarized apart from its set-up.

func Factory() func(context.Context) error { // want Factory:`effects\(env os.Getenv "TABLE"\) returns\(fatal log.Fatal via Factory.func1>Fatal\)`
	table := os.Getenv("TABLE")
	_ = table
	return func(ctx context.Context) error {
		Fatal()
		return nil
	}
}
