package kql

import (
	"fmt"
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
	id    tokenID // which symbol or word: set by the lexer for symbols, by the parser for words (see parser.identifyWords)
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
	return t
}()

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

func (lx *lexer) emit(kind tokKind, start int) {
	lx.toks = append(lx.toks, token{kind: kind, start: int32(start), end: int32(lx.pos)})
	switch kind {
	case tIdent:
		lx.counts[wordTokens]++
	case tLong, tReal, tTimespan, tString, tTyped:
		lx.counts[literalTokens]++
	}
}

// emitSymbol appends the punctuation token id, which ends at lx.pos.
func (lx *lexer) emitSymbol(id tokenID, start int) {
	lx.toks = append(lx.toks, token{kind: tPunct, id: id, start: int32(start), end: int32(lx.pos)})
}

func (lx *lexer) fail(offset int, msg string) {
	lx.err = &Error{Pos: Position{Offset: offset}, Msg: msg, src: lx.src}
}

func (lx *lexer) run() {
	// The common tokens (plain words, single-character punctuation) and
	// spaces are scanned here, with the position and the tokens in local
	// variables; the rest goes through scanOther and the methods it calls.
	// The plain words and the parentheses are counted here too, in
	// local variables; emit counts the tokens of scanOther. (A lexing
	// error leaves the counts short: the parse stops there.)
	src, toks, i := lx.src, lx.toks, lx.pos
	var words, parens int32
	for {
		for i < len(src) && charClass[src[i]]&cSpace != 0 {
			i++
		}
		if i >= len(src) {
			lx.toks = append(toks, token{kind: tEOF, start: int32(len(src)), end: int32(len(src))})
			lx.counts[wordTokens] += words
			lx.counts[openParens] += parens
			lx.counts[allTokens] = int32(len(lx.toks))
			return
		}
		start := i
		c := src[i]
		if class := charClass[c]; class&cIdentStart != 0 {
			i = identEnd(src, i+1)
			if !lx.specialWord(start, i) {
				toks = append(toks, token{kind: tIdent, start: int32(start), end: int32(i)})
				words++
				continue
			}
		} else {
			// Not a word, which cannot start a comment: a second look for
			// trivia here spares the words the test.
			if class&cTriviaStart != 0 {
				lx.pos = i
				lx.skipTrivia()
				if lx.pos > i {
					i = lx.pos
					continue
				}
			}
			if singlePunct[c] { // a '/' that trivia left is a division
				if c == '(' {
					parens++
				}
				i++
				toks = append(toks, token{kind: tPunct, id: symbolIDs[c], start: int32(start), end: int32(i)})
				continue
			}
		}
		lx.toks, lx.pos = toks, start
		if !lx.scanOther(start) || lx.err != nil {
			return
		}
		toks, i = lx.toks, lx.pos
	}
}

// singlePunct marks the punctuation characters that are a token alone,
// whatever follows them. (A '/' here is a division: trivia took comments.)
var singlePunct = func() (t [256]bool) {
	for _, c := range "()[]{},;:*/%+?|" {
		t[c] = true
	}
	return t
}()

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
// specialWord picks, numbers, strings and punctuation. It reports false
// when lexing must stop.
func (lx *lexer) scanOther(start int) bool {
	src := lx.src
	c := src[start]
	switch {
	case isIdentStart(c):
		lx.word(start)
	case isDigit(c):
		lx.number(start)
	case c == '"' || c == '\'':
		return lx.quoted(start, start, false)
	case c == '#' && len(lx.toks) == 0:
		// A client directive (#connect cluster('c').database('d')) runs
		// to the end of its line. KQL takes directives before the first
		// statement only; kqlt keeps them as trivia, like comments.
		lx.pos = lineEnd(src, start)
		return true
	case c == '@' && lx.pos+1 < len(src) && (src[lx.pos+1] == '"' || src[lx.pos+1] == '\''):
		return lx.quoted(start, start+1, true)
	case c == '`' && hasPrefixAt(src, lx.pos, "```"):
		return lx.fenced(start, start, "```")
	case c == '~' && hasPrefixAt(src, lx.pos, "~~~"):
		return lx.fenced(start, start, "~~~")
	case c == '!' && lx.pos+1 < len(src) && isIdentStart(src[lx.pos+1]):
		// !in, !has_cs, ... are single tokens; a '!' before any other
		// word is the '!' punctuation.
		end := identEnd(src, lx.pos+1)
		if end < len(src) && src[end] == '~' && src[lx.pos:end] == "!in" {
			end++
		}
		if isNegatedOp(src[lx.pos:end]) {
			lx.pos = end
			lx.emit(tOp, start)
		} else {
			lx.pos++
			lx.emitSymbol(pBang, start)
		}
	default:
		return lx.punct(start)
	}
	return true
}

