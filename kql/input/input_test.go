package input

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.txt")
	require.NoError(t, os.WriteFile(p, []byte("hello"), 0o644))
	data, err := ReadFile(p, 5)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(data))

	_, err = ReadFile(p, 4)
	var tl *TooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, p+": is 5 bytes, more than the limit of 4 bytes", err.Error())

	_, err = ReadFile(dir, 10)
	assert.ErrorIs(t, err, ErrNotReadable)
	assert.Equal(t, dir+": is a directory", err.Error())

	_, err = ReadFile(filepath.Join(dir, "missing"), 10)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.Equal(t, filepath.Join(dir, "missing")+": no such file or directory", err.Error())
}

func TestLimitReader(t *testing.T) {
	for _, tc := range []struct {
		in  string
		max int64
		ok  bool
	}{{"", 0, true}, {"abc", 3, true}, {"abcd", 3, false}, {strings.Repeat("x", 100000), 99999, false}, {strings.Repeat("x", 100000), 100000, true}} {
		data, err := io.ReadAll(LimitReader(strings.NewReader(tc.in), tc.max))
		if tc.ok {
			require.NoError(t, err)
			assert.Equal(t, tc.in, string(data))
			continue
		}
		var tl *TooLargeError
		require.ErrorAs(t, err, &tl, "%d bytes, max %d", len(tc.in), tc.max)
		assert.Equal(t, int(tc.max), len(data))
		_, err = ReadAll(strings.NewReader(tc.in), tc.max)
		require.ErrorAs(t, err, &tl)
	}
}

func TestSizes(t *testing.T) {
	for in, want := range map[string]int64{"1": 1, "16MiB": 16 << 20, "512M": 512 << 20, "1G": 1 << 30, "2gb": 2 << 30, "64 KiB": 64 << 10, "10b": 10} {
		got, err := ParseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "0", "-1", "1.5G", "1X", "99999999999T"} {
		_, err := ParseSize(in)
		assert.Error(t, err, in)
	}
	assert.Equal(t, "16 MiB", FormatSize(16<<20))
	assert.Equal(t, "1 GiB", FormatSize(1<<30))
	assert.Equal(t, "1000 bytes", FormatSize(1000))
}

func TestIsStdinPath(t *testing.T) {
	for _, p := range []string{"/dev/stdin", "/dev/fd/0", "/dev/fd/63", "/proc/self/fd/12"} {
		assert.True(t, IsStdinPath(p), p)
	}
	for _, p := range []string{"/dev/fd", "/dev/fd/x", "/dev/zero", "fifo", "/tmp/dev/fd/3"} {
		assert.False(t, IsStdinPath(p), p)
	}
}

func TestNotReadableIs(t *testing.T) {
	err := &Error{"x", &notReadable{"is a socket"}}
	assert.True(t, errors.Is(err, ErrNotReadable))
}
