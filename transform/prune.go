package transform

import (
	"fmt"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// pruneOperations evaluates the comparisons of the operation column against
// the target's operations. Operations the target lacks leave lists
// (inline, dynamic arrays, let bindings); a comparison that can then match
// nothing becomes false, and its negation true. The evaluation is sound for
// any operation the target may have: an operation is known missing only
// when a drop pattern says so, and term and prefix operators are judged
// only where every name they can match is missing.
func (c *converter) pruneOperations() {
	o := c.p.Operations
	if o == nil {
		return
	}
	kql.Apply(c.q, nil, func(cur *kql.Cursor) bool {
		st, ok := siteOf(cur.Node())
		if !ok || !lowerEq(st.column, o.Column) {
			return true
		}
		lv, complete := siteLeaves(st, c.lets)
		if len(lv) == 0 {
			return true
		}
		if !c.listsEditable(lv) {
			return true
		}
		if in, ok := st.expr.(*kql.InExpr); ok {
			if in.Op == "has_all" {
				// Every term must match: one missing operation is enough
				// for no row to match.
				for _, l := range lv {
					if dropped, pattern := c.p.dropped(l.value); dropped && isTerm(l.value) {
						c.falsePre = append(c.falsePre, fmt.Sprintf("%s needs %s, which the target lacks (%s)", oneLine(c.text(in)), l.value, pattern))
						c.constant(cur, st, false)
						break
					}
				}
				return true
			}
			if v, ok := c.pruneList(in, lv, complete); ok {
				c.constant(cur, st, v)
			}
			return true
		}
		if v, ok := c.evalComparison(st, lv); ok {
			c.constant(cur, st, v)
		}
		return true
	})
}

// listsEditable reports whether the lists holding the leaves may be edited:
// a let-bound list is edited only when the binding is an operation list,
// used only in comparisons with the operation column (or as the whole value
// of other such bindings).
func (c *converter) listsEditable(lv []strLeaf) bool {
	for _, l := range lv {
		if l.let != nil && !c.operationList(l.let, map[string]bool{}) {
			c.note(l.let.stmt, "let %s is an operation list also used outside comparisons with %s; it is left as it is",
				l.let.stmt.Name.Name, c.p.Operations.Column)
			return false
		}
	}
	return true
}

// operationList reports whether every use of the binding l is a value
// compared with the operation column, or the value of another let that is
// an operation list.
func (c *converter) operationList(l *letInfo, seen map[string]bool) bool {
	name := l.stmt.Name.Name
	if known, ok := c.opLists[name]; ok {
		return known
	}
	if seen[name] {
		return false
	}
	seen[name] = true
	uses := 0
	kql.Inspect(c.q, func(n kql.Node) bool {
		if st, ok := siteOf(n); ok && lowerEq(st.column, c.p.Operations.Column) {
			for _, v := range st.values {
				if id, ok := v.(*kql.Ident); ok && id.Name == name {
					uses++
				}
			}
		}
		if let, ok := n.(*kql.LetStmt); ok {
			if id, ok := let.Value.(*kql.Ident); ok && id.Name == name {
				if other := c.lets[let.Name.Name]; other != nil && c.operationList(other, seen) {
					uses++
				}
			}
		}
		return true
	})
	// Decided on the query as it was when the binding is first met,
	// before pruning turns any of its uses into constants.
	c.opLists[name] = uses >= l.refs
	return c.opLists[name]
}

// pruneList removes the missing operations from the lists of an in, in~,
// !in, !in~ or has_any comparison, renames and adds operations as the
// profile says, and reports the comparison's constant value when no
// operation is left.
func (c *converter) pruneList(in *kql.InExpr, lv []strLeaf, complete bool) (value, constant bool) {
	kept := 0
	for _, l := range lv {
		if dropped, pattern := c.p.dropped(l.value); dropped {
			// A shared let list may have lost the name at an earlier use.
			if l.list != nil && removeExpr(l.list, l.lit) {
				c.change(DropOperation, l.lit, c.text(l.lit), "", c.dropReason(l, pattern))
			}
			continue
		}
		kept++
		if to, ok := c.p.renames[strings.ToLower(l.value)]; ok {
			before := c.text(l.lit)
			lit := requote(l.lit, to)
			c.replaceLiteral(l, lit)
			c.change(RenameOperation, l.lit, before, lit.Value, fmt.Sprintf("operations.rename: %s → %s", l.value, to))
		}
		if adds := c.p.adds[strings.ToLower(l.value)]; len(adds) > 0 && l.list != nil {
			for _, a := range adds {
				if listHas(*l.list, a) {
					continue
				}
				lit := requote(l.lit, a)
				lit.ValuePos = kql.NoPos
				*l.list = append(*l.list, lit)
				c.change(AddOperation, l.lit, "", lit.Value, fmt.Sprintf("operations.add: %s where %s is listed", a, l.value))
			}
		}
	}
	if kept > 0 || !complete {
		return false, false
	}
	// Every listed operation is missing: in matches nothing.
	return in.Op == "!in" || in.Op == "!in~", true
}

func (c *converter) dropReason(l strLeaf, pattern string) string {
	r := fmt.Sprintf("operations.drop: %s matches %s", l.value, pattern)
	if l.let != nil {
		r += fmt.Sprintf(" (in let %s)", l.let.stmt.Name.Name)
	}
	return r
}

// evalComparison evaluates a binary comparison of the operation column.
func (c *converter) evalComparison(st site, lv []strLeaf) (value, constant bool) {
	if len(lv) != 1 {
		return false, false
	}
	v := lv[0].value
	negated := negativeOps[st.op]
	switch {
	case equalityOps[st.op] || termOps[st.op] && isTerm(v):
		if dropped, pattern := c.p.dropped(v); dropped {
			c.falsePre = append(c.falsePre, fmt.Sprintf("%s can only match operations the target lacks (%s)", oneLine(c.text(st.expr)), pattern))
			return negated, true
		}
	case prefixOps[st.op]:
		if dropped, pattern := c.p.droppedPrefix(v); dropped {
			c.falsePre = append(c.falsePre, fmt.Sprintf("%s can only match operations the target lacks (%s)", oneLine(c.text(st.expr)), pattern))
			return negated, true
		}
	}
	return false, false
}

// isTerm reports whether s is one alphanumeric term, so that has s matches
// exactly the single-term values equal to s.
func isTerm(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9') {
			return false
		}
	}
	return true
}

