//go:build unix

package repofile

import "syscall"

// openFlags open without blocking on a named pipe and without following a final link.
const openFlags = syscall.O_NONBLOCK | syscall.O_NOFOLLOW
