package kql

import (
	"fmt"
	"reflect"
)

// Inspect traverses the tree rooted at node in depth-first, source order:
// it calls f(node); if f returns true, Inspect visits each non-nil child of
// node, then calls f(nil).
func Inspect(node Node, f func(Node) bool) {
	Apply(node, func(c *Cursor) bool { return f(c.Node()) }, func(*Cursor) bool {
		f(nil)
		return true
	})
}

// An ApplyFunc is called by Apply for each node. Its result tells Apply
// whether to continue: see Apply.
type ApplyFunc func(*Cursor) bool

// Apply traverses the tree rooted at root in depth-first, source order, and
// returns the (possibly replaced) root. For each non-nil node it calls pre,
// then visits the children, then calls post, in the style of
// golang.org/x/tools/go/ast/astutil.Apply.
//
// If pre returns false, the children and post are skipped. If post returns
// false, the traversal stops and Apply returns. Either function may edit the
// tree through the Cursor: Replace the current node, or, in a list, Delete
// it or insert nodes before or after it. Inserted nodes, and replacements
// made by post, are not visited (as in astutil, so that a rewrite that
// inserts a node next to each node of some kind does not loop); replacements
// made by pre are.
func Apply(root Node, pre, post ApplyFunc) (result Node) {
	q, _ := root.(*Query)
	return apply(q, root, pre, post)
}

// Apply is Apply for root, a node of q: the nodes that Cursor.Replace puts
// in the tree take the trivia of those they replace, as they do when the
// walk starts at q itself.
func (q *Query) Apply(root Node, pre, post ApplyFunc) Node {
	return apply(q, root, pre, post)
}

func apply(q *Query, root Node, pre, post ApplyFunc) (result Node) {
	parent := &rootHolder{Root: root}
	defer func() {
		if r := recover(); r != nil && r != errAbort {
			panic(r)
		}
		result = parent.Root
	}()
	a := &applier{pre: pre, post: post, q: q}
	a.apply(parent, "Root", nil, root)
	return parent.Root
}

var errAbort = new(int)

// rootHolder is the parent of the root node during Apply.
type rootHolder struct{ Root Node }

func (*rootHolder) Pos() Pos { return NoPos }
func (*rootHolder) End() Pos { return NoPos }

// A Cursor describes a node met during Apply, and lets the callback edit
// the tree at that node.
type Cursor struct {
	q      *Query // the root, when the walk started at a query
	parent Node
	name   string
	iter   *iterator
	node   Node
}

// Node returns the current node.
func (c *Cursor) Node() Node { return c.node }

// Parent returns the parent of the current node, or nil at the root.
func (c *Cursor) Parent() Node {
	if _, ok := c.parent.(*rootHolder); ok {
		return nil
	}
	return c.parent
}

// Name returns the name of the parent's field that holds the current node:
// "X", "Ops", "Stmts"...
func (c *Cursor) Name() string { return c.name }

// Index returns the index of the current node in its parent's list field, or
// -1 if the node is not in a list.
func (c *Cursor) Index() int {
	if c.iter == nil {
		return -1
	}
	return c.iter.index
}

// Replace replaces the current node with n. It panics if n does not fit the
// parent's field.
//
// The replacement keeps the trivia around the node it replaces: the comment
// lines above it, its indentation and the comment after it, wherever it is
// (a table inside join (...) keeps its line). A new name or literal that
// replaces one takes its place in the source, exactly as if it had been
// edited in place. Other new nodes are laid out by the printer between that
// trivia when the walk knows their query (Apply(q, ...), or q.Apply for a
// node of q), which keeps the record; otherwise they are laid out as
// inserted nodes are.
func (c *Cursor) Replace(n Node) {
	if !takePlace(c.node, n) && c.q != nil {
		c.q.noteReplaced(c.node, n)
	}
	if c.iter != nil {
		c.iter.list.set(c.iter.index, n)
	} else {
		setField(c.parent, c.name, n)
	}
	c.node = n
}

