package kql

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The lexer is hand-written: KQL's token rules depend on a little context
// (typed literals such as datetime(2020-01-01 10:00) are one token, numbers
// run into timespan units, project-away is one word but a-b is a
// subtraction) that regular-expression lexers express poorly, and lexing is
// the hottest loop of the parser. It produces only significant tokens; the
// whitespace and comments between them are recovered from the source by
// offset, which is what makes printing lossless.

type tokKind uint8

const (
	tEOF      tokKind = iota
	tIdent            // a word: names, keywords (contextual), project-away, $left, 1x
	tLong             // 1, 0x1F
	tReal             // 1.5, 1e3, 1.
	tTimespan         // 1d, 10ms, 1.5h
	tString           // "a", 'a', @"a", h"a", ```a```, ~~~a~~~
	tTyped            // a typed literal in one token: datetime(...), int(null), guid(...)
	tOp               // an operator word with punctuation: !in, in~, !has_cs, !between, matches regex
	tPunct            // ( ) [ ] { } | , ; : . .. = == != <> < <= > >= + - * / % =~ !~ => -> ! ? @ <|
	tBad              // a character that cannot start a token
)

var tokKindNames = [...]string{"end of query", "identifier", "number", "number", "timespan", "string", "literal", "operator", "punctuation", "character"}

func (k tokKind) String() string { return tokKindNames[k] }

// token is a significant token: the source bytes start..end. It is kept
// small (12 bytes), as the lexer makes one for every 8 bytes of a typical
// query, and the query keeps them for printing.
type token struct {
	start int32
	end   int32
	kind  tokKind
	lit   uint8   // for tTyped: the LitKind of the literal
	id    tokenID // which symbol or word (idName for a word without an id), idNone for the other kinds
}

// maxSourceLen bounds the input so that offsets fit in int32.
const maxSourceLen = 1<<31 - 2

// isDashedKeyword reports whether w is one of the words that KQL lexes as
// one token although they contain dashes. Everywhere else a dash is the
// minus operator. (Switches, here and below: the lexer asks for every word
// followed by a dash or a parenthesis, and a switch is faster than a map.)
func isDashedKeyword(w string) bool {
	switch w {
	case "project-away", "project-keep", "project-rename", "project-reorder",
		"project-smart", "project-by-names", "mv-expand", "mv-apply",
		"make-series", "make-graph", "parse-where", "parse-kv",
		"top-nested", "top-hitters", "sample-distinct", "assert-schema",
		"macro-expand", "graph-match", "graph-shortest-paths", "graph-to-table",
		"graph-mark-components", "graph-where-nodes", "graph-where-edges",
		"granny-asc", "granny-desc", "partitioned-by":
		return true
	}
	return false
}

// isNegatedOp reports whether w is an operator spelled with a leading '!'.
func isNegatedOp(w string) bool {
	switch w {
	case "!in", "!in~", "!has", "!has_cs", "!contains", "!contains_cs",
		"!startswith", "!startswith_cs", "!endswith", "!endswith_cs",
		"!hasprefix", "!hasprefix_cs", "!hassuffix", "!hassuffix_cs",
		"!between":
		return true
	}
	return false
}

// typedLiteralKind returns the kind of literal that the type name w forms
// when '(' follows it directly, as in datetime(2020-01-01), or IllegalLit.
// dynamic and typeof are parsed as structured expressions instead.
func typedLiteralKind(w string) LitKind {
	switch w {
	case "datetime", "date":
		return DateTimeLit
	case "time", "timespan":
		return TimespanLit
	case "guid":
		return GUIDLit
	case "int", "int32":
		return IntLit
	case "long", "int64":
		return LongLit
	case "real", "double":
		return RealLit
	case "decimal":
		return DecimalLit
	case "bool":
		return BoolLit
	}
	return IllegalLit
}

// isTimespanUnit reports whether w is a suffix that makes a number a
// timespan.
func isTimespanUnit(w string) bool {
	switch w {
	case "d", "day", "days",
		"h", "hr", "hrs", "hour", "hours",
		"m", "min", "minute", "minutes",
		"s", "sec", "second", "seconds",
		"ms", "milli", "millis", "millisec", "millisecond", "milliseconds",
		"micro", "micros", "microsec", "microsecond", "microseconds",
		"nano", "nanos", "nanosec", "nanosecond", "nanoseconds",
		"tick", "ticks":
		return true
	}
	return false
}

