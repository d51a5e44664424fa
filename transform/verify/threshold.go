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
	length bool    // array_length of a make_set or make_list aggregate
	op     string  // >, >=, <, <=, ==, !=, between, !between
	value  float64 // the constant (between: the low end)
	high   float64 // between: the high end
	text   string  // the comparison as written
	filter bool    // in a where predicate: rows pass it or not
	either bool    // an operand of or: other thresholds need not hold with it
	what   string  // for a threshold with a reason: what it compares
	reason string  // why the generator cannot put cases on both sides
	num    *numDim // the numeric column the cases vary (sum, avg, min, max)
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

// underOr reports whether the node being visited is an operand of or,
// within its operator.
func (f *facts) underOr() bool {
	for i := len(f.context) - 2; i >= 0; i-- {
		switch n := f.context[i].(type) {
		case *kql.BinaryExpr:
			if n.Op == "or" {
				return true
			}
		case kql.Operator:
			return false
		}
	}
	return false
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
		th := &threshold{agg: agg, length: length, op: op, value: v, text: f.text(n), filter: f.inFilter(), either: f.underOr()}
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
	f.derivedThreshold(n.X, n.Y, n.Op, f.text(n))
	return false
}

// aggBetween records "aggregate between (low .. high)" as a threshold.
func (f *facts) aggBetween(n *kql.BetweenExpr) bool {
	agg, length, ok := f.aggValue(n.X, 0)
	if !ok {
		if _, ok := f.derivedFrom(n.X); ok {
			f.derivedThreshold(n.X, n.Low, n.Op, f.text(n))
		}
		return false
	}
	lo, ok1, c1 := f.numberValue(n.Low)
	hi, ok2, c2 := f.numberValue(n.High)
	th := &threshold{agg: agg, length: length, op: n.Op, value: lo, high: hi, text: f.text(n), filter: f.inFilter(), either: f.underOr()}
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
	if th.op == "between" && th.high < th.value || th.op == "!between" && th.high < th.value {
		th.reason = "its low end is above its high end"
	}
	f.thresh = append(f.thresh, th)
	return th.reason == "" || countLike(fn)
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

// derivedFrom returns the aggregates a name computed by an extend reads
// (Ratio = Failures * 1.0 / Total), when it reads some.
func (f *facts) derivedFrom(x kql.Expr) ([]string, bool) {
	col, _, ok := f.columnOf(x)
	if !ok || len(f.aggs[col]) > 0 || f.isColumn(col) || len(f.defs[col]) == 0 {
		return nil, false
	}
	var out []string
	seen := map[string]bool{col: true}
	queue := []string{col}
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
	return uniq(out), len(out) > 0
}

// derivedThreshold records a comparison of a value computed from
// aggregates with a number or a timespan as a threshold the generator does
// not solve.
func (f *facts) derivedThreshold(colX, valX kql.Expr, op, text string) {
	for _, side := range [2][2]kql.Expr{{colX, valX}, {valX, colX}} {
		from, ok := f.derivedFrom(side[0])
		if !ok {
			continue
		}
		vs := f.constant(side[1])
		if len(vs) != 1 {
			continue
		}
		switch vs[0].Type() {
		case eval.TypeLong, eval.TypeInt, eval.TypeReal, eval.TypeTimespan:
		default:
			continue
		}
		col, _, _ := f.columnOf(side[0])
		f.thresh = append(f.thresh, &threshold{op: op, text: text, filter: f.inFilter(), what: text,
			reason: fmt.Sprintf("%s is computed from %s: the generator does not solve thresholds on computed values", col, strings.Join(from, " and "))})
		return
	}
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
// sum(BytesSent) > 1000000000.
func (t *threshold) describe() string {
	if t.what != "" {
		return t.what
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
