package eval

import (
	"errors"
	"fmt"
	"math"
	"path"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// operator applies one tabular operator to its input.
func (ev *evaluator) operator(op kql.Operator, in *Table, sc *scope) (*Table, error) {
	switch op := op.(type) {
	case *kql.WhereOp:
		return ev.where(op, in, sc)
	case *kql.ExtendOp:
		return ev.extend(op, in, sc)
	case *kql.ProjectOp:
		return ev.project(op, in, sc)
	case *kql.SummarizeOp:
		return ev.summarize(op, in, sc)
	case *kql.MakeSeriesOp:
		return ev.makeSeries(op, in, sc)
	case *kql.JoinOp:
		return ev.join(op, in, sc)
	case *kql.UnionOp:
		return ev.union(op, in, sc)
	case *kql.MvExpandOp:
		return ev.mvExpand(op, in, sc)
	case *kql.MvApplyOp:
		return ev.mvApply(op, in, sc)
	case *kql.ParseOp:
		return ev.parse(op, in, sc)
	case *kql.SerializeOp:
		if _, err := ev.params(op.Params); err != nil {
			return nil, err
		}
		ev.serialIn = true // its own expressions see the serialized rows
		if len(op.Exprs) == 0 {
			return in, nil
		}
		return ev.extend(&kql.ExtendOp{Exprs: op.Exprs}, in, sc)
	case *kql.SortOp:
		if _, err := ev.params(op.Params); err != nil {
			return nil, err
		}
		return ev.sort(op, op.Keys, in, sc, -1)
	case *kql.TopOp:
		return ev.top(op, in, sc)
	case *kql.TakeOp:
		return ev.take(op, in, sc)
	case *kql.DistinctOp:
		return ev.distinct(op, in, sc)
	case *kql.CountOp:
		name := "Count"
		if op.Name != nil {
			name = op.Name.Name // count as Name
		}
		return newTableCols([]Column{{name, TypeLong}}, [][]Value{{NewLong(int64(in.n))}}, 1), nil
	case *kql.AsOp:
		if _, err := ev.params(op.Params, "hint.materialized"); err != nil {
			return nil, err
		}
		sc.bind(op.Name.Name, &binding{kind: bindTabular, node: op, tab: in, state: 2})
		return in, nil
	case *kql.GetSchemaOp:
		return getSchema(in), nil
	case *kql.RenderOp:
		return in, nil // render only changes how a client draws the result
	}
	if name := unsupportedOperator(op); name != "" {
		return nil, ev.unsupported(op, "the %s operator is not supported", name)
	}
	return nil, ev.unsupported(op, "this operator is not supported here")
}

// params checks operator parameters: hint.* parameters are ignored, the
// names in allowed are returned, anything else is unsupported.
func (ev *evaluator) params(ps []*kql.NamedExpr, allowed ...string) (map[string]kql.Expr, error) {
	out := map[string]kql.Expr{}
	for _, p := range ps {
		name := p.Name.Name
		if strings.HasPrefix(name, "hint.") {
			continue
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == name
		}
		if !ok {
			return nil, ev.unsupported(p, "the %s parameter is not supported", name)
		}
		out[name] = p.Value
	}
	return out, nil
}

// paramWord returns the value of a parameter written as a word (kind=inner).
func paramWord(e kql.Expr) string {
	switch e := e.(type) {
	case *kql.Ident:
		return e.Name
	case *kql.BasicLit:
		if s, ok := kql.StringValue(e); ok {
			return s
		}
		return e.Value
	}
	return ""
}

func (ev *evaluator) where(op *kql.WhereOp, in *Table, sc *scope) (*Table, error) {
	if _, err := ev.params(op.Params); err != nil {
		return nil, err
	}
	c := ev.rowCompiler(sc, in)
	p, err := c.expr(op.Pred)
	if err != nil {
		return nil, err
	}
	if p.typ != TypeBool && p.typ != TypeDynamic {
		return nil, ev.errorAt(op.Pred, "the where predicate must be bool, not %s", p.typ)
	}
	if p.konst {
		if b, ok := p.fn(0).Bool(); ok && b {
			return in, nil
		}
		return withIngest(in.gather(nil), in, []int32{}), nil
	}
	idx := make([]int32, 0, in.n)
	for i := 0; i < in.n; i++ {
		if b, ok := p.fn(i).Bool(); ok && b {
			idx = append(idx, int32(i))
		}
	}
	if err := ev.charge(op, op.Keyword, 4*int64(len(idx))); err != nil {
		return nil, err
	}
	return withIngest(in.gather(idx), in, idx), nil
}

// withIngest returns out, the rows idx of in (all of them when idx is
// nil), with their ingestion times: a filter keeps them, so that
// ingestion_time() reads them after where as on the table. Other
// operators drop them (see ingestion_time()).
func withIngest(out, in *Table, idx []int32) *Table {
	if in.ingest == nil || out.ingest != nil { // out.ingest is set when gather kept in itself
		return out
	}
	vals := make([]Value, len(idx))
	for i, k := range idx {
		vals[i] = in.ingest.at(int(k))
	}
	c := denseColumn(vals)
	cp := *out
	cp.ingest = &c
	return &cp
}

// materialize evaluates x on every row of a table with n rows, charging
// the values to the memory budget as the operator op at at builds them.
func (ev *evaluator) materialize(at kql.Node, op string, x *cexpr, n int) ([]Value, error) {
	if !ev.fits(int64(n) * valueBytes) {
		return nil, ev.charge(at, op, int64(n)*valueBytes)
	}
	out := make([]Value, n)
	if x.konst {
		v := x.fn(0)
		for i := range out {
			out[i] = v
		}
		return out, ev.charge(at, op, int64(n)*valueBytes)
	}
	m := meter{ev: ev, at: at, op: op}
	for i := range out {
		out[i] = x.fn(i)
		if err := m.value(out[i]); err != nil {
			return nil, err
		}
	}
	return out, m.flush()
}

// evalColumn evaluates x on every row into a column.
func (ev *evaluator) evalColumn(at kql.Node, op string, x *cexpr, n int) (column, error) {
	if x.col != nil {
		return *x.col, nil
	}
	if x.konst {
		return constColumn(x.fn(0)), nil
	}
	vals, err := ev.materialize(at, op, x, n)
	return denseColumn(vals), err
}

// withColumn returns t with column name set to col: replaced in place when
// the column exists, appended otherwise.
func withColumn(t *Table, name string, typ Type, col column) *Table {
	cols := append([]Column(nil), t.cols...)
	data := append([]column(nil), t.data...)
	if j := t.ColumnIndex(name); j >= 0 {
		cols[j] = Column{name, typ}
		data[j] = col
	} else {
		cols = append(cols, Column{name, typ})
		data = append(data, col)
	}
	out := newTable(cols, data, t.n)
	out.ingest = t.ingest // extend keeps the rows, and their ingestion times
	return out
}

// exprName returns the name of an unnamed computed column: the column name
// it derives from, or Column1, Column2... not yet taken.
func exprName(e kql.Expr, taken func(string) bool) string {
	if n := defaultName(e); n != "" {
		return n
	}
	return numberedName(taken)
}

// numberedName returns the first of Column1, Column2... not taken: the
// name KQL gives a column it cannot name after its expression.
func numberedName(taken func(string) bool) string {
	for k := 1; ; k++ {
		if n := fmt.Sprintf("Column%d", k); !taken(n) {
			return n
		}
	}
}

func (ev *evaluator) extend(op *kql.ExtendOp, in *Table, sc *scope) (*Table, error) {
	t := in
	for _, e := range op.Exprs {
		name, value := "", e
		switch x := e.(type) {
		case *kql.NamedExpr:
			name, value = x.Name.Name, x.Value
		case *kql.CompoundNamedExpr:
			out, ok, err := ev.multiColumn(x, t, sc)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, ev.unsupported(e, "extend (a, b, ...) = f() is not supported")
			}
			t = out
			continue
		default:
			name = exprName(e, func(s string) bool { return t.ColumnIndex(s) >= 0 })
		}
		rc := ev.rowCompiler(sc, t)
		rc.opIn = in
		x, err := rc.expr(value)
		if err != nil {
			return nil, err
		}
		col, err := ev.evalColumn(e, "extend", x, t.n)
		if err != nil {
			return nil, err
		}
		t = withColumn(t, name, x.typ, col)
	}
	return t, nil
}

