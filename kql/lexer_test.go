package kql

import (
	"testing"

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
