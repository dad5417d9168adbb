//go:build !unix

package repofile

// openFlags: elsewhere a named pipe cannot be opened as a file by path, and links were
// resolved just before.
const openFlags = 0
