package engine

import (
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Progress shows every phase running at the moment, not the last one started; in a log
// it writes plain lines, on a terminal one line rewritten in place and cleared at the end.
func TestProgress(t *testing.T) {
	var log lockedBuffer
	p := newProgress(nil, false) // not started: configure before the loop runs
	p.w, p.interval, p.start = &log, 20*time.Millisecond, time.Now().Add(-time.Minute)
	go p.loop()
	p.set("go", "loading Go packages")
	p.set("iac", "reading 3 IaC files")
	waitFor(t, &log, "loading Go packages; reading 3 IaC files")
	p.end("iac")
	p.set("go", "analyzing Go packages: 2 of 5")
	waitFor(t, &log, "s: analyzing Go packages: 2 of 5\n")
	p.stop()
	if strings.Contains(log.String(), "\r") || strings.Contains(log.String(), "\x1b") {
		t.Errorf("terminal control in a log:\n%q", log.String())
	}

	var term lockedBuffer
	p = newProgress(nil, true)
	p.w, p.interval, p.start = &term, 20*time.Millisecond, time.Now().Add(-time.Minute)
	go p.loop()
	p.set("go", "loading Go packages")
	waitFor(t, &term, "\r\x1b[Kslslint: loading Go packages… ")
	p.stop()
	if !strings.HasSuffix(term.String(), "\r\x1b[K") {
		t.Errorf("the terminal line is not cleared at the end: %q", term.String())
	}
}

func waitFor(t *testing.T, w interface{ String() string }, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second) // generous: only a hang fails
	for !strings.Contains(w.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("progress never showed %q:\n%q", want, w.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}
