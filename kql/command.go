package kql

import (
	"strings"
)

// Control commands: .create table T (a:string), .show tables | count,
// .set T <| query, .create function F() { body }, ... A text whose first
// token is a dot is a command, as for the official parser (Kusto.Language's
// CommandGrammar, which KustoCode.Parse uses when the text starts with a
// dot; its Kind is then "Command").
//
// kqlt reads the commands that rule and Azure Data Explorer repositories
// use (see CommandKind). The others fail with an error that names them and
// says kqlt does not support them: the official grammar has hundreds of
// commands, and an unchecked one must not pass as valid.
//
// Like the official parser, kqlt reads one command: the tokens after a
// complete command, up to a '|', ';' or '<|', are skipped (Command.Skipped),
// and so are the tokens after the last statement that cannot start one (a
// SkippedStmt), without an error. A file of several commands therefore
// parses as its first command followed by skipped text.

// CommandKind is the kind of a control command.
type CommandKind uint8

// The control commands kqlt reads.
const (
	BadCommand               CommandKind = iota
	CreateTableCmd                       // .create table T (a:string, ...) [with (...)]
	CreateMergeTableCmd                  // .create-merge table T (...)
	AlterTableCmd                        // .alter table T (...)
	AlterMergeTableCmd                   // .alter-merge table T (...)
	CreateTablesCmd                      // .create tables T (...), U (...)
	CreateMergeTablesCmd                 // .create-merge tables T (...), U (...)
	DropTableCmd                         // .drop table T [ifexists]
	DropTablesCmd                        // .drop tables (T, U) [ifexists]
	CreateDatabaseCmd                    // .create database D [ifnotexists | volatile]
	AddPrincipalsCmd                     // .add database D viewers ('aaduser=...') ['notes']
	DropPrincipalsCmd                    // .drop database D viewers ('aaduser=...') ['notes']
	ShowCmd                              // .show tables, .show table T schema as json, ...
	IngestInlineCmd                      // .ingest inline into table T [with (...)] <| data
	SetCmd                               // .set [async] T [with (...)] <| query
	AppendCmd                            // .append [async] T [with (...)] <| query
	SetOrAppendCmd                       // .set-or-append [async] T [with (...)] <| query
	SetOrReplaceCmd                      // .set-or-replace [async] T [with (...)] <| query
	CreateFunctionCmd                    // .create function [ifnotexists] [with (...)] F(params) { body }
	AlterFunctionCmd                     // .alter function [with (...)] F(params) { body }
	CreateOrAlterFunctionCmd             // .create-or-alter function [with (...)] F(params) { body }
)

var commandKindNames = [...]string{
	BadCommand:               "bad command",
	CreateTableCmd:           ".create table",
	CreateMergeTableCmd:      ".create-merge table",
	AlterTableCmd:            ".alter table",
	AlterMergeTableCmd:       ".alter-merge table",
	CreateTablesCmd:          ".create tables",
	CreateMergeTablesCmd:     ".create-merge tables",
	DropTableCmd:             ".drop table",
	DropTablesCmd:            ".drop tables",
	CreateDatabaseCmd:        ".create database",
	AddPrincipalsCmd:         ".add database principals",
	DropPrincipalsCmd:        ".drop database principals",
	ShowCmd:                  ".show",
	IngestInlineCmd:          ".ingest inline",
	SetCmd:                   ".set",
	AppendCmd:                ".append",
	SetOrAppendCmd:           ".set-or-append",
	SetOrReplaceCmd:          ".set-or-replace",
	CreateFunctionCmd:        ".create function",
	AlterFunctionCmd:         ".alter function",
	CreateOrAlterFunctionCmd: ".create-or-alter function",
}

func (k CommandKind) String() string {
	if int(k) < len(commandKindNames) {
		return commandKindNames[k]
	}
	return "bad command"
}

