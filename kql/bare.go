package kql

import (
	"strings"
	"sync"
)

// spelling is how the source spells a name that is not a plain word, and
// what the parser read of it, to tell whether that still spells the Name
// (see Ident.text). A name written as a bracketed or braced name keeps its
// source text in raw, and Name is checked against it. A name written bare
// has raw empty; for a plain word, QuoteIdent(Name) is the word itself and
// the Ident needs no spelling at all. For a bare word that QuoteIdent would
// bracket — a keyword as a name, a parameter name such as hint.strategy, a
// word such as $1 with no letter — the spelling keeps a code of the word
// read, so that a Name edited to some other such word is bracketed while
// the word read stays bare; and a wildcard name such as Col*, which spans
// tokens, keeps its length.
//
// The spellings of bare words depend on the word only, and are shared by
// the names that spell it: a spelling is never changed once made.
type spelling struct {
	raw    string // the source text when it differs from Name: ['my col'], {P}
	rawLen int32  // length of the source text of the name; 0 when it is one token
	bare   uint16 // for a bare word that QuoteIdent brackets: its code
	braced bool   // a client parameter {Name}
	parsed bool   // read from source
}

// spellingOf returns the spelling of a name read from source text raw: nil
// for a plain word.
func spellingOf(name, raw string) *spelling {
	if raw != name {
		return &spelling{raw: raw, rawLen: int32(len(raw)), parsed: true}
	}
	if IsIdent(name) {
		return nil
	}
	return bareSpelling(name)
}

// Codes of bare words (Ident.bare).
const (
	bareNone   = 0 // QuoteIdent writes the word as it is
	bareDollar = 1 // a $ word without a letter, such as $1: stays bare while Name is one
	bareFirst  = 2 // the first code of an interned word: bareWords.list[code-bareFirst]
)

// bareWords interns the bare words that QuoteIdent brackets, and their
// spellings. They come from the grammar's fixed sets (keywords, parameter
// names), so the table stays small; the $ words, which a query may make up
// without end, are not interned but have their own code.
var bareWords struct {
	sync.RWMutex
	spellings map[string]*spelling
	list      []string
}

// maxBareWords bounds the interned words (the code is a uint16).
const maxBareWords = 1<<16 - bareFirst

// bareSpelling returns the spelling of name, a word that the parser read
// bare and that IsIdent rejects.
func bareSpelling(name string) *spelling {
	switch {
	case isPlainName(name):
		// A wildcard name: plain, but more than one token.
		return &spelling{rawLen: int32(len(name)), parsed: true}
	case isDollarWord(name):
		return &spelling{rawLen: int32(len(name)), bare: bareDollar, parsed: true}
	}
	bareWords.RLock()
	s, ok := bareWords.spellings[name]
	bareWords.RUnlock()
	if ok {
		return s
	}
	bareWords.Lock()
	defer bareWords.Unlock()
	if s, ok := bareWords.spellings[name]; ok {
		return s
	}
	if len(bareWords.list) >= maxBareWords {
		return &spelling{rawLen: int32(len(name)), parsed: true} // never reached: the words come from fixed sets
	}
	s = &spelling{rawLen: int32(len(name)), bare: uint16(len(bareWords.list) + bareFirst), parsed: true}
	if bareWords.spellings == nil {
		bareWords.spellings = make(map[string]*spelling)
	}
	bareWords.spellings[name] = s
	bareWords.list = append(bareWords.list, name)
	return s
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
	// Most are one quoted string without escapes, right inside the
	// brackets: compare without lexing.
	if n := len(raw); n == len(name)+4 && raw[0] == '[' && raw[n-1] == ']' && (raw[1] == '\'' || raw[1] == '"') && raw[n-2] == raw[1] {
		if body := raw[2 : n-2]; strings.IndexByte(body, '\\') < 0 && strings.IndexByte(body, raw[1]) < 0 {
			return body == name
		}
	}
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
