package verify

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/eval"
)

// This file finds the thresholds of a query: the comparisons of an
// aggregate with a constant, after the summarize that computes it
// (count() > 25, sum(BytesSent) >= 1e9, array_length(make_set(x)) > 10,
// Total between (10 .. 20), through lets and extends that copy the
// aggregate), and computes the values on both sides of each. A threshold
// the generator cannot put cases on both sides of (a ratio of two counts, a
// percentile, a comparison with a value computed at run time) is kept with
// the reason, so that the report says it is not covered.

// threshold is a comparison of an aggregate with a constant.
type threshold struct {
	agg    aggregate
	length bool     // array_length of a make_set or make_list aggregate
	op     string   // >, >=, <, <=, ==, !=, between, !between
	value  float64  // the constant (between: the low end)
	high   float64  // between: the high end
	text   string   // the comparison as written
	filter bool     // in a where predicate: rows pass it or not
	either kql.Node // the or it is an alternative of: other thresholds need not hold with it
	what   string   // for a threshold with a reason: what it compares
	reason string   // why the generator cannot put cases on both sides
	num    *numDim  // the numeric column the cases vary (sum, avg, min, max)

	// derived is, for a threshold on a value computed from the aggregate,
	// a program that computes the comparison for a value of the aggregate
	// written between its two parts; plan.solveDerived turns it into a
	// threshold on the aggregate.
	derived [2]string
}

// integral reports whether the compared value is an integer: a count, a
// length, or an aggregate of an integer column.
func (t *threshold) integral() bool {
	if t.length || countLike(t.agg.fn) {
		return true
	}
	return t.num != nil && t.num.integral
}

// numericAgg reports whether an aggregate computes a number from the values
// of its first argument: the generator sets those values so that the
// aggregate takes the value a case needs.
func numericAgg(fn string) (kind string, ok bool) {
	switch fn {
	case "sum", "sumif":
		return "sum", true
	case "avg", "avgif":
		return "avg", true
	case "max", "maxif", "arg_max":
		return "max", true
	case "min", "minif", "arg_min":
		return "min", true
	case "take_any", "any":
		return "any", true
	}
	return "", false
}

// listAgg reports whether an aggregate makes an array: its length is a
// count of distinct values (make_set) or of rows (make_list).
func listAgg(fn string) (set, ok bool) {
	switch fn {
	case "make_set", "make_set_if", "makeset":
		return true, true
	case "make_list", "make_list_if", "makelist", "make_list_with_nulls":
		return false, true
	}
	return false, false
}

// scalarAgg reports whether an aggregate gives a number, so that comparing
// it with something the generator cannot vary is a threshold not covered.
func scalarAgg(fn string) bool {
	if countLike(fn) {
		return true
	}
	if k, ok := numericAgg(fn); ok {
		return k == "sum" || k == "avg"
	}
	switch fn {
	case "stdev", "stdevif", "stdevp", "variance", "varianceif", "variancep", "percentile", "percentiles",
		"percentilew", "percentilesw", "hll", "tdigest", "binary_all_and", "binary_all_or", "binary_all_xor":
		return true
	}
	return false
}

// position returns the pipeline the node being visited is in, and the index
// of the operator it is in (-1 for the pipeline's source).
func (f *facts) position() (*kql.Pipeline, int) {
	for i := len(f.context) - 2; i >= 0; i-- {
		pl, ok := f.context[i].(*kql.Pipeline)
		if !ok {
			continue
		}
		for j, op := range pl.Ops {
			if kql.Node(op) == f.context[i+1] {
				return pl, j
			}
		}
		return pl, -1
	}
	return nil, -1
}

