package kql

import (
	"fmt"
	"sync"
)

// maxDepth bounds the nesting of the syntax tree (parentheses, brackets,
// calls, subqueries, unary operators, and chains of binary operators, which
// nest as deep as they are long), so that no input can exhaust the stack of
// the parser, the printer or the rewriters that recurse over the tree. Each
// nesting is one level: 5000 nested parentheses parse, 5001 do not, and the
// error says so.
const maxDepth = 5000

// Parse parses a KQL query: statements separated by semicolons, such as
// let bindings followed by a tabular expression. It returns a *Error for a
// syntax error.
//
// Like the official parser, Parse takes the whole text as one query:
// several queries separated only by blank lines (a Kusto Explorer file) are
// an error. ParseFile splits such files.
func Parse(src string) (*Query, error) {
	q, err := parse(src)
	if err != nil {
		return nil, err
	}
	return q, nil
}

func parse(src string) (q *Query, err *Error) {
	if len(src) > maxSourceLen {
		return nil, &Error{Pos: Position{Offset: 0, Line: 1, Column: 1}, Msg: "query too large"}
	}
	p := parsers.Get().(*parser)
	defer p.release()
	toks, counts, lerr := lexSource(p.toks, src)
	p.src, p.toks, p.counts = src, toks, counts
	if lerr != nil {
		lerr.Pos = newLineIndex(src).position(lerr.Pos.Offset)
		return nil, lerr
	}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			if p.lines == nil {
				p.lines = newLineIndex(src)
			}
			b.err.Pos = p.lines.position(b.err.Pos.Offset)
			b.err.src = src
			q, err = nil, b.err
		}
	}()
	q = p.parseQuery()
	q.src = src
	q.lines = p.lines
	return q, nil
}

// parsers keeps the parsers of finished parses, with their buffers: the
// tokens (a parse needs them only while it runs; a Query lexes its source
// again if it is printed), the list stacks and the grammar input. Making
// them anew, the tokens a large zeroed block for every query, was the
// largest allocation of a parse.
var parsers = sync.Pool{New: func() any { return new(parser) }}

// release resets p, keeping its buffers but nothing that points into the
// parse's source or tree, and returns it to the pool.
func (p *parser) release() {
	toks := p.toks[:0]
	if cap(toks) > maxPooledTokens {
		toks = nil
	}
	// The lists leave their elements above the stacks' lengths: clearing
	// them once here, rather than as each list is done, spares a
	// memclrHasPointers call per list (and while the garbage collector
	// marks, its write barrier on every element).
	// (A failed parse leaves the elements of its unfinished lists too.)
	clear(p.stack[:max(p.stackHigh, len(p.stack))])
	clear(p.ops[:max(p.opsHigh, len(p.ops))])
	if p.grammar != nil {
		p.grammar.reset()
	}
	*p = parser{toks: toks, stack: p.stack[:0], ops: p.ops[:0], grammar: p.grammar}
	parsers.Put(p)
}

// bailout carries a syntax error up the parser's stack.
type bailout struct{ err *Error }

type parser struct {
	src   string
	toks  []token
	i     int // index of the current token
	depth int
	lines lineIndex
	stack []Expr // elements of the lists being parsed; see parseExprList

	// stackHigh and opsHigh are the most elements that stack and ops held
	// in this parse, which release clears: clearing up to the capacity
	// cleared, in every parse, the room that the longest list of any
	// earlier parse had made (a 1,000-element list made it 16 kB).
	stackHigh, opsHigh int

	grammar *grammarInput // the participle grammars' input, once needed
	alloc   nodeAlloc     // the most common nodes; see alloc.go
	counts  tokenCounts   // the tokens by kind, which size alloc's blocks
	ops     []Operator    // the operators of the pipelines being parsed; see parsePipes
}

// ---------------------------------------------------------------------------
// Tokens

func (p *parser) cur() *token { return &p.toks[p.i] }

func (p *parser) peek(k int) *token {
	if p.i+k < len(p.toks) {
		return &p.toks[p.i+k]
	}
	return &p.toks[len(p.toks)-1]
}

func (p *parser) pos() Pos { return PosOf(int(p.toks[p.i].start)) }

func (p *parser) advance() {
	if p.toks[p.i].kind != tEOF {
		p.i++
	}
}

// is reports whether the current token is the symbol or word id.
func (p *parser) is(id tokenID) bool { return p.tokenIs(&p.toks[p.i], id) }

func (p *parser) peekIs(k int, id tokenID) bool { return p.tokenIs(p.peek(k), id) }

// tokenIs reports whether t is the symbol or word id. It is the parser's
// most frequent question: one comparison of the ids that the lexer sets.
func (p *parser) tokenIs(t *token, id tokenID) bool { return t.id == id }

func (p *parser) atEOF() bool { return p.toks[p.i].kind == tEOF }

// adjacent reports whether the token after the current one follows it
// without space.
func (p *parser) adjacent(k int) bool {
	return p.peek(k).start == p.peek(k-1).end
}

// got consumes the current token if it is id.
func (p *parser) got(id tokenID) (Pos, bool) {
	t := &p.toks[p.i]
	if !p.tokenIs(t, id) {
		return NoPos, false
	}
	p.i++ // id matched: not the end token
	return PosOf(int(t.start)), true
}

// expect consumes the token id or fails.
func (p *parser) expect(id tokenID) Pos {
	if pos, ok := p.got(id); ok {
		return pos
	}
	p.failExpected("'" + id.String() + "'")
	return NoPos
}

func (p *parser) failExpected(what string) {
	p.failAt(int(p.cur().start), "expected %s, found %s", what, p.describe(p.cur()))
}

func (p *parser) failAt(offset int, format string, args ...any) {
	panic(bailout{&Error{Pos: Position{Offset: offset}, Msg: fmt.Sprintf(format, args...)}})
}

// tx returns the text of a token.
func (p *parser) tx(t *token) string { return p.src[t.start:t.end] }

func (p *parser) describe(t *token) string {
	if t.kind == tEOF {
		return "end of query"
	}
	s := p.tx(t)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	if t.kind == tString {
		return "string " + s
	}
	return "'" + s + "'"
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth+1 { // the query itself is a level, not a nesting
		p.failAt(int(p.cur().start), "query nested too deeply (more than %d levels)", maxDepth)
	}
}

func (p *parser) leave() { p.depth-- }

// ---------------------------------------------------------------------------
// Names
//
// Where the official grammar reads a name it takes an identifier, a keyword
// that can be one (identKeywords), a bracketed name ['a'] — of one or more
// adjacent strings: ['a' 'b'] names "ab" — or a braced name {a}, a client
// parameter. Some positions take the extended names too
// (extendedNameKeywords): the names of columns and parameters in
// declarations and of name = value. Looking ahead for a name (scanName),
// the official parser takes a braced name only in its simple form {Word},
// with Word a name; parsing one (parseName), it takes every form.

// isName reports whether a name starts at the current token (see scanName).
func (p *parser) isName() bool { return p.scanName(p.i) > 0 }

// nameLen returns the number of tokens of the name at the current token.
func (p *parser) nameLen() int { return p.scanName(p.i) }

// scanName returns the number of tokens of the name that starts at token
// index i, as the official grammar looks ahead for one, or 0: an identifier
// or a keyword that can be one, a bracketed name, or a braced name {Word}.
func (p *parser) scanName(i int) int {
	t := &p.toks[i]
	switch {
	case t.kind == tIdent:
		if p.isIdentOrKeywordAsIdent(t) {
			return 1
		}
		return 0
	case t.id == pLbrack:
		return p.bracketedNameLen(i)
	case t.id == pLbrace:
		if p.isIdentOrKeywordAsIdent(&p.toks[i+1]) && p.tokIs(i+2, pRbrace) {
			return 3
		}
	}
	return 0
}

// scanExtendedName is scanName for the positions that take extended names.
func (p *parser) scanExtendedName(i int) int {
	if n := p.scanName(i); n > 0 {
		return n
	}
	if p.wordClassOf(&p.toks[i]) == wordExtendedKeyword {
		return 1
	}
	return 0
}

// bracketedNameLen returns the number of tokens of the bracketed name at
// token index i, ['a'] or ['a' 'b'], or 0.
func (p *parser) bracketedNameLen(i int) int {
	if !p.tokIs(i, pLbrack) {
		return 0
	}
	k := i + 1
	for p.toks[k].kind == tString {
		k++
	}
	if k == i+1 || !p.tokIs(k, pRbrack) {
		return 0
	}
	return k - i + 1
}

// tokIs reports whether the token at index i is the symbol or word id.
func (p *parser) tokIs(i int, id tokenID) bool {
	if i >= len(p.toks) {
		return false
	}
	return p.tokenIs(&p.toks[i], id)
}

// bracedNameLen returns the number of tokens of the braced name that starts
// at token index i, or 0: a client parameter of a workbook or dashboard,
// {Name} or {Name[N]} or {Name[-N]}, where Name is a word (a keyword or an
// operator word such as !has too, but not true or false) and N a whole
// number, written without spaces.
func (p *parser) bracedNameLen(i int) int {
	if !p.tokIs(i, pLbrace) {
		return 0
	}
	k := i + 1
	// The word: one token, or a dashed keyword that kqlt lexes in parts.
	switch w := &p.toks[k]; {
	case w.kind == tIdent && !boolWords[p.tx(w)] || w.kind == tOp:
		k++
	default:
		return 0
	}
	for p.tokIs(k, pMinus) && p.toks[k+1].kind == tIdent && p.adjacentAt(k) && p.adjacentAt(k+1) &&
		p.dashedKeywordBetween(i+1, k+1) {
		k += 2
	}
	if k > i+2 && !kustoKeywords[p.src[p.toks[i+1].start:p.toks[k-1].end]] {
		return 0
	}
	if !p.adjacentAt(i + 1) {
		return 0
	}
	if p.tokIs(k, pLbrack) && p.adjacentAt(k) {
		k++
		if p.tokIs(k, pMinus) && p.adjacentAt(k) {
			k++
		}
		if p.toks[k].kind != tLong || !p.adjacentAt(k) || !p.tokIs(k+1, pRbrack) || !p.adjacentAt(k+1) {
			return 0
		}
		k += 2
	}
	if !p.tokIs(k, pRbrace) || !p.adjacentAt(k) {
		return 0
	}
	return k - i + 1
}

// dashedKeywordBetween reports whether the tokens from index i to index j
// (inclusive) spell the start of a dashed keyword: a keyword such as
// set-or-append that kqlt lexes as words and dashes.
func (p *parser) dashedKeywordBetween(i, j int) bool {
	prefix := p.src[p.toks[i].start:p.toks[j].end]
	for w := range kustoKeywords {
		if len(w) >= len(prefix) && w[:len(prefix)] == prefix && (len(w) == len(prefix) || w[len(prefix)] == '-') {
			return true
		}
	}
	return false
}

// adjacentAt reports whether the token at index i follows the one before it
// without space.
func (p *parser) adjacentAt(i int) bool {
	return i > 0 && i < len(p.toks) && p.toks[i].start == p.toks[i-1].end
}

// parseName parses a name: an identifier or a keyword that can be one, a
// bracketed name ['x'] or a braced name {x}.
func (p *parser) parseName() *Ident { return p.parseNameOf(false) }

// parseExtendedName parses a name where the official grammar takes the
// extended names (see extendedNameKeywords).
func (p *parser) parseExtendedName() *Ident { return p.parseNameOf(true) }