// Command is a control command. Its parts are kept in source order, as the
// official grammar keeps them (a generic CustomNode tree), because the
// commands differ too much for one set of fields: keywords and punctuation
// (*CommandWord), names (*Ident), a table schema (*SchemaExpr of
// *ColumnDecl whose Type is an *Ident), properties (*PropertyList), a
// parenthesized list of names or principals (*ParenList), a notes string
// (*BasicLit), a function (*FuncLit: parameters and body), the query of
// .set and its kin (*CommandQuery) and the data of .ingest inline
// (*RawData). The accessors find the parts tools need most.
//
// A command followed by operators is the Source of a Pipeline:
// .show tables | count.
type Command struct {
	Dot     Pos
	Kind    CommandKind
	Parts   []Node
	Skipped *SkippedText // the tokens after the command that the official parser skips; nil if none
}

// CommandWord is a keyword or a punctuation token of a command: create,
// table, ifexists, create-merge (written as one word, without spaces), a
// comma between tables.
type CommandWord struct {
	WordPos Pos
	Word    string
}

// CommandQuery is the query after the <| of .set, .append, .set-or-append
// and .set-or-replace: statements, as in a query. The official parser
// takes an empty one.
type CommandQuery struct {
	Arrow Pos // position of "<|"
	Body  []Stmt
}

// RawData is the data after the <| of .ingest inline: the rest of the
// text, which is not KQL. Its Text runs from its first non-blank byte to
// the end of the text, without the trailing blanks.
type RawData struct {
	Arrow   Pos // position of "<|"
	DataPos Pos // NoPos when there is no data
	Text    string
}

// SkippedText is source text that the official parser skips without an
// error: the tokens after a complete command (Command.Skipped), or, as a
// statement (it implements Stmt), the tokens after the last statement of
// a command that cannot start a statement. Text is the source from the
// first skipped token to the end of the last one.
type SkippedText struct {
	From Pos
	Text string
}

func (x *Command) Pos() Pos { return x.Dot }
func (x *Command) End() Pos {
	if x.Skipped != nil {
		return x.Skipped.End()
	}
	if len(x.Parts) > 0 {
		return nodeEnd(x.Parts[len(x.Parts)-1])
	}
	return posAfter(x.Dot, 1)
}
func (x *CommandWord) Pos() Pos  { return x.WordPos }
func (x *CommandWord) End() Pos  { return posAfter(x.WordPos, len(x.Word)) }
func (x *CommandQuery) Pos() Pos { return x.Arrow }
func (x *CommandQuery) End() Pos {
	if len(x.Body) > 0 {
		return nodeEnd(x.Body[len(x.Body)-1])
	}
	return posAfter(x.Arrow, 2)
}
func (x *RawData) Pos() Pos { return x.Arrow }
func (x *RawData) End() Pos {
	if x.DataPos.IsValid() {
		return posAfter(x.DataPos, len(x.Text))
	}
	return posAfter(x.Arrow, 2)
}
func (x *SkippedText) Pos() Pos { return x.From }
func (x *SkippedText) End() Pos { return posAfter(x.From, len(x.Text)) }

func (*Command) exprNode()     {}
func (*SkippedText) stmtNode() {}

// Name returns the first name of the command: the table, database or
// function it creates, alters, drops, shows, sets or ingests into; nil if
// it names none (.show tables).
func (x *Command) Name() *Ident {
	for _, n := range x.Parts {
		switch n := n.(type) {
		case *Ident:
			return n
		case *FuncLit, *CommandQuery, *RawData:
			return nil
		}
	}
	return nil
}

// Schemas returns the table schemas of the command, in order: one for
// .create table, one a table for .create tables.
func (x *Command) Schemas() []*SchemaExpr {
	var list []*SchemaExpr
	for _, n := range x.Parts {
		if s, ok := n.(*SchemaExpr); ok {
			list = append(list, s)
		}
	}
	return list
}

