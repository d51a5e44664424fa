package kql

import (
	"bytes"
	"strings"
)

// The printer walks a tree and writes its tokens in source order. It has two
// modes that share that walk:
//
//   - source mode (String): each token that came from the source is written
//     with the whitespace and comments that surrounded it there, so an
//     untouched tree reproduces its source exactly; tokens built by a
//     rewrite get conventional spacing.
//   - format mode (Format): whitespace is replaced by the canonical layout,
//     one pipe operator per line; comments are kept.
//
// The trivia between two source tokens is split at the first line break:
// what comes before it (a trailing comment, the line end) belongs to the
// token before, the rest (comment lines, indentation) to the token after.
// Deleting a node therefore deletes its own comments and nothing else.

// spacing says how a token is placed after the previous one when the printer
// lays it out itself.
type spacing uint8

const (
	spSpace spacing = iota // after a space (none after an opening bracket or at a line start)
	spNone                 // directly after the previous token
	spLine                 // at the start of a new line
	spStmt                 // at the start of a new line, after a blank line if the source had one
)

// maxLineWidth is the width above which Format breaks a list of operator
// arguments one per line.
const maxLineWidth = 100

type printer struct {
	q      *Query // the source; nil when printing a node without its query
	format bool

	buf     []byte
	last    int    // index of the last source token written, or -1
	pending string // trailing spaces of that token, written if the next token follows it in the source
	indent  int    // format mode: current indentation level

	needLine bool // format mode: a // comment ends the line, so the next token starts a new one
	wrote    bool // a token has been written

	lastSrc  int  // index of the last source token written, or -1; not reset by new tokens
	newSince bool // new tokens were written after lastSrc

	// take is the first source token of a node that Cursor.Replace
	// replaced with the node being printed, or -1: the first new token
	// written takes the trivia before it.
	take int
}

func newPrinter(q *Query, format bool) *printer {
	n := 64
	if q != nil {
		n += len(q.src)
		q.tokens() // the printer reads q.toks
	}
	return &printer{q: q, format: format, last: -1, lastSrc: -1, take: -1, buf: make([]byte, 0, n)}
}

// Format prints n in the canonical layout: one pipe operator per line,
// nested pipelines indented, long argument lists one per line, and single
// spaces elsewhere. Only whitespace changes, so the query means the same.
// Formatting a *Query keeps its comments; other nodes carry no comments.
func Format(n Node) string {
	if q, ok := n.(*Query); ok {
		p := newPrinter(q, true)
		p.query(q)
		return string(p.buf)
	}
	return printNode(n, true)
}

// printNode prints a node without its query: tokens with conventional
// spacing.
func printNode(n Node, format bool) string {
	p := newPrinter(nil, format)
	switch n := n.(type) {
	case Stmt:
		p.stmt(n, spNone, false)
	case Operator:
		p.operator(n, spNone)
	case Expr:
		p.expr(n, spNone)
	case *MvExpandExpr:
		p.mvExprs([]*MvExpandExpr{n})
	default:
		p.node(n)
	}
	return string(p.buf)
}

// flatText prints e on one line, for measuring.
func flatText(e Expr) string { return printNode(e, false) }

// ---------------------------------------------------------------------------
// Token output

// tok writes a token that is one source token at pos (or a new token when
// pos is NoPos).
func (p *printer) tok(pos Pos, text string, sp spacing) {
	i := p.tokenAt(pos)
	p.emit(i, i, text, sp)
}

// tokenAt returns the index of the source token at pos, or -1: most often
// the token after the last one written, which it tries first.
func (p *printer) tokenAt(pos Pos) int {
	if !pos.IsValid() || p.q == nil {
		return -1
	}
	if k := p.lastSrc + 1; k < len(p.q.toks) && int(p.q.toks[k].start) == pos.Offset() {
		return k
	}
	return p.q.tokenAt(pos)
}

// span writes a token that covers the source tokens from pos over srcLen
// bytes, such as a bracketed name ['a b'] or a wildcard name a*b.
func (p *printer) span(pos Pos, srcLen int, text string, sp spacing) {
	i := p.tokenAt(pos)
	j := i
	if i >= 0 && srcLen > 0 && int(p.q.toks[i].end) != pos.Offset()+srcLen {
		j = p.q.lastTokenBefore(pos.Offset() + srcLen)
		if j < i {
			j = i
		}
	}
	p.emit(i, j, text, sp)
}

// next writes a fixed token whose position the tree does not record (a
// comma, the "of" of top-nested): it is the source token right after the
// last one written if the text matches.
func (p *printer) next(text string, sp spacing) {
	i := -1
	if p.last >= 0 && p.q.tokText(p.last+1) == text {
		i = p.last + 1
	}
	p.emit(i, i, text, sp)
}

// emit writes text for the source tokens i..j (or a new token if i < 0),
// with trivia as the mode requires.
func (p *printer) emit(i, j int, text string, sp spacing) {
	// lead is the source token whose trivia goes before the token: its
	// own, or for the first token of a replacement, that of the node it
	// replaced.
	lead := i
	if p.take >= 0 {
		if i < 0 {
			lead = p.take
		}
		p.take = -1
	}
	if p.format {
		p.emitFormatted(i, j, lead, text, sp)
		p.track(i, j)
		return
	}
	switch {
	case lead < 0:
		// A token built by a rewrite.
		p.space(sp)
	case !p.wrote:
		// The first token written: keep the comment lines above it.
		p.writeString(p.q.leadingOf(lead))
	case p.last >= 0 && lead == p.last+1:
		// The token follows the previous one in the source.
		p.writeString(p.pending)
		p.writeString(p.q.leadingOf(lead))
	default:
		// Something between was deleted or inserted: keep the line
		// structure of the source around this token, not the trivia of
		// the tokens that are gone. The token starts a line if it did in
		// the source and so did whatever followed the last token written.
		p.skippedComments(lead)
		if p.newlineBetween(lead) {
			if !p.atLineStart() {
				p.trimSpaces()
				p.writeByte('\n')
			}
			p.writeString(p.q.leadingOf(lead))
		} else if sp != spNone && !p.atSpace() {
			p.writeByte(' ')
		}
	}
	p.pending = ""
	p.writeString(text)
	p.wrote = true
	p.track(i, j)
	if i < 0 {
		p.last = -1
		return
	}
	p.last = j
	t := p.q.trailingOf(j)
	// A comment on the rest of the line is written now; a plain line
	// end is pending like spaces, so that tokens a rewrite inserts after
	// this one stay on its line.
	if strings.Contains(t, "//") {
		p.writeString(t)
	} else {
		p.pending = t
	}
}

