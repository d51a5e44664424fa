package kql

import "math/bits"

// wordTable is a fixed set of words with a small value each (a token id),
// looked up by open addressing. The parser looks up every word it meets
// that does not start with a capital (tokenid.go), and the printer checks
// every name it writes (IsIdent): a Go map's string hashing was a tenth of
// the parser's time, and a table of strings hashed on three bytes, whose
// comparisons call memequal, still took 65 instructions a lookup.
//
// So a slot keeps a word's first eight bytes as a number (key, see
// wordKey) with its length: a word of up to eight bytes, most keywords,
// is found or missed by comparing numbers; a longer one compares its rest
// too. The hash is of the key and the length.
type wordTable struct {
	slots []wordSlot
	rests string // the bytes after the first eight of the longer words
	shift uint8  // 64 - log2(len(slots))
}

// wordSlot is a word of a wordTable: n == 0 for an empty slot.
type wordSlot struct {
	key   uint64 // the first 8 bytes of the word (wordKey)
	rest  uint32 // the offset in rests of the bytes after the first 8
	value uint16
	n     uint8 // the length of the word
}

// maxTableWordLen bounds the length of a word in a table (n is a byte).
const maxTableWordLen = 255

// wordKey returns the first 8 bytes of w as a little-endian number, the
// missing bytes of a shorter word zero.
func wordKey(w string) uint64 {
	if len(w) >= 8 {
		// One load, which the compiler makes of the eight bytes.
		return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
	}
	var k uint64
	for i := len(w) - 1; i >= 0; i-- {
		k = k<<8 | uint64(w[i])
	}
	return k
}

func (t *wordTable) slot(key uint64, n int) uint64 {
	return ((key + uint64(n)) * wordHashMul) >> t.shift
}

// wordHashMul is the multiplier of the table's hash (Fibonacci hashing).
const wordHashMul = 0x9E3779B97F4A7C15

// newWordTable returns a table of the words of values, at most a third
// full.
func newWordTable(values map[string]uint16) *wordTable {
	size := 16
	for size < 3*len(values) {
		size *= 2
	}
	return newWordTableIn(make([]wordSlot, size), values)
}

// newWordTableIn returns a table of the words of values in slots, whose
// length is a power of two at least three times their number.
func newWordTableIn(slots []wordSlot, values map[string]uint16) *wordTable {
	size := len(slots)
	if size < 3*len(values) || size&(size-1) != 0 {
		panic("kql: a word table's slots are too few or not a power of two")
	}
	t := &wordTable{slots: slots, shift: uint8(64 - bits.TrailingZeros(uint(size)))}
	mask := uint64(size - 1)
	var rests []byte
	for w, v := range values {
		if w == "" || len(w) > maxTableWordLen {
			panic("kql: a word of a word table is empty or too long: " + w)
		}
		key := wordKey(w)
		i := t.slot(key, len(w))
		for t.slots[i].n != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = wordSlot{key: key, rest: uint32(len(rests)), value: v, n: uint8(len(w))}
		if len(w) > 8 {
			rests = append(rests, w[8:]...)
		}
	}
	t.rests = string(rests)
	return t
}

// lookup returns the value of w and whether w is in the table.
func (t *wordTable) lookup(w string) (uint16, bool) {
	if w == "" {
		return 0, false
	}
	return t.find(wordKey(w), w)
}

// find is lookup of w, not empty, whose key is key.
func (t *wordTable) find(key uint64, w string) (uint16, bool) {
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(key, len(w)); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.key == key && int(s.n) == len(w) && (len(w) <= 8 || t.restIs(s, w[8:])) {
			return s.value, true
		}
		if s.n == 0 {
			return 0, false
		}
	}
}

// restIsAt is restIs of src[from:to], comparing byte by byte: the
// lexer, which calls nothing (see scanPlain), compares so.
func (t *wordTable) restIsAt(s *wordSlot, src string, from, to uint) bool {
	rest := t.rests[s.rest:]
	if to > uint(len(src)) || from > to || to-from > uint(len(rest)) {
		return false
	}
	for k := from; k < to; k++ {
		if rest[k-from] != src[k] {
			return false
		}
	}
	return true
}

// restIs reports whether rest is the rest of the word of s, after its
// first eight bytes.
func (t *wordTable) restIs(s *wordSlot, rest string) bool {
	return t.rests[s.rest:s.rest+uint32(len(rest))] == rest
}
