package eval

import "github.com/kqlt/kqlt/kql"

// mvApply runs mv-apply as the reference describes it
// (https://learn.microsoft.com/kusto/query/mv-apply-operator): each input
// record is expanded as mv-expand expands it into a subtable of the
// expanded columns (and the item index of with_itemindex); the subquery
// runs on each subtable; the input's other columns, repeated, come before
// the subquery's columns in each result; the results are concatenated in
// input order. The reference's examples keep the input column a named
// expansion reads (Arr2=Arr keeps Arr), though its parameter table says
// the column is removed: the evaluator follows the examples. What the
// reference leaves open is not supported: a subquery column named like one
// of the input's other columns, and a subquery that makes rows from the
// empty subtable of a record with nothing to expand.
func (ev *evaluator) mvApply(op *kql.MvApplyOp, in *Table, sc *scope) (*Table, error) {
	if _, err := ev.params(op.Params, "with_itemindex"); err != nil {
		return nil, err
	}
	paren, ok := op.Sub.(*kql.ParenExpr)
	var sub *kql.Pipeline
	if ok {
		sub, _ = paren.X.(*kql.Pipeline)
	}
	if sub == nil || sub.Source != nil {
		return nil, ev.unsupported(op.Sub, "%s with a subquery that names its own source is not supported", op.Keyword)
	}
	// The names of the subtable's columns.
	var names []string
	for _, me := range op.Exprs {
		if ne, ok := me.X.(*kql.NamedExpr); ok {
			names = append(names, ne.Name.Name)
			continue
		}
		id, ok := me.X.(*kql.Ident)
		if !ok {
			// The reference gives such a column a random name.
			return nil, ev.unsupported(me.X, "%s of an expression without a name is not supported: name it (Name = expression)", op.Keyword)
		}
		names = append(names, id.Name)
	}
	for _, p := range op.Params {
		if p.Name.Name == "with_itemindex" {
			names = append(names, paramWord(p.Value))
		}
	}
	const rowCol = "\x00row"
	ids := make([]Value, in.n)
	for i := range ids {
		ids[i] = NewLong(int64(i))
	}
	tagged := withColumn(in, rowCol, TypeLong, denseColumn(ids))
	ex, err := ev.mvExpand(&kql.MvExpandOp{MvExpand: op.MvApply, Keyword: op.Keyword, Params: op.Params, Exprs: op.Exprs, Limit: op.Limit, LimitX: op.LimitX}, tagged, sc)
	if err != nil {
		return nil, err
	}
	subCols := make([]int, 0, len(names))
	isSub := map[string]bool{}
	for _, n := range names {
		if j := ex.ColumnIndex(n); j >= 0 && !isSub[n] {
			subCols = append(subCols, j)
			isSub[n] = true
		}
	}
	var rest []int // the input's other columns
	for j, c := range in.cols {
		if !isSub[c.Name] {
			rest = append(rest, j)
		}
	}
	rowIdx := ex.ColumnIndex(rowCol)
	// The rows of ex are grouped by input row, in order.
	start := 0
	var parts []*Table
	var partRows []int
	for i := 0; i < in.n; i++ {
		end := start
		for end < ex.n {
			if r, _ := ex.data[rowIdx].at(end).Long(); int(r) != i {
				break
			}
			end++
		}
		idx := make([]int32, 0, end-start)
		for k := start; k < end; k++ {
			idx = append(idx, int32(k))
		}
		subtable := ex.gather(idx).Select(subCols)
		res, err := ev.runOps(sub.Ops, subtable, sc)
		ev.at = op // what follows is mv-apply's, not its subquery's
		if err != nil {
			return nil, err
		}
		if end == start && res.n > 0 {
			return nil, ev.unsupported(op, "%s of a record with nothing to expand, where the subquery makes rows from the empty subtable, is not supported: the reference does not say whether Kusto runs the subquery on it", op.Keyword)
		}
		start = end
		parts = append(parts, res)
		partRows = append(partRows, i)
	}
	// The output columns: the input's other columns, then the subquery's
	// (the same for every subtable).
	var cols []Column
	for _, j := range rest {
		cols = append(cols, in.cols[j])
	}
	var outCols []Column
	if len(parts) > 0 {
		outCols = parts[0].cols
	} else {
		// No input rows: run the subquery on an empty subtable for its
		// columns.
		res, err := ev.runOps(sub.Ops, ex.gather([]int32{}).Select(subCols), sc)
		ev.at = op
		if err != nil {
			return nil, err
		}
		outCols = res.cols
	}
	for _, c := range outCols {
		for _, j := range rest {
			if in.cols[j].Name == c.Name {
				return nil, ev.unsupported(op, "%s: the subquery's column %q has the name of a column of the input, which the reference does not say how Kusto resolves", op.Keyword, c.Name)
			}
		}
		cols = append(cols, c)
	}
	total := 0
	for _, p := range parts {
		if len(p.cols) != len(outCols) {
			return nil, ev.errorAt(op, "%s: the subquery returns different columns for different records", op.Keyword)
		}
		for k, c := range p.cols {
			if c != outCols[k] {
				return nil, ev.errorAt(op, "%s: the subquery returns different columns for different records (%s %s and %s %s)", op.Keyword, c.Name, c.Type, outCols[k].Name, outCols[k].Type)
			}
		}
		total += p.n
		if total > ev.maxRows {
			return nil, ev.overRows(op, op.Keyword)
		}
	}
	if err := ev.charge(op, op.Keyword, int64(total)*int64(len(cols))*valueBytes); err != nil {
		return nil, err
	}
	data := make([][]Value, len(cols))
	for j := range data {
		data[j] = make([]Value, 0, total)
	}
	for k, p := range parts {
		i := partRows[k]
		for r := 0; r < p.n; r++ {
			for c, j := range rest {
				data[c] = append(data[c], in.data[j].at(i))
			}
			for c := range p.cols {
				data[len(rest)+c] = append(data[len(rest)+c], p.data[c].at(r))
			}
		}
	}
	return newTableCols(cols, data, total), nil
}

// runOps runs a pipeline's operators on a table, as a pipeline does after
// its source. It restores the serial state, as a nested pipeline may run
// while an operator compiles, but leaves ev.at at the last operator: the
// table's budget errors raised after the pipeline returns name it.
func (ev *evaluator) runOps(ops []kql.Operator, t *Table, sc *scope) (*Table, error) {
	savedSerial := ev.serialIn
	defer func() { ev.serialIn = savedSerial }()
	serial := false
	var err error
	for _, op := range ops {
		ev.at = op
		ev.serialIn = serial
		if t, err = ev.operator(op, t, sc); err != nil {
			return nil, err
		}
		serial = serializedAfter(op, serial)
		if t.n > ev.maxRows {
			return nil, ev.overRows(op, opName(op))
		}
	}
	return t, nil
}
