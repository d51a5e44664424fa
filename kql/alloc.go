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

// slab hands out the elements of blocks of Ts.
type slab[T any] struct {
	free        []T
	first, next int // the sizes of the first block and of the later ones
}

// size prepares s for a query expected to need about n Ts: a first block
// of first percent of n, and later ones of next percent.
func (s *slab[T]) size(n, first, next int) {
	s.free = nil
	s.first, s.next = max(n*first/100, 2), max(n*next/100, 4)
}

// alloc returns a zeroed *T.
func (s *slab[T]) alloc() *T {
	if len(s.free) == 0 {
		s.free = make([]T, s.first)
		s.first = s.next
	}
	x := &s.free[0]
	s.free = s.free[1:]
	return x
}

// listArena hands out slices of Ts carved from blocks.
type listArena[T any] struct {
	free        []T
	first, next int // as for slab
}

// size prepares a for a query expected to need about n Ts in all, as
// slab.size does.
func (a *listArena[T]) size(n, first, next int) {
	a.free = nil
	a.first, a.next = max(n*first/100, 4), max(n*next/100, 8)
}

// list returns a copy of elems in a slice whose capacity is its length:
// appending to it copies it rather than overwrite the room of another list.
func (a *listArena[T]) list(elems []T) []T {
	n := len(elems)
	if len(a.free) < n {
		if n > a.first/2 {
			// A long list gets a slice of its own.
			return append([]T(nil), elems...)
		}
		a.free = make([]T, a.first)
		a.first = a.next
	}
	list := a.free[:n:n]
	a.free = a.free[n:]
	copy(list, elems)
	return list
}

// nodeAlloc allocates the nodes of one parse.
type nodeAlloc struct {
	idents   slab[Ident]
	lits     slab[BasicLit]
	calls    slab[CallExpr]
	named    slab[NamedExpr]
	binaries slab[BinaryExpr]
	exprs    listArena[Expr]
	ops      listArena[Operator]
}

// init sizes the blocks from the query's tokens, by the proportions of the
// dev corpus: per 100 tokens, 27 names (of 41 identifier tokens), 8
// literals (of 8 literal tokens), 5 calls, 4 named and 4 binary
// expressions, 20 list elements and 7 pipe operators. The sizes of the
// first and later blocks, as percents of the need, are those that wasted
// least in a simulation over the corpus's queries.
func (a *nodeAlloc) init(toks []token) {
	var words, literals int
	for i := range toks {
		switch toks[i].kind {
		case tIdent:
			words++
		case tString, tLong, tReal, tTimespan, tTyped:
			literals++
		}
	}
	n := len(toks)
	a.idents.size(words*2/3, 80, 10)
	a.lits.size(literals, 100, 25)
	a.calls.size(n/20, 50, 10)
	a.named.size(n/25, 70, 10)
	a.binaries.size(n/25, 50, 10)
	a.exprs.size(n/5, 80, 20)
	a.ops.size(n/15, 80, 20)
}

// ident returns a new name parsed from raw, which spells name.
func (p *parser) ident(pos Pos, name, raw string) *Ident {
	id := p.alloc.idents.alloc()
	*id = Ident{NamePos: pos, Name: name, parsedName: name, rawLen: int32(len(raw))}
	if raw != name {
		id.Raw = raw
	}
	return id
}

func (p *parser) basicLit(pos Pos, kind LitKind, value string) *BasicLit {
	x := p.alloc.lits.alloc()
	*x = BasicLit{ValuePos: pos, Kind: kind, Value: value}
	return x
}

func (p *parser) binary(x Expr, pos Pos, op string, y Expr) *BinaryExpr {
	b := p.alloc.binaries.alloc()
	*b = BinaryExpr{X: x, OpPos: pos, Op: op, Y: y}
	return b
}

func (p *parser) named(name *Ident, assign Pos, value Expr) *NamedExpr {
	n := p.alloc.named.alloc()
	*n = NamedExpr{Name: name, Assign: assign, Value: value}
	return n
}

func (p *parser) call(fun Expr, lparen Pos) *CallExpr {
	c := p.alloc.calls.alloc()
	*c = CallExpr{Fun: fun, Lparen: lparen}
	return c
}
