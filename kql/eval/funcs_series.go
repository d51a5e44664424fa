package eval

import (
	"fmt"

	"github.com/kqlt/kqlt/kql"
)

// Series functions: linear regression over a series.

// lineFitKeys are the properties of series_fit_line_dynamic()'s bag, and
// the columns of series_fit_line(), in the reference's order.
var lineFitKeys = []string{"rsquare", "slope", "variance", "rvariance", "interception", "line_fit"}

// multiColumnFuncs are the functions of one argument that return several
// columns: extend (a, b, ...) = f(x) names them. Each is computed as a bag
// whose properties keys give the columns, in order.
var multiColumnFuncs = map[string]struct {
	bag  func(call *kql.CallExpr, v Value) Value // of the one argument
	keys []string
	typs []Type
}{
	"series_fit_line": {fitLine, lineFitKeys, []Type{TypeReal, TypeReal, TypeReal, TypeReal, TypeReal, TypeDynamic}},
}

func init() {
	// series_fit_line_dynamic(y) fits the line a*x + b to the values of y
	// at x = 1, 2, ..., n by least squares
	// (https://learn.microsoft.com/kusto/query/series-fit-line-dynamic-function):
	// rsquare is 1 - SSres/SStot, variance the sample variance of y,
	// rvariance the sample variance of the residuals, interception b (the
	// line at x = 0) and line_fit the line at each x. The reference's
	// example fixes each of these (see TestSeriesFitLine).
	register("series_fit_line_dynamic", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if t := args[0].typ; t != TypeDynamic {
			return nil, c.errorAt(call, "%s() takes a dynamic array of numbers, not a %s", "series_fit_line_dynamic", t)
		}
		return lift1(TypeDynamic, args[0], func(v Value) Value {
			return fitLine(call, v)
		}), nil
	})
}

// fitLine returns series_fit_line_dynamic() of v. The reference does not
// say what Kusto returns for a value that is not an array of numbers, for
// fewer than two values or for a constant series (where r-square is 0/0):
// those fail as not supported rather than guessed.
func fitLine(at *kql.CallExpr, v Value) Value {
	fn := "series_fit_line"
	if id, ok := at.Fun.(*kql.Ident); ok {
		fn = id.Name
	}
	fail := func(format string, args ...any) {
		panic(&unsupportedValue{at: at, msg: fmt.Sprintf("%s() of %s is not supported: the reference does not say what Kusto returns", fn, fmt.Sprintf(format, args...))})
	}
	arr, ok := v.array()
	if !ok {
		if v.IsNull() {
			fail("null")
		}
		fail("a value that is not an array")
	}
	n := len(arr)
	if n < 2 {
		fail("%s", countValues(n))
	}
	ys := make([]float64, n)
	for i, e := range arr {
		u := e.unwrap()
		if u.null || !u.typ.isNumeric() {
			fail("an array holding a value that is not a number (%s)", stringOf(e))
		}
		ys[i], _ = u.Real()
	}
	var mx, my float64
	for i, y := range ys {
		mx += float64(i + 1)
		my += y
	}
	mx /= float64(n)
	my /= float64(n)
	var sxx, sxy, syy float64
	for i, y := range ys {
		dx, dy := float64(i+1)-mx, y-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	if syy == 0 {
		fail("a constant series")
	}
	slope := sxy / sxx
	icept := my - slope*mx
	fit := make([]Value, n)
	var ssRes float64
	for i, y := range ys {
		f := slope*float64(i+1) + icept
		fit[i] = toDyn(NewReal(f))
		ssRes += (y - f) * (y - f)
	}
	// The residuals of a least-squares line with an intercept sum to 0, so
	// their sample variance is SSres/(n-1).
	vals := []Value{
		NewReal(1 - ssRes/syy),
		NewReal(slope),
		NewReal(syy / float64(n-1)),
		NewReal(ssRes / float64(n-1)),
		NewReal(icept),
		dynArray(fit),
	}
	b := &propBag{}
	for i, k := range lineFitKeys {
		b.set(k, toDyn(vals[i]))
	}
	return dynBag(b)
}

// multiColumn returns the columns extend (a, b, ...) = f(x) gives, f one
// of multiColumnFuncs, or false when e is not such a call.
func (ev *evaluator) multiColumn(e *kql.CompoundNamedExpr, t *Table, sc *scope) (*Table, bool, error) {
	call, ok := e.Value.(*kql.CallExpr)
	if !ok {
		return nil, false, nil
	}
	id, ok := call.Fun.(*kql.Ident)
	if !ok {
		return nil, false, nil
	}
	mf, ok := multiColumnFuncs[id.Name]
	if !ok {
		return nil, false, nil
	}
	if b := sc.lookup(id.Name); b != nil && b.kind == bindFunc {
		return nil, false, nil // a user function of that name
	}
	if len(e.Names) != len(mf.keys) {
		return nil, true, ev.errorAt(e, "%s() returns %d columns (%s), and %d names are given", id.Name, len(mf.keys), joinNames(mf.keys), len(e.Names))
	}
	if len(call.Args) != 1 {
		return nil, true, ev.errorAt(call, "%s() takes 1 argument", id.Name)
	}
	arg, err := ev.rowCompiler(sc, t).expr(call.Args[0])
	if err != nil {
		return nil, true, err
	}
	if arg.typ != TypeDynamic {
		return nil, true, ev.errorAt(call, "%s() takes a dynamic array of numbers, not a %s", id.Name, arg.typ)
	}
	x := lift1(TypeDynamic, arg, func(v Value) Value { return mf.bag(call, v) })
	bags, err := ev.materialize(e, "extend", x, t.n)
	if err != nil {
		return nil, true, err
	}
	for k, key := range mf.keys {
		vals := make([]Value, t.n)
		for i, bv := range bags {
			v := Null(mf.typs[k])
			if b, ok := bv.bag(); ok {
				if p, ok := b.Get(key); ok {
					v = p
					if mf.typs[k] != TypeDynamic {
						v = convertTo(p.unwrap(), mf.typs[k])
					}
				}
			}
			vals[i] = v
		}
		t = withColumn(t, e.Names[k].Name, mf.typs[k], denseColumn(vals))
	}
	return t, true, nil
}

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}