// Func returns the function of .create function and its kin, or nil.
func (x *Command) Func() *FuncLit {
	for _, n := range x.Parts {
		if f, ok := n.(*FuncLit); ok {
			return f
		}
	}
	return nil
}

// Query returns the query of .set and its kin, or nil.
func (x *Command) Query() *CommandQuery {
	for _, n := range x.Parts {
		if q, ok := n.(*CommandQuery); ok {
			return q
		}
	}
	return nil
}

// Words returns the command's keywords as written, joined by spaces:
// "create table", "show table schema as json".
func (x *Command) Words() string {
	var b strings.Builder
	for _, n := range x.Parts {
		if w, ok := n.(*CommandWord); ok && w.Word != "," {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w.Word)
		}
	}
	return b.String()
}

// IsCommand reports whether src is a control command rather than a query:
// whether its first token, after blanks and comments, is a dot, as the
// official parser decides. It does not parse src: a command kqlt does not
// support, or one with a syntax error, is a command too.
func IsCommand(src string) bool {
	i := rawDataStart(src, 0)
	return i < len(src) && src[i] == '.' // KQL has no number .5: .5 is a command too
}

// Command returns the control command of q, or nil if q is a query.
func (q *Query) Command() *Command {
	if len(q.Stmts) == 0 {
		return nil
	}
	s, ok := q.Stmts[0].(*ExprStmt)
	if !ok {
		return nil
	}
	x := s.X
	if pl, ok := x.(*Pipeline); ok {
		x = pl.Source
	}
	c, _ := x.(*Command)
	return c
}

// ---------------------------------------------------------------------------
// Parsing

// unsupportedCommand is the error of a command kqlt does not read. The
// official parser may accept it: kqlt does not say it is wrong, only that
// it cannot check it.
func (p *parser) unsupportedCommand(at int, words string) {
	p.failAt(at, "the control command .%s is not supported by kqlt", words)
}

// gluedWord returns the number of tokens of the dashed word at token i
// (create-merge is create, -, merge, adjacent) and its text, or 0.
func (p *parser) gluedWord(i int) (int, string) {
	t := &p.toks[i]
	if t.kind != tIdent {
		return 0, ""
	}
	k := i + 1
	for p.tokIs(k, pMinus) && p.toks[k].start == p.toks[k-1].end && p.toks[k+1].kind == tIdent && p.toks[k+1].start == p.toks[k].end {
		k += 2
	}
	return k - i, p.src[t.start:p.toks[k-1].end]
}

// commandParser builds one command.
type commandParser struct {
	*parser
	cmd *Command
}

// word appends the current token, or the dashed word at it, as a
// CommandWord and returns its text.
func (c *commandParser) word() string {
	n, w := c.gluedWord(c.i)
	if n == 0 {
		t := c.cur()
		n, w = 1, c.tx(t)
	}
	c.cmd.Parts = append(c.cmd.Parts, &CommandWord{WordPos: c.pos(), Word: w})
	c.i += n
	return w
}

// at reports whether the current word (dashed words glued) is one of words.
func (c *commandParser) at(words ...string) bool {
	_, w := c.gluedWord(c.i)
	if w == "" && c.cur().kind == tPunct {
		w = c.tx(c.cur())
	}
	for _, s := range words {
		if w == s {
			return true
		}
	}
	return false
}

// optWord consumes the word w if it is the current one.
func (c *commandParser) optWord(w string) {
	if c.at(w) {
		c.word()
	}
}

// expectWord appends the word w or fails.
func (c *commandParser) expectWord(words ...string) string {
	if !c.at(words...) {
		c.failExpectedOneOf(words...)
	}
	return c.word()
}

func (c *commandParser) failExpectedOneOf(words ...string) {
	if len(words) == 1 {
		c.failExpected("'" + words[0] + "'")
	}
	c.failExpected("one of " + strings.Join(words, ", "))
}

func (c *commandParser) add(n Node) { c.cmd.Parts = append(c.cmd.Parts, n) }

