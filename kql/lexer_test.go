package kql

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	plexer "github.com/alecthomas/participle/v2/lexer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lexed returns the tokens of src as "kind:text" strings.
func lexed(t *testing.T, src string) []string {
	t.Helper()
	toks, err := lex(src)
	require.Nil(t, err, "%q", src)
	var out []string
	for _, tok := range toks {
		if tok.kind == tEOF {
			break
		}
		out = append(out, tokKindShort[tok.kind]+":"+src[tok.start:tok.end])
	}
	return out
}

var tokKindShort = [...]string{"eof", "id", "long", "real", "ts", "str", "typed", "op", "p", "bad"}

func TestLexer(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		// Words, dashed keywords and subtraction.
		{"project-away a-b mv-expand x - y", []string{"id:project-away", "id:a", "p:-", "id:b", "id:mv-expand", "id:x", "p:-", "id:y"}},
		{"$left.a $right", []string{"id:$left", "p:.", "id:a", "id:$right"}},
		{"3des _x x1", []string{"id:3des", "id:_x", "id:x1"}},
		// Negated and compound operators.
		{"!in !in~ in~ !has !contains_cs !between !x", []string{"op:!in", "op:!in~", "op:in~", "op:!has", "op:!contains_cs", "op:!between", "p:!", "id:x"}},
		{"a matches regex b", []string{"id:a", "op:matches regex", "id:b"}},
		{"a matches  regex", []string{"id:a", "id:matches", "id:regex"}},
		{"== != <> <= >= =~ !~ => .. <|", []string{"p:==", "p:!=", "p:<>", "p:<=", "p:>=", "p:=~", "p:!~", "p:=>", "p:..", "p:<|"}},
		// Numbers and timespans.
		{"1 0x1F 1.5 1e3 1.5e-3 2. 1.e2", []string{"long:1", "long:0x1F", "real:1.5", "real:1e3", "real:1.5e-3", "real:2.", "real:1.e2"}},
		{"1d 5m 10s 100ms 1tick 2microseconds 1.5h 7days", []string{"ts:1d", "ts:5m", "ts:10s", "ts:100ms", "ts:1tick", "ts:2microseconds", "ts:1.5h", "ts:7days"}},
		{"1..2 0.d", []string{"long:1", "p:..", "long:2", "long:0", "p:.", "id:d"}},
		// Numbers running into letters, as the official lexer splits them:
		// 1e5x is a name, a signed exponent ends the name at its sign, a
		// fraction ends the number at its dot (found by FuzzRoundTrip).
		{"1e5x 1e+0A 12E-3abc 0.5x", []string{"id:1e5x", "id:1e", "p:+", "id:0A", "id:12E", "p:-", "id:3abc", "long:0", "p:.", "id:5x"}},
		// Strings.
		{`"a\"b" 'c\'d' @"e\" @'f''g'`, []string{`str:"a\"b"`, `str:'c\'d'`, `str:@"e\"`, `str:@'f''g'`}},
		{`h"x" H'y' h@"z" h`, []string{`str:h"x"`, `str:H'y'`, `str:h@"z"`, "id:h"}},
		{"```a\nb``` ~~~c~~~", []string{"str:```a\nb```", "str:~~~c~~~"}},
		// Typed literals are one token; with a space they are not.
		{"datetime(2020-01-01 10:00) int(null) guid(x) int (1)", []string{"typed:datetime(2020-01-01 10:00)", "typed:int(null)", "typed:guid(x)", "id:int", "p:(", "long:1", "p:)"}},
		{`datetime("a)b")`, []string{`typed:datetime("a)b")`}},
		// Trivia.
		{"a // c\n\u00a0b\u200b\ufeffc", []string{"id:a", "id:b", "id:c"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, lexed(t, tt.src), "%q", tt.src)
	}
}

// TestParticipleLexer uses the exported participle lexer definition in a
// grammar of its own, as another tool built on participle would.
func TestParticipleLexer(t *testing.T) {
	type words struct {
		Tokens []string `parser:"( @Ident | @Punct | @Long | @String | @Op )*"`
	}
	p := participle.MustBuild[words](participle.Lexer(participleLexer))
	w, err := p.ParseString("q.kql", "T | where a !in ('x') // c\n| take 1")
	require.NoError(t, err)
	assert.Equal(t, []string{"T", "|", "where", "a", "!in", "(", "'x'", ")", "|", "take", "1"}, w.Tokens)

	sd, ok := participleLexer.(plexer.StringDefinition)
	require.True(t, ok)
	lx, err := sd.LexString("q.kql", "a\n  bb")
	require.NoError(t, err)
	var got []string
	for {
		tok, err := lx.Next()
		require.NoError(t, err)
		if tok.EOF() {
			break
		}
		got = append(got, tok.Value+"@"+tok.Pos.String())
	}
	assert.Equal(t, []string{"a@q.kql:1:1", "bb@q.kql:2:3"}, got)

	_, err = p.ParseString("q.kql", "T\n| where 'x")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "2:11: unterminated string literal")
}