// Delete deletes the current node from its list. It panics if the node is
// not in a list.
func (c *Cursor) Delete() {
	c.mustList("Delete")
	c.iter.list.delete(c.iter.index)
	c.iter.step--
}

// InsertAfter inserts n after the current node in its list; Apply does not
// visit it. It panics if the current node is not in a list.
func (c *Cursor) InsertAfter(n Node) {
	c.mustList("InsertAfter")
	c.iter.list.insert(c.iter.index+1, n)
	c.iter.step++
}

// InsertBefore inserts n before the current node in its list; Apply does
// not visit it. It panics if the current node is not in a list.
func (c *Cursor) InsertBefore(n Node) {
	c.mustList("InsertBefore")
	c.iter.list.insert(c.iter.index, n)
	c.iter.index++
}

func (c *Cursor) mustList(op string) {
	if c.iter == nil {
		panic(fmt.Sprintf("kql: Cursor.%s: %T is not in a list", op, c.node))
	}
}

// takePlace gives a new leaf (an identifier, or a literal replacing a
// literal) the source span of the node old it replaces, so that the
// printer writes it with old's trivia, as it does a name edited in place.
// Nodes that already have a position are moved, not new, and stay as they
// are.
// It reports whether it did.
func takePlace(old, n Node) bool {
	if isNil(old) || isNil(n) || !old.Pos().IsValid() || !old.End().IsValid() {
		return false
	}
	switch n := n.(type) {
	case *Ident:
		if !n.NamePos.IsValid() && n.srcLen() == 0 {
			n.NamePos = old.Pos()
			s := spelling{rawLen: int32(old.End().Offset() - old.Pos().Offset())}
			if n.spell != nil {
				s.raw, s.braced = n.spell.raw, n.spell.braced
			}
			n.spell = &s
			return true
		}
	case *BasicLit:
		if _, ok := old.(*BasicLit); ok && !n.ValuePos.IsValid() {
			n.ValuePos = old.Pos()
			return true
		}
	}
	return false
}

// setField sets the field name of parent to n, by reflection: it is only
// needed when a callback replaces a node.
func setField(parent Node, name string, n Node) {
	f := reflect.ValueOf(parent).Elem().FieldByName(name)
	if !f.IsValid() {
		panic(fmt.Sprintf("kql: Cursor.Replace: %T has no field %s", parent, name))
	}
	if isNil(n) {
		f.Set(reflect.Zero(f.Type()))
		return
	}
	v := reflect.ValueOf(n)
	if !v.Type().AssignableTo(f.Type()) {
		panic(fmt.Sprintf("kql: Cursor.Replace: cannot put %T in %T.%s", n, parent, name))
	}
	f.Set(v)
}

// iterator is the state of a list being traversed.
type iterator struct {
	list  listAccess
	index int
	step  int
}

type listAccess interface {
	set(i int, n Node)
	delete(i int)
	insert(i int, n Node)
}

type sliceAccess[T Node] struct{ s *[]T }

func (l sliceAccess[T]) set(i int, n Node) {
	v, ok := n.(T)
	if !ok {
		panic(fmt.Sprintf("kql: Cursor: cannot put %T in a list of %T", n, v))
	}
	(*l.s)[i] = v
}

func (l sliceAccess[T]) delete(i int) {
	s := *l.s
	copy(s[i:], s[i+1:])
	var zero T
	s[len(s)-1] = zero
	*l.s = s[:len(s)-1]
}

func (l sliceAccess[T]) insert(i int, n Node) {
	v, ok := n.(T)
	if !ok {
		panic(fmt.Sprintf("kql: Cursor: cannot put %T in a list of %T", n, v))
	}
	s := append(*l.s, v)
	copy(s[i+1:], s[i:])
	s[i] = v
	*l.s = s
}

type applier struct {
	pre, post ApplyFunc
	q         *Query
	cursor    Cursor
}

func applyList[T Node](a *applier, parent Node, name string, list *[]T) {
	it := &iterator{list: sliceAccess[T]{list}}
	for it.index < len(*list) {
		it.step = 1
		a.apply(parent, name, it, (*list)[it.index])
		it.index += it.step
	}
}

