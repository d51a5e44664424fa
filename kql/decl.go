package kql

import (
	"errors"
	"io"
	"strings"

	"github.com/alecthomas/participle/v2"
	plexer "github.com/alecthomas/participle/v2/lexer"
)

// The declaration sub-languages of KQL — schemas and parameter lists with
// their constant defaults (dynamic(...) values included), and the declare
// query_parameters statement — are regular, declarative grammars,
// and participle expresses them directly as Go structs. The query and
// expression grammar, where the parser spends its time, is hand-written
// (parser.go) and hands each bracketed declaration to these grammars over
// exactly its tokens. Dynamic literals in expressions, which the profile
// showed to be hot, are parsed by hand too (parseJSON), in the language of
// gJSON.

// Token types of the participle lexer, one per tokKind.
var tokenSymbols = map[string]plexer.TokenType{
	"EOF":      plexer.EOF,
	"Ident":    plexer.TokenType(tIdent),
	"Long":     plexer.TokenType(tLong),
	"Real":     plexer.TokenType(tReal),
	"Timespan": plexer.TokenType(tTimespan),
	"String":   plexer.TokenType(tString),
	"Typed":    plexer.TokenType(tTyped),
	"Op":       plexer.TokenType(tOp),
	"Punct":    plexer.TokenType(tPunct),
	"Bad":      plexer.TokenType(tBad),
}

// participleLexer is the KQL lexer as a participle lexer definition, for
// the participle grammars below. Whitespace and comments are not tokens:
// they are recovered from the source by offset. It stays unexported so that
// participle's types do not become part of this package's API.
var participleLexer plexer.Definition = lexerDefinition{}

type lexerDefinition struct{}

func (lexerDefinition) Symbols() map[string]plexer.TokenType { return tokenSymbols }