// FuzzLex checks the lexer's invariants on any input: the tokens are in
// order inside the source and end with the end token; what lies between
// them is whitespace and comments only; a token lexed alone is the same
// token; the counts agree with the tokens; and a token buffer that a parse
// left dirty gives the same tokens as a new one.
func FuzzLex(f *testing.F) {
	addSeeds(f)
	for _, src := range []string{
		"a-b project-away x mv-expand-y", "h'x' H\"y\" h@'z'", "datetime(2020-01-01 10:00) int ( 1)",
		"1e+0A 1.5h 0x1F 1. 1..2 0.d 3des", "!in~ x !has !x a !=b", "a matches regex b matches  regex",
		`'a\'b' "a\\" 'ab\u0041cdefghij' @'a''b'`, "```x\ny``` ~~~z~~~", "#connect c\nT", "x\u00a0y\u200bz\ufeff",
		"a // c\r\nb // d\u2028e", "x.y a<|b c->d e=>f g=~h", "'a\nb'", "\"abcdefgh\\q\"", "\xff",
		"T | summarize count() by bin(x, 1h) | where true", "query_parameters materialized_view_x True", "x by",
		"$left.Abcdefgh_0123456789 == x12345678", "a\x7fb c\x80d ab_", "abcdefgh",
	} {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		toks, counts, err := lexCounting(nil, src)
		if err != nil {
			require.True(t, err.Pos.Offset >= 0 && err.Pos.Offset <= len(src), "error offset %d", err.Pos.Offset)
			return
		}
		require.NotEmpty(t, toks)
		end := toks[len(toks)-1]
		require.Equal(t, token{kind: tEOF, start: int32(len(src)), end: int32(len(src))}, end)

		var want tokenCounts
		want[allTokens] = int32(len(toks))
		prev := 0
		for i, tok := range toks[:len(toks)-1] {
			require.True(t, int(tok.start) >= prev && tok.start < tok.end && int(tok.end) <= len(src), "token %d %+v after %d", i, tok, prev)
			require.True(t, isTrivia(src[prev:tok.start], i == 0), "between tokens: %q", src[prev:tok.start])
			require.Equal(t, tok.kind == tTyped, tok.lit != 0, "token %+v", tok)
			text := src[tok.start:tok.end]
			switch tok.kind {
			case tPunct:
				require.Equal(t, text, tok.id.String(), "the id of %+v", tok)
			case tIdent, tOp:
				require.Equal(t, lookupWordID(text), tok.id, "the id of %+v", tok)
			default:
				require.Equal(t, idNone, tok.id, "token %+v", tok)
			}
			alone, err := lex(text)
			require.Nil(t, err, "%q alone", text)
			require.Equal(t, []token{{kind: tok.kind, lit: tok.lit, id: tok.id, end: int32(len(text))}, {kind: tEOF, start: int32(len(text)), end: int32(len(text))}}, alone, "%q alone", text)
			switch tok.kind {
			case tIdent:
				want[wordTokens]++
			case tLong, tReal, tTimespan, tString, tTyped:
				want[literalTokens]++
			case tPunct:
				if text == "(" {
					want[openParens]++
				}
			}
			prev = int(tok.end)
		}
		require.True(t, isTrivia(src[prev:], len(toks) == 1), "after the tokens: %q", src[prev:])
		require.Equal(t, want, counts)

		dirty := make([]token, 0, 1)
		for range cap(toks) + 10 {
			dirty = append(dirty, token{start: -1, end: -1, kind: tBad, lit: 255, id: 999})
		}
		again, _ := lexInto(dirty[:0], src)
		require.Equal(t, toks, again)
	})
}

// isTrivia reports whether s is whitespace and comments only, and, if
// first (before the first token), directive lines.
func isTrivia(s string, first bool) bool {
	for s != "" {
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r >= utf8.RuneSelf && isUnicodeSpace(r):
			s = s[size:]
		case strings.HasPrefix(s, "//"):
			s = s[commentEnd(s, 0):]
		case first && r == '#':
			s = s[lineEnd(s, 0):]
		default:
			return false
		}
	}
	return true
}

// identStops marks exactly the bytes that are not identifier characters,
// whatever their neighbours: every byte at every position, among
// neighbours of every class.
func TestIdentStops(t *testing.T) {
	for _, fill := range []byte{'a', 'Z', '0', '_', ' ', 0x00, 0x7f, 0x80, 0xff, '`', '@', '[', '{', '/', ':'} {
		for pos := range 8 {
			for b := range 256 {
				var buf [8]byte
				for k := range buf {
					buf[k] = fill
				}
				buf[pos] = byte(b)
				x := load64(string(buf[:]), 0)
				var want uint64
				for k, c := range buf {
					if !isIdentChar(c) {
						want |= 0x80 << (8 * k)
					}
				}
				require.Equal(t, want, identStops(x), "byte %#x at %d among %#x", b, pos, fill)
			}
		}
	}
}