// skipTrivia skips whitespace, including Unicode spaces and the byte order
// mark, and // comments.
func (lx *lexer) skipTrivia() {
	src, i := lx.src, lx.pos
	for i < len(src) {
		c := src[i]
		switch {
		case charClass[c]&cSpace != 0:
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			i = commentEnd(src, i)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(src[i:])
			if !isUnicodeSpace(r) {
				lx.pos = i
				return
			}
			i += size
		default:
			lx.pos = i
			return
		}
	}
	lx.pos = i
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
func (lx *lexer) word(start int) {
	src := lx.src
	lx.pos = identEnd(src, lx.pos+1)
	w := src[start:lx.pos]

	// h"..." and H'...' are obfuscated strings, h@"..." too.
	if (w == "h" || w == "H") && lx.pos < len(src) {
		switch c := src[lx.pos]; {
		case c == '"' || c == '\'':
			lx.quoted(start, lx.pos, false)
			return
		case c == '@' && lx.pos+1 < len(src) && (src[lx.pos+1] == '"' || src[lx.pos+1] == '\''):
			lx.quoted(start, lx.pos+1, true)
			return
		case c == '`' && hasPrefixAt(src, lx.pos, "```"):
			lx.fenced(start, lx.pos, "```")
			return
		case c == '~' && hasPrefixAt(src, lx.pos, "~~~"):
			lx.fenced(start, lx.pos, "~~~")
			return
		}
	}

	if lx.pos < len(src) {
		switch src[lx.pos] {
		case '(':
			if kind := typedLiteralKind(w); kind != IllegalLit {
				lx.typedLiteral(start, kind)
				return
			}
		case '~':
			if w == "in" {
				lx.pos++
				lx.emit(tOp, start)
				return
			}
		case '-':
			// Dashed keywords: take the longest dashed word that is one.
			end, best := lx.pos, -1
			for end < len(src) && src[end] == '-' && end+1 < len(src) && isIdentStart(src[end+1]) {
				end = identEnd(src, end+1)
				if isDashedKeyword(src[start:end]) {
					best = end
				}
			}
			if best > 0 {
				lx.pos = best
			}
		case ' ':
			if w == "matches" && hasPrefixAt(src, lx.pos, " regex") &&
				(lx.pos+6 == len(src) || !isIdentChar(src[lx.pos+6])) {
				lx.pos += 6
				lx.emit(tOp, start)
				return
			}
		}
	}
	lx.emit(tIdent, start)
}

// typedLiteral scans datetime(...), int(...) and the like up to the closing
// parenthesis. The content is kept verbatim; a quoted string inside may hold
// a ')'.
func (lx *lexer) typedLiteral(start int, kind LitKind) {
	src := lx.src
	i := lx.pos + 1
	for i < len(src) {
		switch c := src[i]; c {
		case ')':
			lx.pos = i + 1
			lx.emit(tTyped, start)
			lx.toks[len(lx.toks)-1].lit = uint8(kind)
			return
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
			lx.fail(i, "missing ')' to close the "+src[start:lx.pos]+" literal")
			return
		default:
			i++
		}
	}
	lx.fail(len(src), "missing ')' to close the "+src[start:lx.pos]+" literal")
}

// number scans an integer, real or timespan literal. A digit followed by
// letters that are not a timespan unit makes an identifier (KQL allows
// names like 3des).
func (lx *lexer) number(start int) {
	src := lx.src
	i := start
	kind := tLong
	if src[i] == '0' && i+1 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X') && i+2 < len(src) && isHexDigit(src[i+2]) {
		i += 2
		for i < len(src) && isHexDigit(src[i]) {
			i++
		}
		if i < len(src) && isIdentChar(src[i]) {
			lx.identTail(start, i)
			return
		}
		lx.pos = i
		lx.emit(tLong, start)
		return
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
			lx.pos = j
			lx.emit(tTimespan, start)
			return
		}
		if kind == tLong {
			lx.identTail(start, j)
			return
		}
		// As the official lexer reads them, a real followed by letters
		// is an integer, a dot and a name (0.5x is 0 . 5x), or one name
		// without a fraction (1e5x).
		if dot := strings.IndexByte(src[start:i], '.'); dot >= 0 {
			lx.pos = start + dot
			lx.emit(tLong, start)
			return
		}
		// A signed exponent ends the name at its sign: 1e+0A is the
		// names 1e and 0A added, as the official lexer reads it.
		if sign := strings.IndexAny(src[start:i], "+-"); sign >= 0 {
			lx.pos = start + sign
			lx.emit(tIdent, start)
			return
		}
		lx.identTail(start, j)
		return
	}
	lx.pos = i
	lx.emit(kind, start)
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

