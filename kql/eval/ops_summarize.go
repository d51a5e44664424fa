package eval

import (
	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
)

// groupKey is a compiled by expression of summarize or make-series.
type groupKey struct {
	col Column
	x   *cexpr
}

func (ev *evaluator) groupKeys(groups []kql.Expr, c *compiler) ([]groupKey, error) {
	var keys []groupKey
	for _, g := range groups {
		name, value := "", g
		if ne, ok := g.(*kql.NamedExpr); ok {
			name, value = ne.Name.Name, ne.Value
		} else {
			name = exprName(g, func(s string) bool {
				for _, k := range keys {
					if k.col.Name == s {
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
		if x.typ == TypeDynamic {
			return nil, ev.errorAt(g, "a dynamic value cannot be a group key; convert it first (tostring(), tolong()...)")
		}
		keys = append(keys, groupKey{Column{name, x.typ}, x})
	}
	return keys, nil
}

// groups partitions the rows of in by the values of keys, in order of first
// appearance. It returns each group's rows and key values.
func groupRows(keys []groupKey, n int) (rows [][]int32, vals [][]Value) {
	if len(keys) == 0 {
		all := make([]int32, n)
		for i := range all {
			all[i] = int32(i)
		}
		return [][]int32{all}, [][]Value{nil}
	}
	index := map[string]int{}
	var buf []byte
	kv := make([]Value, len(keys))
	for i := 0; i < n; i++ {
		buf = buf[:0]
		for k, key := range keys {
			kv[k] = key.x.fn(i)
			buf = appendKey(buf, kv[k])
		}
		g, ok := index[string(buf)]
		if !ok {
			g = len(rows)
			index[string(buf)] = g
			rows = append(rows, nil)
			vals = append(vals, append([]Value(nil), kv...))
		}
		rows[g] = append(rows[g], int32(i))
	}
	return rows, vals
}

// aggregate is a compiled aggregation of summarize or make-series.
type aggregate struct {
	node kql.Expr
	impl *aggImpl
}

func (ev *evaluator) aggregates(items []kql.Expr, c *compiler, ac *aggCtx) ([]aggregate, error) {
	var out []aggregate
	for _, item := range items {
		name, value := "", item
		if ne, ok := item.(*kql.NamedExpr); ok {
			name, value = ne.Name.Name, ne.Value
		}
		if _, ok := item.(*kql.CompoundNamedExpr); ok {
			return nil, ev.unsupported(item, "(a, b, ...) = aggregate is not supported")
		}
		impl, err := ev.aggregateExpr(value, c, ac)
		if err != nil {
			return nil, err
		}
		if name != "" {
			impl.cols[0].Name = name
		}
		out = append(out, aggregate{item, impl})
	}
	return out, nil
}

// aggregateExpr compiles one aggregation of summarize or make-series: a
// call of an aggregation function, or a scalar expression over such calls
// (round(avg(x), 2), todouble(countif(p)) / count()), which is computed per
// group from the calls' results.
func (ev *evaluator) aggregateExpr(value kql.Expr, c *compiler, ac *aggCtx) (*aggImpl, error) {
	if call, ok := value.(*kql.CallExpr); ok {
		fn, err := ev.aggFuncOf(call)
		if err != nil {
			return nil, err
		}
		if fn != nil {
			return ev.aggregateCall(fn, call, c, ac)
		}
	}
	// An expression around aggregation calls: each call becomes a value
	// the expression reads, set for each group before it is computed.
	var calls []*kql.CallExpr
	var inner []*aggImpl
	var err error
	kql.Inspect(value, func(n kql.Node) bool {
		call, ok := n.(*kql.CallExpr)
		if !ok || err != nil {
			return err == nil
		}
		var fn *aggFunc
		if fn, err = ev.aggFuncOf(call); err != nil || fn == nil {
			return err == nil
		}
		var impl *aggImpl
		if impl, err = ev.aggregateCall(fn, call, c, ac); err != nil {
			return false
		}
		if len(impl.cols) != 1 {
			err = ev.unsupported(call, "%s() inside an expression is not supported: it has %d result columns", ev.q.Text(call.Fun), len(impl.cols))
			return false
		}
		calls, inner = append(calls, call), append(inner, impl)
		return false // an aggregation's arguments are per row, not per group
	})
	if err != nil {
		return nil, err
	}
	if len(calls) == 0 {
		return nil, ev.errorAt(value, "summarize needs an aggregation function here, such as count() or max(x)")
	}
	// The expression is compiled without the input's columns: outside the
	// aggregation calls, a column has no single value per group.
	slots := make([]Value, len(calls))
	outer := ev.compiler(c.sc, nil)
	outer.params = c.params
	outer.aggValues = make(map[*kql.CallExpr]*cexpr, len(calls))
	for k, call := range calls {
		outer.aggValues[call] = &cexpr{typ: inner[k].cols[0].Type, fn: func(int) Value { return slots[k] }}
	}
	x, err := outer.expr(value)
	if err != nil {
		if col := columnOutsideAggregates(value, outer.aggValues, c.in); col != nil {
			return nil, ev.errorAt(col, "%s is a column: outside an aggregation function such as max(%s) it has no value per group", col.Name, col.Name)
		}
		return nil, err
	}
	// Unnamed, the column is named after the expression (round(avg(x))
	// is avg_x), or numbered by the caller (Column1...).
	return &aggImpl{cols: []Column{{defaultName(value), x.typ}}, fn: func(rows []int32) []Value {
		for k, impl := range inner {
			slots[k] = impl.fn(rows)[0]
		}
		return []Value{x.fn(0)}
	}}, nil
}

// columnOutsideAggregates returns the first name in e, outside the
// aggregation calls aggs, that names a column of in; nil if none does.
func columnOutsideAggregates(e kql.Expr, aggs map[*kql.CallExpr]*cexpr, in *Table) *kql.Ident {
	var found *kql.Ident
	var visit func(n kql.Node) bool
	visit = func(n kql.Node) bool {
		switch n := n.(type) {
		case *kql.CallExpr:
			if _, ok := aggs[n]; !ok {
				for _, a := range n.Args { // not the function's name
					kql.Inspect(a, visit)
				}
			}
			return false
		case *kql.SelectorExpr: // a.b: b names a property, not a column
			kql.Inspect(n.X, visit)
			return false
		case *kql.Ident:
			if found == nil && in != nil && in.ColumnIndex(n.Name) >= 0 {
				found = n
			}
		}
		return found == nil
	}
	kql.Inspect(e, visit)
	return found
}

// aggFuncOf returns the aggregation function a call calls, nil if it
// calls a scalar function, or an error for an aggregation function the
// evaluator does not implement.
func (ev *evaluator) aggFuncOf(call *kql.CallExpr) (*aggFunc, error) {
	id, ok := call.Fun.(*kql.Ident)
	if !ok {
		return nil, nil
	}
	if fn := aggFuncs[id.Name]; fn != nil {
		return fn, nil
	}
	if msg, known := knownUnsupportedFuncs[id.Name]; known {
		return nil, ev.unsupported(call, "%s() is not supported%s", id.Name, msg)
	}
	if scalarFuncs[id.Name] == nil && types.LookupBuiltin(types.AggregateFunction, id.Name) != nil {
		return nil, ev.unsupported(call, "aggregation function %s() is not supported", id.Name)
	}
	return nil, nil
}

// aggregateCall compiles a call of the aggregation function fn.
func (ev *evaluator) aggregateCall(fn *aggFunc, call *kql.CallExpr, c *compiler, ac *aggCtx) (*aggImpl, error) {
	if len(call.Args) < fn.min || fn.max >= 0 && len(call.Args) > fn.max {
		return nil, ev.errorAt(call, "%s takes %s", ev.q.Text(call.Fun), argCount(fn.min, fn.max))
	}
	return fn.compile(c, call, ac)
}

func (ev *evaluator) summarize(op *kql.SummarizeOp, in *Table, sc *scope) (*Table, error) {
	if _, err := ev.params(op.Params); err != nil {
		return nil, err
	}
	c := ev.compiler(sc, in)
	keys, err := ev.groupKeys(op.Groups, c)
	if err != nil {
		return nil, err
	}
	ac := &aggCtx{byNames: map[string]bool{}}
	for _, k := range keys {
		ac.byNames[k.col.Name] = true
	}
	aggs, err := ev.aggregates(op.Aggs, c, ac)
	if err != nil {
		return nil, err
	}
	rows, keyVals := groupRows(keys, in.n)
	var cols []Column
	taken := map[string]bool{}
	addCol := func(col Column) {
		if col.Name == "" {
			col.Name = numberedName(func(s string) bool { return taken[s] })
		}
		col.Name = uniqueName(col.Name, func(s string) bool { return taken[s] })
		taken[col.Name] = true
		cols = append(cols, col)
	}
	for _, k := range keys {
		addCol(k.col)
	}
	for _, a := range aggs {
		for _, col := range a.impl.cols {
			addCol(col)
		}
	}
	// Grouping took a row index per input row; the output is a row of
	// values per group, and the aggregates' arrays (make_list...).
	if err := ev.charge(op, "summarize", 4*int64(in.n)+int64(len(rows))*int64(len(cols))*valueBytes); err != nil {
		return nil, err
	}
	data := make([][]Value, len(cols))
	for j := range data {
		data[j] = make([]Value, len(rows))
	}
	m := meter{ev: ev, at: op, op: "summarize"}
	for g, rs := range rows {
		j := 0
		for k := range keys {
			data[j][g] = keyVals[g][k]
			j++
		}
		for _, a := range aggs {
			for _, v := range a.impl.fn(rs) {
				data[j][g] = v
				j++
				if err := m.add(payloadBytes(v)); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := m.flush(); err != nil {
		return nil, err
	}
	return newTableCols(cols, data, len(rows)), nil
}

// seriesAggs are the aggregation functions make-series supports (those with
// one numeric result).
var seriesAggs = map[string]bool{
	"count": true, "countif": true, "dcount": true, "dcountif": true, "sum": true, "sumif": true,
	"avg": true, "avgif": true, "min": true, "max": true, "minif": true, "maxif": true,
}

// makeSeries implements make-series ... on Axis from Start to End step Step:
// per group, one array per aggregation with a value for each bin
// bin_at(Axis, Step, Start) in [Start, End), and the array of bin starts.
func (ev *evaluator) makeSeries(op *kql.MakeSeriesOp, in *Table, sc *scope) (*Table, error) {
	if _, err := ev.params(op.Params); err != nil {
		return nil, err
	}
	boundExprs := []kql.Expr{op.Start, op.Stop, op.StepSize}
	if op.Range != nil {
		call, ok := op.Range.(*kql.CallExpr)
		var id *kql.Ident
		if ok {
			id, _ = call.Fun.(*kql.Ident)
		}
		if id == nil || id.Name != "range" || len(call.Args) != 3 {
			return nil, ev.errorAt(op.Range, "make-series ... in takes range(start, stop, step)")
		}
		boundExprs = call.Args
	} else if op.Start == nil || op.Stop == nil {
		return nil, ev.unsupported(op, "make-series without from and to is not supported")
	}
	c := ev.compiler(sc, in)
	axis, err := c.expr(op.Axis)
	if err != nil {
		return nil, err
	}
	cc := ev.compiler(sc, nil)
	bounds := make([]Value, 3)
	for k, e := range boundExprs {
		x, err := cc.expr(e)
		if err != nil {
			return nil, err
		}
		if !x.konst {
			return nil, ev.errorAt(e, "make-series bounds must be constants")
		}
		bounds[k] = x.fn(0)
	}
	start, stop, step := bounds[0], bounds[1], bounds[2]
	binType, ok := binType(axis.typ, step.typ)
	if !ok || !comparableTypes(axis.typ, start.typ) || !comparableTypes(axis.typ, stop.typ) {
		return nil, ev.errorAt(op, "make-series cannot step a %s axis by %s from %s to %s", axis.typ, step.typ, start.typ, stop.typ)
	}
	if start.null || stop.null || step.null {
		return nil, ev.errorAt(op, "make-series bounds must not be null")
	}
	// outside reports a row the range form leaves open (see rangeSeries).
	outside := func(Value) bool { return false }
	var nbins int
	if op.Range != nil {
		var err error
		start, nbins, outside, err = ev.rangeSeries(op, start, stop, step, binType)
		if err != nil {
			return nil, err
		}
	} else {
		nbins, ok = seriesBins(start, stop, step, binType)
	}
	if !ok || nbins > 1<<20 {
		return nil, ev.errorAt(op, "make-series produces too many bins (the limit is 1048576)")
	}
	keys, err := ev.groupKeys(op.Groups, c)
	if err != nil {
		return nil, err
	}
	ac := &aggCtx{byNames: map[string]bool{}}
	var items []kql.Expr
	var defaults []Value
	for _, a := range op.Aggs {
		items = append(items, a.X)
		var call kql.Expr = a.X
		if ne, ok := call.(*kql.NamedExpr); ok {
			call = ne.Value
		}
		ce, ok := call.(*kql.CallExpr)
		if !ok {
			return nil, ev.unsupported(call, "make-series supports a call of an aggregation function here, not an expression around one")
		}
		if id, ok := ce.Fun.(*kql.Ident); ok && !seriesAggs[id.Name] {
			return nil, ev.unsupported(ce, "%s() is not supported in make-series", id.Name)
		}
		def := NewLong(0)
		if a.Value != nil {
			x, err := cc.expr(a.Value)
			if err != nil {
				return nil, err
			}
			def = x.fn(0)
		}
		defaults = append(defaults, def)
	}
	aggs, err := ev.aggregates(items, c, ac)
	if err != nil {
		return nil, err
	}
	groups, keyVals := groupRows(keys, in.n)
	if len(keys) == 0 && in.n == 0 {
		groups = nil
	}
	// Every group gets an array of nbins values per aggregation and one of
	// the bin starts: check that before building them.
	cells := int64(len(groups)) * int64(nbins) * int64(len(aggs)+1)
	if !ev.fits(cells * valueBytes) {
		return nil, ev.charge(op, "make-series", cells*valueBytes)
	}
	if err := ev.charge(op, "make-series", 4*int64(in.n)+cells*valueBytes); err != nil {
		return nil, err
	}
	var cols []Column
	taken := map[string]bool{}
	addCol := func(col Column) {
		if col.Name == "" {
			col.Name = numberedName(func(s string) bool { return taken[s] })
		}
		col.Name = uniqueName(col.Name, func(s string) bool { return taken[s] })
		taken[col.Name] = true
		cols = append(cols, col)
	}
	for _, k := range keys {
		addCol(k.col)
	}
	for _, a := range aggs {
		addCol(Column{a.impl.cols[0].Name, TypeDynamic})
	}
	axisName := exprName(op.Axis, func(s string) bool { return taken[s] })
	addCol(Column{axisName, TypeDynamic})
	axisVals := make([]Value, nbins)
	for b := range axisVals {
		axisVals[b] = toDyn(seriesBinStart(start, step, b, binType))
	}
	data := make([][]Value, len(cols))
	for j := range data {
		data[j] = make([]Value, len(groups))
	}
	for g, rs := range groups {
		bins := make([][]int32, nbins)
		for _, i := range rs {
			a := axis.fn(int(i))
			if a.null {
				continue
			}
			if b, ok := seriesBin(a, start, step, binType); ok && b >= 0 && b < nbins {
				if outside(a) {
					return nil, ev.unsupported(op.Range, "make-series ... in range(): the row at %s is in a bin of the series but outside range()'s start and stop; the reference does not say whether Kusto counts it", stringOf(a))
				}
				bins[b] = append(bins[b], i)
			}
		}
		j := 0
		for k := range keys {
			data[j][g] = keyVals[g][k]
			j++
		}
		for k, a := range aggs {
			vals := make([]Value, nbins)
			t := a.impl.cols[0].Type
			for b := range bins {
				if len(bins[b]) == 0 {
					vals[b] = toDyn(coerce(defaults[k], t))
					continue
				}
				vals[b] = toDyn(a.impl.fn(bins[b])[0])
			}
			data[j][g] = dynArray(vals)
			j++
		}
		data[j][g] = dynArray(append([]Value(nil), axisVals...))
	}
	return newTableCols(cols, data, len(groups)), nil
}

// rangeSeries returns the first bin and the number of bins of make-series
// ... on x in range(start, stop, step), and which rows it leaves open.
// The reference (make-series, "Alternate syntax") says this form differs
// from from/to in two ways: stop is inclusive, and the axis is binned with
// bin(), not bin_at(), so start may not be included: the bins run from
// bin(start, step) to bin(stop, step). It does not say whether a row in
// the first bin before start, or in the last after stop, is counted: such
// a row fails as not supported (outside reports it). Only datetime and
// timespan axes are taken, whose bins are exact.
func (ev *evaluator) rangeSeries(op *kql.MakeSeriesOp, start, stop, step Value, t Type) (Value, int, func(Value) bool, error) {
	if t != TypeDateTime && t != TypeTimespan {
		return start, 0, nil, ev.unsupported(op.Range, "make-series ... in range() over a %s axis is not supported; use from ... to ... step", t)
	}
	if step.n <= 0 {
		return start, 0, nil, ev.errorAt(op.Range, "make-series ... in range() needs a positive step")
	}
	if stop.n < start.n {
		return start, 0, nil, ev.unsupported(op.Range, "make-series ... in range() with stop before start is not supported: the reference does not say what Kusto returns")
	}
	first := binAt(start, step, Value{}, t)
	last := binAt(stop, step, Value{}, t)
	n := (last.n-first.n)/step.n + 1
	if n > 1<<20 {
		n = 1<<20 + 1
	}
	outside := func(v Value) bool { return v.n < start.n || v.n > stop.n }
	return first, int(n), outside, nil
}

// seriesBins returns the number of bins from start (inclusive) to stop
// (exclusive).
func seriesBins(start, stop, step Value, t Type) (int, bool) {
	switch t {
	case TypeDateTime, TypeTimespan:
		if step.n <= 0 {
			return 0, false
		}
		span := stop.n - start.n
		if span <= 0 {
			return 0, true
		}
		return int((span + step.n - 1) / step.n), true
	default:
		a, _ := start.Real()
		b, _ := stop.Real()
		s, _ := step.Real()
		if !(s > 0) {
			return 0, false
		}
		if b <= a {
			return 0, true
		}
		n := (b - a) / s
		k := int(n)
		if float64(k) < n {
			k++
		}
		return k, true
	}
}

func seriesBin(v, start, step Value, t Type) (int, bool) {
	switch t {
	case TypeDateTime, TypeTimespan:
		return int(floorDiv(v.n-start.n, step.n)), true
	default:
		x, ok := v.Real()
		a, _ := start.Real()
		s, _ := step.Real()
		if !ok {
			return 0, false
		}
		f := (x - a) / s
		if f < 0 {
			return -1, true
		}
		return int(f), true
	}
}

func seriesBinStart(start, step Value, b int, t Type) Value {
	switch t {
	case TypeDateTime, TypeTimespan:
		return Value{typ: t, n: start.n + int64(b)*step.n}
	case TypeLong:
		a, _ := start.Long()
		s, _ := step.Long()
		return NewLong(a + int64(b)*s)
	}
	a, _ := start.Real()
	s, _ := step.Real()
	return NewReal(a + float64(b)*s)
}