// aggAt returns the aggregate a name refers to at the node being visited:
// the latest summarize before it in its pipeline that gives the name, or,
// when its pipeline has none, the last one elsewhere (a let, a subquery).
// A name read in the pipeline before its summarize is a column.
func (f *facts) aggAt(name string) (aggregate, bool) {
	aggs := f.aggs[name]
	if len(aggs) == 0 {
		return aggregate{}, false
	}
	pl, at := f.position()
	best, found, sameAfter := aggregate{}, false, false
	for _, a := range aggs {
		if a.pl != pl || pl == nil {
			continue
		}
		if a.at < at && (!found || a.at > best.at) {
			best, found = a, true
		}
		if a.at >= at {
			sameAfter = true
		}
	}
	if found {
		return best, true
	}
	if sameAfter {
		return aggregate{}, false
	}
	for i := len(aggs) - 1; i >= 0; i-- {
		if aggs[i].pl != pl {
			return aggs[i], true
		}
	}
	return aggregate{}, false
}

// orGroup returns the outermost or the node being visited is an operand
// of, within its operator, or nil.
func (f *facts) orGroup() kql.Node {
	var group kql.Node
	for i := len(f.context) - 2; i >= 0; i-- {
		switch n := f.context[i].(type) {
		case *kql.BinaryExpr:
			if n.Op == "or" {
				group = n
			}
		case kql.Operator:
			return group
		}
	}
	return group
}

// aggValue returns the aggregate x is, at the node being visited: its
// output, possibly converted (toint, todouble), copied by an extend, or its
// array_length for make_set and make_list.
func (f *facts) aggValue(x kql.Expr, depth int) (agg aggregate, length, ok bool) {
	if depth > 10 || x == nil {
		return aggregate{}, false, false
	}
	switch y := unparen(x).(type) {
	case *kql.Ident:
		if f.lets[y.Name] != nil {
			return aggregate{}, false, false
		}
		if a, ok := f.aggAt(y.Name); ok {
			return a, false, true
		}
		if defs := f.defs[y.Name]; len(defs) == 1 && len(f.aggs[y.Name]) == 0 {
			return f.aggValue(defs[0], depth+1)
		}
	case *kql.CallExpr:
		if len(y.Args) != 1 {
			return aggregate{}, false, false
		}
		switch strings.ToLower(callName(y)) {
		case "array_length":
			a, l, ok := f.aggValue(y.Args[0], depth+1)
			if _, list := listAgg(a.fn); ok && !l && list {
				return a, true, true
			}
		case "toint", "tolong", "todouble", "toreal", "todecimal", "int", "long", "real", "double":
			return f.aggValue(y.Args[0], depth+1)
		}
	}
	return aggregate{}, false, false
}

// numberValue evaluates x as a numeric constant.
func (f *facts) numberValue(x kql.Expr) (v float64, ok, constant bool) {
	vs := f.constant(x)
	if len(vs) != 1 {
		return 0, false, len(vs) > 0
	}
	switch vs[0].Type() {
	case eval.TypeLong, eval.TypeInt, eval.TypeReal:
		r, ok := vs[0].Real()
		return r, ok && !math.IsNaN(r) && !math.IsInf(r, 0), true
	}
	return 0, false, true
}

// aggThreshold records a comparison of an aggregate with a constant as a
// threshold; it reports whether the comparison is one (and so no column
// comparison).
func (f *facts) aggThreshold(n *kql.BinaryExpr) bool {
	switch n.Op {
	case ">", ">=", "<", "<=", "==", "!=", "<>":
	default:
		return false
	}
	for _, side := range [2][2]kql.Expr{{n.X, n.Y}, {n.Y, n.X}} {
		agg, length, ok := f.aggValue(side[0], 0)
		if !ok {
			continue
		}
		op := n.Op
		if side[0] == n.Y {
			op = flipped[n.Op]
		}
		if op == "<>" {
			op = "!="
		}
		v, num, constant := f.numberValue(side[1])
		th := &threshold{agg: agg, length: length, op: op, value: v, text: f.text(n), filter: f.inFilter(), either: f.orGroup()}
		switch {
		case num:
			// A threshold the generator solves needs no values of the
			// columns it reads; one it does not solve keeps them.
			return f.addThreshold(th)
		case constant:
			// A time or a string: min(TimeGenerated) > ago(1h) is a
			// comparison of the times of rows, which the values cover.
			return length || countLike(agg.fn)
		case length || scalarAgg(agg.fn):
			th.what = fmt.Sprintf("%s %s %s", th.quantity(), op, f.text(side[1]))
			th.reason = fmt.Sprintf("it is compared with %s, which is not a constant", f.text(side[1]))
			f.thresh = append(f.thresh, th)
		}
		return false
	}
	f.derivedThreshold(n.X, n.Y, n.Op, n)
	return false
}

