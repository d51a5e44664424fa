package types

import (
	"github.com/kqlt/kqlt/kql"
)

// graphType is the type of a graph, which make-graph builds from rows and
// graph("name") names: the row schemas of its edges and of its nodes. A
// nil nodes schema is a graph whose nodes have no properties (make-graph
// without a with clause).
type graphType struct {
	edges, nodes *Schema
}

func (g *graphType) String() string {
	s := "graph(edges " + g.edges.String()
	if g.nodes != nil {
		s += ", nodes " + g.nodes.String()
	}
	return s + ")"
}
func (*graphType) isType() {}

// isGraphOp reports whether op applies to a graph.
func isGraphOp(op kql.Operator) bool {
	switch op.(type) {
	case *kql.GraphMatchOp, *kql.GraphToTableOp, *kql.GraphMarkComponentsOp, *kql.GraphWhereOp:
		return true
	}
	return false
}

// makeGraph binds make-graph Source --> Target [with T on Key, ...]
// [partitioned-by Column (Sub)] over edges of schema in.
func (c *checker) makeGraph(op *kql.MakeGraphOp, in *Schema) Type {
	src, dst := c.graphKey(op.Source, in), c.graphKey(op.Target, in)
	g := &graphType{edges: in}
	switch {
	case len(op.Tables) > 0:
		var shapes []*Schema
		for _, t := range op.Tables {
			s := c.joinOperand(t.Table)
			shapes = append(shapes, s)
			if t.Key != nil {
				row := c.row
				c.row = s
				c.graphKey(t.Key, s)
				c.row = row
			}
		}
		g.nodes = unifyByName(shapes)
	case op.NodeIDName != nil:
		col := &Column{Name: op.NodeIDName.Name, Type: src, Origin: op}
		c.def(op.NodeIDName, col)
		g.nodes = &Schema{Columns: []*Column{col}}
	default:
		_ = dst
	}
	var out Type = g
	if op.Sub != nil {
		if op.Partition != nil {
			c.graphKey(op.Partition, in)
		}
		sub := op.Sub.X
		var t Type
		if pl, ok := sub.(*kql.Pipeline); ok && pl.Source == nil {
			row := c.row
			c.row = nil
			t = c.pipelineFrom(pl, g)
			c.row = row
			c.record(pl, t)
		} else {
			t = c.tabularOrScalar(sub, tabularContext).typ
		}
		c.record(op.Sub, t)
		out = t
	}
	if s, ok := out.(*Schema); ok {
		c.recordSchema(op, s)
	}
	return out
}

// graphKey binds a node id column of make-graph and returns its type.
func (c *checker) graphKey(id *kql.Ident, in *Schema) Kind {
	if id == nil {
		return Unknown
	}
	v := c.expr(id)
	if v.typ == Dynamic {
		c.errorf(CodeTypeMismatch, id, id.Name, "the node id column %q cannot be dynamic", id.Name)
	}
	return scalarKind(v.typ)
}

