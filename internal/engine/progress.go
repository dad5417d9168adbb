package engine

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress shows what a long run is doing: nothing for the first second, then the current
// phase and the elapsed time on one line that is rewritten in place, cleared at the end.
type progress struct {
	w     io.Writer
	mu    sync.Mutex
	phase string
	start time.Time
	done  chan struct{}
	wrote bool
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w, start: time.Now(), done: make(chan struct{})}
	if w != nil {
		go p.loop()
	}
	return p
}

func (p *progress) set(phase string) {
	p.mu.Lock()
	p.phase = phase
	p.mu.Unlock()
}

func (p *progress) loop() {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
			elapsed := time.Since(p.start)
			if elapsed < time.Second {
				continue
			}
			p.mu.Lock()
			fmt.Fprintf(p.w, "\r\x1b[Kslslint: %s… %.0fs", p.phase, elapsed.Seconds())
			p.wrote = true
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