// globMatch matches a column name against a pattern with * wildcards.
func globMatch(pattern, name string) bool {
	ok, err := path.Match(strings.ReplaceAll(strings.ReplaceAll(pattern, "[", "\\["), "?", "\\?"), name)
	return ok && err == nil
}

// matchColumns returns the indices of the columns a project-away, -keep or
// -reorder item names; an exact name must exist.
func (ev *evaluator) matchColumns(e kql.Expr, in *Table) ([]int, error) {
	id, ok := e.(*kql.Ident)
	if !ok {
		return nil, ev.errorAt(e, "expected a column name")
	}
	if !strings.Contains(id.Name, "*") {
		j := in.ColumnIndex(id.Name)
		if j < 0 {
			return nil, ev.errorAt(e, "no column named %q", id.Name)
		}
		return []int{j}, nil
	}
	var out []int
	for j, c := range in.cols {
		if globMatch(id.Name, c.Name) {
			out = append(out, j)
		}
	}
	return out, nil
}

func (ev *evaluator) project(op *kql.ProjectOp, in *Table, sc *scope) (*Table, error) {
	switch op.Keyword {
	case "project":
		var cols []Column
		var data []column
		taken := map[string]bool{}
		add := func(n kql.Node, col Column, vals column) error {
			if taken[col.Name] {
				return ev.errorAt(n, "column %q is projected twice", col.Name)
			}
			taken[col.Name] = true
			cols = append(cols, col)
			data = append(data, vals)
			return nil
		}
		c := ev.rowCompiler(sc, in)
		for _, e := range op.Exprs {
			if id, ok := e.(*kql.Ident); ok && strings.Contains(id.Name, "*") {
				js, _ := ev.matchColumns(id, in)
				for _, j := range js {
					if !taken[in.cols[j].Name] {
						_ = add(e, in.cols[j], in.data[j])
					}
				}
				continue
			}
			name, value := "", e
			if ne, ok := e.(*kql.NamedExpr); ok {
				name, value = ne.Name.Name, ne.Value
			} else {
				name = exprName(e, func(s string) bool { return taken[s] })
			}
			if id, ok := value.(*kql.Ident); ok {
				if j := in.ColumnIndex(id.Name); j >= 0 {
					if err := add(e, Column{name, in.cols[j].Type}, in.data[j]); err != nil {
						return nil, err
					}
					continue
				}
			}
			x, err := c.expr(value)
			if err != nil {
				return nil, err
			}
			col, err := ev.evalColumn(e, "project", x, in.n)
			if err != nil {
				return nil, err
			}
			if err := add(e, Column{name, x.typ}, col); err != nil {
				return nil, err
			}
		}
		return newTable(cols, data, in.n), nil
	case "project-away", "project-keep":
		drop := make([]bool, len(in.cols))
		for _, e := range op.Exprs {
			js, err := ev.matchColumns(e, in)
			if err != nil {
				return nil, err
			}
			for _, j := range js {
				drop[j] = true
			}
		}
		keep := op.Keyword == "project-keep"
		var cols []Column
		var data []column
		for j := range in.cols {
			if drop[j] == keep {
				cols = append(cols, in.cols[j])
				data = append(data, in.data[j])
			}
		}
		return newTable(cols, data, in.n), nil
	case "project-rename":
		cols := append([]Column(nil), in.cols...)
		for _, e := range op.Exprs {
			ne, ok := e.(*kql.NamedExpr)
			if !ok {
				return nil, ev.errorAt(e, "project-rename takes new = old")
			}
			old, ok := ne.Value.(*kql.Ident)
			if !ok {
				return nil, ev.errorAt(ne.Value, "expected a column name")
			}
			j := in.ColumnIndex(old.Name)
			if j < 0 {
				return nil, ev.errorAt(old, "no column named %q", old.Name)
			}
			cols[j].Name = ne.Name.Name
		}
		seen := map[string]bool{}
		for _, c := range cols {
			if seen[c.Name] {
				return nil, ev.errorAt(op, "column %q appears twice after project-rename", c.Name)
			}
			seen[c.Name] = true
		}
		return newTable(cols, in.data, in.n), nil
	case "project-reorder":
		placed := make([]bool, len(in.cols))
		var order []int
		for _, e := range op.Exprs {
			dir := ""
			if se, ok := e.(*kql.SortExpr); ok {
				e, dir = se.X, se.Order
			}
			js, err := ev.matchColumns(e, in)
			if err != nil {
				return nil, err
			}
			switch dir {
			case "asc", "granny-asc":
				sort.SliceStable(js, func(a, b int) bool { return in.cols[js[a]].Name < in.cols[js[b]].Name })
			case "desc", "granny-desc":
				sort.SliceStable(js, func(a, b int) bool { return in.cols[js[a]].Name > in.cols[js[b]].Name })
			}
			for _, j := range js {
				if !placed[j] {
					placed[j] = true
					order = append(order, j)
				}
			}
		}
		for j := range in.cols {
			if !placed[j] {
				order = append(order, j)
			}
		}
		cols := make([]Column, len(order))
		data := make([]column, len(order))
		for k, j := range order {
			cols[k], data[k] = in.cols[j], in.data[j]
		}
		return newTable(cols, data, in.n), nil
	}
	return nil, ev.unsupported(op, "the %s operator is not supported", op.Keyword)
}

