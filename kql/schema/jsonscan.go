package schema

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds the nesting of JSON values. Schema files nest four
// levels at most; the bound keeps a hostile file from exhausting the stack.
const maxDepth = 64

// A scanner reads JSON from a byte slice, keeping the offset of every
// value so that errors can say where they are. It accepts exactly the JSON
// of RFC 8259 (the fuzz test checks it against encoding/json). Its methods
// are callback-driven so that callers decode what they need and skip the
// rest without building a tree.
type scanner struct {
	data  []byte
	pos   int
	depth int
}

// errSyntax is the error of malformed JSON, at byte offset off.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

func (s *scanner) errorf(off int, format string, args ...any) error {
	return &syntaxError{off: off, msg: fmt.Sprintf(format, args...)}
}

// describe names the byte at s.pos for an error message.
func (s *scanner) describe() string {
	if s.pos >= len(s.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(s.data[s.pos:])
	if r == utf8.RuneError || r < ' ' {
		return fmt.Sprintf("byte %#02x", s.data[s.pos])
	}
	return strconv.QuoteRune(r)
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// valueKind is the kind of the JSON value that starts at s.pos (after
// white space), or 0 at the end of the input.
type valueKind byte

const (
	kindNone valueKind = iota
	kindObject
	kindArray
	kindString
	kindNumber
	kindBool
	kindNull
)

func (k valueKind) String() string {
	return [...]string{"nothing", "an object", "an array", "a string", "a number", "a boolean", "null"}[k]
}

// peek skips white space and returns the kind of the next value.
func (s *scanner) peek() valueKind {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return kindNone
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return kindObject
	case c == '[':
		return kindArray
	case c == '"':
		return kindString
	case c == '-' || c >= '0' && c <= '9':
		return kindNumber
	case c == 't' || c == 'f':
		return kindBool
	case c == 'n':
		return kindNull
	}
	return kindNone
}

// object reads an object, calling member for each member with the key and
// the offset of the key's opening quote. member must consume the value
// (with skip, str, object, array...).
func (s *scanner) object(member func(key string, keyOff int) error) error {
	return s.members(true, member)
}

// members reads an object; build says whether keys are built (skipping
// an object does not need them).
func (s *scanner) members(build bool, member func(key string, keyOff int) error) error {
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '{' {
		return s.errorf(s.pos, "want an object, found %s", s.describe())
	}
	if err := s.enter(); err != nil {
		return err
	}
	s.pos++
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		s.skipSpace()
		keyOff := s.pos
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return s.errorf(s.pos, "want a member name in quotes, found %s", s.describe())
		}
		key, err := s.stringValue(build)
		if err != nil {
			return err
		}
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return s.errorf(s.pos, "want ':' after the member name, found %s", s.describe())
		}
		s.pos++
		if err := member(key, keyOff); err != nil {
			return err
		}
		s.skipSpace()
		if s.pos >= len(s.data) {
			return s.errorf(s.pos, "unterminated object: want ',' or '}', found end of input")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.depth--
			return nil
		default:
			return s.errorf(s.pos, "want ',' or '}' after an object member, found %s", s.describe())
		}
	}
}

// array reads an array, calling elem for each element with its index;
// elem must consume the element.
func (s *scanner) array(elem func(i int) error) error {
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '[' {
		return s.errorf(s.pos, "want an array, found %s", s.describe())
	}
	if err := s.enter(); err != nil {
		return err
	}
	s.pos++
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for i := 0; ; i++ {
		if err := elem(i); err != nil {
			return err
		}
		s.skipSpace()
		if s.pos >= len(s.data) {
			return s.errorf(s.pos, "unterminated array: want ',' or ']', found end of input")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return nil
		default:
			return s.errorf(s.pos, "want ',' or ']' after an array element, found %s", s.describe())
		}
	}
}

func (s *scanner) enter() error {
	if s.depth >= maxDepth {
		return s.errorf(s.pos, "nested too deeply (more than %d levels)", maxDepth)
	}
	s.depth++
	return nil
}

// skip reads and discards one value of any kind.
func (s *scanner) skip() error {
	switch s.peek() {
	case kindObject:
		return s.members(false, s.skipMember)
	case kindArray:
		return s.array(func(int) error { return s.skip() })
	case kindString:
		return s.skipString()
	case kindNumber:
		return s.number()
	case kindBool, kindNull:
		_, err := s.literal()
		return err
	}
	return s.errorf(s.pos, "want a value, found %s", s.describe())
}

func (s *scanner) skipMember(string, int) error { return s.skip() }

// boolean reads true or false.
func (s *scanner) boolean() (bool, error) {
	s.skipSpace()
	off := s.pos
	v, err := s.literal()
	if err != nil {
		return false, err
	}
	b, ok := v.(bool)
	if !ok {
		return false, s.errorf(off, "want true or false, found null")
	}
	return b, nil
}

