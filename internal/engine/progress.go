package engine

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress shows what a long run is doing: the phases running at the moment (Go loading
// and IaC reading run side by side), with counts where there are some. On a terminal it
// rewrites one line in place, from the first second on, and clears it at the end; in a log
// (CI) it writes one plain line every interval once the run has taken that long.
type progress struct {
	w        io.Writer
	terminal bool
	interval time.Duration
	mu       sync.Mutex
	phases   []phase
	start    time.Time
	done     chan struct{}
	wrote    bool
}

type phase struct{ name, status string }

// logInterval is how often a run that is not on a terminal says what it is doing.
const logInterval = 15 * time.Second

func newProgress(w io.Writer, terminal bool) *progress {
	p := &progress{w: w, terminal: terminal, start: time.Now(), done: make(chan struct{}), interval: logInterval}
	if terminal {
		p.interval = 250 * time.Millisecond
	}
	if w != nil {
		go p.loop()
	}
	return p
}

// set starts a phase or updates its status.
func (p *progress) set(name, status string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.phases {
		if p.phases[i].name == name {
			p.phases[i].status = status
			return
		}
	}
	p.phases = append(p.phases, phase{name, status})
}

// end ends a phase.
func (p *progress) end(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.phases {
		if p.phases[i].name == name {
			p.phases = append(p.phases[:i], p.phases[i+1:]...)
			return
		}
	}
}

// line is what the run is doing now: "loading Go packages; reading 12 IaC files".
func (p *progress) line() string {
	var parts []string
	for _, ph := range p.phases {
		parts = append(parts, ph.status)
	}
	if len(parts) == 0 {
		return "finishing"
	}
	return strings.Join(parts, "; ")
}

func (p *progress) loop() {
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
			elapsed := time.Since(p.start)
			p.mu.Lock()
			switch {
			case p.terminal && elapsed >= time.Second:
				fmt.Fprintf(p.w, "\r\x1b[Kslslint: %s… %.0fs", p.line(), elapsed.Seconds())
				p.wrote = true
			case !p.terminal && elapsed >= p.interval:
				fmt.Fprintf(p.w, "slslint: %.0fs: %s\n", elapsed.Seconds(), p.line())
			}
			p.mu.Unlock()
		}
	}
}

func (p *progress) stop() {
	if p.w == nil {
		return
	}
	close(p.done)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.wrote {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