// Character classes, by table: the lexer classifies every byte.
const (
	cIdentStart  uint8 = 1 << iota // a-z A-Z _ $
	cIdentChar                     // a-z A-Z _ 0-9
	cDigit                         // 0-9
	cSpace                         // ASCII whitespace
	cTriviaStart                   // '/' and the bytes of non-ASCII characters: a comment or a Unicode space may start there
	cPunct                         // a punctuation character that is a token alone, whatever follows it
	cOperator                      // = . ! < > -, alone or with the next character: see operatorPairs
	cQuote                         // " '
)

var charClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= cIdentStart | cIdentChar
		t[c-'a'+'A'] |= cIdentStart | cIdentChar
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= cIdentChar | cDigit
	}
	t['_'] |= cIdentStart | cIdentChar
	t['$'] |= cIdentStart
	for _, c := range " \t\n\r\f" { // not \v: KQL does not take it
		t[c] |= cSpace
	}
	t['/'] |= cTriviaStart
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c] |= cTriviaStart
	}
	// Not '/', which may start a comment.
	for _, c := range "()[]{},;:*%+?|" {
		t[c] |= cPunct
	}
	for _, c := range "=.!<>-" {
		t[c] |= cOperator
	}
	t['"'] |= cQuote
	t['\''] |= cQuote
	return t
}()

// operatorPairs and pairSecond tell the operator characters (cOperator)
// that make a token with the next character: operatorPairs[c] &
// pairSecond[next] != 0. With pairWord, the pair starts a word operator
// such as !in, which scanOther scans.
var operatorPairs, pairSecond = func() (first, second [256]uint8) {
	for i, c := range "=~>.|" {
		second[c] = 1 << i
	}
	for c := range second {
		if isIdentStart(byte(c)) {
			second[c] = pairWord
		}
	}
	for _, p := range []string{"==", "=~", "=>", "!=", "!~", "<=", "<>", "<|", ">=", "->", ".."} {
		first[p[0]] |= second[p[1]]
	}
	first['!'] |= pairWord
	return first, second
}()

const pairWord = 1 << 5

// pairIDs holds the ids of the pairs of operatorPairs, by the first
// character (its low five bits tell the six apart) and the bit of the
// second in pairSecond.
var pairIDs = func() (t [32][8]tokenID) {
	for id := firstSymbol; id < firstWord; id++ {
		if s := spellings[id]; len(s) == 2 {
			t[s[0]&31][bits.TrailingZeros8(pairSecond[s[1]])] = id
		}
	}
	return t
}()

// Prototypes of the tokens that scanPlain makes, by kind, and for
// punctuation by character (symbolTokens) or pair (pairTokens), in the
// layout of pairIDs: copied whole and given a start and an end, a token
// takes fewer instructions than set field by field (8 against 10).
var (
	stringProto, longProto = token{kind: tString}, token{kind: tLong}

	symbolTokens = func() (t [256]token) {
		for c := range t {
			t[c] = token{kind: tPunct, id: symbolIDs[c]}
		}
		return t
	}()

	pairTokens = func() (t [32][8]token) {
		for c := range t {
			for k, id := range pairIDs[c] {
				t[c][k] = token{kind: tPunct, id: id}
			}
		}
		return t
	}()
)

// symbolID returns the id of the punctuation token sym.
func symbolID(sym string) tokenID {
	if len(sym) == 2 {
		return pairIDs[sym[0]&31][bits.TrailingZeros8(pairSecond[sym[1]])&7]
	}
	return symbolIDs[sym[0]]
}

func isIdentStart(c byte) bool { return charClass[c]&cIdentStart != 0 }

func isIdentChar(c byte) bool { return charClass[c]&cIdentChar != 0 }

func isDigit(c byte) bool { return charClass[c]&cDigit != 0 }

