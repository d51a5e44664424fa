package rules

import (
	"sort"
	"unicode/utf8"
)

// lineIndex records where lines start, breaking lines exactly where
// gopkg.in/yaml.v3 does: at CRLF (one break), CR, LF, NEL (U+0085), LS
// (U+2028) and PS (U+2029). yaml.v3 reports node positions as a line and a
// column counted in characters; this index turns them into byte offsets.
type lineIndex struct {
	starts []int // byte offset at which each line starts; starts[0] is the body start
}

func newLineIndex(src []byte, bodyStart int) lineIndex {
	starts := make([]int, 1, 16+len(src)/40)
	starts[0] = bodyStart
	for i := bodyStart; i < len(src); {
		if n := breakLen(src, i); n > 0 {
			i += n
			starts = append(starts, i)
			continue
		}
		i++
	}
	return lineIndex{starts: starts}
}

// breakLen returns the length in bytes of the line break at src[i], or 0.
func breakLen(src []byte, i int) int {
	switch c := src[i]; {
	case c == '\n':
		return 1
	case c == '\r':
		if i+1 < len(src) && src[i+1] == '\n' {
			return 2
		}
		return 1
	case c == 0xC2:
		if i+1 < len(src) && src[i+1] == 0x85 {
			return 2
		}
	case c == 0xE2:
		if i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9) {
			return 3
		}
	}
	return 0
}

// lineOf returns the 0-based line holding offset.
func (li lineIndex) lineOf(offset int) int {
	return sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > offset }) - 1
}

// position converts a byte offset to a Position (byte columns).
func (li lineIndex) position(offset int) Position {
	if offset < 0 {
		return Position{}
	}
	line := li.lineOf(offset)
	if line < 0 {
		line = 0
	}
	return Position{Offset: offset, Line: line + 1, Column: offset - li.starts[line] + 1}
}

// offsetOf converts yaml.v3's 1-based line and character column to a byte
// offset. It returns -1 when the position is outside the text.
func (li lineIndex) offsetOf(src []byte, line, col int) int {
	if line < 1 || line > len(li.starts) || col < 1 {
		return -1
	}
	off := li.starts[line-1]
	for c := 1; c < col; c++ {
		if off >= len(src) {
			return -1
		}
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	return off
}

// lineStart returns the offset at which the line holding offset starts.
func (li lineIndex) lineStart(offset int) int { return li.starts[max(li.lineOf(offset), 0)] }

// lineEnd returns the offset of the line break ending the line that holds
// offset (or len(src)), and the offset after that break.
func lineEnd(src []byte, offset int) (brk, next int) {
	for i := offset; i < len(src); i++ {
		if n := breakLen(src, i); n > 0 {
			return i, i + n
		}
	}
	return len(src), len(src)
}
