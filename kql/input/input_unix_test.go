//go:build unix

package input

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A named pipe without a writer is refused at once, not opened (which
// would block forever).
func TestFIFORefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, syscall.Mkfifo(p, 0o600))
	done := make(chan error, 1)
	go func() { _, err := ReadFile(p, 10); done <- err }()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, ErrNotReadable)
		assert.Contains(t, err.Error(), p+": is a named pipe (FIFO)")
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO without a writer blocked")
	}
}

func TestDevicesRefused(t *testing.T) {
	_, err := ReadFile("/dev/zero", 10)
	assert.ErrorIs(t, err, ErrNotReadable)
	assert.Contains(t, err.Error(), "/dev/zero: is a character device")
}

// The pipes of process substitution, /dev/fd/N, are read.
func TestFDPipe(t *testing.T) {
	if _, err := os.Stat("/dev/fd/0"); err != nil {
		t.Skip("no /dev/fd")
	}
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	go func() {
		fmt.Fprint(w, "piped data")
		w.Close()
	}()
	data, err := ReadFile(fmt.Sprintf("/dev/fd/%d", r.Fd()), 100)
	require.NoError(t, err)
	assert.Equal(t, "piped data", string(data))

	r2, w2, err := os.Pipe()
	require.NoError(t, err)
	defer r2.Close()
	go func() {
		fmt.Fprint(w2, "0123456789abc")
		w2.Close()
	}()
	_, err = ReadFile(fmt.Sprintf("/dev/fd/%d", r2.Fd()), 10)
	var tl *TooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Contains(t, err.Error(), "is larger than the limit of 10 bytes")
}
