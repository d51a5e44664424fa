package types

import (
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// pipeline binds a tabular expression Source | op | op. A pipeline
// without a source (inside mv-apply, facet, fork, partition) applies its
// first operator to in.
func (c *checker) pipeline(pl *kql.Pipeline, in *Schema) Type {
	var cur Type = in
	if pl.Source != nil {
		v := c.tabularOrScalar(pl.Source, tabularContext)
		if g, ok := v.typ.(*graphType); ok {
			cur = g
		} else if s := asSchema(v.typ); s != nil {
			cur = s
		} else {
			if v.typ != nil && v.typ != Unknown && !isOpaque(v.typ) {
				c.errorf(CodeScalarExpected, pl.Source, v.name, "a table is expected before '|', not a value of type %s", v.typ)
			}
			cur = openSchema()
		}
	}
	for _, op := range pl.Ops {
		if g, ok := cur.(*graphType); ok || isGraphOp(op) {
			if !ok {
				// A graph operator after rows: KQL reads the rows as the
				// edges of a graph it knows nothing else of.
				s, _ := cur.(*Schema)
				g = &graphType{edges: s}
			}
			cur = c.graphOperator(op, g)
			continue
		}
		s, _ := cur.(*Schema)
		if s == nil {
			s = openSchema()
		}
		cur = c.operator(op, s)
	}
	return cur
}

// operator binds an operator applied to rows of schema in (nil for an
// operator that starts a query), and returns its output's type: a
// *Schema, or nil for consume and render-like operators that output
// nothing further.
func (c *checker) operator(op kql.Operator, in *Schema) Type {
	row, right, kind := c.row, c.right, c.kind
	c.row, c.right, c.kind = in, nil, normalScope
	var out *Schema
	if mg, ok := op.(*kql.MakeGraphOp); ok {
		// make-graph outputs a graph, not rows; a partitioned-by
		// subquery turns it back into rows.
		t := c.makeGraph(mg, in)
		c.row, c.right, c.kind = row, right, kind
		if s, ok := t.(*Schema); ok {
			return s
		}
		return t
	}
	out = c.operator1(op, in, in != nil)
	c.row, c.right, c.kind = row, right, kind
	if out == nil {
		out = openSchema()
	}
	if in != nil && in.unknownSource != "" && out.unknownSource == "" && !out.Open {
		// The rows still come from the unknown source.
		out = &Schema{Columns: out.Columns, unknownSource: in.unknownSource}
	}
	c.recordSchema(op, out)
	return out
}

// operator1 binds op; hasInput says whether rows are piped into it.
func (c *checker) operator1(op kql.Operator, in *Schema, hasInput bool) *Schema {
	if in == nil {
		in = &Schema{}
	}
	switch op := op.(type) {
	case *kql.WhereOp:
		c.checkBool(op.Pred, c.expr(op.Pred))
		return in
	case *kql.TakeOp:
		c.expr(op.Count)
		return in
	case *kql.SampleOp:
		c.expr(op.Count)
		return in
	case *kql.SortOp:
		for _, k := range op.Keys {
			c.notDynamic(k, c.expr(k), "sort by")
		}
		return in
	case *kql.TopOp:
		c.expr(op.Count)
		for _, k := range op.Keys {
			c.expr(k)
		}
		return in
	case *kql.ExtendOp:
		p := newProjectionFrom(in, len(op.Exprs), false)
		for _, x := range op.Exprs {
			c.projectExpr(p, x, styleExtend, false, nil, "", op)
		}
		return p.schema(in.Open)
	case *kql.SerializeOp:
		p := newProjectionFrom(in, len(op.Exprs), false)
		for _, x := range op.Exprs {
			c.projectExpr(p, x, styleDefault, false, nil, "", op)
		}
		return p.schema(in.Open)
	case *kql.ProjectOp:
		return c.project(op, in)
	case *kql.SummarizeOp:
		p := newProjection(len(op.Groups) + len(op.Aggs))
		for _, g := range op.Groups {
			c.notDynamic(g, c.projectExpr(p, g, styleDefault, false, nil, "", op), "summarize by")
		}
		for _, col := range p.cols {
			p.doNotAdd(col)
		}
		c.kind, c.by = aggregateScope, p.cols
		for _, a := range op.Aggs {
			c.projectExpr(p, a, styleSummarize, false, nil, "", op)
		}
		c.kind, c.by = normalScope, nil
		return &Schema{Columns: p.cols, Open: in.Open}
	case *kql.DistinctOp:
		p := newProjection(len(op.Exprs))
		for _, x := range op.Exprs {
			c.notDynamic(x, c.projectExpr(p, x, styleDefault, false, nil, "", op), "distinct")
			if _, ok := x.(*kql.Star); ok {
				for _, col := range p.cols {
					if col.Type == Dynamic {
						c.errorf(CodeTypeMismatch, x, col.Name, "distinct * cannot use the dynamic column %q; project it away or convert it with tostring()", col.Name)
						break
					}
				}
			}
		}
		return &Schema{Columns: p.cols, Open: in.Open}
	case *kql.CountOp:
		col := &Column{Name: "Count", Type: Long, Origin: op}
		if op.Name != nil {
			col.Name = op.Name.Name
			c.def(op.Name, col)
		}
		return &Schema{Columns: []*Column{col}}
	case *kql.AsOp:
		if op.Name != nil {
			l := &Let{Name: op.Name.Name, Decl: op, Type: in}
			c.def(op.Name, l)
			c.declare(l)
		}
		return in
	case *kql.RenderOp:
		return in
	case *kql.ConsumeOp:
		return &Schema{}
	case *kql.GetSchemaOp:
		return &Schema{Columns: []*Column{
			{Name: "ColumnName", Type: String, Origin: op},
			{Name: "ColumnOrdinal", Type: Long, Origin: op},
			{Name: "DataType", Type: String, Origin: op},
			{Name: "ColumnType", Type: String, Origin: op},
		}}
	case *kql.MakeSeriesOp:
		return c.makeSeries(op, in)
	case *kql.MvExpandOp:
		out := c.mvExpand(op.Params, op.Exprs, in, op)
		if op.LimitX != nil {
			c.expr(op.LimitX)
		}
		return out
	case *kql.MvApplyOp:
		return c.mvApply(op, in)
	case *kql.ParseOp:
		return c.parse(op, in)
	case *kql.ParseKvOp:
		c.expr(op.X)
		cols := append([]*Column(nil), in.Columns...)
		if op.Schema != nil {
			cols = append(cols, c.declaredSchema(op.Schema, op).Columns...)
		}
		return &Schema{Columns: cols, Open: in.Open}
	case *kql.JoinOp:
		if op.Keyword == "lookup" {
			return c.lookup(op, in)
		}
		return c.join(op, in)
	case *kql.UnionOp:
		return c.union(op, in, hasInput)
	case *kql.TopNestedOp:
		return c.topNested(op)
	case *kql.TopHittersOp:
		c.expr(op.Count)
		p := newProjection(2)
		of := c.expr(op.X)
		c.addComputed(p, op.X, of, op)
		if op.ByX != nil {
			by := c.expr(op.ByX)
			p.add(&Column{Name: "approximate_sum_" + by.name, Type: scalarKind(by.typ), Origin: op}, "", false, false)
		} else {
			p.add(&Column{Name: "approximate_count_" + of.name, Type: Long, Origin: op}, "", false, false)
		}
		return &Schema{Columns: p.cols, Open: in.Open}
	case *kql.SampleDistinctOp:
		c.expr(op.Count)
		of := c.expr(op.X)
		col := of.col
		if col == nil {
			name := of.name
			if name == "" {
				name = "Column1"
			}
			col = &Column{Name: name, Type: scalarKind(of.typ), Origin: op}
		}
		return &Schema{Columns: []*Column{col}, Open: in.Open}
	case *kql.EvaluateOp:
		return c.evaluate(op, in)
	case *kql.InvokeOp:
		return c.invoke(op, in)
	case *kql.FacetOp:
		return c.facet(op, in)
	case *kql.ForkOp:
		for _, b := range op.Branches {
			if n, ok := b.(*kql.NamedExpr); ok {
				b = n.Value
			}
			c.subquery(b, in)
		}
		// fork returns several tables; what follows reads none of them
		// by name.
		return openSchema()
	case *kql.PartitionOp:
		return c.partition(op, in)
	case *kql.ReduceOp:
		c.expr(op.X)
		var cols []*Column
		if paramValue(op.Params, "kind") == "source" {
			cols = append(cols, in.Columns...)
		}
		cols = append(cols,
			&Column{Name: "Pattern", Type: String, Origin: op},
			&Column{Name: "Count", Type: Long, Origin: op},
			&Column{Name: "Representative", Type: String, Origin: op})
		return &Schema{Columns: cols}
	case *kql.ScanOp:
		return c.scan(op, in)
	case *kql.SearchOp:
		return c.search(op, in, hasInput)
	case *kql.FindOp:
		return c.find(op)
	case *kql.PrintOp:
		p := newProjection(len(op.Exprs))
		for i, x := range op.Exprs {
			c.projectExpr(p, x, stylePrint, false, nil, "print_"+itoa(i), op)
		}
		return &Schema{Columns: p.cols}
	case *kql.RangeOp:
		return c.rangeOp(op)
	}
	// An operator kqlt parses but the binder does not know: its output
	// is unknown.
	return openSchema()
}

// paramValue returns the value of the named operator parameter, as
// written: kind=inner gives "inner".
func paramValue(list []*kql.NamedExpr, name string) string {
	for _, p := range list {
		if p.Name != nil && p.Name.Name == name {
			switch v := p.Value.(type) {
			case *kql.Ident:
				return v.Name
			case *kql.BasicLit:
				if s, err := kql.Unquote(v.Value); err == nil && v.Kind == kql.StringLit {
					return s
				}
				return v.Value
			}
		}
	}
	return ""
}

// paramIdent returns the identifier of a named operator parameter's
// value, such as the T of withsource=T.
func paramIdent(list []*kql.NamedExpr, names ...string) *kql.Ident {
	for _, p := range list {
		for _, name := range names {
			if p.Name != nil && p.Name.Name == name {
				if id, ok := p.Value.(*kql.Ident); ok {
					return id
				}
			}
		}
	}
	return nil
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// addComputed adds the column of an expression that is already bound,
// naming it as KQL does.
func (c *checker) addComputed(p *projection, x kql.Expr, v operand, origin kql.Node) {
	if v.col != nil {
		p.add(v.col, "", false, false)
		return
	}
	name := v.name
	if name == "" {
		name = c.defaultColumnName(false)
	}
	p.add(&Column{Name: name, Type: scalarKind(v.typ), Origin: origin}, "", false, false)
}

// notDynamic reports a dynamic value where KQL cannot group, sort or
// partition by one.
func (c *checker) notDynamic(x kql.Expr, v operand, clause string) {
	if v.typ == Dynamic {
		c.errorf(CodeTypeMismatch, x, v.name, "%s cannot use the dynamic value %s; convert it with tostring()", clause, c.quoted(x, v))
	}
}

// ---------------------------------------------------------------------------
// project and its variants

func (c *checker) project(op *kql.ProjectOp, in *Schema) *Schema {
	switch op.Keyword {
	case "project-away", "project-keep":
		names := c.columnList(op.Exprs, in)
		var cols []*Column
		for _, col := range in.Columns {
			if names[col.Name] == (op.Keyword == "project-keep") {
				cols = append(cols, col)
			}
		}
		return &Schema{Columns: cols, Open: in.Open}
	case "project-rename":
		p := newProjectionFrom(in, 0, true)
		for _, x := range op.Exprs {
			n, ok := x.(*kql.NamedExpr)
			if !ok {
				c.expr(x)
				c.errorf(CodeColumnExpected, x, "", "project-rename expects new_name = column")
				continue
			}
			v := c.expr(n.Value)
			if v.col == nil {
				if v.typ != Unknown || v.sym != nil {
					c.errorf(CodeColumnExpected, n.Value, v.name, "project-rename renames a column; %s is not one", c.text(n.Value))
				}
				continue
			}
			col, ok := p.rename(v.col.Name, n.Name.Name)
			if !ok {
				c.errorf(CodeDuplicateColumn, n.Name, n.Name.Name, "the column %q is declared twice", n.Name.Name)
				continue
			}
			if col == nil && in.Open {
				// Renaming a column the open schema may have.
				col = &Column{Name: n.Name.Name, Type: Unknown, Origin: op}
				p.declare(col, false)
			}
			if col != nil {
				col.Origin = op
				c.def(n.Name, col)
			}
		}
		return p.schema(in.Open)
	case "project-reorder":
		p := newProjection(len(in.Columns))
		named := map[string]bool{} // the columns named without a wildcard
		for _, x := range op.Exprs {
			order := ""
			if s, ok := x.(*kql.SortExpr); ok {
				x, order = s.X, s.Order
			}
			if id, ok := x.(*kql.Ident); ok && !strings.ContainsRune(id.Name, '*') {
				// As the official analysis does (KS171); a wildcard may
				// match a column named elsewhere.
				if named[id.Name] {
					c.errorf(CodeDuplicateColumn, id, id.Name, "the column %q is already in the projection", id.Name)
				}
				named[id.Name] = true
			}
			for _, col := range c.columnsOf(x, in) {
				p.add(col, "", false, true)
			}
			_ = order // the order of the columns a wildcard matches
		}
		for _, col := range in.Columns {
			p.add(col, "", false, false)
		}
		return &Schema{Columns: p.cols, Open: in.Open}
	}
	// project
	p := newProjection(len(op.Exprs))
	for _, x := range op.Exprs {
		c.projectExpr(p, x, styleDefault, false, nil, "", op)
	}
	return &Schema{Columns: p.cols, Open: in.Open}
}

// columnList resolves the columns of project-away and project-keep,
// which may be wildcards, and returns their names.
func (c *checker) columnList(list []kql.Expr, in *Schema) map[string]bool {
	names := map[string]bool{}
	for _, x := range list {
		for _, col := range c.columnsOf(x, in) {
			names[col.Name] = true
		}
	}
	return names
}

// columnsOf returns the columns of in that x names: a column, or the
// columns a wildcard such as Account* matches. It reports an x that is
// not a column.
func (c *checker) columnsOf(x kql.Expr, in *Schema) []*Column {
	if p, ok := x.(*kql.ParenExpr); ok {
		return c.columnsOf(p.X, in)
	}
	if id, ok := x.(*kql.Ident); ok && strings.ContainsRune(id.Name, '*') {
		var cols []*Column
		for _, col := range in.Columns {
			if wildcardMatch(id.Name, col.Name) {
				cols = append(cols, col)
			}
		}
		if len(cols) == 0 && !in.Open {
			c.errorf(CodeUnknownName, id, id.Name, "no column matches %q", id.Name)
		}
		c.record(id, Unknown)
		return cols
	}
	if _, ok := x.(*kql.Star); ok {
		return in.Columns
	}
	v := c.expr(x)
	if v.col != nil {
		return []*Column{v.col}
	}
	if v.typ != Unknown || v.sym != nil {
		c.errorf(CodeColumnExpected, x, v.name, "a column name is expected here, not %s", c.text(x))
	}
	return nil
}

// wildcardMatch reports whether name matches pattern, in which '*'
// stands for any run of characters.
func wildcardMatch(pattern, name string) bool {
	for {
		star := strings.IndexByte(pattern, '*')
		if star < 0 {
			return pattern == name
		}
		if !strings.HasPrefix(name, pattern[:star]) {
			return false
		}
		name = name[star:]
		pattern = pattern[star+1:]
		if pattern == "" {
			return true
		}
		// Try every position for the rest of the pattern.
		for i := 0; i <= len(name); i++ {
			if wildcardMatch(pattern, name[i:]) {
				return true
			}
		}
		return false
	}
}

// text returns the source text of n, shortened, for messages.
func (c *checker) text(n kql.Node) string {
	s := kql.Format(n)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// ---------------------------------------------------------------------------
// make-series, mv-expand, mv-apply, parse

func (c *checker) makeSeries(op *kql.MakeSeriesOp, in *Schema) *Schema {
	p := newProjection(len(op.Groups) + len(op.Aggs) + 1)
	for _, g := range op.Groups {
		c.projectExpr(p, g, styleDefault, false, nil, "", op)
	}
	dyn := Dynamic
	c.kind = aggregateScope
	for _, a := range op.Aggs {
		c.projectExpr(p, a.X, styleSummarize, false, &dyn, "", op)
		if a.Value != nil {
			c.kind = normalScope
			c.expr(a.Value)
			c.kind = aggregateScope
		}
	}
	c.kind = normalScope
	if op.Axis != nil {
		c.projectExpr(p, op.Axis, styleDefault, false, &dyn, "", op)
	}
	for _, x := range []kql.Expr{op.Range, op.Start, op.Stop, op.StepSize} {
		if x != nil {
			c.expr(x)
		}
	}
	return &Schema{Columns: p.cols, Open: in.Open}
}

// mvExpand builds the output of mv-expand, and the input of mv-apply's
// subquery.
func (c *checker) mvExpand(params []*kql.NamedExpr, exprs []*kql.MvExpandExpr, in *Schema, origin kql.Node) *Schema {
	p := newProjectionFrom(in, len(exprs)+1, false)
	for _, e := range exprs {
		var t *Kind
		if e.Type != nil {
			k := scalarKind(c.typeOf(e.Type))
			t = &k
		} else {
			// Each row gets one element: still dynamic (or unknown).
			k := Dynamic
			t = &k
			if v := c.peekType(e.X); v == Unknown {
				k = Unknown
			}
		}
		c.projectExpr(p, e.X, styleReplace, false, t, "", origin)
	}
	if id := paramIdent(params, "with_itemindex"); id != nil {
		col := p.add(&Column{Name: id.Name, Type: Long, Origin: origin}, "", false, false)
		c.def(id, col)
	}
	return p.schema(in.Open)
}

// peekType returns the type of x without recording anything: used where
// the type of an expression decides how it is bound.
func (c *checker) peekType(x kql.Expr) Type {
	c.quiet++
	v := c.expr(x)
	c.quiet--
	return v.typ
}

func (c *checker) mvApply(op *kql.MvApplyOp, in *Schema) *Schema {
	sub := c.mvExpand(op.Params, op.Exprs, in, op)
	if op.LimitX != nil {
		c.expr(op.LimitX)
	}
	applied := map[*Column]bool{}
	for _, e := range op.Exprs {
		if v, ok := e.X.(*kql.Ident); ok {
			if col := in.Lookup(v.Name); col != nil {
				applied[col] = true
			}
		}
	}
	res := c.subquery(op.Sub, sub)
	p := newProjection(len(in.Columns) + len(res.Columns))
	for _, col := range in.Columns {
		if !applied[col] {
			p.add(col, "", false, true)
		}
	}
	for _, col := range res.Columns {
		p.add(col, "", true, false)
	}
	return &Schema{Columns: p.cols, Open: in.Open || res.Open}
}

// subquery binds the parenthesized pipeline of mv-apply, facet, fork and
// partition, whose first operator applies to in.
func (c *checker) subquery(x kql.Expr, in *Schema) *Schema {
	var t Type
	switch x := x.(type) {
	case *kql.ParenExpr:
		t = c.subquery1(x.X, in)
		c.record(x, t)
	case *kql.BraceExpr:
		t = c.subquery1(x.X, in)
		c.record(x, t)
	default:
		t = c.subquery1(x, in)
	}
	if s, ok := t.(*Schema); ok {
		return s
	}
	return openSchema()
}

func (c *checker) subquery1(x kql.Expr, in *Schema) Type {
	row := c.row
	defer func() { c.row = row }()
	if pl, ok := x.(*kql.Pipeline); ok {
		c.row = nil
		t := c.pipeline(pl, in)
		c.record(pl, t)
		return t
	}
	c.row = in
	return c.tabularOrScalar(x, tabularContext).typ
}

func (c *checker) parse(op *kql.ParseOp, in *Schema) *Schema {
	c.expr(op.X)
	cols := append([]*Column(nil), in.Columns...)
	seen := map[string]bool{}
	for _, part := range op.Pattern {
		d, ok := part.(*kql.ColumnDecl)
		if !ok || d.Name == nil {
			continue
		}
		col := &Column{Name: d.Name.Name, Type: String, Origin: op}
		if t, ok := d.Type.(*kql.Ident); ok {
			col.Type = kindOf(t.Name)
		}
		c.def(d.Name, col)
		if seen[col.Name] {
			c.errorf(CodeDuplicateColumn, d.Name, col.Name, "the column %q is extracted twice", col.Name)
			continue
		}
		seen[col.Name] = true
		cols = append(cols, col)
	}
	return &Schema{Columns: cols, Open: in.Open}
}

// ---------------------------------------------------------------------------
// join, lookup, union

// joinKinds that keep only the left side's columns, or only the right's.
func leftOnlyJoin(kind string) bool {
	switch kind {
	case "anti", "leftanti", "leftsemi", "leftantisemi":
		return true
	}
	return false
}

func rightOnlyJoin(kind string) bool {
	switch kind {
	case "rightanti", "rightsemi", "rightantisemi":
		return true
	}
	return false
}

func (c *checker) join(op *kql.JoinOp, in *Schema) *Schema {
	right := c.joinOperand(op.Right)
	c.joinConds(op.Conds, in, right, nil)
	kind := paramValue(op.Params, "kind")
	var cols []*Column
	open := false
	if !rightOnlyJoin(kind) {
		cols = append(cols, in.Columns...)
		open = in.Open
	}
	if !leftOnlyJoin(kind) {
		cols = append(cols, right.Columns...)
		open = open || right.Open
	}
	return &Schema{Columns: uniqueColumns(cols), Open: open, unknownSource: unknownSourceOf(in, right)}
}

// unknownSourceOf returns the unknown source of the first of the schemas
// that has one.
func unknownSourceOf(schemas ...*Schema) string {
	for _, s := range schemas {
		if s != nil && s.unknownSource != "" {
			return s.unknownSource
		}
	}
	return ""
}

// joinOperand binds the right side of join or lookup, which does not see
// the left side's columns.
func (c *checker) joinOperand(x kql.Expr) *Schema {
	row := c.row
	c.row = nil
	defer func() { c.row = row }()
	return c.tabular(x)
}

// joinPair is a pair of columns a join condition equates.
type joinPair struct{ left, right *Column }

// joinConds binds the conditions of join or lookup on: a column both
// sides have, or $left.a == $right.b, joined with and.
func (c *checker) joinConds(conds []kql.Expr, left, right *Schema, pairs *[]joinPair) {
	row, r, unknownRight := c.row, c.right, c.unknownRight
	c.row, c.right = left, right
	if right.unknownSource != "" {
		// KQL cannot bind $left and $right when the right side is not a
		// table it knows.
		c.unknownRight = right.unknownSource
	}
	defer func() { c.row, c.right, c.unknownRight = row, r, unknownRight }()
	for _, x := range conds {
		c.joinCond(x, left, right, pairs)
	}
}

func (c *checker) joinCond(x kql.Expr, left, right *Schema, pairs *[]joinPair) {
	switch e := x.(type) {
	case *kql.ParenExpr:
		c.joinCond(e.X, left, right, pairs)
		return
	case *kql.BinaryExpr:
		if e.Op == "and" {
			c.joinCond(e.X, left, right, pairs)
			c.joinCond(e.Y, left, right, pairs)
			c.record(e, Bool)
			return
		}
		if e.Op == "==" {
			l := c.expr(e.X)
			r := c.expr(e.Y)
			c.record(e, Bool)
			if pairs != nil && l.col != nil && r.col != nil {
				*pairs = append(*pairs, joinPair{l.col, r.col})
			}
			return
		}
	case *kql.Ident:
		lc, rc := left.Lookup(e.Name), right.Lookup(e.Name)
		switch {
		case lc == nil && !left.Open && rc == nil && !right.Open:
			c.errorf(CodeUnknownName, e, e.Name, "unknown column %q: neither side of the join has it%s", e.Name,
				suggest(e.Name, append(columnNames(left), columnNames(right)...)))
		case lc == nil && left.unknownSource != "", rc == nil && right.unknownSource != "":
			c.report(CodeJoinCondition, SeverityWarning, e, e.Name, "the join key %q must be a column of both sides; one side comes from %q, which the schema does not have; %s",
				e.Name, unknownSourceOf(left, right), addSchemaHint)
		case lc == nil && !left.Open:
			c.errorf(CodeJoinCondition, e, e.Name, "the join key %q must be a column of both sides; the left side lacks it%s", e.Name, suggest(e.Name, columnNames(left)))
		case rc == nil && !right.Open:
			c.errorf(CodeJoinCondition, e, e.Name, "the join key %q must be a column of both sides; the right side lacks it%s", e.Name, suggest(e.Name, columnNames(right)))
		}
		if lc == nil && left.Open {
			lc = c.inferred(left, e.Name)
		}
		if rc == nil && right.Open {
			rc = c.inferred(right, e.Name)
		}
		if lc != nil {
			c.use(e, lc)
			c.record(e, lc.Type)
		} else if rc != nil {
			c.use(e, rc)
			c.record(e, rc.Type)
		}
		if pairs != nil && lc != nil && rc != nil {
			*pairs = append(*pairs, joinPair{lc, rc})
		}
		return
	}
	c.expr(x)
}

func (c *checker) lookup(op *kql.JoinOp, in *Schema) *Schema {
	right := c.joinOperand(op.Right)
	var pairs []joinPair
	c.joinConds(op.Conds, in, right, &pairs)
	cols := make([]*Column, 0, len(in.Columns)+len(right.Columns))
	cols = append(cols, in.Columns...)
	keyOfRight := map[*Column]bool{}
	for _, p := range pairs {
		keyOfRight[p.right] = true
	}
	for _, col := range right.Columns {
		if !keyOfRight[col] {
			cols = append(cols, col)
		}
	}
	return &Schema{Columns: uniqueColumns(cols), Open: in.Open || right.Open, unknownSource: unknownSourceOf(in, right)}
}

// uniqueColumns renames the columns whose names an earlier column has:
// the second of two x becomes x1, as join names them.
func uniqueColumns(cols []*Column) []*Column {
	first := make(map[string]int, len(cols))
	dup := false
	for i, col := range cols {
		if _, ok := first[col.Name]; ok {
			dup = true
		} else {
			first[col.Name] = i
		}
	}
	if !dup {
		return cols
	}
	p := &projection{unique: make(map[string]int, len(first))}
	for name := range first {
		p.unique[name] = 0
	}
	out := make([]*Column, len(cols))
	for i, col := range cols {
		if first[col.Name] != i {
			if u := p.uniqueName(col.Name, ""); u != col.Name {
				col = &Column{Name: u, Type: col.Type, Table: col.Table, Origin: col.Origin}
			}
		}
		out[i] = col
	}
	return out
}

func (c *checker) union(op *kql.UnionOp, in *Schema, hasInput bool) *Schema {
	var tables []*Schema
	if hasInput {
		tables = append(tables, in)
	}
	fuzzy, row := c.fuzzy, c.row
	if v := paramValue(op.Params, "isfuzzy"); v != "" {
		c.fuzzy = v == "true"
	}
	c.row = nil
	for _, t := range op.Tables {
		tables = append(tables, c.unionOperand(t)...)
	}
	c.fuzzy, c.row = fuzzy, row
	var cols []*Column
	open := false
	for _, t := range tables {
		open = open || t.Open
	}
	if paramValue(op.Params, "kind") == "inner" {
		cols = commonColumns(tables)
		open = open && allOpen(tables)
	} else {
		var guessed bool
		cols, guessed = unifyColumns(tables)
		open = open || guessed
	}
	if id := paramIdent(op.Params, "withsource", "with_source"); id != nil {
		src := &Column{Name: id.Name, Type: String, Origin: op}
		c.def(id, src)
		cols = append([]*Column{src}, cols...)
	}
	return &Schema{Columns: cols, Open: open}
}

func allOpen(tables []*Schema) bool {
	for _, t := range tables {
		if !t.Open {
			return false
		}
	}
	return len(tables) > 0
}

// unionOperand binds a table of union, search or find: a tabular
// expression, * for every table of the database, or a name with wildcards
// that matches several tables.
func (c *checker) unionOperand(x kql.Expr) []*Schema {
	if _, ok := x.(*kql.Star); ok {
		out := c.tablesMatching("*")
		if len(out) == 0 {
			out = append(out, openSchema()) // a database that knows no table
		}
		return out
	}
	if id, ok := x.(*kql.Ident); ok && strings.ContainsRune(id.Name, '*') {
		out := c.tablesMatching(id.Name)
		if len(out) == 0 {
			// KQL reports a pattern that matches no table (even under
			// isfuzzy=true). The workspace may have tables the schema
			// lacks, as for an unknown table: a warning, and any columns.
			c.report(CodeUnknownTable, SeverityWarning, id, id.Name, "no table of the schema matches %q; if the workspace has such tables, add their schema with --schema", id.Name)
			out = append(out, openSchema())
		}
		c.record(id, out[0])
		return out
	}
	return []*Schema{c.tabular(x)}
}

// tablesMatching returns the row schemas of the tables of the database
// whose names match pattern, in which '*' matches any run of characters.
func (c *checker) tablesMatching(pattern string) []*Schema {
	if c.db == nil {
		return nil
	}
	var out []*Schema
	for _, name := range c.db.TableNames() {
		if wildcardMatch(pattern, name) {
			if t := c.db.Table(name); t != nil {
				out = append(out, t.Schema())
			}
		}
	}
	return out
}

// allTables returns the row schema of a search or find over every table
// of the database.
func (c *checker) allTables() *Schema {
	tables := c.tablesMatching("*")
	if len(tables) == 0 {
		return openSchema()
	}
	cols, guessed := unifyColumns(tables)
	return &Schema{Columns: cols, Open: guessed || anyOpen(tables)}
}

// unifyColumns returns the columns of a union of tables: one column for
// each name and type; a name with several types gets a column for each,
// named name_type (x_string, x_long).
//
// guessed reports whether some columns of a name had an unknown type, so
// that KQL's names for them (x_long, x_real) are unknown: the union's
// schema must then be open.
func unifyColumns(tables []*Schema) (cols []*Column, guessed bool) {
	if len(tables) == 1 {
		return tables[0].Columns, false
	}
	type entry struct {
		types []Kind
		cols  map[Kind][]*Column
	}
	var order []string
	byName := map[string]*entry{}
	for _, t := range tables {
		for _, col := range t.Columns {
			e := byName[col.Name]
			if e == nil {
				e = &entry{cols: map[Kind][]*Column{}}
				byName[col.Name] = e
				order = append(order, col.Name)
			}
			if _, ok := e.cols[col.Type]; !ok {
				e.types = append(e.types, col.Type)
			}
			e.cols[col.Type] = append(e.cols[col.Type], col)
		}
	}
	p := &projection{unique: map[string]int{}}
	var out []*Column
	for _, name := range order {
		e := byName[name]
		if len(e.types) > 1 && e.cols[Unknown] != nil {
			// KQL names the columns by their types, some of which kqlt
			// does not know: keep the name, of unknown type.
			out = append(out, &Column{Name: p.uniqueName(name, ""), Type: Unknown})
			guessed = true
			continue
		}
		if len(e.types) > 1 {
			for _, k := range e.types {
				u := p.uniqueName(name+"_"+k.String(), "")
				out = append(out, &Column{Name: u, Type: k})
			}
			continue
		}
		cols := e.cols[e.types[0]]
		col := cols[0]
		if len(cols) > 1 {
			col = &Column{Name: name, Type: col.Type, Table: sameTable(cols)}
		}
		if u := p.uniqueName(name, ""); u != name {
			col = &Column{Name: u, Type: col.Type}
		}
		out = append(out, col)
	}
	return out, guessed
}

// sameTable returns the table all the columns belong to, or nil.
func sameTable(cols []*Column) *Table {
	t := cols[0].Table
	for _, col := range cols[1:] {
		if col.Table != t {
			return nil
		}
	}
	return t
}

// commonColumns returns the columns that all the tables have (by name),
// for union kind=inner.
func commonColumns(tables []*Schema) []*Column {
	if len(tables) == 0 {
		return nil
	}
	cols := tables[0].Columns
	for _, t := range tables[1:] {
		var keep []*Column
		for _, col := range cols {
			if t.Lookup(col.Name) != nil {
				keep = append(keep, col)
			}
		}
		cols = keep
	}
	return cols
}

// ---------------------------------------------------------------------------
// top-nested, evaluate, invoke, facet, partition, scan, search, find, range

func (c *checker) topNested(op *kql.TopNestedOp) *Schema {
	p := &projection{unique: map[string]int{}}
	var cols []*Column
	for _, cl := range op.Clauses {
		if cl.Count != nil {
			c.expr(cl.Count)
		}
		of := c.expr(cl.X)
		if cl.Others != nil {
			c.expr(cl.Others)
		}
		c.kind = aggregateScope
		by := c.expr(cl.Agg)
		c.kind = normalScope
		ofName := p.uniqueName(of.name, "")
		cols = append(cols, columnFor(of, ofName, op))
		byName := ""
		agg := cl.Agg
		if s, ok := agg.(*kql.SortExpr); ok {
			agg = s.X
		}
		if n, ok := agg.(*kql.NamedExpr); ok {
			byName = n.Name.Name
		} else {
			byName = "aggregated_" + ofName
		}
		cols = append(cols, columnFor(by, p.uniqueName(byName, ""), op))
	}
	return &Schema{Columns: cols}
}

// columnFor returns the column an expression yields under a name: the
// column itself for a reference to a column of that name.
func columnFor(v operand, name string, origin kql.Node) *Column {
	if v.col != nil && v.col.Name == name {
		return v.col
	}
	return &Column{Name: name, Type: scalarKind(v.typ), Origin: origin}
}

func (c *checker) evaluate(op *kql.EvaluateOp, in *Schema) *Schema {
	var out *Schema
	call, ok := op.Call.(*kql.CallExpr)
	if ok {
		kind := c.kind
		c.kind = pluginScope
		v := c.call(call, tabularContext)
		c.kind = kind
		out, _ = v.typ.(*Schema)
		c.record(call, v.typ)
	} else {
		c.expr(op.Call)
	}
	if out == nil {
		out = openSchema()
	}
	if op.Schema != nil {
		declared := c.declaredSchema(op.Schema, op)
		star := false
		for _, x := range op.Schema.Columns {
			if _, ok := x.(*kql.Star); ok {
				star = true
			}
		}
		var cols []*Column
		if star {
			for _, col := range out.Columns {
				if declared.Lookup(col.Name) == nil {
					cols = append(cols, col)
				}
			}
		}
		return &Schema{Columns: append(cols, declared.Columns...)}
	}
	return out
}

func (c *checker) invoke(op *kql.InvokeOp, in *Schema) *Schema {
	call, ok := op.Call.(*kql.CallExpr)
	if !ok {
		c.expr(op.Call)
		return openSchema()
	}
	row := c.row
	c.row = nil
	c.implicit = in
	v := c.call(call, statementContext)
	c.implicit = nil
	c.row = row
	c.record(call, v.typ)
	if s := asSchema(v.typ); s != nil {
		return s
	}
	return openSchema()
}

func (c *checker) facet(op *kql.FacetOp, in *Schema) *Schema {
	for _, x := range op.Exprs {
		c.notDynamic(x, c.expr(x), "facet by")
	}
	if op.Sub != nil {
		c.subquery(op.Sub, in)
	}
	// facet returns a table per column; what follows reads none by name.
	return openSchema()
}

func (c *checker) partition(op *kql.PartitionOp, in *Schema) *Schema {
	by := c.expr(op.X)
	c.notDynamic(op.X, by, "partition by")
	defer c.push()()
	if by.col != nil {
		c.declare(by.col)
	}
	var res *Schema
	if b, ok := op.Sub.(*kql.BraceExpr); ok {
		// partition by x { T | ... }: a whole query, without the input's
		// row in scope.
		row := c.row
		c.row = nil
		res = c.tabular(b.X)
		c.row = row
		c.record(b, res)
	} else {
		res = c.subquery(op.Sub, in)
	}
	return &Schema{Columns: res.Columns, Open: res.Open}
}

func (c *checker) scan(op *kql.ScanOp, in *Schema) *Schema {
	cols := append([]*Column(nil), in.Columns...)
	var declared *Schema
	if op.Decls != nil {
		declared = c.declaredSchema(op.Decls, op)
		cols = append(cols, declared.Columns...)
	}
	matchID := "match_id"
	if id := paramIdent(op.Params, "with_match_id"); id != nil {
		matchID = id.Name
	}
	cols = append(cols, &Column{Name: matchID, Type: Long, Origin: op})
	state := &Schema{Columns: cols, Open: in.Open}
	defer c.push()()
	if declared != nil {
		for _, col := range declared.Columns {
			c.declare(col)
		}
	}
	// Each step's name stands for the row it last matched.
	for _, s := range op.Steps {
		if s.Name != nil {
			ref := &RowRef{Name: s.Name.Name, Schema: state}
			c.def(s.Name, ref)
			c.declare(ref)
		}
	}
	row := c.row
	c.row = state
	for _, s := range op.Steps {
		c.expr(s.Cond)
		for _, a := range s.Assigns {
			c.expr(a.Value)
			if col := state.Lookup(a.Name.Name); col != nil {
				c.use(a.Name, col)
			} else if !state.Open {
				c.errorf(CodeUnknownName, a.Name, a.Name.Name, "scan assigns %q, which is neither declared nor a column%s", a.Name.Name, suggest(a.Name.Name, columnNames(state)))
			}
		}
	}
	c.row = row
	return state
}

func (c *checker) search(op *kql.SearchOp, in *Schema, hasInput bool) *Schema {
	row := c.row
	var scope *Schema
	switch {
	case op.Tables != nil:
		c.row = nil
		var tables []*Schema
		for _, t := range op.Tables.Elems {
			tables = append(tables, c.unionOperand(t)...)
		}
		cols, guessed := unifyColumns(tables)
		scope = &Schema{Columns: cols, Open: guessed || anyOpen(tables)}
	case hasInput:
		scope = in
	default:
		scope = c.allTables()
	}
	c.row = scope
	c.searchPred(op.Pred)
	c.row = row
	cols := append([]*Column{{Name: "$table", Type: String, Origin: op}}, scope.Columns...)
	return &Schema{Columns: cols, Open: scope.Open}
}

func anyOpen(tables []*Schema) bool {
	for _, t := range tables {
		if t.Open {
			return true
		}
	}
	return false
}

// searchPred binds the predicate of search or find, where a lone string
// is a term to look for in every column.
func (c *checker) searchPred(x kql.Expr) {
	switch e := x.(type) {
	case *kql.ParenExpr:
		c.searchPred(e.X)
		return
	case *kql.BinaryExpr:
		if e.Op == "and" || e.Op == "or" {
			c.searchPred(e.X)
			c.searchPred(e.Y)
			c.record(e, Bool)
			return
		}
	case *kql.BasicLit, *kql.CompoundString, *kql.Star:
		c.record(x, Bool)
		return
	}
	v := c.expr(x)
	if v.typ != String {
		c.checkBool(x, v)
	}
}

func (c *checker) find(op *kql.FindOp) *Schema {
	row := c.row
	c.row = nil
	var scope *Schema
	if op.Tables != nil {
		var tables []*Schema
		for _, t := range op.Tables.Elems {
			tables = append(tables, c.unionOperand(t)...)
		}
		cols, guessed := unifyColumns(tables)
		scope = &Schema{Columns: cols, Open: guessed || anyOpen(tables)}
	} else {
		scope = c.allTables()
	}
	c.row = scope
	c.searchPred(op.Pred)
	source := "source_"
	if id := paramIdent(op.Params, "withsource", "with_source"); id != nil {
		source = id.Name
	}
	out := &Schema{Columns: []*Column{{Name: source, Type: String, Origin: op}}}
	switch op.ProjectKw {
	case "project":
		for _, x := range op.Columns {
			switch x := x.(type) {
			case *kql.ColumnDecl:
				col := &Column{Name: x.Name.Name, Origin: op}
				if t, ok := x.Type.(*kql.Ident); ok {
					col.Type = kindOf(t.Name)
				}
				if sc := scope.Lookup(col.Name); sc != nil {
					c.use(x.Name, sc)
				}
				out.Columns = append(out.Columns, col)
			default:
				v := c.expr(x)
				if v.col != nil {
					out.Columns = append(out.Columns, v.col)
				} else if id, ok := x.(*kql.Ident); ok && id.Name == "pack_" {
					out.Columns = append(out.Columns, &Column{Name: "pack_", Type: Dynamic, Origin: op})
				}
			}
		}
	case "project-away":
		for _, x := range op.Columns {
			c.expr(x)
		}
		out.Open = true
	default:
		out.Columns = append(out.Columns, scope.Columns...)
		out.Open = true
	}
	c.row = row
	return out
}

func (c *checker) rangeOp(op *kql.RangeOp) *Schema {
	from := kindOfType(c.expr(op.Start).typ)
	to := kindOfType(c.expr(op.Stop).typ)
	step := kindOfType(c.expr(op.StepSize).typ)
	t := Unknown
	switch {
	case from == Int && to == Int && step == Int:
		t = Int
	case from == DateTime || to == DateTime:
		t = DateTime
	case from == Timespan && to == Timespan:
		t = Timespan
	case isNumeric(from) && isNumeric(to) && isNumeric(step):
		t = widest(widest(from, to), step)
	}
	col := &Column{Name: "", Type: t, Origin: op}
	if op.Name != nil {
		col.Name = op.Name.Name
		c.def(op.Name, col)
	}
	return &Schema{Columns: []*Column{col}}
}

// datatable returns the schema of datatable(a:string, ...) [...].
func (c *checker) datatable(x *kql.DatatableExpr) *Schema {
	if x.Schema == nil {
		return openSchema()
	}
	s := c.declaredSchema(x.Schema, x)
	for _, v := range x.Values {
		c.expr(v)
	}
	return s
}

// externalData returns the schema of externaldata(a:string, ...) [...].
func (c *checker) externalData(x *kql.ExternalDataExpr) *Schema {
	for _, u := range x.URIs {
		c.expr(u)
	}
	if x.Schema == nil || len(x.Schema.Columns) == 0 {
		return openSchema()
	}
	return c.declaredSchema(x.Schema, x)
}

// widest returns the wider of two numeric types, int widening to long,
// as KQL's arithmetic does.
func widest(l, r Kind) Kind {
	rank := func(k Kind) int {
		switch k {
		case Decimal:
			return 3
		case Real:
			return 2
		}
		return 1
	}
	w := l
	if rank(r) > rank(l) {
		w = r
	}
	if rank(w) == 1 {
		return Long
	}
	return w
}
