package rules

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// This file locates the bytes of a YAML scalar and decodes them, recording for
// every byte of the decoded value the file offset it came from. yaml.v3 gives
// only where a node starts; where it ends, and how a query offset maps back to
// the file, are worked out here by following the scanner of libyaml (which
// yaml.v3 ports) step by step. A span is trusted only when its decoded value
// equals the value yaml.v3 produced (span.exact).

// span is one scalar's place in the file.
type span struct {
	start int // first byte of the scalar proper (indicator or quote), after any anchor or tag
	end   int // byte after the scalar's last byte (see below for block scalars)

	style yaml.Style
	value string // decoded value
	offs  []int  // offs[i] is the file offset of value[i]; len(offs) == len(value)
	exact bool   // value equals the node's value as yaml.v3 decoded it

	// Block scalars only. The header is src[start:indEnd] (the indicator,
	// such as "|-"), then src[indEnd:hdrBreak] (blanks and a comment), then a
	// line break. Content lines run from contentStart to end: through the
	// line break of the last non-empty line, or through the last trailing
	// empty line for keep chomping ("|+").
	indEnd       int
	hdrBreak     int
	contentStart int
	indent       int // content indentation in columns
	chomp        int // -1 strip, 0 clip, +1 keep
}

var errScan = errors.New("scalar does not scan")

// scanner walks the source bytes the way libyaml's scanner does.
type scanner struct {
	src       []byte
	i         int
	lineStart int

	val  []byte
	offs []int
}

func (s *scanner) atEOF() bool { return s.i >= len(s.src) }

func (s *scanner) isBlankAt(i int) bool {
	return i < len(s.src) && (s.src[i] == ' ' || s.src[i] == '\t')
}

func (s *scanner) isBreakAt(i int) bool { return i < len(s.src) && breakLen(s.src, i) > 0 }

// isBlankzAt reports a blank, a break or the end of input at i.
func (s *scanner) isBlankzAt(i int) bool {
	return i >= len(s.src) || s.isBlankAt(i) || s.isBreakAt(i)
}

// col returns the 0-based character column of offset i.
func (s *scanner) col(i int) int { return utf8.RuneCount(s.src[s.lineStart:i]) }

// copyRune appends the character at s.i to buf, recording offsets.
func (s *scanner) copyRune(buf []byte, offs []int) ([]byte, []int) {
	_, size := utf8.DecodeRune(s.src[s.i:])
	for k := 0; k < size; k++ {
		buf = append(buf, s.src[s.i+k])
		offs = append(offs, s.i+k)
	}
	s.i += size
	return buf, offs
}

// readLine consumes a line break, appending it normalised as libyaml does:
// CR, LF, CRLF and NEL become "\n"; LS and PS are kept.
func (s *scanner) readLine(buf []byte, offs []int) ([]byte, []int) {
	if s.atEOF() {
		return buf, offs
	}
	n := breakLen(s.src, s.i)
	if n == 0 {
		return buf, offs
	}
	if n == 3 { // LS or PS
		buf = append(buf, s.src[s.i:s.i+3]...)
		offs = append(offs, s.i, s.i+1, s.i+2)
	} else {
		buf = append(buf, '\n')
		offs = append(offs, s.i)
	}
	s.i += n
	s.lineStart = s.i
	return buf, offs
}

func (s *scanner) emit(b []byte, o []int) {
	s.val = append(s.val, b...)
	s.offs = append(s.offs, o...)
}

// emitFold writes the line breaks of a flow or quoted scalar as YAML folds
// them: a single break becomes a space, and further breaks (the trailing
// ones) stay; a break that is not a plain '\n' (such as an escaped one) and
// what follows stay as they are.
func (s *scanner) emitFold(leadingBreak []byte, leadingOffs []int, trailing []byte, trailingOffs []int) {
	switch {
	case len(leadingBreak) > 0 && leadingBreak[0] == '\n' && len(trailing) == 0:
		s.emit([]byte{' '}, leadingOffs[:1])
	case len(leadingBreak) > 0 && leadingBreak[0] == '\n':
		s.emit(trailing, trailingOffs)
	default:
		s.emit(leadingBreak, leadingOffs)
		s.emit(trailing, trailingOffs)
	}
}

