package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	inputs "github.com/kqlt/kqlt/kql/input"
)

// input is a file found under a PATH argument.
type input struct {
	path string // the file's path as the user wrote it, joined with its path under PATH
	rel  string // its path relative to PATH (its base name for a file PATH), in the OS's form
	err  error  // why the file (or directory) cannot be read; path is then what failed
}

// walker finds the files under the PATH arguments of a command.
type walker struct {
	// match selects the files of a directory walk by name; a file named
	// on the command line is taken whatever its name.
	match func(name string) bool
	// skip is a directory not to walk into (convert's output directory);
	// nil for none.
	skip os.FileInfo
}

// isYAML reports whether name is a YAML file name.
func isYAML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// isKQL reports whether name is a KQL file name.
func isKQL(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".kql" || ext == ".csl"
}

// walk returns the files under paths, in the order of paths and, within a
// directory, in lexical order. Directories are walked recursively, following
// symbolic links to directories; directories whose name starts with a dot
// (.git, .github) are skipped. Problems — a path that does not exist, an
// unreadable directory, a symlink loop, a broken symlink to a matching name,
// something that is not a regular file — come back as inputs with an error,
// in place, so that the caller reports them and goes on.
func (w *walker) walk(paths []string) []input {
	var out []input
	seen := map[[2]string]bool{}
	add := func(in input) {
		key := [2]string{filepath.Clean(in.path), in.rel}
		if in.err == nil && seen[key] {
			return // the same file given twice
		}
		seen[key] = true
		out = append(out, in)
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			add(input{path: p, err: describeFSError(p, err)})
		case fi.IsDir():
			w.walkDir(p, "", []os.FileInfo{fi}, add)
		case fi.Mode().IsRegular() || inputs.IsStdinPath(p) && !fi.IsDir():
			// A standard-input pipe (/dev/fd/N) named on the command line
			// is read too; readInput says what else it could be.
			add(input{path: p, rel: filepath.Base(p)})
		default:
			add(input{path: p, err: notRegular(p, fi)})
		}
	}
	return out
}

// notRegular says what a path that is not a regular file is.
func notRegular(path string, fi os.FileInfo) error {
	if err := inputs.Check(path, fi.Mode()); err != nil {
		return err
	}
	return errNotRegular
}

var errNotRegular = errors.New("not a regular file")

func (w *walker) walkDir(dir, rel string, ancestors []os.FileInfo, add func(input)) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		add(input{path: dir, err: describeFSError(dir, err)})
	}
	for _, e := range entries {
		name := e.Name()
		p, r := filepath.Join(dir, name), filepath.Join(rel, name)
		typ := e.Type()
		if typ&fs.ModeSymlink != 0 {
			fi, err := os.Stat(p)
			if err != nil {
				// A dangling link is worth a word when it looks like
				// a file we want; a loop always is.
				if w.match(name) || errors.Is(err, syscall.ELOOP) {
					add(input{path: p, err: describeFSError(p, err)})
				}
				continue
			}
			if fi.IsDir() {
				if strings.HasPrefix(name, ".") || w.isSkipped(fi) {
					continue
				}
				if loopsTo(fi, ancestors) {
					target, _ := os.Readlink(p)
					add(input{path: p, err: errors.New("symlink loop: it points to " + displayPath(target) + ", a directory that contains it")})
					continue
				}
				w.walkDir(p, r, append(ancestors[:len(ancestors):len(ancestors)], fi), add)
				continue
			}
			typ = fi.Mode().Type()
		}
		switch {
		case typ.IsDir():
			if strings.HasPrefix(name, ".") {
				continue
			}
			fi, err := e.Info()
			if err != nil {
				add(input{path: p, err: describeFSError(p, err)})
				continue
			}
			if w.isSkipped(fi) {
				continue
			}
			w.walkDir(p, r, append(ancestors[:len(ancestors):len(ancestors)], fi), add)
		case !w.match(name) || name == configName:
			// kqlt's own configuration is not an input.
		case typ.IsRegular():
			add(input{path: p, rel: r})
		default:
			fi, err := e.Info()
			if err != nil {
				add(input{path: p, err: describeFSError(p, err)})
				continue
			}
			add(input{path: p, err: notRegular(p, fi)})
		}
	}
}

func (w *walker) isSkipped(fi os.FileInfo) bool {
	return w.skip != nil && os.SameFile(fi, w.skip)
}

func loopsTo(fi os.FileInfo, ancestors []os.FileInfo) bool {
	for _, a := range ancestors {
		if os.SameFile(fi, a) {
			return true
		}
	}
	return false
}

// describeFSError turns a file system error about path into a short
// message: the path is printed beside it.
func describeFSError(path string, err error) error {
	err = describeInputError(err)
	switch {
	case errors.Is(err, syscall.ELOOP):
		return errors.New("symlink loop")
	case errors.Is(err, fs.ErrNotExist):
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			return errors.New("broken symlink to " + displayPath(target))
		}
		return errors.New("no such file or directory")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