// beginReplace prepares the printing of n when Cursor.Replace put it in
// the place of source tokens: its first new token takes their leading
// trivia. It returns the last of those tokens, for endReplace.
func (p *printer) beginReplace(n Node) (last int, ok bool) {
	if p.q == nil || len(p.q.replaced) == 0 {
		return 0, false
	}
	s, ok := p.q.replaced[n]
	if !ok {
		return 0, false
	}
	first := p.q.tokenAt(PosOf(s.start))
	last = p.q.lastTokenBefore(s.end)
	if first < 0 || last < first {
		return 0, false
	}
	p.take = first
	return last, true
}

// endReplace ends the printing of a replacement: when it ended with a new
// token, what follows is written as if the last replaced source token had
// been, after its trailing trivia (the comment at the end of its line).
func (p *printer) endReplace(last int) {
	p.take = -1
	if !p.wrote || p.last >= 0 {
		return // the replacement ends with a source token, which has its own trivia
	}
	p.last, p.lastSrc, p.newSince = last, last, false
	t := p.q.trailingOf(last)
	switch {
	case p.format:
		if strings.Contains(t, "//") {
			p.comments(t)
		}
	case strings.IndexByte(t, '\n') >= 0 || strings.Contains(t, "//"):
		p.writeString(t)
	default:
		p.pending = t
	}
}

// track records that the source tokens i..j, or a new token if i < 0, were
// written.
func (p *printer) track(i, j int) {
	if i < 0 {
		p.newSince = true
		return
	}
	p.lastSrc, p.newSince = j, false
}

// skippedComments writes, in source mode, the comment that ended the line
// of source tokens that new tokens replaced; see replacedLineComment.
func (p *printer) skippedComments(i int) {
	if t := p.replacedLineComment(i); t != "" {
		p.trimSpaces()
		p.writeString(t)
	}
}

// replacedLineComment returns the trailing trivia, with its // comment,
// of the line whose end new tokens replaced, before source token i: the
// comment is about the line, which is still there. The new tokens follow
// the last source token written on its line, and the line ends in the
// skipped source tokens. (Deleted tokens take their comments with them; a
// rewrite that wants to keep some moves them with SetLeadingTrivia.)
func (p *printer) replacedLineComment(i int) string {
	if i <= p.lastSrc+1 || !p.newSince {
		return ""
	}
	if p.lastSrc >= 0 && strings.IndexByte(p.q.trailingOf(p.lastSrc), '\n') >= 0 {
		return "" // the new tokens start a line of their own
	}
	for k := p.lastSrc + 1; k < i; k++ {
		// The line ends at a line break, or at the end of the query.
		if t := p.q.trailingOf(k); strings.IndexByte(t, '\n') >= 0 || k == len(p.q.toks)-1 {
			if strings.Contains(t, "//") {
				return t
			}
			return ""
		}
	}
	return ""
}

// newlineBetween reports whether the source token i, written after a gap
// in the source, goes on a new line: it started one in the source, and so
// did one of the tokens after the last token written (as when the last
// element of a list laid out one per line is deleted). Deleting the end of
// a line, as in "T | where a | take 1\n| count", joins the lines.
func (p *printer) newlineBetween(i int) bool {
	if strings.IndexByte(p.q.gap(i), '\n') < 0 {
		return false
	}
	if p.last < 0 {
		return true
	}
	for k := p.last + 1; k < i; k++ {
		if strings.IndexByte(p.q.gap(k), '\n') >= 0 {
			return true
		}
	}
	return false
}

// space lays out a new token in source mode.
func (p *printer) space(sp spacing) {
	pending := p.pending
	p.pending = ""
	switch sp {
	case spNone:
	case spSpace:
		if !p.atSpace() {
			if pending != "" {
				p.writeString(pending)
			} else {
				p.writeByte(' ')
			}
		}
	case spLine, spStmt:
		if !p.atLineStart() {
			p.trimSpaces()
			p.writeByte('\n')
			p.writeString(p.lineIndent())
		}
	}
}

// emitFormatted writes a token in the canonical layout, keeping the
// comments of the source around it.
func (p *printer) emitFormatted(i, j, lead int, text string, sp spacing) {
	blank := false
	if t := p.replacedLineComment(lead); t != "" {
		// New tokens replaced source tokens: keep the comment at the end
		// of their line, as source mode does.
		p.comments(t)
	}
	if lead >= 0 {
		// The comment lines above the token. (A comment at the end of the
		// line before was written with the token before.)
		// (A # starts a directive line before the first token.)
		if lead := p.q.leadingOf(lead); strings.Contains(lead, "//") || strings.IndexByte(lead, '#') >= 0 {
			blank = p.comments("\n" + lead)
		} else {
			blank = strings.IndexByte(lead, '\n') >= 0 // what comments would say
		}
	}
	switch {
	case !p.wrote && !p.needLine:
	case p.needLine || sp == spLine || sp == spStmt:
		p.newline()
		if blank {
			p.newline()
		}
	case sp == spSpace && !p.atSpace() && !p.afterOpen():
		p.writeByte(' ')
	}
	p.needLine = false
	p.writeString(text)
	p.wrote = true
	p.last = j
	if j >= 0 {
		// A comment on the rest of the line stays there.
		if t := p.q.trailingOf(j); strings.Contains(t, "//") {
			p.comments(t)
		}
	}
}

// comments writes the // comments in trivia: a comment before the first
// line break trails the previous token, the others stand on their own
// lines. It reports whether the trivia holds a blank line.
func (p *printer) comments(trivia string) (blank bool) {
	lines := strings.Split(trivia, "\n")
	for k, line := range lines {
		c := strings.TrimSpace(line)
		if c == "" {
			if k > 0 && k < len(lines)-1 {
				blank = true
			}
			continue
		}
		if k == 0 && p.wrote && !p.needLine {
			p.writeByte(' ')
		} else if p.wrote {
			p.newline()
			if blank {
				p.newline()
			}
		}
		blank = false // a blank line before this comment is not one after it
		p.writeString(strings.TrimRight(c, "\r"))
		p.wrote = true
		p.needLine = true
	}
	return blank
}