func isHexDigit(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// identEnd returns the end of the identifier characters of src from i.
func identEnd(src string, i int) int {
	for i < len(src) && charClass[src[i]]&cIdentChar != 0 {
		i++
	}
	return i
}

// afterWord classifies the bytes that may follow a word: a plain word
// ends before any byte it does not mark. See specialWord.
var afterWord = func() (t [256]uint8) {
	t[' '] = afterSpace
	t['('] = afterParen
	for _, c := range "-~\"'@`" {
		t[c] = afterOther
	}
	return t
}()

const (
	afterSpace = 1 + iota // matches regex; the only odd one (see scanPlain)
	afterParen            // a typed literal: datetime(...)
	afterOther            // in~, a dashed keyword, an h-string
)

// lexer scans a whole source into tokens.
type lexer struct {
	src    string
	pos    int
	toks   []token
	counts tokenCounts
	err    *Error
}

// tokenCounts counts a query's tokens by the nodes they make, indexed by
// countBasis: the parser sizes its node blocks from them (alloc.go). A
// query's names, literals and calls are better predicted by its words,
// literal tokens and parentheses than by all its tokens.
type tokenCounts [numBases]int32

// countBasis is a kind of token that tokenCounts counts.
type countBasis uint8

const (
	allTokens     countBasis = iota // every token, the end's too
	wordTokens                      // tIdent
	literalTokens                   // tLong, tReal, tTimespan, tString, tTyped
	openParens                      // (
	numBases
)

// lex splits src into significant tokens, ending with a tEOF token at
// len(src). A malformed token (an unterminated string, a stray character)
// stops lexing with an error.
func lex(src string) ([]token, *Error) {
	// Real queries have about one token per 8 bytes.
	return lexInto(make([]token, 0, 16+len(src)/6), src)
}

// lexInto is lex appending to buf, which the parser reuses between parses.
func lexInto(buf []token, src string) ([]token, *Error) {
	toks, _, err := lexCounting(buf, src)
	return toks, err
}

// lexCounting is lexInto that also counts the tokens.
func lexCounting(buf []token, src string) ([]token, tokenCounts, *Error) {
	lx := lexer{src: src, toks: buf[:0]}
	lx.run()
	return lx.toks, lx.counts, lx.err
}

// maxPooledTokens bounds the token slices that parsers keep for reuse (a
// 12 byte token for every 8 bytes of a typical query: about 1.5 MB of
// tokens for a 1 MB query), so that one huge query does not pin its
// tokens' memory.
const maxPooledTokens = 1 << 17

func (lx *lexer) fail(offset int, msg string) {
	lx.err = &Error{Pos: Position{Offset: offset}, Msg: msg, src: lx.src}
}

func (lx *lexer) run() {
	// scanPlain scans the common tokens (plain words, single-character
	// punctuation) and the spaces between them; scanOther, the rest. The
	// tokens are written by index into toks, which is kept at its full
	// capacity. (A lexing error leaves the counts short: the parse stops
	// there.)
	src, toks, n, i := lx.src, lx.toks[:cap(lx.toks)], len(lx.toks), lx.pos
	var others [16]int32 // the tokens of scanOther, by kind
	for {
		if n >= len(toks) {
			toks = growTokens(toks, n, len(src)-i)
		}
		if n, i = scanPlain(src, toks, n, i, &lx.counts); n == len(toks) {
			continue
		}
		if i >= len(src) {
			break
		}
		end, kind, lit := lx.scanOther(i, n == 0)
		if kind != tEOF {
			id := idNone
			if kind == tPunct {
				id = symbolID(src[i:end])
			}
			if kind == tIdent || kind == tOp {
				id = lookupWordID(src[i:end])
			}
			toks[n] = token{kind: kind, lit: uint8(lit), id: id, start: int32(i), end: int32(end)}
			n++
			others[kind&15]++
		}
		if lx.err != nil {
			lx.toks = toks[:n]
			return
		}
		i = end
	}
	toks[n] = token{kind: tEOF, start: int32(len(src)), end: int32(len(src))}
	n++
	lx.toks, lx.pos = toks[:n], len(src)
	lx.counts[allTokens] += int32(n)
	lx.counts[wordTokens] += others[tIdent]
	lx.counts[literalTokens] += others[tLong] + others[tReal] + others[tTimespan] + others[tString] + others[tTyped]
}

// scanPlain scans whitespace, plain words and single-character punctuation
// from src[i], writing their tokens into toks from n and counting them in
// c, until the end of src, the end of toks or a byte that starts another
// token, and returns the new n and i. It calls nothing: around a call, the
// compiler keeps its variables in memory.
func scanPlain(src string, toks []token, n0, i0 int, c *tokenCounts) (int, int) {
	// Unsigned offsets spare the bounds checks.
	n, i, end, ntoks := uint(n0), uint(i0), uint(len(src)), uint(len(toks))
	for n < ntoks && i < end {
		start, b := i, src[i]
		class := charClass[b]
		if class&cSpace != 0 {
			i++
			continue
		}
		if class&cIdentStart != 0 {
			// The identifier characters, eight at a time while eight
			// remain (SWAR, see identStops: one test and jump for eight
			// bytes), then one at a time. Four table tests and jumps
			// per four bytes took fewer instructions (-4 M per corpus
			// pass) but where a word ends is data, which branches
			// mispredict: 145k times per pass against 67k here
			// (callgrind's model), and lexing is 4-7% faster by CPU
			// time this way.
			i++
			if start+8 <= end {
				stops := identStops(load64(src[start:start+8], 0)) &^ 0x80 // the first byte may be '$'
				j := start
				for stops == 0 && j+16 <= end {
					j += 8
					stops = identStops(load64(src[j:j+8], 0))
				}
				if stops != 0 {
					i = j + uint(bits.TrailingZeros64(stops)/8)
					goto wordEnd
				}
				i = j + 8
			}
			for i < end && charClass[src[i]]&cIdentChar != 0 {
				i++
			}
		wordEnd:
			// Most words end before a byte that afterWord does not
			// mark; specialWord decides the rest.
			// (Whether a space follows is data, which a jump on it
			// mispredicts: the tests below jump on rarer things.)
			var after uint8
			if i < end {
				after = afterWord[src[i]]
			}
			if after > afterSpace {
				if after == afterOther || typedLiteralKind(src[start:i]) != IllegalLit {
					return int(n), int(start)
				}
			}
			if i-start == uint(len("matches")) && after == afterSpace && src[start:i] == "matches" {
				return int(n), int(start)
			}
			// The word's id: lookupWordID, without calls, here while
			// the word's bytes are at hand. (A pass of its own over
			// the tokens, which read each token and word again, took
			// 9.85 M instructions per corpus pass; here, 5.75 M.)
			id := idName
			if wn := i - start; b-'A' > 'Z'-'A' || wn == uint(len("True")) || wn == uint(len("False")) { // mayHaveID
				var key uint64
				if start+8 <= end {
					key = load64(src[start:start+8], 0)
					if wn < 8 {
						key &= 1<<(8*wn) - 1
					}
				} else {
					for k := i; k > start; {
						k--
						key = key<<8 | uint64(src[k])
					}
				}
				for j := ((key + uint64(wn)) * wordHashMul) >> (64 - wordIDBits); ; j = (j + 1) % uint64(len(wordIDSlots)) {
					s := &wordIDSlots[j]
					if s.key == key && uint(s.n) == wn && (wn <= 8 || wordIDs.restIsAt(s, src, start+8, i)) {
						id = tokenID(s.value)
						break
					}
					if s.n == 0 {
						break
					}
				}
			}
			toks[n] = token{start: int32(start), end: int32(i), kind: tIdent, id: id}
			n++
			c[wordTokens]++
			// Half the words end before a space: skipped here, it costs
			// a turn of the loop less (-0.85 M instructions per corpus
			// pass).
			i += uint(after & afterSpace)
			continue
		}
		if class&cPunct != 0 {
			if b == '(' {
				c[openParens]++
			}
			i++
			setToken(&toks[n], &symbolTokens[b], start, i)
			n++
			if i < end && src[i] == ' ' { // as after a word (", " and "| "): -0.1 M
				i++
			}
			continue
		}
		if class&cOperator != 0 {
			// = . ! < > - and the pairs they start: == .. <= ...
			i++
			proto := &symbolTokens[b]
			if i < end {
				if pair := operatorPairs[b] & pairSecond[src[i]]; pair != 0 {
					if pair&pairWord != 0 {
						return int(n), int(start) // !in, !has, ...
					}
					proto = &pairTokens[b&31][bits.TrailingZeros8(pair)&7]
					i++
				}
			}
			setToken(&toks[n], proto, start, i)
			n++
			continue
		}
		if class&cQuote != 0 {
			// A string without escapes that ends on its line: look for
			// the first of the quote, a backslash and a line break,
			// eight bytes at a time (SWAR), then one. scanOther takes the
			// rest.
			quotes := ones * uint64(b)
			j := int(i) + 1
			for ; j < len(src)-7; j += 8 {
				x := load64(src, j)
				if m := zeroBytes(x^quotes) | zeroBytes(x^(ones*'\\')) | zeroBytes(x^(ones*'\n')) | zeroBytes(x^(ones*'\r')); m != 0 {
					j += bits.TrailingZeros64(m) / 8
					break
				}
			}
			// Every byte before j is none of them.
			if j >= len(src) || src[j] != b {
				return int(n), int(start)
			}
			i = uint(j) + 1
			setToken(&toks[n], &stringProto, start, i)
			n++
			c[literalTokens]++
			continue
		}
		if class&cDigit != 0 {
			// An integer; scanOther takes the rest (reals, hexadecimal,
			// timespans, names like 3des).
			for i++; i < end && charClass[src[i]]&cDigit != 0; i++ {
			}
			if i < end && (charClass[src[i]]&cIdentChar != 0 || src[i] == '.') {
				return int(n), int(start)
			}
			setToken(&toks[n], &longProto, start, i)
			n++
			c[literalTokens]++
			continue
		}
		return int(n), int(start)
	}
	return int(n), int(i)
}

// setToken sets *t to the token proto from start to end.
func setToken(t, proto *token, start, end uint) {
	*t = *proto
	t.start, t.end = int32(start), int32(end)
}

// growTokens returns toks, whose first n are the tokens so far, at the full
// length of a capacity that holds more than n: as many more as rest bytes
// of a source usually make.
func growTokens(toks []token, n, rest int) []token {
	toks = slices.Grow(toks[:n], 16+rest/6)
	return toks[:cap(toks)]
}

// specialWord reports whether the word src[start:end] starts a token that
// is more than a plain word: a typed literal, an h-string, in~, matches
// regex or a dashed keyword. word scans those.
func (lx *lexer) specialWord(start, end int) bool {
	src := lx.src
	if end >= len(src) {
		return false
	}
	switch src[end] {
	case '(':
		return typedLiteralKind(src[start:end]) != IllegalLit
	case '-', '~':
		return true
	case ' ':
		return end-start == len("matches") && src[start:end] == "matches"
	case '"', '\'', '@', '`':
		return end-start == 1 // h"..."
	}
	return false
}

// scanOther scans the token at start that run does not: words that
// specialWord picks, numbers, strings, comments, Unicode spaces and
// punctuation; first tells whether it is the first token. It returns the
// token's end, kind and, for a typed literal, the kind of literal; the
// kind is tEOF for trivia, which make no token. On an error it sets lx.err,
// and returns tBad for a character that starts no token and tEOF for the
// rest.
func (lx *lexer) scanOther(start int, first bool) (end int, kind tokKind, lit LitKind) {
	src := lx.src
	c := src[start]
	switch {
	case isIdentStart(c):
		return lx.word(start)
	case isDigit(c):
		end, kind = number(src, start)
		return end, kind, IllegalLit
	case c == '"' || c == '\'':
		return stringToken(lx.quoted(start, false))
	case c == '/' && start+1 < len(src) && src[start+1] == '/':
		return commentEnd(src, start), tEOF, IllegalLit
	case c >= utf8.RuneSelf:
		r, size := utf8.DecodeRuneInString(src[start:])
		if isUnicodeSpace(r) {
			return start + size, tEOF, IllegalLit
		}
		if r == utf8.RuneError && size == 1 {
			lx.fail(start, "invalid UTF-8 encoding")
		} else {
			lx.fail(start, "unexpected character "+quoteRune(r))
		}
		return start + size, tBad, IllegalLit
	case c == '#' && first:
		// A client directive (#connect cluster('c').database('d')) runs
		// to the end of its line. KQL takes directives before the first
		// statement only; kqlt keeps them as trivia, like comments.
		return lineEnd(src, start), tEOF, IllegalLit
	case c == '@' && start+1 < len(src) && (src[start+1] == '"' || src[start+1] == '\''):
		return stringToken(lx.quoted(start+1, true))
	case c == '`' && hasPrefixAt(src, start, "```"):
		return stringToken(lx.fenced(start, "```"))
	case c == '~' && hasPrefixAt(src, start, "~~~"):
		return stringToken(lx.fenced(start, "~~~"))
	case c == '!' && start+1 < len(src) && isIdentStart(src[start+1]):
		// !in, !has_cs, ... are single tokens; a '!' before any other
		// word is the '!' punctuation.
		end := identEnd(src, start+1)
		if end < len(src) && src[end] == '~' && src[start:end] == "!in" {
			end++
		}
		if isNegatedOp(src[start:end]) {
			return end, tOp, IllegalLit
		}
		return start + 1, tPunct, IllegalLit
	}
	if n := punctLen(src, start); n > 0 {
		return start + n, tPunct, IllegalLit
	}
	r, size := utf8.DecodeRuneInString(src[start:])
	lx.fail(start, "unexpected character "+quoteRune(r))
	return start + size, tBad, IllegalLit
}

// stringToken is the token of a string that ends at end, or none if end is
// negative (an error).
func stringToken(end int) (int, tokKind, LitKind) {
	if end < 0 {
		return 0, tEOF, IllegalLit
	}
	return end, tString, IllegalLit
}

// isUnicodeSpace reports whether r, not ASCII, is whitespace in KQL: the
// official parser's list, which is not Unicode's (no U+0085, U+2028 or
// U+2029, which are line breaks elsewhere; U+180E, U+200B and the byte
// order mark are).
func isUnicodeSpace(r rune) bool {
	switch r {
	case '\u00a0', '\u1680', '\u180e', '\u202f', '\u205f', '\u3000', '\ufeff':
		return true
	}
	return '\u2000' <= r && r <= '\u200b'
}

func hasPrefixAt(s string, i int, prefix string) bool {
	return len(s)-i >= len(prefix) && s[i:i+len(prefix)] == prefix
}

// word scans an identifier or keyword, and the tokens that start like one:
// typed literals, h-strings, in~, matches regex and dashed keywords.
func (lx *lexer) word(start int) (end int, kind tokKind, lit LitKind) {
	src := lx.src
	end = identEnd(src, start+1)
	w := src[start:end]

	// h"..." and H'...' are obfuscated strings, h@"..." too.
	if (w == "h" || w == "H") && end < len(src) {
		switch c := src[end]; {
		case c == '"' || c == '\'':
			return stringToken(lx.quoted(end, false))
		case c == '@' && end+1 < len(src) && (src[end+1] == '"' || src[end+1] == '\''):
			return stringToken(lx.quoted(end+1, true))
		case c == '`' && hasPrefixAt(src, end, "```"):
			return stringToken(lx.fenced(end, "```"))
		case c == '~' && hasPrefixAt(src, end, "~~~"):
			return stringToken(lx.fenced(end, "~~~"))
		}
	}

	if end < len(src) {
		switch src[end] {
		case '(':
			if kind := typedLiteralKind(w); kind != IllegalLit {
				if end := lx.typedLiteral(start, end); end >= 0 {
					return end, tTyped, kind
				}
				return 0, tEOF, IllegalLit
			}
		case '~':
			if w == "in" {
				return end + 1, tOp, IllegalLit
			}
		case '-':
			// Dashed keywords: take the longest dashed word that is one.
			best := -1
			for j := end; j < len(src) && src[j] == '-' && j+1 < len(src) && isIdentStart(src[j+1]); {
				j = identEnd(src, j+1)
				if isDashedKeyword(src[start:j]) {
					best = j
				}
			}
			if best > 0 {
				end = best
			}
		case ' ':
			if w == "matches" && hasPrefixAt(src, end, " regex") &&
				(end+6 == len(src) || !isIdentChar(src[end+6])) {
				return end + 6, tOp, IllegalLit
			}
		}
	}
	return end, tIdent, IllegalLit
}

// typedLiteral scans datetime(...), int(...) and the like, whose name ends
// at open, up to the closing parenthesis, and returns its end, or -1. The
// content is kept verbatim; a quoted string inside may hold a ')'.
func (lx *lexer) typedLiteral(start, open int) int {
	src := lx.src
	i := open + 1
	for i < len(src) {
		switch c := src[i]; c {
		case ')':
			return i + 1
		case '"', '\'':
			j := i + 1
			for j < len(src) && src[j] != c && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			i = j + 1
		case '\n':
			lx.fail(i, "missing ')' to close the "+src[start:open]+" literal")
			return -1
		default:
			i++
		}
	}
	lx.fail(len(src), "missing ')' to close the "+src[start:open]+" literal")
	return -1
}

// number scans an integer, real or timespan literal and returns its end
// and kind. A digit followed by letters that are not a timespan unit makes
// an identifier (KQL allows names like 3des).
func number(src string, start int) (int, tokKind) {
	i := start
	kind := tLong
	if src[i] == '0' && i+1 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X') && i+2 < len(src) && isHexDigit(src[i+2]) {
		i += 2
		for i < len(src) && isHexDigit(src[i]) {
			i++
		}
		if i < len(src) && isIdentChar(src[i]) {
			return identEnd(src, i), tIdent
		}
		return i, tLong
	}
	for i < len(src) && isDigit(src[i]) {
		i++
	}
	// A fraction: "1.5" or "1." but not the ".." of a range.
	if i < len(src) && src[i] == '.' && !hasPrefixAt(src, i, "..") {
		if i+1 < len(src) && isDigit(src[i+1]) {
			i++
			for i < len(src) && isDigit(src[i]) {
				i++
			}
			kind = tReal
		} else if i+1 >= len(src) || !isIdentStart(src[i+1]) || isExponent(src, i+1) {
			i++ // "1." and "1.e3" are reals; "1.x" and "1.d" are paths on 1
			kind = tReal
		}
	}
	if isExponent(src, i) {
		i++
		if src[i] == '+' || src[i] == '-' {
			i++
		}
		for i < len(src) && isDigit(src[i]) {
			i++
		}
		kind = tReal
	}
	if i < len(src) && (isIdentStart(src[i]) && src[i] != '$') {
		j := identEnd(src, i)
		if isTimespanUnit(src[i:j]) {
			return j, tTimespan
		}
		if kind == tLong {
			return identEnd(src, j), tIdent
		}
		// As the official lexer reads them, a real followed by letters
		// is an integer, a dot and a name (0.5x is 0 . 5x), or one name
		// without a fraction (1e5x).
		if dot := strings.IndexByte(src[start:i], '.'); dot >= 0 {
			return start + dot, tLong
		}
		// A signed exponent ends the name at its sign: 1e+0A is the
		// names 1e and 0A added, as the official lexer reads it.
		if sign := strings.IndexAny(src[start:i], "+-"); sign >= 0 {
			return start + sign, tIdent
		}
		return identEnd(src, j), tIdent
	}
	return i, kind
}

