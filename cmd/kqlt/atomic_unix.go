//go:build unix

package main

import (
	"os"
	"syscall"
)

// keepOwner gives the file path the owner and group of old, when the
// process may (root may; others may keep their own group); it is silent
// when it may not.
func keepOwner(path string, old os.FileInfo) {
	st, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	if fi, err := os.Lstat(path); err == nil {
		if cur, ok := fi.Sys().(*syscall.Stat_t); ok && cur.Uid == st.Uid && cur.Gid == st.Gid {
			return
		}
	}
	if os.Lchown(path, int(st.Uid), int(st.Gid)) != nil {
		_ = os.Lchown(path, -1, int(st.Gid)) // the group alone, if that is allowed
	}
}