// scanScalar locates and decodes the scalar whose anchor, tag or first
// character is at offset at. parentIndent is the 0-based column of the block
// collection holding it (-1 at the top of a document) and flow tells whether
// it sits inside a flow collection.
func scanScalar(src []byte, lineStart, at int, style yaml.Style, parentIndent int, flow bool) (sp span, err error) {
	s := &scanner{src: src, i: at, lineStart: lineStart}
	// Skip anchors and tags: "&a !!str value".
	for !s.atEOF() && (src[s.i] == '&' || src[s.i] == '!') {
		if src[s.i] == '&' { // an anchor name is [0-9A-Za-z_-]+
			for s.i++; !s.atEOF() && isAnchorChar(src[s.i]); s.i++ {
			}
		} else { // a tag runs to a blank (or a comma in a flow collection)
			for !s.isBlankzAt(s.i) && !(flow && src[s.i] == ',') {
				s.i++
			}
		}
		// Blanks, line breaks and comments may separate them from the value.
		for !s.atEOF() && (s.isBlankAt(s.i) || s.isBreakAt(s.i) || src[s.i] == '#') {
			switch {
			case s.isBreakAt(s.i):
				s.i += breakLen(src, s.i)
				s.lineStart = s.i
			case src[s.i] == '#':
				for !s.atEOF() && !s.isBreakAt(s.i) {
					s.i++
				}
			default:
				s.i++
			}
		}
	}
	if s.atEOF() {
		// An empty plain scalar ("key: &a" at the end of the file).
		return span{start: s.i, end: s.i, style: style}, nil
	}
	sp.start = s.i
	sp.style = style &^ (yaml.TaggedStyle | yaml.FlowStyle)
	switch {
	case sp.style&yaml.LiteralStyle != 0 || sp.style&yaml.FoldedStyle != 0:
		err = s.block(&sp, parentIndent)
	case sp.style&yaml.SingleQuotedStyle != 0:
		err = s.quoted(&sp, true)
	case sp.style&yaml.DoubleQuotedStyle != 0:
		err = s.quoted(&sp, false)
	default:
		err = s.plain(&sp, parentIndent, flow)
	}
	sp.value = string(s.val)
	sp.offs = s.offs
	return sp, err
}

// plain follows yaml_parser_scan_plain_scalar.
func (s *scanner) plain(sp *span, parentIndent int, flow bool) error {
	indent := parentIndent + 1
	var spaces, leadingBreak, trailing []byte
	var spaceOffs, leadingOffs, trailingOffs []int
	leadingBlanks := false
	sp.end = s.i
	for {
		if s.i == s.lineStart && s.i+3 <= len(s.src) && s.isBlankzAt(s.i+3) {
			if w := string(s.src[s.i : s.i+3]); w == "---" || w == "..." {
				break
			}
		}
		if !s.atEOF() && s.src[s.i] == '#' {
			break
		}
		for !s.isBlankzAt(s.i) {
			c := s.src[s.i]
			if c == ':' && s.isBlankzAt(s.i+1) || flow && isFlowIndicator(c) {
				break
			}
			if leadingBlanks || len(spaces) > 0 {
				if leadingBlanks {
					s.emitFold(leadingBreak, leadingOffs, trailing, trailingOffs)
					leadingBreak, leadingOffs, trailing, trailingOffs = nil, nil, nil, nil
					leadingBlanks = false
				} else {
					s.emit(spaces, spaceOffs)
					spaces, spaceOffs = nil, nil
				}
			}
			s.val, s.offs = s.copyRune(s.val, s.offs)
			sp.end = s.i
		}
		if !(s.isBlankAt(s.i) || s.isBreakAt(s.i)) {
			break
		}
		for s.isBlankAt(s.i) || s.isBreakAt(s.i) {
			if s.isBlankAt(s.i) {
				if leadingBlanks && s.col(s.i) < indent && s.src[s.i] == '\t' {
					return errScan
				}
				if !leadingBlanks {
					spaces, spaceOffs = s.copyRune(spaces, spaceOffs)
				} else {
					s.i++
				}
			} else if !leadingBlanks {
				spaces, spaceOffs = nil, nil
				leadingBreak, leadingOffs = s.readLine(leadingBreak, leadingOffs)
				leadingBlanks = true
			} else {
				trailing, trailingOffs = s.readLine(trailing, trailingOffs)
			}
		}
		if !flow && s.col(s.i) < indent {
			break
		}
	}
	return nil
}

func isAnchorChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '-'
}

func isFlowIndicator(c byte) bool {
	return c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}'
}

// quoted follows yaml_parser_scan_flow_scalar.
func (s *scanner) quoted(sp *span, single bool) error {
	quote := byte('"')
	if single {
		quote = '\''
	}
	s.i++ // opening quote
	var spaces, leadingBreak, trailing []byte
	var spaceOffs, leadingOffs, trailingOffs []int
	for {
		if s.atEOF() {
			return errScan
		}
		leadingBlanks := false
		for !s.isBlankzAt(s.i) {
			c := s.src[s.i]
			switch {
			case single && c == '\'' && s.i+1 < len(s.src) && s.src[s.i+1] == '\'':
				s.emit([]byte{'\''}, []int{s.i})
				s.i += 2
				continue
			case c == quote:
			case !single && c == '\\' && s.isBreakAt(s.i+1):
				s.i++
				s.i += breakLen(s.src, s.i)
				s.lineStart = s.i
				leadingBlanks = true
			case !single && c == '\\':
				if err := s.escape(); err != nil {
					return err
				}
				continue
			default:
				s.val, s.offs = s.copyRune(s.val, s.offs)
				continue
			}
			break
		}
		if s.atEOF() {
			return errScan
		}
		if s.src[s.i] == quote {
			break
		}
		for s.isBlankAt(s.i) || s.isBreakAt(s.i) {
			if s.isBlankAt(s.i) {
				if !leadingBlanks {
					spaces, spaceOffs = s.copyRune(spaces, spaceOffs)
				} else {
					s.i++
				}
			} else if !leadingBlanks {
				spaces, spaceOffs = nil, nil
				leadingBreak, leadingOffs = s.readLine(leadingBreak, leadingOffs)
				leadingBlanks = true
			} else {
				trailing, trailingOffs = s.readLine(trailing, trailingOffs)
			}
		}
		if leadingBlanks {
			s.emitFold(leadingBreak, leadingOffs, trailing, trailingOffs)
			leadingBreak, leadingOffs, trailing, trailingOffs = nil, nil, nil, nil
		} else {
			s.emit(spaces, spaceOffs)
			spaces, spaceOffs = nil, nil
		}
	}
	s.i++ // closing quote
	sp.end = s.i
	return nil
}

// escape decodes one backslash escape of a double-quoted scalar.
func (s *scanner) escape() error {
	at := s.i
	if at+1 >= len(s.src) {
		return errScan
	}
	var r rune
	n := 0
	switch s.src[at+1] {
	case '0':
		r = 0
	case 'a':
		r = '\a'
	case 'b':
		r = '\b'
	case 't', '\t':
		r = '\t'
	case 'n':
		r = '\n'
	case 'v':
		r = '\v'
	case 'f':
		r = '\f'
	case 'r':
		r = '\r'
	case 'e':
		r = 0x1b
	case ' ':
		r = ' '
	case '"':
		r = '"'
	case '\'':
		r = '\''
	case '\\':
		r = '\\'
	case 'N':
		r = 0x85
	case '_':
		r = 0xA0
	case 'L':
		r = 0x2028
	case 'P':
		r = 0x2029
	case 'x':
		n = 2
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return errScan
	}
	s.i += 2
	if n > 0 {
		if s.i+n > len(s.src) {
			return errScan
		}
		v, err := strconv.ParseUint(string(s.src[s.i:s.i+n]), 16, 32)
		if err != nil || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF {
			return errScan
		}
		r = rune(v)
		s.i += n
	}
	b := utf8.AppendRune(nil, r)
	for range b {
		s.offs = append(s.offs, at)
	}
	s.val = append(s.val, b...)
	return nil
}

