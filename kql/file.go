package kql

import (
	"strings"
	"unicode/utf8"
)

// FileQuery is one query of a file read by ParseFile, with its place in the
// file. The query's positions are relative to its own text, Query.Source();
// Position converts them to file positions.
type FileQuery struct {
	Query  *Query
	Offset int // byte offset in the file of the first byte of the query's text
	Line   int // line number in the file of that byte, 1-based
}

// End returns the byte offset in the file just after the query's text. A
// caller rewriting the file replaces file[fq.Offset:fq.End()] with the new
// text of the query.
func (fq *FileQuery) End() int { return fq.Offset + len(fq.Query.Source()) }

// Position returns the file position (offset, line and column in the file)
// of a position p in the query.
func (fq *FileQuery) Position(p Pos) Position {
	pos := fq.Query.Position(p)
	if !pos.IsValid() {
		return pos
	}
	// A query's text starts at the beginning of a line, so columns stay.
	pos.Offset += fq.Offset
	pos.Line += fq.Line - 1
	return pos
}

// ErrorList is a list of syntax errors, in source order, as returned by
// ParseFile. errors.As finds its first *Error.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	case 2:
		return l[0].Error() + " (and 1 more error)"
	}
	return l[0].Error() + " (and " + itoa(len(l)-1) + " more errors)"
}

// Unwrap returns the errors of the list, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// ParseFile parses the text of a .kql or .csl file, which may hold several
// queries separated by blank lines (the Kusto Explorer convention), and
// returns them in order.
//
// If the whole text parses, it is one query, unless it is a control
// command whose skipped text (see Command) holds more after a blank line:
// a file of commands is split, so that each command is read. Otherwise ParseFile splits it
// at blank lines into chunks and parses them one by one. A chunk is joined
// with the chunk after it when it cannot stand alone: when it holds only
// comments, or only let, set, declare and alias statements (which prepare
// the query that follows), or when it is incomplete — its parse fails at
// its end or leaves a bracket open, as when a blank line falls inside a
// query. A chunk that starts with a pipe (after any comment lines)
// continues the query before it, and comments after the last query belong
// to it. A query's text runs
// from the start of its first line to the end of its last line, line break
// included; the blank lines between queries belong to none.
//
// Errors are positioned in the whole file, and Snippet shows the file's
// line. After an error in one query, ParseFile goes on with the next, and
// returns the queries that parsed with an ErrorList of the errors.
func ParseFile(src string) ([]*FileQuery, error) {
	if q, err := parse(src); err == nil && !skipsCommands(q) {
		return []*FileQuery{{Query: q, Offset: 0, Line: 1}}, nil
	}
	f := fileSplitter{src: src, chunks: splitBlankLines(src)}
	// Re-parsing a growing run of incomplete chunks is quadratic; past this
	// budget the rest of the file is parsed as one query.
	f.budget = 32*len(src) + 1<<20
	f.run()
	if len(f.errs) > 0 {
		return f.queries, f.errs
	}
	return f.queries, nil
}

// chunk is a run of non-blank lines: src[start:end], end after the line
// break of the last line (or at the end of the file).
type chunk struct {
	start, end int
	line       int
}

type fileSplitter struct {
	src     string
	chunks  []chunk
	queries []*FileQuery
	errs    ErrorList
	budget  int

	lastStart int // the first chunk of the last query
}

func (f *fileSplitter) run() {
	for k := 0; k < len(f.chunks); {
		m := k
		if f.followsLast(k) && f.startsWithPipe(k) {
			// A blank line inside a pipeline: continue the last query.
			k = f.lastStart
			f.queries = f.queries[:len(f.queries)-1]
		}
		for {
			last := m == len(f.chunks)-1
			if f.budget < 0 && !last {
				m, last = len(f.chunks)-1, true
			}
			text := f.src[f.chunks[k].start:f.chunks[m].end]
			f.budget -= len(text)
			q, err := parse(text)
			if err == nil {
				switch {
				case hasQueryStmt(q):
					f.add(q, k)
				case !last:
					m++
					continue
				case len(q.Stmts) == 0 && f.followsLast(k):
					// Comments at the end of the file: they follow the
					// last query.
					f.extendLast(m)
				default:
					f.add(q, k) // a file ending in let statements
				}
			} else {
				if !last && incomplete(text, err) {
					m++
					continue
				}
				f.fail(err, k)
			}
			break
		}
		k = m + 1
	}
}

