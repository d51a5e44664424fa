package eval

import (
	"github.com/kqlt/kqlt/kql"
)

// join and lookup. Keys match when their values are equal as in summarize
// groups (null keys match each other). Rows come out in left-table order;
// innerunique keeps the first left row of each key.

type joinKey struct {
	left, right int // column indices
}

// joinKeys resolves the on clause: col, $left.a == $right.b, joined by
// commas or and.
func (ev *evaluator) joinKeys(conds []kql.Expr, left, right *Table) ([]joinKey, error) {
	var flat []kql.Expr
	var walk func(e kql.Expr)
	walk = func(e kql.Expr) {
		if b, ok := e.(*kql.BinaryExpr); ok && b.Op == "and" {
			walk(b.X)
			walk(b.Y)
			return
		}
		if p, ok := e.(*kql.ParenExpr); ok {
			walk(p.X)
			return
		}
		flat = append(flat, e)
	}
	for _, c := range conds {
		walk(c)
	}
	if len(flat) == 0 {
		return nil, &Error{Msg: "join needs an on clause"}
	}
	side := func(e kql.Expr) (string, string, bool) {
		s, ok := e.(*kql.SelectorExpr)
		if !ok {
			return "", "", false
		}
		x, ok1 := s.X.(*kql.Ident)
		sel, ok2 := s.Sel.(*kql.Ident)
		if !ok1 || !ok2 || (x.Name != "$left" && x.Name != "$right") {
			return "", "", false
		}
		return x.Name, sel.Name, true
	}
	var keys []joinKey
	for _, e := range flat {
		var ln, rn string
		switch e := e.(type) {
		case *kql.Ident:
			ln, rn = e.Name, e.Name
		case *kql.BinaryExpr:
			if e.Op != "==" {
				return nil, ev.unsupported(e, "join conditions other than equality (%s) are not supported", e.Op)
			}
			s1, n1, ok1 := side(e.X)
			s2, n2, ok2 := side(e.Y)
			if !ok1 || !ok2 || s1 == s2 {
				return nil, ev.unsupported(e, "join conditions must compare $left.column with $right.column")
			}
			if s1 == "$left" {
				ln, rn = n1, n2
			} else {
				ln, rn = n2, n1
			}
		default:
			return nil, ev.unsupported(e, "this join condition is not supported")
		}
		l, r := left.ColumnIndex(ln), right.ColumnIndex(rn)
		if l < 0 {
			return nil, ev.errorAt(e, "the left side of the join has no column %q", ln)
		}
		if r < 0 {
			return nil, ev.errorAt(e, "the right side of the join has no column %q", rn)
		}
		lt, rt := left.cols[l].Type, right.cols[r].Type
		if lt != rt && !(lt.isNumeric() && rt.isNumeric()) {
			return nil, ev.errorAt(e, "join keys %s (%s) and %s (%s) have different types", ln, lt, rn, rt)
		}
		keys = append(keys, joinKey{l, r})
	}
	return keys, nil
}

