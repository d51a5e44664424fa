package schema

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kqlt/kqlt/kql/input"
	"github.com/kqlt/kqlt/kql/types"
)

// MaxFileSize is the largest schema file a Loader reads unless told
// otherwise: 16 MiB.
const MaxFileSize = 16 << 20

// A Loader loads schema files into a Set. The zero Loader layers the files
// on nothing; set Base to Default() to layer them on the built-in Sentinel
// schema, as Load does.
type Loader struct {
	// Base is the database the files are layered on, or nil.
	Base types.Database
	// Dir is the directory relative paths are resolved against; "" is
	// the current directory. A configuration file's schema paths are
	// relative to the file's directory.
	Dir string
	// MaxFileSize is the largest schema file read; 0 means MaxFileSize.
	MaxFileSize int64
}

// Load reads schema files and folders and layers them on l.Base in the
// order given (see Set). A path is one of:
//
//   - a table map, the format of the official analysis's schema files:
//     {"Table": {"Column": "type", ...}, ...}; a table may say
//     "$open": true, and other keys starting with $ are ignored;
//   - an Azure-Sentinel CustomTables file:
//     {"Name": "T", "Properties": [{"Name": "C", "Type": "String"}, ...]};
//     the inner Name names the table;
//   - an Azure-Sentinel CustomFunctions file: {"FunctionName": "F",
//     "FunctionParameters": [...], "FunctionResultColumns": [...]};
//   - a folder, walked in lexical order for files ending in .json.
//
// Keys of the Azure-Sentinel formats are matched in any case, and types
// may be KQL or .NET names (see ParseType). Tables read from files are
// closed unless they say "$open": true.
//
// Load reports problems that do not stop a file from loading as
// warnings: a column listed twice, a CustomTables file whose table name is
// not its file name, a function defined twice. A file that cannot be read,
// is not JSON, has the wrong shape or names an unknown type is an error (an
// *Error naming the file and the place; the errors of several files are
// joined); Load then returns a nil Set.
//
// Only regular files are read: a named pipe, a device or a socket is
// refused without being opened for reading, and files larger than
// MaxFileSize are refused.
func (l *Loader) Load(paths ...string) (*Set, []Warning, error) {
	b := newBuilder(l.Base)
	var errs []error
	for _, p := range paths {
		if p == "" {
			errs = append(errs, &Error{Msg: "empty schema path"})
			continue
		}
		if l.Dir != "" && !filepath.IsAbs(p) {
			p = filepath.Join(l.Dir, p)
		}
		errs = append(errs, l.loadPath(b, p)...)
	}
	if len(errs) > 0 {
		return nil, b.warnings, errors.Join(errs...)
	}
	return b.set, b.warnings, nil
}

// Load loads schema files and folders on top of the built-in schema
// (Default); see Loader.Load.
func Load(paths ...string) (*Set, []Warning, error) {
	return (&Loader{Base: Default()}).Load(paths...)
}

// Parse decodes the content of one schema file (in any of the formats of
// Loader.Load) into a Set of its own. name is used in positions and, for
// a CustomTables file, to check the table name.
func Parse(name string, data []byte) (*Set, []Warning, error) {
	l, warns, err := decodeFile(name, data)
	if err != nil {
		return nil, warns, err
	}
	b := newBuilder(nil)
	b.add(l)
	return b.set, append(warns, b.warnings...), nil
}

func (l *Loader) loadPath(b *builder, path string) []error {
	fi, err := os.Stat(path)
	if err != nil {
		return []error{fsError(path, err)}
	}
	if !fi.IsDir() {
		return l.loadFile(b, path)
	}
	var errs []error
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, fsError(p, err))
			if d != nil && d.IsDir() && p != path {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".json") {
			return nil
		}
		fi, err := os.Stat(p) // follows a symbolic link
		if err != nil {
			errs = append(errs, fsError(p, err))
			return nil
		}
		if fi.IsDir() {
			return nil
		}
		errs = append(errs, l.loadFile(b, p)...)
		return nil
	})
	if err != nil {
		errs = append(errs, fsError(path, err))
	}
	return errs
}

func (l *Loader) loadFile(b *builder, path string) []error {
	data, err := l.read(path)
	if err != nil {
		return []error{err}
	}
	layer, warns, err := decodeFile(path, data)
	b.warnings = append(b.warnings, warns...)
	if err != nil {
		return []error{err}
	}
	b.add(layer)
	return nil
}

// read reads a schema file of at most l.MaxFileSize bytes through
// package input, which checks what the path is before opening it and opens
// it without blocking: a named pipe or a device is refused at once, never
// read forever.
func (l *Loader) read(path string) ([]byte, error) {
	max := l.MaxFileSize
	if max <= 0 {
		max = MaxFileSize
	}
	data, err := input.ReadFile(path, max)
	if err != nil {
		var ie *input.Error
		if errors.As(err, &ie) {
			err = ie.Err
		}
		return nil, &Error{Pos: Position{File: path}, Msg: err.Error()}
	}
	return data, nil
}

// fsError describes a file system error for the file path.
func fsError(path string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		msg = "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		msg = "permission denied"
	}
	return &Error{Pos: Position{File: path}, Msg: msg, Err: err}
}
