package rules

import (
	"fmt"
	"strconv"
)

// Position is a location in a rule file.
type Position struct {
	Offset int // 0-based byte offset in the file (a UTF-8 BOM counts)
	Line   int // 1-based line number
	Column int // 1-based column, counted in bytes
}

// IsValid reports whether the position is known.
func (p Position) IsValid() bool { return p.Line > 0 }

// String returns "line:column", or "-" for an unknown position.
func (p Position) String() string {
	if !p.IsValid() {
		return "-"
	}
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

// Error is the error type of this package: a problem with a file, a place in
// it and, when it is about one field, the field's path.
type Error struct {
	File  string   // file name as given to Parse or Load
	Pos   Position // where; Line is at least 1
	Field string   // field path such as "entityMappings[0].entityType", or ""
	Msg   string
	Err   error // the underlying error, such as a *kql.Error for a query that does not parse, or nil
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	s := e.File
	if e.Pos.IsValid() {
		s += ":" + e.Pos.String()
	}
	s += ": "
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Msg
}

func (f *File) errorf(pos Position, field, format string, args ...any) *Error {
	if !pos.IsValid() {
		pos = f.position(f.bodyStart())
	}
	return &Error{File: f.name, Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...)}
}