// hasQueryStmt reports whether q holds a query expression.
func hasQueryStmt(q *Query) bool {
	for _, s := range q.Stmts {
		if _, ok := s.(*ExprStmt); ok {
			return true
		}
	}
	return false
}

func (f *fileSplitter) add(q *Query, k int) {
	f.queries = append(f.queries, &FileQuery{Query: q, Offset: f.chunks[k].start, Line: f.chunks[k].line})
	f.lastStart = k
}

// startsWithPipe reports whether the first token from chunk k on, after
// any comment lines, is a '|'.
func (f *fileSplitter) startsWithPipe(k int) bool {
	src := f.src
	for i := f.chunks[k].start; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(src[i:])
			if !isUnicodeSpace(r) {
				return false
			}
			i += size
		default:
			return c == '|'
		}
	}
	return false
}

// followsLast reports whether chunk k comes right after the last query.
func (f *fileSplitter) followsLast(k int) bool {
	return len(f.queries) > 0 && k > 0 && f.queries[len(f.queries)-1].End() == f.chunks[k-1].end
}

// extendLast makes the last query run to the end of chunk m.
func (f *fileSplitter) extendLast(m int) {
	last := f.queries[len(f.queries)-1]
	if q, err := parse(f.src[last.Offset:f.chunks[m].end]); err == nil {
		last.Query = q // only comments were added, so it parses
	}
}

// fail records err, an error in the text that starts at chunk k, with its
// position in the file.
func (f *fileSplitter) fail(err *Error, k int) {
	c := f.chunks[k]
	e := *err
	e.Pos.Offset += c.start
	e.Pos.Line += c.line - 1
	e.src = f.src
	f.errs = append(f.errs, &e)
}

// incomplete reports whether text, whose parse failed with err, may be the
// beginning of a query: the error is at the end of its tokens (something is
// missing), or a bracket is left open, or a multi-line string is not
// closed.
func incomplete(text string, err *Error) bool {
	toks, lerr := lex(text)
	if lerr != nil {
		return lerr.Pos.Offset >= len(text)
	}
	depth, lastEnd := 0, 0
	for _, t := range toks {
		if t.kind == tEOF {
			break
		}
		lastEnd = int(t.end)
		if t.kind == tPunct && t.end-t.start == 1 {
			switch text[t.start] {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth--
			}
		}
	}
	return depth > 0 || err.Pos.Offset >= lastEnd
}

// splitBlankLines returns the runs of non-blank lines of src.
func splitBlankLines(src string) []chunk {
	var chunks []chunk
	in := false
	line := 1
	for start := 0; start < len(src); line++ {
		end := strings.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start + 1
		}
		if isBlankLine(src[start:end]) {
			in = false
		} else if in {
			chunks[len(chunks)-1].end = end
		} else {
			chunks = append(chunks, chunk{start: start, end: end, line: line})
			in = true
		}
		start = end
	}
	return chunks
}

func isBlankLine(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isUnicodeSpace(r) {
				return false
			}
			i += size
		default:
			return false
		}
	}
	return true
}

// skipsCommands reports whether q is a control command after which the
// parser skipped text that starts after a blank line: more commands, in a
// file of them.
func skipsCommands(q *Query) bool {
	c := q.Command()
	if c == nil {
		return false
	}
	var from int
	switch last := q.Stmts[len(q.Stmts)-1].(type) {
	case *SkippedText:
		from = last.From.Offset()
	default:
		if c.Skipped == nil {
			return false
		}
		from = c.Skipped.From.Offset()
	}
	for _, ch := range splitBlankLines(q.src) {
		if ch.start > 0 && ch.start <= from && from < ch.end {
			return true
		}
	}
	return false
}