// literal reads true, false or null.
func (s *scanner) literal() (any, error) {
	s.skipSpace()
	for _, l := range [...]struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if len(s.data)-s.pos >= len(l.text) && string(s.data[s.pos:s.pos+len(l.text)]) == l.text {
			s.pos += len(l.text)
			return l.v, nil
		}
	}
	return nil, s.errorf(s.pos, "want a value, found %s", s.describe())
}

// number reads a number in JSON's grammar and discards it: schema files
// have no numbers that mean anything.
func (s *scanner) number() error {
	s.skipSpace()
	start := s.pos
	digits := func() int {
		n := 0
		for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
			s.pos++
			n++
		}
		return n
	}
	if s.pos < len(s.data) && s.data[s.pos] == '-' {
		s.pos++
	}
	if s.pos < len(s.data) && s.data[s.pos] == '0' {
		s.pos++
	} else if digits() == 0 {
		return s.errorf(s.pos, "malformed number: want a digit, found %s", s.describe())
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if digits() == 0 {
			return s.errorf(s.pos, "malformed number: want a digit after '.', found %s", s.describe())
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if digits() == 0 {
			return s.errorf(s.pos, "malformed number: want a digit in the exponent, found %s", s.describe())
		}
	}
	_ = start
	return nil
}

// skipString reads a string without building its value.
func (s *scanner) skipString() error {
	_, err := s.stringValue(false)
	return err
}

// str reads a string and returns its value.
func (s *scanner) str() (string, error) {
	return s.stringValue(true)
}

func (s *scanner) stringValue(build bool) (string, error) {
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '"' {
		return "", s.errorf(s.pos, "want a string, found %s", s.describe())
	}
	open := s.pos
	s.pos++
	start := s.pos
	// Fast path: no escapes. Plain ASCII bytes are skipped by a table
	// lookup; other bytes are checked one rune at a time.
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		if !strSpecial[c] {
			s.pos++
			continue
		}
		if c == '"' {
			v := ""
			if build {
				v = string(s.data[start:s.pos])
			}
			s.pos++
			return v, nil
		}
		if c == '\\' {
			break
		}
		if c < ' ' {
			return "", s.errorf(s.pos, "control character %#02x in a string (escape it)", c)
		}
		r, n := utf8.DecodeRune(s.data[s.pos:])
		if r == utf8.RuneError && n <= 1 {
			return "", s.errorf(open, "string is not valid UTF-8")
		}
		s.pos += n
	}
	buf := append([]byte(nil), s.data[start:s.pos]...)
	for {
		if s.pos >= len(s.data) {
			return "", s.errorf(open, "unterminated string")
		}
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			if !utf8.Valid(buf) {
				return "", s.errorf(open, "string is not valid UTF-8")
			}
			if !build {
				return "", nil
			}
			return string(buf), nil
		case c < ' ':
			return "", s.errorf(s.pos, "control character %#02x in a string (escape it)", c)
		case c != '\\':
			buf = append(buf, c)
			s.pos++
			continue
		}
		// An escape.
		if s.pos+1 >= len(s.data) {
			return "", s.errorf(open, "unterminated string")
		}
		esc := s.data[s.pos+1]
		s.pos += 2
		switch esc {
		case '"', '\\', '/':
			buf = append(buf, esc)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, err := s.hex4()
			if err != nil {
				return "", err
			}
			if utf16.IsSurrogate(r) {
				// A high surrogate followed by a low one is one rune;
				// anything else becomes U+FFFD, as in encoding/json.
				if r < 0xDC00 && s.pos+1 < len(s.data) && s.data[s.pos] == '\\' && s.data[s.pos+1] == 'u' {
					save := s.pos
					s.pos += 2
					r2, err := s.hex4()
					if err != nil {
						return "", err
					}
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
					} else {
						s.pos = save
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", s.errorf(s.pos-2, "invalid escape \\%s in a string", string(rune(esc)))
		}
	}
}

// strSpecial marks the bytes the fast path of stringValue must look at:
// the quote, the backslash, control characters and non-ASCII bytes.
var strSpecial = func() (t [256]bool) {
	for c := range t {
		t[c] = c == '"' || c == '\\' || c < ' ' || c >= utf8.RuneSelf
	}
	return t
}()

func (s *scanner) hex4() (rune, error) {
	if len(s.data)-s.pos < 4 {
		return 0, s.errorf(s.pos, "\\u escape needs four hex digits")
	}
	v, err := strconv.ParseUint(string(s.data[s.pos:s.pos+4]), 16, 32)
	if err != nil || !isHex4(s.data[s.pos:s.pos+4]) {
		return 0, s.errorf(s.pos, "\\u escape needs four hex digits")
	}
	s.pos += 4
	return rune(v), nil
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// end checks that only white space follows the top-level value.
func (s *scanner) end() error {
	s.skipSpace()
	if s.pos < len(s.data) {
		return s.errorf(s.pos, "unexpected %s after the top-level value", s.describe())
	}
	return nil
}

// asSyntax reports whether err is a JSON syntax error and its offset.
func asSyntax(err error) (*syntaxError, bool) {
	var se *syntaxError
	ok := errors.As(err, &se)
	return se, ok
}