// aggBetween records "aggregate between (low .. high)" as a threshold.
func (f *facts) aggBetween(n *kql.BetweenExpr) bool {
	agg, length, ok := f.aggValue(n.X, 0)
	if !ok {
		if _, ok := f.derivedFrom(n.X); ok {
			f.derivedThreshold(n.X, n.Low, n.Op, n)
		}
		return false
	}
	lo, ok1, c1 := f.numberValue(n.Low)
	hi, ok2, c2 := f.numberValue(n.High)
	th := &threshold{agg: agg, length: length, op: n.Op, value: lo, high: hi, text: f.text(n), filter: f.inFilter(), either: f.orGroup()}
	switch {
	case ok1 && ok2:
		return f.addThreshold(th)
	case c1 && c2:
		return length || countLike(agg.fn)
	case length || scalarAgg(agg.fn):
		th.what = fmt.Sprintf("%s %s (%s .. %s)", th.quantity(), n.Op, f.text(n.Low), f.text(n.High))
		th.reason = "its bounds are not constants"
		f.thresh = append(f.thresh, th)
	}
	return false
}

// addThreshold records a threshold on an aggregate, with the reason the
// generator cannot cross it when it cannot; it reports whether the
// generator can.
func (f *facts) addThreshold(th *threshold) bool {
	f.solvability(th)
	if th.op == "between" && th.high < th.value || th.op == "!between" && th.high < th.value {
		th.reason = "its low end is above its high end"
	}
	f.thresh = append(f.thresh, th)
	return th.reason == "" || countLike(th.agg.fn)
}

// solvability sets the reason the generator cannot put cases on both
// sides of a threshold on an aggregate, if it cannot.
func (f *facts) solvability(th *threshold) {
	fn := th.agg.fn
	set, list := listAgg(fn)
	_, numeric := numericAgg(fn)
	switch {
	case th.length && set:
		for _, c := range th.agg.args {
			f.distinct[c] = true
		}
	case th.length && list, countLike(fn):
	case numeric:
		if _, _, ok := f.numericSource(th.agg.arg, 0); !ok {
			th.reason = fmt.Sprintf("the generator does not solve %s: its argument is not a column or a number converted from one", th.agg.text)
		}
	default:
		th.reason = fmt.Sprintf("the generator does not size the values of %s()", fn)
	}
}

// numericSource returns the source column whose values an aggregate's
// argument takes: the column, or a conversion of it (tolong(x_s)), through
// extends and column_ifexists; conv is the outermost conversion.
func (f *facts) numericSource(x kql.Expr, depth int) (col, conv string, ok bool) {
	if depth > 10 || x == nil {
		return "", "", false
	}
	switch y := unparen(x).(type) {
	case *kql.Ident:
		if f.lets[y.Name] != nil {
			return "", "", false
		}
		if defs := f.defs[y.Name]; len(defs) == 1 && len(f.aggs[y.Name]) == 0 {
			if c, cv, ok := f.numericSource(defs[0], depth+1); ok {
				return c, cv, true
			}
		}
		if f.isColumn(y.Name) {
			return y.Name, "", true
		}
	case *kql.CallExpr:
		if col, ok := ifExistsName(y); ok {
			return col, "", true
		}
		if len(y.Args) != 1 {
			return "", "", false
		}
		switch name := strings.ToLower(callName(y)); name {
		case "toint", "tolong", "todouble", "toreal", "todecimal", "int", "long", "real", "double":
			c, _, ok := f.numericSource(y.Args[0], depth+1)
			return c, name, ok
		}
	}
	return "", "", false
}