func (ev *evaluator) constLong(e kql.Expr, sc *scope, what string) (int64, error) {
	x, err := ev.compiler(sc, nil).expr(e)
	if err != nil {
		return 0, err
	}
	n, ok := x.fn(0).Long()
	if !x.konst || !ok || n < 0 || !x.typ.isNumeric() && x.typ != TypeDynamic {
		return 0, ev.errorAt(e, "%s must be a constant non-negative number", what)
	}
	return n, nil
}

func (ev *evaluator) take(op *kql.TakeOp, in *Table, sc *scope) (*Table, error) {
	if _, err := ev.params(op.Params); err != nil {
		return nil, err
	}
	n, err := ev.constLong(op.Count, sc, "the row count")
	if err != nil {
		return nil, err
	}
	if n >= int64(in.n) {
		return in, nil
	}
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	return in.gather(idx), nil
}

// sortKey is one compiled key of sort or top.
type sortKey struct {
	x          *cexpr
	desc       bool
	nullsFirst bool
}

func (ev *evaluator) sortKeys(keys []kql.Expr, in *Table, sc *scope) ([]sortKey, error) {
	c := ev.compiler(sc, in)
	var out []sortKey
	for _, k := range keys {
		order, nulls := "", ""
		if se, ok := k.(*kql.SortExpr); ok {
			k, order, nulls = se.X, se.Order, se.Nulls
		}
		x, err := c.expr(k)
		if err != nil {
			return nil, err
		}
		if x.typ == TypeDynamic {
			return nil, ev.errorAt(k, "cannot sort by a dynamic value; convert it first (tostring(), tolong()...)")
		}
		sk := sortKey{x: x, desc: order != "asc" && order != "granny-asc"}
		sk.nullsFirst = !sk.desc
		switch nulls {
		case "first":
			sk.nullsFirst = true
		case "last":
			sk.nullsFirst = false
		}
		out = append(out, sk)
	}
	return out, nil
}

