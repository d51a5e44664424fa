package kql

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWordTable(t *testing.T) {
	words := map[string]uint16{"a": 1, "where": 2, "project-away": 3, "hint.strategy": 4, "__id": 5}
	tab := newWordTable(words)
	for w, v := range words {
		got, ok := tab.lookup(w)
		assert.True(t, ok, w)
		assert.Equal(t, v, got, w)
	}
	for _, w := range []string{"", "b", "wher", "where_", "Where", "project-awaz"} {
		_, ok := tab.lookup(w)
		assert.False(t, ok, w)
	}
}

// classifyWord, with its shortcut for capitals and its hash table,
// answers as the keyword sets define the classes.
func TestClassifyWord(t *testing.T) {
	for w := range kustoKeywords {
		assert.Equal(t, keywordClass(w), classifyWord(w), w)
	}
	assert.Equal(t, wordIdentKeyword, keywordClass("join"))
	assert.Equal(t, wordExtendedKeyword, keywordClass("as"))
	assert.Equal(t, wordSpecialKeyword, keywordClass("with_source"))
	assert.Equal(t, wordKeyword, keywordClass("project"))
	for w := range boolWords {
		assert.Equal(t, wordBool, classifyWord(w), w)
	}
	for _, w := range []string{"Col", "x", "$left", "tolower", "Where", "_x"} {
		assert.Equal(t, wordIdent, classifyWord(w), w)
	}
	assert.Equal(t, wordKeyword, classifyWord(""))
}

// classifyWord skips the table for a word that starts with a capital: no
// keyword does, and of the boolean words only those of four and five
// letters.
func TestNoKeywordStartsWithACapital(t *testing.T) {
	for w := range kustoKeywords {
		assert.False(t, w[0] >= 'A' && w[0] <= 'Z', w)
	}
	for w := range boolWords {
		if w[0] >= 'A' && w[0] <= 'Z' {
			assert.Contains(t, []int{4, 5}, len(w), w)
		}
	}
}
