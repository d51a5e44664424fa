package kql

// Allocation of the syntax tree. A query of 1 kB has some 40 names, 15
// literals, 10 calls and 10 binary and named expressions; allocated one by
// one, these small objects were most of the parser's allocations and, with
// the garbage collector's work on them, half of its time. The parser takes
// the most common nodes, and the element slices of lists, from blocks
// instead: the first few of each kind, and the nodes that nearly every
// query has one of (its Query, a statement, a pipeline, a where), from one
// allocation per parse (firstNodes), then blocks of each kind sized from
// the query's tokens, by the proportions of the dev corpus. The nodes are
// ordinary Go values: a tree may be edited, and its nodes kept or moved to
// another tree, as before.
//
// Blocks are not shared between parses. (They were, to waste less of them:
// but then a block holding the last nodes of one tree and the first of the
// next kept the dead tree reachable, and through it the one before, and
// marking those made the garbage collector's work half as large again.)

// blockPolicy sizes the blocks of one kind of node or list element for a
// query with n tokens of its basis: it needs about n*per1000/1000 of them,
// of which the parse's firstNodes hold fixed; the first block of the
// kind's own holds first percent of the rest, the later ones next
// percent, and each at least least. The bases and ratios are the dev
// corpus's: 670 names per 1000 words, 840 literals per 1000 literal
// tokens, 740 calls per 1000 opening parentheses; per 1000 tokens, 40
// named and 40 binary expressions, 200 list elements, 70 pipe operators,
// 26 where and 15 extend operators, 17 selectors (a.b), 10 let
// statements, 10 index expressions (a[0]) and 12 pipelines. (Names,
// literals and calls were sized from all the tokens before, 270, 80 and
// 50 per 1000 of them: their own tokens predict them better, so that no
// more waste takes 3,200 fewer blocks per corpus pass, of 16,900.)
//
// The percents are those that cost least in a simulation over the
// corpus's queries, which counts an allocation as 100 bytes: the malloc
// that it takes, against the bytes that, wasted, bring the next collection
// nearer. (Counting bytes alone made blocks of most of a query's need, and
// more blocks after them.)
type blockPolicy struct {
	basis                              countBasis
	per1000, fixed, first, next, least int
}

var (
	identBlocks    = blockPolicy{wordTokens, 670, firstIdents, 100, 10, 4}
	litBlocks      = blockPolicy{literalTokens, 840, firstLits, 110, 5, 4}
	callBlocks     = blockPolicy{openParens, 740, firstCalls, 110, 10, 2}
	namedBlocks    = blockPolicy{allTokens, 40, firstNamed, 125, 30, 4}
	binaryBlocks   = blockPolicy{allTokens, 40, firstBinaries, 50, 30, 4}
	exprBlocks     = blockPolicy{allTokens, 200, firstExprs, 100, 10, 4}
	opBlocks       = blockPolicy{allTokens, 70, firstOps, 50, 20, 4}
	whereBlocks    = blockPolicy{allTokens, 26, 1, 60, 50, 2}
	extendBlocks   = blockPolicy{allTokens, 15, 1, 60, 100, 4}
	selectorBlocks = blockPolicy{allTokens, 17, 0, 110, 100, 4}
	letBlocks      = blockPolicy{allTokens, 10, 0, 150, 100, 2}
	indexBlocks    = blockPolicy{allTokens, 10, 0, 75, 100, 2}
	pipelineBlocks = blockPolicy{allTokens, 12, 1, 75, 50, 2}
)

// size returns the size of the next block for a query of the token counts
// c.
func (b blockPolicy) size(c *tokenCounts, first bool) int {
	need := int(c[b.basis])*b.per1000/1000 - b.fixed
	pct := b.next
	if first {
		pct = b.first
	}
	return max(need*pct/100, b.least)
}