// constant replaces the comparison at the cursor with true or false.
func (c *converter) constant(cur *kql.Cursor, st site, value bool) {
	lit := boolLit(value)
	before := c.text(st.expr)
	if !value && !negativeOps[st.op] {
		if _, ok := st.expr.(*kql.InExpr); ok {
			c.falsePre = append(c.falsePre, fmt.Sprintf("%s lists only operations the target lacks", before))
		}
	}
	cur.Replace(lit)
	c.change(ConstPredicate, st.expr, before, lit.Value, fmt.Sprintf("operations: %s can only be %s on the target", oneLine(before), lit.Value))
}

func boolLit(v bool) *kql.BasicLit {
	if v {
		return &kql.BasicLit{Kind: kql.BoolLit, Value: "true"}
	}
	return &kql.BasicLit{Kind: kql.BoolLit, Value: "false"}
}

func containsExpr(list []kql.Expr, x kql.Expr) bool {
	for _, e := range list {
		if e == x {
			return true
		}
	}
	return false
}

func removeExpr(list *[]kql.Expr, x kql.Expr) bool {
	for i, e := range *list {
		if e == x {
			*list = append((*list)[:i], (*list)[i+1:]...)
			return true
		}
	}
	return false
}

func listHas(list []kql.Expr, value string) bool {
	for _, e := range list {
		if s, ok := kql.StringValue(e); ok && strings.EqualFold(s, value) {
			return true
		}
	}
	return false
}
