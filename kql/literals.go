package kql

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// reservedNames are the words that cannot stand as plain names in an
// expression; QuoteIdent brackets them.
var reservedNames = func() *wordTable {
	words := make(map[string]uint16)
	for _, w := range []string{
		"and", "or", "let", "set", "alias", "declare",
		"true", "false", "null", "typeof", "dynamic",
		"datetime", "date", "time", "timespan", "guid",
		"int", "long", "real", "double", "decimal", "bool",
		"in", "has", "contains", "startswith", "endswith",
		"between", "by", "on", "with", "of", "to", "step",
		"from", "view", "materialize", "toscalar", "totable",
		"where", "project", "extend", "summarize", "join", "union",
		"print", "range", "datatable", "externaldata", "find", "search",
	} {
		words[w] = 1
	}
	return newWordTable(words)
}()

func isReservedName(w string) bool {
	_, ok := reservedNames.lookup(w)
	return ok
}

// IsIdent reports whether s can be written as a plain name, without
// brackets.
func IsIdent(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '$' && i == 0:
		case isIdentChar(c):
			if !isDigit(c) {
				letter = true
			}
		default:
			// Dashed keywords such as project-away end here too.
			return false
		}
	}
	if !letter {
		return false
	}
	// The reserved words are all lower case.
	return s[0] < 'a' || s[0] > 'z' || !isReservedName(s)
}

// QuoteIdent returns name as KQL writes it: plain if it is an identifier,
// otherwise bracketed, as in ['my column']. Wildcard names (Col*) stay plain.
func QuoteIdent(name string) string {
	if isPlainName(name) {
		return name
	}
	return "['" + identEscaper.Replace(name) + "']"
}

var identEscaper = strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\t", `\t`)

// isPlainName reports whether QuoteIdent writes name as it is.
func isPlainName(name string) bool {
	return IsIdent(name) || strings.IndexByte(name, '*') >= 0 && IsIdent(strings.ReplaceAll(name, "*", "x"))
}

// StringValue returns the value of a string literal: a *BasicLit of kind
// StringLit or a *CompoundString, whose parts it concatenates.
func StringValue(e Expr) (string, bool) {
	switch x := e.(type) {
	case *BasicLit:
		if x.Kind != StringLit {
			return "", false
		}
		v, err := Unquote(x.Value)
		return v, err == nil
	case *CompoundString:
		var b strings.Builder
		for _, part := range x.Parts {
			v, err := Unquote(part.Value)
			if err != nil {
				return "", false
			}
			b.WriteString(v)
		}
		return b.String(), true
	}
	return "", false
}

// StringStyle describes how a string literal is written.
type StringStyle struct {
	Obfuscated bool   // h prefix
	Verbatim   bool   // @ prefix
	Fence      string // "```" or "~~~" for a multi-line string
	Quote      byte   // '"' or '\''
}

// StyleOf returns the style of a string literal token.
func StyleOf(lit string) StringStyle {
	var st StringStyle
	if strings.HasPrefix(lit, "h") || strings.HasPrefix(lit, "H") {
		st.Obfuscated = true
		lit = lit[1:]
	}
	if strings.HasPrefix(lit, "@") {
		st.Verbatim = true
		lit = lit[1:]
	}
	switch {
	case strings.HasPrefix(lit, "```"):
		st.Fence = "```"
	case strings.HasPrefix(lit, "~~~"):
		st.Fence = "~~~"
	case lit != "":
		st.Quote = lit[0]
	}
	if st.Quote != '\'' {
		st.Quote = '"'
	}
	return st
}

// Unquote decodes a string literal token: "a\tb", 'a', @"c:\x", h"secret",
// ```multi-line```.
func Unquote(lit string) (string, error) {
	st := StyleOf(lit)
	body := lit
	if st.Obfuscated {
		body = body[1:]
	}
	if st.Verbatim {
		body = body[1:]
	}
	if st.Fence != "" {
		if len(body) < 6 || !strings.HasSuffix(body, st.Fence) {
			return "", errors.New("unterminated multi-line string")
		}
		return body[3 : len(body)-3], nil
	}
	if len(body) < 2 || body[0] != body[len(body)-1] || (body[0] != '"' && body[0] != '\'') {
		return "", errors.New("not a string literal")
	}
	q := body[0]
	body = body[1 : len(body)-1]
	if st.Verbatim {
		return strings.ReplaceAll(body, string([]byte{q, q}), string(q)), nil
	}
	if strings.IndexByte(body, '\\') < 0 {
		return body, nil
	}
	var b strings.Builder
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		n := escapeLen(body, i)
		if n < 0 {
			return "", errors.New("invalid escape sequence " + escapeText(body, i))
		}
		seq := body[i+1 : i+n]
		i += n
		switch e := seq[0]; e {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'x', 'u', 'U':
			v, _ := strconv.ParseUint(seq[1:], 16, 32)
			r := rune(v)
			if e == 'u' && utf16.IsSurrogate(r) && i+6 <= len(body) && body[i] == '\\' && body[i+1] == 'u' && escapeLen(body, i) == 6 {
				// A UTF-16 surrogate pair, \uD83D\uDE00, is one character.
				lo, _ := strconv.ParseUint(body[i+2:i+6], 16, 32)
				if pair := utf16.DecodeRune(r, rune(lo)); pair != utf8.RuneError {
					r = pair
					i += 6
				}
			}
			b.WriteRune(r) // \xHH is a character too, not a byte
		default:
			if isOctal(e) {
				v, _ := strconv.ParseUint(seq, 8, 32)
				b.WriteRune(rune(v))
			} else {
				b.WriteByte(e) // \\, \' and \"
			}
		}
	}
	return b.String(), nil
}

// Quote returns a string literal for value in the given style. A style that
// cannot hold the value (a verbatim or multi-line string with a quote or a
// line break it cannot express) falls back to a regular quoted string.
func Quote(value string, st StringStyle) string {
	prefix := ""
	if st.Obfuscated {
		prefix = "h"
	}
	q := st.Quote
	if q != '\'' {
		q = '"'
	}
	if st.Fence != "" && !strings.Contains(value, st.Fence) {
		return prefix + st.Fence + value + st.Fence
	}
	if st.Verbatim && !strings.ContainsAny(value, "\r\n") {
		return prefix + "@" + string(q) + strings.ReplaceAll(value, string(q), string([]byte{q, q})) + string(q)
	}
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteByte(q)
	for _, r := range value {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteByte(q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < ' ' || r == utf8.RuneError:
			b.WriteString(`\u` + hex4(r))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}
