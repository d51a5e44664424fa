package kql

import "unsafe"

// Allocation of the syntax tree. A query of 1 kB has some 40 names, 15
// literals, 10 calls and 10 binary and named expressions; allocated one by
// one, these small objects were most of the parser's allocations and, with
// the garbage collector's work on them, half of its time. The parser takes
// the most common nodes, and the element slices of lists, from blocks of
// about 2 kB instead. A parser is reused between parses (see parsers), and
// so are its blocks: the next query's nodes follow the last one's, and
// nothing is wasted but the rest of a block when the pool drops the parser.
//
// The nodes are ordinary Go values: a tree may be edited, and its nodes
// kept or moved to another tree, as before. A node kept alive keeps its
// block alive, so a tree kept on its own keeps up to two blocks of each
// kind of node beyond its own nodes, some 30 kB.

// blockBytes is the size of the blocks that nodes are allocated from.
const blockBytes = 2048

// blockLen returns the number of Ts in a block.
func blockLen[T any]() int {
	var x T
	return max(blockBytes/int(unsafe.Sizeof(x)), 16)
}

// slab hands out the elements of blocks of Ts.
type slab[T any] struct {
	free []T
}

// alloc returns a zeroed *T.
func (s *slab[T]) alloc() *T {
	if len(s.free) == 0 {
		s.free = make([]T, blockLen[T]())
	}
	x := &s.free[0]
	s.free = s.free[1:]
	return x
}

// listArena hands out slices of Ts carved from blocks.
type listArena[T any] struct {
	free []T
}

// list returns a copy of elems in a slice whose capacity is its length:
// appending to it copies it rather than overwrite the room of another list.
func (a *listArena[T]) list(elems []T) []T {
	n := len(elems)
	if len(a.free) < n {
		if n > blockLen[T]()/4 {
			// A long list gets a slice of its own.
			return append([]T(nil), elems...)
		}
		a.free = make([]T, blockLen[T]())
	}
	list := a.free[:n:n]
	a.free = a.free[n:]
	copy(list, elems)
	return list
}

// nodeAlloc allocates nodes.
type nodeAlloc struct {
	idents   slab[Ident]
	lits     slab[BasicLit]
	calls    slab[CallExpr]
	named    slab[NamedExpr]
	binaries slab[BinaryExpr]
	exprs    listArena[Expr]
	ops      listArena[Operator]
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
