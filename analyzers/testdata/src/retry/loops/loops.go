package loops

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"retry/loops/pause"
)

var errNotReady = errors.New("not ready")

func call() error                { return nil }
func fetch() (string, error)     { return "", nil }
func isTransient(err error) bool { return err != nil }

// --- retry loops that never give up ---

func dialForever(addr string) net.Conn {
	for { // want `SLS110: loop retries net.Dial until it succeeds, with no attempt limit and no exit on context cancellation or deadline` `SLS111: loop retries net.Dial without waiting between attempts`
		conn, err := net.Dial("tcp", addr)
		if err == nil {
			return conn
		}
		log.Printf("dial %s: %v", addr, err)
	}
}

func continueOnError(ctx context.Context, c *http.Client, req *http.Request) *http.Response {
	for { // want `SLS110: loop retries c.Do until it succeeds`
		resp, err := c.Do(req)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		return resp
	}
}

func statusRetry(c *http.Client, url string) (*http.Response, error) {
	var resp *http.Response
	var err error
	for { // want `SLS110: loop retries c.Get`
		resp, err = c.Get(url)
		if err == nil && resp.StatusCode < 500 {
			break
		}
		pause.Step(3) // waits, through a fact of another package
	}
	return resp, err
}

func condForm() error {
	err := call()
	for err != nil { // want `SLS110: loop retries call` `SLS111: loop retries call without waiting`
		err = call()
	}
	return nil
}

