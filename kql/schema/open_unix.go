//go:build unix

package schema

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading without blocking: opening a named
// pipe that has no writer returns at once (and the caller refuses it).
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