// identTail finishes an identifier that started with digits.
func (lx *lexer) identTail(start, i int) {
	lx.pos = identEnd(lx.src, i)
	lx.emit(tIdent, start)
}

// quoted scans a string whose opening quote is at q (after any h or @
// prefix). Regular strings take backslash escapes; verbatim (@) strings take
// a doubled quote. Neither may span lines.
func (lx *lexer) quoted(start, q int, verbatim bool) bool {
	src := lx.src
	quote := src[q]
	i := q + 1
	if !verbatim {
		// Most strings hold no backslash: find the closing quote, and
		// check that neither an escape nor a line break comes before it.
		if n := strings.IndexByte(src[i:], quote); n >= 0 && !containsAny3(src[i:i+n], '\\', '\n', '\r') {
			lx.pos = i + n + 1
			lx.emit(tString, start)
			return true
		}
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == quote:
			if verbatim && i+1 < len(src) && src[i+1] == quote {
				i += 2
				continue
			}
			lx.pos = i + 1
			lx.emit(tString, start)
			return true
		case c == '\\' && !verbatim:
			n := escapeLen(src, i)
			if n < 0 {
				lx.fail(i, "invalid escape sequence in string literal: "+escapeText(src, i))
				return false
			}
			i += n
			continue
		case c == '\n' || c == '\r':
			lx.fail(i, "unterminated string literal: missing "+string(quote))
			return false
		}
		i++
	}
	lx.fail(len(src), "unterminated string literal: missing "+string(quote))
	return false
}

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

// containsAny3 reports whether s holds one of the bytes a, b, c.
func containsAny3(s string, a, b, c byte) bool {
	for i := 0; i < len(s); i++ {
		if x := s[i]; x == a || x == b || x == c {
			return true
		}
	}
	return false
}

// fenced scans a multi-line string ```...``` or ~~~...~~~.
func (lx *lexer) fenced(start, q int, fence string) bool {
	end := indexFrom(lx.src, q+3, fence)
	if end < 0 {
		lx.fail(len(lx.src), "unterminated multi-line string literal: missing "+fence)
		return false
	}
	lx.pos = end + 3
	lx.emit(tString, start)
	return true
}

func indexFrom(s string, from int, sub string) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if s[i] == sub[0] && s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// punct scans punctuation and symbolic operators.
func (lx *lexer) punct(start int) bool {
	src := lx.src
	c := src[lx.pos]
	next := byte(0)
	if lx.pos+1 < len(src) {
		next = src[lx.pos+1]
	}
	n, id := 1, symbolIDs[c]
	switch c {
	case '(', ')', '[', ']', '{', '}', ',', ';', ':', '*', '/', '%', '+', '?', '@', '|':
	case '.':
		if next == '.' {
			n, id = 2, pDotDot
		}
	case '=':
		switch next {
		case '=':
			n, id = 2, pEq
		case '~':
			n, id = 2, pEqTilde
		case '>':
			n, id = 2, pFatArrow
		}
	case '!':
		switch next {
		case '=':
			n, id = 2, pNe
		case '~':
			n, id = 2, pBangTilde
		}
	case '<':
		switch next {
		case '=':
			n, id = 2, pLe
		case '>':
			n, id = 2, pLtGt
		case '|':
			n, id = 2, pLtPipe
		}
	case '>':
		if next == '=' {
			n, id = 2, pGe
		}
	case '-':
		if next == '>' {
			n, id = 2, pArrow
		}
	default:
		r, size := utf8.DecodeRuneInString(src[lx.pos:])
		lx.pos += size
		lx.emit(tBad, start)
		if r == utf8.RuneError && size == 1 {
			lx.fail(start, "invalid UTF-8 encoding")
		} else {
			lx.fail(start, "unexpected character "+quoteRune(r))
		}
		return false
	}
	lx.pos += n
	lx.emitSymbol(id, start)
	return true
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
