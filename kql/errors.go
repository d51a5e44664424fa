package kql

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is a syntax error found by Parse.
type Error struct {
	Pos Position // where the error was found
	Msg string   // what was expected and what was found instead

	src string // the query, for Snippet
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// snippetContext is how much of a long line Snippet shows on each side of
// the error, in bytes: a one-line query of a megabyte gives a snippet of
// about 200 characters, not the megabyte.
const snippetContext = 100

// Snippet returns the source line of the error with a caret under the
// column, for display under the message:
//
//	| where x = = 1
//	            ^
//
// A line longer than about 200 characters is cut to the 100 or so on each
// side of the error, with "…" where it was cut.
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
	col := e.Pos.Column - 1 // bytes before the error in line
	prefix, suffix := "", ""
	if len(line) > 2*snippetContext+40 {
		from, to := max(0, col-snippetContext), min(len(line), col+snippetContext)
		for from > 0 && !utf8.RuneStart(line[from]) {
			from--
		}
		for to < len(line) && !utf8.RuneStart(line[to]) {
			to++
		}
		if from > 0 {
			prefix = "…"
		}
		if to < len(line) {
			suffix = "…"
		}
		line, col = line[from:to], col-from
	}
	// Keep tabs under tabs so that the caret lines up in a terminal.
	var pad strings.Builder
	if prefix != "" {
		pad.WriteByte(' ')
	}
	for i := 0; i < col && i < len(line); i++ {
		if line[i] == '\t' {
			pad.WriteByte('\t')
		} else if line[i]&0xC0 != 0x80 { // count UTF-8 characters, not bytes
			pad.WriteByte(' ')
		}
	}
	return fmt.Sprintf("%s%s%s\n%s^", prefix, line, suffix, pad.String())
}
