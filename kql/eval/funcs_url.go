package eval

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kqlt/kqlt/kql"
)

// URL encoding: url_encode, url_encode_component and url_decode, by the
// reference's examples. Both encoders write a byte outside the unreserved
// set as %xx with lower-case hex digits, the UTF-8 bytes of a non-ASCII
// character one by one ("https://www.bing.com/hello world" is
// "https%3a%2f%2fwww.bing.com%2fhello+world"); url_encode writes a space as
// +, url_encode_component as %20.
//
// What the examples leave open is refused as not supported rather than
// guessed: encoding the characters that percent-encoders disagree on
// (! ' ( ) * ~, which .NET's form encoding keeps and others escape), and
// decoding a + (a space in form encoding, itself elsewhere), a % not
// followed by two hex digits, or bytes that do not decode as UTF-8.

func init() {
	register("url_encode", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeString, args[0], func(v Value) Value { return NewString(urlEncode(call, stringOf(v), "+")) }), nil
	})
	register("url_encode_component", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeString, args[0], func(v Value) Value { return NewString(urlEncode(call, stringOf(v), "%20")) }), nil
	})
	register("url_decode", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeString, args[0], func(v Value) Value { return NewString(urlDecode(call, stringOf(v))) }), nil
	})
}

func urlEncode(call *kql.CallExpr, s, space string) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9', ch == '-', ch == '_', ch == '.':
			b.WriteByte(ch)
		case ch == ' ':
			b.WriteString(space)
		case strings.IndexByte("!'()*~", ch) >= 0:
			panic(&unsupportedValue{at: call, msg: fmt.Sprintf("%s() of a string with %q is not supported: the reference does not say whether it is escaped", funcName(call), ch)})
		default:
			b.WriteByte('%')
			b.WriteByte(hex[ch>>4])
			b.WriteByte(hex[ch&15])
		}
	}
	return b.String()
}

func urlDecode(call *kql.CallExpr, s string) string {
	refuse := func(what string) {
		panic(&unsupportedValue{at: call, msg: fmt.Sprintf("url_decode() of a string with %s is not supported: the reference does not say how it decodes", what)})
	}
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '+':
			refuse("a +")
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				refuse("a % not followed by two hex digits")
			}
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			out = append(out, s[i])
		}
	}
	if !utf8.Valid(out) {
		refuse("escapes that do not decode as UTF-8")
	}
	return string(out)
}

func isHex(ch byte) bool {
	return '0' <= ch && ch <= '9' || 'a' <= ch && ch <= 'f' || 'A' <= ch && ch <= 'F'
}

func unhex(ch byte) byte {
	switch {
	case '0' <= ch && ch <= '9':
		return ch - '0'
	case 'a' <= ch && ch <= 'f':
		return ch - 'a' + 10
	}
	return ch - 'A' + 10
}

func funcName(call *kql.CallExpr) string {
	if id, ok := call.Fun.(*kql.Ident); ok {
		return id.Name
	}
	return "the function"
}