// derivedFrom returns the aggregates a value computed from them reads: a
// name an extend computes (Ratio = Failures * 1.0 / Total), or an
// expression of the comparison (Failures * 1.0 / Total > 0.5).
func (f *facts) derivedFrom(x kql.Expr) ([]string, bool) {
	var out []string
	seen := map[string]bool{}
	var queue []string
	if col, _, ok := f.columnOf(x); ok {
		if len(f.aggs[col]) > 0 || f.isColumn(col) || len(f.defs[col]) == 0 {
			return nil, false
		}
		seen[col] = true
		queue = append(queue, col)
	} else {
		// An expression: the aggregates it reads at this point of the
		// query, and what the names it reads are computed from.
		for _, r := range reads(x) {
			if seen[r] {
				continue
			}
			seen[r] = true
			if a, ok := f.aggAt(r); ok {
				out = append(out, a.text) // one per output: reads are unique
			} else if !f.isColumn(r) && len(f.defs[r]) > 0 {
				queue = append(queue, r)
			}
		}
	}
	for len(queue) > 0 && len(seen) < 200 {
		n := queue[0]
		queue = queue[1:]
		for _, r := range f.lineage[n] {
			if seen[r] {
				continue
			}
			seen[r] = true
			if aggs := f.aggs[r]; len(aggs) > 0 {
				out = append(out, aggs[len(aggs)-1].text)
				continue
			}
			queue = append(queue, r)
		}
	}
	return out, len(out) > 0
}

// derivedThreshold records a comparison of a value computed from
// aggregates with a number or a timespan as a threshold. A value computed
// from one count or numeric aggregate and constants (TotalMB =
// round(toreal(TotalBytes) / 1048576, 2)) with > >= < <= is solved later,
// on the values of the aggregate (plan.solveDerived); others are not.
func (f *facts) derivedThreshold(colX, valX kql.Expr, op string, cmp kql.Node) {
	text := f.text(cmp)
	for _, side := range [2][2]kql.Expr{{colX, valX}, {valX, colX}} {
		from, ok := f.derivedFrom(side[0])
		if !ok {
			continue
		}
		vs := f.constant(side[1])
		if len(vs) != 1 {
			continue
		}
		numeric := false
		switch vs[0].Type() {
		case eval.TypeLong, eval.TypeInt, eval.TypeReal:
			numeric = true
		case eval.TypeTimespan:
		default:
			continue
		}
		col, _, isCol := f.columnOf(side[0])
		if !isCol {
			col = f.text(side[0])
		}
		th := &threshold{op: op, text: text, filter: f.inFilter(), either: f.orGroup()}
		switch op {
		case ">", ">=", "<", "<=":
		default:
			numeric = false
		}
		if name, chain, ok := f.derivation(side[0]); ok && numeric && len(from) == 1 {
			if agg, ok := f.aggAt(name); ok {
				if _, num := numericAgg(agg.fn); num || countLike(agg.fn) {
					th.agg = agg
					var exprs []kql.Node
					for _, n := range chain {
						exprs = append(exprs, f.defs[n][0])
					}
					var b strings.Builder
					b.WriteString(f.letsFor(append(exprs, cmp)...))
					th.derived = [2]string{b.String() + "let " + name + " = ", ""}
					b.Reset()
					b.WriteString(";\n")
					for _, n := range chain {
						fmt.Fprintf(&b, "let %s = %s;\n", n, f.rawText(f.defs[n][0]))
					}
					b.WriteString("print __p = " + f.rawText(cmp))
					th.derived[1] = b.String()
					f.solvability(th)
					f.thresh = append(f.thresh, th)
					return
				}
			}
		}
		th.what = text
		th.reason = fmt.Sprintf("%s is computed from %s: the generator does not solve thresholds on computed values", col, strings.Join(from, " and "))
		if len(from) == 1 {
			th.reason = fmt.Sprintf("%s is computed from %s: the generator solves only > >= < <= of a number computed from one count, sum, average, minimum or maximum and constants", col, from[0])
		}
		f.thresh = append(f.thresh, th)
		return
	}
}

