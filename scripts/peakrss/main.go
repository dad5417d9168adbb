//go:build ignore

// Command peakrss runs a command and reports its wall time and the peak resident memory of
// its whole process tree, sampled from /proc: GNU time's "maximum resident set size" is the
// largest single process, which understates tools like go vet that run many processes at
// once.
//
//	go run ./scripts/peakrss -- go vet ./...
//
// It prints one line to stderr, "peakrss: wall=12.34s rss=567.8MB exit=0", and exits with
// the command's status. Linux only.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: peakrss -- command [args...]")
		os.Exit(2)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(2)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var peak int64
	tick := time.NewTicker(20 * time.Millisecond)
	var err error
loop:
	for {
		select {
		case err = <-done:
			break loop
		case <-tick.C:
			if rss := treeRSS(cmd.Process.Pid); rss > peak {
				peak = rss
			}
		}
	}
	wall := time.Since(start)
	tick.Stop()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		code = 2
	}
	fmt.Fprintf(os.Stderr, "peakrss: wall=%.2fs rss=%.1fMB exit=%d\n", wall.Seconds(), float64(peak)/(1<<20), code)
	os.Exit(code)
}

// treeRSS sums the resident memory, in bytes, of root and all its descendants.
func treeRSS(root int) int64 {
	parent := map[int]int{}
	rss := map[int]int64{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		ppid, kb, ok := status(d)
		if !ok {
			continue
		}
		parent[pid], rss[pid] = ppid, kb*1024
	}
	var total int64
	for pid, r := range rss {
		for p := pid; p > 1; p = parent[p] {
			if p == root {
				total += r
				break
			}
		}
	}
	return total
}

func status(dir string) (ppid int, rssKB int64, ok bool) {
	f, err := os.Open(filepath.Join(dir, "status"))
	if err != nil {
		return 0, 0, false
	}
	defer func() { _ = f.Close() }()
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, _ := strings.Cut(s.Text(), ":")
		v = strings.TrimSpace(v)
		switch k {
		case "PPid":
			ppid, _ = strconv.Atoi(v)
		case "VmRSS":
			n, _ := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
			rssKB = n
		}
	}
	return ppid, rssKB, true
}
