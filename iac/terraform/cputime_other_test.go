//go:build !unix

package terraform

import "time"

// cpuTime is not measured here: the benchmark then reports 0 CPU milliseconds.
func cpuTime() time.Duration { return 0 }