func (a *applier) apply(parent Node, name string, iter *iterator, n Node) {
	if isNil(n) {
		return
	}
	saved := a.cursor
	a.cursor = Cursor{q: a.q, parent: parent, name: name, iter: iter, node: n}
	if a.pre != nil && !a.pre(&a.cursor) {
		a.cursor = saved
		return
	}
	n = a.cursor.node
	if !isNil(n) {
		a.children(n)
	}
	a.cursor.node = n
	if a.post != nil && !a.post(&a.cursor) {
		panic(errAbort)
	}
	a.cursor = saved
}

// children applies to the children of n in source order.
func (a *applier) children(n Node) {
	switch x := n.(type) {
	case *Query:
		applyList(a, x, "Stmts", &x.Stmts)
	case *Ident, *BasicLit, *Star:
	case *CompoundString:
		applyList(a, x, "Parts", &x.Parts)
	case *ParenExpr:
		a.apply(x, "X", nil, x.X)
	case *UnaryExpr:
		a.apply(x, "X", nil, x.X)
	case *BinaryExpr:
		a.apply(x, "X", nil, x.X)
		a.apply(x, "Y", nil, x.Y)
	case *InExpr:
		a.apply(x, "X", nil, x.X)
		applyList(a, x, "List", &x.List)
	case *BetweenExpr:
		a.apply(x, "X", nil, x.X)
		a.apply(x, "Low", nil, x.Low)
		a.apply(x, "High", nil, x.High)
	case *CallExpr:
		a.apply(x, "Fun", nil, x.Fun)
		applyList(a, x, "Args", &x.Args)
	case *SelectorExpr:
		a.apply(x, "X", nil, x.X)
		a.apply(x, "Sel", nil, x.Sel)
	case *IndexExpr:
		a.apply(x, "X", nil, x.X)
		a.apply(x, "Index", nil, x.Index)
	case *NamedExpr:
		a.apply(x, "Name", nil, x.Name)
		a.apply(x, "Value", nil, x.Value)
	case *CompoundNamedExpr:
		applyList(a, x, "Names", &x.Names)
		a.apply(x, "Value", nil, x.Value)
	case *SortExpr:
		a.apply(x, "X", nil, x.X)
	case *TypeOfExpr:
		applyList(a, x, "Types", &x.Types)
	case *DynamicLit:
		a.apply(x, "Value", nil, x.Value)
	case *ArrayLit:
		applyList(a, x, "Elems", &x.Elems)
	case *ObjectLit:
		applyList(a, x, "Fields", &x.Fields)
	case *KeyValue:
		a.apply(x, "Key", nil, x.Key)
		a.apply(x, "Value", nil, x.Value)
	case *ColumnDecl:
		a.apply(x, "Name", nil, x.Name)
		a.apply(x, "Type", nil, x.Type)
		a.apply(x, "Default", nil, x.Default)
	case *SchemaExpr:
		applyList(a, x, "Columns", &x.Columns)
	case *FuncLit:
		a.apply(x, "Params", nil, x.Params)
		applyList(a, x, "Body", &x.Body)
	case *ParenList:
		applyList(a, x, "Elems", &x.Elems)
	case *PropertyList:
		applyList(a, x, "Props", &x.Props)
	case *BraceExpr:
		a.apply(x, "X", nil, x.X)
	case *Pipeline:
		a.apply(x, "Source", nil, x.Source)
		applyList(a, x, "Ops", &x.Ops)
	case *DatatableExpr:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Schema", nil, x.Schema)
		applyList(a, x, "Values", &x.Values)
	case *ExternalDataExpr:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Schema", nil, x.Schema)
		applyList(a, x, "URIs", &x.URIs)
		a.apply(x, "Props", nil, x.Props)

	// Control commands.
	case *Command:
		applyList(a, x, "Parts", &x.Parts)
		a.apply(x, "Skipped", nil, x.Skipped)
	case *CommandQuery:
		applyList(a, x, "Body", &x.Body)
	case *CommandWord, *RawData, *SkippedText:

	// Statements.
	case *LetStmt:
		a.apply(x, "Name", nil, x.Name)
		a.apply(x, "Value", nil, x.Value)
	case *ExprStmt:
		a.apply(x, "X", nil, x.X)
	case *SetStmt:
		a.apply(x, "Name", nil, x.Name)
		a.apply(x, "Value", nil, x.Value)
	case *DeclareParamsStmt:
		a.apply(x, "Params", nil, x.Params)
	case *AliasStmt:
		a.apply(x, "Name", nil, x.Name)
		a.apply(x, "Value", nil, x.Value)
	case *PatternStmt:
		a.apply(x, "Name", nil, x.Name)
		a.apply(x, "Params", nil, x.Params)
		a.apply(x, "Path", nil, x.Path)
		applyList(a, x, "Rules", &x.Rules)
	case *PatternRule:
		a.apply(x, "Args", nil, x.Args)
		a.apply(x, "Path", nil, x.Path)
		applyList(a, x, "Body", &x.Body)

	// Operators.
	case *WhereOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Pred", nil, x.Pred)
	case *ExtendOp:
		applyList(a, x, "Exprs", &x.Exprs)
	case *ProjectOp:
		applyList(a, x, "Exprs", &x.Exprs)
	case *SummarizeOp:
		applyList(a, x, "Params", &x.Params)
		applyList(a, x, "Aggs", &x.Aggs)
		applyList(a, x, "Groups", &x.Groups)
	case *MakeSeriesOp:
		applyList(a, x, "Params", &x.Params)
		applyList(a, x, "Aggs", &x.Aggs)
		a.apply(x, "Axis", nil, x.Axis)
		a.apply(x, "Range", nil, x.Range)
		a.apply(x, "Start", nil, x.Start)
		a.apply(x, "Stop", nil, x.Stop)
		a.apply(x, "StepSize", nil, x.StepSize)
		applyList(a, x, "Groups", &x.Groups)
	case *MakeSeriesAgg:
		a.apply(x, "X", nil, x.X)
		a.apply(x, "Value", nil, x.Value)
	case *MvExpandOp:
		applyList(a, x, "Params", &x.Params)
		applyList(a, x, "Exprs", &x.Exprs)
		a.apply(x, "LimitX", nil, x.LimitX)
	case *MvExpandExpr:
		a.apply(x, "X", nil, x.X)
		a.apply(x, "Type", nil, x.Type)
	case *MvApplyOp:
		applyList(a, x, "Params", &x.Params)
		applyList(a, x, "Exprs", &x.Exprs)
		a.apply(x, "LimitX", nil, x.LimitX)
		a.apply(x, "Sub", nil, x.Sub)
	case *ParseOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "X", nil, x.X)
		applyList(a, x, "Pattern", &x.Pattern)
	case *ParseKvOp:
		a.apply(x, "X", nil, x.X)
		a.apply(x, "Schema", nil, x.Schema)
		a.apply(x, "Props", nil, x.Props)
	case *JoinOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Right", nil, x.Right)
		applyList(a, x, "Conds", &x.Conds)
	case *UnionOp:
		applyList(a, x, "Params", &x.Params)
		applyList(a, x, "Tables", &x.Tables)
	case *TakeOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Count", nil, x.Count)
	case *TopOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Count", nil, x.Count)
		applyList(a, x, "Keys", &x.Keys)
	case *TopNestedOp:
		applyList(a, x, "Clauses", &x.Clauses)
	case *TopNestedClause:
		a.apply(x, "Count", nil, x.Count)
		a.apply(x, "X", nil, x.X)
		a.apply(x, "Others", nil, x.Others)
		a.apply(x, "Agg", nil, x.Agg)
	case *TopHittersOp:
		a.apply(x, "Count", nil, x.Count)
		a.apply(x, "X", nil, x.X)
		a.apply(x, "ByX", nil, x.ByX)
	case *SortOp:
		applyList(a, x, "Params", &x.Params)
		applyList(a, x, "Keys", &x.Keys)
	case *DistinctOp:
		applyList(a, x, "Params", &x.Params)
		applyList(a, x, "Exprs", &x.Exprs)
	case *GetSchemaOp:
	case *CountOp:
		a.apply(x, "Name", nil, x.Name)
	case *AsOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Name", nil, x.Name)
	case *SerializeOp:
		applyList(a, x, "Params", &x.Params)
		applyList(a, x, "Exprs", &x.Exprs)
	case *RenderOp:
		a.apply(x, "Chart", nil, x.Chart)
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Props", nil, x.Props)
	case *RenderClause:
		applyList(a, x, "Exprs", &x.Exprs)
	case *EvaluateOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Call", nil, x.Call)
		a.apply(x, "Schema", nil, x.Schema)
	case *InvokeOp:
		a.apply(x, "Call", nil, x.Call)
	case *ConsumeOp:
		applyList(a, x, "Params", &x.Params)
	case *SampleOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Count", nil, x.Count)
	case *SampleDistinctOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Count", nil, x.Count)
		a.apply(x, "X", nil, x.X)
	case *FacetOp:
		applyList(a, x, "Exprs", &x.Exprs)
		a.apply(x, "Sub", nil, x.Sub)
	case *ForkOp:
		applyList(a, x, "Branches", &x.Branches)
	case *PartitionOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "X", nil, x.X)
		a.apply(x, "Sub", nil, x.Sub)
	case *ReduceOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "X", nil, x.X)
		applyList(a, x, "Props", &x.Props)
	case *ScanOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Decls", nil, x.Decls)
		applyList(a, x, "Steps", &x.Steps)
	case *ScanStep:
		a.apply(x, "Name", nil, x.Name)
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Cond", nil, x.Cond)
		applyList(a, x, "Assigns", &x.Assigns)
	case *SearchOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Tables", nil, x.Tables)
		a.apply(x, "Pred", nil, x.Pred)
	case *FindOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Tables", nil, x.Tables)
		a.apply(x, "Pred", nil, x.Pred)
		applyList(a, x, "Columns", &x.Columns)
	case *PrintOp:
		applyList(a, x, "Exprs", &x.Exprs)
	case *RangeOp:
		a.apply(x, "Name", nil, x.Name)
		a.apply(x, "Start", nil, x.Start)
		a.apply(x, "Stop", nil, x.Stop)
		a.apply(x, "StepSize", nil, x.StepSize)

	// Graph operators.
	case *MakeGraphOp:
		applyList(a, x, "Params", &x.Params)
		a.apply(x, "Source", nil, x.Source)
		a.apply(x, "Target", nil, x.Target)
		applyList(a, x, "Tables", &x.Tables)
		a.apply(x, "NodeIDName", nil, x.NodeIDName)
		a.apply(x, "Partition", nil, x.Partition)
		a.apply(x, "Sub", nil, x.Sub)
	case *MakeGraphTable:
		a.apply(x, "Table", nil, x.Table)
		a.apply(x, "Key", nil, x.Key)
	case *GraphMatchOp:
		applyList(a, x, "Params", &x.Params)
		applyList(a, x, "Patterns", &x.Patterns)
		a.apply(x, "Pred", nil, x.Pred)
		applyList(a, x, "Exprs", &x.Exprs)
	case *GraphPattern:
		applyList(a, x, "Elems", &x.Elems)
	case *GraphNode:
		a.apply(x, "Name", nil, x.Name)
	case *GraphEdge:
		a.apply(x, "Name", nil, x.Name)
		a.apply(x, "Min", nil, x.Min)
		a.apply(x, "Max", nil, x.Max)
	case *GraphToTableOp:
		applyList(a, x, "Outputs", &x.Outputs)
	case *GraphToTableOutput:
		a.apply(x, "Name", nil, x.Name)
		applyList(a, x, "Params", &x.Params)
	case *GraphMarkComponentsOp:
		applyList(a, x, "Params", &x.Params)
	case *GraphWhereOp:
		a.apply(x, "Pred", nil, x.Pred)
	default:
		panic(fmt.Sprintf("kql: Apply: unexpected node type %T", n))
	}
}