// sortIndex returns the row order of in under keys (a stable sort).
func (ev *evaluator) sortIndex(at kql.Node, keys []sortKey, n int) ([]int32, error) {
	cols := make([][]Value, len(keys))
	for k, key := range keys {
		var err error
		if cols[k], err = ev.materialize(at, opName(at), key.x, n); err != nil {
			return nil, err
		}
	}
	if err := ev.charge(at, opName(at), 4*int64(n)); err != nil {
		return nil, err
	}
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	isNull := func(v Value) bool {
		return v.null || v.typ == TypeReal && math.IsNaN(v.real())
	}
	sort.SliceStable(idx, func(a, b int) bool {
		for k, key := range keys {
			x, y := cols[k][idx[a]], cols[k][idx[b]]
			xn, yn := isNull(x), isNull(y)
			switch {
			case xn && yn:
				continue
			case xn:
				return key.nullsFirst
			case yn:
				return !key.nullsFirst
			}
			r, _ := compareValues(x, y)
			if r == 0 {
				continue
			}
			return (r < 0) != key.desc
		}
		return false
	})
	return idx, nil
}

func (ev *evaluator) sort(at kql.Node, keys []kql.Expr, in *Table, sc *scope, limit int64) (*Table, error) {
	ks, err := ev.sortKeys(keys, in, sc)
	if err != nil {
		return nil, err
	}
	idx, err := ev.sortIndex(at, ks, in.n)
	if err != nil {
		return nil, err
	}
	if limit >= 0 && limit < int64(len(idx)) {
		idx = idx[:limit]
	}
	return in.gather(idx), nil
}

