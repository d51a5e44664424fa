package kql

import (
	"sort"
	"strings"
	"sync"
)

// Query is a parsed query: a sequence of statements, and the source it was
// parsed from. The source and its token spans let String reproduce the text
// exactly, comments and layout included, and keep untouched text identical
// after a rewrite.
type Query struct {
	Stmts []Stmt

	src       string
	toks      []token // the significant tokens, in source order (without the end token); see tokens
	toksOnce  sync.Once
	lines     lineIndex // built on first use, under linesOnce
	linesOnce sync.Once

	// leading overrides the trivia printed before an original token,
	// keyed by the token's index; see SetLeadingTrivia.
	leading map[int]string
	// replaced maps the new nodes that Cursor.Replace put in the place of
	// source nodes to the source they replaced, whose trivia they take.
	replaced map[Node]srcSpan
}

// srcSpan is a range of the source, in byte offsets.
type srcSpan struct{ start, end int }

// noteReplaced records that the new node n takes the place of old: of its
// source, or of the source old itself replaced. Nodes that have a position
// were moved, not made, and keep their own trivia.
func (q *Query) noteReplaced(old, n Node) {
	if isNil(old) || isNil(n) || n.Pos().IsValid() {
		return
	}
	s, ok := q.replaced[old]
	if start, end := old.Pos(), old.End(); start.IsValid() && end.IsValid() && start < end {
		s, ok = srcSpan{start.Offset(), end.Offset()}, true
	}
	if !ok {
		return
	}
	if q.replaced == nil {
		q.replaced = make(map[Node]srcSpan)
	}
	delete(q.replaced, old)
	q.replaced[n] = s
}

// Pos returns the start of the query's source.
func (q *Query) Pos() Pos {
	if q.src == "" && len(q.Stmts) > 0 {
		return nodePos(q.Stmts[0])
	}
	return PosOf(0)
}

// End returns the end of the query's source.
func (q *Query) End() Pos {
	if q.src == "" && len(q.Stmts) > 0 {
		return nodeEnd(q.Stmts[len(q.Stmts)-1])
	}
	return PosOf(len(q.src))
}

// Source returns the text the query was parsed from.
func (q *Query) Source() string { return q.src }

// Position returns the line and column of p in the query's source.
func (q *Query) Position(p Pos) Position {
	if !p.IsValid() || p.Offset() > len(q.src) {
		return Position{}
	}
	// Position may be called from several goroutines at once.
	q.linesOnce.Do(func() {
		if q.lines == nil {
			q.lines = newLineIndex(q.src)
		}
	})
	return q.lines.position(p.Offset())
}

// Text returns the source text of n: the bytes from n.Pos() to n.End(). It
// returns "" for nodes that have no source position.
func (q *Query) Text(n Node) string {
	if isNil(n) {
		return ""
	}
	start, end := n.Pos(), n.End()
	if !start.IsValid() || !end.IsValid() || end.Offset() > len(q.src) || start > end {
		return ""
	}
	return q.src[start.Offset():end.Offset()]
}

// String prints the query. An unmodified query prints as its source, byte for
// byte. After a rewrite, text around untouched nodes is copied from the
// source and only nodes built by the rewrite are laid out anew.
func (q *Query) String() string {
	p := newPrinter(q, false)
	p.query(q)
	return string(p.buf)
}

// LeadingTrivia returns the whitespace and comment lines printed before n:
// the source text between the end of the line before n and n itself.
func (q *Query) LeadingTrivia(n Node) string {
	i := q.tokenAt(nodePos(n))
	if i < 0 {
		return ""
	}
	return q.leadingOf(i)
}

// SetLeadingTrivia replaces the whitespace and comment lines printed before
// n, which must start with an original token. A rewrite uses it to keep a
// comment whose node it deletes, by moving the comment onto the next node.
// It reports whether n has a source position.
func (q *Query) SetLeadingTrivia(n Node, trivia string) bool {
	i := q.tokenAt(nodePos(n))
	if i < 0 {
		return false
	}
	if q.leading == nil {
		q.leading = make(map[int]string)
	}
	q.leading[i] = trivia
	return true
}

// tokens returns the significant tokens of the query's source, without the
// end token. The parser does not keep them (a query that is never printed
// does not need them): they are lexed again on first use, which always
// succeeds as the source was parsed. Safe for concurrent use.
func (q *Query) tokens() []token {
	q.toksOnce.Do(func() {
		if q.src == "" {
			return
		}
		toks, _, err := lexSource(nil, q.src)
		if err != nil {
			panic("kql: the source of a parsed query does not lex: " + err.Error())
		}
		q.toks = toks[: len(toks)-1 : len(toks)-1]
	})
	return q.toks
}

// tokenAt returns the index of the original token that starts at p, or -1.
func (q *Query) tokenAt(p Pos) int {
	if !p.IsValid() || q == nil {
		return -1
	}
	q.tokens()
	off := int32(p.Offset())
	i := sort.Search(len(q.toks), func(i int) bool { return q.toks[i].start >= off })
	if i < len(q.toks) && q.toks[i].start == off {
		return i
	}
	return -1
}

// lastTokenBefore returns the index of the last original token that starts
// before the end offset end, or -1.
func (q *Query) lastTokenBefore(end int) int {
	q.tokens()
	e := int32(end)
	return sort.Search(len(q.toks), func(i int) bool { return q.toks[i].start >= e }) - 1
}

func (q *Query) tokText(i int) string {
	if q == nil || i < 0 || i >= len(q.tokens()) {
		return ""
	}
	return q.src[q.toks[i].start:q.toks[i].end]
}

// gap returns the trivia between token i-1 and token i; gap(0) is the text
// before the first token and gap(len(toks)) the text after the last.
func (q *Query) gap(i int) string {
	q.tokens()
	from := int32(0)
	if i > 0 {
		from = q.toks[i-1].end
	}
	to := int32(len(q.src))
	if i < len(q.toks) {
		to = q.toks[i].start
	}
	return q.src[from:to]
}

// splitGap divides the trivia before token i into the part that trails the
// previous token (up to and including the first line break) and the part
// that leads token i (the lines above it, and its indentation).
func (q *Query) splitGap(i int) (trailing, leading string) {
	g := q.gap(i)
	if i == 0 {
		return "", g
	}
	if i == len(q.tokens()) {
		return g, ""
	}
	if nl := strings.IndexByte(g, '\n'); nl >= 0 {
		return g[:nl+1], g[nl+1:]
	}
	return g, ""
}

func (q *Query) leadingOf(i int) string {
	if s, ok := q.leading[i]; ok {
		return s
	}
	_, l := q.splitGap(i)
	return l
}

func (q *Query) trailingOf(i int) string {
	t, _ := q.splitGap(i + 1)
	return t
}