// rawText is the text of a node as the query writes it.
func (f *facts) rawText(n kql.Node) string {
	if s := f.q.Text(n); s != "" {
		return s
	}
	return kql.Format(n)
}

// derivation returns, for a value computed from one aggregate and
// constants (a name an extend computes, or an expression), the aggregate's
// output name and the names computed on the way, each after those it
// reads.
func (f *facts) derivation(x kql.Expr) (agg string, chain []string, ok bool) {
	seen := map[string]bool{}
	var visit func(n string, depth int) bool
	visit = func(n string, depth int) bool {
		if seen[n] {
			return true
		}
		seen[n] = true
		if depth > 20 || !kql.IsIdent(n) {
			return false
		}
		if _, isAgg := f.aggAt(n); isAgg || depth > 0 && len(f.aggs[n]) > 0 {
			if agg != "" && agg != n {
				return false
			}
			agg = n
			return true
		}
		if l := f.lets[n]; l != nil {
			return !f.tabularLet(n, 0) && !f.readsData(l.Value)
		}
		defs := f.defs[n]
		if len(defs) != 1 || f.isColumn(n) {
			return false
		}
		for _, r := range reads(defs[0]) {
			if !visit(r, depth+1) {
				return false
			}
		}
		chain = append(chain, n)
		return true
	}
	ok = true
	for _, r := range reads(x) {
		ok = ok && visit(r, 0)
	}
	return agg, chain, ok && agg != ""
}

// quantity is what a threshold compares: count(), sum(BytesSent),
// array_length(make_set(x)).
func (t *threshold) quantity() string {
	if t.length {
		return "array_length(" + t.agg.text + ")"
	}
	return t.agg.text
}

// describe is the threshold as the report names it:
// sum(BytesSent) > 1000000000, or for a value computed from the aggregate
// sum(SentBytes) >= 524293243 (from TotalMBSent > 500).
func (t *threshold) describe() string {
	if t.what != "" {
		return t.what
	}
	if t.derived[0] != "" {
		return fmt.Sprintf("%s %s %s (from %s)", t.quantity(), t.op, formatNumber(t.value), t.text)
	}
	if t.op == "between" || t.op == "!between" {
		return fmt.Sprintf("%s %s (%s .. %s)", t.quantity(), t.op, formatNumber(t.value), formatNumber(t.high))
	}
	return fmt.Sprintf("%s %s %s", t.quantity(), t.op, formatNumber(t.value))
}

