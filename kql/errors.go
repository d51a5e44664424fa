package kql

import (
	"fmt"
	"strings"
)

// Error is a syntax error found by Parse.
type Error struct {
	Pos Position // where the error was found
	Msg string   // what was expected and what was found instead

	src string // the query, for Snippet
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Snippet returns the source line of the error with a caret under the
// column, for display under the message:
//
//	| where x = = 1
//	            ^
func (e *Error) Snippet() string {
	if e.src == "" || !e.Pos.IsValid() {
		return ""
	}
	start := e.Pos.Offset - (e.Pos.Column - 1)
	if start < 0 || start > len(e.src) {
		return ""
	}
	end := strings.IndexByte(e.src[start:], '\n')
	if end < 0 {
		end = len(e.src)
	} else {
		end += start
	}
	line := strings.TrimRight(e.src[start:end], "\r")
	// Keep tabs under tabs so that the caret lines up in a terminal.
	var pad strings.Builder
	for i := 0; i < e.Pos.Column-1 && i < len(line); i++ {
		if line[i] == '\t' {
			pad.WriteByte('\t')
		} else if line[i]&0xC0 != 0x80 { // count UTF-8 characters, not bytes
			pad.WriteByte(' ')
		}
	}
	return fmt.Sprintf("%s\n%s^", line, pad.String())
}
