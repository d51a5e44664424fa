//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFmtWriteThroughSymlink: fmt -w on a symbolic link formats the file it
// leads to and leaves the link a link.
func TestFmtWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "rules", "q.kql")
	require.NoError(t, os.MkdirAll(filepath.Dir(real), 0o755))
	require.NoError(t, os.WriteFile(real, []byte("T|take 1\n"), 0o640))
	link := filepath.Join(dir, "q.kql")
	require.NoError(t, os.Symlink(filepath.Join("rules", "q.kql"), link))

	var stdout, stderr bytes.Buffer
	code := newApp(nil, &stdout, &stderr, func(string) string { return "" }).run([]string{"fmt", "-w", link})
	require.Equal(t, 0, code, stderr.String())

	fi, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeSymlink, "the link stays a link")
	data, err := os.ReadFile(real)
	require.NoError(t, err)
	assert.Equal(t, "T\n| take 1\n", string(data))
	fi, err = os.Stat(real)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), fi.Mode().Perm())
	entries, err := os.ReadDir(filepath.Dir(real))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left")
}

// TestWriteFileAtomicKeepsOwnerAndBits: the owner and group (when the
// process may set them) and the setgid bit survive a rewrite.
func TestWriteFileAtomicKeepsOwnerAndBits(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "q.kql")
	require.NoError(t, os.WriteFile(p, []byte("old"), 0o644))
	require.NoError(t, os.Chmod(p, 0o644|os.ModeSetgid))
	uid, gid := os.Getuid(), os.Getgid()
	if os.Geteuid() == 0 {
		uid, gid = 12345, 23456
		require.NoError(t, os.Chown(p, uid, gid))
		require.NoError(t, os.Chmod(p, 0o644|os.ModeSetgid)) // chown clears it
	}
	require.NoError(t, writeFileAtomic(p, []byte("new")))
	fi, err := os.Stat(p)
	require.NoError(t, err)
	st := fi.Sys().(*syscall.Stat_t)
	assert.Equal(t, uid, int(st.Uid))
	assert.Equal(t, gid, int(st.Gid))
	assert.Equal(t, 0o644|os.ModeSetgid, fi.Mode()&(os.ModePerm|os.ModeSetgid|os.ModeSetuid))
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "new", string(data))
}