func (d lexerDefinition) Lex(filename string, r io.Reader) (plexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

func (lexerDefinition) LexString(filename string, src string) (plexer.Lexer, error) {
	toks, lerr := lex(src)
	if lerr != nil {
		lines := newLineIndex(src)
		lerr.Pos = lines.position(lerr.Pos.Offset)
		return nil, lerr
	}
	return &tokenStream{toks: participleTokens(filename, src, newLineIndex(src), toks, len(src))}, nil
}

// tokenStream replays tokens to participle.
type tokenStream struct {
	toks []plexer.Token
	i    int
}

func (s *tokenStream) Next() (plexer.Token, error) {
	if s.i >= len(s.toks) {
		return s.toks[len(s.toks)-1], nil // EOF
	}
	t := s.toks[s.i]
	s.i++
	return t, nil
}

// participleTokens converts tokens to participle tokens, ending with EOF,
// at eof unless toks hold the tEOF token. With lines nil, positions carry
// only offsets (all the parser's own grammars need).
func participleTokens(filename, src string, lines lineIndex, toks []token, eof int) []plexer.Token {
	out := make([]plexer.Token, 0, len(toks)+1)
	position := func(offset int) plexer.Position {
		if lines == nil {
			return plexer.Position{Filename: filename, Offset: offset}
		}
		pos := lines.position(offset)
		return plexer.Position{Filename: filename, Offset: pos.Offset, Line: pos.Line, Column: pos.Column}
	}
	for _, t := range toks {
		typ := plexer.TokenType(t.kind)
		if t.kind == tEOF {
			typ = plexer.EOF
		}
		out = append(out, plexer.Token{Type: typ, Value: src[t.start:t.end], Pos: position(int(t.start))})
		if t.kind == tEOF {
			return out
		}
	}
	return append(out, plexer.Token{Type: plexer.EOF, Pos: position(eof)})
}

// ---------------------------------------------------------------------------
// Grammars

// gName is a name: an identifier, a bracketed string or a braced name.
type gName struct {
	Tokens  []plexer.Token
	Plain   string   `parser:"(  @Ident"`
	Bracket string   `parser:" | '[' @String ']'"`
	Braced  *gBraced `parser:" | @@ )"`
}

// gBraced is a braced name, a client parameter: {Name} or {Name[N]}. The
// conversion checks that it is written without spaces.
type gBraced struct {
	Tokens []plexer.Token
	Word   string `parser:"'{' @(Ident | Op)"`
	Index  string `parser:"( '[' '-'? @Long ']' )? '}'"`
}

// gSchema is (a:string, b:long = 5, T:(*)). The grammar takes a leading and
// a trailing comma, which only some schemas allow; the parser checks where
// they stand.
type gSchema struct {
	Tokens        []plexer.Token
	LeadingComma  bool       `parser:"'(' @','?"`
	Columns       []*gColumn `parser:"( @@ ( ',' @@ )* )?"`
	TrailingComma bool       `parser:"@','? ')'"`
}

// gColumn is a column or parameter: name[:type][=default], or '*'. Plain
// and bracketed names are matched but not captured: the conversion reads
// them from the column's tokens. (Schemas are most of what the grammars
// parse, and participle's work, a branch for each alternative tried and a
// deferred assignment for each capture, is per node: a column of four
// nodes instead of eight costs half as much.)
type gColumn struct {
	Tokens     []plexer.Token
	Braced     *gBraced `parser:"( ( Ident | '[' String ']' | @@ )"`
	TypeBraced *gBraced `parser:"  ( ':' ( Ident | '[' String ']' | @@"`
	Schema     *gSchema `parser:"        | @@ ) )?"`
	Default    *gValue  `parser:"  ( '=' @@ )?"`
	Star       bool     `parser:"| @'*' )"`
}

// gValue is a constant: a literal, a signed number, or dynamic(...).
type gValue struct {
	Tokens  []plexer.Token
	Dynamic *gJSON   `parser:"(  'dynamic' '(' @@ ')'"`
	Sign    string   `parser:" | @('-' | '+')? @(Long | Real | Timespan)"`
	Typed   string   `parser:" | @Typed"`
	Strings []string `parser:" | @String+"`
	Braced  *gBraced `parser:" | @@"`
	Word    string   `parser:" | @Ident )"`
}

// gJSON is the value of a dynamic literal.
type gJSON struct {
	Tokens  []plexer.Token
	Array   *gArray  `parser:"(  @@"`
	Braced  *gBraced `parser:" | @@"`
	Object  *gObject `parser:" | @@"`
	Sign    string   `parser:" | @'-'? @(Long | Real | Timespan)"`
	Strings []string `parser:" | @String+"`
	Typed   string   `parser:" | @Typed"`
	Word    string   `parser:" | @('true' | 'false' | 'null') )"`
}

type gArray struct {
	Tokens []plexer.Token
	Elems  []*gJSON `parser:"'[' ( @@ ( ',' @@ )* )? ']'"`
}

type gObject struct {
	Tokens []plexer.Token
	Fields []*gField `parser:"'{' ( @@ ( ',' @@ )* )? '}'"`
}

type gField struct {
	Key   string `parser:"@String ':'"`
	Value *gJSON `parser:"@@"`
}

// gDeclareParams is declare query_parameters(...).
type gDeclareParams struct {
	Params *gSchema `parser:"'declare' 'query_parameters' @@"`
}

var (
	schemaParser  = participle.MustBuild[gSchema](participle.Lexer(participleLexer), participle.UseLookahead(2))
	declareParser = participle.MustBuild[gDeclareParams](participle.Lexer(participleLexer), participle.UseLookahead(2))
)

// ---------------------------------------------------------------------------
// Simple schemas

// schemaGrammarOnly turns simpleSchema off, so that tests can compare its
// trees with the schema grammar's.
var schemaGrammarOnly = false

// simpleSchema converts the schema whose parentheses are the tokens at
// indexes open and end when it has the shape that most schemas have and
// that the schema grammar reads one way only: columns name:type separated
// by commas, each name a word or a bracketed string ['a'], each type a
// word; no default, star, braced name, nested schema, or leading or
// trailing comma. It returns nil for any other schema, which the grammar
// parses: the grammar stays the definition of a schema, and this is its
// shortcut for the common case, which builds the same tree without the
// grammar's per-node work (TestSimpleSchemas and FuzzParse compare them).
func (p *parser) simpleSchema(open, end int) *SchemaExpr {
	if schemaGrammarOnly {
		return nil
	}
	// Check the shape before building anything.
	n := 0
	for i := open + 1; i < end; {
		switch {
		case p.toks[i].kind == tIdent:
			i++
		case p.tokIs(i, pLbrack) && p.toks[i+1].kind == tString && p.tokIs(i+2, pRbrack):
			i += 3
		default:
			return nil
		}
		if !p.tokIs(i, pColon) || p.toks[i+1].kind != tIdent {
			return nil
		}
		i += 2
		n++
		if i == end {
			break
		}
		if !p.tokIs(i, pComma) || i+1 == end {
			return nil
		}
		i++
	}
	s := &SchemaExpr{Lparen: PosOf(int(p.toks[open].start)), Rparen: PosOf(int(p.toks[end].start))}
	if n == 0 {
		return s
	}
	s.Columns = make([]Expr, 0, n)
	for i := open + 1; i < end; {
		col := &ColumnDecl{}
		if t := &p.toks[i]; t.kind == tIdent {
			col.Name = p.wordIdent(t)
			i++
		} else {
			name, err := Unquote(p.tx(&p.toks[i+1]))
			if err != nil {
				return nil // the grammar's conversion reports it
			}
			col.Name = p.ident(PosOf(int(t.start)), name, p.src[t.start:p.toks[i+2].end])
			i += 3
		}
		col.Colon = PosOf(int(p.toks[i].start))
		t := &p.toks[i+1]
		col.Type = p.wordIdent(t)
		s.Columns = append(s.Columns, col)
		i += 3 // the type and the comma
	}
	return s
}

// ---------------------------------------------------------------------------
// Conversion to the syntax tree

func posOf(t plexer.Token) Pos { return PosOf(t.Pos.Offset) }

func lastTok(toks []plexer.Token) plexer.Token { return toks[len(toks)-1] }

func (p *parser) nameFrom(g *gName) *Ident {
	first, last := g.Tokens[0], lastTok(g.Tokens)
	if g.Braced != nil {
		return p.bracedFrom(g.Braced)
	}
	if g.Bracket == "" {
		return p.ident(posOf(first), first.Value, first.Value)
	}
	name, err := Unquote(g.Bracket)
	if err != nil {
		p.failAt(first.Pos.Offset, "bad bracketed name: %v", err)
	}
	raw := p.src[first.Pos.Offset : last.Pos.Offset+len(last.Value)]
	return p.ident(posOf(first), name, raw)
}

// bracedFrom converts a braced name, failing if it is not written as one
// token as the official parser wants it: without spaces.
func (p *parser) bracedFrom(g *gBraced) *Ident {
	first := g.Tokens[0]
	i := p.tokenIndex(first.Pos.Offset)
	n := p.bracedNameLen(i)
	if n != len(g.Tokens) {
		p.failAt(first.Pos.Offset, "expected a name, found '{'")
	}
	raw := p.src[first.Pos.Offset:p.toks[i+n-1].end]
	id := p.ident(posOf(first), raw[1:len(raw)-1], raw)
	id.spell.braced = true // a spelling of its own: raw differs from the name
	return id
}

// tokenIndex returns the index of the token that starts at offset off.
func (p *parser) tokenIndex(off int) int {
	lo, hi := 0, len(p.toks)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if int(p.toks[mid].start) < off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

func (p *parser) schemaFrom(g *gSchema) *SchemaExpr {
	s := &SchemaExpr{Lparen: posOf(g.Tokens[0]), Rparen: posOf(lastTok(g.Tokens))}
	if g.LeadingComma {
		s.LeadingComma = posOf(g.Tokens[1])
	}
	if g.TrailingComma {
		s.TrailingComma = posOf(g.Tokens[len(g.Tokens)-2])
	}
	if len(g.Columns) > 0 {
		s.Columns = make([]Expr, 0, len(g.Columns))
	}
	for _, c := range g.Columns {
		s.Columns = append(s.Columns, p.columnFrom(c))
	}
	return s
}

// columnFrom converts a column, reading its name and type from its tokens.
func (p *parser) columnFrom(c *gColumn) Expr {
	toks := c.Tokens
	if c.Star {
		return &Star{Star: posOf(toks[0])}
	}
	col := &ColumnDecl{}
	col.Name, toks = p.declName(toks, c.Braced)
	if len(toks) > 0 && toks[0].Value == ":" {
		col.Colon = posOf(toks[0])
		toks = toks[1:]
		switch {
		case c.Schema != nil:
			col.Type = p.schemaFrom(c.Schema)
			toks = toks[len(c.Schema.Tokens):]
		case c.TypeBraced != nil:
			p.failAt(toks[0].Pos.Offset, "expected a type name, found '{'")
		default:
			col.Type, toks = p.declName(toks, nil)
		}
	}
	if c.Default != nil {
		col.Assign = posOf(toks[0])
		col.Default = p.valueFrom(c.Default)
	}
	return col
}

// declName converts the name that toks start with: a word, a bracketed
// string, or braced (a client parameter), and returns the tokens after it.
func (p *parser) declName(toks []plexer.Token, braced *gBraced) (*Ident, []plexer.Token) {
	first := toks[0]
	switch {
	case braced != nil:
		return p.bracedFrom(braced), toks[len(braced.Tokens):]
	case first.Type == plexer.TokenType(tIdent):
		return p.ident(posOf(first), first.Value, first.Value), toks[1:]
	}
	// ['name']
	str, last := toks[1], toks[2]
	name, err := Unquote(str.Value)
	if err != nil {
		p.failAt(first.Pos.Offset, "bad bracketed name: %v", err)
	}
	return p.ident(posOf(first), name, p.src[first.Pos.Offset:last.Pos.Offset+len(last.Value)]), toks[3:]
}

// tokenBefore returns the position of the token just before pos.
func (p *parser) tokenBefore(pos Pos) Pos {
	if i := p.tokenIndex(pos.Offset()) - 1; i >= 0 && int(p.toks[i].start) < pos.Offset() {
		return PosOf(int(p.toks[i].start))
	}
	return NoPos
}

func (p *parser) valueFrom(g *gValue) Expr {
	first := g.Tokens[0]
	switch {
	case g.Dynamic != nil:
		return &DynamicLit{Dynamic: posOf(first), Lparen: posOf(g.Tokens[1]), Value: p.jsonFrom(g.Dynamic), Rparen: posOf(lastTok(g.Tokens))}
	case g.Strings != nil:
		return stringFrom(g.Tokens)
	case g.Typed != "":
		return &BasicLit{ValuePos: posOf(first), Kind: typedLiteralKind(identPrefix(first.Value)), Value: first.Value}
	case g.Braced != nil:
		return p.bracedFrom(g.Braced)
	case g.Word != "":
		return p.wordValue(posOf(first), first.Value)
	}
	return numberFrom(g.Tokens)
}

func (p *parser) jsonFrom(g *gJSON) Expr {
	first := g.Tokens[0]
	switch {
	case g.Array != nil:
		a := &ArrayLit{Lbrack: posOf(first), Rbrack: posOf(lastTok(g.Tokens))}
		for _, e := range g.Array.Elems {
			a.Elems = append(a.Elems, p.jsonFrom(e))
		}
		return a
	case g.Object != nil:
		o := &ObjectLit{Lbrace: posOf(first), Rbrace: posOf(lastTok(g.Tokens))}
		for _, f := range g.Object.Fields {
			keyPos := posOf(f.Value.Tokens[0])
			// The key and colon come right before the value.
			colon := p.tokenBefore(keyPos)
			key := p.tokenBefore(colon)
			o.Fields = append(o.Fields, &KeyValue{
				Key:   &BasicLit{ValuePos: key, Kind: StringLit, Value: f.Key},
				Colon: colon,
				Value: p.jsonFrom(f.Value),
			})
		}
		return o
	case g.Strings != nil:
		return stringFrom(g.Tokens)
	case g.Typed != "":
		return &BasicLit{ValuePos: posOf(first), Kind: typedLiteralKind(identPrefix(first.Value)), Value: first.Value}
	case g.Braced != nil:
		return p.bracedFrom(g.Braced)
	case g.Word != "":
		return p.wordValue(posOf(first), first.Value)
	}
	return numberFrom(g.Tokens)
}

// numberFrom converts an optionally signed number.
func numberFrom(toks []plexer.Token) Expr {
	t := lastTok(toks)
	lit := &BasicLit{ValuePos: posOf(t), Kind: numberKind(tokKind(t.Type)), Value: t.Value}
	if len(toks) == 2 {
		return &UnaryExpr{OpPos: posOf(toks[0]), Op: toks[0].Value, X: lit}
	}
	return lit
}

func numberKind(k tokKind) LitKind {
	switch k {
	case tReal:
		return RealLit
	case tTimespan:
		return TimespanLit
	}
	return LongLit
}

// stringFrom converts one or more adjacent string tokens.
func stringFrom(toks []plexer.Token) Expr {
	if len(toks) == 1 {
		return &BasicLit{ValuePos: posOf(toks[0]), Kind: StringLit, Value: toks[0].Value}
	}
	c := &CompoundString{}
	for _, t := range toks {
		c.Parts = append(c.Parts, &BasicLit{ValuePos: posOf(t), Kind: StringLit, Value: t.Value})
	}
	return c
}

// wordValue converts true, false and null, or a name.
func (p *parser) wordValue(pos Pos, w string) Expr {
	switch w {
	case "true", "false":
		return p.basicLit(pos, BoolLit, w)
	case "null":
		return p.basicLit(pos, NullLit, w)
	}
	return p.ident(pos, w, w)
}

func identPrefix(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '(' {
			return s[:i]
		}
	}
	return s
}

// grammarInput is the token input of the participle grammars: a
// PeekingLexer whose token array is filled in place with each declaration's
// tokens, straight from the hand-written lexer's. Participle reads its
// tokens through the PeekingLexer only, and PeekingLexer.Range returns its
// own array, so one input serves every declaration of a parse: no lexer,
// no token stream and no PeekingLexer is made per declaration. An input
// lives with its parser, which is pooled between parses.
type grammarInput struct {
	pl    *plexer.PeekingLexer
	toks  []plexer.Token // pl's token array
	start plexer.Checkpoint
	used  int // the tokens loaded since the last reset
}

// newGrammarInput makes an input for declarations of up to n-1 tokens.
func newGrammarInput(n int) *grammarInput {
	pl, err := plexer.Upgrade(&fillerStream{n: n - 1})
	if err != nil {
		panic(err) // fillerStream never fails
	}
	return &grammarInput{pl: pl, toks: pl.Range(0, plexer.RawCursor(n)), start: pl.MakeCheckpoint()}
}

// fillerStream yields n placeholder tokens and an EOF: the room that a
// grammarInput fills.
type fillerStream struct{ n int }

func (s *fillerStream) Next() (plexer.Token, error) {
	if s.n == 0 {
		return plexer.Token{Type: plexer.EOF}, nil
	}
	s.n--
	return plexer.Token{Type: plexer.TokenType(tPunct)}, nil
}

// load fills the input with toks, an EOF token at offset eof, and rewinds
// it.
func (in *grammarInput) load(src string, toks []token, eof int) {
	for i, t := range toks {
		in.toks[i] = plexer.Token{Type: plexer.TokenType(t.kind), Value: src[t.start:t.end], Pos: plexer.Position{Offset: int(t.start)}}
	}
	in.toks[len(toks)] = plexer.Token{Type: plexer.EOF, Pos: plexer.Position{Offset: eof}}
	in.used = max(in.used, len(toks)+1)
	in.pl.LoadCheckpoint(in.start)
}

// reset drops the loaded tokens, which point into a parse's source.
func (in *grammarInput) reset() {
	clear(in.toks[:in.used])
	in.used = 0
}

// grammarInput returns the parser's grammar input, with room for a
// declaration of n tokens.
func (p *parser) grammarInput(n int) *grammarInput {
	if p.grammar == nil || len(p.grammar.toks) <= n {
		size := 64
		if p.grammar != nil {
			size = 2 * len(p.grammar.toks)
		}
		p.grammar = newGrammarInput(max(size, n+1))
	}
	return p.grammar
}

// runGrammar parses the tokens from index from to index to (inclusive) with
// a participle grammar, which must consume all of them. The result points
// into the parser's grammar input: convert it before the next declaration.
func runGrammar[G any](p *parser, g *participle.Parser[G], from, to int) *G {
	next := min(to+1, len(p.toks)-1) // the token after the run, where its EOF is
	in := p.grammarInput(to + 1 - from)
	in.load(p.src, p.toks[from:to+1], int(p.toks[next].start))
	out, err := g.ParseFromLexer(in.pl)
	if err != nil {
		var uerr *participle.UnexpectedTokenError
		if errors.As(err, &uerr) {
			off := uerr.Unexpected.Pos.Offset
			found := p.toks[next]
			for i := from; i <= to; i++ {
				if int(p.toks[i].start) == off {
					found = p.toks[i]
					break
				}
			}
			// The expected set is only available formatted in Message.
			msg := uerr.Message()
			if i := strings.LastIndex(msg, " (expected "); i >= 0 && strings.HasSuffix(msg, ")") {
				p.failAt(off, "expected %s, found %s", expectedText(msg[i+len(" (expected "):len(msg)-1]), p.describe(&found))
			}
			p.failAt(off, "unexpected %s", p.describe(&found))
		}
		var perr participle.Error
		if errors.As(err, &perr) {
			p.failAt(perr.Position().Offset, "%s", perr.Message())
		}
		p.failAt(int(p.toks[from].start), "%v", err)
	}
	return out
}

// expectedText rewrites what a participle grammar expected, such as
// (<long> | <real> | "dynamic"), in the words of the parser's own errors:
// a number or 'dynamic'.
func expectedText(expect string) string {
	if len(expect) > 1 && expect[0] == '(' && expect[len(expect)-1] == ')' {
		expect = expect[1 : len(expect)-1]
	}
	var words []string
	seen := map[string]bool{}
	for _, alt := range strings.Split(expect, " | ") {
		w := alt
		switch alt {
		case "<long>", "<real>":
			w = "a number"
		case "<timespan>":
			w = "a timespan"
		case "<string>":
			w = "a string"
		case "<ident>":
			w = "a name"
		case "<typed>":
			w = "a literal"
		default:
			if len(alt) > 1 && alt[0] == '"' && alt[len(alt)-1] == '"' {
				w = "'" + alt[1:len(alt)-1] + "'"
			}
		}
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return strings.Join(words, " or ")
}