// newBlock returns a block of at least n zeroed Ts. A block of 8 or more
// gets as many as fill the size class of its allocation, which rounds its
// bytes up anyway (a block of 45 names takes 1,536 bytes, room for 48):
// that room, wasted before, spares 700 blocks and 120 kB per corpus pass.
// A smaller block, whose room is small, is made plainly: growslice, which
// finds the room, costs more than makeslice (-0.87 M instructions per
// corpus pass without the collector).
func newBlock[T any](n int) []T {
	if n < 8 {
		return make([]T, n)
	}
	b := append([]T(nil), make([]T, n)...) // one allocation, its capacity rounded up
	return b[:cap(b)]
}

// slab hands out the elements of blocks of Ts. The zero slab is ready for a
// parse.
//
// The block stays put and an index moves through it: taking an element then
// writes no pointer into the parser (s.free = s.free[1:] did, and while the
// garbage collector marks, every pointer written into the heap goes through
// its write barrier).
type slab[T any] struct {
	block []T  // the firstNodes' array, then blocks of the slab's own
	used  int  // block[:used] are handed out
	grown bool // the slab made a block of its own
}

// alloc returns a zeroed *T.
func (s *slab[T]) alloc(p *parser, b blockPolicy) *T {
	if s.used == len(s.block) {
		s.grow(p, b)
	}
	x := &s.block[s.used]
	s.used++
	return x
}

func (s *slab[T]) grow(p *parser, b blockPolicy) {
	s.block = newBlock[T](b.size(&p.counts, !s.grown))
	s.used = 0
	s.grown = true
}

// listArena hands out slices of Ts carved from blocks. The zero arena is
// ready for a parse.
type listArena[T any] struct {
	block []T  // the firstNodes' array, then blocks of the arena's own
	used  int  // block[:used] are handed out
	grown bool // the arena made a block of its own
}

// room returns the next n free elements, whose capacity is their length:
// appending to a list copies it rather than overwrite the room of another
// list.
func (a *listArena[T]) room(p *parser, b blockPolicy, n int) []T {
	if len(a.block)-a.used < n {
		size := b.size(&p.counts, !a.grown)
		if n > size/2 {
			// A long list gets a slice of its own.
			return make([]T, n)
		}
		a.block = newBlock[T](size)
		a.used = 0
		a.grown = true
	}
	i := a.used
	a.used = i + n
	return a.block[i : i+n : i+n]
}

// list returns a copy of elems (see room). It stores the elements one by
// one: copy's typedslicecopy call cost more than the loop for these short
// lists (-0.76 M instructions per corpus pass without the collector), and
// while the collector marks, its bulkBarrierPreWrite more than the
// buffered barrier of each store.
func (a *listArena[T]) list(p *parser, b blockPolicy, elems []T) []T {
	list := a.room(p, b, len(elems))
	for i, x := range elems {
		list[i] = x
	}
	return list
}

// list1 returns the list of x alone (see room). Most lists have one
// element; storing it spares the copy's call (typedslicecopy, and while
// the garbage collector marks, bulkBarrierPreWrite).
func (a *listArena[T]) list1(p *parser, b blockPolicy, x T) []T {
	list := a.room(p, b, 1)
	list[0] = x
	return list
}

// nodeAlloc allocates the nodes of one parse. The zero nodeAlloc is ready
// for a parse; newQuery gives it the parse's firstNodes.
type nodeAlloc struct {
	idents    slab[Ident]
	lits      slab[BasicLit]
	calls     slab[CallExpr]
	named     slab[NamedExpr]
	binaries  slab[BinaryExpr]
	wheres    slab[WhereOp]
	extends   slab[ExtendOp]
	selectors slab[SelectorExpr]
	lets      slab[LetStmt]
	indexes   slab[IndexExpr]
	pipelines slab[Pipeline]
	exprs     listArena[Expr]
	ops       listArena[Operator]

	stmts []Stmt    // room for the statements of a query of one
	stmt  *ExprStmt // the firstNodes' statement, until taken
}

// The lengths of the firstNodes' arrays of names, literals, calls, named
// and binary expressions, and list elements. With the single nodes, they
// fill the 1,792 bytes of a size class.
const (
	firstIdents   = 10
	firstLits     = 8
	firstCalls    = 4
	firstNamed    = 4
	firstBinaries = 4
	firstExprs    = 12
	firstOps      = 8
)