// block follows yaml_parser_scan_block_scalar.
func (s *scanner) block(sp *span, parentIndent int) error {
	literal := s.src[s.i] == '|'
	s.i++
	increment := 0
	isDigit := func() bool { return !s.atEOF() && s.src[s.i] >= '0' && s.src[s.i] <= '9' }
	chomp := func() bool {
		if !s.atEOF() && (s.src[s.i] == '+' || s.src[s.i] == '-') {
			sp.chomp = 1
			if s.src[s.i] == '-' {
				sp.chomp = -1
			}
			s.i++
			return true
		}
		return false
	}
	digit := func() error {
		if isDigit() {
			if s.src[s.i] == '0' {
				return errScan
			}
			increment = int(s.src[s.i] - '0')
			s.i++
		}
		return nil
	}
	if chomp() {
		if err := digit(); err != nil {
			return err
		}
	} else if isDigit() {
		if err := digit(); err != nil {
			return err
		}
		chomp()
	}
	sp.indEnd = s.i
	for s.isBlankAt(s.i) {
		s.i++
	}
	if !s.atEOF() && s.src[s.i] == '#' {
		for !s.atEOF() && !s.isBreakAt(s.i) {
			s.i++
		}
	}
	if !s.atEOF() && !s.isBreakAt(s.i) {
		return errScan
	}
	sp.hdrBreak = s.i
	if !s.atEOF() {
		s.i += breakLen(s.src, s.i)
		s.lineStart = s.i
	}
	sp.contentStart = s.i
	sp.end = s.i

	indent := 0
	if increment > 0 {
		indent = increment
		if parentIndent >= 0 {
			indent = parentIndent + increment
		}
	}
	var trailing, leadingBreak []byte
	var trailingOffs, leadingOffs []int
	lastBreakEnd := s.i
	breaks := func() error {
		maxIndent := 0
		for {
			for (indent == 0 || s.col(s.i) < indent) && !s.atEOF() && s.src[s.i] == ' ' {
				s.i++
			}
			if c := s.col(s.i); c > maxIndent {
				maxIndent = c
			}
			if (indent == 0 || s.col(s.i) < indent) && !s.atEOF() && s.src[s.i] == '\t' {
				return errScan
			}
			if !s.isBreakAt(s.i) {
				break
			}
			trailing, trailingOffs = s.readLine(trailing, trailingOffs)
			lastBreakEnd = s.i
		}
		if indent == 0 {
			indent = max(maxIndent, parentIndent+1, 1)
		}
		return nil
	}
	if err := breaks(); err != nil {
		return err
	}
	leadingBlank := false
	for s.col(s.i) == indent && !s.atEOF() {
		trailingBlank := s.isBlankAt(s.i)
		if !literal && len(leadingBreak) > 0 && leadingBreak[0] == '\n' && !leadingBlank && !trailingBlank {
			if len(trailing) == 0 {
				s.emit([]byte{' '}, leadingOffs[:1])
			}
		} else {
			s.emit(leadingBreak, leadingOffs)
		}
		leadingBreak, leadingOffs = nil, nil
		s.emit(trailing, trailingOffs)
		trailing, trailingOffs = nil, nil
		leadingBlank = s.isBlankAt(s.i)
		for !s.atEOF() && !s.isBreakAt(s.i) {
			s.val, s.offs = s.copyRune(s.val, s.offs)
		}
		leadingBreak, leadingOffs = s.readLine(leadingBreak, leadingOffs)
		sp.end = s.i
		lastBreakEnd = s.i
		if err := breaks(); err != nil {
			return err
		}
	}
	if sp.chomp != -1 {
		s.emit(leadingBreak, leadingOffs)
	}
	if sp.chomp == 1 {
		s.emit(trailing, trailingOffs)
		sp.end = lastBreakEnd
	}
	sp.indent = indent
	return nil
}

// skipFlow returns the offset after the flow collection that opens at
// src[at] ('[' or '{'), honouring quotes and comments.
func skipFlow(src []byte, at int) (int, error) {
	depth := 0
	for i := at; i < len(src); i++ {
		switch c := src[i]; c {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		case '\'':
			for i++; i < len(src); i++ {
				if src[i] == '\'' {
					if i+1 < len(src) && src[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case '"':
			for i++; i < len(src); i++ {
				if src[i] == '\\' {
					i++
					continue
				}
				if src[i] == '"' {
					break
				}
			}
		case '#':
			if i == at || src[i-1] == ' ' || src[i-1] == '\t' || breakLen(src, i-1) > 0 {
				for i < len(src) && breakLen(src, i) == 0 {
					i++
				}
			}
		}
	}
	return 0, errScan
}