func (ev *evaluator) top(op *kql.TopOp, in *Table, sc *scope) (*Table, error) {
	if _, err := ev.params(op.Params); err != nil {
		return nil, err
	}
	n, err := ev.constLong(op.Count, sc, "the row count")
	if err != nil {
		return nil, err
	}
	return ev.sort(op, op.Keys, in, sc, n)
}

func (ev *evaluator) distinct(op *kql.DistinctOp, in *Table, sc *scope) (*Table, error) {
	if _, err := ev.params(op.Params); err != nil {
		return nil, err
	}
	var cols []Column
	var exprs []*cexpr
	c := ev.compiler(sc, in)
	for _, e := range op.Exprs {
		if _, ok := e.(*kql.Star); ok {
			for j, col := range in.cols {
				cols = append(cols, col)
				exprs = append(exprs, c.column(j))
			}
			continue
		}
		name, value := "", e
		if ne, ok := e.(*kql.NamedExpr); ok {
			name, value = ne.Name.Name, ne.Value
		} else {
			name = exprName(e, func(s string) bool {
				for _, c := range cols {
					if c.Name == s {
						return true
					}
				}
				return false
			})
		}
		x, err := c.expr(value)
		if err != nil {
			return nil, err
		}
		cols = append(cols, Column{name, x.typ})
		exprs = append(exprs, x)
	}
	seen := map[string]bool{}
	var buf []byte
	data := make([][]Value, len(cols))
	n := 0
	for i := 0; i < in.n; i++ {
		buf = buf[:0]
		vals := make([]Value, len(exprs))
		for k, x := range exprs {
			vals[k] = x.fn(i)
			buf = appendKey(buf, vals[k])
		}
		if seen[string(buf)] {
			continue
		}
		seen[string(buf)] = true
		for k := range vals {
			data[k] = append(data[k], vals[k])
		}
		n++
	}
	for k := range data {
		if data[k] == nil {
			data[k] = []Value{}
		}
	}
	if err := ev.charge(op, "distinct", int64(n)*int64(len(cols))*valueBytes); err != nil {
		return nil, err
	}
	return newTableCols(cols, data, n), nil
}

func getSchema(in *Table) *Table {
	cols := []Column{{"ColumnName", TypeString}, {"ColumnOrdinal", TypeInt}, {"DataType", TypeString}, {"ColumnType", TypeString}}
	data := make([][]Value, 4)
	for j, c := range in.cols {
		data[0] = append(data[0], NewString(c.Name))
		data[1] = append(data[1], NewInt(int32(j)))
		data[2] = append(data[2], NewString(c.Type.netType()))
		data[3] = append(data[3], NewString(c.Type.String()))
	}
	return newTableCols(cols, data, len(in.cols))
}

// ---------------------------------------------------------------------------
// Sources: print, range, datatable

func (ev *evaluator) print(op *kql.PrintOp, sc *scope) (*Table, error) {
	c := ev.compiler(sc, nil)
	var cols []Column
	var data [][]Value
	for k, e := range op.Exprs {
		name, value := fmt.Sprintf("print_%d", k), e
		if ne, ok := e.(*kql.NamedExpr); ok {
			name, value = ne.Name.Name, ne.Value
		}
		x, err := c.expr(value)
		if err != nil {
			return nil, err
		}
		cols = append(cols, Column{name, x.typ})
		data = append(data, []Value{x.fn(0)})
	}
	return newTableCols(cols, data, 1), nil
}

func (ev *evaluator) rangeOp(op *kql.RangeOp, sc *scope) (*Table, error) {
	c := ev.compiler(sc, nil)
	var xs [3]*cexpr
	for k, e := range []kql.Expr{op.Start, op.Stop, op.StepSize} {
		x, err := c.expr(e)
		if err != nil {
			return nil, err
		}
		xs[k] = x
	}
	typ, ok := rangeType(xs[0].typ, xs[1].typ, xs[2].typ)
	if !ok {
		return nil, ev.errorAt(op, "range cannot step from %s to %s by %s", xs[0].typ, xs[1].typ, xs[2].typ)
	}
	a, b, st := xs[0].fn(0), xs[1].fn(0), xs[2].fn(0)
	n, ok := rangeCount(a, b, st, typ)
	switch {
	case !ok:
		return nil, ev.errorAt(op, "range needs a start, a stop and a step that is not null or zero")
	case n > uint64(ev.maxRows):
		return nil, ev.overRows(op, "range")
	}
	if err := ev.charge(op, "range", int64(n)*valueBytes); err != nil {
		return nil, err
	}
	vals := rangeValues(a, st, typ, int(n))
	return newTableCols([]Column{{op.Name.Name, typ}}, [][]Value{vals}, len(vals)), nil
}