func transientOnly() (string, error) {
	for { // want `SLS110: loop retries fetch`
		v, err := fetch()
		if err == nil {
			return v, nil
		}
		if !isTransient(err) { // an exit that depends on the error bounds nothing
			return "", err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func ifInit() {
	for { // want `SLS110: loop retries call` `SLS111`
		if err := call(); err != nil {
			continue
		}
		break
	}
}

func tagless() error {
	for { // want `SLS110: loop retries call`
		err := call()
		switch {
		case err == nil:
			return nil
		case errors.Is(err, errNotReady):
			<-time.After(time.Second)
		default:
			log.Print(err)
			time.Sleep(time.Second)
		}
	}
}

// Generic: the attempt returns (T, error).
func retryGeneric[T any](get func() (T, error)) T {
	for { // want `SLS110: loop retries get` `SLS111`
		v, err := get()
		if err != nil {
			continue
		}
		return v
	}
}

// Closure: the loop lives in a function literal.
var handler = func(ctx context.Context) error {
	for { // want `SLS110: loop retries call`
		if err := call(); err == nil {
			return nil
		}
		pause.For(time.Second)
	}
}

// Bounded but immediate: only SLS111.
func boundedNoWait() error {
	var err error
	for attempt := 0; attempt < 3; attempt++ { // want `SLS111: loop retries call without waiting`
		if err = call(); err == nil {
			return nil
		}
	}
	return err
}

func rangeIntNoWait() error {
	var err error
	for range 3 { // want `SLS111: loop retries call`
		err = call()
		if err == nil {
			break
		}
	}
	return err
}

// Context-aware but spinning: only SLS111.
func ctxSpin(ctx context.Context) error {
	for { // want `SLS111: loop retries call`
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if err := call(); err == nil {
			return nil
		}
	}
}

// --- the idiomatic twins: silent ---

func boundedWithBackoff(ctx context.Context) error {
	var err error
	for attempt := range 5 {
		if err = call(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(1<<attempt) * 100 * time.Millisecond):
		}
	}
	return err
}

func ctxAware(ctx context.Context) error {
	for {
		err := call()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		time.Sleep(time.Second)
	}
}

func counterInBody() error {
	attempts := 0
	for {
		err := call()
		if err == nil {
			return nil
		}
		attempts++
		if attempts >= 5 {
			return err
		}
		time.Sleep(time.Second)
	}
}

func deadline(d time.Duration) error {
	start := time.Now()
	for time.Since(start) < d {
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errNotReady
}

func canceled(ctx context.Context, c *http.Client, req *http.Request) (*http.Response, error) {
	for {
		resp, err := c.Do(req.WithContext(ctx))
		if err == nil {
			return resp, nil
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		time.Sleep(time.Second)
	}
}

// Pagination: the token advances, a success goes round again.
func pages(list func(token string) ([]string, string, error)) ([]string, error) {
	var all []string
	token := ""
	for {
		items, next, err := list(token)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if next == "" {
			break
		}
		token = next
	}
	return all, nil
}

// Paginator style.
type paginator interface {
	HasMorePages() bool
	NextPage(context.Context) ([]string, error)
}

func paged(ctx context.Context, p paginator) error {
	for p.HasMorePages() {
		if _, err := p.NextPage(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Reading until io.EOF.
func readAll(r *bufio.Reader) ([]string, error) {
	var lines []string
	for {
		line, err := r.ReadString('\n')
		if err == io.EOF {
			break
		}
		if err != nil {
			continue
		}
		lines = append(lines, line)
	}
	return lines, nil
}

// Worker loops: a success goes round again.
func worker(ctx context.Context, jobs <-chan string, handle func(string) error) {
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-jobs:
			if err := handle(j); err != nil {
				log.Print(err)
				continue
			}
		}
	}
}

func poller(receive func() ([]string, error), handle func(string)) {
	for {
		msgs, err := receive()
		if err != nil {
			log.Print(err)
			continue
		}
		for _, m := range msgs {
			handle(m)
		}
	}
}

func accept(l net.Listener, serve func(net.Conn)) {
	for {
		conn, err := l.Accept()
		if err != nil {
			continue
		}
		go serve(conn)
	}
}

// Range over data is iteration.
func each(items []string, process func(string) error) {
	for _, it := range items {
		if err := process(it); err != nil {
			continue
		}
	}
}

// A scanner loop does not retry.
func scan(s *bufio.Scanner) []string {
	var out []string
	for s.Scan() {
		out = append(out, s.Text())
	}
	return out
}

// A labeled retry with a signal channel exit: stopping is decided elsewhere.
func untilStopped(stop <-chan struct{}) error {
retry:
	for {
		if err := call(); err == nil {
			break retry
		}
		select {
		case <-stop:
			return errNotReady
		case <-time.After(time.Second):
		}
	}
	return nil
}

// Walking an error chain is not retrying.
func rootCause(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

func chain(err error) {
	for err != nil {
		err = errors.Unwrap(err)
	}
}

func asType(err error) bool {
	for {
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
			if err == nil {
				return false
			}
		default:
			return false
		}
	}
}

// Retrying an interrupted system call is immediate by design.
func ignoringEINTR(fn func() error) error {
	for {
		err := fn()
		if err != syscall.EINTR {
			return err
		}
	}
}

// Growing a buffer until the result fits changes the input: not a retry.
func decode(data []byte, decodeInto func(dst, src []byte) ([]byte, error), limit int) ([]byte, error) {
	size := 1024
	for {
		out, err := decodeInto(make([]byte, 0, size), data)
		if err == nil || size >= limit {
			return out, err
		}
		size *= 2
	}
}

// Walking up a directory tree computes each attempt's input from the previous one
// (found in Caddy's modules/logging): not a retry.
func nearestExisting(stat func(string) (bool, error), dir string) string {
	cur := dir
	for {
		next := parentOf(cur)
		if next == cur {
			return next
		}
		if ok, err := stat(next); err == nil && ok {
			return next
		}
		cur = next
	}
}

func parentOf(p string) string { return p }

// The same walk with the directory in the loop's init statement, as slslint's own
// engine.RepositoryRoot writes it: each attempt stats a different path.
func repositoryRoot(lstat func(string) error, join func(...string) string, dirOf func(string) string, dir string) string {
	for d := dir; ; {
		if err := lstat(join(d, ".git")); err == nil {
			return d
		}
		parent := dirOf(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// A counter in the init statement that the call does not read changes nothing it sends:
// still a retry.
func initCounter(send func(string) error, url string) {
	for n := 0; ; n++ { // want `SLS110: loop retries send until it succeeds` `SLS111: loop retries send without waiting`
		if err := send(url); err == nil {
			return
		}
	}
}

// A value set once in the init statement and never changed: still the same request.
func initConstant(send func(string) error, base string) {
	for u := base + "/health"; ; { // want `SLS110: loop retries send until it succeeds` `SLS111: loop retries send without waiting`
		if err := send(u); err == nil {
			return
		}
	}
}

// Handling each accepted connection processes a stream (found in Caddy's cmd package): the
// input is a new connection every time, not a retry of the same one.
func awaitPingback(ln net.Listener, handle func(net.Conn) error, success chan struct{}) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			break
		}
		if err := handle(conn); err == nil {
			close(success)
			break
		}
	}
}

// The same with one error variable for both calls, as Caddy writes it.
func awaitPingbackShared(ln net.Listener, handle func(net.Conn) error, success chan struct{}) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			break
		}
		err = handle(conn)
		if err == nil {
			close(success)
			break
		}
	}
}

// Rebuilding the same request from unchanged inputs is still a retry.
func resend(build func(string) string, send func(string) error, url string) {
	for { // want `SLS110: loop retries send until it succeeds` `SLS111: loop retries send without waiting`
		req := build(url)
		if err := send(req); err == nil {
			return
		}
	}
}

// Trying each server in turn is iteration over a collection.
func firstServer(servers []string) (net.Conn, error) {
	var err error
	for i := 0; i < len(servers); i++ {
		var c net.Conn
		if c, err = net.Dial("tcp", servers[i]); err == nil {
			return c, nil
		}
	}
	return nil, err
}

// t.Fatal ends the test: the loop processes data.
func drain(t *testing.T, next func() (*string, error)) {
	for range 50 {
		msg, err := next()
		if err != nil {
			t.Fatal(err)
		}
		if msg == nil {
			break
		}
	}
}

// An error logged and ignored, and a nil message that ends the stream: processing.
func consume(next func() (*string, error)) {
	for {
		msg, err := next()
		if err != nil {
			log.Print(err)
		}
		if msg == nil {
			return
		}
	}
}

// Assertions in a loop end it in failure; they are not a success exit.
func check(t *testing.T, read func() error) {
	for i := 0; i < 3; i++ {
		if err := read(); !errors.Is(err, errNotReady) {
			t.Fatalf("iteration %d: got %v", i, err)
		}
	}
}

// Optimistic locking: the put is what is retried on a conflict.
func updateVersioned(get func() (int, error), put func(int) error, conflict func(error) bool) error {
	for { // want `SLS110: loop retries put until it succeeds` `SLS111: loop retries put without waiting`
		v, err := get()
		if err != nil {
			return err
		}
		err = put(v + 1)
		if err == nil {
			return nil
		}
		if !conflict(err) {
			return err
		}
	}
}

// A retry in a goroutine whose starter waits only until a deadline: the consequence is a
// goroutine that keeps retrying after the invocation returned.
func fetchWithDeadline(ctx context.Context) error {
	done := make(chan error, 1)
	go func() {
		for { // want `SLS110: loop retries call until it succeeds, with no attempt limit and no exit on context cancellation, in a goroutine whose starter stops waiting for it at a deadline$`
			if err := call(); err == nil {
				done <- nil
				return
			}
			time.Sleep(time.Second)
		}
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func fetchWithTimer() error {
	done := make(chan error, 1)
	go func() {
		for { // want `SLS110: loop retries call until it succeeds, with no attempt limit and no exit on context cancellation, in a goroutine whose starter stops waiting for it at a deadline`
			if err := call(); err == nil {
				done <- nil
				return
			}
			time.Sleep(time.Second)
		}
	}()
	t := time.NewTimer(5 * time.Second)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return errNotReady
	}
}

// The starter waits for the goroutine without a deadline: the loop spins inside the
// invocation, as any unbounded retry does.
func fetchAndWait() error {
	done := make(chan error, 1)
	go func() {
		for { // want `SLS110: loop retries call until it succeeds, with no attempt limit and no exit on context cancellation or deadline`
			if err := call(); err == nil {
				done <- nil
				return
			}
			time.Sleep(time.Second)
		}
	}()
	return <-done
}

// The idiomatic twin: the goroutine gets the context and stops with it.
func fetchWithDeadlineBounded(ctx context.Context) error {
	done := make(chan error, 1)
	go func() {
		for {
			if err := call(); err == nil {
				done <- nil
				return
			}
			select {
			case <-ctx.Done():
				done <- ctx.Err()
				return
			case <-time.After(time.Second):
			}
		}
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
