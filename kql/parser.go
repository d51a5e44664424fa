package kql

import (
	"fmt"
	"strings"
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
	toks, lerr := lexInto(p.toks, src)
	p.src, p.toks = src, toks
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
	clear(p.stack) // a failed parse leaves elements; lists clear theirs
	clear(p.ops)
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

	grammar *grammarInput // the participle grammars' input, once needed
	alloc   nodeAlloc     // the most common nodes; see alloc.go
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

// is reports whether the current token is the word or symbol s.
func (p *parser) is(s string) bool { return p.tokenIs(&p.toks[p.i], s) }

func (p *parser) peekIs(k int, s string) bool { return p.tokenIs(p.peek(k), s) }

// tokenIs reports whether t is the word or symbol s. It is the parser's
// most frequent question, and inlined with a constant s: the length, a
// subtraction, answers most of them.
func (p *parser) tokenIs(t *token, s string) bool {
	return int(t.end-t.start) == len(s) && p.src[t.start:t.end] == s && wordKinds&(1<<t.kind) != 0
}

// wordKinds are the kinds of token that is and tokIs match: words,
// operators and punctuation.
const wordKinds = 1<<tIdent | 1<<tOp | 1<<tPunct

func (p *parser) atEOF() bool { return p.toks[p.i].kind == tEOF }

// adjacent reports whether the token after the current one follows it
// without space.
func (p *parser) adjacent(k int) bool {
	return p.peek(k).start == p.peek(k-1).end
}

// got consumes the current token if it is s.
func (p *parser) got(s string) (Pos, bool) {
	t := &p.toks[p.i]
	if !p.tokenIs(t, s) {
		return NoPos, false
	}
	p.i++ // s matched: not the end token
	return PosOf(int(t.start)), true
}

// expect consumes the token s or fails.
func (p *parser) expect(s string) Pos {
	if pos, ok := p.got(s); ok {
		return pos
	}
	p.failExpected("'" + s + "'")
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

func newIdent(pos Pos, name, raw string) *Ident {
	id := &Ident{NamePos: pos, Name: name, parsedName: name, rawLen: int32(len(raw))}
	if raw != name {
		id.Raw = raw
	}
	return id
}

// isName reports whether a name starts at the current token: an identifier,
// a bracketed string ['x'] or a braced name {x}.
func (p *parser) isName() bool { return p.nameLenAt(p.i) > 0 }

// nameLen returns the number of tokens of the name at the current token.
func (p *parser) nameLen() int { return p.nameLenAt(p.i) }

// nameLenAt returns the number of tokens of the name that starts at token
// index i, or 0 if none does.
func (p *parser) nameLenAt(i int) int {
	t := &p.toks[i]
	switch {
	case t.kind == tIdent:
		return 1
	case t.kind != tPunct || t.end-t.start != 1:
		return 0
	case p.src[t.start] == '[':
		if p.toks[i+1].kind == tString && p.tokIs(i+2, "]") {
			return 3
		}
	case p.src[t.start] == '{':
		return p.bracedNameLen(i)
	}
	return 0
}

// tokIs reports whether the token at index i is the punctuation or word s.
func (p *parser) tokIs(i int, s string) bool {
	if i >= len(p.toks) {
		return false
	}
	return p.tokenIs(&p.toks[i], s)
}

// bracedNameLen returns the number of tokens of the braced name that starts
// at token index i, or 0: a client parameter of a workbook or dashboard,
// {Name} or {Name[N]} or {Name[-N]}, where Name is a word (a keyword or an
// operator word such as !has too, but not true or false) and N a whole
// number, written without spaces.
func (p *parser) bracedNameLen(i int) int {
	if !p.tokIs(i, "{") {
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
	for p.tokIs(k, "-") && p.toks[k+1].kind == tIdent && p.adjacentAt(k) && p.adjacentAt(k+1) &&
		p.dashedKeywordBetween(i+1, k+1) {
		k += 2
	}
	if k > i+2 && !kustoKeywords[p.src[p.toks[i+1].start:p.toks[k-1].end]] {
		return 0
	}
	if !p.adjacentAt(i + 1) {
		return 0
	}
	if p.tokIs(k, "[") && p.adjacentAt(k) {
		k++
		if p.tokIs(k, "-") && p.adjacentAt(k) {
			k++
		}
		if p.toks[k].kind != tLong || !p.adjacentAt(k) || !p.tokIs(k+1, "]") || !p.adjacentAt(k+1) {
			return 0
		}
		k += 2
	}
	if !p.tokIs(k, "}") || !p.adjacentAt(k) {
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

// parseName parses an identifier, a bracketed name ['x'] or a braced name
// {x}.
func (p *parser) parseName() *Ident {
	t := p.cur()
	if t.kind == tIdent {
		p.advance()
		return p.ident(PosOf(int(t.start)), p.tx(t), p.tx(t))
	}
	if n := p.bracedNameLen(p.i); n > 0 {
		return p.parseBracedName(n)
	}
	if !p.isName() {
		p.failExpected("a name")
	}
	str := p.peek(1)
	name, err := Unquote(p.tx(str))
	if err != nil {
		p.failAt(int(str.start), "bad bracketed name: %v", err)
	}
	end := p.peek(2).end
	id := p.ident(PosOf(int(t.start)), name, p.src[t.start:end])
	p.i += 3
	return id
}

// parseParamName parses an operator parameter name, which may be dotted:
// hint.strategy.
// declNameLenAt is nameLenAt for the names the official parser looks ahead
// for, as the name of name = value, a let, a function parameter or a call:
// there a braced name is only {Word} with a plain identifier, not {where}
// or {P[1]}.
func (p *parser) declNameLenAt(i int) int {
	n := p.nameLenAt(i)
	if n > 0 && p.tokIs(i, "{") && (n != 3 || !p.isPlainIdent(&p.toks[i+1])) {
		return 0
	}
	return n
}

// isSimpleBraced reports whether the braced name id is {Word} with a plain
// identifier: see declNameLenAt.
func (p *parser) isSimpleBraced(id *Ident) bool {
	return !kustoKeywords[id.Name] && !boolWords[id.Name] && IsIdent(id.Name) && !strings.ContainsAny(id.Name, "[!~ ")
}

// parseBracedName parses a braced name of n tokens at the current token.
func (p *parser) parseBracedName(n int) *Ident {
	first, last := p.cur(), &p.toks[p.i+n-1]
	raw := p.src[first.start:last.end]
	id := newIdent(PosOf(int(first.start)), raw[1:len(raw)-1], raw)
	id.Braced = true
	p.i += n
	return id
}

func (p *parser) parseParamName() *Ident {
	t := p.cur()
	if p.is("hint") && p.peekIs(1, ".") && p.adjacent(1) && p.peek(2).kind == tIdent && p.adjacent(2) {
		end := p.peek(2).end
		raw := p.src[t.start:end]
		p.i += 3
		return newIdent(PosOf(int(t.start)), raw, raw)
	}
	return p.parseName()
}

// atParam reports whether an operator parameter name = value starts here.
func (p *parser) atParam(names map[string]bool) bool {
	t := p.cur()
	if t.kind != tIdent {
		return false
	}
	if p.tx(t) == "hint" && p.peekIs(1, ".") && p.adjacent(1) && p.adjacent(2) {
		return p.peekIs(3, "=")
	}
	return names[p.tx(t)] && p.peekIs(1, "=")
}

// parseParams parses name=value operator parameters whose names are in
// names (hint.* parameters are always allowed).
func (p *parser) parseParams(names map[string]bool) []*NamedExpr {
	var list []*NamedExpr
	for p.atParam(names) {
		name := p.parseParamName()
		assign := p.expect("=")
		list = append(list, &NamedExpr{Name: name, Assign: assign, Value: p.parseParamValue()})
	}
	return list
}

// parseParamValue parses the value of an operator parameter: a word, a
// literal or a negative number.
func (p *parser) parseParamValue() Expr { return p.parseLiteralValue() }

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	noParams           = set()
	joinParams         = set("kind", "withsource")
	unionParams        = set("kind", "withsource", "isfuzzy", "with_source")
	mvExpandParams     = set("kind", "bagexpansion", "with_itemindex")
	mvApplyParams      = set("kind", "with_itemindex", "id")
	parseParams        = set("kind", "flags")
	searchParams       = set("kind", "withsource", "with_source")
	findParams         = set("withsource", "with_source", "datascope", "isfuzzy")
	reduceParams       = set("kind")
	consumeParams      = set("decodeblocks")
	scanParams         = set("with_match_id", "with_step_name")
	asParams           = set()
	renderParams       = set("kind", "title", "accumulate")
	makeSeriesParam    = set("kind")
	scanStepParams     = set("output")
	datatableParams    = set("typeof")
	evaluateParams     = set()
	externalDataParams = set("kind")
)

// ---------------------------------------------------------------------------
// Statements

func (p *parser) parseQuery() *Query {
	q := &Query{}
	var buf [8]Stmt // most queries have a few statements
	stmts := buf[:0]
	for !p.atEOF() {
		s := p.parseStatement()
		stmts = append(stmts, s)
		if semi, ok := p.got(";"); ok {
			setSemi(s, semi)
			continue
		}
		if !p.atEOF() {
			p.failExpected("';' or the end of the query")
		}
	}
	if len(stmts) > 0 {
		q.Stmts = make([]Stmt, len(stmts))
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

func (p *parser) parseStatement() Stmt {
	switch {
	case p.is("let") && (p.peek(1).kind != tPunct || p.peekIs(1, "[") || p.declNameLenAt(p.i+1) > 0):
		return p.parseLet()
	case p.is("set") && p.nameLenAt(p.i+1) > 0 && p.setValueFollows(1+p.nameLenAt(p.i+1)):
		return p.parseSet()
	case p.is("declare") && p.peekIs(1, "query_parameters"):
		return p.parseDeclareParams()
	case p.is("declare") && p.peekIs(1, "pattern"):
		return p.parsePattern()
	case p.is("alias") && p.peekIs(1, "database"):
		return p.parseAlias()
	}
	if p.is(".") && p.peek(1).kind == tIdent && p.adjacent(1) {
		p.failAt(int(p.cur().start), "control commands (.%s) are not queries; kqlt reads queries only", p.tx(p.peek(1)))
	}
	return &ExprStmt{X: p.parseTabularOrOp()}
}

func (p *parser) parseLet() *LetStmt {
	s := &LetStmt{Let: p.expect("let")}
	s.Name = p.parseName()
	s.Assign = p.expect("=")
	switch {
	case p.is("view") && p.peekIs(1, "("):
		view := p.pos()
		p.advance()
		f := p.parseFuncLit()
		f.View, f.ViewPos = true, view
		s.Value = f
	case p.is("(") && p.isFuncLit():
		s.Value = p.parseFuncLit()
	default:
		s.Value = p.parseTabularOrOp()
	}
	return s
}

// isFuncLit reports whether the parenthesis at the current token opens the
// parameter list of a function: it is followed by '{' after it closes.
func (p *parser) isFuncLit() bool {
	end := p.matching(p.i)
	return end > 0 && p.tx(&p.toks[end+1]) == "{" && p.toks[end+1].kind == tPunct
}

// matching returns the index of the bracket that closes the one at index
// open, or -1. A bracket of another kind closing one (as '}' after '(')
// means there is no match.
func (p *parser) matching(open int) int {
	var buf [64]byte
	closers := buf[:0] // the closing brackets expected, innermost last
	for i := open; i < len(p.toks); i++ {
		t := &p.toks[i]
		if t.kind != tPunct || t.end-t.start != 1 {
			if t.kind == tEOF {
				return -1
			}
			continue
		}
		switch c := p.src[t.start]; c {
		case '(', '[', '{':
			if len(closers) >= maxDepth {
				p.failAt(int(t.start), "query nested too deeply (more than %d levels)", maxDepth)
			}
			closer := byte(')')
			switch c {
			case '[':
				closer = ']'
			case '{':
				closer = '}'
			}
			closers = append(closers, closer)
		case ')', ']', '}':
			if len(closers) == 0 || closers[len(closers)-1] != c {
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

// parseSchema parses a parenthesized list of column or parameter
// declarations with the participle grammar.
func (p *parser) parseSchema() *SchemaExpr {
	if !p.is("(") {
		p.failExpected("'('")
	}
	end := p.matching(p.i)
	if end < 0 {
		p.failAt(int(p.cur().start), "missing ')' to close this '('")
	}
	g := runGrammar(p, schemaParser, p.i, end)
	s := p.schemaFromAt(g, end)
	p.checkNested(s)
	return s
}

// parseTypedSchema parses a schema whose columns must have types: function
// parameters, the declarations of scan, and the like.
func (p *parser) parseTypedSchema() *SchemaExpr {
	s := p.parseSchema()
	p.requireTypes(s)
	p.checkCommas(s, false)
	p.checkParamNames(s)
	return s
}

// checkParamNames fails on a parameter named by a braced name that is not
// {Word} (see declNameLenAt), which the official parser does not take.
func (p *parser) checkParamNames(s *SchemaExpr) {
	for _, c := range s.Columns {
		if col, ok := c.(*ColumnDecl); ok && col.Name.Braced && !p.isSimpleBraced(col.Name) {
			p.failAt(col.Name.Pos().Offset(), "expected a parameter name, found '{'")
		}
	}
}

// parseRowSchema parses the row schema of datatable, externaldata,
// parse-kv or evaluate: typed columns, with an optional comma before the
// first and after the last.
func (p *parser) parseRowSchema() *SchemaExpr {
	s := p.parseSchema()
	p.requireTypes(s)
	p.checkCommas(s, true)
	p.noDefaults(s)
	return s
}

// noDefaults fails if a column of s has a default value, which only the
// parameters of functions, of the query and of scan have.
func (p *parser) noDefaults(s *SchemaExpr) {
	for _, c := range s.Columns {
		if col, ok := c.(*ColumnDecl); ok && col.Default != nil {
			p.failAt(col.Assign.Offset(), "expected ',' or ')', found '='")
		}
	}
}

// checkNested checks the schemas nested in s, of tabular columns and
// parameters, T:(a:string): their columns have types and no defaults.
func (p *parser) checkNested(s *SchemaExpr) {
	for _, c := range s.Columns {
		if col, ok := c.(*ColumnDecl); ok {
			if t, ok := col.Type.(*SchemaExpr); ok {
				p.requireTypes(t)
				p.noDefaults(t)
				p.checkNested(t)
			}
		}
	}
}

// checkCommas fails where a schema has a comma that the official grammar
// does not allow: a row schema may start and end with one, (,a:string,),
// but (,,) is a missing column; other schemas may not. The schema of a
// tabular column or parameter, T:(a:string,), may end with one after a
// column.
func (p *parser) checkCommas(s *SchemaExpr, row bool) {
	switch {
	case row && s.LeadingComma.IsValid() && s.TrailingComma.IsValid() && len(s.Columns) == 0:
		p.failAt(s.TrailingComma.Offset(), "expected a column, found ','")
	case !row && s.LeadingComma.IsValid():
		p.failAt(s.LeadingComma.Offset(), "expected a parameter, found ','")
	case !row && s.TrailingComma.IsValid():
		p.failAt(s.Rparen.Offset(), "expected a parameter, found ')'")
	}
	for _, c := range s.Columns {
		col, ok := c.(*ColumnDecl)
		if !ok {
			continue
		}
		t, ok := col.Type.(*SchemaExpr)
		if !ok {
			continue
		}
		switch {
		case t.LeadingComma.IsValid():
			p.failAt(t.LeadingComma.Offset(), "expected a column, found ','")
		case t.TrailingComma.IsValid() && !endsWithColumn(t):
			p.failAt(t.Rparen.Offset(), "expected a column, found ')'")
		}
		p.checkCommas(&SchemaExpr{Columns: t.Columns}, false)
	}
}

// endsWithColumn reports whether the last element of s declares a column.
func endsWithColumn(s *SchemaExpr) bool {
	if len(s.Columns) == 0 {
		return false
	}
	_, ok := s.Columns[len(s.Columns)-1].(*ColumnDecl)
	return ok
}

// requireTypes fails if a column of s has no type.
func (p *parser) requireTypes(s *SchemaExpr) {
	for _, c := range s.Columns {
		if col, ok := c.(*ColumnDecl); ok && col.Type == nil {
			end := int32(col.Name.End().Offset())
			i := 0
			for i < len(p.toks)-1 && p.toks[i].start < end {
				i++
			}
			p.failAt(int(p.toks[i].start), "expected ':' and a type after %s, found %s", col.Name.text(), p.describe(&p.toks[i]))
		}
	}
}

func (p *parser) schemaFromAt(g *gSchema, end int) *SchemaExpr {
	// Advance first: the conversion looks up tokens before positions.
	p.i = end + 1
	return p.schemaFrom(g)
}

func (p *parser) parseFuncLit() *FuncLit {
	f := &FuncLit{Params: p.parseTypedSchema()}
	f.Lbrace = p.expect("{")
	f.Body = p.parseBody("}")
	f.Rbrace = p.expect("}")
	return f
}

// parseBody parses statements up to the closing token.
func (p *parser) parseBody(closing string) []Stmt {
	p.enter()
	defer p.leave()
	var body []Stmt
	for !p.is(closing) {
		if p.atEOF() {
			p.failExpected("'" + closing + "'")
		}
		s := p.parseStatement()
		body = append(body, s)
		if semi, ok := p.got(";"); ok {
			setSemi(s, semi)
			continue
		}
		if !p.is(closing) {
			p.failExpected("';' or '" + closing + "'")
		}
	}
	return body
}

func (p *parser) parseSet() *SetStmt {
	start := p.i
	end := start + 1 + p.peekNameLen(1)
	if p.peekIs(end-start, "=") {
		// The value runs to the next ';' or the end of the query.
		end = start
		for end < len(p.toks)-1 && p.tx(&p.toks[end+1]) != ";" && p.toks[end+1].kind != tEOF {
			end++
		}
	} else {
		end--
	}
	g := runGrammar(p, setParser, start, end)
	p.i = end + 1
	s := &SetStmt{Set: posOf(g.Tokens[0]), Name: p.nameFrom(g.Name)}
	if g.Value != nil {
		s.Value = p.valueFrom(g.Value)
		s.Assign = p.tokenBefore(s.Value.Pos())
	}
	return s
}

// setValueFollows reports whether the token k ahead ends the name of a set
// statement: '=', ';' or the end of the query.
func (p *parser) setValueFollows(k int) bool {
	return p.peekIs(k, "=") || p.peekIs(k, ";") || p.peek(k).kind == tEOF
}

func (p *parser) peekNameLen(k int) int { return p.nameLenAt(min(p.i+k, len(p.toks)-1)) }

func (p *parser) parseDeclareParams() *DeclareParamsStmt {
	start := p.i
	if !p.peekIs(2, "(") {
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
	p.requireTypes(s.Params)
	p.checkCommas(s.Params, false)
	p.checkNested(s.Params)
	return s
}

func (p *parser) parseAlias() *AliasStmt {
	s := &AliasStmt{Alias: p.expect("alias")}
	p.expect("database")
	s.Name = p.parseName()
	s.Assign = p.expect("=")
	s.Value = p.parseUnary()
	return s
}

func (p *parser) parsePattern() *PatternStmt {
	s := &PatternStmt{Declare: p.expect("declare")}
	p.expect("pattern")
	s.Name = p.parseName()
	assign, ok := p.got("=")
	if !ok {
		return s
	}
	s.Assign = assign
	s.Params = p.parseTypedSchema()
	if p.is("[") {
		// The path parameter: [b:string]. Parse it as a schema between
		// brackets by parsing its inside as a parenthesized list.
		lb := p.pos()
		p.advance()
		path := &SchemaExpr{Lparen: lb}
		for !p.is("]") {
			col := &ColumnDecl{Name: p.parseName()}
			col.Colon = p.expect(":")
			col.Type = p.parseName()
			path.Columns = append(path.Columns, col)
			if _, ok := p.got(","); !ok || p.is("]") {
				if ok {
					p.failExpected("a name") // no trailing comma
				}
				break
			}
		}
		path.Rparen = p.expect("]")
		s.Path = path
	}
	s.Lbrace = p.expect("{")
	// At least one rule, each ending with ';', as for the official parser.
	for len(s.Rules) == 0 || !p.is("}") {
		r := &PatternRule{Args: p.parseParenList()}
		if dot, ok := p.got("."); ok {
			r.Dot = dot
			r.Path = &IndexExpr{Lbrack: p.expect("[")}
			r.Path.Index = p.parseExpr()
			r.Path.Rbrack = p.expect("]")
		}
		r.Assign = p.expect("=")
		r.Lbrace = p.expect("{")
		r.Body = p.parseBody("}")
		r.Rbrace = p.expect("}")
		r.Semi = p.expect(";")
		s.Rules = append(s.Rules, r)
	}
	s.Rbrace = p.expect("}")
	return s
}

func (p *parser) parseParenList() *ParenList {
	l := &ParenList{Lparen: p.expect("(")}
	if !p.is(")") {
		l.Elems = p.parseExprList(p.parseTabular)
	}
	l.Rparen = p.expect(")")
	return l
}

// ---------------------------------------------------------------------------
// Tabular expressions

// parseTabular parses an expression that may be a pipeline:
// Source | op | op.
func (p *parser) parseTabular() Expr {
	p.enter()
	defer p.leave()
	x := p.parseQueryStart()
	if x == nil {
		x = p.parseOr()
	}
	if !p.is("|") {
		return x
	}
	pl := &Pipeline{Source: x}
	p.parsePipes(pl)
	return pl
}

func (p *parser) parsePipes(pl *Pipeline) {
	// As parseExprList does, collect the operators on a stack shared by
	// the nested pipelines and copy them to a slice of the right size.
	base := len(p.ops)
	p.ops = append(p.ops, pl.Ops...)
	for p.is("|") {
		p.advance()
		op := p.parseOperator()
		p.ops = append(p.ops, op)
	}
	pl.Ops = p.opList(p.ops[base:])
	clear(p.ops[base:])
	p.ops = p.ops[:base]
}

// isOpStartWord reports whether w is an operator that may start a tabular
// expression without an input, as the official parser reads them: the
// operator words that cannot be names. (union, print, search and find, which make their
// own input, are parsed by parseQueryStart.) Such a pipeline is valid syntax
// where a statement, a let value, a parenthesized expression, an in list or
// the argument of toscalar is; it fails later for want of an input.
func isOpStartWord(w string) bool {
	switch w {
	case "where", "project", "project-away", "project-keep", "project-rename",
		"project-reorder", "make-series", "mv-expand", "mv-apply", "parse-where", "parse-kv", "top-nested",
		"top-hitters", "as", "invoke", "sample", "sample-distinct", "make-graph", "graph-match",
		"graph-shortest-paths", "graph-to-table", "graph-mark-components", "graph-where-nodes",
		"graph-where-edges":
		return true
	}
	return false
}

// parseTabularOrOp parses a tabular expression, or a pipeline that starts
// with an operator of isOpStartWord.
func (p *parser) parseTabularOrOp() Expr {
	if t := p.cur(); t.kind == tIdent && isOpStartWord(p.tx(t)) {
		p.enter()
		defer p.leave()
		pl := &Pipeline{Ops: []Operator{p.parseOperator()}}
		p.parsePipes(pl)
		return pl
	}
	return p.parseTabular()
}

// parseSubQuery parses the inside of mv-apply on (...), partition (...),
// facet with (...) and fork (...): a pipeline that starts with an operator
// applied to the enclosing input, or an ordinary tabular expression.
func (p *parser) parseSubQuery() Expr {
	if p.atOperator() {
		// An operator list nests without parseTabular (mv-apply on
		// (mv-apply on (...))): this is its level.
		p.enter()
		defer p.leave()
		pl := &Pipeline{Ops: []Operator{p.parseOperator()}}
		p.parsePipes(pl)
		return pl
	}
	return p.parseTabular()
}

func (p *parser) parseParenSubQuery() *ParenExpr {
	x := &ParenExpr{Lparen: p.expect("(")}
	x.X = p.parseSubQuery()
	x.Rparen = p.expect(")")
	return x
}

// operatorWords are the keywords that start a tabular operator.
var operatorWords = set("where", "filter", "extend", "project", "project-away", "project-keep",
	"project-rename", "project-reorder", "project-smart", "summarize", "make-series", "mv-expand",
	"mvexpand", "mv-apply", "mvapply", "parse", "parse-where", "parse-kv", "join", "lookup",
	"union", "take", "limit", "top", "top-nested", "top-hitters", "sort", "order", "distinct",
	"count", "as", "serialize", "render", "evaluate", "invoke", "getschema", "consume", "sample",
	"sample-distinct", "facet", "fork", "partition", "reduce", "scan", "search", "find", "extend",
	"print", "range", "execute-and-cache", "make-graph", "graph-match", "graph-shortest-paths",
	"graph-to-table", "graph-mark-components", "graph-where-nodes", "graph-where-edges")

func (p *parser) atOperator() bool {
	return p.cur().kind == tIdent && operatorWords[p.tx(p.cur())] && !p.peekIs(1, "=") && !p.peekIs(1, ".")
}

// unsupportedOperators are operators kqlt knows of but does not parse.
var unsupportedOperators = set("assert-schema", "macro-expand", "project-by-names", "partitioned-by")

func (p *parser) parseOperator() Operator {
	t := p.cur()
	kw, pos := p.tx(t), PosOf(int(t.start))
	if t.kind != tIdent {
		p.failExpected("a tabular operator")
	}
	switch kw {
	case "where", "filter":
		p.advance()
		return &WhereOp{Where: pos, Keyword: kw, Params: p.parseParams(noParams), Pred: p.parseNamedOr(p.parseOr)}
	case "extend":
		p.advance()
		return &ExtendOp{Extend: pos, Exprs: p.parseNamedList()}
	case "project", "project-rename", "project-smart":
		p.advance()
		op := &ProjectOp{Project: pos, Keyword: kw}
		if !p.atOperatorEnd() {
			op.Exprs = p.parseNamedList()
		}
		return op
	case "project-away", "project-keep", "project-reorder":
		p.advance()
		return &ProjectOp{Project: pos, Keyword: kw, Exprs: p.parseExprList(func() Expr { return p.parseColumnPattern(kw == "project-reorder") })}
	case "summarize":
		p.advance()
		op := &SummarizeOp{Summarize: pos, Params: p.parseParams(noParams)}
		if !p.is("by") || p.peekIs(1, "=") {
			if !p.atOperatorEnd() {
				op.Aggs = p.parseNamedList()
			}
		}
		if by, ok := p.got("by"); ok {
			op.By = by
			op.Groups = p.parseNamedList()
		}
		return op
	case "make-series":
		p.advance()
		return p.parseMakeSeries(pos)
	case "mv-expand", "mvexpand":
		p.advance()
		op := &MvExpandOp{MvExpand: pos, Keyword: kw, Params: p.parseParams(mvExpandParams)}
		op.Exprs = p.parseMvExprs()
		if limit, ok := p.got("limit"); ok {
			op.Limit, op.LimitX = limit, p.parseOr()
		}
		return op
	case "mv-apply", "mvapply":
		p.advance()
		op := &MvApplyOp{MvApply: pos, Keyword: kw, Params: p.parseParams(mvApplyParams)}
		op.Exprs = p.parseMvExprs()
		if limit, ok := p.got("limit"); ok {
			op.Limit, op.LimitX = limit, p.parseOr()
		}
		op.On = p.expect("on")
		op.Sub = p.parseParenSubQuery()
		return op
	case "parse", "parse-where":
		p.advance()
		op := &ParseOp{Parse: pos, Keyword: kw, Params: p.parseParams(parseParams)}
		op.X = p.parseOr()
		op.With = p.expect("with")
		op.Pattern = p.parseParsePattern()
		return op
	case "parse-kv":
		p.advance()
		op := &ParseKvOp{ParseKv: pos, X: p.parseOr()}
		op.As = p.expect("as")
		op.Schema = p.parseRowSchema()
		if p.is("with") {
			op.Props = p.parsePropertyList()
		}
		return op
	case "join", "lookup":
		p.advance()
		op := &JoinOp{Join: pos, Keyword: kw, Params: p.parseParams(joinParams)}
		op.Right = p.parseUnary()
		if on, ok := p.got("on"); ok {
			op.On = on
			op.Conds = p.parseExprList(p.parseOr)
		}
		return op
	case "union":
		p.advance()
		return p.parseUnion(pos)
	case "take", "limit":
		p.advance()
		return &TakeOp{Take: pos, Keyword: kw, Params: p.parseParams(noParams), Count: p.parseOr()}
	case "top":
		p.advance()
		op := &TopOp{Top: pos, Params: p.parseParams(noParams), Count: p.parseOr()}
		op.By = p.expect("by")
		op.Keys = p.parseExprList(p.parseSortKey)
		return op
	case "top-nested":
		return p.parseTopNested()
	case "top-hitters":
		p.advance()
		op := &TopHittersOp{TopHitters: pos, Count: p.parseOr()}
		op.Of = p.expect("of")
		op.X = p.parseOr()
		if by, ok := p.got("by"); ok {
			op.By, op.ByX = by, p.parseOr()
		}
		return op
	case "sort", "order":
		p.advance()
		op := &SortOp{Sort: pos, Keyword: kw, Params: p.parseParams(noParams)}
		op.By = p.expect("by")
		op.Keys = p.parseExprList(p.parseSortKey)
		return op
	case "distinct":
		p.advance()
		op := &DistinctOp{Distinct: pos, Params: p.parseParams(noParams)}
		op.Exprs = p.parseExprList(func() Expr {
			if star, ok := p.got("*"); ok {
				return &Star{Star: star}
			}
			return p.parseNamedOr(p.parseOr)
		})
		return op
	case "count":
		p.advance()
		op := &CountOp{Count: pos}
		if as, ok := p.got("as"); ok {
			// The official grammar wants an identifier token here: not a
			// keyword, a bracketed or a braced name.
			if !p.isPlainIdent(p.cur()) {
				p.failExpected("a name for the count column")
			}
			op.As, op.Name = as, p.parseName()
		}
		return op
	case "as":
		p.advance()
		return &AsOp{As: pos, Params: p.parseParams(asParams), Name: p.parseName()}
	case "serialize":
		p.advance()
		op := &SerializeOp{Serialize: pos, Params: p.parseParams(noParams)}
		if !p.atOperatorEnd() {
			op.Exprs = p.parseNamedList()
		}
		return op
	case "render":
		p.advance()
		return p.parseRender(pos)
	case "evaluate":
		p.advance()
		return p.parseEvaluate(pos)
	case "invoke":
		p.advance()
		return &InvokeOp{Invoke: pos, Call: p.parsePostfix()}
	case "getschema":
		p.advance()
		return &GetSchemaOp{GetSchema: pos}
	case "consume":
		p.advance()
		return &ConsumeOp{Consume: pos, Params: p.parseParams(consumeParams)}
	case "sample":
		p.advance()
		return &SampleOp{Sample: pos, Params: p.parseParams(noParams), Count: p.parseOr()}
	case "sample-distinct":
		p.advance()
		op := &SampleDistinctOp{SampleDistinct: pos, Params: p.parseParams(noParams), Count: p.parseOr()}
		op.Of = p.expect("of")
		op.X = p.parseOr()
		return op
	case "facet":
		p.advance()
		op := &FacetOp{Facet: pos, By: p.expect("by")}
		op.Exprs = p.parseExprList(p.parseOr)
		if with, ok := p.got("with"); ok {
			op.With = with
			op.Sub = p.parseParenSubQuery()
		}
		return op
	case "fork":
		p.advance()
		op := &ForkOp{Fork: pos}
		for p.is("(") || p.declNameLenAt(p.i) > 0 && p.peekIs(p.declNameLenAt(p.i), "=") {
			if p.is("(") {
				op.Branches = append(op.Branches, p.parseParenSubQuery())
				continue
			}
			name := p.parseName()
			assign := p.expect("=")
			op.Branches = append(op.Branches, &NamedExpr{Name: name, Assign: assign, Value: p.parseParenSubQuery()})
		}
		if len(op.Branches) == 0 {
			p.failExpected("'(' to start a fork branch")
		}
		return op
	case "partition":
		p.advance()
		op := &PartitionOp{Partition: pos, Params: p.parseParams(noParams)}
		op.By = p.expect("by")
		op.X = p.parseName()
		if p.is("{") {
			b := &BraceExpr{Lbrace: p.expect("{")}
			b.X = p.parseSubQuery()
			b.Rbrace = p.expect("}")
			op.Sub = b
		} else {
			op.Sub = p.parseParenSubQuery()
		}
		return op
	case "reduce":
		p.advance()
		op := &ReduceOp{Reduce: pos, Params: p.parseParams(reduceParams)}
		op.By = p.expect("by")
		op.X = p.parseOr()
		if with, ok := p.got("with"); ok {
			op.With = with
			for {
				name := p.parseName()
				assign := p.expect("=")
				op.Props = append(op.Props, &NamedExpr{Name: name, Assign: assign, Value: p.parseUnary()})
				if _, ok := p.got(","); !ok {
					break
				}
			}
		}
		return op
	case "scan":
		p.advance()
		return p.parseScan(pos)
	case "search":
		p.advance()
		return p.parseSearch(pos)
	case "find":
		p.advance()
		return p.parseFind(pos)
	case "print":
		p.advance()
		return p.parsePrint(pos)
	case "range":
		p.advance()
		return p.parseRange(pos)
	case "make-graph":
		p.advance()
		return p.parseMakeGraph(pos)
	case "graph-match", "graph-shortest-paths":
		p.advance()
		return p.parseGraphMatch(pos, kw)
	case "graph-to-table":
		p.advance()
		return p.parseGraphToTable(pos)
	case "graph-mark-components":
		p.advance()
		return &GraphMarkComponentsOp{GraphMarkComponents: pos, Params: p.parseKnownParams(graphMarkComponentsParams)}
	case "graph-where-nodes", "graph-where-edges":
		p.advance()
		return &GraphWhereOp{GraphWhere: pos, Keyword: kw, Pred: p.parseOr()}
	}
	if unsupportedOperators[kw] {
		p.failAt(int(t.start), "the %s operator is not supported by kqlt", kw)
	}
	if kw == "graph" && p.peekIs(1, "-") && p.adjacent(1) && p.peekIs(2, "merge") && p.adjacent(2) {
		p.failAt(int(t.start), "graph-merge is not a KQL operator (the official parser, Kusto.Language 12.4.1, has none)")
	}
	p.failExpected("a tabular operator")
	return nil
}

// atOperatorEnd reports whether the current token ends an operator.
func (p *parser) atOperatorEnd() bool {
	return p.atEOF() || p.is("|") || p.is(";") || p.is(")") || p.is("}")
}

func (p *parser) parseMakeSeries(pos Pos) *MakeSeriesOp {
	op := &MakeSeriesOp{MakeSeries: pos, Params: p.parseParams(makeSeriesParam)}
	for {
		agg := &MakeSeriesAgg{X: p.parseNamedOr(p.parseOr)}
		if def, ok := p.got("default"); ok {
			agg.Default = def
			agg.Assign = p.expect("=")
			agg.Value = p.parseUnary()
		}
		op.Aggs = append(op.Aggs, agg)
		if _, ok := p.got(","); !ok {
			break
		}
	}
	op.On = p.expect("on")
	op.Axis = p.parseOr()
	if in, ok := p.got("in"); ok {
		op.In = in
		op.Range = p.parsePostfix()
	} else {
		if from, ok := p.got("from"); ok {
			op.From, op.Start = from, p.parseOr()
		}
		if to, ok := p.got("to"); ok {
			op.To, op.Stop = to, p.parseOr()
		}
		op.Step = p.expect("step")
		op.StepSize = p.parseOr()
	}
	if by, ok := p.got("by"); ok {
		op.By = by
		op.Groups = p.parseNamedList()
	}
	return op
}

// parseRender parses the rest of render: the chart, then either the
// property list with (...) or the older clauses kind=x, title=x,
// accumulate=x, by Columns and with "title", in any order, which may be
// followed by a property list too.
func (p *parser) parseRender(pos Pos) *RenderOp {
	if t := p.cur(); !chartTypes[p.tx(t)] && !p.isPlainIdent(t) {
		p.failExpected("a chart type")
	}
	op := &RenderOp{Render: pos, Chart: p.parseName()}
	for {
		switch {
		case p.atParam(renderParams):
			name := p.parseParamName()
			assign := p.expect("=")
			var value Expr
			if name.Name == "title" {
				value = p.parsePostfix() // a string, or a call or path that makes one
			} else {
				value = p.parseParamValue()
			}
			op.Params = append(op.Params, &NamedExpr{Name: name, Assign: assign, Value: value})
			continue
		case p.is("by"):
			c := &RenderClause{KeywordPos: p.pos(), Keyword: "by"}
			p.advance()
			c.Exprs = p.parseExprList(p.parseRenderColumn)
			op.Params = append(op.Params, c)
			continue
		case p.is("with") && !p.peekIs(1, "("):
			c := &RenderClause{KeywordPos: p.pos(), Keyword: "with"}
			p.advance()
			c.Exprs = []Expr{p.parseLiteralValue()}
			op.Params = append(op.Params, c)
			continue
		}
		break
	}
	if p.is("with") {
		op.Props = p.parsePropertyList()
	}
	return op
}

// chartTypes are the chart types of render, some of which are keywords.
var chartTypes = set("table", "list", "barchart", "piechart", "ladderchart", "timechart", "linechart",
	"anomalychart", "pivotchart", "areachart", "stackedareachart", "scatterchart", "timepivot",
	"columnchart", "timeline", "3Dchart", "card", "treemap", "plotly", "graph", "sankey")

// renderClauseWords end the column list of render's by clause: they start
// the next clause.
var renderClauseWords = set("kind", "title", "accumulate", "with", "by")

// parseRenderColumn parses a column of render's by clause: a name, which
// may not be one of the words that start a clause.
func (p *parser) parseRenderColumn() Expr {
	if t := p.cur(); t.kind == tIdent && renderClauseWords[p.tx(t)] || !p.isName() {
		p.failExpected("a column name")
	}
	return p.parseName()
}

// parseLiteralValue parses the value of an operator parameter that the
// official grammar reads as a literal or a name: a string, a number (signed
// or not), a typed literal, a boolean, dynamic(...), typeof(...), or a name.
func (p *parser) parseLiteralValue() Expr {
	t := p.cur()
	switch {
	case t.kind == tString || t.kind == tLong || t.kind == tReal || t.kind == tTimespan || t.kind == tTyped:
		return p.parsePrimary()
	case (p.is("-") || p.is("+")) && t.kind == tPunct:
		if n := p.peek(1).kind; n == tLong || n == tReal || n == tTimespan {
			return p.parseUnary()
		}
	case t.kind == tIdent:
		switch w := p.tx(t); {
		case w == "dynamic" && p.peekIs(1, "("):
			return p.parseDynamic()
		case w == "typeof" && p.peekIs(1, "("):
			return p.parseTypeOf()
		}
		p.advance()
		return wordValue(PosOf(int(t.start)), p.tx(t))
	case p.isName():
		return p.parseName()
	}
	p.failExpected("a literal value")
	return nil
}

// parseEvaluate parses the rest of evaluate: plugin(args) [: (schema)].
func (p *parser) parseEvaluate(pos Pos) *EvaluateOp {
	op := &EvaluateOp{Evaluate: pos, Params: p.parseParams(evaluateParams), Call: p.parsePostfix()}
	if p.is(":") && p.peekIs(1, "(") {
		op.Colon = p.pos()
		p.advance()
		op.Schema = p.parseRowSchema()
	}
	return op
}

func (p *parser) parseMvExprs() []*MvExpandExpr {
	var list []*MvExpandExpr
	for {
		e := &MvExpandExpr{X: p.parseNamedOr(p.parseOr)}
		if to, ok := p.got("to"); ok {
			e.To = to
			if !p.is("typeof") {
				p.failExpected("typeof(...)")
			}
			e.Type = p.parseTypeOf()
		}
		list = append(list, e)
		if _, ok := p.got(","); !ok {
			return list
		}
	}
}

// parseParsePattern parses the pattern of parse: string literals, '*', and
// column declarations name[:type], up to the end of the operator.
func (p *parser) parseParsePattern() []Expr {
	var list []Expr
	for !p.atOperatorEnd() {
		switch t := p.cur(); {
		case t.kind == tString:
			list = append(list, p.parseStrings())
		case p.is("*"):
			list = append(list, &Star{Star: p.pos()})
			p.advance()
		case p.isName():
			col := &ColumnDecl{Name: p.parseName()}
			if colon, ok := p.got(":"); ok {
				col.Colon = colon
				col.Type = p.parseName()
			}
			list = append(list, col)
		default:
			p.failExpected("a string, '*' or a column name in the parse pattern")
		}
	}
	return list // may be empty, as for the official parser
}

func (p *parser) parseUnion(pos Pos) *UnionOp {
	op := &UnionOp{Union: pos, Params: p.parseParams(unionParams)}
	op.Tables = p.parseExprList(func() Expr { return p.parseColumnPattern(false) })
	return op
}

func (p *parser) parseTopNested() *TopNestedOp {
	op := &TopNestedOp{}
	for {
		c := &TopNestedClause{TopNested: p.expect("top-nested")}
		if !p.is("of") {
			c.Count = p.parseOr()
		}
		c.Of = p.expect("of")
		c.X = p.parseNamedOr(p.parseOr)
		if p.is("with") && p.peekIs(1, "others") {
			c.With = p.pos()
			p.i += 2
			p.expect("=")
			c.Others = p.parseUnary()
		}
		c.By = p.expect("by")
		// The aggregate may be named: by n = count() desc.
		c.Agg = p.sortKey(p.parseNamedOr(p.parseOr))
		op.Clauses = append(op.Clauses, c)
		if !(p.is(",") && p.peekIs(1, "top-nested")) {
			return op
		}
		p.advance()
	}
}

func (p *parser) parseScan(pos Pos) *ScanOp {
	op := &ScanOp{Scan: pos, Params: p.parseParams(scanParams)}
	if decl, ok := p.got("declare"); ok {
		op.Declare = decl
		op.Decls = p.parseTypedSchema()
	}
	op.With = p.expect("with")
	op.Lparen = p.expect("(")
	for p.is("step") {
		s := &ScanStep{Step: p.pos()}
		p.advance()
		s.Name = p.parseName()
		s.Params = p.parseParams(scanStepParams)
		s.Colon = p.expect(":")
		s.Cond = p.parseOr()
		if arrow, ok := p.got("=>"); ok {
			s.Arrow = arrow
			for {
				name := p.parseName()
				assign := p.expect("=")
				s.Assigns = append(s.Assigns, &NamedExpr{Name: name, Assign: assign, Value: p.parseOr()})
				if _, ok := p.got(","); !ok {
					break
				}
			}
		}
		s.Semi, _ = p.got(";")
		op.Steps = append(op.Steps, s)
	}
	if len(op.Steps) == 0 {
		p.failExpected("step")
	}
	op.Rparen = p.expect(")")
	return op
}

func (p *parser) parseSearch(pos Pos) *SearchOp {
	op := &SearchOp{Search: pos, Params: p.parseParams(searchParams)}
	if p.is("in") && p.peekIs(1, "(") {
		op.In = p.pos()
		p.advance()
		op.Tables = p.parseTableList()
	}
	if p.is("*") && !p.peekIs(1, "==") && !p.peekOp(1, stringOps) {
		// search * matches every row; search * and x, those where x
		// holds.
		star := &Star{Star: p.pos()}
		p.advance()
		op.Pred = star
		if and, ok := p.got("and"); ok {
			op.Pred = &BinaryExpr{X: star, OpPos: and, Op: "and", Y: p.parseOr()}
		}
		return op
	}
	op.Pred = p.parseOr() // not name = value, as for the official parser
	return op
}

// parseTableList parses (T1, T2*, database("d").T).
func (p *parser) parseTableList() *ParenList {
	l := &ParenList{Lparen: p.expect("(")}
	l.Elems = p.parseExprList(func() Expr { return p.parseColumnPattern(false) })
	l.Rparen = p.expect(")")
	return l
}

func (p *parser) parseFind(pos Pos) *FindOp {
	op := &FindOp{Find: pos, Params: p.parseParams(findParams)}
	if p.is("in") && p.peekIs(1, "(") {
		op.In = p.pos()
		p.advance()
		op.Tables = p.parseTableList()
	}
	if where, ok := p.got("where"); ok {
		op.Where = where
	}
	op.Pred = p.parseOr()
	if p.is("project") || p.is("project-smart") || p.is("project-away") {
		op.Project, op.ProjectKw = p.pos(), p.tx(p.cur())
		p.advance()
		if op.ProjectKw != "project-smart" {
			op.Columns = p.parseExprList(func() Expr {
				if star, ok := p.got("*"); ok {
					return &Star{Star: star}
				}
				if p.isName() && p.peekIs(p.nameLen(), ":") {
					col := &ColumnDecl{Name: p.parseName()}
					col.Colon = p.expect(":")
					col.Type = p.parseName()
					return col
				}
				return p.parseOr()
			})
		}
	}
	return op
}

func (p *parser) parsePrint(pos Pos) *PrintOp {
	op := &PrintOp{Print: pos}
	if !p.atOperatorEnd() {
		op.Exprs = p.parseNamedList()
	}
	return op
}

func (p *parser) parseRange(pos Pos) *RangeOp {
	op := &RangeOp{Range: pos, Name: p.parseName()}
	op.From = p.expect("from")
	op.Start = p.parseOr()
	op.To = p.expect("to")
	op.Stop = p.parseOr()
	op.Step = p.expect("step")
	op.StepSize = p.parseOr()
	return op
}

func (p *parser) parsePropertyList() *PropertyList {
	l := &PropertyList{With: p.expect("with"), Lparen: p.expect("(")}
	for !p.is(")") {
		name := p.parseParamName()
		assign := p.expect("=")
		l.Props = append(l.Props, &NamedExpr{Name: name, Assign: assign, Value: p.parseOr()})
		if _, ok := p.got(","); !ok {
			break
		}
		if p.is(")") {
			p.failExpected("a property") // no trailing comma, as for the official parser
		}
	}
	l.Rparen = p.expect(")")
	return l
}

// parseColumnPattern parses a column or table name that may hold wildcards
// (Col*, *Foo, A*B, or * alone), or any other expression. With order, a sort
// direction may follow (project-reorder).
func (p *parser) parseColumnPattern(order bool) Expr {
	var x Expr
	if id := p.parseWildcard(); id != nil {
		x = id
	} else if star, ok := p.got("*"); ok {
		x = &Star{Star: star}
	} else {
		x = p.parseNamedOr(p.parseOr)
	}
	if order && (p.is("asc") || p.is("desc") || p.is("granny-asc") || p.is("granny-desc")) {
		s := &SortExpr{X: x, OrderPos: p.pos(), Order: p.tx(p.cur())}
		p.advance()
		return s
	}
	return x
}

// parseWildcard parses a name with '*' in it, written without spaces, or
// returns nil.
func (p *parser) parseWildcard() *Ident {
	start := p.i
	end := start
	sawStar, sawName := false, false
	for {
		t := &p.toks[end]
		isStar := t.kind == tPunct && p.tx(t) == "*"
		if !isStar && t.kind != tIdent && t.kind != tLong {
			break
		}
		if end > start && t.start != p.toks[end-1].end {
			break
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
	if next := &p.toks[end]; next.kind == tPunct && (p.tx(next) == "(" || p.tx(next) == "." || p.tx(next) == "[") {
		return nil
	}
	first, last := &p.toks[start], &p.toks[end-1]
	raw := p.src[first.start:last.end]
	p.i = end
	return newIdent(PosOf(int(first.start)), raw, raw)
}

func (p *parser) isStar(t *token) bool { return t.kind == tPunct && p.tx(t) == "*" }

func (p *parser) parseSortKey() Expr { return p.sortKey(p.parseOr()) }

// sortKey parses the asc/desc and nulls first/last that may follow x.
func (p *parser) sortKey(x Expr) Expr {
	if !p.is("asc") && !p.is("desc") && !p.is("nulls") {
		return x
	}
	s := &SortExpr{X: x}
	if p.is("asc") || p.is("desc") {
		s.OrderPos, s.Order = p.pos(), p.tx(p.cur())
		p.advance()
	}
	if nulls, ok := p.got("nulls"); ok {
		s.NullsPos = nulls
		if !p.is("first") && !p.is("last") {
			p.failExpected("first or last")
		}
		s.NullsOrderPos, s.Nulls = p.pos(), p.tx(p.cur())
		p.advance()
	}
	return s
}

// parseNamedList parses a comma-separated list of expressions that may be
// named: a = x, (b, c) = f(x), y.
func (p *parser) parseNamedList() []Expr {
	return p.parseExprList(func() Expr { return p.parseNamedOr(p.parseOr) })
}

// parseExprList parses a comma-separated list of elements. It collects
// them on a stack shared by the nested lists of the query and returns them
// in a slice of the right size: one allocation per list instead of one per
// doubling.
func (p *parser) parseExprList(parse func() Expr) []Expr {
	first := parse()
	if !p.is(",") {
		return p.exprList([]Expr{first})
	}
	base := len(p.stack)
	p.stack = append(p.stack, first)
	for p.is(",") {
		p.advance()
		x := parse()
		p.stack = append(p.stack, x)
	}
	list := p.exprList(p.stack[base:])
	clear(p.stack[base:])
	p.stack = p.stack[:base]
	return list
}

// parseNamedOr parses name = x, (a, b) = x, or else an expression with
// parse.
func (p *parser) parseNamedOr(parse func() Expr) Expr {
	if n := p.declNameLenAt(p.i); n > 0 && p.peekIs(n, "=") {
		name := p.parseName()
		assign := p.expect("=")
		return p.named(name, assign, parse())
	}
	if p.is("(") && p.isCompoundName() {
		x := &CompoundNamedExpr{Lparen: p.expect("(")}
		for {
			x.Names = append(x.Names, p.parseName())
			if _, ok := p.got(","); !ok {
				break
			}
		}
		x.Rparen = p.expect(")")
		x.Assign = p.expect("=")
		x.Value = parse()
		return x
	}
	return parse()
}

// isCompoundName reports whether (a, b) = follows.
func (p *parser) isCompoundName() bool {
	i := p.i + 1
	for {
		n := p.declNameLenAt(i)
		if n == 0 {
			return false
		}
		i += n
		switch t := &p.toks[i]; {
		case p.tx(t) == "," && t.kind == tPunct:
			i++
		case p.tx(t) == ")" && t.kind == tPunct:
			return p.tx(&p.toks[i+1]) == "=" && p.toks[i+1].kind == tPunct
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

// parseExpr parses any expression, including a pipeline.
func (p *parser) parseExpr() Expr { return p.parseTabular() }

func (p *parser) parseOr() Expr { return p.parseBinary(precOr) }

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

// opClass returns the class of the binary operator s. (The parser keeps it
// in the token: see opOf.)
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

// opOf returns the operator class of t. The parser asks about the token
// after each operand, so the class is computed once and kept in the token.
func (p *parser) opOf(t *token) uint8 {
	if t.op != 0 {
		return t.op - 1
	}
	return p.classify(t)
}

// classify computes and keeps the operator class of t.
func (p *parser) classify(t *token) uint8 {
	class := notOp
	if t.kind == tIdent || t.kind == tPunct || t.kind == tOp {
		class = opClass(p.tx(t))
	}
	t.op = class + 1
	return class
}

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
	if minPrec <= precString && p.is("*") {
		// A star for any column: * == x (at the start of an equality)
		// and * has x.
		if minPrec <= precEquality && p.peekIs(1, "==") || p.peekOp(1, stringOps) {
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
			if !p.peekIs(1, "(") {
				return x
			}
			e := &InExpr{X: x, OpPos: pos, Op: p.tx(t)}
			p.advance()
			e.Lparen = p.expect("(")
			e.List = p.parseExprList(p.parseTabularOrOp)
			e.Rparen = p.expect(")")
			x, maxPrec = e, prec-1
			continue
		case betweenOps:
			if !p.peekIs(1, "(") {
				return x
			}
			e := &BetweenExpr{X: x, OpPos: pos, Op: p.tx(t)}
			p.advance()
			e.Lparen = p.expect("(")
			e.Low = p.parseOr()
			e.DotDot = p.expect("..")
			e.High = p.parseOr()
			e.Rparen = p.expect(")")
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
	if (p.is("-") || p.is("+")) && p.cur().kind == tPunct {
		pos, op := p.pos(), p.tx(p.cur())
		p.advance()
		if (p.is("-") || p.is("+")) && p.cur().kind == tPunct {
			// Like the official parser: - -x needs parentheses, -(-x).
			p.failExpected("an expression")
		}
		return &UnaryExpr{OpPos: pos, Op: op, X: p.parsePostfix()}
	}
	return p.parsePostfix()
}

func (p *parser) parsePostfix() Expr {
	x := p.parsePrimary()
	chain := 0
	for {
		switch {
		case p.is(".") && p.cur().kind == tPunct:
			dot := p.pos()
			p.advance()
			var sel Expr
			if p.is("[") && !p.isName() {
				// a.[0]: an index written after a dot.
				e := &IndexExpr{Lbrack: p.pos()}
				p.advance()
				e.Index = p.parseExpr()
				e.Rbrack = p.expect("]")
				sel = e
			} else if p.isName() {
				name := p.parseName()
				if p.is("(") {
					sel = p.parseCall(name)
				} else {
					sel = name
				}
			} else {
				p.failExpected("a name after '.'")
			}
			x = &SelectorExpr{X: x, Dot: dot, Sel: sel}
		case p.is("[") && p.cur().kind == tPunct:
			e := &IndexExpr{X: x, Lbrack: p.pos()}
			p.advance()
			e.Index = p.parseExpr()
			e.Rbrack = p.expect("]")
			x = e
		default:
			return x
		}
		chain++
		p.checkChain(chain)
	}
}

func (p *parser) parseCall(fun Expr) *CallExpr {
	// No level of its own: each argument is a level (parseTabular), so
	// that f(f(1)) nests two levels, as ((1)) does.
	c := p.call(fun, p.expect("("))
	arg := p.parseTabular
	if id, ok := fun.(*Ident); ok && (id.Name == "toscalar" || id.Name == "totable") && !id.Braced {
		arg = p.parseTabularOrOp // toscalar(where x): see isOpStartWord
	}
	if !p.is(")") {
		c.Args = p.parseExprList(func() Expr {
			if star, ok := p.got("*"); ok {
				return &Star{Star: star}
			}
			return p.parseNamedOr(arg)
		})
	}
	c.Rparen = p.expect(")")
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
		switch p.tx(t) {
		case "(":
			// parseTabular counts the level of the parentheses.
			x := &ParenExpr{Lparen: pos}
			p.advance()
			x.X = p.parseTabularOrOp()
			x.Rparen = p.expect(")")
			return x
		case "[", "{":
			if p.isName() {
				return p.parseNameOrCall()
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

// parseWord parses what starts with a word: literals true/false, dynamic,
// typeof, datatable, externaldata, the operators that start a query, and
// names and calls.
func (p *parser) parseWord() Expr {
	t := p.cur()
	pos := PosOf(int(t.start))
	next := p.peek(1)
	nextIs := func(s string) bool { return p.tx(next) == s && next.kind == tPunct }
	switch p.tx(t) {
	case "true", "false":
		p.advance()
		return p.basicLit(pos, BoolLit, p.tx(t))
	case "dynamic":
		if nextIs("(") {
			return p.parseDynamic()
		}
	case "typeof":
		if nextIs("(") {
			return p.parseTypeOf()
		}
	case "datatable":
		if nextIs("(") || p.peek(1).kind == tIdent && p.peekIs(2, "=") {
			return p.parseDatatable()
		}
	case "externaldata", "external_data":
		if nextIs("(") || p.peek(1).kind == tIdent && p.peekIs(2, "=") {
			return p.parseExternalData()
		}
	}
	return p.parseNameOrCall()
}

// parseQueryStart parses the operators that can start a tabular expression
// without a source — union, print, range, search, find and evaluate — or
// returns nil if none starts here. They are not operands: nothing but a
// pipe continues them, so they are parsed where a tabular expression may
// stand, not among the primary expressions.
func (p *parser) parseQueryStart() Expr {
	t := p.cur()
	if t.kind != tIdent {
		return nil
	}
	pos := PosOf(int(t.start))
	next := p.peek(1)
	nextIs := func(s string) bool { return p.tx(next) == s && next.kind == tPunct }
	switch p.tx(t) {
	case "union":
		if !nextIs(".") && !nextIs("=") {
			p.advance()
			return p.parseUnion(pos)
		}
	case "print":
		if !nextIs(".") && !nextIs("=") {
			p.advance()
			return p.parsePrint(pos)
		}
	case "range":
		if n := p.declNameLenAt(p.i + 1); n > 0 && p.peekIs(1+n, "from") {
			p.advance()
			return p.parseRange(pos)
		}
	case "search":
		if !nextIs("=") && !nextIs("(") && !nextIs(".") && !nextIs(")") && !nextIs(",") && !nextIs("|") && next.kind != tEOF {
			p.advance()
			return p.parseSearch(pos)
		}
	case "find":
		if next.kind == tIdent && (p.tx(next) == "in" || p.tx(next) == "where" || p.tx(next) == "withsource" || p.tx(next) == "with_source") {
			p.advance()
			return p.parseFind(pos)
		}
	case "evaluate":
		if next.kind == tIdent {
			p.advance()
			return p.parseEvaluate(pos)
		}
	}
	return nil
}

// isTypeKeyword reports whether w names a scalar type; as names they must
// be bracketed. (The official parser lets bool, guid and uuid stand as
// names.) A switch, not a set: every name and call asks.
func isTypeKeyword(w string) bool {
	switch w {
	case "boolean", "date", "datetime", "decimal", "double", "dynamic",
		"float", "int", "int32", "int64", "long", "real", "string", "time", "timespan", "uint", "ulong",
		"uniqueid", "byte", "char":
		return true
	}
	return false
}

func (p *parser) parseNameOrCall() Expr {
	t := p.cur()
	if t.kind == tIdent && isTypeKeyword(p.tx(t)) {
		// Not a typed literal, which the lexer reads when '(' follows
		// the type directly: int (1) is an error, as for the official
		// parser.
		p.failAt(int(t.start), "the type name '%s' cannot be used as a name here; write ['%s'] for a column of that name", p.tx(t), p.tx(t))
	}
	name := p.parseName()
	if p.is("(") && (!name.Braced || p.isSimpleBraced(name)) {
		return p.parseCall(name)
	}
	return name
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
		switch w := p.tx(t); w {
		case "true", "false", "null":
			p.advance()
			return wordValue(pos, w)
		}
	case tPunct:
		switch p.tx(t) {
		case "-":
			if n := p.peek(1); n.kind == tLong || n.kind == tReal || n.kind == tTimespan {
				p.i += 2
				return &UnaryExpr{OpPos: pos, Op: "-", X: &BasicLit{ValuePos: PosOf(int(n.start)), Kind: numberKind(n.kind), Value: p.tx(n)}}
			}
		case "[":
			p.enter()
			defer p.leave()
			a := &ArrayLit{Lbrack: pos}
			p.advance()
			if !p.is("]") {
				a.Elems = p.parseJSONList(a.Elems)
			}
			a.Rbrack = p.expect("]")
			return a
		case "{":
			if n := p.bracedNameLen(p.i); n > 0 {
				return p.parseBracedName(n)
			}
			p.enter()
			defer p.leave()
			o := &ObjectLit{Lbrace: pos}
			p.advance()
			for !p.is("}") {
				if p.cur().kind != tString {
					p.failExpected("a string key")
				}
				kv := &KeyValue{Key: &BasicLit{ValuePos: p.pos(), Kind: StringLit, Value: p.tx(p.cur())}}
				p.advance()
				kv.Colon = p.expect(":")
				kv.Value = p.parseJSON()
				o.Fields = append(o.Fields, kv)
				if _, ok := p.got(","); !ok {
					break
				}
				if p.is("}") {
					p.failExpected("a string key")
				}
			}
			o.Rbrace = p.expect("}")
			return o
		}
	}
	p.failExpected("a dynamic value")
	return nil
}

// parseJSONList parses the comma-separated elements of an array, appending
// them to list.
func (p *parser) parseJSONList(list []Expr) []Expr {
	for {
		list = append(list, p.parseJSON())
		if _, ok := p.got(","); !ok {
			return list
		}
	}
}

func (p *parser) parseTypeOf() *TypeOfExpr {
	x := &TypeOfExpr{TypeOf: p.expect("typeof")}
	open := p.i
	end := p.matching(open)
	if end < 0 {
		p.failAt(int(p.cur().start), "missing ')' to close this '('")
	}
	s := p.schemaFromAt(runGrammar(p, schemaParser, open, end), end)
	p.checkCommas(s, false)
	p.checkNested(s)
	x.Lparen, x.Rparen = s.Lparen, s.Rparen
	for _, c := range s.Columns {
		// A bare type name is a type, not a column declaration.
		if col, ok := c.(*ColumnDecl); ok && col.Type == nil && col.Default == nil {
			if col.Name.Braced {
				p.failAt(col.Name.Pos().Offset(), "expected a type name, found '{'")
			}
			c = col.Name
		}
		x.Types = append(x.Types, c)
	}
	return x
}

func (p *parser) parseDatatable() *DatatableExpr {
	x := &DatatableExpr{Datatable: p.pos()}
	p.advance()
	x.Params = p.parseParams(datatableParams)
	x.Schema = p.parseRowSchema()
	x.Lbrack = p.expect("[")
	x.LeadingComma, _ = p.got(",") // [, "a", "b"] and [,], as for the official parser
	for !p.is("]") {
		x.Values = append(x.Values, p.parseOr())
		comma, ok := p.got(",")
		if !ok {
			break
		}
		if p.is("]") {
			x.TrailingComma = comma
		}
	}
	x.Rbrack = p.expect("]")
	return x
}

func (p *parser) parseExternalData() *ExternalDataExpr {
	x := &ExternalDataExpr{ExternalData: p.pos(), Keyword: p.tx(p.cur())}
	p.advance()
	x.Params = p.parseParams(externalDataParams)
	x.Schema = p.parseRowSchema()
	x.Lbrack = p.expect("[")
	for !p.is("]") {
		x.URIs = append(x.URIs, p.parseOr())
		comma, ok := p.got(",")
		if !ok {
			break
		}
		if p.is("]") {
			x.TrailingComma = comma
		}
	}
	x.Rbrack = p.expect("]")
	if p.is("with") && p.peekIs(1, "(") {
		x.Props = p.parsePropertyList()
	}
	return x
}