func (ev *evaluator) datatable(dt *kql.DatatableExpr, sc *scope) (*Table, error) {
	if len(dt.Params) > 0 {
		return nil, ev.unsupported(dt.Params[0], "datatable parameters are not supported")
	}
	var cols []Column
	for _, e := range dt.Schema.Columns {
		cd, ok := e.(*kql.ColumnDecl)
		if !ok {
			return nil, ev.errorAt(e, "expected name:type")
		}
		id, ok := cd.Type.(*kql.Ident)
		if !ok {
			return nil, ev.errorAt(e, "expected name:type")
		}
		t, err := ParseType(id.Name)
		if err != nil {
			return nil, ev.unsupported(id, "%v", err)
		}
		cols = append(cols, Column{cd.Name.Name, t})
	}
	if len(cols) == 0 {
		return nil, ev.errorAt(dt, "datatable needs at least one column")
	}
	if len(dt.Values)%len(cols) != 0 {
		return nil, ev.errorAt(dt, "datatable has %d values for %d columns", len(dt.Values), len(cols))
	}
	n := len(dt.Values) / len(cols)
	if err := ev.charge(dt, "datatable", int64(len(dt.Values))*valueBytes); err != nil {
		return nil, err
	}
	data := make([][]Value, len(cols))
	for j := range data {
		data[j] = make([]Value, n)
	}
	c := ev.compiler(sc, nil)
	for k, e := range dt.Values {
		x, err := c.expr(e)
		if err != nil {
			return nil, err
		}
		col := cols[k%len(cols)]
		v, ok := fitValue(x.fn(0), col.Type)
		if !x.konst || !ok {
			return nil, ev.errorAt(e, "a %s value in the %s column %s", x.typ, col.Type, col.Name)
		}
		data[k%len(cols)][k/len(cols)] = v
	}
	return newTableCols(cols, data, n), nil
}

// fitValue converts a literal to a column type where KQL does implicitly.
func fitValue(v Value, t Type) (Value, bool) {
	switch {
	case v.typ == t:
		return v, true
	case v.null:
		return Null(t), true
	case t == TypeDynamic:
		return toDyn(v), true
	case t.isNumeric() && v.typ.isNumeric():
		return convertNumeric(v, t), true
	case t == TypeGUID && v.typ == TypeString:
		g := toGUIDV(v)
		return g, !g.null
	}
	return v, false
}

// ---------------------------------------------------------------------------
// union

