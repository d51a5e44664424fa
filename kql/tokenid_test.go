package kql

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// identify lexes src, which identifies its tokens.
func identify(t *testing.T, src string) []token {
	toks, err := lex(src)
	require.Nil(t, err, src)
	return toks
}

// Every id's spelling lexes as one token with that id, but for the few
// keywords that kqlt lexes in parts (set-or-append is set - or - append),
// which no token can have.
func TestTokenIDsRoundTrip(t *testing.T) {
	require.Equal(t, len(namedSpellings), int(numNamedIDs))
	for id := firstSymbol; int(id) < len(spellings); id++ {
		s := id.String()
		require.NotEmpty(t, s, "id %d", id)
		toks := identify(t, s)
		if len(toks) != 2 && id >= numNamedIDs {
			assert.True(t, strings.Contains(s, "-") && !isDashedKeyword(s), "%q lexes as %d tokens", s, len(toks)-1)
			continue
		}
		if assert.Len(t, toks, 2, s) {
			assert.Equal(t, len(s), int(toks[0].end), s)
			assert.Equal(t, id, toks[0].id, s)
		}
	}
	assert.Equal(t, idName, identify(t, "Col")[0].id)
	assert.Equal(t, idName, identify(t, "materialized_viewx")[0].id)
	assert.Equal(t, idName, identify(t, "materialized_vie")[0].id)
	assert.Equal(t, idName, identify(t, "tolower")[0].id)
	assert.Equal(t, idNone, identify(t, `"by"`)[0].id)
	assert.Equal(t, idNone, identify(t, "1")[0].id)
	assert.Equal(t, idNone, identify(t, "")[0].id)
}

// A word has its id wherever it is: at the end of the source, which the
// lexer reads byte by byte, or with eight bytes or more after it; with a
// capital, only the boolean words have one.
func TestWordIDsInContext(t *testing.T) {
	for id := firstWord; int(id) < len(spellings); id++ {
		w := id.String()
		if !isIdentStart(w[0]) || identEnd(w, 1) != len(w) {
			continue // not a plain word: project-away, !in, in~, matches regex
		}
		for _, src := range []string{w, "x " + w, w + " | where x > 10", "(" + w + ")", "f(" + w + ",y)"} {
			toks := identify(t, src)
			for _, tok := range toks {
				if src[tok.start:tok.end] == w {
					assert.Equal(t, id, tok.id, "%q in %q", w, src)
				}
			}
		}
		assert.Equal(t, idName, identify(t, w+"x")[0].id, w+"x")
		if len(w) > 1 {
			assert.Equal(t, idName, identify(t, w[:len(w)-1]+"Z yy")[0].id, w)
		}
	}
	for _, w := range []string{"true", "false", "True", "False", "TRUE", "FALSE"} {
		assert.Equal(t, wordBool, wordClasses[identify(t, w+" ")[0].id], w)
	}
	assert.Equal(t, idName, identify(t, "Where ")[0].id)
	assert.Equal(t, idName, identify(t, "BY")[0].id)
}

// The lexer identifies every symbol it makes.
func TestEverySymbolHasAnID(t *testing.T) {
	seen := 0
	for a := byte(' '); a < 0x7f; a++ {
		for b := byte(' '); b < 0x7f; b++ {
			src := string([]byte{a, b})
			toks, err := lex(src)
			if err != nil {
				continue
			}
			for _, tok := range toks {
				if tok.kind != tPunct {
					continue
				}
				seen++
				text := src[tok.start:tok.end]
				if assert.True(t, tok.id >= firstSymbol && tok.id < firstWord, "%q in %q", text, src) {
					assert.Equal(t, text, tok.id.String(), src)
				}
			}
		}
	}
	assert.Greater(t, seen, 1000)
}

// The tables by id answer as the definitions by word.
func TestTokenIDTables(t *testing.T) {
	for id := firstSymbol; int(id) < len(spellings); id++ {
		s := id.String()
		assert.Equal(t, opClass(s), opClasses[id], s)
		switch {
		case id < firstWord:
			assert.Equal(t, wordKeyword, wordClasses[id], s)
		case boolWords[s]:
			assert.Equal(t, wordBool, wordClasses[id], s)
		case kustoKeywords[s]:
			assert.Equal(t, keywordClass(s), wordClasses[id], s)
		default:
			assert.Equal(t, wordIdent, wordClasses[id], s)
		}
	}
	assert.Equal(t, wordIdent, wordClasses[idName])
	assert.Equal(t, wordKeyword, wordClasses[idNone])
	for _, w := range operatorWords {
		assert.True(t, operatorIDs[lookupWordID(w)], w)
	}
	for _, w := range chartTypes {
		assert.True(t, chartTypeIDs[lookupWordID(w)], w)
	}
	assert.False(t, operatorIDs[idName])
	assert.False(t, chartTypeIDs[kwBy])
}

// lookupWordID skips the table for a word that starts with a capital: no
// word with an id does, but True, TRUE, False and FALSE.
func TestNoWordIDStartsWithACapital(t *testing.T) {
	for id := firstWord; int(id) < len(spellings); id++ {
		if w := id.String(); w[0] >= 'A' && w[0] <= 'Z' {
			assert.True(t, boolWords[w], w)
		}
	}
}

// paramNameLen looks up the known parameters only for the words with an
// id.
func TestKnownParamsStartWithAWordWithAnID(t *testing.T) {
	for name := range knownParams {
		first, _, _ := strings.Cut(name, ".")
		assert.NotEqual(t, idName, lookupWordID(first), name)
	}
}