func (p *parser) parseNameOf(extended bool) *Ident {
	t := p.cur()
	switch {
	case t.kind == tIdent:
		switch p.wordClassOf(t) {
		case wordIdent, wordIdentKeyword:
		case wordExtendedKeyword:
			if !extended {
				p.failKeywordAsName(t)
			}
		default:
			p.failKeywordAsName(t)
		}
		p.advance()
		return p.wordIdent(t)
	case t.kind != tPunct:
	case p.tokIs(p.i, pLbrace):
		if n := p.bracedNameLen(p.i); n > 0 {
			return p.parseBracedName(n)
		}
	case p.tokIs(p.i, pLbrack):
		if n := p.bracketedNameLen(p.i); n > 0 {
			return p.parseBracketedName(n)
		}
	}
	p.failExpected("a name")
	return nil
}

// failKeywordAsName fails at a keyword that stands where a name should.
func (p *parser) failKeywordAsName(t *token) {
	w := p.tx(t)
	if boolWords[w] {
		p.failAt(int(t.start), "expected a name, found '%s'", w)
	}
	p.failAt(int(t.start), "expected a name, found the keyword '%s' (write ['%s'] for a name)", w, w)
}

// parseBracketedName parses a bracketed name of n tokens at the current
// token: its strings, concatenated, are the name.
func (p *parser) parseBracketedName(n int) *Ident {
	first, last := p.cur(), &p.toks[p.i+n-1]
	var name string
	for k := p.i + 1; k < p.i+n-1; k++ {
		s, err := Unquote(p.tx(&p.toks[k]))
		if err != nil {
			p.failAt(int(p.toks[k].start), "bad bracketed name: %v", err)
		}
		name += s
	}
	id := p.ident(PosOf(int(first.start)), name, p.src[first.start:last.end])
	p.i += n
	return id
}

// parseBracedName parses a braced name of n tokens at the current token.
func (p *parser) parseBracedName(n int) *Ident {
	first, last := p.cur(), &p.toks[p.i+n-1]
	raw := p.src[first.start:last.end]
	id := p.ident(PosOf(int(first.start)), raw[1:len(raw)-1], raw)
	id.spell.braced = true // a spelling of its own: raw differs from the name
	p.i += n
	return id
}

