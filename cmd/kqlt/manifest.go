package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// manifestName is the file in convert's output directory that lists the
// files convert wrote there. Only those are ever deleted (--prune) or
// reported as orphaned (--check): everything else in the directory is the
// user's and is never touched. The outputs themselves keep their bytes.
const manifestName = ".kqlt-manifest.json"

// manifestVersion is the version of the manifest format.
const manifestVersion = 1

// The manifest format (version 1), documented in the README:
//
//	{
//	  "about": "Files written by kqlt convert. kqlt deletes or reports as orphaned only these; do not edit.",
//	  "version": 1,
//	  "files": [
//	    {"path": "AzureDiagnostics/X.yaml", "sha256": "<hex of the bytes kqlt wrote>"},
//	    ...
//	  ]
//	}
//
// Paths are relative to the output directory, with forward slashes, in
// lexical order; sha256 is the hash of the content convert last wrote (or
// found already there), so that a file changed by hand since is never
// deleted.
type manifest struct {
	About   string          `json:"about"`
	Version int             `json:"version"`
	Files   []manifestEntry `json:"files"`
}

type manifestEntry struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

const manifestAbout = "Files written by kqlt convert. kqlt deletes or reports as orphaned only these; do not edit."

// owned is the set of files convert owns in its output directory: path
// (relative, forward slashes) → the hash of what it wrote.
type owned map[string]string

func hashOf(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// loadManifest reads the manifest of the output directory. A missing
// manifest is an empty one (a directory written by an older kqlt, or by
// hand: its files are adopted as convert writes to them). A manifest that
// cannot be read is an error with its position.
func (d *outDir) loadManifest() (owned, bool, error) {
	if d.root == "" {
		return owned{}, false, nil
	}
	p := filepath.Join(d.root, manifestName)
	shown := d.show(manifestName)
	fi, err := os.Lstat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return owned{}, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("%s: %v", shown, describeFSError(p, err))
	case !fi.Mode().IsRegular():
		return nil, false, fmt.Errorf("%s: not a regular file", shown)
	case fi.Size() > 64<<20:
		return nil, false, fmt.Errorf("%s: %d bytes is too large for a manifest", shown, fi.Size())
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %v", shown, describeFSError(p, err))
	}
	var m manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, false, fmt.Errorf("%s: %s; delete it to start over (convert then adopts the outputs of the current inputs)", shown, jsonErrorText(data, dec, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false, fmt.Errorf("%s: text after the manifest; delete it to start over", shown)
	}
	if m.Version != manifestVersion {
		return nil, false, fmt.Errorf("%s: version %d; this kqlt reads version %d", shown, m.Version, manifestVersion)
	}
	set := owned{}
	for i, e := range m.Files {
		rel := filepath.FromSlash(e.Path)
		if err := checkRel(rel); err != nil || filepath.Clean(rel) != rel {
			return nil, false, fmt.Errorf("%s: files[%d]: path %q is not a clean path inside the output directory", shown, i, e.Path)
		}
		if len(e.SHA256) != 64 {
			return nil, false, fmt.Errorf("%s: files[%d]: sha256 %q is not a SHA-256 in hex", shown, i, e.SHA256)
		}
		set[e.Path] = e.SHA256
	}
	return set, true, nil
}

// jsonErrorText describes a JSON decoding error with its line and column.
func jsonErrorText(data []byte, dec *json.Decoder, err error) string {
	off := dec.InputOffset()
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset - 1 // the offset is after the byte in error
		if off < 0 {
			off = 0
		}
	case errors.As(err, &te):
		off = te.Offset
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Sprintf("%d:%d: not a kqlt manifest: %v", line, col, err)
}

// saveManifest writes the manifest atomically. An empty set removes a
// manifest there was, and writes none where there was none. It returns
// what it did to the file: "created", "changed", "deleted" or "".
func (d *outDir) saveManifest(set owned, existed bool) (string, error) {
	if len(set) == 0 && !existed {
		return "", nil
	}
	if d.root == "" {
		if _, err := d.target(manifestName, true); err != nil {
			return "", err
		}
	}
	p := filepath.Join(d.root, manifestName)
	if len(set) == 0 {
		if err := os.Remove(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return "", nil
			}
			return "", err
		}
		return "deleted", nil
	}
	m := manifest{About: manifestAbout, Version: manifestVersion, Files: []manifestEntry{}}
	for path, sum := range set {
		m.Files = append(m.Files, manifestEntry{Path: path, SHA256: sum})
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	buf, err := m.encode()
	if err != nil {
		return "", err
	}
	what := "created"
	if old, err := os.ReadFile(p); err == nil {
		if bytes.Equal(old, buf) {
			return "", nil
		}
		what = "changed"
	}
	return what, writeFileAtomic(p, buf)
}

// encode writes the manifest as JSON with one file a line, so that its
// diffs read well.
func (m *manifest) encode() ([]byte, error) {
	var b bytes.Buffer
	field := func(v any) error {
		data, err := json.Marshal(v)
		b.Write(data)
		return err
	}
	b.WriteString("{\n  \"about\": ")
	if err := field(m.About); err != nil {
		return nil, err
	}
	fmt.Fprintf(&b, ",\n  \"version\": %d,\n  \"files\": [", m.Version)
	for i, e := range m.Files {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		if err := field(e); err != nil {
			return nil, err
		}
	}
	if len(m.Files) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	return b.Bytes(), nil
}

// manifestKey is the manifest's name for the output rel.
func manifestKey(rel string) string { return filepath.ToSlash(filepath.Clean(rel)) }

// isStagingName reports whether name is that of a temporary file convert
// stages an output in before renaming it into place: ".X.yaml.kqlt-123".
func isStagingName(name string) bool {
	if !strings.HasPrefix(name, ".") {
		return false
	}
	i := strings.LastIndex(name, ".kqlt-")
	if i <= 1 {
		return false
	}
	digits := name[i+len(".kqlt-"):]
	if digits == "" {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
