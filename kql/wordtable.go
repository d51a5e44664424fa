package kql

// wordTable is a fixed set of words with a small value each (a token id), looked up by
// open addressing on a cheap hash of the word's length and three of its
// bytes. The parser classifies every word it meets (keywords.go) and the
// printer checks every name it writes (IsIdent): a Go map's string hashing
// was a tenth of the parser's time.
type wordTable struct {
	words  []string
	values []uint16
	mask   uint32
}

func wordHash(w string) uint32 {
	n := len(w)
	h := uint32(n)*0x9E3779B1 ^ uint32(w[0])*0x85EBCA77 ^ uint32(w[n-1])*0xC2B2AE3D ^ uint32(w[n/2])*0x27D4EB2F
	return h ^ h>>15
}

// newWordTable returns a table of the words of values, at most a quarter
// full.
func newWordTable(values map[string]uint16) *wordTable {
	size := 16
	for size < 4*len(values) {
		size *= 2
	}
	t := &wordTable{words: make([]string, size), values: make([]uint16, size), mask: uint32(size - 1)}
	for w, v := range values {
		if w == "" {
			panic("kql: an empty word in a word table")
		}
		i := wordHash(w) & t.mask
		for t.words[i] != "" {
			i = (i + 1) & t.mask
		}
		t.words[i], t.values[i] = w, v
	}
	return t
}

// lookup returns the value of w and whether w is in the table.
func (t *wordTable) lookup(w string) (uint16, bool) {
	if w == "" {
		return 0, false
	}
	for i := wordHash(w) & t.mask; ; i = (i + 1) & t.mask {
		switch t.words[i] {
		case w:
			return t.values[i], true
		case "":
			return 0, false
		}
	}
}
