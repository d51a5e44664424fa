// Package input opens and reads the files kqlt is given, so that no input
// can block forever or exhaust memory: it checks what a path is before
// opening it, opens it without blocking, and reads at most a given number
// of bytes.
//
// Regular files are read. So are the pipes a shell passes as named inputs:
// standard input as /dev/stdin, and /dev/fd/N or /proc/self/fd/N, which is
// what process substitution gives (--table T=<(zcat events.jsonl.gz)).
// Everything else is refused with an error that says what it is:
// directories, named pipes (FIFOs: opening one for reading blocks until a
// writer comes, forever if none does), devices (/dev/zero never ends,
// /dev/tty waits for typing) and sockets.
package input

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strings"
)

// Default size limits of the inputs of kqlt.
const (
	MaxRuleSize = 1 << 20  // a rule file: Sentinel rules are below 20 KiB (same as rules.MaxFileSize)
	MaxMetaSize = 16 << 20 // a profile, schema or test-case file
	MaxDataSize = 1 << 30  // a sample-data file (kqlt test --table), or data on standard input
)

// Error is a problem with one named input.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// TooLargeError is the error of an input larger than its limit.
type TooLargeError struct {
	Size int64 // the size when known (a regular file), else -1: the input did not end within Max bytes
	Max  int64
}

func (e *TooLargeError) Error() string {
	if e.Size >= 0 {
		return fmt.Sprintf("is %d bytes, more than the limit of %s", e.Size, FormatSize(e.Max))
	}
	return fmt.Sprintf("is larger than the limit of %s", FormatSize(e.Max))
}

// ErrNotReadable is the error (wrapped in an *Error) for a path that is not
// a regular file or a standard-input pipe; its message says what it is.
var ErrNotReadable = errors.New("not a regular file")

type notReadable struct{ what string }

func (e *notReadable) Error() string { return e.what }
func (e *notReadable) Is(target error) bool {
	return target == ErrNotReadable
}

// stdinPath matches the names of inherited descriptors: /dev/stdin,
// /dev/fd/N and /proc/self/fd/N.
var stdinPath = regexp.MustCompile(`^(/dev/stdin|/dev/fd/[0-9]+|/proc/self/fd/[0-9]+)$`)

// IsStdinPath reports whether path names an inherited descriptor
// (/dev/stdin, /dev/fd/N, /proc/self/fd/N), whose pipe Open reads.
func IsStdinPath(path string) bool { return stdinPath.MatchString(path) }

// Check says why a file of mode m (from os.Stat) at path cannot be read,
// or returns nil: regular files and standard-input pipes can.
func Check(path string, m fs.FileMode) error { return check(path, m) }

// check says why a file of mode m at path cannot be read, or returns nil.
func check(path string, m fs.FileMode) error {
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return &notReadable{"is a directory"}
	case m&fs.ModeNamedPipe != 0:
		if IsStdinPath(path) {
			return nil
		}
		return &notReadable{"is a named pipe (FIFO), which could block forever; only regular files and the pipes of /dev/stdin and /dev/fd/N are read"}
	case m&fs.ModeSocket != 0:
		if IsStdinPath(path) {
			return nil
		}
		return &notReadable{"is a socket; only regular files and the pipes of /dev/stdin and /dev/fd/N are read"}
	case m&fs.ModeCharDevice != 0:
		return &notReadable{"is a character device (such as /dev/zero or a terminal); only regular files and pipes are read"}
	case m&fs.ModeDevice != 0:
		return &notReadable{"is a block device; only regular files and pipes are read"}
	}
	return &notReadable{"is not a regular file"}
}

// File is an open input.
type File struct {
	*os.File
	// Size is the size of a regular file, or -1 for a pipe.
	Size int64
}

// Open opens a named input for reading after checking that it is a
// regular file or a standard-input pipe (see the package documentation).
// It never blocks: the file is opened non-blocking, and checked again once
// open in case it changed in between. Errors are *Error values.
func Open(path string) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &Error{path, unwrapPath(err)}
	}
	if err := check(path, fi.Mode()); err != nil {
		return nil, &Error{path, err}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, &Error{path, unwrapPath(err)}
	}
	fi, err = f.Stat()
	if err == nil {
		err = check(path, fi.Mode())
	}
	if err != nil {
		f.Close()
		return nil, &Error{path, unwrapPath(err)}
	}
	size := int64(-1)
	if fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return &File{File: f, Size: size}, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadFile reads a named input (see Open) whole, refusing more than max
// bytes: a regular file larger than max before reading it, a pipe as soon
// as it passes max. Errors are *Error values; an input over the limit has
// a *TooLargeError.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if f.Size > max {
		return nil, &Error{path, &TooLargeError{Size: f.Size, Max: max}}
	}
	data, err := ReadAll(f, max)
	if err != nil {
		return nil, &Error{path, err}
	}
	return data, nil
}

// ReadAll reads r to the end, failing with a *TooLargeError when it holds
// more than max bytes.
func ReadAll(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, unwrapPath(err)
	}
	if int64(len(data)) > max {
		return nil, &TooLargeError{Size: -1, Max: max}
	}
	return data, nil
}

// LimitReader returns a reader of r that fails with a *TooLargeError once
// more than max bytes have been read.
func LimitReader(r io.Reader, max int64) io.Reader { return &limitReader{r: r, left: max, max: max} }

type limitReader struct {
	r    io.Reader
	left int64
	max  int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &TooLargeError{Size: -1, Max: l.max}
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		n += int(l.left) // keep exactly max bytes
		return n, &TooLargeError{Size: -1, Max: l.max}
	}
	return n, err
}

// FormatSize writes a byte count for a message: "16 MiB", "1 GiB", or
// bytes when it is not a whole number of KiB.
func FormatSize(n int64) string {
	for _, u := range []struct {
		unit string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.unit)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// ParseSize parses a size for a command-line flag: a number of bytes with
// an optional unit, K/KB/KiB, M/MB/MiB, G/GB/GiB (all powers of 1024), such
// as 512MiB or 2G.
func ParseSize(s string) (int64, error) {
	m := sizeRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a size such as 16MiB, 512M or 1G", s)
	}
	var n int64
	if _, err := fmt.Sscan(m[1], &n); err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a positive size", s)
	}
	shift := map[string]uint{"": 0, "b": 0, "k": 10, "m": 20, "g": 30, "t": 40}[strings.ToLower(m[2])]
	if n > (1<<62)>>shift {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return n << shift, nil
}

var sizeRE = regexp.MustCompile(`^\s*([0-9]+)\s*(?i:([bkmgt])(?:i?b)?)?\s*$`)