// isExponent reports whether src[i:] starts an exponent: e3, E+3, e-3.
func isExponent(src string, i int) bool {
	if i >= len(src) || (src[i] != 'e' && src[i] != 'E') {
		return false
	}
	j := i + 1
	if j < len(src) && (src[j] == '+' || src[j] == '-') {
		j++
	}
	return j < len(src) && isDigit(src[j])
}

// quoted scans a string whose opening quote is at q (after any h or @
// prefix) and returns its end, or -1. Regular strings take backslash
// escapes; verbatim (@) strings take a doubled quote. Neither may span
// lines.
func (lx *lexer) quoted(q int, verbatim bool) int {
	src := lx.src
	quote := src[q]
	i := q + 1
	for {
		if i = stringStop(src, i, quote, verbatim); i >= len(src) {
			break
		}
		switch c := src[i]; {
		case c == quote:
			if verbatim && i+1 < len(src) && src[i+1] == quote {
				i += 2
				continue
			}
			return i + 1
		case c == '\\' && !verbatim:
			n := escapeLen(src, i)
			if n < 0 {
				lx.fail(i, "invalid escape sequence in string literal: "+escapeText(src, i))
				return -1
			}
			i += n
			continue
		default: // a line break
			lx.fail(i, "unterminated string literal: missing "+string(quote))
			return -1
		}
	}
	lx.fail(len(src), "unterminated string literal: missing "+string(quote))
	return -1
}

