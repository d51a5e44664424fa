package kql

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnquote(t *testing.T) {
	for _, c := range []struct{ lit, want string }{
		{`"a\tb"`, "a\tb"},
		{`'it\'s'`, "it's"},
		{`"\\ \" \' \a\b\f\n\r\t\v"`, "\\ \" ' \a\b\f\n\r\t\v"},
		{`"\x41\xe9"`, "Aé"}, // \xHH is a character, not a byte
		{`"\u00e9\U0001F600"`, "é😀"},
		{`"\uD83D\uDE00"`, "😀"}, // a UTF-16 surrogate pair
		{`"\0\101\7\17"`, "\x00A\a\x0f"},
		{`"\1234"`, "S4"}, // three octal digits at most
		{`"\400"`, " 0"},  // \40 and 0: above \377 takes two digits
		{`@"C:\Windows\"""`, `C:\Windows\"`},
		{`h'secret'`, "secret"},
		{"```a\\b```", `a\b`},
	} {
		got, err := Unquote(c.lit)
		if assert.NoError(t, err, c.lit) {
			assert.Equal(t, c.want, got, c.lit)
		}
	}
	for _, lit := range []string{`"\W"`, `"\x4"`, `"\u12"`, `"\8"`, `"a\"`, `"ab`} {
		_, err := Unquote(lit)
		assert.Error(t, err, lit)
	}
}

// TestStringsUnquote checks that every string literal Parse accepts
// unquotes, to the value its Quote prints back.
func TestStringsUnquote(t *testing.T) {
	for _, src := range stringEscapeVariants() {
		q, err := Parse(src)
		if err != nil {
			continue
		}
		Inspect(q, func(n Node) bool {
			if lit, ok := n.(*BasicLit); ok && lit.Kind == StringLit {
				v, err := Unquote(lit.Value)
				require.NoError(t, err, src)
				back, err := Unquote(Quote(v, StyleOf(lit.Value)))
				require.NoError(t, err, src)
				assert.Equal(t, v, back, src)
			}
			return true
		})
	}
}
