package kql

import "sync"

// An Ident that the parser read records what it read compactly (see
// Ident.text): a name written as a bracketed or braced name keeps its
// source text in Raw, and Name can be checked against it; a name written as
// a bare word has Raw empty, and QuoteIdent(Name) is the word itself unless
// the word is one that QuoteIdent brackets: a keyword standing as a name
// (where the grammar takes one), a parameter name such as hint.strategy, or
// a word such as $1 with no letter. For those the Ident keeps a code of the
// word read, so that a Name edited to some other such word is bracketed
// while the word read stays bare.

// Codes of bare words (Ident.bare).
const (
	bareNone   = 0 // QuoteIdent writes the word as it is
	bareDollar = 1 // a $ word without a letter, such as $1: stays bare while Name is one
	bareFirst  = 2 // the first code of an interned word: bareWords.list[code-bareFirst]
)

// bareWords interns the bare words that QuoteIdent brackets. They come from
// the grammar's fixed sets (keywords, parameter names), so the table stays
// small; the $ words, which a query may make up without end, are not
// interned but have their own code.
var bareWords struct {
	sync.RWMutex
	codes map[string]uint16
	list  []string
}

// maxBareWords bounds the interned words (the code is a uint16).
const maxBareWords = 1<<16 - bareFirst

// bareCode returns the code of name, a word that the parser read bare.
func bareCode(name string) uint16 {
	if isPlainName(name) {
		return bareNone
	}
	if isDollarWord(name) {
		return bareDollar
	}
	bareWords.RLock()
	code, ok := bareWords.codes[name]
	bareWords.RUnlock()
	if ok {
		return code
	}
	bareWords.Lock()
	defer bareWords.Unlock()
	if code, ok := bareWords.codes[name]; ok {
		return code
	}
	if len(bareWords.list) >= maxBareWords {
		return bareNone // never reached: the words come from fixed sets
	}
	if bareWords.codes == nil {
		bareWords.codes = make(map[string]uint16)
	}
	code = uint16(len(bareWords.list) + bareFirst)
	bareWords.codes[name] = code
	bareWords.list = append(bareWords.list, name)
	return code
}

// isBareWord reports whether name is the bare word of code.
func isBareWord(code uint16, name string) bool {
	if code == bareDollar {
		return isDollarWord(name)
	}
	bareWords.RLock()
	defer bareWords.RUnlock()
	i := int(code) - bareFirst
	return i < len(bareWords.list) && bareWords.list[i] == name
}

// isDollarWord reports whether w is a word of a $ and digits: one word for
// the lexer, but without a letter, which QuoteIdent wants.
func isDollarWord(w string) bool {
	if len(w) == 0 || w[0] != '$' {
		return false
	}
	for i := 1; i < len(w); i++ {
		if !isDigit(w[i]) {
			return false
		}
	}
	return true
}

// bracketSpells reports whether raw, a bracketed name such as ['a b'] or
// ['a' "b"], spells name.
func bracketSpells(raw, name string) bool {
	toks, err := lex(raw)
	if err != nil || len(toks) < 4 || raw[toks[0].start:toks[0].end] != "[" || raw[toks[len(toks)-2].start:toks[len(toks)-2].end] != "]" {
		return false
	}
	for _, t := range toks[1 : len(toks)-2] {
		if t.kind != tString {
			return false
		}
		s, err := Unquote(raw[t.start:t.end])
		if err != nil || len(s) > len(name) || name[:len(s)] != s {
			return false
		}
		name = name[len(s):]
	}
	return name == ""
}