// formatNumber writes a number as a person reads it: 1000000000, 0.5.
func formatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// beside returns the value just above (dir 1) or just below (dir -1) a
// threshold value v: the next integer; for a fraction, the next multiple of
// a thousandth of its magnitude (0.5 → 0.5001 and 0.4999, 1234.5678 → 1235
// and 1234), so that the report reads well.
func beside(v float64, dir float64) float64 {
	if v == math.Trunc(v) || math.Abs(v) > 1e15 {
		return v + dir
	}
	e := math.Floor(math.Log10(math.Abs(v))) - 3
	unit := math.Pow(10, e)
	var x float64
	if dir > 0 {
		x = (math.Floor(v/unit) + 1) * unit
	} else {
		x = (math.Ceil(v/unit) - 1) * unit
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', int(max(0, -e)), 64), 64)
	if err != nil || dir > 0 && r <= v || dir < 0 && r >= v {
		return x
	}
	return r
}

// above, atLeast, below and atMost are the values nearest a threshold
// value v that pass > v, >= v, < v and <= v.
func (t *threshold) above(v float64) float64 {
	if t.integral() {
		return math.Floor(v) + 1
	}
	return beside(v, 1)
}

func (t *threshold) atLeast(v float64) float64 {
	if t.integral() {
		return math.Ceil(v)
	}
	return v
}

func (t *threshold) below(v float64) float64 {
	if t.integral() {
		return math.Ceil(v) - 1
	}
	return beside(v, -1)
}

func (t *threshold) atMost(v float64) float64 {
	if t.integral() {
		return math.Floor(v)
	}
	return v
}

// sides returns the values a case gives the compared aggregate: just below,
// at and just above each edge of the threshold, in increasing order. The
// edges are between consecutive pairs of edges().
func (t *threshold) sides() []float64 {
	v := t.value
	var out []float64
	switch t.op {
	case ">", "<=":
		out = []float64{t.atMost(v), t.above(v)}
	case ">=", "<":
		out = []float64{t.below(v), t.atLeast(v)}
	case "==", "!=":
		if t.integral() && v != math.Trunc(v) {
			out = []float64{math.Floor(v), math.Ceil(v)}
		} else {
			out = []float64{t.below(v), v, t.above(v)}
		}
	case "between", "!between":
		out = []float64{t.below(v), t.atLeast(v), t.atMost(t.high), t.above(t.high)}
	}
	return uniqFloats(out)
}

// edges returns the pairs of sides() between which the comparison changes.
func (t *threshold) edges() [][2]float64 {
	s := t.sides()
	switch {
	case t.op == "between" || t.op == "!between":
		if len(s) == 4 {
			return [][2]float64{{s[0], s[1]}, {s[2], s[3]}}
		}
		if len(s) == 3 { // low == high
			return [][2]float64{{s[0], s[1]}, {s[1], s[2]}}
		}
	case len(s) == 3:
		return [][2]float64{{s[0], s[1]}, {s[1], s[2]}}
	case len(s) == 2:
		return [][2]float64{{s[0], s[1]}}
	}
	return nil
}

func uniqFloats(xs []float64) []float64 {
	var out []float64
	for _, x := range xs {
		if len(out) == 0 || out[len(out)-1] != x {
			out = append(out, x)
		}
	}
	return out
}

// passing returns the range of values of the compared aggregate that pass
// all the thresholds on it.
func passing(ths []*threshold) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(-1), math.Inf(1)
	for _, t := range ths {
		switch t.op {
		case ">":
			lo = math.Max(lo, t.above(t.value))
		case ">=":
			lo = math.Max(lo, t.atLeast(t.value))
		case "<":
			hi = math.Min(hi, t.below(t.value))
		case "<=":
			hi = math.Min(hi, t.atMost(t.value))
		case "==":
			lo, hi = math.Max(lo, t.value), math.Min(hi, t.value)
		case "between":
			lo, hi = math.Max(lo, t.atLeast(t.value)), math.Min(hi, t.atMost(t.high))
		}
	}
	return lo, hi, lo <= hi
}

// numDim is a numeric column whose values the cases set so that an
// aggregate of a group takes a given value.
type numDim struct {
	kind     string    // sum, avg, min, max or any
	col      string    // the source column
	typ      eval.Type // its type
	integral bool      // its values are integers
	text     string    // the aggregate, for notes
}