func (c *commandParser) name() { c.add(c.cmdName()) }

// cmdName parses a name of the command grammar: a name as in queries, or
// a string literal, which the official command grammar takes as a name
// ('T' names the table T).
func (c *commandParser) cmdName() *Ident {
	t := c.cur()
	if t.kind != tString {
		return c.parseName()
	}
	raw := c.tx(t)
	name, err := Unquote(raw)
	if err != nil {
		c.failAt(int(t.start), "bad name: %v", err)
	}
	c.advance()
	id := &Ident{NamePos: PosOf(int(t.start)), Name: name}
	id.SetRaw(raw) // printed as written
	return id
}

// parseCommandBlock parses a text that starts with a control command: the
// command, the operators after it, and statements after a ';', as the
// official parser reads a command block.
func (p *parser) parseCommandBlock(q *Query) *Query {
	x := Expr(p.parseCommand())
	if p.is(pPipe) {
		pl := &Pipeline{Source: x}
		p.parsePipes(pl, nil)
		x = pl
	}
	var s Stmt = &ExprStmt{X: x}
	for {
		q.Stmts = append(q.Stmts, s)
		if semi, ok := p.got(pSemi); ok {
			setSemi(s, semi)
			if p.atEOF() {
				break
			}
			if p.is(pDot) {
				// A second command is skipped, as by the official parser.
				q.Stmts = append(q.Stmts, p.skipRest())
				break
			}
			s = p.parseStatement()
			continue
		}
		if p.atEOF() {
			break
		}
		if p.canStartStatement() {
			p.failExpected("';' or the end of the command")
		}
		q.Stmts = append(q.Stmts, p.skipRest())
		break
	}
	return q
}

// canStartStatement reports whether the current token can start a query
// statement; after a command's last statement, the official parser skips
// the rest of the text when it cannot, and expects a ';' when it can.
func (p *parser) canStartStatement() bool {
	t := p.cur()
	switch t.kind {
	case tPunct:
		switch p.tx(t) {
		case "(", "[", "{", "-", "+", "*", "@":
			return true
		}
		return false
	case tOp:
		return false
	}
	return true
}

// skipRest returns the rest of the tokens as skipped text.
func (p *parser) skipRest() *SkippedText {
	from := p.cur().start
	end := p.toks[len(p.toks)-2].end // the last token before the end
	p.i = len(p.toks) - 1
	return &SkippedText{From: PosOf(int(from)), Text: p.src[from:end]}
}

// skipTokens skips the tokens after a complete command up to a '|', ';',
// '<|' or the end.
func (p *parser) skipTokens() *SkippedText {
	from := p.i
	for !p.atEOF() && !p.is(pPipe) && !p.is(pSemi) && !p.is(pLtPipe) {
		p.i++
	}
	if p.i == from {
		return nil
	}
	start, end := p.toks[from].start, p.toks[p.i-1].end
	return &SkippedText{From: PosOf(int(start)), Text: p.src[start:end]}
}

// parseCommand parses a control command at the current token, a dot.
func (p *parser) parseCommand() *Command {
	c := &commandParser{parser: p, cmd: &Command{Dot: p.expect(pDot)}}
	verbAt := c.cmd.Dot.Offset() // unsupported commands are reported at their dot
	_, verb := p.gluedWord(p.i)
	if verb == "" {
		if p.atEOF() || p.cur().kind == tPunct {
			p.failExpected("the name of a control command")
		}
		verb = p.tx(p.cur()) // .1: an unknown command for the official parser
	}
	switch verb {
	case "create", "create-merge", "alter", "alter-merge", "create-or-alter":
		c.parseCreate(verbAt, verb)
	case "drop":
		c.parseDrop(verbAt)
	case "add":
		c.word()
		c.expectWordOr(verbAt, "add", "database")
		c.parsePrincipals(AddPrincipalsCmd)
	case "show":
		c.parseShow(verbAt)
	case "ingest":
		c.parseIngest(verbAt)
	case "set", "append", "set-or-append", "set-or-replace":
		c.parseSet(verb)
	default:
		p.unsupportedCommand(verbAt, verb)
	}
	c.cmd.Skipped = p.skipTokens()
	return c.cmd
}