func (ev *evaluator) union(op *kql.UnionOp, in *Table, sc *scope) (*Table, error) {
	ps, err := ev.params(op.Params, "kind", "withsource", "source", "isfuzzy")
	if err != nil {
		return nil, err
	}
	fuzzy := false
	if f, ok := ps["isfuzzy"]; ok {
		switch strings.ToLower(paramWord(f)) {
		case "true":
			fuzzy = true
		case "false":
		default:
			return nil, ev.errorAt(f, "isfuzzy takes true or false")
		}
	}
	// With isfuzzy=true a leg that names a table the run was not given is
	// left out, as Kusto leaves out the legs that do not resolve; if none
	// is left, the union fails with the first leg's error.
	var skipped *Error
	skip := func(err error) bool {
		var e *Error
		if !fuzzy || !errors.As(err, &e) || e.Table == "" {
			return false
		}
		if skipped == nil {
			skipped = e
		}
		return true
	}
	kind := "outer"
	if k, ok := ps["kind"]; ok {
		kind = paramWord(k)
		if kind != "inner" && kind != "outer" {
			return nil, ev.unsupported(k, "union kind=%s is not supported", kind)
		}
	}
	source := ""
	for _, n := range []string{"withsource", "source"} {
		if e, ok := ps[n]; ok {
			source = paramWord(e)
		}
	}
	type part struct {
		name string
		t    *Table
	}
	var parts []part
	if in != nil {
		parts = append(parts, part{"union_arg0", in})
	}
	for _, e := range op.Tables {
		if id, ok := e.(*kql.Ident); ok {
			if strings.Contains(id.Name, "*") {
				var names []string
				for n := range ev.tables {
					if globMatch(id.Name, n) {
						names = append(names, n)
					}
				}
				sort.Strings(names)
				for _, n := range names {
					parts = append(parts, part{n, ev.tables[n]})
				}
				continue
			}
			t, err := ev.tableRef(id, sc)
			if skip(err) {
				continue
			}
			if err != nil {
				return nil, err
			}
			parts = append(parts, part{id.Name, t})
			continue
		}
		t, err := ev.tabular(e, sc)
		if skip(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		parts = append(parts, part{fmt.Sprintf("union_arg%d", len(parts)), t})
	}
	if len(parts) == 0 && skipped != nil {
		e := *skipped
		e.Msg = "union isfuzzy=true: no leg resolved; the first: " + e.Msg
		return nil, &e
	}
	// The output schema: columns by first appearance; a name used with
	// different types becomes name_type for each type.
	types := map[string][]Type{}
	var order []string
	count := map[string]int{}
	for _, p := range parts {
		for _, c := range p.t.cols {
			if _, ok := types[c.Name]; !ok {
				order = append(order, c.Name)
			}
			known := false
			for _, t := range types[c.Name] {
				known = known || t == c.Type
			}
			if !known {
				types[c.Name] = append(types[c.Name], c.Type)
			}
			count[c.Name+"\x00"+c.Type.String()]++
		}
	}
	var cols []Column
	for _, name := range order {
		ts := types[name]
		for _, t := range ts {
			if kind == "inner" && count[name+"\x00"+t.String()] != len(parts) {
				continue
			}
			n := name
			if len(ts) > 1 {
				n = name + "_" + t.String()
			}
			cols = append(cols, Column{n, t})
		}
	}
	if source != "" {
		cols = append([]Column{{source, TypeString}}, cols...)
	}
	total := 0
	for _, p := range parts {
		total += p.t.n
		if total > ev.maxRows {
			return nil, ev.overRows(op, "union")
		}
	}
	if err := ev.charge(op, "union", int64(total)*int64(len(cols))*valueBytes); err != nil {
		return nil, err
	}
	data := make([][]Value, len(cols))
	for j := range data {
		data[j] = make([]Value, 0, total)
	}
	for _, p := range parts {
		for j, col := range cols {
			if source != "" && j == 0 {
				v := NewString(p.name)
				for i := 0; i < p.t.n; i++ {
					data[0] = append(data[0], v)
				}
				continue
			}
			src := -1
			for k, c := range p.t.cols {
				name := c.Name
				if len(types[name]) > 1 {
					name += "_" + c.Type.String()
				}
				if name == col.Name && c.Type == col.Type {
					src = k
				}
			}
			if src < 0 {
				null := Null(col.Type)
				for i := 0; i < p.t.n; i++ {
					data[j] = append(data[j], null)
				}
				continue
			}
			data[j] = append(data[j], p.t.data[src].dense(p.t.n)...)
		}
	}
	out := newTableCols(cols, data, total)
	// The union of tables whose rows all carry ingestion times keeps them
	// (union SigninLogs, AADNonInteractiveUserSignInLogs | where
	// ingestion_time() > ago(1h)).
	all := len(parts) > 0
	for _, p := range parts {
		all = all && p.t.ingest != nil
	}
	if all {
		vals := make([]Value, 0, total)
		for _, p := range parts {
			vals = append(vals, p.t.ingest.dense(p.t.n)...)
		}
		c := denseColumn(vals)
		out.ingest = &c
	}
	return out, nil
}

// ---------------------------------------------------------------------------
// mv-expand

func (ev *evaluator) mvExpand(op *kql.MvExpandOp, in *Table, sc *scope) (*Table, error) {
	ps, err := ev.params(op.Params, "kind", "bagexpansion", "with_itemindex")
	if err != nil {
		return nil, err
	}
	bagAsArray := false
	for _, n := range []string{"kind", "bagexpansion"} {
		if e, ok := ps[n]; ok {
			switch paramWord(e) {
			case "array":
				bagAsArray = true
			case "bag":
			default:
				return nil, ev.unsupported(e, "mv-expand %s=%s is not supported", n, paramWord(e))
			}
		}
	}
	indexCol := ""
	if e, ok := ps["with_itemindex"]; ok {
		indexCol = paramWord(e)
	}
	limit := int64(math.MaxInt32)
	if op.LimitX != nil {
		if limit, err = ev.constLong(op.LimitX, sc, "the mv-expand limit"); err != nil {
			return nil, err
		}
	}
	if op.Keyword == "mvexpand" && op.LimitX == nil {
		limit = 128
	}
	c := ev.compiler(sc, in)
	type target struct {
		name string
		x    *cexpr
		typ  Type
	}
	var targets []target
	for _, me := range op.Exprs {
		name, value := "", me.X
		if ne, ok := me.X.(*kql.NamedExpr); ok {
			name, value = ne.Name.Name, ne.Value
		} else {
			name = exprName(me.X, func(s string) bool { return in.ColumnIndex(s) >= 0 })
		}
		x, err := c.expr(value)
		if err != nil {
			return nil, err
		}
		typ := TypeDynamic
		if me.Type != nil {
			if typ, err = c.typeArg(me.Type); err != nil {
				return nil, err
			}
		}
		targets = append(targets, target{name, x, typ})
	}
	// Two passes: count the output rows, checking the budgets before
	// anything is built, then build exactly that many. (Keeping the
	// expanded values of the first pass could take as much memory as the
	// output itself, and range() makes a new array for every row.)
	elems := make([][]Value, len(targets))
	expand := func(i int) int {
		rows := 0
		for k, t := range targets {
			elems[k] = expandValue(t.x.fn(i), bagAsArray)
			if len(elems[k]) > rows {
				rows = len(elems[k])
			}
		}
		if int64(rows) > limit {
			rows = int(limit)
		}
		return rows
	}
	perRow := 4 + int64(len(targets))*valueBytes // a row index and the values
	if indexCol != "" {
		perRow += valueBytes
	}
	total := 0
	for i := 0; i < in.n; i++ {
		total += expand(i)
		if total > ev.maxRows {
			return nil, ev.overRows(op, op.Keyword)
		}
		if !ev.fits(int64(total) * perRow) {
			return nil, ev.charge(op, op.Keyword, int64(total)*perRow)
		}
	}
	if err := ev.charge(op, op.Keyword, int64(total)*perRow); err != nil {
		return nil, err
	}
	idx := make([]int32, 0, total)
	expanded := make([][]Value, len(targets))
	for k := range expanded {
		expanded[k] = make([]Value, 0, total)
	}
	var itemIndex []Value
	if indexCol != "" {
		itemIndex = make([]Value, 0, total)
	}
	for i := 0; i < in.n && len(idx) < total; i++ {
		rows := min(expand(i), total-len(idx))
		for r := 0; r < rows; r++ {
			idx = append(idx, int32(i))
			for k, t := range targets {
				v := dynNull
				if r < len(elems[k]) {
					v = elems[k][r]
				}
				expanded[k] = append(expanded[k], castTo(v, t.typ))
			}
			if indexCol != "" {
				itemIndex = append(itemIndex, NewLong(int64(r)))
			}
		}
	}
	out := in.gather(idx)
	for k, t := range targets {
		vals := expanded[k]
		if vals == nil {
			vals = []Value{}
		}
		out = withColumn(out, t.name, t.typ, denseColumn(vals))
	}
	if indexCol != "" {
		if itemIndex == nil {
			itemIndex = []Value{}
		}
		out = withColumn(out, indexCol, TypeLong, denseColumn(itemIndex))
	}
	return out, nil
}

// expandValue returns the values mv-expand makes of one cell: the elements
// of an array, the properties of a bag (one-property bags, or [key, value]
// arrays), a null for null, and the value itself for a scalar.
func expandValue(v Value, bagAsArray bool) []Value {
	if v.null {
		return []Value{dynNull}
	}
	if a, ok := v.array(); ok {
		return a
	}
	if b, ok := v.bag(); ok {
		out := make([]Value, len(b.keys))
		for i, k := range b.keys {
			if bagAsArray {
				out[i] = dynArray([]Value{toDyn(NewString(k)), b.vals[i]})
			} else {
				out[i] = dynBag(&propBag{keys: []string{k}, vals: []Value{b.vals[i]}})
			}
		}
		return out
	}
	return []Value{toDyn(v)}
}