// row returns the value of the column in row j of a group of n rows whose
// aggregate is v: for a sum, the rows share v evenly and the last takes the
// rest (integers first, so that every partial sum is exact and the total is
// v); for max and min, the first row has v and the others are one below
// (above); for avg and take_any, every row has v.
func (d *numDim) row(v float64, n, j int) float64 {
	switch d.kind {
	case "sum":
		if n <= 1 {
			return v
		}
		q := math.Floor(v / float64(n))
		if j == n-1 {
			return v - float64(n-1)*q
		}
		return q
	case "max":
		if j == 0 {
			return v
		}
		return v - 1
	case "min":
		if j == 0 {
			return v
		}
		return v + 1
	}
	return v
}

// value writes a row value in the column's type.
func (d *numDim) value(x float64) eval.Value {
	switch d.typ {
	case eval.TypeLong:
		return eval.NewLong(int64(math.Round(x)))
	case eval.TypeInt:
		return eval.NewInt(int32(math.Round(x)))
	case eval.TypeReal:
		return eval.NewReal(x)
	}
	return eval.NewString(formatNumber(x))
}

// solveDerived turns each threshold on a value computed from an integer
// aggregate into one on the aggregate: it finds, by bisection with the
// evaluator, the two neighbouring values of the aggregate between which the
// comparison changes (the computation is taken to be monotonic; the cases
// show whether the rule changes there).
func (pl *plan) solveDerived() {
	const maxSolved = 16 // each takes some 60 runs of the evaluator
	solved := 0
	for _, t := range pl.f.thresh {
		if t.derived[0] == "" || t.reason != "" {
			continue
		}
		if solved++; solved > maxSolved {
			t.what = t.text
			t.reason = fmt.Sprintf("the generator solves at most %d thresholds on computed values in a query", maxSolved)
			continue
		}
		if !t.integral() {
			t.what = t.text
			t.reason = fmt.Sprintf("%s is not an integer: the generator solves thresholds on values computed from it only for integers", t.agg.text)
			continue
		}
		lo, hi, ok := pl.bracket(t)
		if !ok {
			t.what = t.text
			t.reason = fmt.Sprintf("the comparison does not change with %s (or cannot be computed)", t.agg.text)
			continue
		}
		pLo, _ := pl.holds(t, lo)
		for hi-lo > 1 {
			m := lo + (hi-lo)/2
			pm, ok := pl.holds(t, m)
			if !ok {
				break
			}
			if pm == pLo {
				lo = m
			} else {
				hi = m
			}
		}
		if hi-lo != 1 {
			t.what = t.text
			t.reason = fmt.Sprintf("the comparison cannot be computed for some values of %s", t.agg.text)
			continue
		}
		if pLo {
			t.op, t.value = "<=", float64(lo)
		} else {
			t.op, t.value = ">=", float64(hi)
		}
	}
}

// holds computes a derived threshold's comparison for a value of its
// aggregate; a null is false, as where reads it.
func (pl *plan) holds(t *threshold, a int64) (value, ok bool) {
	res, err := eval.Run(t.derived[0]+fmt.Sprintf("long(%d)", a)+t.derived[1],
		eval.Options{Now: pl.opts.Now, MaxRows: 10, MaxMemory: 16 << 20})
	if err != nil || res.NumRows() != 1 || res.NumColumns() != 1 {
		return false, false
	}
	v := res.Value(0, 0)
	if v.IsNull() {
		return false, true
	}
	b, ok := v.Bool()
	return b && ok, ok
}

// bracket returns two values of the aggregate on which the comparison
// differs: in 0 … 2^52, else (for sums and the like) in -2^52 … 0.
func (pl *plan) bracket(t *threshold) (lo, hi int64, ok bool) {
	const far = int64(1) << 52
	p0, ok0 := pl.holds(t, 0)
	pFar, ok1 := pl.holds(t, far)
	switch {
	case !ok0 || !ok1:
		return 0, 0, false
	case p0 != pFar:
		return 0, far, true
	case countLike(t.agg.fn):
		return 0, 0, false
	}
	if pNeg, ok := pl.holds(t, -far); ok && pNeg != p0 {
		return -far, 0, true
	}
	return 0, 0, false
}