// expectWordOr appends the word w, or fails as unsupported naming the
// command so far when another word stands there.
func (c *commandParser) expectWordOr(verbAt int, verb string, w string) {
	if c.at(w) {
		c.word()
		return
	}
	if c.cur().kind == tIdent {
		_, next := c.gluedWord(c.i)
		c.unsupportedCommand(verbAt, verb+" "+next)
	}
	c.failExpected("'" + w + "'")
}

func (c *commandParser) parseCreate(verbAt int, verb string) {
	c.word()
	_, what := c.gluedWord(c.i)
	switch {
	case what == "table":
		c.word()
		c.cmd.Kind = map[string]CommandKind{"create": CreateTableCmd, "create-merge": CreateMergeTableCmd, "alter": AlterTableCmd, "alter-merge": AlterMergeTableCmd}[verb]
		if c.cmd.Kind == BadCommand {
			c.unsupportedCommand(verbAt, verb+" table")
		}
		c.name()
		if c.at("based-on", "ingestion", "policy", "docstring", "folder", "column-docstrings") {
			_, w := c.gluedWord(c.i)
			c.unsupportedCommand(verbAt, verb+" table "+c.cmd.Name().Name+" "+w)
		}
		c.tableSchema()
		c.properties(false)
	case what == "tables" && (verb == "create" || verb == "create-merge"):
		c.word()
		c.cmd.Kind = CreateTablesCmd
		if verb == "create-merge" {
			c.cmd.Kind = CreateMergeTablesCmd
		}
		for {
			c.name()
			c.tableSchema()
			if !c.is(pComma) {
				break
			}
			c.word()
		}
		c.properties(false)
	case what == "database" && verb == "create":
		c.word()
		c.cmd.Kind = CreateDatabaseCmd
		c.name()
		switch {
		case c.at("ifnotexists", "volatile"):
			c.word()
		case c.at("persist"):
			c.unsupportedCommand(verbAt, "create database ... persist")
		}
	case what == "function" && verb != "create-merge" && verb != "alter-merge":
		c.word()
		c.cmd.Kind = map[string]CommandKind{"create": CreateFunctionCmd, "alter": AlterFunctionCmd, "create-or-alter": CreateOrAlterFunctionCmd}[verb]
		if verb == "create" && c.at("ifnotexists") {
			c.word()
		}
		c.properties(true)
		c.name()
		c.add(c.parseFuncLit())
	case verb == "create" && c.cur().kind == tIdent && !createWords[what]:
		c.failExpectedOneOf("table", "tables", "database", "function")
	case c.cur().kind == tIdent:
		c.unsupportedCommand(verbAt, verb+" "+what)
	default:
		c.failExpectedOneOf("table", "tables", "database", "function")
	}
}

// createWords are the words the official grammar takes after .create
// (its "Expected one of" list); those kqlt does not read are unsupported.
var createWords = set("async", "database", "entity_group", "external", "function", "ifnotexists", "materialized-view", "mirroring-template", "request_memoryprofile", "request_support", "rowstore", "table", "tables", "tempstorage")

// scalarTypeNames are the column types of a table schema in the official
// command grammar.
var scalarTypeNames = set("bool", "boolean", "date", "datetime", "decimal", "double", "dynamic", "float", "guid", "int", "int16", "int32", "int64", "int8", "long", "real", "string", "time", "timespan", "uint", "uint16", "uint32", "uint64", "uint8", "ulong", "uniqueid")