// parseLiteralValue parses a value as the official grammar reads those of
// operator parameters and defaults: a literal — strings, a number (signed
// without space), a typed literal, a boolean, dynamic(...), typeof(...) — a
// word that can be a name, or a bracketed or braced name.
func (p *parser) parseLiteralValue() Expr {
	t := p.cur()
	switch {
	case t.kind == tString || t.kind == tLong || t.kind == tReal || t.kind == tTimespan || t.kind == tTyped:
		return p.parsePrimary()
	case p.is(pMinus) || p.is(pPlus):
		if n := p.peek(1); (n.kind == tLong || n.kind == tReal || n.kind == tTimespan) && p.adjacent(1) && isDigit(p.src[n.start]) {
			p.i += 2
			return &UnaryExpr{OpPos: PosOf(int(t.start)), Op: p.tx(t), X: p.basicLit(PosOf(int(n.start)), numberKind(n.kind), p.tx(n))}
		}
	case t.kind == tIdent:
		switch {
		case p.is(kwDynamic) && p.peekIs(1, pLparen):
			return p.parseDynamic()
		case p.is(kwTypeof) && p.peekIs(1, pLparen):
			return p.parseTypeOf()
		}
		if c := p.wordClassOf(t); c == wordIdent || c == wordIdentKeyword || c == wordBool {
			p.advance()
			return p.wordValue(PosOf(int(t.start)), p.tx(t))
		}
	case p.is(pLbrace) || p.is(pLbrack):
		if p.bracedNameLen(p.i) > 0 || p.bracketedNameLen(p.i) > 0 {
			return p.parseName()
		}
	}
	p.failExpected("a literal value")
	return nil
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// ---------------------------------------------------------------------------
// Statements

func (p *parser) parseQuery() *Query {
	q := p.newQuery()
	if p.is(pDot) {
		return p.parseCommandBlock(q) // a control command (command.go)
	}
	var buf [8]Stmt // most queries have a few statements
	stmts := buf[:0]
	for !p.atEOF() {
		s := p.parseStatement()
		stmts = append(stmts, s)
		if semi, ok := p.got(pSemi); ok {
			setSemi(s, semi)
			continue
		}
		if !p.atEOF() {
			p.failExpected("';' or the end of the query")
		}
	}
	switch n := len(stmts); {
	case n == 0:
	case n <= len(p.alloc.stmts):
		q.Stmts = p.alloc.stmts[:n:n]
		copy(q.Stmts, stmts)
	default:
		q.Stmts = make([]Stmt, n)
		copy(q.Stmts, stmts)
	}
	return q
}

func setSemi(s Stmt, semi Pos) {
	switch s := s.(type) {
	case *LetStmt:
		s.Semi = semi
	case *ExprStmt:
		s.Semi = semi
	case *SetStmt:
		s.Semi = semi
	case *DeclareParamsStmt:
		s.Semi = semi
	case *AliasStmt:
		s.Semi = semi
	case *PatternStmt:
		s.Semi = semi
	}
}

// parseStatement parses a statement of a query, as the official parser
// tells them apart: set always starts a set statement; let, declare and
// alias start theirs when what follows fits, and are names otherwise.
func (p *parser) parseStatement() Stmt {
	switch {
	case p.is(kwLet) && p.scanName(p.i+1) > 0:
		return p.parseLet()
	case p.is(kwSet):
		return p.parseSet()
	case p.is(kwDeclare) && p.peekIs(1, kwQueryParameters):
		return p.parseDeclareParams()
	case p.is(kwDeclare) && p.peekIs(1, kwPattern):
		return p.parsePattern()
	case p.is(kwAlias) && p.peekIs(1, kwDatabase):
		return p.parseAlias()
	}
	if p.is(pDot) && p.peek(1).kind == tIdent && p.adjacent(1) {
		p.failAt(int(p.cur().start), "a control command (.%s) must start the text, not follow a statement", p.tx(p.peek(1)))
	}
	s := p.exprStmt()
	s.X = p.parseTabular()
	return s
}

func (p *parser) parseLet() *LetStmt {
	s := p.letStmt()
	s.Let = p.expect(kwLet)
	s.Name = p.parseName()
	s.Assign = p.expect(pAssign)
	switch {
	case p.is(kwMaterialize) && p.peekIs(1, pLparen):
		// materialize(...) is a call only as the value of a let; it takes
		// a tabular expression.
		name := p.parseIdentToken()
		c := p.call(name, p.expect(pLparen))
		c.Args = p.exprList1(p.parseTabular())
		c.Rparen = p.expect(pRparen)
		s.Value = c
	case p.isFuncLit():
		var view Pos
		if p.is(kwView) {
			view = p.pos()
			p.advance()
		}
		f := p.parseFuncLit()
		f.View, f.ViewPos = view.IsValid(), view
		s.Value = f
	default:
		s.Value = p.parseTabular()
	}
	return s
}

// parseIdentToken parses the current word as an Ident, whatever its class.
func (p *parser) parseIdentToken() *Ident {
	t := p.cur()
	p.advance()
	return p.wordIdent(t)
}

// isFuncLit reports whether a function starts at the current token, as the
// official parser decides: view, if present, then a parenthesis followed by
// ')', '*', or a name and ':'.
func (p *parser) isFuncLit() bool {
	i := p.i
	if p.tokIs(i, kwView) {
		i++
	}
	if !p.tokIs(i, pLparen) {
		return false
	}
	if p.tokIs(i+1, pRparen) || p.tokIs(i+1, pStar) {
		return true
	}
	n := p.scanExtendedName(i + 1)
	return n > 0 && p.tokIs(i+1+n, pColon)
}

// matching returns the index of the bracket that closes the one at index
// open, or -1. A bracket of another kind closing one (as '}' after '(')
// means there is no match.
func (p *parser) matching(open int) int {
	var buf [64]tokenID
	closers := buf[:0] // the closing brackets expected, innermost last
	for i := open; i < len(p.toks); i++ {
		t := &p.toks[i]
		switch id := t.id; id {
		case pLparen, pLbrack, pLbrace:
			if len(closers) >= maxDepth {
				p.failAt(int(t.start), "query nested too deeply (more than %d levels)", maxDepth)
			}
			closer := pRparen
			switch id {
			case pLbrack:
				closer = pRbrack
			case pLbrace:
				closer = pRbrace
			}
			closers = append(closers, closer)
		case pRparen, pRbrack, pRbrace:
			if len(closers) == 0 || closers[len(closers)-1] != id {
				return -1
			}
			closers = closers[:len(closers)-1]
			if len(closers) == 0 {
				return i
			}
		}
	}
	return -1
}

// schemaKind is what a parenthesized list of declarations declares, which
// decides what the official grammar allows in it.
type schemaKind uint8

const (
	paramSchema    schemaKind = iota // function parameters, scan's declare, query_parameters: defaults allowed
	patternSchema                    // the parameters of declare pattern
	rowSchema                        // datatable, externaldata, parse-kv: a comma may lead and trail
	evaluateSchema                   // evaluate's: a row schema that may start with '*'
	tableSchema                      // the schema of a tabular column or parameter: (*) or columns, a comma may trail
	typeofSchema                     // typeof(a:string, *)
)

// parseSchema parses a parenthesized list of column or parameter
// declarations with the participle grammar and checks it as the official
// grammar reads one of its kind.
func (p *parser) parseSchema(kind schemaKind) *SchemaExpr {
	if !p.is(pLparen) {
		p.failExpected("'('")
	}
	end := p.matching(p.i)
	if end < 0 {
		p.failAt(int(p.cur().start), "missing ')' to close this '('")
	}
	s := p.simpleSchema(p.i, end)
	if s != nil {
		p.i = end + 1
	} else {
		s = p.schemaFromAt(runGrammar(p, schemaParser, p.i, end), end)
	}
	p.checkSchema(s, kind)
	return s
}

// parseTypedSchema parses the parameters of a function.
func (p *parser) parseTypedSchema() *SchemaExpr { return p.parseSchema(paramSchema) }

// parseRowSchema parses the row schema of datatable, externaldata or
// parse-kv.
func (p *parser) parseRowSchema() *SchemaExpr { return p.parseSchema(rowSchema) }

// checkSchema fails where s is not what the official grammar reads as a
// schema of its kind: each column an extended name, ':' and a type — a
// scalar type name (see isParamType) or a tabular schema — with a constant
// default only for parameters; a star only where the kind allows it; a
// leading or trailing comma only in row schemas.
func (p *parser) checkSchema(s *SchemaExpr, kind schemaKind) {
	row := kind == rowSchema || kind == evaluateSchema
	switch {
	case row && s.LeadingComma.IsValid() && s.TrailingComma.IsValid() && len(s.Columns) == 0:
		p.failAt(s.TrailingComma.Offset(), "expected a column, found ','")
	case !row && s.LeadingComma.IsValid():
		p.failAt(s.LeadingComma.Offset(), "expected a declaration, found ','")
	case kind == tableSchema && s.TrailingComma.IsValid() && !endsWithColumn(s):
		p.failAt(s.Rparen.Offset(), "expected a column, found ')'")
	case !row && kind != tableSchema && s.TrailingComma.IsValid():
		p.failAt(s.Rparen.Offset(), "expected a declaration, found ')'")
	}
	for k, c := range s.Columns {
		col, ok := c.(*ColumnDecl)
		if !ok {
			// A star: typeof(*) and (*) alone in a tabular schema, or
			// first in evaluate's.
			if kind == tableSchema && len(s.Columns) == 1 && !s.TrailingComma.IsValid() || kind == evaluateSchema && k == 0 || kind == typeofSchema {
				continue
			}
			p.failAt(c.Pos().Offset(), "expected a declaration, found '*'")
		}
		p.checkDeclName(col.Name)
		switch t := col.Type.(type) {
		case nil:
			end := int32(col.Name.End().Offset())
			i := 0
			for i < len(p.toks)-1 && p.toks[i].start < end {
				i++
			}
			p.failAt(int(p.toks[i].start), "expected ':' and a type after %s, found %s", col.Name.text(), p.describe(&p.toks[i]))
		case *Ident:
			if t.Braced() || t.Raw() != "" || !isParamType(t.Name) {
				p.failAt(t.Pos().Offset(), "'%s' is not a type name that can be used here", t.text())
			}
		case *SchemaExpr:
			p.checkSchema(t, tableSchema)
		}
		if col.Default != nil && kind != paramSchema {
			p.failAt(col.Assign.Offset(), "expected ',' or ')', found '='")
		}
		if col.Default != nil {
			p.checkDefault(col.Default)
		}
	}
}

// checkDeclName fails if the name of a declaration is a keyword that the
// official grammar does not take as an extended name.
func (p *parser) checkDeclName(id *Ident) {
	if id.Braced() || id.Raw() != "" {
		return
	}
	if c := classifyWord(id.Name); c > wordExtendedKeyword {
		p.failAt(id.Pos().Offset(), "expected a name, found the keyword '%s' (write ['%s'] for a name)", id.Name, id.Name)
	}
}

// checkDefault fails if the default value of a parameter is not a literal
// as the official grammar reads one: a sign is written next to its number,
// and a word is a name or a boolean.
func (p *parser) checkDefault(x Expr) {
	switch x := x.(type) {
	case *UnaryExpr:
		if x.X.Pos().Offset() != x.OpPos.Offset()+1 {
			p.failAt(x.OpPos.Offset(), "expected a value, found '%s'", x.Op)
		}
	case *Ident:
		if !x.Braced() && classifyWord(x.Name) > wordIdentKeyword {
			p.failAt(x.Pos().Offset(), "expected a value, found the keyword '%s'", x.Name)
		}
	}
}

// isParamType reports whether w is a type name that the official grammar
// takes in declarations (ScanParamType): typeof takes a few more (see
// isTypeOfType).
func isParamType(w string) bool {
	switch w {
	case "bool", "boolean", "date", "datetime", "decimal", "double", "dynamic", "guid", "int",
		"int64", "int8", "long", "real", "string", "time", "timespan", "uniqueid":
		return true
	}
	return false
}

// isTypeOfType reports whether w is a type name that typeof(...) takes
// alone (ScanParamTypeExtended).
func isTypeOfType(w string) bool {
	switch w {
	case "float", "int16", "int32", "uint", "uint16", "uint32", "uint64", "uint8", "ulong":
		return true
	}
	return isParamType(w)
}

// endsWithColumn reports whether the last element of s declares a column.
func endsWithColumn(s *SchemaExpr) bool {
	if len(s.Columns) == 0 {
		return false
	}
	_, ok := s.Columns[len(s.Columns)-1].(*ColumnDecl)
	return ok
}

func (p *parser) schemaFromAt(g *gSchema, end int) *SchemaExpr {
	// Advance first: the conversion looks up tokens before positions.
	p.i = end + 1
	return p.schemaFrom(g)
}

func (p *parser) parseFuncLit() *FuncLit {
	f := &FuncLit{Params: p.parseTypedSchema()}
	f.Lbrace = p.expect(pLbrace)
	f.Body = p.parseBody(pRbrace, true)
	f.Rbrace = p.expect(pRbrace)
	return f
}

// parseBody parses the body of a function or a pattern up to the closing
// brace: let statements (and, in functions, declare query_parameters), each
// ending with ';', then at most one expression, which may end with ';'.
func (p *parser) parseBody(closing tokenID, params bool) []Stmt {
	p.enter()
	defer p.leave()
	var body []Stmt
	for !p.is(closing) {
		if p.atEOF() {
			p.failExpected("'" + closing.String() + "'")
		}
		var s Stmt
		switch {
		case p.is(kwLet):
			s = p.parseLet()
		case params && p.is(kwDeclare):
			if !p.peekIs(1, kwQueryParameters) {
				p.i++
				p.failExpected("query_parameters")
			}
			s = p.parseDeclareParams()
		default:
			x := p.exprStmt()
			x.X = p.parseTabular()
			s = x
			body = append(body, s)
			if semi, ok := p.got(pSemi); ok {
				setSemi(s, semi)
			}
			if !p.is(closing) {
				p.failExpected("'" + closing.String() + "'")
			}
			return body
		}
		body = append(body, s)
		semi := p.expect(pSemi)
		setSemi(s, semi)
	}
	return body
}

// parseSet parses set Name [= Value], where the value is any scalar
// expression, as for the official parser.
func (p *parser) parseSet() *SetStmt {
	s := &SetStmt{Set: p.expect(kwSet), Name: p.parseName()}
	if assign, ok := p.got(pAssign); ok {
		s.Assign = assign
		s.Value = p.parseOr()
	}
	return s
}

func (p *parser) parseDeclareParams() *DeclareParamsStmt {
	start := p.i
	if !p.peekIs(2, pLparen) {
		p.i += 2
		p.failExpected("'('")
	}
	end := p.matching(start + 2)
	if end < 0 {
		p.failAt(int(p.toks[start+2].start), "missing ')' to close this '('")
	}
	g := runGrammar(p, declareParser, start, end)
	p.i = end + 1
	s := &DeclareParamsStmt{Declare: PosOf(int(p.toks[start].start)), Params: p.schemaFrom(g.Params)}
	p.checkSchema(s.Params, paramSchema)
	if len(s.Params.Columns) == 0 {
		p.failAt(s.Params.Rparen.Offset(), "expected a parameter, found ')'")
	}
	return s
}

func (p *parser) parseAlias() *AliasStmt {
	s := &AliasStmt{Alias: p.expect(kwAlias)}
	p.expect(kwDatabase)
	s.Name = p.parseName()
	s.Assign = p.expect(pAssign)
	s.Value = p.parseUnary()
	return s
}

func (p *parser) parsePattern() *PatternStmt {
	s := &PatternStmt{Declare: p.expect(kwDeclare)}
	p.expect(kwPattern)
	s.Name = p.parseName()
	assign, ok := p.got(pAssign)
	if !ok {
		return s
	}
	s.Assign = assign
	s.Params = p.parseSchema(patternSchema)
	if p.is(pLbrack) {
		// The path parameter: [b:string], one declaration between
		// brackets.
		path := &SchemaExpr{Lparen: p.expect(pLbrack)}
		col := &ColumnDecl{Name: p.parseExtendedName()}
		col.Colon = p.expect(pColon)
		col.Type = p.parseTypeName(isParamType)
		path.Columns = []Expr{col}
		path.Rparen = p.expect(pRbrack)
		s.Path = path
	}
	s.Lbrace = p.expect(pLbrace)
	// At least one rule, each ending with ';', as for the official parser.
	for len(s.Rules) == 0 || !p.is(pRbrace) {
		r := &PatternRule{Args: p.parseParenList()}
		if dot, ok := p.got(pDot); ok {
			r.Dot = dot
			r.Path = &IndexExpr{Lbrack: p.expect(pLbrack)}
			r.Path.Index = p.parseLiteral()
			r.Path.Rbrack = p.expect(pRbrack)
		}
		r.Assign = p.expect(pAssign)
		r.Lbrace = p.expect(pLbrace)
		r.Body = p.parseBody(pRbrace, false)
		r.Rbrace = p.expect(pRbrace)
		r.Semi = p.expect(pSemi)
		s.Rules = append(s.Rules, r)
	}
	s.Rbrace = p.expect(pRbrace)
	return s
}

func (p *parser) parseParenList() *ParenList {
	l := &ParenList{Lparen: p.expect(pLparen)}
	l.Elems = p.parseExprList(p.parseOr)
	l.Rparen = p.expect(pRparen)
	return l
}

// ---------------------------------------------------------------------------
// Tabular expressions

// parseTabular parses an expression that may be a pipeline, as the
// official parser reads one wherever pipes may stand (ParsePipeExpression):
// Source | op | op, where the source may be an operator that makes its own
// input (union, print, ...), or a pipeline that starts with an operator
// when the operator's keyword cannot be a name (see atStartOperator).
func (p *parser) parseTabular() Expr {
	p.enter()
	defer p.leave()
	if p.atStartOperator() {
		pl := p.pipeline()
		p.parsePipes(pl, p.parseOperator())
		return pl
	}
	x := p.parseQueryStart()
	if x == nil {
		x = p.parseOr()
	}
	if !p.is(pPipe) {
		return x
	}
	pl := p.pipeline()
	pl.Source = x
	p.parsePipes(pl, nil)
	return pl
}

// parsePipes parses the operators after the pipes at the current token
// into pl.Ops, after first if it is not nil.
func (p *parser) parsePipes(pl *Pipeline, first Operator) {
	// As parseExprList does, collect the operators on a stack shared by
	// the nested pipelines and copy them to a slice of the right size.
	base := len(p.ops)
	if first != nil {
		p.ops = append(p.ops, first)
	}
	for p.is(pPipe) {
		p.advance()
		op := p.parseOperator()
		p.ops = append(p.ops, op)
	}
	pl.Ops = p.opList(p.ops[base:])
	p.opsHigh = max(p.opsHigh, len(p.ops))
	p.ops = p.ops[:base] // the operators left above len: see release
}

// atStartOperator reports whether an operator without input starts a
// pipeline here, as the official parser decides (ScanPossibleQueryOperator):
// an operator whose keyword cannot be a name (where, project, ...), and
// facet by, partition by, reduce by and render Chart, whose keywords can.
// (union, print, search, find, range and evaluate, which make their own
// input, are parsed by parseQueryStart.) Such a pipeline is valid syntax
// where a statement, a let value, a parenthesized expression, an in list or
// the argument of toscalar is; it fails later for want of an input.
func (p *parser) atStartOperator() bool {
	t := p.cur()
	if t.kind != tIdent {
		return false
	}
	switch id := t.id; id {
	case kwUnion, kwPrint, kwSearch, kwFind, kwRange, kwEvaluate:
		return false
	case kwFacet:
		return p.peekIs(1, kwBy)
	case kwPartition, kwReduce:
		if p.peekIs(1, kwBy) {
			return true
		}
		n, _ := p.paramNameLen(noOwnParamsNoEq, p.i+1)
		return n > 0
	case kwRender:
		return chartTypeIDs[p.peek(1).id] || p.isIdentOrKeywordAsIdent(p.peek(1))
	default:
		c := wordClasses[id]
		return operatorIDs[id] && c != wordIdent && c != wordIdentKeyword
	}
}

// parseOperatorSubQuery parses a pipeline that applies to the input of an
// enclosing operator, as inside mv-apply on (...), partition by x (...),
// facet with (...) and make-graph's partitioned-by: it starts with an
// operator.
func (p *parser) parseOperatorSubQuery() *Pipeline {
	p.enter()
	defer p.leave()
	pl := p.pipeline()
	p.parsePipes(pl, p.parseOperator())
	return pl
}

// parseParenOperatorSubQuery parses (pipeline) with parseOperatorSubQuery.
func (p *parser) parseParenOperatorSubQuery() *ParenExpr {
	x := &ParenExpr{Lparen: p.expect(pLparen)}
	x.X = p.parseOperatorSubQuery()
	x.Rparen = p.expect(pRparen)
	return x
}

// parseForkBranch parses the parenthesized branch of fork: a pipeline that
// starts with an operator, or any tabular expression.
func (p *parser) parseForkBranch() *ParenExpr {
	x := &ParenExpr{Lparen: p.expect(pLparen)}
	if p.atOperator() {
		x.X = p.parseOperatorSubQuery()
	} else {
		x.X = p.parseTabular()
	}
	x.Rparen = p.expect(pRparen)
	return x
}

// operatorWords are the keywords that start a tabular operator, and
// operatorIDs their ids.
var operatorWords = []string{"where", "filter", "extend", "project", "project-away", "project-keep",
	"project-rename", "project-reorder", "summarize", "make-series", "mv-expand",
	"mvexpand", "mv-apply", "mvapply", "parse", "parse-where", "parse-kv", "join", "lookup",
	"union", "take", "limit", "top", "top-nested", "top-hitters", "sort", "order", "distinct",
	"count", "as", "serialize", "render", "evaluate", "invoke", "getschema", "consume", "sample",
	"sample-distinct", "facet", "fork", "partition", "reduce", "scan", "search", "find",
	"print", "range", "make-graph", "graph-match", "graph-shortest-paths",
	"graph-to-table", "graph-mark-components", "graph-where-nodes", "graph-where-edges",
	"assert-schema", "macro-expand", "project-by-names", "__executeAndCache", "__partitionby"}

var operatorIDs = idSet(operatorWords)

// atOperator reports whether an operator starts at the current token: its
// keyword, except count( and range(, which are calls.
func (p *parser) atOperator() bool {
	t := p.cur()
	if t.kind != tIdent || !operatorIDs[t.id] {
		return false
	}
	return !(p.is(kwCount) || p.is(kwRange)) || !p.peekIs(1, pLparen)
}

// unsupportedOperators are operators kqlt knows of but does not parse.
var unsupportedOperators = set("assert-schema", "macro-expand", "project-by-names", "__executeAndCache", "__partitionby")

func (p *parser) parseOperator() Operator {
	t := p.cur()
	kw, pos := p.tx(t), PosOf(int(t.start))
	if t.kind != tIdent {
		p.failExpected("a tabular operator")
	}
	id := t.id
	switch id {
	case kwWhere, kwFilter:
		p.advance()
		op := p.whereOp()
		op.Where, op.Keyword = pos, kw
		op.Params = p.parseParamsOf(noOwnParams)
		op.Pred = p.parseNamedExpr()
		return op
	case kwExtend:
		p.advance()
		op := p.extendOp()
		op.Extend = pos
		op.Exprs = p.parseNamedList()
		return op
	case kwProject, kwProjectRename:
		p.advance()
		op := &ProjectOp{Project: pos, Keyword: kw}
		if !p.atListEnd() {
			op.Exprs = p.parseNamedList()
		}
		return op
	case kwProjectAway, kwProjectKeep, kwProjectReorder:
		p.advance()
		op := &ProjectOp{Project: pos, Keyword: kw}
		if !p.atListEnd() {
			op.Exprs = p.parseExprList(func() Expr { return p.parseColumnPattern(id == kwProjectReorder) })
		}
		return op
	case kwSummarize:
		p.advance()
		op := &SummarizeOp{Summarize: pos, Params: p.parseParamsOf(summarizeParamSet)}
		if !p.is(kwBy) && !p.atListEnd() {
			op.Aggs = p.parseNamedList()
		}
		if by, ok := p.got(kwBy); ok {
			op.By = by
			op.Groups = p.parseNamedList()
		}
		return op
	case kwMakeSeries:
		p.advance()
		return p.parseMakeSeries(pos)
	case kwMvExpand, kwMvexpand:
		p.advance()
		op := &MvExpandOp{MvExpand: pos, Keyword: kw, Params: p.parseParamsOf(mvExpandParamSet)}
		op.Exprs = p.parseMvExprs()
		if limit, ok := p.got(kwLimit); ok {
			op.Limit, op.LimitX = limit, p.parseOr()
		}
		return op
	case kwMvApply, kwMvapply:
		p.advance()
		op := &MvApplyOp{MvApply: pos, Keyword: kw, Params: p.parseParamsOf(mvApplyParamSet)}
		op.Exprs = p.parseMvExprs()
		if limit, ok := p.got(kwLimit); ok {
			op.Limit, op.LimitX = limit, p.parseOr()
		}
		op.On = p.expect(kwOn)
		op.Sub = p.parseParenOperatorSubQuery()
		return op
	case kwParse, kwParseWhere:
		p.advance()
		op := &ParseOp{Parse: pos, Keyword: kw, Params: p.parseParamsOf(parseParamSet)}
		op.X = p.parseOr()
		op.With = p.expect(kwWith)
		op.Pattern = p.parseParsePattern()
		return op
	case kwParseKv:
		p.advance()
		op := &ParseKvOp{ParseKv: pos, X: p.parseOr()}
		op.As = p.expect(kwAs)
		op.Schema = p.parseRowSchema()
		if p.is(kwWith) {
			op.Props = p.parsePropertyList(parseKvWithParamSet)
		}
		return op
	case kwJoin:
		p.advance()
		op := &JoinOp{Join: pos, Keyword: kw, Params: p.parseParamsOf(joinParamSet)}
		op.Right = p.parseOr()
		switch {
		case p.is(kwOn):
			op.On = p.pos()
			p.advance()
			op.Conds = p.parseExprList(p.parseOr)
		}
		return op
	case kwLookup:
		p.advance()
		op := &JoinOp{Join: pos, Keyword: kw, Params: p.parseParamsOf(lookupParamSet)}
		op.Right = p.parseOr()
		op.On = p.expect(kwOn)
		op.Conds = p.parseExprList(p.parseOr)
		return op
	case kwUnion:
		p.advance()
		return p.parseUnion(pos)
	case kwTake, kwLimit:
		p.advance()
		return &TakeOp{Take: pos, Keyword: kw, Params: p.parseParamsOf(noOwnParams), Count: p.parseNamedExpr()}
	case kwTop:
		p.advance()
		op := &TopOp{Top: pos, Params: p.parseParamsOf(topParamSet), Count: p.parseNamedExpr()}
		op.By = p.expect(kwBy)
		op.Keys = []Expr{p.parseSortKey()}
		return op
	case kwTopNested:
		return p.parseTopNested()
	case kwTopHitters:
		p.advance()
		op := &TopHittersOp{TopHitters: pos, Count: p.parseNamedExpr()}
		op.Of = p.expect(kwOf)
		op.X = p.parseNamedExpr()
		if by, ok := p.got(kwBy); ok {
			op.By, op.ByX = by, p.parseNamedExpr()
		}
		return op
	case kwSort, kwOrder:
		p.advance()
		op := &SortOp{Sort: pos, Keyword: kw, Params: p.parseParamsOf(sortParamSet)}
		op.By = p.expect(kwBy)
		op.Keys = p.parseExprList(p.parseSortKey)
		return op
	case kwDistinct:
		p.advance()
		op := &DistinctOp{Distinct: pos, Params: p.parseParamsOf(distinctParamSet)}
		op.Exprs = p.parseExprList(func() Expr {
			if star, ok := p.got(pStar); ok {
				return &Star{Star: star}
			}
			return p.parseNamedExpr()
		})
		return op
	case kwCount:
		p.advance()
		op := &CountOp{Count: pos}
		if as, ok := p.got(kwAs); ok {
			// The official grammar wants an identifier token here: not a
			// keyword, a bracketed or a braced name.
			if p.wordClassOf(p.cur()) != wordIdent {
				p.failExpected("a name for the count column")
			}
			op.As, op.Name = as, p.parseName()
		}
		return op
	case kwAs:
		p.advance()
		return &AsOp{As: pos, Params: p.parseParamsOf(asParamSet), Name: p.parseName()}
	case kwSerialize:
		p.advance()
		op := &SerializeOp{Serialize: pos, Params: p.parseParamsOf(noOwnParams)}
		if !p.atListEnd() {
			op.Exprs = p.parseNamedList()
		}
		return op
	case kwRender:
		p.advance()
		return p.parseRender(pos)
	case kwEvaluate:
		p.advance()
		return p.parseEvaluate(pos)
	case kwInvoke:
		p.advance()
		return &InvokeOp{Invoke: pos, Call: p.parseInvokeCall()}
	case kwGetschema:
		p.advance()
		return &GetSchemaOp{GetSchema: pos}
	case kwConsume:
		p.advance()
		return &ConsumeOp{Consume: pos, Params: p.parseParamsOf(consumeParamSet)}
	case kwSample:
		p.advance()
		return &SampleOp{Sample: pos, Params: p.parseParamsOf(noOwnParams), Count: p.parseNamedExpr()}
	case kwSampleDistinct:
		p.advance()
		op := &SampleDistinctOp{SampleDistinct: pos, Params: p.parseParamsOf(noOwnParams), Count: p.parseNamedExpr()}
		op.Of = p.expect(kwOf)
		op.X = p.parseNamedExpr()
		return op
	case kwFacet:
		p.advance()
		op := &FacetOp{Facet: pos, By: p.expect(kwBy)}
		op.Exprs = p.parseExprList(p.parseSimplePath)
		if with, ok := p.got(kwWith); ok {
			op.With = with
			op.Sub = p.parseParenOperatorSubQuery()
		}
		return op
	case kwFork:
		p.advance()
		op := &ForkOp{Fork: pos}
		for {
			if p.is(pLparen) {
				op.Branches = append(op.Branches, p.parseForkBranch())
				continue
			}
			n := p.scanName(p.i)
			if n == 0 || !p.peekIs(n, pAssign) {
				break
			}
			name := p.parseName()
			assign := p.expect(pAssign)
			op.Branches = append(op.Branches, &NamedExpr{Name: name, Assign: assign, Value: p.parseForkBranch()})
		}
		if len(op.Branches) == 0 {
			p.failExpected("'(' to start a fork branch")
		}
		return op
	case kwPartition:
		p.advance()
		op := &PartitionOp{Partition: pos, Params: p.parseParamsOf(partitionParamSet)}
		op.By = p.expect(kwBy)
		op.X = p.parseSimplePath()
		if p.is(pLbrace) {
			b := &BraceExpr{Lbrace: p.expect(pLbrace)}
			b.X = p.parseTabular()
			b.Rbrace = p.expect(pRbrace)
			op.Sub = b
		} else {
			op.Sub = p.parseParenOperatorSubQuery()
		}
		return op
	case kwReduce:
		p.advance()
		op := &ReduceOp{Reduce: pos, Params: p.parseParamsOf(reduceParamSet)}
		op.By = p.expect(kwBy)
		op.X = p.parseNamedExpr()
		if with, ok := p.got(kwWith); ok {
			op.With = with
			for {
				n, spec := p.paramNameLen(reduceWithParamSet, p.i)
				if n == 0 {
					p.failExpected("threshold or characters")
				}
				op.Props = append(op.Props, p.parseParam(n, spec))
				if _, ok := p.got(pComma); !ok {
					break
				}
			}
		}
		return op
	case kwScan:
		p.advance()
		return p.parseScan(pos)
	case kwSearch:
		p.advance()
		return p.parseSearch(pos)
	case kwFind:
		p.advance()
		return p.parseFind(pos)
	case kwPrint:
		p.advance()
		return p.parsePrint(pos)
	case kwRange:
		if !p.peekIs(1, pLparen) {
			p.advance()
			return p.parseRange(pos)
		}
	case kwMakeGraph:
		p.advance()
		return p.parseMakeGraph(pos)
	case kwGraphMatch, kwGraphShortestPaths:
		p.advance()
		return p.parseGraphMatch(pos, kw)
	case kwGraphToTable:
		p.advance()
		return p.parseGraphToTable(pos)
	case kwGraphMarkComponents:
		p.advance()
		return &GraphMarkComponentsOp{GraphMarkComponents: pos, Params: p.parseParamsOf(graphMarkParamSet)}
	case kwGraphWhereNodes, kwGraphWhereEdges:
		p.advance()
		return &GraphWhereOp{GraphWhere: pos, Keyword: kw, Pred: p.parseOr()}
	}
	if unsupportedOperators[kw] {
		p.failAt(int(t.start), "the %s operator is not supported by kqlt", kw)
	}
	if id == kwGraph && p.peekIs(1, pMinus) && p.adjacent(1) && p.peekIs(2, kwMerge) && p.adjacent(2) {
		p.failAt(int(t.start), "graph-merge is not a KQL operator (the official parser, Kusto.Language 12.4.1, has none)")
	}
	p.failExpected("a tabular operator")
	return nil
}

// atListEnd reports whether the current token ends a list, as the official
// parser's lists end: at a closing bracket, '|', ';' or the end.
func (p *parser) atListEnd() bool {
	return p.atEOF() || p.is(pPipe) || p.is(pSemi) || p.is(pRparen) || p.is(pRbrace) || p.is(pRbrack)
}

func (p *parser) parseMakeSeries(pos Pos) *MakeSeriesOp {
	op := &MakeSeriesOp{MakeSeries: pos, Params: p.parseParamsOf(makeSeriesParamSet)}
	for {
		agg := &MakeSeriesAgg{X: p.parseNamedExpr()}
		if def, ok := p.got(kwDefault); ok {
			agg.Default = def
			agg.Assign = p.expect(pAssign)
			agg.Value = p.parseNamedExpr()
		}
		op.Aggs = append(op.Aggs, agg)
		if _, ok := p.got(pComma); !ok {
			break
		}
	}
	op.On = p.expect(kwOn)
	op.Axis = p.parseNamedExpr()
	if p.is(kwFrom) || p.is(kwTo) || p.is(kwStep) {
		if from, ok := p.got(kwFrom); ok {
			op.From, op.Start = from, p.parseOr()
		}
		if to, ok := p.got(kwTo); ok {
			op.To, op.Stop = to, p.parseOr()
		}
		op.Step = p.expect(kwStep)
		op.StepSize = p.parseOr()
	} else {
		op.In = p.expect(kwIn)
		if !p.is(kwRange) {
			p.failExpected("range")
		}
		name := p.parseIdentToken()
		c := p.call(name, p.expect(pLparen))
		if !p.is(pRparen) {
			c.Args = p.parseNamedList()
		}
		c.Rparen = p.expect(pRparen)
		op.Range = c
	}
	if by, ok := p.got(kwBy); ok {
		op.By = by
		op.Groups = p.parseNamedList()
	}
	return op
}

// parseRender parses the rest of render: the chart, then the older clauses
// kind=x, title=x, accumulate=x, by Columns and with "title", in any order,
// then an optional property list with (...).
func (p *parser) parseRender(pos Pos) *RenderOp {
	t := p.cur()
	if !chartTypeIDs[t.id] && p.wordClassOf(t) != wordIdent {
		p.failExpected("a chart type")
	}
	p.advance()
	op := &RenderOp{Render: pos, Chart: p.wordIdent(t)}
	for {
		switch {
		case (p.is(kwKind) || p.is(kwTitle) || p.is(kwAccumulate)) && p.peekIs(1, pAssign):
			spec := renderWithParamSet.own[p.tx(p.cur())]
			op.Params = append(op.Params, p.parseParam(1, spec))
			continue
		case p.is(kwBy):
			c := &RenderClause{KeywordPos: p.pos(), Keyword: "by"}
			p.advance()
			c.Exprs = p.parseExprList(p.parseRenderColumn)
			op.Params = append(op.Params, c)
			continue
		case p.is(kwWith) && !p.peekIs(1, pLparen):
			c := &RenderClause{KeywordPos: p.pos(), Keyword: "with"}
			p.advance()
			c.Exprs = []Expr{p.parseLiteralValue()}
			op.Params = append(op.Params, c)
			continue
		}
		break
	}
	if p.is(kwWith) {
		op.Props = p.parsePropertyList(renderWithParamSet)
	}
	return op
}

// chartTypes are the chart types of render, some of which are keywords,
// and chartTypeIDs their ids.
var chartTypes = []string{"table", "list", "barchart", "piechart", "ladderchart", "timechart", "linechart",
	"anomalychart", "pivotchart", "areachart", "stackedareachart", "scatterchart", "timepivot",
	"columnchart", "timeline", "3Dchart", "card", "treemap", "plotly", "graph", "sankey"}

var chartTypeIDs = idSet(chartTypes)

// renderClauseIDs end the column list of render's by clause: they start
// the next clause.
var renderClauseIDs = idSet([]string{"kind", "title", "accumulate", "with", "by"})

// parseRenderColumn parses a column of render's by clause: an extended
// name, which may not be one of the words that start a clause.
func (p *parser) parseRenderColumn() Expr {
	if t := p.cur(); t.kind == tIdent && renderClauseIDs[t.id] || p.scanExtendedName(p.i) == 0 && p.bracedNameLen(p.i) == 0 {
		p.failExpected("a column name")
	}
	return p.parseExtendedName()
}

// parseEvaluate parses the rest of evaluate: plugin(args) [: (schema)].
func (p *parser) parseEvaluate(pos Pos) *EvaluateOp {
	op := &EvaluateOp{Evaluate: pos, Params: p.parseParamsOf(evaluateParamSet)}
	if !p.atCall() {
		p.failExpected("a plugin call")
	}
	op.Call = p.parseCallAt()
	if colon, ok := p.got(pColon); ok {
		op.Colon = colon
		op.Schema = p.parseSchema(evaluateSchema)
	}
	return op
}

// parseInvokeCall parses what invoke applies: a call, or calls joined by
// dots, f().g().
func (p *parser) parseInvokeCall() Expr {
	if !p.atCall() {
		p.failExpected("a function call")
	}
	var x Expr = p.parseCallAt()
	for p.is(pDot) && p.atCallAt(p.i+1) {
		dot := p.pos()
		p.advance()
		x = &SelectorExpr{X: x, Dot: dot, Sel: p.parseCallAt()}
	}
	return x
}

func (p *parser) parseMvExprs() []*MvExpandExpr {
	var list []*MvExpandExpr
	for {
		e := &MvExpandExpr{X: p.parseNamedExpr()}
		if to, ok := p.got(kwTo); ok {
			e.To = to
			if !p.is(kwTypeof) || !p.peekIs(1, pLparen) {
				p.failExpected("typeof(...)")
			}
			e.Type = p.parseTypeOf()
		}
		list = append(list, e)
		if _, ok := p.got(pComma); !ok {
			return list
		}
	}
}

// parseParsePattern parses the pattern of parse: string literals, '*', and
// column declarations name[:type], while they follow.
func (p *parser) parseParsePattern() []Expr {
	// As parseExprList does, collect the elements on the parser's stack
	// and copy them to a list of the right size (appending made two or
	// three allocations for a pattern of a few).
	base := len(p.stack)
	for {
		var x Expr
		switch t := p.cur(); {
		case t.kind == tString:
			x = p.parseStrings()
		case p.is(pStar):
			x = &Star{Star: p.pos()}
			p.advance()
		case p.scanExtendedName(p.i) > 0 || p.bracedNameLen(p.i) > 0:
			col := &ColumnDecl{Name: p.parseExtendedName()}
			if colon, ok := p.got(pColon); ok {
				col.Colon = colon
				col.Type = p.parseTypeName(isParamType)
			}
			x = col
		default:
			return p.popList(base) // may be empty, as for the official parser
		}
		p.stack = append(p.stack, x)
	}
}

// parseTypeName parses a type name that ok accepts.
func (p *parser) parseTypeName(ok func(string) bool) *Ident {
	t := p.cur()
	if t.kind != tIdent || !ok(p.tx(t)) {
		p.failAt(int(t.start), "expected a type name, found %s", p.describe(t))
	}
	return p.parseIdentToken()
}

func (p *parser) parseUnion(pos Pos) *UnionOp {
	op := &UnionOp{Union: pos, Params: p.parseParamsOf(unionParamSet)}
	op.Tables = p.parseExprList(p.parseTableRef)
	return op
}

func (p *parser) parseTopNested() *TopNestedOp {
	op := &TopNestedOp{}
	for {
		c := &TopNestedClause{TopNested: p.expect(kwTopNested)}
		if !p.is(kwOf) {
			c.Count = p.parseNamedExpr()
		}
		c.Of = p.expect(kwOf)
		c.X = p.parseNamedExpr()
		if p.is(kwWith) {
			c.With = p.pos()
			p.advance()
			p.expect(kwOthers)
			p.expect(pAssign)
			c.Others = p.parseOr()
		}
		c.By = p.expect(kwBy)
		// The aggregate may be named: by n = count() desc.
		c.Agg = p.parseSortKey()
		op.Clauses = append(op.Clauses, c)
		if !p.is(pComma) {
			return op
		}
		p.advance()
	}
}

func (p *parser) parseScan(pos Pos) *ScanOp {
	op := &ScanOp{Scan: pos, Params: p.parseParamsOf(scanParamSet)}
	if decl, ok := p.got(kwDeclare); ok {
		op.Declare = decl
		op.Decls = p.parseTypedSchema()
	}
	op.With = p.expect(kwWith)
	op.Lparen = p.expect(pLparen)
	for p.is(kwStep) {
		s := &ScanStep{Step: p.pos()}
		p.advance()
		s.Name = p.parseExtendedName()
		if p.is(kwOutput) {
			n, spec := 1, &paramSpec{name: "output", kind: valueWord, values: []string{"all", "last", "none"}}
			s.Params = []*NamedExpr{p.parseParam(n, spec)}
			if v, ok := s.Params[0].Value.(*Ident); !ok || v.Name != "all" && v.Name != "last" && v.Name != "none" {
				p.failAt(s.Params[0].Value.Pos().Offset(), "expected all, last or none")
			}
		}
		s.Colon = p.expect(pColon)
		s.Cond = p.parseOr()
		if arrow, ok := p.got(pFatArrow); ok {
			s.Arrow = arrow
			for {
				name := p.parseExtendedName()
				assign := p.expect(pAssign)
				s.Assigns = append(s.Assigns, &NamedExpr{Name: name, Assign: assign, Value: p.parseOr()})
				if _, ok := p.got(pComma); !ok {
					break
				}
			}
		}
		s.Semi = p.expect(pSemi)
		op.Steps = append(op.Steps, s)
	}
	op.Rparen = p.expect(pRparen)
	return op
}

func (p *parser) parseSearch(pos Pos) *SearchOp {
	op := &SearchOp{Search: pos, Params: p.parseParamsOf(searchParamSet)}
	if p.is(kwIn) && p.peekIs(1, pLparen) {
		op.In = p.pos()
		p.advance()
		op.Tables = p.parseTableList()
	}
	if p.is(pStar) && !p.peekIs(1, pEq) && !p.peekOp(1, stringOps) {
		// search * matches every row; search * and x, those where x
		// holds.
		star := &Star{Star: p.pos()}
		p.advance()
		op.Pred = star
		if and, ok := p.got(kwAnd); ok {
			op.Pred = &BinaryExpr{X: star, OpPos: and, Op: "and", Y: p.parseOr()}
		}
		return op
	}
	op.Pred = p.parseOr() // not name = value, as for the official parser
	return op
}

// parseTableList parses (T1, T2*, database("d").T).
func (p *parser) parseTableList() *ParenList {
	l := &ParenList{Lparen: p.expect(pLparen)}
	l.Elems = p.parseExprList(p.parseTableRef)
	l.Rparen = p.expect(pRparen)
	return l
}

// parseTableRef parses a table of union, find in (...) or search in (...):
// a parenthesized expression, a name that may hold wildcards (T*, *), or a
// path of names and calls, database("d").T*.
func (p *parser) parseTableRef() Expr {
	if p.is(pLparen) {
		return p.parsePrimary()
	}
	if x := p.parseWildcard(); x != nil {
		return x
	}
	if star, ok := p.got(pStar); ok {
		return &Star{Star: star}
	}
	if !p.atName() && !p.is(pLbrack) {
		p.failExpected("a table")
	}
	x := p.parsePathElem()
	for {
		switch {
		case p.is(pDot):
			dot := p.pos()
			p.advance()
			var sel Expr
			if w := p.parseWildcard(); w != nil {
				return &SelectorExpr{X: x, Dot: dot, Sel: w}
			}
			sel = p.parsePathElem()
			x = &SelectorExpr{X: x, Dot: dot, Sel: sel}
		case p.is(pLbrack):
			x = p.parseIndex(x)
		default:
			return x
		}
	}
}

func (p *parser) parseFind(pos Pos) *FindOp {
	op := &FindOp{Find: pos, Params: p.parseParamsOf(findParamSet)}
	if p.is(kwIn) && p.peekIs(1, pLparen) {
		op.In = p.pos()
		p.advance()
		op.Tables = p.parseTableList()
	}
	if where, ok := p.got(kwWhere); ok {
		op.Where = where
	} else if len(op.Params) > 0 || op.Tables != nil {
		p.failExpected("where")
	}
	op.Pred = p.parseOr()
	if p.is(kwProject) || p.is(kwProjectSmart) {
		op.Project, op.ProjectKw = p.pos(), p.tx(p.cur())
		p.advance()
		if op.ProjectKw == "project" {
			op.Columns = p.parseExprList(func() Expr {
				if star, ok := p.got(pStar); ok {
					return &Star{Star: star}
				}
				if p.is(kwPack) && p.peekIs(1, pLparen) && p.peekIs(2, pStar) && p.peekIs(3, pRparen) {
					name := p.parseIdentToken()
					c := p.call(name, p.expect(pLparen))
					c.Args = []Expr{&Star{Star: p.expect(pStar)}}
					c.Rparen = p.expect(pRparen)
					return c
				}
				name := p.parseName()
				if colon, ok := p.got(pColon); ok {
					col := &ColumnDecl{Name: name, Colon: colon}
					col.Type = p.parseTypeName(isTypeOfType)
					return col
				}
				return name
			})
		}
	}
	return op
}

func (p *parser) parsePrint(pos Pos) *PrintOp {
	return &PrintOp{Print: pos, Exprs: p.parseNamedList()}
}

func (p *parser) parseRange(pos Pos) *RangeOp {
	op := &RangeOp{Range: pos, Name: p.parseName()}
	op.From = p.expect(kwFrom)
	op.Start = p.parseOr()
	op.To = p.expect(kwTo)
	op.Stop = p.parseOr()
	op.Step = p.expect(kwStep)
	op.StepSize = p.parseOr()
	return op
}

// parsePropertyList parses with (name = value, ...), the properties of
// render, parse-kv and externaldata, with names and values as ps says; with
// ps nil, any name and a literal value.
func (p *parser) parsePropertyList(ps *paramSet) *PropertyList {
	l := &PropertyList{With: p.expect(kwWith), Lparen: p.expect(pLparen)}
	if ps == renderWithParamSet && p.is(pComma) {
		p.failExpected("a property") // the leading comma kqlt does not keep
	}
	for !p.is(pRparen) {
		if ps == nil {
			name := p.parseExtendedName()
			assign := p.expect(pAssign)
			l.Props = append(l.Props, &NamedExpr{Name: name, Assign: assign, Value: p.parseLiteralValue()})
		} else {
			n, spec := p.paramNameLen(ps, p.i)
			if n == 0 {
				p.failExpected("a property")
			}
			l.Props = append(l.Props, p.parseParam(n, spec))
		}
		if _, ok := p.got(pComma); !ok {
			break
		}
		if p.is(pRparen) {
			p.failExpected("a property") // no trailing comma, as for the official parser
		}
	}
	l.Rparen = p.expect(pRparen)
	return l
}

// parseColumnPattern parses a column name that may hold wildcards (Col*,
// *Foo, A*B, or * alone), as project-away, project-keep and
// project-reorder take them. With order, a sort direction may follow
// (project-reorder).
func (p *parser) parseColumnPattern(order bool) Expr {
	var x Expr
	if id := p.parseWildcard(); id != nil {
		x = id
	} else if star, ok := p.got(pStar); ok {
		x = &Star{Star: star}
	} else {
		x = p.parseName()
	}
	if order && (p.is(kwAsc) || p.is(kwDesc) || p.is(kwGrannyAsc) || p.is(kwGrannyDesc)) {
		s := &SortExpr{X: x, OrderPos: p.pos(), Order: p.tx(p.cur())}
		p.advance()
		return s
	}
	return x
}

// parseWildcard parses a name with '*' in it, written without spaces, or
// returns nil: words, numbers and stars, the first a star or a word
// followed by one.
func (p *parser) parseWildcard() *Ident {
	start := p.i
	end := start
	sawStar, sawName := false, false
	for {
		t := &p.toks[end]
		isStar := t.id == pStar
		if !isStar && t.kind != tIdent && t.kind != tLong {
			break
		}
		if t.kind == tIdent && p.wordClassOf(t) > wordExtendedKeyword {
			break
		}
		if end > start && t.start != p.toks[end-1].end {
			break
		}
		if t.kind == tLong && end == start {
			return nil
		}
		if isStar {
			sawStar = true
		} else {
			if end > start && !p.isStar(&p.toks[end-1]) {
				break
			}
			sawName = true
		}
		end++
	}
	if !sawStar || !sawName {
		return nil
	}
	// A wildcard is not followed by what continues an expression.
	if next := p.toks[end].id; next == pLparen || next == pDot || next == pLbrack {
		return nil
	}
	first, last := &p.toks[start], &p.toks[end-1]
	raw := p.src[first.start:last.end]
	p.i = end
	return p.ident(PosOf(int(first.start)), raw, raw)
}

func (p *parser) isStar(t *token) bool { return t.id == pStar }

// parseSortKey parses an expression, which may be named, with an optional
// sort order: x desc nulls last.
func (p *parser) parseSortKey() Expr { return p.sortKey(p.parseNamedExpr()) }

// sortKey parses the asc, desc, granny-asc or granny-desc and nulls first
// or last that may follow x.
func (p *parser) sortKey(x Expr) Expr {
	if !p.is(kwAsc) && !p.is(kwDesc) && !p.is(kwGrannyAsc) && !p.is(kwGrannyDesc) && !p.is(kwNulls) {
		return x
	}
	s := &SortExpr{X: x}
	if !p.is(kwNulls) {
		s.OrderPos, s.Order = p.pos(), p.tx(p.cur())
		p.advance()
	}
	if nulls, ok := p.got(kwNulls); ok {
		s.NullsPos = nulls
		if !p.is(kwFirst) && !p.is(kwLast) {
			p.failExpected("first or last")
		}
		s.NullsOrderPos, s.Nulls = p.pos(), p.tx(p.cur())
		p.advance()
	}
	return s
}

// parseSimplePath parses a name, bracketed or not, followed by members and
// indexes: a.b['c'][0], as facet and partition take them.
func (p *parser) parseSimplePath() Expr {
	x := p.parsePathSelector()
	for {
		switch {
		case p.is(pDot):
			dot := p.pos()
			p.advance()
			x = &SelectorExpr{X: x, Dot: dot, Sel: p.parsePathSelector()}
		case p.is(pLbrack):
			x = p.parseIndex(x)
		default:
			return x
		}
	}
}

// parseNamedList parses a comma-separated list of expressions that may be
// named: a = x, (b, c) = f(x), y.
func (p *parser) parseNamedList() []Expr { return p.parseExprList(p.parseNamedExpr) }

// parseExprList parses a comma-separated list of elements. It collects
// them on a stack shared by the nested lists of the query and returns them
// in a slice of the right size: one allocation per list instead of one per
// doubling.
func (p *parser) parseExprList(parse func() Expr) []Expr {
	first := parse()
	if !p.is(pComma) {
		return p.exprList1(first)
	}
	base := len(p.stack)
	p.stack = append(p.stack, first)
	for p.is(pComma) {
		p.advance()
		x := parse()
		p.stack = append(p.stack, x)
	}
	return p.popList(base)
}

// popList returns the elements on the stack above base as a list of their
// own (nil if there are none), and takes them off the stack.
func (p *parser) popList(base int) []Expr {
	var list []Expr
	if len(p.stack) > base {
		list = p.exprList(p.stack[base:])
	}
	p.stackHigh = max(p.stackHigh, len(p.stack))
	p.stack = p.stack[:base] // the elements left above len: see release
	return list
}

// parseNamedExpr parses name = x, (a, b) = x, or else an expression, as
// the official grammar reads them (ParseNamedExpression): the names are
// extended names, and x is not a pipeline.
func (p *parser) parseNamedExpr() Expr {
	if n := p.scanExtendedName(p.i); n > 0 && p.peekIs(n, pAssign) {
		name := p.parseExtendedName()
		assign := p.expect(pAssign)
		return p.named(name, assign, p.parseOr())
	}
	if p.is(pLparen) && p.isCompoundName() {
		x := &CompoundNamedExpr{Lparen: p.expect(pLparen)}
		for {
			x.Names = append(x.Names, p.parseExtendedName())
			if _, ok := p.got(pComma); !ok {
				break
			}
		}
		x.Rparen = p.expect(pRparen)
		x.Assign = p.expect(pAssign)
		x.Value = p.parseOr()
		return x
	}
	return p.parseOr()
}

// isCompoundName reports whether (a, b) = follows.
func (p *parser) isCompoundName() bool {
	i := p.i + 1
	for {
		n := p.scanExtendedName(i)
		if n == 0 {
			return false
		}
		i += n
		switch p.toks[i].id {
		case pComma:
			i++
		case pRparen:
			return p.toks[i+1].id == pAssign
		default:
			return false
		}
	}
}

// ---------------------------------------------------------------------------
// Scalar expressions, by precedence from lowest to highest:
// or < and < equality (==, !=, in, has_any, between) < relational (<, >)
// < additive < multiplicative < string operators (=~, has, contains, ...)
// < unary < postfix (call, member, index).

func (p *parser) parseOr() Expr { return p.parseBinary(precOr) }

// pipeBeforeListEnd reports whether a '|' comes before the end of the
// list element that starts at the current token, as the official parser
// tells a tabular expression in an in list: it counts parentheses only.
func (p *parser) pipeBeforeListEnd() bool {
	depth := 0
	for i := p.i; ; i++ {
		t := &p.toks[i]
		if t.kind == tEOF {
			return false
		}
		switch t.id { // a symbol's, which the lexer set
		case pSemi:
			return false
		case pComma:
			if depth == 0 {
				return false
			}
		case pRparen:
			if depth == 0 {
				return false
			}
			depth--
		case pLparen:
			depth++
		case pPipe:
			if depth == 0 {
				return true
			}
		}
	}
}

// checkChain fails if a left-nested chain of binary operators would make
// the tree deeper than maxDepth.
func (p *parser) checkChain(n int) {
	if p.depth+n > maxDepth+1 { // as in enter
		p.failAt(int(p.cur().start), "expression too long (more than %d chained operators)", maxDepth)
	}
}

// Classes of binary operators.
const (
	notOp             uint8 = iota
	orOps                   // or
	andOps                  // and
	equalityOps             // == != <>
	listOps                 // in in~ !in !in~ has_any has_all, with a parenthesized list
	betweenOps              // between !between, with a parenthesized range
	relationalOps           // < <= > >=
	additiveOps             // + -
	multiplicativeOps       // * / %
	stringOps               // =~ has contains startswith matches regex like ...
)

// opClass returns the class of the binary operator s. (The parser looks it
// up by the token's id: see opOf.)
func opClass(s string) uint8 {
	switch s {
	case "or":
		return orOps
	case "and":
		return andOps
	case "==", "!=", "<>":
		return equalityOps
	case "in", "in~", "!in", "!in~", "has_any", "has_all":
		return listOps
	case "between", "!between":
		return betweenOps
	case "<", "<=", ">", ">=":
		return relationalOps
	case "+", "-":
		return additiveOps
	case "*", "/", "%":
		return multiplicativeOps
	case "=~", "!~", "has", "!has", "has_cs", "!has_cs", "hasprefix", "!hasprefix",
		"hasprefix_cs", "!hasprefix_cs", "hassuffix", "!hassuffix", "hassuffix_cs", "!hassuffix_cs",
		"contains", "!contains", "contains_cs", "!contains_cs", "containscs", "notcontains", "notcontainscs",
		"startswith", "!startswith", "startswith_cs", "!startswith_cs", "endswith", "!endswith",
		"endswith_cs", "!endswith_cs", "matches regex", "like", "notlike", "likecs", "notlikecs",
		":": // Column:"term", the search predicate, which means Column has "term"
		return stringOps
	}
	return notOp
}

// isOp reports whether the current token is an operator of the class.
func (p *parser) isOp(class uint8) bool { return p.peekOp(0, class) }

// peekOp reports whether the token k ahead is an operator of the class.
func (p *parser) peekOp(k int, class uint8) bool { return p.opOf(p.peek(k)) == class }

// opOf returns the operator class of t, a property of its id (see
// wordClassOf for the modulo).
func (p *parser) opOf(t *token) uint8 { return opClasses[t.id%maxTokenIDs] }

// Precedence levels of the binary operators, lowest first: or < and <
// equality (== != <>, in (...), between (...)) < relational (< <= > >=) <
// additive < multiplicative < string operators (=~ has contains ...), which
// bind tighter than arithmetic. Equality, relational and string operators
// are not associative: a == b == c is an error.
const (
	precNone uint8 = iota
	precOr
	precAnd
	precEquality
	precRelational
	precAdditive
	precMultiplicative
	precString
	precUnary // the operand of a string operator: a unary expression
)

var classPrec = [...]uint8{
	notOp: precNone, orOps: precOr, andOps: precAnd,
	equalityOps: precEquality, listOps: precEquality, betweenOps: precEquality,
	relationalOps: precRelational, additiveOps: precAdditive,
	multiplicativeOps: precMultiplicative, stringOps: precString,
}

// parseBinary parses an expression of binary operators of precedence
// minPrec or higher, by precedence climbing: an operand, then operators
// while they bind at least as tightly as minPrec. After an operator of a
// left-associative level, only operators of that level or lower may
// follow; after a non-associative one, only lower ones (a == b == c stops
// at the second ==, which the caller reports). This is the grammar of one
// function per level, in one loop: every operand went through eight calls.
func (p *parser) parseBinary(minPrec uint8) Expr {
	var x Expr
	if minPrec <= precString && p.is(pStar) {
		// A star for any column: * == x (at the start of an equality)
		// and * has x.
		if minPrec <= precEquality && p.peekIs(1, pEq) || p.peekOp(1, stringOps) {
			x = &Star{Star: p.pos()}
			p.advance()
		}
	}
	if x == nil {
		x = p.parseUnary()
	}
	maxPrec := precString // the highest level that may combine next
	level, chain := precNone, 0
	for {
		t := p.cur()
		class := p.opOf(t)
		prec := classPrec[class]
		if prec == precNone || prec < minPrec || prec > maxPrec {
			return x
		}
		pos := PosOf(int(t.start))
		switch class {
		case listOps:
			if !p.peekIs(1, pLparen) {
				return x
			}
			e := &InExpr{X: x, OpPos: pos, Op: p.tx(t)}
			p.advance()
			e.Lparen = p.expect(pLparen)
			if p.atStartOperator() || p.atQueryStart() || p.pipeBeforeListEnd() {
				// A tabular expression: the list is that one expression.
				e.List = p.exprList1(p.parseTabular())
			} else {
				p.enter()
				e.List = p.parseExprList(p.parseOr)
				p.leave()
			}
			e.Rparen = p.expect(pRparen)
			x, maxPrec = e, prec-1
			continue
		case betweenOps:
			if !p.peekIs(1, pLparen) {
				return x
			}
			e := &BetweenExpr{X: x, OpPos: pos, Op: p.tx(t)}
			p.advance()
			e.Lparen = p.expect(pLparen)
			e.Low = p.parseOr()
			e.DotDot = p.expect(pDotDot)
			e.High = p.parseOr()
			e.Rparen = p.expect(pRparen)
			x, maxPrec = e, prec-1
			continue
		}
		op := p.tx(t)
		p.advance()
		switch prec {
		case precOr, precAnd, precAdditive, precMultiplicative:
			if prec != level {
				level, chain = prec, 0
			}
			chain++
			p.checkChain(chain)
			maxPrec = prec
		default:
			maxPrec = prec - 1
		}
		x = p.binary(x, pos, op, p.parseBinary(prec+1))
	}
}

func (p *parser) parseUnary() Expr {
	if p.is(pMinus) || p.is(pPlus) {
		pos, op := p.pos(), p.tx(p.cur())
		p.advance()
		if p.is(pMinus) || p.is(pPlus) {
			// Like the official parser: - -x needs parentheses, -(-x).
			p.failExpected("an expression")
		}
		return &UnaryExpr{OpPos: pos, Op: op, X: p.parsePostfix()}
	}
	return p.parsePostfix()
}

func (p *parser) parsePostfix() Expr {
	if p.is(kwTotable) && p.peekIs(1, pLparen) {
		return p.parseToScalar() // nothing continues totable(...)
	}
	x := p.parsePrimary()
	chain := 0
	for {
		switch {
		case p.is(pDot):
			dot := p.pos()
			p.advance()
			sel := p.selector()
			sel.X, sel.Dot = x, dot
			sel.Sel = p.parsePathElem()
			x = sel
		case p.is(pLbrack):
			x = p.parseIndex(x)
		default:
			return x
		}
		chain++
		p.checkChain(chain)
	}
}

// parseIndex parses [Index] after x, or the bracketed expression [Index]
// with x nil: the index is a scalar expression.
func (p *parser) parseIndex(x Expr) *IndexExpr {
	e := p.indexExpr()
	e.X, e.Lbrack = x, p.expect(pLbrack)
	p.enter()
	e.Index = p.parseOr()
	p.leave()
	e.Rbrack = p.expect(pRbrack)
	return e
}

// parsePathElem parses what follows a dot: a call, a bracketed name or
// expression, or a name (see parsePathSelector).
func (p *parser) parsePathElem() Expr {
	if p.atCall() {
		return p.parseCallAt()
	}
	if t := p.cur(); t.kind != tIdent && !p.is(pLbrack) && !p.is(pLbrace) {
		p.failExpected("a name after '.'")
	}
	return p.parsePathSelector()
}

// parsePathSelector parses a name, a bracketed name ['a'], a bracketed
// expression [x], or kind, withsource or with_source, which are names here
// although they are keywords.
func (p *parser) parsePathSelector() Expr {
	t := p.cur()
	switch {
	case p.is(pLbrack):
		if p.bracketedNameLen(p.i) > 0 {
			return p.parseName()
		}
		return p.parseIndex(nil)
	case t.kind == tIdent && p.wordClassOf(t) == wordSpecialKeyword:
		return p.parseIdentToken()
	case t.kind == tIdent:
		p.checkHintKeyword()
	}
	return p.parseName()
}

// checkHintKeyword fails at hint.x written without spaces when it is one of
// the hint keywords (hint.strategy, ...), which the official lexer reads as
// one keyword, not a name and a member.
func (p *parser) checkHintKeyword() {
	if p.is(kwHint) && p.peekIs(1, pDot) && p.adjacent(1) && p.peek(2).kind == tIdent && p.adjacent(2) {
		if w := p.src[p.cur().start:p.peek(2).end]; kustoKeywords[w] {
			p.failAt(int(p.cur().start), "expected a name, found the keyword '%s'", w)
		}
	}
}

// atCall reports whether a call starts at the current token: a name (as
// scanName sees them) followed by '('.
func (p *parser) atCall() bool { return p.atCallAt(p.i) }

func (p *parser) atCallAt(i int) bool {
	n := p.scanName(i)
	return n > 0 && p.tokIs(i+n, pLparen)
}

// parseCallAt parses the call that atCall saw.
func (p *parser) parseCallAt() *CallExpr {
	return p.parseCall(p.parseName())
}

// parseCall parses the arguments of a call of fun: '*' alone, or
// expressions that may be named; not pipelines (see parseToScalar).
func (p *parser) parseCall(fun Expr) *CallExpr {
	c := p.call(fun, p.expect(pLparen))
	if !p.is(pRparen) {
		p.enter()
		c.Args = p.parseExprList(func() Expr {
			if p.is(pStar) && (p.peekIs(1, pRparen) || p.peekIs(1, pComma)) {
				star := &Star{Star: p.pos()}
				p.advance()
				return star
			}
			return p.parseNamedExpr()
		})
		p.leave()
	}
	c.Rparen = p.expect(pRparen)
	return c
}

// parseToScalar parses toscalar(Expr) or totable(Expr), whose argument is
// a tabular expression. (The official grammar takes the parameter
// kind=nooptimization before the parenthesis, which kqlt does not.)
func (p *parser) parseToScalar() *CallExpr {
	name := p.parseIdentToken()
	if p.is(kwKind) {
		p.failAt(int(p.cur().start), "%s kind=... is not supported by kqlt", name.Name)
	}
	c := p.call(name, p.expect(pLparen))
	c.Args = p.exprList1(p.parseTabular())
	c.Rparen = p.expect(pRparen)
	return c
}

func (p *parser) parsePrimary() Expr {
	t := p.cur()
	pos := PosOf(int(t.start))
	switch t.kind {
	case tLong, tReal, tTimespan:
		p.advance()
		return p.basicLit(pos, numberKind(t.kind), p.tx(t))
	case tString:
		return p.parseStrings()
	case tTyped:
		p.advance()
		return p.basicLit(pos, LitKind(t.lit), p.tx(t))
	case tPunct:
		switch t.id {
		case pLparen:
			// parseTabular counts the level of the parentheses.
			x := &ParenExpr{Lparen: pos}
			p.advance()
			x.X = p.parseTabular()
			x.Rparen = p.expect(pRparen)
			return x
		case pLbrack:
			if p.atCall() {
				return p.parseCallAt()
			}
			return p.parsePathSelector()
		case pLbrace:
			if p.atCall() {
				return p.parseCallAt()
			}
			if p.bracedNameLen(p.i) > 0 {
				return p.parseName()
			}
		}
	case tIdent:
		return p.parseWord()
	}
	p.failExpected("an expression")
	return nil
}

// parseStrings parses one string literal or several adjacent ones.
func (p *parser) parseStrings() Expr {
	first := p.basicLit(p.pos(), StringLit, p.tx(p.cur()))
	p.advance()
	if p.cur().kind != tString {
		return first
	}
	c := &CompoundString{Parts: []*BasicLit{first}}
	for p.cur().kind == tString {
		c.Parts = append(c.Parts, p.basicLit(p.pos(), StringLit, p.tx(p.cur())))
		p.advance()
	}
	return c
}

// parseWord parses what starts with a word: the literals true and false,
// dynamic(...), typeof(...), datatable, externaldata, toscalar(...), and
// names and calls. A keyword that cannot be a name is an error here, as for
// the official parser.
func (p *parser) parseWord() Expr {
	t := p.cur()
	pos := PosOf(int(t.start))
	w := p.tx(t)
	switch t.id {
	case kwDynamic:
		if p.peekIs(1, pLparen) {
			return p.parseDynamic()
		}
	case kwTypeof:
		if p.peekIs(1, pLparen) {
			return p.parseTypeOf()
		}
	case kwDatatable:
		return p.parseDatatable()
	case kwExternaldata, kwExternalData:
		return p.parseExternalData()
	case kwToscalar:
		return p.parseToScalar()
	case kwHint:
		p.checkHintKeyword()
	case kwMaterialized:
		// The official lexer reads materialized-view-combine as one
		// keyword, which starts an expression kqlt does not support.
		if p.peekIs(1, pMinus) && p.adjacent(1) && p.peekIs(2, kwView) && p.adjacent(2) && p.peekIs(3, pMinus) && p.adjacent(3) && p.peekIs(4, kwCombine) && p.adjacent(4) {
			p.failAt(int(t.start), "materialized-view-combine is not supported by kqlt")
		}
	}
	switch p.wordClassOf(t) {
	case wordBool:
		p.advance()
		return p.basicLit(pos, BoolLit, w)
	case wordIdent, wordIdentKeyword:
		name := p.parseIdentToken()
		if p.is(pLparen) {
			return p.parseCall(name)
		}
		return name
	case wordSpecialKeyword:
		return p.parseIdentToken()
	}
	if p.is(kwMaterialize) && p.peekIs(1, pLparen) {
		p.failAt(int(t.start), "materialize(...) can only be the value of a let statement")
	}
	if isTypeOfType(w) || w == "byte" || w == "char" {
		// Not a typed literal, which the lexer reads when '(' follows the
		// type directly: int (1) is an error, as for the official parser.
		p.failAt(int(t.start), "the type name '%s' cannot be used as a name here; write ['%s'] for a column of that name", w, w)
	}
	p.failAt(int(t.start), "the keyword '%s' cannot be used as a name here; write ['%s'] for a name", w, w)
	return nil
}

// atQueryStart reports whether an operator that makes its own input starts
// here: union, print, search and find always do; range when a name and
// from follow; evaluate when a name or a parameter follows.
func (p *parser) atQueryStart() bool {
	t := p.cur()
	if t.kind != tIdent {
		return false
	}
	switch t.id {
	case kwUnion, kwPrint, kwSearch, kwFind:
		return true
	case kwRange:
		n := p.scanName(p.i + 1)
		return n > 0 && p.peekIs(1+n, kwFrom)
	case kwEvaluate:
		if p.scanName(p.i+1) > 0 {
			return true
		}
		n, _ := p.paramNameLen(noOwnParamsNoEq, p.i+1)
		return n > 0
	}
	return false
}

// parseQueryStart parses the operators that can start a tabular expression
// without a source — union, print, range, search, find and evaluate — or
// returns nil if none starts here (see atQueryStart). They are not
// operands: nothing but a pipe continues them, so they are parsed where a
// tabular expression may stand, not among the primary expressions.
func (p *parser) parseQueryStart() Expr {
	if !p.atQueryStart() {
		return nil
	}
	t := p.cur()
	pos := PosOf(int(t.start))
	p.advance()
	switch t.id {
	case kwUnion:
		return p.parseUnion(pos)
	case kwPrint:
		return p.parsePrint(pos)
	case kwRange:
		return p.parseRange(pos)
	case kwSearch:
		return p.parseSearch(pos)
	case kwFind:
		return p.parseFind(pos)
	}
	return p.parseEvaluate(pos)
}

// parseDynamic parses dynamic(...).
func (p *parser) parseDynamic() *DynamicLit {
	d := &DynamicLit{Dynamic: p.pos()}
	p.advance()
	open := p.i
	end := p.matching(open)
	if end < 0 {
		p.failAt(int(p.cur().start), "missing ')' to close this '('")
	}
	d.Lparen, d.Rparen = p.pos(), PosOf(int(p.toks[end].start))
	if end == open+1 {
		p.failAt(int(p.toks[end].start), "expected a value in dynamic(), found ')'")
	}
	p.i = open + 1
	d.Value = p.parseJSON()
	if p.i != end {
		p.failExpected("')'")
	}
	p.i = end + 1
	return d
}

// parseJSON parses the JSON-like value of a dynamic literal. It is
// hand-written: through the participle grammar gJSON (which still reads
// the dynamic defaults of parameters), dynamic literals took a quarter of
// the time to parse the corpus, which holds long lists of strings.
func (p *parser) parseJSON() Expr {
	t := p.cur()
	pos := PosOf(int(t.start))
	switch t.kind {
	case tString:
		return p.parseStrings()
	case tLong, tReal, tTimespan:
		p.advance()
		return p.basicLit(pos, numberKind(t.kind), p.tx(t))
	case tTyped:
		p.advance()
		return p.basicLit(pos, LitKind(t.lit), p.tx(t))
	case tIdent:
		switch t.id {
		case kwTrue, kwFalse, kwNull:
			p.advance()
			return p.wordValue(pos, p.tx(t))
		}
	case tPunct:
		switch t.id {
		case pMinus:
			if n := p.peek(1); n.kind == tLong || n.kind == tReal || n.kind == tTimespan {
				p.i += 2
				return &UnaryExpr{OpPos: pos, Op: "-", X: &BasicLit{ValuePos: PosOf(int(n.start)), Kind: numberKind(n.kind), Value: p.tx(n)}}
			}
		case pLbrack:
			p.enter()
			defer p.leave()
			a := &ArrayLit{Lbrack: pos}
			p.advance()
			if !p.is(pRbrack) {
				a.Elems = p.parseExprList(p.parseJSON)
			}
			a.Rbrack = p.expect(pRbrack)
			return a
		case pLbrace:
			if n := p.bracedNameLen(p.i); n > 0 {
				return p.parseBracedName(n)
			}
			p.enter()
			defer p.leave()
			o := &ObjectLit{Lbrace: pos}
			p.advance()
			for !p.is(pRbrace) {
				if p.cur().kind != tString {
					p.failExpected("a string key")
				}
				kv := &KeyValue{Key: &BasicLit{ValuePos: p.pos(), Kind: StringLit, Value: p.tx(p.cur())}}
				p.advance()
				kv.Colon = p.expect(pColon)
				kv.Value = p.parseJSON()
				o.Fields = append(o.Fields, kv)
				if _, ok := p.got(pComma); !ok {
					break
				}
				if p.is(pRbrace) {
					p.failExpected("a string key")
				}
			}
			o.Rbrace = p.expect(pRbrace)
			return o
		}
	}
	p.failExpected("a dynamic value")
	return nil
}

// parseTypeOf parses typeof(T), a type name alone — a scalar type name or
// an identifier — or typeof(a:T, b:U, *), declarations as in schemas.
func (p *parser) parseTypeOf() *TypeOfExpr {
	x := &TypeOfExpr{TypeOf: p.expect(kwTypeof)}
	open := p.i
	end := p.matching(open)
	if end < 0 {
		p.failAt(int(p.cur().start), "missing ')' to close this '('")
	}
	if t := &p.toks[open+1]; t.kind == tIdent && (isTypeOfType(p.tx(t)) || p.wordClassOf(t) == wordIdent && end == open+2) {
		// A type name alone: the official parser reads the name that
		// follows as a type, and then wants ')'.
		if end != open+2 {
			p.failAt(int(p.toks[open+2].start), "expected ')', found %s", p.describe(&p.toks[open+2]))
		}
		x.Lparen = PosOf(int(p.toks[open].start))
		p.i = open + 1
		x.Types = []Expr{p.parseIdentToken()}
		x.Rparen = p.expect(pRparen)
		return x
	}
	s := p.simpleSchema(open, end)
	if s != nil {
		p.i = end + 1
	} else {
		s = p.schemaFromAt(runGrammar(p, schemaParser, open, end), end)
	}
	p.checkSchema(s, typeofSchema)
	x.Lparen, x.Rparen = s.Lparen, s.Rparen
	x.Types = s.Columns
	return x
}

func (p *parser) parseDatatable() *DatatableExpr {
	x := &DatatableExpr{Datatable: p.pos()}
	p.advance()
	x.Params = p.parseParamsOf(noOwnParamsNoEq)
	x.Schema = p.parseRowSchema()
	x.Lbrack = p.expect(pLbrack)
	x.LeadingComma, _ = p.got(pComma) // [, "a", "b"] and [,], as for the official parser
	for !p.is(pRbrack) {
		x.Values = append(x.Values, p.parseLiteral())
		comma, ok := p.got(pComma)
		if !ok {
			break
		}
		if p.is(pRbrack) {
			x.TrailingComma = comma
		}
	}
	x.Rbrack = p.expect(pRbrack)
	return x
}

// parseLiteral parses a literal as the official grammar reads the values
// of datatable (ParseLiteral): parseLiteralValue without the words.
func (p *parser) parseLiteral() Expr {
	if t := p.cur(); p.is(pLbrack) || t.kind == tIdent && p.wordClassOf(t) != wordBool && !((p.is(kwDynamic) || p.is(kwTypeof)) && p.peekIs(1, pLparen)) {
		p.failExpected("a literal")
	}
	return p.parseLiteralValue()
}

func (p *parser) parseExternalData() *ExternalDataExpr {
	x := &ExternalDataExpr{ExternalData: p.pos(), Keyword: p.tx(p.cur())}
	p.advance()
	x.Params = p.parseParamsOf(noOwnParamsNoEq)
	x.Schema = p.parseRowSchema()
	x.Lbrack = p.expect(pLbrack)
	for !p.is(pRbrack) {
		x.URIs = append(x.URIs, p.parseTabular())
		comma, ok := p.got(pComma)
		if !ok {
			break
		}
		if p.is(pRbrack) {
			x.TrailingComma = comma
		}
	}
	x.Rbrack = p.expect(pRbrack)
	if p.is(kwWith) {
		x.Props = p.parseExternalDataProps()
	}
	return x
}

// parseExternalDataProps parses the with (...) properties of externaldata:
// extended names, each with a string, a number, a boolean, a date, a guid or
// a name as its value.
func (p *parser) parseExternalDataProps() *PropertyList {
	l := &PropertyList{With: p.expect(kwWith), Lparen: p.expect(pLparen)}
	for !p.is(pRparen) {
		name := p.parseExtendedName()
		assign := p.expect(pAssign)
		var value Expr
		switch t := p.cur(); {
		case t.kind == tString || t.kind == tLong || t.kind == tReal:
			value = p.parsePrimary()
		case t.kind == tTyped && (t.lit == uint8(LongLit) || t.lit == uint8(RealLit) || t.lit == uint8(BoolLit) || t.lit == uint8(DateTimeLit) || t.lit == uint8(GUIDLit)):
			value = p.parsePrimary()
		case t.kind == tIdent && p.wordClassOf(t) == wordBool:
			value = p.parseWord()
		default:
			value = p.parseExtendedName()
		}
		l.Props = append(l.Props, &NamedExpr{Name: name, Assign: assign, Value: value})
		if _, ok := p.got(pComma); !ok {
			break
		}
		if p.is(pRparen) {
			p.failExpected("a property") // no trailing comma, as for the official parser
		}
	}
	l.Rparen = p.expect(pRparen)
	return l
}

// atName reports whether a name that parseName takes starts at the current
// token: one that scanName sees, or a braced name of any form.
func (p *parser) atName() bool { return p.scanName(p.i) > 0 || p.bracedNameLen(p.i) > 0 }
