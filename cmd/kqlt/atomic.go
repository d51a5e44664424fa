package main

import (
	"os"
	"path/filepath"
)

// writeFileAtomic writes data to path through a temporary file in the same
// directory, renamed over path, so that readers see the old or the new
// content and never a part. A symbolic link is written through: the file
// it leads to gets the new content and the link stays a link. An existing
// file keeps its permissions (setuid, setgid and sticky bits included)
// and, when the process is allowed to set them, its owner and group.
func writeFileAtomic(path string, data []byte) error {
	target := path
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		t, err := filepath.EvalSymlinks(path)
		if err != nil {
			return err
		}
		target = t
	}
	mode := os.FileMode(0o644)
	old, statErr := os.Stat(target)
	if statErr == nil {
		mode = old.Mode() & (os.ModePerm | os.ModeSetuid | os.ModeSetgid | os.ModeSticky)
	}
	tmp, err := writeTemp(target, data, mode.Perm())
	if err != nil {
		return err
	}
	if statErr == nil {
		// The owner first: changing it clears the setuid and setgid bits.
		keepOwner(tmp, old)
		if mode != mode.Perm() {
			err = os.Chmod(tmp, mode)
		}
	}
	if err == nil {
		err = os.Rename(tmp, target)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// writeTemp writes data, synced to disk, to a new temporary file beside
// path, ready to be renamed over it, and returns its name. On error nothing
// is left behind.
func writeTemp(path string, data []byte, mode os.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".kqlt-*")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), mode)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
