package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// outDir is convert's output directory. Every file it writes lands inside
// it: relative paths that climb out are refused, and so are symbolic links
// inside it that lead out. Writes are atomic (a temporary file in the same
// directory, renamed over the target), and nothing is written over one of
// the inputs.
type outDir struct {
	path string // as given on the command line
	// root is the directory's real path (symbolic links resolved), or ""
	// until it exists.
	root string
	// inputs holds the real paths of the input files.
	inputs map[string]bool
	// realDirs caches the real paths of the input files' directories.
	realDirs map[string]string
}

// openOutDir checks the output directory path. It may be missing (it is
// created on the first write); it must not be a file.
func openOutDir(path string) (*outDir, error) {
	d := &outDir{path: path, inputs: map[string]bool{}, realDirs: map[string]string{}}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return d, nil
	case err != nil:
		return nil, fmt.Errorf("--out %s: %v", displayPath(path), describeFSError(path, err))
	case !fi.IsDir():
		return nil, fmt.Errorf("--out %s: not a directory", displayPath(path))
	}
	if d.root, err = realPath(path); err != nil {
		return nil, fmt.Errorf("--out %s: %v", displayPath(path), describeFSError(path, err))
	}
	return d, nil
}

// info returns the directory's FileInfo, or nil when it does not exist.
func (d *outDir) info() os.FileInfo {
	if d.root == "" {
		return nil
	}
	fi, err := os.Stat(d.root)
	if err != nil {
		return nil
	}
	return fi
}

// addInput records an input file, so that no output replaces it. The real
// path of each directory is resolved once: resolving every file's path
// component by component was a tenth of the time of a large conversion.
func (d *outDir) addInput(path string) {
	if fi, err := os.Lstat(path); err != nil || fi.Mode()&fs.ModeSymlink != 0 {
		if r, err := realPath(path); err == nil {
			d.inputs[r] = true
		}
		return
	}
	dir := filepath.Dir(path)
	rd, ok := d.realDirs[dir]
	if !ok {
		rd, _ = realPath(dir)
		d.realDirs[dir] = rd
	}
	if rd != "" {
		d.inputs[filepath.Join(rd, filepath.Base(path))] = true
	}
}

func realPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// display returns the path of rel in the output directory, for messages.
func (d *outDir) display(rel string) string { return filepath.Join(d.path, rel) }

// show is display for text output: quoted when the path holds a control
// character (see displayPath).
func (d *outDir) show(rel string) string { return displayPath(d.display(rel)) }

// checkRel refuses a relative output path that is absolute or climbs out,
// with either path separator (a name such as `..\x.yaml` is harmless here
// but escapes on Windows).
func checkRel(rel string) error {
	if rel == "" || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" || strings.HasPrefix(rel, `\`) {
		return fmt.Errorf("output path %q is not inside the output directory", rel)
	}
	for _, part := range strings.FieldsFunc(rel, func(r rune) bool { return r == '/' || r == '\\' }) {
		if part == ".." {
			return fmt.Errorf("output path %q would escape the output directory", rel)
		}
	}
	return nil
}

// target returns the real path that rel names in the output directory,
// creating the directories on the way when create is set. It fails when
// rel, or a symbolic link on the way, leads outside the directory, or
// when the target is one of the inputs.
func (d *outDir) target(rel string, create bool) (string, error) {
	if err := checkRel(rel); err != nil {
		return "", err
	}
	if d.root == "" {
		if !create {
			return "", fs.ErrNotExist
		}
		if err := os.MkdirAll(d.path, 0o755); err != nil {
			return "", fmt.Errorf("cannot create the output directory: %v", describeFSError(d.path, err))
		}
		r, err := realPath(d.path)
		if err != nil {
			return "", err
		}
		d.root = r
	}
	cur := d.root
	parts := strings.Split(filepath.Clean(rel), string(filepath.Separator))
	for i, part := range parts[:len(parts)-1] {
		p := filepath.Join(cur, part)
		shown := d.show(filepath.Join(parts[:i+1]...))
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if !create {
				return "", err
			}
			if err := os.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return "", fmt.Errorf("cannot create %s: %v", shown, describeFSError(p, err))
			}
			cur = p
		case err != nil:
			return "", fmt.Errorf("%s: %v", shown, describeFSError(p, err))
		case fi.Mode()&fs.ModeSymlink != 0:
			r, err := filepath.EvalSymlinks(p)
			if err != nil {
				return "", fmt.Errorf("%s: %v", shown, describeFSError(p, err))
			}
			if !within(d.root, r) {
				return "", fmt.Errorf("%s is a symbolic link to %s, outside the output directory: refusing to write through it", shown, displayPath(r))
			}
			if st, err := os.Stat(r); err != nil || !st.IsDir() {
				return "", fmt.Errorf("%s is not a directory", shown)
			}
			cur = r
		case fi.IsDir():
			cur = p
		default:
			return "", fmt.Errorf("%s exists and is not a directory", shown)
		}
	}
	t := filepath.Join(cur, parts[len(parts)-1])
	if fi, err := os.Lstat(t); err == nil && fi.IsDir() {
		return "", fmt.Errorf("%s is a directory", d.show(rel))
	}
	if r, err := filepath.EvalSymlinks(t); err == nil && d.inputs[r] {
		return "", fmt.Errorf("output %s is an input file: refusing to overwrite it", d.show(rel))
	}
	return t, nil
}

