package eval

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestURLFunctions checks url_encode, url_encode_component and url_decode
// against the reference's examples. The url_encode example's input lacks
// the trailing / its output shows, and the url_encode_component example's
// output drops the input's trailing /; the cases below keep input and
// output consistent.
func TestURLFunctions(t *testing.T) {
	runCases(t, nil, []evalCase{
		{name: "url_decode example", query: `let url = @'https%3a%2f%2fwww.bing.com%2f';
			print original = url, decoded = url_decode(url)`,
			want: "original:string | decoded:string\nhttps%3a%2f%2fwww.bing.com%2f | https://www.bing.com/"},
		{name: "url_encode example", query: `let url = @'https://www.bing.com/hello world';
			print original = url, encoded = url_encode(url)`,
			want: "original:string | encoded:string\nhttps://www.bing.com/hello world | https%3a%2f%2fwww.bing.com%2fhello+world"},
		{name: "url_encode_component example", query: `let url = @'https://www.bing.com/hello world';
			print original = url, encoded = url_encode_component(url)`,
			want: "original:string | encoded:string\nhttps://www.bing.com/hello world | https%3a%2f%2fwww.bing.com%2fhello%20world"},
		{name: "decode upper-case hex and UTF-8", query: `print url_decode("a%2Fb%C3%A9%20c")`,
			want: "print_0:string\na/bé c"},
		{name: "encode UTF-8 bytes", query: `print url_encode_component("é?x=1&y=%"), url_encode("a-b_c.d")`,
			want: "print_0:string | print_1:string\n%c3%a9%3fx%3d1%26y%3d%25 | a-b_c.d"},
		{name: "round trip", query: `print s = "k=v&q=a b/c" | extend e = url_encode_component(s) | extend d = url_decode(e)`,
			want: "s:string | e:string | d:string\nk=v&q=a b/c | k%3dv%26q%3da%20b%2fc | k=v&q=a b/c"},
		{name: "empty", query: `print url_decode(""), url_encode("")`, want: "print_0:string | print_1:string\n | "},
	})
}

// TestURLFunctionsUndocumented checks that what the examples leave open
// fails as not supported, at the call, instead of guessing.
func TestURLFunctionsUndocumented(t *testing.T) {
	for _, tc := range []struct{ query, pos, msg string }{
		{`print url_decode("a+b")`, "1:7", "url_decode() of a string with a + is not supported"},
		{`print url_decode("100%")`, "1:7", "a % not followed by two hex digits"},
		{`print url_decode("%zz")`, "1:7", "a % not followed by two hex digits"},
		{`print url_decode("%ff")`, "1:7", "escapes that do not decode as UTF-8"},
		{`print url_encode("it's")`, "1:7", `url_encode() of a string with '\'' is not supported`},
		{`print x = "(a)" | extend y = url_encode_component(x)`, "1:30", `url_encode_component() of a string with '(' is not supported`},
	} {
		t.Run(tc.query, func(t *testing.T) {
			_, err := Run(tc.query, Options{Now: testNow})
			var e *Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.True(t, e.Unsupported)
			assert.Equal(t, tc.pos, e.Pos.String())
			assert.Contains(t, e.Msg, tc.msg)
		})
	}
}