// tableSchema parses (a:string, b:long): at least one column, no trailing
// comma, a type of scalarTypeNames.
func (c *commandParser) tableSchema() {
	s := &SchemaExpr{Lparen: c.expect(pLparen)}
	for {
		d := &ColumnDecl{Name: c.cmdName()}
		d.Colon = c.expect(pColon)
		t := c.cur()
		if t.kind != tIdent || !scalarTypeNames[c.tx(t)] {
			c.failExpected("a column type (bool, datetime, decimal, dynamic, guid, int, long, real, string, timespan, ...)")
		}
		d.Type = c.parseIdentToken()
		s.Columns = append(s.Columns, d)
		if _, ok := c.got(pComma); !ok {
			break
		}
	}
	s.Rparen = c.expect(pRparen)
	c.add(s)
}

// properties parses an optional with (name = literal, ...): at least one
// property, no trailing comma. Function properties come before the name.
func (c *commandParser) properties(function bool) {
	if !c.is(kwWith) || function && !c.peekIs(1, pLparen) {
		return
	}
	l := &PropertyList{With: c.expect(kwWith), Lparen: c.expect(pLparen)}
	for {
		name := c.parseExtendedName()
		assign := c.expect(pAssign)
		l.Props = append(l.Props, &NamedExpr{Name: name, Assign: assign, Value: c.commandLiteral()})
		if _, ok := c.got(pComma); !ok {
			break
		}
	}
	l.Rparen = c.expect(pRparen)
	c.add(l)
}

// commandLiteral parses the value of a command property: a string, a
// number, a boolean or a typed literal.
func (c *commandParser) commandLiteral() Expr {
	t := c.cur()
	switch {
	case t.kind == tString || t.kind == tLong || t.kind == tReal || t.kind == tTimespan || t.kind == tTyped:
		return c.parsePrimary()
	case t.kind == tIdent && c.wordClassOf(t) == wordBool:
		return c.parseWord()
	}
	c.failExpected("a literal")
	return nil
}

// stringToken parses one string literal token: the command grammar does
// not join adjacent strings ('a' 'b') into one, as queries do.
func (c *commandParser) stringToken(what string) *BasicLit {
	t := c.cur()
	if t.kind != tString {
		c.failExpected(what)
	}
	c.advance()
	return c.basicLit(PosOf(int(t.start)), StringLit, c.tx(t))
}

func (c *commandParser) parseDrop(verbAt int) {
	c.word()
	switch {
	case c.at("table"):
		c.word()
		c.cmd.Kind = DropTableCmd
		c.name()
		c.optWord("ifexists")
	case c.at("tables"):
		c.word()
		c.cmd.Kind = DropTablesCmd
		c.nameList()
		c.optWord("ifexists")
	case c.at("database"):
		c.word()
		if c.peek(1).kind == tIdent && principalRoles[c.tx(c.peek(1))] {
			c.parsePrincipals(DropPrincipalsCmd)
			return
		}
		c.unsupportedCommand(verbAt, "drop database")
	case c.cur().kind == tIdent:
		_, w := c.gluedWord(c.i)
		c.unsupportedCommand(verbAt, "drop "+w)
	default:
		c.failExpectedOneOf("table", "tables", "database")
	}
}

// nameList parses (A, B): at least one name.
func (c *commandParser) nameList() {
	l := &ParenList{Lparen: c.expect(pLparen)}
	for {
		l.Elems = append(l.Elems, c.cmdName())
		if _, ok := c.got(pComma); !ok {
			break
		}
	}
	l.Rparen = c.expect(pRparen)
	c.add(l)
}

var principalRoles = set("admins", "ingestors", "monitors", "unrestrictedviewers", "users", "viewers")