func (p *printer) newline() {
	p.trimSpaces()
	p.writeByte('\n')
	for k := 0; k < p.indent; k++ {
		p.writeString("    ")
	}
}

func (p *printer) writeString(s string) { p.buf = append(p.buf, s...) }
func (p *printer) writeByte(c byte)     { p.buf = append(p.buf, c) }

func (p *printer) atLineStart() bool {
	for k := len(p.buf) - 1; k >= 0; k-- {
		switch p.buf[k] {
		case '\n':
			return true
		case ' ', '\t':
			continue
		}
		return false
	}
	return true
}

func (p *printer) atSpace() bool {
	if len(p.buf) == 0 {
		return true
	}
	switch p.buf[len(p.buf)-1] {
	case ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

func (p *printer) afterOpen() bool {
	if len(p.buf) == 0 {
		return true
	}
	switch p.buf[len(p.buf)-1] {
	case '(', '[', '{':
		return true
	}
	return false
}

func (p *printer) trimSpaces() {
	for len(p.buf) > 0 && (p.buf[len(p.buf)-1] == ' ' || p.buf[len(p.buf)-1] == '\t') {
		p.buf = p.buf[:len(p.buf)-1]
	}
}

// lineIndent returns the indentation of the current output line.
func (p *printer) lineIndent() string {
	start := len(p.buf)
	for start > 0 && p.buf[start-1] != '\n' {
		start--
	}
	end := start
	for end < len(p.buf) && (p.buf[end] == ' ' || p.buf[end] == '\t') {
		end++
	}
	return string(p.buf[start:end])
}

// ---------------------------------------------------------------------------
// Queries and statements

func (p *printer) query(q *Query) {
	for k, s := range q.Stmts {
		sp := spStmt
		if k == 0 {
			sp = spNone
		}
		// Skipped text after a command's statement follows it without a ';'.
		next := k < len(q.Stmts)-1
		if next {
			_, skipped := q.Stmts[k+1].(*SkippedText)
			next = !skipped
		}
		p.stmt(s, sp, next)
	}
	if p.format {
		if t := p.replacedLineComment(len(q.toks)); t != "" {
			p.comments(t) // the comment of the last line, whose end new tokens replaced
		}
		if len(q.toks) == 0 && !p.wrote {
			p.comments(q.src) // only comments and directives
		}
		p.needLine = false
		if strings.HasSuffix(q.src, "\n") || q.src == "" && len(p.buf) > 0 {
			p.trimSpaces()
			p.writeByte('\n')
		}
		return
	}
	if n := len(q.toks); n > 0 && p.last != n-1 {
		// The last token of the source is gone: end as the source ends,
		// with the comment of the last line if new tokens replaced its end.
		p.pending = ""
		for len(p.buf) > 0 && strings.IndexByte(" \t\r\n", p.buf[len(p.buf)-1]) >= 0 {
			p.buf = p.buf[:len(p.buf)-1]
		}
		if t := p.replacedLineComment(n); t != "" {
			p.writeString(strings.TrimRight(t, " \t\r\n"))
		}
		if strings.HasSuffix(q.src, "\n") {
			p.writeByte('\n')
		}
	}
	p.writeString(p.pending)
	p.pending = ""
	if len(q.toks) == 0 && !p.wrote {
		p.writeString(q.src) // only trivia
	}
}

// stmt prints a statement; needSemi says a ';' must end it because another
// statement follows.
func (p *printer) stmt(s Stmt, sp spacing, needSemi bool) {
	if last, ok := p.beginReplace(s); ok {
		defer p.endReplace(last)
	}
	var semi Pos
	switch s := s.(type) {
	case *LetStmt:
		p.tok(s.Let, "let", sp)
		p.ident(s.Name, spSpace)
		p.tok(s.Assign, "=", spSpace)
		// A pipeline bound by let continues indented; a function body is
		// a block of its own.
		_, fn := s.Value.(*FuncLit)
		if !fn {
			p.indent++
		}
		p.expr(s.Value, spSpace)
		if !fn {
			p.indent--
		}
		semi = s.Semi
	case *ExprStmt:
		p.expr(s.X, sp)
		semi = s.Semi
	case *SetStmt:
		p.tok(s.Set, "set", sp)
		p.ident(s.Name, spSpace)
		if s.Value != nil {
			p.tok(s.Assign, "=", spSpace)
			p.expr(s.Value, spSpace)
		}
		semi = s.Semi
	case *DeclareParamsStmt:
		p.tok(s.Declare, "declare", sp)
		p.next("query_parameters", spSpace)
		p.schema(s.Params, spNone)
		semi = s.Semi
	case *AliasStmt:
		p.tok(s.Alias, "alias", sp)
		p.next("database", spSpace)
		p.ident(s.Name, spSpace)
		p.tok(s.Assign, "=", spSpace)
		p.expr(s.Value, spSpace)
		semi = s.Semi
	case *PatternStmt:
		p.tok(s.Declare, "declare", sp)
		p.next("pattern", spSpace)
		p.ident(s.Name, spSpace)
		if s.Params != nil {
			p.tok(s.Assign, "=", spSpace)
			p.schema(s.Params, spSpace)
			if s.Path != nil {
				p.tok(s.Path.Lparen, "[", spNone)
				p.exprList(s.Path.Columns, spNone)
				p.tok(s.Path.Rparen, "]", spNone)
			}
			p.tok(s.Lbrace, "{", spSpace)
			p.indent++
			for _, r := range s.Rules {
				p.patternRule(r)
			}
			p.indent--
			p.tok(s.Rbrace, "}", spLine)
		}
		semi = s.Semi
	case *SkippedText:
		p.skipped(s, sp)
		return
	}
	if semi.IsValid() || needSemi {
		p.tok(semi, ";", spNone)
	}
}

func (p *printer) patternRule(r *PatternRule) {
	p.parenList(r.Args, spLine)
	if r.Path != nil {
		p.tok(r.Dot, ".", spNone)
		p.tok(r.Path.Lbrack, "[", spNone)
		p.expr(r.Path.Index, spNone)
		p.tok(r.Path.Rbrack, "]", spNone)
	}
	p.tok(r.Assign, "=", spSpace)
	p.block(r.Lbrace, r.Body, r.Rbrace)
	p.tok(r.Semi, ";", spNone)
}

// block prints { statements } with the statements on their own lines in
// format mode.
func (p *printer) block(lbrace Pos, body []Stmt, rbrace Pos) {
	p.tok(lbrace, "{", spSpace)
	p.indent++
	for k, s := range body {
		p.stmt(s, spLine, k < len(body)-1)
	}
	p.indent--
	p.tok(rbrace, "}", spLine)
}

// ---------------------------------------------------------------------------
// Expressions

func (p *printer) ident(x *Ident, sp spacing) {
	if x == nil {
		return
	}
	p.span(x.NamePos, x.srcLen(), x.text(), sp)
}

func (p *printer) exprList(list []Expr, sp spacing) {
	for k, e := range list {
		if k > 0 {
			p.next(",", spNone)
			sp = spSpace
		}
		p.expr(e, sp)
	}
}

// argList prints the arguments of an operator: on one line, or in format
// mode one per line when they do not fit.
func (p *printer) argList(list []Expr, sp spacing) {
	if !p.format || len(list) < 2 || p.fits(list) {
		p.exprList(list, sp)
		return
	}
	p.indent++
	for k, e := range list {
		if k > 0 {
			p.next(",", spNone)
		}
		p.needLine = true
		p.expr(e, spLine)
	}
	p.indent--
}

// fits reports whether list, printed flat after the current line, stays
// within maxLineWidth.
func (p *printer) fits(list []Expr) bool {
	width := len(p.buf) - (bytes.LastIndexByte(p.buf, '\n') + 1)
	for _, e := range list {
		s := flatText(e)
		if strings.ContainsAny(s, "\n") {
			return false
		}
		width += len(s) + 2
		if width > maxLineWidth {
			return false
		}
	}
	return true
}

func (p *printer) params(list []*NamedExpr, sp spacing) {
	for _, x := range list {
		p.ident(x.Name, sp)
		p.tok(x.Assign, "=", spNone)
		p.expr(x.Value, spNone)
		sp = spSpace
	}
}

func (p *printer) expr(e Expr, sp spacing) {
	if last, ok := p.beginReplace(e); ok {
		defer p.endReplace(last)
	}
	switch x := e.(type) {
	case nil:
	case *Ident:
		p.ident(x, sp)
	case *BasicLit:
		p.tok(x.ValuePos, x.Value, sp)
	case *CompoundString:
		for _, part := range x.Parts {
			p.tok(part.ValuePos, part.Value, sp)
			sp = spSpace
		}
	case *Star:
		p.tok(x.Star, "*", sp)
	case *ParenExpr:
		p.tok(x.Lparen, "(", sp)
		p.nested(x.X)
		p.tok(x.Rparen, ")", p.closeSpacing(x.X))
	case *UnaryExpr:
		p.tok(x.OpPos, x.Op, sp)
		p.expr(x.X, spNone)
	case *BinaryExpr:
		p.expr(x.X, sp)
		if x.Op == ":" {
			// Column:"term", the search predicate, is written tight.
			p.tok(x.OpPos, x.Op, spNone)
			p.expr(x.Y, spNone)
			break
		}
		p.tok(x.OpPos, x.Op, spSpace)
		p.expr(x.Y, spSpace)
	case *InExpr:
		p.expr(x.X, sp)
		p.tok(x.OpPos, x.Op, spSpace)
		p.tok(x.Lparen, "(", spSpace)
		p.nestedList(x.List)
		p.tok(x.Rparen, ")", p.closeSpacingList(x.List))
	case *BetweenExpr:
		p.expr(x.X, sp)
		p.tok(x.OpPos, x.Op, spSpace)
		p.tok(x.Lparen, "(", spSpace)
		p.expr(x.Low, spNone)
		p.tok(x.DotDot, "..", spSpace)
		p.expr(x.High, spSpace)
		p.tok(x.Rparen, ")", spNone)
	case *CallExpr:
		p.expr(x.Fun, sp)
		lp := spNone
		if id, ok := x.Fun.(*Ident); ok && typedLiteralKind(id.text()) != IllegalLit {
			// guid (x) and bool (x) are calls; without the space they
			// would be typed literals.
			lp = spSpace
		}
		p.tok(x.Lparen, "(", lp)
		p.nestedList(x.Args)
		p.tok(x.Rparen, ")", p.closeSpacingList(x.Args))
	case *SelectorExpr:
		p.expr(x.X, sp)
		dot := spNone
		if lit, ok := x.X.(*BasicLit); ok && (lit.Kind == LongLit || lit.Kind == RealLit) {
			dot = spSpace // 0 .x: after a number, .0x would continue it
		}
		p.tok(x.Dot, ".", dot)
		p.expr(x.Sel, spNone)
	case *IndexExpr:
		if x.X != nil {
			p.expr(x.X, sp)
			sp = spNone
		}
		p.tok(x.Lbrack, "[", sp)
		p.expr(x.Index, spNone)
		p.tok(x.Rbrack, "]", spNone)
	case *NamedExpr:
		p.ident(x.Name, sp)
		p.tok(x.Assign, "=", spSpace)
		p.expr(x.Value, spSpace)
	case *CompoundNamedExpr:
		p.tok(x.Lparen, "(", sp)
		for k, n := range x.Names {
			if k > 0 {
				p.next(",", spNone)
			}
			p.ident(n, firstSpacing(k))
		}
		p.tok(x.Rparen, ")", spNone)
		p.tok(x.Assign, "=", spSpace)
		p.expr(x.Value, spSpace)
	case *SortExpr:
		p.expr(x.X, sp)
		if x.Order != "" {
			p.tok(x.OrderPos, x.Order, spSpace)
		}
		if x.Nulls != "" {
			p.tok(x.NullsPos, "nulls", spSpace)
			p.tok(x.NullsOrderPos, x.Nulls, spSpace)
		}
	case *TypeOfExpr:
		p.tok(x.TypeOf, "typeof", sp)
		p.tok(x.Lparen, "(", spNone)
		p.exprList(x.Types, spNone)
		p.tok(x.Rparen, ")", spNone)
	case *DynamicLit:
		p.tok(x.Dynamic, "dynamic", sp)
		p.tok(x.Lparen, "(", spNone)
		p.expr(x.Value, spNone)
		p.tok(x.Rparen, ")", spNone)
	case *ArrayLit:
		p.tok(x.Lbrack, "[", sp)
		p.exprList(x.Elems, spNone)
		p.tok(x.Rbrack, "]", spNone)
	case *ObjectLit:
		p.tok(x.Lbrace, "{", sp)
		for k, f := range x.Fields {
			if k > 0 {
				p.next(",", spNone)
			}
			p.expr(f.Key, firstSpacing(k))
			p.tok(f.Colon, ":", spNone)
			p.expr(f.Value, spSpace)
		}
		p.tok(x.Rbrace, "}", spNone)
	case *ColumnDecl:
		p.ident(x.Name, sp)
		if x.Type != nil {
			p.tok(x.Colon, ":", spNone)
			p.expr(x.Type, spNone)
		}
		if x.Default != nil {
			p.tok(x.Assign, "=", spSpace)
			p.expr(x.Default, spSpace)
		}
	case *SchemaExpr:
		p.schema(x, sp)
	case *FuncLit:
		if x.View {
			p.tok(x.ViewPos, "view", sp)
			sp = spSpace
		}
		p.schema(x.Params, sp)
		p.block(x.Lbrace, x.Body, x.Rbrace)
	case *ParenList:
		p.parenList(x, sp)
	case *BraceExpr:
		p.tok(x.Lbrace, "{", sp)
		p.nested(x.X)
		p.tok(x.Rbrace, "}", p.closeSpacing(x.X))
	case *Pipeline:
		p.pipeline(x, sp)
	case *DatatableExpr:
		p.tok(x.Datatable, "datatable", sp)
		p.params(x.Params, spSpace)
		p.schema(x.Schema, spNone)
		p.tok(x.Lbrack, "[", spSpace)
		if x.LeadingComma.IsValid() {
			p.tok(x.LeadingComma, ",", spNone)
		}
		if p.format && len(x.Values) > 0 {
			// One row per line.
			cols := 1
			if x.Schema != nil && len(x.Schema.Columns) > 0 {
				cols = len(x.Schema.Columns)
			}
			p.indent++
			for k, v := range x.Values {
				sp := spSpace
				if k > 0 {
					p.next(",", spNone)
				}
				if k%cols == 0 {
					p.needLine = true
					sp = spLine
				}
				p.expr(v, sp)
			}
			if x.TrailingComma.IsValid() {
				p.tok(x.TrailingComma, ",", spNone)
			}
			p.indent--
			p.tok(x.Rbrack, "]", spLine)
		} else {
			p.exprList(x.Values, spNone)
			if x.TrailingComma.IsValid() {
				p.tok(x.TrailingComma, ",", spNone)
			}
			p.tok(x.Rbrack, "]", spNone)
		}
	case *ExternalDataExpr:
		p.tok(x.ExternalData, x.Keyword, sp)
		p.params(x.Params, spSpace)
		p.schema(x.Schema, spNone)
		p.tok(x.Lbrack, "[", spSpace)
		p.exprList(x.URIs, spNone)
		if x.TrailingComma.IsValid() {
			p.tok(x.TrailingComma, ",", spNone)
		}
		p.tok(x.Rbrack, "]", spNone)
		if x.Props != nil {
			p.propertyList(x.Props, spSpace)
		}
	case *RenderClause:
		p.tok(x.KeywordPos, x.Keyword, sp)
		p.exprList(x.Exprs, spSpace)
	case *Command:
		p.command(x, sp)
	case Operator:
		// union, print, range, search, find and evaluate start queries.
		p.operator(x, sp)
	}
}

func (p *printer) schema(x *SchemaExpr, sp spacing) {
	if x == nil {
		return
	}
	p.tok(x.Lparen, "(", sp)
	if x.LeadingComma.IsValid() {
		p.tok(x.LeadingComma, ",", spNone)
	}
	p.exprList(x.Columns, spNone)
	if x.TrailingComma.IsValid() {
		p.tok(x.TrailingComma, ",", spNone)
	}
	p.tok(x.Rparen, ")", spNone)
}

func (p *printer) parenList(x *ParenList, sp spacing) {
	if x == nil {
		return
	}
	p.tok(x.Lparen, "(", sp)
	p.exprList(x.Elems, spNone)
	p.tok(x.Rparen, ")", spNone)
}

func (p *printer) propertyList(x *PropertyList, sp spacing) {
	p.tok(x.With, "with", sp)
	p.tok(x.Lparen, "(", spSpace)
	for k, n := range x.Props {
		if k > 0 {
			p.next(",", spNone)
		}
		p.ident(n.Name, firstSpacing(k))
		p.tok(n.Assign, "=", spNone)
		p.expr(n.Value, spNone)
	}
	p.tok(x.Rparen, ")", spNone)
}

// isBlock reports whether e is printed as an indented block in format mode:
// a pipeline with operators.
func isBlock(e Expr) bool {
	pl, ok := e.(*Pipeline)
	return ok && len(pl.Ops) > 0
}

// nested prints the content of parentheses or braces: a pipeline as an
// indented block in format mode, anything else inline.
func (p *printer) nested(e Expr) {
	if p.format && isBlock(e) {
		p.indent++
		p.expr(e, spLine)
		p.indent--
		return
	}
	p.expr(e, spNone)
}

func (p *printer) nestedList(list []Expr) {
	if p.format && len(list) == 1 && isBlock(list[0]) {
		p.nested(list[0])
		return
	}
	p.exprList(list, spNone)
}

func (p *printer) closeSpacing(e Expr) spacing {
	if p.format && isBlock(e) {
		return spLine
	}
	return spNone
}

func (p *printer) closeSpacingList(list []Expr) spacing {
	if len(list) == 1 {
		return p.closeSpacing(list[0])
	}
	return spNone
}

// ---------------------------------------------------------------------------
// Pipelines and operators

func (p *printer) pipeline(x *Pipeline, sp spacing) {
	if x.Source != nil {
		p.expr(x.Source, sp)
	}
	for k, op := range x.Ops {
		if k == 0 && x.Source == nil {
			p.operator(op, sp)
			continue
		}
		p.pipe(op)
		p.operator(op, spSpace)
	}
}

// pipe writes the '|' before op: the source one if op came with it.
func (p *printer) pipe(op Operator) {
	i := -1
	if k := p.q.tokenAt(nodePos(op)); k > 0 && p.q.tokText(k-1) == "|" {
		i = k - 1
	}
	sp := spLine
	if !p.format && i < 0 && !p.multiline() {
		sp = spSpace
	}
	p.emit(i, i, "|", sp)
}

// multiline reports whether the current output line is a continuation, so
// that a new pipe in source mode goes on its own line when its pipeline is
// laid out over several.
func (p *printer) multiline() bool {
	return strings.HasPrefix(strings.TrimLeft(lastLine(p.buf), " \t"), "|")
}

func lastLine(buf []byte) string {
	k := len(buf)
	for k > 0 && buf[k-1] != '\n' {
		k--
	}
	return string(buf[k:])
}

func (p *printer) operator(op Operator, sp spacing) {
	if last, ok := p.beginReplace(op); ok {
		defer p.endReplace(last)
	}
	switch x := op.(type) {
	case *WhereOp:
		p.tok(x.Where, x.Keyword, sp)
		p.params(x.Params, spSpace)
		p.expr(x.Pred, spSpace)
	case *ExtendOp:
		p.tok(x.Extend, "extend", sp)
		p.argList(x.Exprs, spSpace)
	case *ProjectOp:
		p.tok(x.Project, x.Keyword, sp)
		p.argList(x.Exprs, spSpace)
	case *SummarizeOp:
		p.tok(x.Summarize, "summarize", sp)
		p.params(x.Params, spSpace)
		p.argList(x.Aggs, spSpace)
		if x.By.IsValid() || len(x.Groups) > 0 {
			by := spSpace
			if p.format && !p.fits(x.Groups) {
				by = spLine
				p.indent++
			}
			p.tok(x.By, "by", by)
			p.argList(x.Groups, spSpace)
			if by == spLine {
				p.indent--
			}
		}
	case *MakeSeriesOp:
		p.tok(x.MakeSeries, "make-series", sp)
		p.params(x.Params, spSpace)
		for k, a := range x.Aggs {
			if k > 0 {
				p.next(",", spNone)
			}
			p.expr(a.X, spSpace)
			if a.Value != nil {
				p.tok(a.Default, "default", spSpace)
				p.tok(a.Assign, "=", spSpace)
				p.expr(a.Value, spSpace)
			}
		}
		p.tok(x.On, "on", spSpace)
		p.expr(x.Axis, spSpace)
		if x.Range != nil {
			p.tok(x.In, "in", spSpace)
			p.expr(x.Range, spSpace)
		}
		if x.Start != nil {
			p.tok(x.From, "from", spSpace)
			p.expr(x.Start, spSpace)
		}
		if x.Stop != nil {
			p.tok(x.To, "to", spSpace)
			p.expr(x.Stop, spSpace)
		}
		if x.StepSize != nil {
			p.tok(x.Step, "step", spSpace)
			p.expr(x.StepSize, spSpace)
		}
		if x.By.IsValid() || len(x.Groups) > 0 {
			p.tok(x.By, "by", spSpace)
			p.exprList(x.Groups, spSpace)
		}
	case *MvExpandOp:
		p.tok(x.MvExpand, x.Keyword, sp)
		p.params(x.Params, spSpace)
		p.mvExprs(x.Exprs)
		if x.LimitX != nil {
			p.tok(x.Limit, "limit", spSpace)
			p.expr(x.LimitX, spSpace)
		}
	case *MvApplyOp:
		p.tok(x.MvApply, x.Keyword, sp)
		p.params(x.Params, spSpace)
		p.mvExprs(x.Exprs)
		if x.LimitX != nil {
			p.tok(x.Limit, "limit", spSpace)
			p.expr(x.LimitX, spSpace)
		}
		p.tok(x.On, "on", spSpace)
		p.expr(x.Sub, spSpace)
	case *ParseOp:
		p.tok(x.Parse, x.Keyword, sp)
		p.params(x.Params, spSpace)
		p.expr(x.X, spSpace)
		p.tok(x.With, "with", spSpace)
		for _, e := range x.Pattern {
			p.expr(e, spSpace)
		}
	case *ParseKvOp:
		p.tok(x.ParseKv, "parse-kv", sp)
		p.expr(x.X, spSpace)
		p.tok(x.As, "as", spSpace)
		p.schema(x.Schema, spSpace)
		if x.Props != nil {
			p.propertyList(x.Props, spSpace)
		}
	case *JoinOp:
		p.tok(x.Join, x.Keyword, sp)
		p.params(x.Params, spSpace)
		p.expr(x.Right, spSpace)
		if x.On.IsValid() || len(x.Conds) > 0 {
			p.tok(x.On, "on", spSpace)
			p.exprList(x.Conds, spSpace)
		}
	case *UnionOp:
		p.tok(x.Union, "union", sp)
		p.params(x.Params, spSpace)
		p.exprList(x.Tables, spSpace)
	case *TakeOp:
		p.tok(x.Take, x.Keyword, sp)
		p.params(x.Params, spSpace)
		p.expr(x.Count, spSpace)
	case *TopOp:
		p.tok(x.Top, "top", sp)
		p.params(x.Params, spSpace)
		p.expr(x.Count, spSpace)
		p.tok(x.By, "by", spSpace)
		p.exprList(x.Keys, spSpace)
	case *TopNestedOp:
		for k, c := range x.Clauses {
			if k > 0 {
				p.next(",", spNone)
				sp = spSpace
			}
			p.tok(c.TopNested, "top-nested", sp)
			if c.Count != nil {
				p.expr(c.Count, spSpace)
			}
			p.tok(c.Of, "of", spSpace)
			p.expr(c.X, spSpace)
			if c.Others != nil {
				p.tok(c.With, "with", spSpace)
				p.next("others", spSpace)
				p.next("=", spSpace)
				p.expr(c.Others, spSpace)
			}
			p.tok(c.By, "by", spSpace)
			p.expr(c.Agg, spSpace)
		}
	case *TopHittersOp:
		p.tok(x.TopHitters, "top-hitters", sp)
		p.expr(x.Count, spSpace)
		p.tok(x.Of, "of", spSpace)
		p.expr(x.X, spSpace)
		if x.ByX != nil {
			p.tok(x.By, "by", spSpace)
			p.expr(x.ByX, spSpace)
		}
	case *SortOp:
		p.tok(x.Sort, x.Keyword, sp)
		p.params(x.Params, spSpace)
		p.tok(x.By, "by", spSpace)
		p.exprList(x.Keys, spSpace)
	case *DistinctOp:
		p.tok(x.Distinct, "distinct", sp)
		p.params(x.Params, spSpace)
		p.exprList(x.Exprs, spSpace)
	case *CountOp:
		p.tok(x.Count, "count", sp)
		if x.Name != nil {
			p.tok(x.As, "as", spSpace)
			p.ident(x.Name, spSpace)
		}
	case *AsOp:
		p.tok(x.As, "as", sp)
		p.params(x.Params, spSpace)
		p.ident(x.Name, spSpace)
	case *SerializeOp:
		p.tok(x.Serialize, "serialize", sp)
		p.params(x.Params, spSpace)
		p.exprList(x.Exprs, spSpace)
	case *RenderOp:
		p.tok(x.Render, "render", sp)
		p.ident(x.Chart, spSpace)
		for _, e := range x.Params {
			if n, ok := e.(*NamedExpr); ok {
				p.params([]*NamedExpr{n}, spSpace)
			} else {
				p.expr(e, spSpace)
			}
		}
		if x.Props != nil {
			p.propertyList(x.Props, spSpace)
		}
	case *EvaluateOp:
		p.tok(x.Evaluate, "evaluate", sp)
		p.params(x.Params, spSpace)
		p.expr(x.Call, spSpace)
		if x.Schema != nil {
			p.tok(x.Colon, ":", spSpace)
			p.schema(x.Schema, spSpace)
		}
	case *InvokeOp:
		p.tok(x.Invoke, "invoke", sp)
		p.expr(x.Call, spSpace)
	case *GetSchemaOp:
		p.tok(x.GetSchema, "getschema", sp)
	case *ConsumeOp:
		p.tok(x.Consume, "consume", sp)
		p.params(x.Params, spSpace)
	case *SampleOp:
		p.tok(x.Sample, "sample", sp)
		p.params(x.Params, spSpace)
		p.expr(x.Count, spSpace)
	case *SampleDistinctOp:
		p.tok(x.SampleDistinct, "sample-distinct", sp)
		p.params(x.Params, spSpace)
		p.expr(x.Count, spSpace)
		p.tok(x.Of, "of", spSpace)
		p.expr(x.X, spSpace)
	case *FacetOp:
		p.tok(x.Facet, "facet", sp)
		p.tok(x.By, "by", spSpace)
		p.exprList(x.Exprs, spSpace)
		if x.Sub != nil {
			p.tok(x.With, "with", spSpace)
			p.expr(x.Sub, spSpace)
		}
	case *ForkOp:
		p.tok(x.Fork, "fork", sp)
		for _, b := range x.Branches {
			p.expr(b, spSpace)
		}
	case *PartitionOp:
		p.tok(x.Partition, "partition", sp)
		p.params(x.Params, spSpace)
		p.tok(x.By, "by", spSpace)
		p.expr(x.X, spSpace)
		p.expr(x.Sub, spSpace)
	case *ReduceOp:
		p.tok(x.Reduce, "reduce", sp)
		p.params(x.Params, spSpace)
		p.tok(x.By, "by", spSpace)
		p.expr(x.X, spSpace)
		if len(x.Props) > 0 {
			p.tok(x.With, "with", spSpace)
			for k, n := range x.Props {
				if k > 0 {
					p.next(",", spNone)
				}
				p.ident(n.Name, spSpace)
				p.tok(n.Assign, "=", spNone)
				p.expr(n.Value, spNone)
			}
		}
	case *ScanOp:
		p.tok(x.Scan, "scan", sp)
		p.params(x.Params, spSpace)
		if x.Decls != nil {
			p.tok(x.Declare, "declare", spSpace)
			p.schema(x.Decls, spSpace)
		}
		p.tok(x.With, "with", spSpace)
		p.tok(x.Lparen, "(", spSpace)
		p.indent++
		for _, s := range x.Steps {
			p.tok(s.Step, "step", spLine)
			p.ident(s.Name, spSpace)
			p.params(s.Params, spSpace)
			p.tok(s.Colon, ":", spNone)
			p.expr(s.Cond, spSpace)
			if len(s.Assigns) > 0 {
				p.tok(s.Arrow, "=>", spSpace)
				for k, a := range s.Assigns {
					if k > 0 {
						p.next(",", spNone)
					}
					p.expr(a, spSpace)
				}
			}
			if s.Semi.IsValid() {
				p.tok(s.Semi, ";", spNone)
			}
		}
		p.indent--
		p.tok(x.Rparen, ")", spLine)
	case *SearchOp:
		p.tok(x.Search, "search", sp)
		p.params(x.Params, spSpace)
		if x.Tables != nil {
			p.tok(x.In, "in", spSpace)
			p.parenList(x.Tables, spSpace)
		}
		p.expr(x.Pred, spSpace)
	case *FindOp:
		p.tok(x.Find, "find", sp)
		p.params(x.Params, spSpace)
		if x.Tables != nil {
			p.tok(x.In, "in", spSpace)
			p.parenList(x.Tables, spSpace)
		}
		if x.Where.IsValid() {
			p.tok(x.Where, "where", spSpace)
		}
		p.expr(x.Pred, spSpace)
		if x.ProjectKw != "" {
			p.tok(x.Project, x.ProjectKw, spSpace)
			p.exprList(x.Columns, spSpace)
		}
	case *PrintOp:
		p.tok(x.Print, "print", sp)
		p.argList(x.Exprs, spSpace)
	case *RangeOp:
		p.tok(x.Range, "range", sp)
		p.ident(x.Name, spSpace)
		p.tok(x.From, "from", spSpace)
		p.expr(x.Start, spSpace)
		p.tok(x.To, "to", spSpace)
		p.expr(x.Stop, spSpace)
		p.tok(x.Step, "step", spSpace)
		p.expr(x.StepSize, spSpace)
	case *MakeGraphOp:
		p.makeGraph(x, sp)
	case *GraphMatchOp:
		p.graphMatch(x, sp)
	case *GraphToTableOp:
		p.tok(x.GraphToTable, "graph-to-table", sp)
		for k, o := range x.Outputs {
			if k > 0 {
				p.next(",", spNone)
			}
			p.graphToTableOutput(o, spSpace)
		}
	case *GraphMarkComponentsOp:
		p.tok(x.GraphMarkComponents, "graph-mark-components", sp)
		p.params(x.Params, spSpace)
	case *GraphWhereOp:
		p.tok(x.GraphWhere, x.Keyword, sp)
		p.expr(x.Pred, spSpace)
	}
}

func (p *printer) makeGraph(x *MakeGraphOp, sp spacing) {
	p.tok(x.MakeGraph, "make-graph", sp)
	p.params(x.Params, spSpace)
	p.ident(x.Source, spSpace)
	p.span(x.ArrowPos, len(x.Arrow), x.Arrow, spSpace)
	p.ident(x.Target, spSpace)
	if len(x.Tables) > 0 {
		p.tok(x.With, "with", spSpace)
		for k, t := range x.Tables {
			if k > 0 {
				p.next(",", spNone)
			}
			p.makeGraphTable(t, spSpace)
		}
	}
	if x.NodeIDName != nil {
		p.tok(x.WithNodeID, "with_node_id", spSpace)
		p.tok(x.Assign, "=", spNone)
		p.ident(x.NodeIDName, spNone)
	}
	if x.Partition != nil {
		p.tok(x.PartitionedBy, "partitioned-by", spSpace)
		p.ident(x.Partition, spSpace)
		p.expr(x.Sub, spSpace)
	}
}

func (p *printer) makeGraphTable(t *MakeGraphTable, sp spacing) {
	p.expr(t.Table, sp)
	p.tok(t.On, "on", spSpace)
	p.ident(t.Key, spSpace)
}

// graphMatch prints graph-match and graph-shortest-paths. In format mode,
// an operator too long for one line puts its where and project clauses on
// lines of their own.
func (p *printer) graphMatch(x *GraphMatchOp, sp spacing) {
	p.tok(x.GraphMatch, x.Keyword, sp)
	p.params(x.Params, spSpace)
	for k, pat := range x.Patterns {
		if k > 0 {
			p.next(",", spNone)
		}
		p.graphPattern(pat, spSpace)
	}
	clause := spSpace
	if p.format && (x.Pred != nil || len(x.Exprs) > 0) && !p.fitsText(graphMatchClauses(x)) {
		clause = spLine
		p.indent++
		defer func() { p.indent-- }()
	}
	if x.Pred != nil {
		p.tok(x.Where, "where", clause)
		p.expr(x.Pred, spSpace)
	}
	if x.Project.IsValid() || len(x.Exprs) > 0 {
		p.tok(x.Project, "project", clause)
		p.argList(x.Exprs, spSpace)
	}
}

// graphMatchClauses returns the where and project clauses of x on one
// line, for measuring.
func graphMatchClauses(x *GraphMatchOp) string {
	var b strings.Builder
	if x.Pred != nil {
		b.WriteString(" where " + flatText(x.Pred))
	}
	if x.Project.IsValid() || len(x.Exprs) > 0 {
		b.WriteString(" project ")
		for k, e := range x.Exprs {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString(flatText(e))
		}
	}
	return b.String()
}

// graphPattern prints the elements of a pattern without spaces between a
// node and an edge: (a)-[e]->(b). Two nodes, or two edges, in a row are
// separated by a space, so that the tokens of the edges stay apart.
func (p *printer) graphPattern(x *GraphPattern, sp spacing) {
	for k, e := range x.Elems {
		esp := sp
		if k > 0 {
			_, node := e.(*GraphNode)
			_, prevNode := x.Elems[k-1].(*GraphNode)
			esp = spNone
			if node == prevNode {
				esp = spSpace
			}
		}
		p.graphElem(e, esp)
	}
}

func (p *printer) graphElem(e GraphElem, sp spacing) {
	switch x := e.(type) {
	case *GraphNode:
		p.tok(x.Lparen, "(", sp)
		p.ident(x.Name, spNone)
		p.tok(x.Rparen, ")", spNone)
	case *GraphEdge:
		p.span(x.OpenPos, len(x.Open), x.Open, sp)
		if x.Close == "" {
			return
		}
		p.ident(x.Name, spNone)
		if x.Star.IsValid() || x.Min != nil {
			p.tok(x.Star, "*", spNone)
			p.expr(x.Min, spNone)
			p.tok(x.DotDot, "..", spNone)
			p.expr(x.Max, spNone)
		}
		p.span(x.ClosePos, len(x.Close), x.Close, spNone)
	}
}

func (p *printer) graphToTableOutput(o *GraphToTableOutput, sp spacing) {
	p.tok(o.KindPos, o.Kind, sp)
	if o.Name != nil {
		p.tok(o.As, "as", spSpace)
		p.ident(o.Name, spSpace)
	}
	p.params(o.Params, spSpace)
}

// fitsText reports whether s, printed after the current line, stays within
// maxLineWidth.
func (p *printer) fitsText(s string) bool {
	width := len(p.buf) - (bytes.LastIndexByte(p.buf, '\n') + 1)
	return !strings.Contains(s, "\n") && width+len(s) <= maxLineWidth
}

// firstSpacing is the spacing of the k-th element of a bracketed list.
func firstSpacing(k int) spacing {
	if k == 0 {
		return spNone
	}
	return spSpace
}

func (p *printer) mvExprs(list []*MvExpandExpr) {
	for k, e := range list {
		if k > 0 {
			p.next(",", spNone)
		}
		p.expr(e.X, spSpace)
		if e.Type != nil {
			p.tok(e.To, "to", spSpace)
			p.expr(e.Type, spSpace)
		}
	}
}

// node prints the nodes that are neither statements, operators nor
// expressions, for printNode.
func (p *printer) node(n Node) {
	switch x := n.(type) {
	case *Query:
		p.query(x)
	case *PropertyList:
		p.propertyList(x, spNone)
	case *MakeSeriesAgg:
		p.expr(x.X, spNone)
		if x.Value != nil {
			p.tok(x.Default, "default", spSpace)
			p.tok(x.Assign, "=", spSpace)
			p.expr(x.Value, spSpace)
		}
	case *KeyValue:
		p.expr(x.Key, spNone)
		p.tok(x.Colon, ":", spNone)
		p.expr(x.Value, spSpace)
	case *TopNestedClause:
		p.operator(&TopNestedOp{Clauses: []*TopNestedClause{x}}, spNone)
	case *ScanStep:
		p.operator(&ScanOp{Steps: []*ScanStep{x}}, spNone)
	case *PatternRule:
		p.patternRule(x)
	case *MakeGraphTable:
		p.makeGraphTable(x, spNone)
	case *GraphPattern:
		p.graphPattern(x, spNone)
	case *GraphNode:
		p.graphElem(x, spNone)
	case *GraphEdge:
		p.graphElem(x, spNone)
	case *GraphToTableOutput:
		p.graphToTableOutput(x, spNone)
	case *CommandWord:
		p.tok(x.WordPos, x.Word, spNone)
	case *CommandQuery:
		p.commandQuery(x, spNone)
	case *RawData:
		p.rawData(x, spNone)
	}
}