// smallQueryTokens is the number of tokens below which a query takes the
// smaller smallFirstNodes (896 bytes). A one-line query such as
// "SigninLogs | where TimeGenerated > ago(14d)" (10 tokens) needs about a
// third of firstNodes: with the larger block it parsed in 1.10 µs, with the
// smaller in 0.85 µs, as before firstNodes (the bytes, not the allocation,
// were the cost).
const smallQueryTokens = 40

// tinyQueryTokens is the number of tokens below which a query, such as
// "SigninLogs" or "T | take 10", takes only tinyFirstNodes (256 bytes):
// an object of more than 512 bytes costs malloc a header and its type's
// setting, which made parsing "SigninLogs" 0.53 µs with smallFirstNodes
// against 0.24 µs with four small objects before firstNodes.
const tinyQueryTokens = 8

// tinyFirstNodes are the nodes of a query of fewer than tinyQueryTokens
// tokens; the slabs make the rest.
type tinyFirstNodes struct {
	query  Query
	stmt   ExprStmt
	stmts  [1]Stmt
	idents [2]Ident
	exprs  [1]Expr
}

// firstSingles are the nodes that nearly every parse makes one of.
type firstSingles struct {
	query    Query
	stmt     ExprStmt
	stmts    [1]Stmt
	pipeline [1]Pipeline
	where    [1]WhereOp
	extend   [1]ExtendOp
}

// firstNodes holds, in one allocation, the nodes that nearly every parse
// makes one of, and the first few elements of the most common slabs and
// list arenas. A corpus query (1.3 kB on average) made some 14 blocks and
// 30 single nodes; most of a small query's, and the first of a larger
// one's, are here now. The arrays' lengths are those that cost least in
// the simulation that chose the blockPolicy percents: a query that needs
// fewer wastes the rest, one that needs more makes fewer blocks.
type firstNodes struct {
	firstSingles
	idents   [firstIdents]Ident
	lits     [firstLits]BasicLit
	calls    [firstCalls]CallExpr
	named    [firstNamed]NamedExpr
	binaries [firstBinaries]BinaryExpr
	exprs    [firstExprs]Expr
	ops      [firstOps]Operator
}

// smallFirstNodes is firstNodes for a query of fewer than smallQueryTokens
// tokens. (The blockPolicy's fixed counts are firstNodes': a small query
// that outgrows these arrays makes blocks a little smaller than it would,
// which for so few nodes does not matter.)
type smallFirstNodes struct {
	firstSingles
	idents   [4]Ident
	lits     [2]BasicLit
	calls    [2]CallExpr
	named    [1]NamedExpr
	binaries [2]BinaryExpr
	exprs    [4]Expr
	ops      [2]Operator
}

// newQuery starts the allocation of a parse: it makes the parse's
// firstNodes (or, for a smaller query, smallFirstNodes or tinyFirstNodes)
// and returns the Query among them.
func (p *parser) newQuery() *Query {
	a := &p.alloc
	var s *firstSingles
	switch n := p.counts[allTokens]; {
	case n < tinyQueryTokens:
		f := new(tinyFirstNodes)
		a.start(f.idents[:], nil, nil, nil, nil, f.exprs[:], nil)
		a.stmts, a.stmt = f.stmts[:], &f.stmt
		return &f.query
	case n < smallQueryTokens:
		f := new(smallFirstNodes)
		a.start(f.idents[:], f.lits[:], f.calls[:], f.named[:], f.binaries[:], f.exprs[:], f.ops[:])
		s = &f.firstSingles
	default:
		f := new(firstNodes)
		a.start(f.idents[:], f.lits[:], f.calls[:], f.named[:], f.binaries[:], f.exprs[:], f.ops[:])
		s = &f.firstSingles
	}
	a.wheres.block = s.where[:]
	a.extends.block = s.extend[:]
	a.pipelines.block = s.pipeline[:]
	a.stmts, a.stmt = s.stmts[:], &s.stmt
	return &s.query
}

