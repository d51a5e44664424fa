package transform

import (
	"fmt"
	"sort"

	"github.com/kqlt/kqlt/kql"
)

// renameColumns gives columns their new names everywhere the query names
// them: references, the names that extend, project and summarize give, and
// column_ifexists("name", ...). Renaming every occurrence keeps the query's
// meaning, provided the query does not name the new name too: then two
// columns would become one (project ResourceId, _ResourceId would name
// _ResourceId twice; ResourceId != _ResourceId would compare a column with
// itself), and the query is refused with a *RefusedError. (A name that only
// the profile's own expressions bring in, or only code the conversion
// removed named, is no conflict.)
func (c *converter) renameColumns(res *QueryResult) error {
	if len(c.p.Columns.Rename) == 0 {
		return nil
	}
	mentioned := mentionedColumns(c.q)
	for _, from := range sortedKeys(c.p.Columns.Rename) {
		to := c.p.Columns.Rename[from]
		if !mentioned[from] {
			continue
		}
		if mentioned[to] && c.named[to] {
			return &RefusedError{Offset: c.firstMention(to), Msg: fmt.Sprintf(
				"columns.rename: %s → %s, but the query also names %s: the two columns would become one, which changes what the query means; not converted",
				from, to, to)}
		}
		res.RenamedColumns[from] = to
		reason := fmt.Sprintf("columns.rename: %s → %s", from, to)
		kql.Inspect(c.q, func(n kql.Node) bool {
			switch n := n.(type) {
			case *kql.Ident:
				if n.Name == from && c.lets[from] == nil {
					before := c.text(n)
					n.Name = to
					c.change(RenameColumn, n, before, to, reason)
				}
			case *kql.CallExpr:
				if name, ok := callName(n); ok && (name == "column_ifexists" || name == "columnifexists") && len(n.Args) == 2 {
					if s, ok := kql.StringValue(n.Args[0]); ok && s == from {
						before := c.text(n.Args[0])
						lit := requote(n.Args[0], to)
						n.Args[0] = lit
						c.change(RenameColumn, lit, before, lit.Value, reason)
					}
				}
			}
			return true
		})
	}
	return nil
}

// A RefusedError is a query that the profile cannot convert without
// changing its meaning. Offset is the byte offset in the query of what
// the message is about, or -1.
type RefusedError struct {
	Offset int
	Msg    string
}

func (e *RefusedError) Error() string { return e.Msg }

// firstMention returns the offset of the first place the query names the
// column name (as mentionedColumns finds it), or -1.
func (c *converter) firstMention(name string) int {
	off := -1
	kql.Inspect(c.q, func(n kql.Node) bool {
		if off >= 0 {
			return false
		}
		var at kql.Node
		switch n := n.(type) {
		case *kql.Ident:
			if n.Name == name && c.lets[name] == nil {
				at = n
			}
		case *kql.CallExpr:
			if col, ok := columnOf(n); ok && col == name {
				at = n
			}
		}
		if at != nil && at.Pos().IsValid() {
			off = at.Pos().Offset()
		}
		return true
	})
	return off
}

// replaceColumns replaces reads of columns by the profile's expressions:
// column_ifexists("name", ...) and references to the column that come
// before any operator gives a column of that name. Where a bare column
// names an output column (project a, summarize by a), the expression is
// given the column's name: project a = <expression>.
func (c *converter) replaceColumns() {
	if len(c.p.exprs) == 0 {
		return
	}
	names := make([]string, 0, len(c.p.exprs))
	for k := range c.p.exprs {
		names = append(names, k)
	}
	sort.Strings(names)
	kql.Inspect(c.q, func(n kql.Node) bool {
		pl, ok := n.(*kql.Pipeline)
		if !ok {
			return true
		}
		given := map[string]bool{} // columns that operators so far have given
		for _, op := range pl.Ops {
			c.replaceIn(op, names, given)
			for _, name := range givenNames(op) {
				given[name] = true
			}
		}
		return true
	})
}

// replaceIn replaces the mapped columns read by op's own expressions.
func (c *converter) replaceIn(op kql.Operator, names []string, given map[string]bool) {
	c.q.Apply(op, func(cur *kql.Cursor) bool {
		// Nested pipelines are handled on their own.
		if _, ok := cur.Node().(*kql.Pipeline); ok {
			return false
		}
		return true
	}, func(cur *kql.Cursor) bool {
		var col string
		switch n := cur.Node().(type) {
		case *kql.CallExpr:
			name, ok := callName(n)
			if !ok || (name != "column_ifexists" && name != "columnifexists") {
				return true
			}
			col, _ = columnOf(n)
		case *kql.Ident:
			if !isRef(cur.Parent(), cur.Name(), "") || given[n.Name] {
				return true
			}
			if _, isCall := cur.Parent().(*kql.CallExpr); isCall && cur.Name() == "Fun" {
				return true
			}
			col = n.Name
		default:
			return true
		}
		x, ok := c.p.exprs[col]
		if !ok {
			return true
		}
		orig := cur.Node()
		before := c.text(orig)
		repl := cloneExpr(x)
		if _, isIdent := cur.Node().(*kql.Ident); isIdent && namesOutput(cur.Parent(), cur.Name()) {
			repl = &kql.NamedExpr{Name: &kql.Ident{Name: col}, Value: repl}
		}
		if _, isJoin := cur.Parent().(*kql.JoinOp); isJoin {
			c.note(cur.Node(), "join on %s: the profile maps this column to an expression, which join cannot take; left as it is", col)
			return true
		}
		cur.Replace(repl)
		c.change(ReplaceColumn, orig, before, kql.Format(repl), fmt.Sprintf("columns.expressions: %s", col))
		return true
	})
}

// namesOutput reports whether a bare column in the field name of parent
// also names a column of the output (project a, summarize by a).
func namesOutput(parent kql.Node, field string) bool {
	switch parent.(type) {
	case *kql.ProjectOp, *kql.DistinctOp:
		return true
	case *kql.SummarizeOp, *kql.MakeSeriesOp:
		return field == "Groups"
	}
	return false
}

// givenNames returns the columns that op gives a name to.
func givenNames(op kql.Operator) []string {
	var list []kql.Expr
	switch op := op.(type) {
	case *kql.ExtendOp:
		list = op.Exprs
	case *kql.ProjectOp:
		if op.Keyword == "project" || op.Keyword == "project-rename" {
			list = op.Exprs
		}
	case *kql.SummarizeOp:
		list = append(append(list, op.Aggs...), op.Groups...)
	case *kql.SerializeOp:
		list = op.Exprs
	}
	var names []string
	for _, e := range list {
		switch e := e.(type) {
		case *kql.NamedExpr:
			names = append(names, e.Name.Name)
		case *kql.CompoundNamedExpr:
			for _, n := range e.Names {
				names = append(names, n.Name)
			}
		case *kql.Ident:
			switch op.(type) {
			case *kql.SummarizeOp, *kql.ProjectOp:
				names = append(names, e.Name)
			}
		}
	}
	return names
}

// renameTables renames the tables the profile maps.
func (c *converter) renameTables() {
	if len(c.p.Tables.Rename) == 0 {
		return
	}
	forEachRef(c.q, func(id *kql.Ident) {
		to, ok := c.p.Tables.Rename[id.Name]
		if !ok || c.lets[id.Name] != nil {
			return
		}
		before := id.Name
		id.Name = to
		c.change(RenameTable, id, before, to, fmt.Sprintf("tables.rename: %s → %s", before, to))
	})
}
