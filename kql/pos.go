package kql

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in the source of a query: the byte offset plus one, so
// that the zero value, NoPos, means "no position". Nodes built by a rewrite
// rather than by the parser have no position, and the printer lays them out
// itself.
type Pos int

// NoPos is the zero Pos: the node or token was not read from source.
const NoPos Pos = 0

// IsValid reports whether p is a source position.
func (p Pos) IsValid() bool { return p > NoPos }

// Offset returns the 0-based byte offset of p, or -1 for NoPos.
func (p Pos) Offset() int { return int(p) - 1 }

// PosOf returns the Pos of a 0-based byte offset.
func PosOf(offset int) Pos { return Pos(offset + 1) }

// Position is a human-readable source location.
type Position struct {
	Offset int // 0-based byte offset
	Line   int // 1-based line number
	Column int // 1-based column, counted in bytes
}

// IsValid reports whether the position is known.
func (p Position) IsValid() bool { return p.Line > 0 }

func (p Position) String() string {
	if !p.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Column)
}

// lineIndex maps byte offsets to line and column numbers.
type lineIndex []int // offsets at which lines start; lineIndex[0] == 0

func newLineIndex(src string) lineIndex {
	lines := make(lineIndex, 1, 16+len(src)/40)
	// IndexByte, vectorized, rather than a loop over every byte: the
	// declaration grammars index the lines of every declaration they read.
	for i := 0; ; {
		n := strings.IndexByte(src[i:], '\n')
		if n < 0 {
			return lines
		}
		i += n + 1
		lines = append(lines, i)
	}
}

func (li lineIndex) position(offset int) Position {
	if offset < 0 {
		return Position{}
	}
	line := sort.Search(len(li), func(i int) bool { return li[i] > offset }) - 1
	return Position{Offset: offset, Line: line + 1, Column: offset - li[line] + 1}
}