// start gives the slabs and list arenas their first blocks, the arrays of
// the parse's first nodes (nil where it has none).
func (a *nodeAlloc) start(idents []Ident, lits []BasicLit, calls []CallExpr, named []NamedExpr, binaries []BinaryExpr, exprs []Expr, ops []Operator) {
	a.idents.block, a.lits.block, a.calls.block = idents, lits, calls
	a.named.block, a.binaries.block = named, binaries
	a.exprs.block, a.ops.block = exprs, ops
}

// exprStmt returns a new statement: the firstNodes' if it is not taken yet.
func (p *parser) exprStmt() *ExprStmt {
	if s := p.alloc.stmt; s != nil {
		p.alloc.stmt = nil
		return s
	}
	return new(ExprStmt)
}

// The constructors below return a zeroed node from its slab, for the
// parser to fill.
func (p *parser) whereOp() *WhereOp       { return p.alloc.wheres.alloc(p, whereBlocks) }
func (p *parser) extendOp() *ExtendOp     { return p.alloc.extends.alloc(p, extendBlocks) }
func (p *parser) selector() *SelectorExpr { return p.alloc.selectors.alloc(p, selectorBlocks) }
func (p *parser) letStmt() *LetStmt       { return p.alloc.lets.alloc(p, letBlocks) }
func (p *parser) indexExpr() *IndexExpr   { return p.alloc.indexes.alloc(p, indexBlocks) }
func (p *parser) pipeline() *Pipeline     { return p.alloc.pipelines.alloc(p, pipelineBlocks) }

// The constructors below set the fields of an element that the slab
// handed out zeroed, one by one: a composite literal (*x = T{...}) made the
// compiler clear or copy the whole node through the write barrier's
// typedmemclr or typedmemmove, and write its nil pointers too.

// ident returns a new name parsed from raw, which spells name.
func (p *parser) ident(pos Pos, name, raw string) *Ident {
	id := p.alloc.idents.alloc(p, identBlocks)
	id.NamePos = pos
	id.Name = name
	if s := spellingOf(name, raw); s != nil {
		id.spell = s
	}
	return id
}

// wordIdent returns a new name read from the word token t. A word that is
// no keyword is a plain name, unless it is a $ word such as $1, which has
// no letter: the class that the parser keeps in the token spares the
// spelling's check of the word.
func (p *parser) wordIdent(t *token) *Ident {
	w := p.tx(t)
	id := p.alloc.idents.alloc(p, identBlocks)
	id.NamePos = PosOf(int(t.start))
	id.Name = w
	if w == "" || w[0] == '$' || p.wordClassOf(t) != wordIdent {
		if s := spellingOf(w, w); s != nil {
			id.spell = s
		}
	}
	return id
}

func (p *parser) basicLit(pos Pos, kind LitKind, value string) *BasicLit {
	x := p.alloc.lits.alloc(p, litBlocks)
	x.ValuePos = pos
	x.Kind = kind
	x.Value = value
	return x
}

func (p *parser) binary(x Expr, pos Pos, op string, y Expr) *BinaryExpr {
	b := p.alloc.binaries.alloc(p, binaryBlocks)
	b.X = x
	b.OpPos = pos
	b.Op = op
	b.Y = y
	return b
}

func (p *parser) named(name *Ident, assign Pos, value Expr) *NamedExpr {
	n := p.alloc.named.alloc(p, namedBlocks)
	n.Name = name
	n.Assign = assign
	n.Value = value
	return n
}

func (p *parser) call(fun Expr, lparen Pos) *CallExpr {
	c := p.alloc.calls.alloc(p, callBlocks)
	c.Fun = fun
	c.Lparen = lparen
	return c
}

// exprList and opList return lists of the elements (see listArena.list);
// exprList1 the list of x alone.
func (p *parser) exprList(elems []Expr) []Expr { return p.alloc.exprs.list(p, exprBlocks, elems) }

func (p *parser) exprList1(x Expr) []Expr { return p.alloc.exprs.list1(p, exprBlocks, x) }

func (p *parser) opList(elems []Operator) []Operator { return p.alloc.ops.list(p, opBlocks, elems) }
