package rules

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A small JSON writer with ordered objects: ARM templates keep a stable key
// order (the order the Sentinel portal exports) and 2-space indentation, as
// Microsoft's templates do, and do not HTML-escape "<", ">" and "&" in
// queries as encoding/json would.
//
// It writes ARM templates, in which a string that starts with "[" and ends
// with "]" is an expression that ARM evaluates at deployment. Every string
// value is data: writeJSON escapes such a string with one more leading "["
// (ARM's documented escape: "[[x]" reads as the literal "[x]"). Only armExpr
// values, the template's own expressions, are written as expressions. Keys
// are never expressions; a key that would read as one is refused.

// armExpr is an ARM template expression written by this package, such as
// "[concat(parameters('workspace'),'/...')]".
type armExpr string

// isARMExpression reports whether ARM would evaluate the string s as an
// expression (or, for "[[...]", read it as an escaped literal).
func isARMExpression(s string) bool {
	return len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']'
}

// armLiteral returns the text that ARM reads back as the literal s.
func armLiteral(s string) string {
	if isARMExpression(s) {
		return "[" + s
	}
	return s
}

// armRead is how ARM reads a string of a template that is not an
// expression: "[[x]" is the literal "[x]". It is the inverse of armLiteral
// (for tests and for the property the package documents).
func armRead(s string) (lit string, expr bool) {
	switch {
	case strings.HasPrefix(s, "[[") && s[len(s)-1] == ']':
		return s[1:], false
	case isARMExpression(s):
		return s, true
	}
	return s, false
}

// object is a JSON object whose keys keep their order.
type object []member

type member struct {
	key string
	val any // string, armExpr, bool, int, int64, float64, nil, []any, object
}

func (o object) get(key string) (any, bool) {
	for _, m := range o {
		if m.key == key {
			return m.val, true
		}
	}
	return nil, false
}

func (o *object) set(key string, val any) {
	for i := range *o {
		if (*o)[i].key == key {
			(*o)[i].val = val
			return
		}
	}
	*o = append(*o, member{key, val})
}

// writeJSON writes v, indented by depth levels of two spaces.
func writeJSON(b *bytes.Buffer, v any, depth int) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case uint64:
		b.WriteString(strconv.FormatUint(v, 10))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%v cannot be written in JSON", v)
		}
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	case string:
		writeString(b, armLiteral(v))
	case armExpr:
		writeString(b, string(v))
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteString("[\n")
		for i, x := range v {
			indent(b, depth+1)
			if err := writeJSON(b, x, depth+1); err != nil {
				return err
			}
			if i < len(v)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		indent(b, depth)
		b.WriteByte(']')
	case object:
		if len(v) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteString("{\n")
		for i, m := range v {
			if isARMExpression(m.key) {
				return fmt.Errorf("key %q would read as an ARM expression", m.key)
			}
			indent(b, depth+1)
			writeString(b, m.key)
			b.WriteString(": ")
			if err := writeJSON(b, m.val, depth+1); err != nil {
				return err
			}
			if i < len(v)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		indent(b, depth)
		b.WriteByte('}')
	default:
		return fmt.Errorf("cannot write %T in JSON", v)
	}
	return nil
}

func indent(b *bytes.Buffer, depth int) {
	for i := 0; i < depth; i++ {
		b.WriteString("  ")
	}
}

const hexDigits = "0123456789abcdef"

func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	start := 0 // s[start:i] is pending, needing no escape
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != 0x7F {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"':
				b.WriteString(`\"`)
			case '\\':
				b.WriteString(`\\`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == 0x2028 || r == 0x2029 {
			b.WriteString(s[start:i])
			if r == utf8.RuneError {
				b.WriteString(`\ufffd`)
			} else {
				fmt.Fprintf(b, `\u%04x`, r)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}