func (ev *evaluator) join(op *kql.JoinOp, left *Table, sc *scope) (*Table, error) {
	ps, err := ev.params(op.Params, "kind")
	if err != nil {
		return nil, err
	}
	lookup := op.Keyword == "lookup"
	kind := "innerunique"
	if lookup {
		kind = "leftouter"
	}
	if k, ok := ps["kind"]; ok {
		kind = paramWord(k)
	}
	switch kind {
	case "anti", "leftantisemi":
		kind = "leftanti"
	case "rightantisemi":
		kind = "rightanti"
	}
	valid := map[string]bool{"innerunique": true, "inner": true, "leftouter": true, "rightouter": true,
		"fullouter": true, "leftsemi": true, "leftanti": true, "rightsemi": true, "rightanti": true}
	if !valid[kind] || lookup && kind != "leftouter" && kind != "inner" {
		return nil, ev.unsupported(op, "%s kind=%s is not supported", op.Keyword, kind)
	}
	right, err := ev.tabular(op.Right, sc)
	if err != nil {
		return nil, err
	}
	keys, err := ev.joinKeys(op.Conds, left, right)
	if err != nil {
		if e, ok := err.(*Error); ok && !e.Pos.IsValid() {
			return nil, ev.errorAt(op, "%s", e.Msg)
		}
		return nil, err
	}
	keyOf := func(t *Table, i int, right bool) string {
		var b []byte
		for _, k := range keys {
			j := k.left
			if right {
				j = k.right
			}
			b = appendKey(b, t.data[j].at(i))
		}
		return string(b)
	}
	rightIndex := map[string][]int32{}
	for i := 0; i < right.n; i++ {
		k := keyOf(right, i, true)
		rightIndex[k] = append(rightIndex[k], int32(i))
	}
	var li, ri []int32
	rightUsed := make([]bool, right.n)
	seenLeft := map[string]bool{}
	// A row of the output is an index into each side (li, ri) and a value
	// of every column. The rows are counted first, checking the budgets at
	// every left row, and the output built only when it fits.
	name := op.Keyword
	padRight := kind == "leftouter" || kind == "fullouter"
	perRow := 8 + int64(len(left.cols)+len(right.cols))*valueBytes
	matches := make([][]int32, left.n) // the right rows of each left row
	total := 0
	for i := 0; i < left.n; i++ {
		k := keyOf(left, i, false)
		if kind == "innerunique" {
			if seenLeft[k] {
				continue
			}
			seenLeft[k] = true
		}
		m := rightIndex[k]
		switch kind {
		case "leftsemi":
			if len(m) > 0 {
				li = append(li, int32(i))
			}
			continue
		case "leftanti":
			if len(m) == 0 {
				li = append(li, int32(i))
			}
			continue
		case "rightsemi", "rightanti":
			for _, j := range m {
				rightUsed[j] = true
			}
			continue
		}
		matches[i] = m
		if len(m) == 0 && padRight {
			total++
		}
		total += len(m)
		if total > ev.maxRows {
			return nil, ev.overRows(op, name)
		}
		if !ev.fits(int64(total) * perRow) {
			return nil, ev.charge(op, name, int64(total)*perRow)
		}
	}
	if kind != "leftsemi" && kind != "leftanti" && kind != "rightsemi" && kind != "rightanti" {
		if kind == "rightouter" || kind == "fullouter" {
			total += right.n // at most: the right rows no left row matches
		}
		li, ri = make([]int32, 0, total), make([]int32, 0, total)
		for i, m := range matches {
			for _, j := range m {
				li = append(li, int32(i))
				ri = append(ri, j)
				rightUsed[j] = true
			}
			if len(m) == 0 && padRight {
				li = append(li, int32(i))
				ri = append(ri, -1)
			}
		}
	}
	switch kind {
	case "leftsemi", "leftanti":
		if err := ev.charge(op, name, 4*int64(len(li))); err != nil {
			return nil, err
		}
		return left.gather(li), nil
	case "rightsemi", "rightanti":
		var idx []int32
		for j := 0; j < right.n; j++ {
			if rightUsed[j] == (kind == "rightsemi") {
				idx = append(idx, int32(j))
			}
		}
		if err := ev.charge(op, name, 4*int64(len(idx))); err != nil {
			return nil, err
		}
		return right.gather(idx), nil
	case "rightouter", "fullouter":
		for j := 0; j < right.n; j++ {
			if !rightUsed[j] {
				li = append(li, -1)
				ri = append(ri, int32(j))
			}
		}
	}
	if err := ev.checkRows(op, name, len(li)); err != nil {
		return nil, err
	}
	if err := ev.charge(op, name, int64(len(li))*perRow); err != nil {
		return nil, err
	}
	// Output columns: the left columns, then the right ones (for lookup,
	// without the right keys), renamed name1, name2... on a clash.
	skipRight := map[int]bool{}
	if lookup {
		for _, k := range keys {
			skipRight[k.right] = true
		}
	}
	var cols []Column
	var data [][]Value
	taken := map[string]bool{}
	for j, c := range left.cols {
		taken[c.Name] = true
		cols = append(cols, c)
		data = append(data, pick(left.data[j], li, c.Type))
	}
	for j, c := range right.cols {
		if skipRight[j] {
			continue
		}
		name := uniqueName(c.Name, func(s string) bool { return taken[s] })
		taken[name] = true
		cols = append(cols, Column{name, c.Type})
		data = append(data, pick(right.data[j], ri, c.Type))
	}
	return newTableCols(cols, data, len(li)), nil
}

// pick gathers values at indices; -1 gives null.
func pick(col column, idx []int32, t Type) []Value {
	out := make([]Value, len(idx))
	null := Null(t)
	for k, i := range idx {
		if i < 0 {
			out[k] = null
		} else {
			out[k] = col.at(int(i))
		}
	}
	return out
}