// stringStop returns the offset of the first byte from i that a string
// quoted by quote must stop at: the quote, a line break, or, unless the
// string is verbatim, a backslash; or len(src). It reads eight bytes at a
// time (SWAR): strings with escapes are often long (regular expressions,
// paths), and a byte at a time they took twice the instructions.
func stringStop(src string, i int, quote byte, verbatim bool) int {
	quotes, backslashes := ones*uint64(quote), ones*uint64('\\')
	if verbatim {
		backslashes = quotes // no escapes
	}
	for ; i < len(src)-7; i += 8 {
		x := load64(src, i)
		if m := zeroBytes(x^quotes) | zeroBytes(x^backslashes) | zeroBytes(x^(ones*'\n')) | zeroBytes(x^(ones*'\r')); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(src); i++ {
		if c := src[i]; c == quote || c == '\n' || c == '\r' || c == '\\' && !verbatim {
			return i
		}
	}
	return i
}

// Bytes broadcast to the eight bytes of a word, for the SWAR scans.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// load64 returns the eight bytes of s from j as a little-endian word. (The
// compiler makes the eight loads one.)
func load64(s string, j int) uint64 {
	return uint64(s[j]) | uint64(s[j+1])<<8 | uint64(s[j+2])<<16 | uint64(s[j+3])<<24 |
		uint64(s[j+4])<<32 | uint64(s[j+5])<<40 | uint64(s[j+6])<<48 | uint64(s[j+7])<<56
}

// identStops returns the high bit of each byte of x that is not an
// identifier character (a-z A-Z 0-9 _), all other bits clear. Each test
// adds to the bytes with their high bits clear, which carries into no
// other byte: b + (0x80-lo) has its high bit set if and only if b >= lo.
func identStops(x uint64) uint64 {
	const low7 = 0x7f * ones
	y := x & low7
	lower := y | 0x20*ones // A-Z as a-z
	letter := (lower + (0x80-'a')*ones) &^ (lower + (0x80-'z'-1)*ones)
	digit := (y + (0x80-'0')*ones) &^ (y + (0x80-'9'-1)*ones)
	u := y ^ '_'*ones
	notUnderscore := (u + low7) | u
	return (x | notUnderscore&^(letter|digit)) & highs
}

// zeroBytes returns x with the high bit of each zero byte set and all other
// bits clear, except that bytes above the lowest zero byte may show as zero
// too: the lowest set bit is exact.
func zeroBytes(x uint64) uint64 { return (x - ones) &^ x & highs }

// escapeLen returns the length of the escape sequence at src[i], a
// backslash, or -1 if it is none of KQL's: \\ \' \" \a \b \f \n \r \t \v,
// \xHH, \uHHHH, \UHHHHHHHH, or an octal code of one to three digits (up
// to \377).
func escapeLen(src string, i int) int {
	if i+1 >= len(src) {
		return -1
	}
	hex := func(n int) int {
		if i+2+n > len(src) {
			return -1
		}
		for _, c := range []byte(src[i+2 : i+2+n]) {
			if !isHexDigit(c) {
				return -1
			}
		}
		return 2 + n
	}
	switch c := src[i+1]; c {
	case '\\', '\'', '"', 'a', 'b', 'f', 'n', 'r', 't', 'v':
		return 2
	case 'x':
		return hex(2)
	case 'u':
		return hex(4)
	case 'U':
		return hex(8)
	default:
		if !isOctal(c) {
			return -1
		}
		if i+2 < len(src) && isOctal(src[i+2]) {
			if i+3 < len(src) && isOctal(src[i+3]) && c <= '3' {
				return 4
			}
			return 3
		}
		return 2
	}
}

func isOctal(c byte) bool { return '0' <= c && c <= '7' }

// escapeText shows the invalid escape sequence at src[i] for an error
// message: the backslash and the character after it, or a description of
// a character that does not print.
func escapeText(src string, i int) string {
	if i+1 >= len(src) {
		return "a backslash at the end of the text"
	}
	r, _ := utf8.DecodeRuneInString(src[i+1:])
	if r == '\n' || r == '\r' {
		return "a backslash at the end of a line"
	}
	if !unicode.IsPrint(r) || r == utf8.RuneError {
		return fmt.Sprintf("a backslash before %U", r)
	}
	return "\\" + string(r)
}

// commentEnd returns the end of the // comment at i: the line break that
// ends its line, as lineEnd, but faster on the usual comments; the comment
// takes a line break U+2028 or U+2029 with it.
func commentEnd(src string, i int) int {
	end := len(src)
	if nl := strings.IndexByte(src[i:], '\n'); nl >= 0 {
		end = i + nl
	}
	if cr := strings.IndexByte(src[i:end], '\r'); cr >= 0 {
		end = i + cr
	}
	if strings.IndexByte(src[i:end], 0xE2) >= 0 {
		if end = lineEnd(src, i); end < len(src) && src[end] == 0xE2 {
			end += len("\u2028") // which, no whitespace, only a comment takes
		}
	}
	return end
}

// lineEnd returns the offset of the line break that ends the line at i
// (\n, \r, U+2028 or U+2029), or the length of src.
func lineEnd(src string, i int) int {
	for ; i < len(src); i++ {
		switch src[i] {
		case '\n', '\r':
			return i
		case 0xE2: // U+2028 and U+2029 are E2 80 A8 and E2 80 A9
			if hasPrefixAt(src, i, "\u2028") || hasPrefixAt(src, i, "\u2029") {
				return i
			}
		}
	}
	return i
}

// fenced scans a multi-line string ```...``` or ~~~...~~~ whose fence
// starts at q and returns its end, or -1.
func (lx *lexer) fenced(q int, fence string) int {
	end := indexFrom(lx.src, q+3, fence)
	if end < 0 {
		lx.fail(len(lx.src), "unterminated multi-line string literal: missing "+fence)
		return -1
	}
	return end + 3
}

func indexFrom(s string, from int, sub string) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if s[i] == sub[0] && s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// punctLen returns the length of the punctuation or symbolic operator at
// src[i], or 0 if none starts there.
func punctLen(src string, i int) int {
	c := src[i]
	next := byte(0)
	if i+1 < len(src) {
		next = src[i+1]
	}
	switch c {
	case '(', ')', '[', ']', '{', '}', ',', ';', ':', '*', '/', '%', '+', '?', '@', '|':
	case '.':
		if next == '.' {
			return 2
		}
	case '=':
		if next == '=' || next == '~' || next == '>' {
			return 2
		}
	case '!':
		if next == '=' || next == '~' {
			return 2
		}
	case '<':
		if next == '=' || next == '>' || next == '|' {
			return 2
		}
	case '>':
		if next == '=' {
			return 2
		}
	case '-':
		if next == '>' {
			return 2
		}
	default:
		return 0
	}
	return 1
}

func quoteRune(r rune) string {
	if r < ' ' || r == 0x7f {
		return "U+" + hex4(r)
	}
	return "'" + string(r) + "'"
}

func hex4(r rune) string {
	const digits = "0123456789ABCDEF"
	b := []byte{digits[r>>12&15], digits[r>>8&15], digits[r>>4&15], digits[r&15]}
	return string(b)
}
