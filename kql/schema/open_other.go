//go:build !unix

package schema

import "os"

// openNonBlocking opens path for reading. The caller has checked that it
// is a regular file.
func openNonBlocking(path string) (*os.File, error) {
	return os.Open(path)
}