// parsePrincipals parses D role ('principal', ...) ['notes'] after
// .add database or .drop database.
func (c *commandParser) parsePrincipals(kind CommandKind) {
	c.cmd.Kind = kind
	// .add database takes no name for the current database.
	if kind != AddPrincipalsCmd || !(c.cur().kind == tIdent && principalRoles[c.tx(c.cur())]) {
		c.name()
	}
	if t := c.cur(); t.kind != tIdent || !principalRoles[c.tx(t)] {
		c.failExpected("a role (admins, ingestors, monitors, unrestrictedviewers, users, viewers)")
	}
	c.word()
	l := &ParenList{Lparen: c.expect(pLparen)}
	for {
		l.Elems = append(l.Elems, c.stringToken("a principal (a string literal)"))
		if _, ok := c.got(pComma); !ok {
			break
		}
	}
	l.Rparen = c.expect(pRparen)
	c.add(l)
	if c.cur().kind == tString {
		c.add(c.stringToken("notes"))
	}
	if c.at("skip-results") {
		c.unsupportedCommand(c.cmd.Dot.Offset(), strings.TrimPrefix(kind.String(), ".")+" ... skip-results")
	}
}

func (c *commandParser) parseShow(verbAt int) {
	c.word()
	c.cmd.Kind = ShowCmd
	_, what := c.gluedWord(c.i)
	switch what {
	case "tables":
		c.word()
		switch {
		case c.at("details"):
			c.word()
		case c.is(pLparen):
			c.nameList()
		}
	case "databases":
		c.word()
		c.optWord("details")
	case "functions":
		c.word()
	case "function":
		c.word()
		c.name()
	case "table":
		c.word()
		if c.is(pStar) {
			c.unsupportedCommand(verbAt, "show table *")
		}
		c.name()
		switch {
		case c.at("schema"):
			c.word()
			c.expectWord("as")
			c.expectWord("json")
		case c.at("details", "cslschema"):
			c.word()
		case c.cur().kind == tIdent:
			_, w := c.gluedWord(c.i)
			c.unsupportedCommand(verbAt, "show table "+c.cmd.Name().Name+" "+w)
		}
	case "database":
		c.word()
		if c.atEOF() || c.is(pPipe) || c.is(pSemi) {
			return // the current database
		}
		c.name()
		if c.at("schema") {
			c.word()
			return
		}
		w := "..."
		if c.cur().kind == tIdent {
			_, w = c.gluedWord(c.i)
		}
		c.unsupportedCommand(verbAt, "show database "+c.cmd.Name().Name+" "+w)
	case "":
		c.failExpected("what to show (tables, databases, functions, ...)")
	default:
		c.unsupportedCommand(verbAt, "show "+what)
	}
}

func (c *commandParser) parseIngest(verbAt int) {
	c.word()
	if !c.at("inline") {
		_, w := c.gluedWord(c.i)
		c.unsupportedCommand(verbAt, "ingest "+w)
	}
	c.cmd.Kind = IngestInlineCmd
	c.word()
	c.expectWord("into")
	c.expectWord("table")
	c.name()
	c.properties(false)
	if !c.is(pLtPipe) {
		c.failExpected("'<|' or with")
	}
	d := &RawData{Arrow: c.pos()}
	c.advance()
	if t := c.cur(); t.kind != tEOF {
		d.DataPos, d.Text = PosOf(int(t.start)), c.tx(t)
		c.advance()
	}
	c.add(d)
}

func (c *commandParser) parseSet(verb string) {
	c.word()
	c.cmd.Kind = map[string]CommandKind{"set": SetCmd, "append": AppendCmd, "set-or-append": SetOrAppendCmd, "set-or-replace": SetOrReplaceCmd}[verb]
	c.optWord("async")
	c.name()
	c.properties(false)
	if !c.is(pLtPipe) {
		c.failExpected("'<|' or with")
	}
	q := &CommandQuery{Arrow: c.pos()}
	c.advance()
	var body []Stmt
	for !c.atEOF() {
		s := c.parseStatement()
		body = append(body, s)
		if semi, ok := c.got(pSemi); ok {
			setSemi(s, semi)
			continue
		}
		if !c.atEOF() {
			c.failExpected("';' or the end of the query")
		}
	}
	q.Body = body
	c.add(q)
}

