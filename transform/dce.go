package transform

import (
	"fmt"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// removeDeadOperators removes the where operators whose predicate folded to
// true and the union legs that can return no row, and reports whether the
// query as a whole can return no row.
func (c *converter) removeDeadOperators() (empty bool) {
	kql.Apply(c.q, nil, func(cur *kql.Cursor) bool {
		switch n := cur.Node().(type) {
		case *kql.WhereOp:
			if v, ok := constValue(n.Pred); ok && v {
				pl, _ := cur.Parent().(*kql.Pipeline)
				if pl != nil && pl.Source == nil && len(pl.Ops) == 1 {
					return true // the only operator of a subquery: keep it
				}
				before := c.text(n)
				cur.Delete()
				c.change(RemoveOperator, n, before, "", "the predicate is always true")
			}
		case *kql.UnionOp:
			c.removeEmptyLegs(n)
		}
		return true
	})
	results := 0
	empty = true
	for _, s := range c.q.Stmts {
		if es, ok := s.(*kql.ExprStmt); ok {
			results++
			empty = empty && c.isEmpty(es.X, map[string]bool{})
		}
	}
	return results > 0 && empty
}

func (c *converter) removeEmptyLegs(u *kql.UnionOp) {
	var kept []kql.Expr
	for _, t := range u.Tables {
		if !c.isEmpty(t, map[string]bool{}) {
			kept = append(kept, t)
		}
	}
	if len(kept) == len(u.Tables) || len(kept) == 0 {
		return
	}
	for _, t := range u.Tables {
		if c.isEmpty(t, map[string]bool{}) {
			c.change(RemoveOperator, t, c.text(t), "", "this union leg can return no row")
		}
	}
	u.Tables = kept
}

// innerJoinKinds are the join kinds that return no row when the right side
// has none.
var innerJoinKinds = set("inner", "innerunique", "leftsemi", "rightsemi", "rightouter", "rightanti")

// isEmpty reports whether the tabular expression x can return no row:
// a where false, or an inner join with such a side, empties a pipeline
// until an operator that makes rows of nothing (summarize without by,
// count, union with a live leg).
func (c *converter) isEmpty(x kql.Expr, seen map[string]bool) bool {
	switch x := x.(type) {
	case *kql.ParenExpr:
		return c.isEmpty(x.X, seen)
	case *kql.Ident:
		l := c.lets[x.Name]
		if l == nil || seen[x.Name] {
			return false
		}
		seen[x.Name] = true
		defer delete(seen, x.Name)
		return c.isEmpty(l.stmt.Value, seen)
	case *kql.Pipeline:
		empty := x.Source != nil && c.isEmpty(x.Source, seen)
		for _, op := range x.Ops {
			switch op := op.(type) {
			case *kql.WhereOp:
				if v, ok := constValue(op.Pred); ok && !v {
					empty = true
				}
			case *kql.JoinOp:
				kind := joinKind(op)
				right := c.isEmpty(op.Right, seen)
				switch {
				case innerJoinKinds[kind] && right:
					empty = true
				case kind == "fullouter" || kind == "rightouter" || kind == "rightanti":
					empty = empty && right
				}
			case *kql.UnionOp:
				for _, t := range op.Tables {
					empty = empty && c.isEmpty(t, seen)
				}
			case *kql.SummarizeOp:
				if len(op.Groups) == 0 {
					empty = false
				}
			case *kql.MakeSeriesOp:
				if len(op.Groups) == 0 {
					empty = false
				}
			case *kql.CountOp:
				empty = false
			}
		}
		return empty
	}
	return false
}

// joinKind returns the kind of a join or lookup, with the defaults.
func joinKind(j *kql.JoinOp) string {
	for _, p := range j.Params {
		if p.Name.Name == "kind" {
			if id, ok := p.Value.(*kql.Ident); ok {
				return strings.ToLower(id.Name)
			}
		}
	}
	if j.Keyword == "lookup" {
		return "leftouter"
	}
	return "innerunique"
}

// removeUnusedLets removes the top-level let bindings that the conversion
// made unused (a binding unused in the source stays), with the comment lines
// directly above them, until no more become unused. Comments separated from
// the binding by a blank line are not its own: they move to the next
// statement.
func (c *converter) removeUnusedLets() {
	for {
		now := bindings(c.q)
		removed := false
		for i, s := range c.q.Stmts {
			l, ok := s.(*kql.LetStmt)
			if !ok {
				continue
			}
			info, was := c.lets[l.Name.Name], now[l.Name.Name]
			if info == nil || was == nil || info.stmt != l || info.refs == 0 || was.refs > 0 {
				continue
			}
			before := c.text(l)
			if lead := c.q.LeadingTrivia(l); i+1 < len(c.q.Stmts) {
				if k := detachedEnd(lead); k > 0 {
					detached := lead[:k]
					next := c.q.Stmts[i+1]
					c.q.SetLeadingTrivia(next, detached+c.q.LeadingTrivia(next))
				}
			}
			c.q.Stmts = append(c.q.Stmts[:i], c.q.Stmts[i+1:]...)
			c.change(RemoveLet, l, before, "", fmt.Sprintf("let %s is no longer used", l.Name.Name))
			removed = true
			break
		}
		if !removed {
			return
		}
	}
}

// detachedEnd returns the length of the part of a statement's leading
// trivia that ends with its last blank line: the comments there are
// separated from the statement. It returns 0 when there is no blank line.
func detachedEnd(lead string) int {
	end, start := 0, 0
	for start < len(lead) {
		nl := strings.IndexByte(lead[start:], '\n')
		if nl < 0 {
			break
		}
		if strings.TrimSpace(lead[start:start+nl]) == "" {
			end = start + nl + 1
		}
		start += nl + 1
	}
	return end
}

// removeUnusedColumns removes the columns that extend gives and that only
// fed logic the conversion removed: columns that were read before the
// conversion (before, the binder's facts on the source), are read nowhere
// after it, and do not reach the output of their pipeline. Columns in
// keep (those that entity mappings and custom details name) stay.
func (c *converter) removeUnusedColumns(before columnFacts) bool {
	after := extendColumns(c.q)
	removed := false
	kql.Inspect(c.q, func(n kql.Node) bool {
		pl, ok := n.(*kql.Pipeline)
		if !ok {
			return true
		}
		for k := 0; k < len(pl.Ops); k++ {
			op, ok := pl.Ops[k].(*kql.ExtendOp)
			if !ok {
				continue
			}
			for i := 0; i < len(op.Exprs); i++ {
				e, ok := op.Exprs[i].(*kql.NamedExpr)
				if !ok || e.Name == nil || c.keep[e.Name.Name] || before.reads[e] == 0 || after.reads[e] > 0 || after.reaches[e] {
					continue
				}
				text := c.text(e)
				op.Exprs = append(op.Exprs[:i], op.Exprs[i+1:]...)
				i--
				c.change(RemoveColumn, e, text, "", fmt.Sprintf("column %s only fed logic the conversion removed", e.Name.Name))
				removed = true
			}
			if len(op.Exprs) == 0 && (pl.Source != nil || len(pl.Ops) > 1) {
				c.change(RemoveOperator, op, "extend", "", "no column is left")
				pl.Ops = append(pl.Ops[:k], pl.Ops[k+1:]...)
				k--
			}
		}
		return true
	})
	return removed
}