// pipelineFrom binds a pipeline without source applied to the graph g.
func (c *checker) pipelineFrom(pl *kql.Pipeline, g *graphType) Type {
	var cur Type = g
	for _, op := range pl.Ops {
		if gt, ok := cur.(*graphType); ok && isGraphOp(op) {
			cur = c.graphOperator(op, gt)
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

// unifyByName returns the columns of the schemas, one per name: a name
// whose columns have several types is dynamic (KQL's UnifySameName).
func unifyByName(shapes []*Schema) *Schema {
	out := &Schema{}
	index := map[string]int{}
	for _, s := range shapes {
		out.Open = out.Open || s.Open
		for _, col := range s.Columns {
			i, ok := index[col.Name]
			if !ok {
				index[col.Name] = len(out.Columns)
				out.Columns = append(out.Columns, col)
				continue
			}
			if prev := out.Columns[i]; prev.Type != col.Type {
				out.Columns[i] = &Column{Name: col.Name, Type: Dynamic}
			}
		}
	}
	return out
}

// graphOperator binds an operator applied to a graph.
func (c *checker) graphOperator(op kql.Operator, g *graphType) Type {
	row, right, kind := c.row, c.right, c.kind
	c.row, c.right, c.kind = nil, nil, normalScope
	defer func() { c.row, c.right, c.kind = row, right, kind }()
	var out Type
	switch op := op.(type) {
	case *kql.GraphMatchOp:
		out = c.graphMatch(op, g)
	case *kql.GraphToTableOp:
		out = c.graphToTable(op, g)
	case *kql.GraphMarkComponentsOp:
		name := "ComponentId"
		if id := paramIdent(op.Params, "with_component_id"); id != nil {
			name = id.Name
		}
		col := &Column{Name: name, Type: Long, Origin: op}
		nodes := &Schema{Columns: []*Column{col}}
		if g.nodes != nil {
			nodes = &Schema{Columns: append(append([]*Column(nil), g.nodes.Columns...), col), Open: g.nodes.Open}
		}
		out = &graphType{edges: g.edges, nodes: nodes}
	case *kql.GraphWhereOp:
		// Kusto.Language 12.4.1 binds this predicate with no row in
		// scope: a column name in it is unknown to the official
		// analysis, which Sentinel runs.
		c.graphWhere = op.Keyword
		c.checkBool(op.Pred, c.expr(op.Pred))
		c.graphWhere = ""
		out = g
	default:
		out = openSchema()
	}
	if s, ok := out.(*Schema); ok {
		c.recordSchema(op, s)
	}
	return out
}

// graphMatch binds graph-match and graph-shortest-paths: the pattern's
// node and edge names stand for a node's or an edge's properties.
func (c *checker) graphMatch(op *kql.GraphMatchOp, g *graphType) Type {
	defer c.push()()
	nodes := g.nodes
	if nodes == nil {
		nodes = &Schema{}
	}
	edges := g.edges
	if edges == nil {
		edges = openSchema()
	}
	variable := map[string]bool{} // names of variable-length edges
	for _, p := range op.Patterns {
		for _, e := range p.Elems {
			switch e := e.(type) {
			case *kql.GraphNode:
				if e.Name != nil {
					ref := &RowRef{Name: e.Name.Name, Schema: nodes}
					c.def(e.Name, ref)
					c.declare(ref)
				}
			case *kql.GraphEdge:
				if e.Min != nil {
					c.expr(e.Min)
				}
				if e.Max != nil {
					c.expr(e.Max)
				}
				if e.Name != nil {
					ref := &RowRef{Name: e.Name.Name, Schema: edges}
					c.def(e.Name, ref)
					c.declare(ref)
					if e.Star.IsValid() {
						variable[e.Name.Name] = true
					}
				}
			}
		}
	}
	c.inGraphMatch++
	defer func() { c.inGraphMatch-- }()
	if op.Pred != nil {
		c.checkBool(op.Pred, c.expr(op.Pred))
	}
	if !op.Project.IsValid() {
		return g
	}
	p := newProjection(len(op.Exprs))
	for _, x := range op.Exprs {
		var colType *Kind
		if refersTo(x, variable) {
			dyn := Dynamic
			colType = &dyn
		}
		c.graphProjectExpr(p, x, colType, op)
	}
	return &Schema{Columns: p.cols}
}

// graphProjectExpr adds the column of an expression of graph-match's
// project: a.b is named a_b.
func (c *checker) graphProjectExpr(p *projection, x kql.Expr, colType *Kind, origin kql.Node) {
	if n, ok := x.(*kql.NamedExpr); ok {
		v := c.expr(n.Value)
		k := scalarKind(v.typ)
		if colType != nil {
			k = *colType
		}
		c.declareColumn(p, &Column{Name: n.Name.Name, Type: k, Origin: origin}, n.Name, false)
		return
	}
	v := c.expr(x)
	k := scalarKind(v.typ)
	if colType != nil {
		k = *colType
	}
	name := graphResultName(x)
	if name == "" {
		name = v.name
	}
	if name == "" {
		name = c.defaultColumnName(false)
	}
	p.add(&Column{Name: name, Type: k, Origin: origin}, "", false, false)
}

// graphResultName is Kusto's GetGraphExpressionResultName: a.b is a_b,
// a.b.c is a_b_c.
func graphResultName(x kql.Expr) string {
	switch x := x.(type) {
	case *kql.ParenExpr:
		return graphResultName(x.X)
	case *kql.Ident:
		return x.Name
	case *kql.SelectorExpr:
		left := graphResultName(x.X)
		right := ""
		if id, ok := x.Sel.(*kql.Ident); ok {
			right = id.Name
		}
		if left != "" {
			return left + "_" + right
		}
		return right
	}
	return ""
}

// refersTo reports whether x names one of the names.
func refersTo(x kql.Node, names map[string]bool) bool {
	if len(names) == 0 {
		return false
	}
	found := false
	kql.Inspect(x, func(n kql.Node) bool {
		if id, ok := n.(*kql.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// graphToTable binds graph-to-table: the nodes or the edges of the graph
// as rows, or both, bound to the names of their as clauses.
func (c *checker) graphToTable(op *kql.GraphToTableOp, g *graphType) Type {
	var out *Schema
	for _, o := range op.Outputs {
		var cols []*Column
		var props *Schema
		if o.Kind == "edges" {
			props = g.edges
			for _, param := range []string{"with_source_id", "with_target_id"} {
				if id := paramIdent(o.Params, param); id != nil {
					col := &Column{Name: id.Name, Type: Long, Origin: op}
					c.def(id, col)
					cols = append(cols, col)
				}
			}
		} else {
			props = g.nodes
			if id := paramIdent(o.Params, "with_node_id"); id != nil {
				col := &Column{Name: id.Name, Type: Long, Origin: op}
				c.def(id, col)
				cols = append(cols, col)
			}
		}
		s := &Schema{Columns: cols}
		if props != nil {
			s.Columns = append(s.Columns, props.Columns...)
			s.Open = props.Open
		}
		if o.Name != nil {
			l := &Let{Name: o.Name.Name, Decl: op, Type: s}
			c.def(o.Name, l)
			c.declare(l)
		}
		if out == nil {
			out = s
		}
	}
	if len(op.Outputs) != 1 {
		// Both nodes and edges: two tables, read by their names.
		return openSchema()
	}
	if out == nil {
		out = openSchema()
	}
	return out
}
