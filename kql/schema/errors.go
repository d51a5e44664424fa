package schema

import (
	"bytes"
	"fmt"
	"strconv"
)

// Position is a place in a schema file.
type Position struct {
	File   string // the file name as given to Load or Parse
	Line   int    // 1-based line number; 0 when the place is the whole file
	Column int    // 1-based column, counted in bytes
}

// IsValid reports whether the position names a line.
func (p Position) IsValid() bool { return p.Line > 0 }

// String returns "file:line:col", or "file" when the line is unknown.
func (p Position) String() string {
	if !p.IsValid() {
		return p.File
	}
	return p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

// Error is the error of a schema file that cannot be loaded: it is not
// readable, not JSON, has the wrong shape or names an unknown type.
type Error struct {
	Pos Position
	// Path is the JSON path of the value at fault, such as
	// $.Properties[3].Type or $["AzureDiagnostics"]["Level"], or "" for
	// errors that are not about one value (syntax, reading).
	Path string
	Msg  string
	Err  error // the underlying error (from the file system), or nil
}

func (e *Error) Error() string {
	s := e.Pos.String() + ": "
	if e.Path != "" {
		s += e.Path + ": "
	}
	return s + e.Msg
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Warning is a problem that does not stop a schema file from loading, such
// as a column listed twice or a CustomTables file whose table name is not
// its file name.
type Warning struct {
	Pos  Position
	Path string // JSON path, as in Error
	Msg  string
}

// String returns "file:line:col: path: message".
func (w Warning) String() string {
	s := w.Pos.String() + ": "
	if w.Path != "" {
		s += w.Path + ": "
	}
	return s + w.Msg
}

// lineIndex converts byte offsets of one file to positions.
type lineIndex struct {
	name   string
	starts []int // offset of the first byte of each line
}

func newLineIndex(name string, data []byte) *lineIndex {
	li := &lineIndex{name: name, starts: []int{0}}
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		li.starts = append(li.starts, i)
	}
	return li
}

func (li *lineIndex) pos(off int) Position {
	lo, hi := 0, len(li.starts)
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if li.starts[m] <= off {
			lo = m
		} else {
			hi = m
		}
	}
	return Position{File: li.name, Line: lo + 1, Column: off - li.starts[lo] + 1}
}

// jsonPath builds the JSON path of a value for messages.
type jsonPath []string

func (p jsonPath) String() string {
	if len(p) == 0 {
		return "$"
	}
	var b bytes.Buffer
	b.WriteByte('$')
	for _, e := range p {
		b.WriteString(e)
	}
	return b.String()
}

// key returns p with an object member appended: .Name for identifiers,
// ["odd name"] for others.
func (p jsonPath) key(k string) jsonPath {
	q := append(p[:len(p):len(p)], "")
	if isIdent(k) {
		q[len(p)] = "." + k
	} else {
		q[len(p)] = "[" + strconv.Quote(k) + "]"
	}
	return q
}

func (p jsonPath) index(i int) jsonPath {
	return append(p[:len(p):len(p)], fmt.Sprintf("[%d]", i))
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
