// Package repofile reads the files of the repository under analysis, and only those.
//
// Every path slslint reads because the repository names it (a template, a Terraform
// file() argument or local module source, a serverless ${file()} include, a variables
// file, a build script) goes through a Root. Before anything is opened, the whole path is
// resolved with its symbolic links (filepath.EvalSymlinks, every component, not only the
// last) and must lie inside the repository root; the file is then opened without following
// a link and without blocking, and must be a regular file. So a link out of the repository
// (a directory "d" pointing at the home directory, a module source "./shared" pointing
// elsewhere) is never read, and a named pipe, a device or a directory never blocks or
// floods a read.
//
// Errors name the reason only (ErrOutside, ErrNotRegular, ErrTooLarge, or the underlying
// fs error without the absolute path): callers report them at the expression that named
// the path, quoting what the repository wrote and nothing of the target.
package repofile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Reasons a path is refused.
var (
	// ErrOutside is returned for a path that lies, or resolves through a symbolic link,
	// outside the repository root.
	ErrOutside = errors.New("resolves outside the repository")
	// ErrNotRegular is returned for a named pipe, device, socket or directory where a
	// file was expected.
	ErrNotRegular = errors.New("is not a regular file")
	// ErrNotDirectory is returned for a file where a directory was expected.
	ErrNotDirectory = errors.New("is not a directory")
	// ErrTooLarge is returned for a file larger than the caller's limit.
	ErrTooLarge = errors.New("is too large")
)

// A Root is a repository root.
type Root struct {
	// abs is the cleaned absolute root; real is abs with its symbolic links resolved.
	abs, real string
}

// New returns the root at dir. A root that cannot be resolved refuses every path.
func New(dir string) Root {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Root{}
	}
	abs = filepath.Clean(abs)
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return Root{abs: abs}
	}
	return Root{abs: abs, real: real}
}

// Dir returns the root's cleaned absolute path.
func (r Root) Dir() string { return r.abs }

// Rel returns abs relative to the root, with forward slashes, judged on the path as
// written (no link resolved), and whether it lies inside the root.
func (r Root) Rel(abs string) (string, bool) {
	if r.abs == "" {
		return "", false
	}
	return within(r.abs, abs)
}

func within(root, p string) (string, bool) {
	rel, err := filepath.Rel(root, p)
	if err != nil || filepath.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// Resolve resolves every symbolic link of abs and returns the real path, which must lie
// inside the root. A path that does not exist is an fs.ErrNotExist error; a link loop or
// an unreadable directory on the way is returned as such.
func (r Root) Resolve(abs string) (string, error) {
	if r.real == "" {
		return "", ErrOutside
	}
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(r.abs, abs)
	}
	abs = filepath.Clean(abs)
	if _, inside := within(r.abs, abs); !inside {
		if _, inside := within(r.real, abs); !inside {
			return "", ErrOutside
		}
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", bare(err)
	}
	if _, inside := within(r.real, real); !inside {
		return "", ErrOutside
	}
	return real, nil
}

// Stat returns the information of the file or directory at abs, links resolved, when it
// lies inside the root.
func (r Root) Stat(abs string) (fs.FileInfo, error) {
	real, err := r.Resolve(abs)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(real)
	return info, bare(err)
}

// ReadFile reads the regular file at abs, which must lie inside the root, links resolved,
// and hold at most limit bytes.
func (r Root) ReadFile(abs string, limit int64) ([]byte, error) {
	data, whole, err := r.read(abs, limit)
	if err != nil {
		return nil, err
	}
	if !whole {
		return nil, fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, limit)
	}
	return data, nil
}

// ReadHead reads at most n bytes from the start of the regular file at abs, into buf when
// it is large enough, and reports whether that is the whole file.
func (r Root) ReadHead(abs string, n int, buf []byte) (head []byte, whole bool, err error) {
	f, info, err := r.open(abs)
	if err != nil {
		return nil, false, err
	}
	defer func() { _ = f.Close() }() // read-only
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	m, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, false, bare(err)
	}
	whole = m < n || info.Size() == int64(n)
	return buf[:m], whole, nil
}

// read reads up to limit bytes and reports whether the file ended within them.
func (r Root) read(abs string, limit int64) ([]byte, bool, error) {
	f, info, err := r.open(abs)
	if err != nil {
		return nil, false, err
	}
	defer func() { _ = f.Close() }() // read-only
	if info.Size() > limit {
		return nil, false, nil
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, false, bare(err)
	}
	if int64(len(data)) > limit {
		return nil, false, nil
	}
	return data, true, nil
}

// open opens a regular file inside the root for reading. The real path is opened without
// following a final link (a link swapped in after resolution fails) and without blocking
// (opening a named pipe for reading would wait for a writer); the opened file itself must
// be regular.
func (r Root) open(abs string) (*os.File, fs.FileInfo, error) {
	real, err := r.Resolve(abs)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(real, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, nil, bare(err)
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, nil, bare(err)
	}
	if !info.Mode().IsRegular() {
		_ = f.Close()
		return nil, nil, notRegular(info)
	}
	return f, info, nil
}

// ReadDir lists the directory at abs, which must lie inside the root, links resolved.
func (r Root) ReadDir(abs string) ([]fs.DirEntry, error) {
	real, err := r.Resolve(abs)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(real)
	if err != nil {
		return nil, bare(err)
	}
	if !info.IsDir() {
		return nil, ErrNotDirectory
	}
	entries, err := os.ReadDir(real)
	return entries, bare(err)
}

// notRegular describes what a non-regular file is.
func notRegular(info fs.FileInfo) error {
	m := info.Mode()
	what := "a special file"
	switch {
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	}
	return fmt.Errorf("%w: it is %s", ErrNotRegular, what)
}

// bare strips the absolute path from an fs error, which differs between machines and, for
// a link, would name its target.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// Describe phrases err for a message that follows the path the repository wrote:
// `file "d/p.json" resolves outside the repository`.
func Describe(err error) string {
	switch {
	case errors.Is(err, ErrOutside):
		return ErrOutside.Error()
	case errors.Is(err, ErrNotRegular):
		return err.Error()
	case errors.Is(err, ErrTooLarge), errors.Is(err, ErrNotDirectory):
		return err.Error()
	case errors.Is(err, fs.ErrNotExist):
		return "does not exist"
	}
	return "cannot be read: " + bare(err).Error()
}
