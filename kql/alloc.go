package kql

// Allocation of the syntax tree. A query of 1 kB has some 40 names, 15
// literals, 10 calls and 10 binary and named expressions; allocated one by
// one, these small objects were most of the parser's allocations and, with
// the garbage collector's work on them, half of its time. The parser takes
// the most common nodes, and the element slices of lists, from blocks
// instead, sized from the query's tokens: a first block of most of what a
// query of that size needs, by the proportions of the dev corpus, and
// smaller ones after it. The nodes are ordinary Go values: a tree may be
// edited, and its nodes kept or moved to another tree, as before.
//
// Blocks are not shared between parses. (They were, to waste less of them:
// but then a block holding the last nodes of one tree and the first of the
// next kept the dead tree reachable, and through it the one before, and
// marking those made the garbage collector's work half as large again.)

// blockPolicy sizes the blocks of one kind of node or list element for a
// query with n tokens of its basis: it needs about n*per100/100 of them;
// the first block holds first percent of that, the later ones next
// percent. The bases and ratios are the dev corpus's: 67 names per 100
// words, 84 literals per 100 literal tokens, 74 calls per 100 opening
// parentheses; per 100 tokens, 4 named and 4 binary expressions, 20 list
// elements and 7 pipe operators. (Names, literals and calls were sized
// from all the tokens before, 27, 8 and 5 per 100 of them: their own
// tokens predict them better, so that no more waste takes 3,200 fewer
// blocks per corpus pass, of 16,900.) The percents are those that wasted
// least, or took fewest blocks for no more waste, in a simulation over
// the corpus's queries.
type blockPolicy struct {
	basis               countBasis
	per100, first, next int
}

var (
	identBlocks  = blockPolicy{wordTokens, 67, 90, 5}
	litBlocks    = blockPolicy{literalTokens, 84, 75, 25}
	callBlocks   = blockPolicy{openParens, 74, 75, 5}
	namedBlocks  = blockPolicy{allTokens, 4, 70, 10}
	binaryBlocks = blockPolicy{allTokens, 4, 50, 10}
	exprBlocks   = blockPolicy{allTokens, 20, 80, 20}
	opBlocks     = blockPolicy{allTokens, 7, 80, 20}
)

// size returns the size of the next block for a query of the token counts
// c.
func (b blockPolicy) size(c *tokenCounts, first bool) int {
	need := int(c[b.basis]) * b.per100 / 100
	if first {
		return max(need*b.first/100, 2)
	}
	return max(need*b.next/100, 4)
}

// slab hands out the elements of blocks of Ts. The zero slab is ready for a
// parse.
//
// The block stays put and an index moves through it: taking an element then
// writes no pointer into the parser (s.free = s.free[1:] did, and while the
// garbage collector marks, every pointer written into the heap goes through
// its write barrier).
type slab[T any] struct {
	block []T // nil until the parse's first block is made
	used  int // block[:used] are handed out
}

// alloc returns a zeroed *T.
func (s *slab[T]) alloc(p *parser, b blockPolicy) *T {
	if s.used == len(s.block) {
		s.block = make([]T, b.size(&p.counts, s.block == nil))
		s.used = 0
	}
	x := &s.block[s.used]
	s.used++
	return x
}

// listArena hands out slices of Ts carved from blocks. The zero arena is
// ready for a parse.
type listArena[T any] struct {
	block []T // nil until the parse's first block is made
	used  int // block[:used] are handed out
}

// room returns the next n free elements, whose capacity is their length:
// appending to a list copies it rather than overwrite the room of another
// list.
func (a *listArena[T]) room(p *parser, b blockPolicy, n int) []T {
	if len(a.block)-a.used < n {
		size := b.size(&p.counts, a.block == nil)
		if n > size/2 {
			// A long list gets a slice of its own.
			return make([]T, n)
		}
		a.block = make([]T, size)
		a.used = 0
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
// for a parse.
type nodeAlloc struct {
	idents   slab[Ident]
	lits     slab[BasicLit]
	calls    slab[CallExpr]
	named    slab[NamedExpr]
	binaries slab[BinaryExpr]
	exprs    listArena[Expr]
	ops      listArena[Operator]
}

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