// ---------------------------------------------------------------------------
// Lexing

// lexSource lexes src as the parser reads it: the data after the <| of
// .ingest inline is not KQL, and becomes one token (of kind tString, which
// only the command parser reads there) that runs to the end of the text
// without its trailing blanks.
func lexSource(buf []token, src string) ([]token, tokenCounts, *Error) {
	toks, counts, err := lexCounting(buf, src)
	if len(toks) < 3 || toks[0].kind != tPunct || src[toks[0].start:toks[0].end] != "." || src[toks[1].start:toks[1].end] != "ingest" {
		return toks, counts, err
	}
	for k := 2; k < len(toks); k++ {
		t := toks[k]
		if t.kind == tEOF {
			break
		}
		if t.kind == tPunct && src[t.start:t.end] == "<|" {
			toks = toks[:k+1]
			start := rawDataStart(src, int(t.end))
			end := len(strings.TrimRight(src, " \t\r\n\f\v"))
			if start < end {
				toks = append(toks, token{kind: tString, start: int32(start), end: int32(end)})
			}
			toks = append(toks, token{kind: tEOF, start: int32(len(src)), end: int32(len(src))})
			return toks, counts, nil
		}
	}
	return toks, counts, err
}

// rawDataStart returns the offset of the data after the <| that ends at i:
// after the blanks and comment lines that follow it.
func rawDataStart(src string, i int) int {
	for i < len(src) {
		switch c := src[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

// ---------------------------------------------------------------------------
// Printing

// command prints a control command: its parts in order, separated by
// spaces, except that the command's name follows the dot and a comma its
// element directly.
func (p *printer) command(x *Command, sp spacing) {
	p.tok(x.Dot, ".", sp)
	for k, n := range x.Parts {
		sp := firstSpacing(k)
		switch n := n.(type) {
		case *CommandWord:
			if n.Word == "," {
				sp = spNone
			}
			p.span(n.WordPos, len(n.Word), n.Word, sp)
		case *Ident:
			p.ident(n, sp)
		case *SchemaExpr:
			p.schema(n, sp)
		case *PropertyList:
			p.propertyList(n, sp)
		case *ParenList:
			p.parenList(n, sp)
		case *FuncLit:
			p.schema(n.Params, spNone)
			p.block(n.Lbrace, n.Body, n.Rbrace)
		case *CommandQuery:
			p.commandQuery(n, sp)
		case *RawData:
			p.rawData(n, sp)
		case Expr:
			p.expr(n, sp)
		}
	}
	if x.Skipped != nil {
		// Skipped text on lines of its own (more commands) stays there.
		sp := spSpace
		if p.q != nil && x.Skipped.From.IsValid() && x.Skipped.From.Offset() <= len(p.q.src) {
			before := strings.TrimRight(p.q.src[:x.Skipped.From.Offset()], " \t")
			if strings.HasSuffix(before, "\n") {
				sp = spStmt
			}
		}
		p.skipped(x.Skipped, sp)
	}
}

func (p *printer) commandQuery(x *CommandQuery, sp spacing) {
	p.tok(x.Arrow, "<|", sp)
	for k, s := range x.Body {
		sp := spStmt
		if k == 0 {
			sp = spSpace
		}
		p.stmt(s, sp, k < len(x.Body)-1)
	}
}

func (p *printer) rawData(x *RawData, sp spacing) {
	p.tok(x.Arrow, "<|", sp)
	if x.Text != "" {
		// The data is not KQL: its lines stay as they are, on a line
		// of their own in format mode.
		sp := spSpace
		if p.format || strings.Contains(x.Text, "\n") {
			sp = spLine
		}
		p.span(x.DataPos, len(x.Text), x.Text, sp)
	}
}

// skipped prints skipped text as it is.
func (p *printer) skipped(x *SkippedText, sp spacing) {
	p.span(x.From, len(x.Text), x.Text, sp)
}