// within reports whether path is root or inside it; both are clean
// absolute paths.
func within(root, path string) bool {
	if path == root {
		return true
	}
	rel, err := filepath.Rel(root, path)
	return err == nil && filepath.IsLocal(rel)
}

// read returns the content of rel in the output directory.
func (d *outDir) read(rel string) ([]byte, error) {
	t, err := d.target(rel, false)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(t)
}

// pendingFile is an output written to a temporary file, waiting to be
// renamed over its target.
type pendingFile struct {
	tmp, target string
	rel         string
	created     bool // the target did not exist
}

// stage writes data to a temporary file beside the target of rel. It
// returns nil (and writes nothing) when the target already holds data.
func (d *outDir) stage(rel string, data []byte) (*pendingFile, error) {
	t, err := d.target(rel, true)
	if err != nil {
		return nil, err
	}
	old, err := os.ReadFile(t)
	if err == nil && bytes.Equal(old, data) {
		return nil, nil
	}
	created := err != nil
	tmp, err := writeTemp(t, data, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %v", d.show(rel), describeFSError(t, err))
	}
	return &pendingFile{tmp: tmp, target: t, rel: rel, created: created}, nil
}

// commit renames the staged file over its target.
func (p *pendingFile) commit() error {
	if err := os.Rename(p.tmp, p.target); err != nil {
		os.Remove(p.tmp)
		return err
	}
	return nil
}

// discard removes the staged file.
func (p *pendingFile) discard() { os.Remove(p.tmp) }

// writtenFile is an output a write created or changed.
type writtenFile struct {
	rel     string
	created bool
}

// writeFiles writes a group of outputs all or nothing: each is staged
// first, and only when all are staged are they renamed into place. It
// returns the files it created or changed.
func (d *outDir) writeFiles(outs []output) ([]writtenFile, error) {
	var staged []*pendingFile
	for _, o := range outs {
		p, err := d.stage(o.rel, o.data)
		if err != nil {
			for _, s := range staged {
				s.discard()
			}
			return nil, err
		}
		if p != nil {
			staged = append(staged, p)
		}
	}
	var done []writtenFile
	for i, p := range staged {
		if err := p.commit(); err != nil {
			for _, s := range staged[i+1:] {
				s.discard()
			}
			return done, fmt.Errorf("cannot write %s: %v", displayPath(p.target), describeFSError(p.target, err))
		}
		done = append(done, writtenFile{p.rel, p.created})
	}
	return done, nil
}

// cleanStaging removes the staging files (".X.yaml.kqlt-123") older than
// maxAge that runs which did not finish left in the output directory: a
// younger one may be a concurrent run's, and is left alone. It returns
// the files it removed. Symbolic links are not followed.
func (d *outDir) cleanStaging(maxAge time.Duration, now time.Time) []string {
	if d.root == "" {
		return nil
	}
	var removed []string
	_ = filepath.WalkDir(d.root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable folder: its files are not ours to judge
		}
		if e.IsDir() || !e.Type().IsRegular() || !isStagingName(e.Name()) {
			return nil
		}
		fi, err := e.Info()
		if err != nil || now.Sub(fi.ModTime()) < maxAge {
			return nil
		}
		if os.Remove(p) == nil {
			if rel, err := filepath.Rel(d.root, p); err == nil {
				removed = append(removed, rel)
			}
		}
		return nil
	})
	return removed
}

// files returns the files in the output directory that an earlier run may
// have written (YAML and JSON files, outside dot-directories), as paths
// relative to it, in lexical order.
func (d *outDir) files() ([]string, error) {
	if d.root == "" {
		return nil, nil
	}
	var out []string
	err := filepath.WalkDir(d.root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := e.Name()
		if e.IsDir() {
			if p != d.root && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") || !(isYAML(name) || strings.EqualFold(filepath.Ext(name), ".json")) {
			return nil
		}
		rel, err := filepath.Rel(d.root, p)
		if err != nil {
			return err
		}
		out = append(out, rel)
		return nil
	})
	return out, err
}
