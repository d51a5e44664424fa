package eval

import (
	"math"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
)

// Aggregation functions, used by summarize and make-series. Each is
// compiled against the input table into a function from the row indices of
// one group to its output values (arg_max, arg_min and take_any can output
// several columns).
//
// Aggregates ignore null values, except count(), which counts rows. dcount()
// and count_distinct() are exact: Kusto's dcount() is a HyperLogLog
// estimate (about 1% error at the default accuracy), so on large groups its
// result can differ from this one by that much.

type aggImpl struct {
	cols []Column // output columns, with their default names
	fn   func(rows []int32) []Value
}

// aggCtx is what an aggregate needs to know about its summarize.
type aggCtx struct {
	byNames map[string]bool // names of the by columns (excluded from *)
}

type aggFunc struct {
	min, max int
	compile  func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error)
}

var aggFuncs = map[string]*aggFunc{}

// AggregateFunctions returns the names of the supported aggregation
// functions, sorted.
func AggregateFunctions() []string {
	names := make([]string, 0, len(aggFuncs))
	for n := range aggFuncs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// defaultName derives a column name from an expression as Kusto does
// (GetExpressionResultName): the column name of a column reference, a_b for
// a.b or a["b"], the name the official catalog gives a call; "" otherwise.
func defaultName(e kql.Expr) string {
	switch e := e.(type) {
	case *kql.Ident:
		return e.Name
	case *kql.ParenExpr:
		return defaultName(e.X)
	case *kql.SelectorExpr:
		x := defaultName(e.X)
		if sel, ok := e.Sel.(*kql.Ident); ok && x != "" {
			return x + "_" + sel.Name
		}
	case *kql.IndexExpr:
		x := defaultName(e.X)
		if s, ok := kql.StringValue(e.Index); ok && x != "" {
			return x + "_" + s
		}
	case *kql.CallExpr:
		// The official catalog says how each function names its column:
		// tostring(x) and bin(x, 1h) keep the name of x, dcount(x) is
		// dcount_x, count() is count_, strcat(a, b) has none.
		id, ok := e.Fun.(*kql.Ident)
		if !ok {
			return ""
		}
		b := types.LookupBuiltin(types.ScalarFunction, id.Name)
		if b == nil {
			b = types.LookupBuiltin(types.AggregateFunction, id.Name)
		}
		if b == nil {
			return ""
		}
		var buf [4]string
		names := buf[:0]
		for _, a := range e.Args {
			names = append(names, defaultName(a))
		}
		return b.ColumnName(names)
	}
	return ""
}

func (c *compiler) aggArgs(call *kql.CallExpr, n int) ([]*cexpr, error) {
	out := make([]*cexpr, n)
	for i := 0; i < n && i < len(call.Args); i++ {
		x, err := c.expr(call.Args[i])
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// aggArgsIf compiles the value argument of an aggregate and, for its
// ...if form (sumif(x, predicate)), the predicate, which must be a bool;
// ok is nil without a predicate.
func (c *compiler) aggArgsIf(call *kql.CallExpr, hasPred bool) (args []*cexpr, ok func(int) bool, err error) {
	n := 1
	if hasPred {
		n = 2
	}
	if args, err = c.aggArgs(call, n); err != nil {
		return nil, nil, err
	}
	if hasPred {
		if err := c.wantBool(call.Args[1], args[1]); err != nil {
			return nil, nil, err
		}
		ok = predicate(args[1])
	}
	return args, ok, nil
}

// limitArg returns the constant size limit argument of make_list/make_set.
func (c *compiler) limitArg(call *kql.CallExpr, i int) (int, error) {
	const maxLimit = 1048576
	if len(call.Args) <= i {
		return maxLimit, nil
	}
	x, err := c.expr(call.Args[i])
	if err != nil {
		return 0, err
	}
	n, ok := x.fn(0).Long()
	if !x.konst || !ok || n <= 0 {
		return 0, c.errorAt(call.Args[i], "the size limit must be a positive constant")
	}
	if n > maxLimit {
		n = maxLimit
	}
	return int(n), nil
}

// predicate returns a row filter from a bool expression (nil: all rows).
func predicate(p *cexpr) func(i int) bool {
	if p == nil {
		return nil
	}
	return func(i int) bool {
		b, ok := p.fn(i).Bool()
		return ok && b
	}
}

func init() {
	aggFuncs["count"] = &aggFunc{0, 1, func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
		name := "count_"
		if len(call.Args) == 1 {
			if _, err := c.expr(call.Args[0]); err != nil {
				return nil, err
			}
			name += defaultName(call.Args[0])
		}
		return &aggImpl{cols: []Column{{name, TypeLong}}, fn: func(rows []int32) []Value {
			return []Value{NewLong(int64(len(rows)))}
		}}, nil
	}}
	aggFuncs["countif"] = &aggFunc{1, 1, func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
		args, err := c.aggArgs(call, 1)
		if err != nil {
			return nil, err
		}
		if err := c.wantBool(call.Args[0], args[0]); err != nil {
			return nil, err
		}
		ok := predicate(args[0])
		return &aggImpl{cols: []Column{{"countif_", TypeLong}}, fn: func(rows []int32) []Value {
			n := 0
			for _, i := range rows {
				if ok(int(i)) {
					n++
				}
			}
			return []Value{NewLong(int64(n))}
		}}, nil
	}}
	dcount := func(name string, hasPred bool) func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
		return func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
			args, ok, err := c.aggArgsIf(call, hasPred)
			if err != nil {
				return nil, err
			}
			x := args[0].fn
			return &aggImpl{cols: []Column{{name + defaultName(call.Args[0]), TypeLong}}, fn: func(rows []int32) []Value {
				var ks keySet
				for _, i := range rows {
					if ok != nil && !ok(int(i)) {
						continue
					}
					if v := x(int(i)); !v.null {
						ks.add(v)
					}
				}
				return []Value{NewLong(int64(ks.len()))}
			}}, nil
		}
	}
	aggFuncs["dcount"] = &aggFunc{1, 2, dcount("dcount_", false)}
	aggFuncs["dcountif"] = &aggFunc{2, 3, dcount("dcountif_", true)}
	aggFuncs["count_distinct"] = &aggFunc{1, 1, dcount("count_distinct_", false)}
	aggFuncs["count_distinctif"] = &aggFunc{2, 2, dcount("count_distinctif_", true)}

	sum := func(name string, hasPred, avg bool) func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
		return func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
			args, ok, err := c.aggArgsIf(call, hasPred)
			if err != nil {
				return nil, err
			}
			t := args[0].typ
			var out Type
			switch {
			case avg && (t.isNumeric() || t == TypeDynamic):
				out = TypeReal
			case !avg && (t == TypeInt || t == TypeLong):
				out = TypeLong
			case !avg && (t == TypeReal || t == TypeDynamic):
				out = TypeReal
			case t == TypeTimespan:
				out = TypeTimespan
			default:
				return nil, c.errorAt(call, "%s() cannot aggregate %s values", strings.TrimSuffix(name, "_"), t)
			}
			x := args[0].fn
			return &aggImpl{cols: []Column{{name + defaultName(call.Args[0]), out}}, fn: func(rows []int32) []Value {
				var isum int64
				var fsum float64
				count := 0
				for _, i := range rows {
					if ok != nil && !ok(int(i)) {
						continue
					}
					v := x(int(i))
					if v.null {
						continue
					}
					v = v.unwrap()
					switch v.typ {
					case TypeLong, TypeInt, TypeTimespan:
						isum += v.n
						fsum += float64(v.n)
					case TypeReal:
						fsum += v.real()
					default:
						continue
					}
					count++
				}
				switch {
				case avg && out == TypeTimespan:
					if count == 0 {
						return []Value{Null(TypeTimespan)}
					}
					return []Value{timespanTicks(int64(math.Round(fsum / float64(count))))}
				case avg:
					return []Value{NewReal(fsum / float64(count))}
				case out == TypeLong:
					return []Value{NewLong(isum)}
				case out == TypeTimespan:
					return []Value{timespanTicks(isum)}
				}
				return []Value{NewReal(fsum)}
			}}, nil
		}
	}
	aggFuncs["sum"] = &aggFunc{1, 1, sum("sum_", false, false)}
	aggFuncs["sumif"] = &aggFunc{2, 2, sum("sumif_", true, false)}
	aggFuncs["avg"] = &aggFunc{1, 1, sum("avg_", false, true)}
	aggFuncs["avgif"] = &aggFunc{2, 2, sum("avgif_", true, true)}

	minmax := func(name string, max, hasPred bool) func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
		return func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
			args, ok, err := c.aggArgsIf(call, hasPred)
			if err != nil {
				return nil, err
			}
			t := args[0].typ
			if t == TypeDynamic || t == TypeBool {
				return nil, c.errorAt(call, "%s() cannot aggregate %s values", strings.TrimSuffix(name, "_"), t)
			}
			x := args[0].fn
			return &aggImpl{cols: []Column{{name + defaultName(call.Args[0]), t}}, fn: func(rows []int32) []Value {
				best := Null(t)
				found := false
				for _, i := range rows {
					if ok != nil && !ok(int(i)) {
						continue
					}
					v := x(int(i))
					if v.null {
						continue
					}
					if !found {
						best, found = v, true
						continue
					}
					if r, cmpOK := compareValues(v, best); cmpOK && (r > 0 && max || r < 0 && !max) {
						best = v
					}
				}
				return []Value{best}
			}}, nil
		}
	}
	aggFuncs["min"] = &aggFunc{1, 1, minmax("min_", false, false)}
	aggFuncs["max"] = &aggFunc{1, 1, minmax("max_", true, false)}
	aggFuncs["minif"] = &aggFunc{2, 2, minmax("minif_", false, true)}
	aggFuncs["maxif"] = &aggFunc{2, 2, minmax("maxif_", true, true)}

	makeList := func(name string, set, hasPred, withNulls bool) func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
		return func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
			args, ok, err := c.aggArgsIf(call, hasPred)
			if err != nil {
				return nil, err
			}
			limit, err := c.limitArg(call, len(args))
			if err != nil {
				return nil, err
			}
			x := args[0].fn
			return &aggImpl{cols: []Column{{name + defaultName(call.Args[0]), TypeDynamic}}, fn: func(rows []int32) []Value {
				var out []Value
				var seen keySet
				add := func(v Value) bool {
					if v.null && !withNulls {
						return true
					}
					if set && !seen.add(v) {
						return true
					}
					out = append(out, toDyn(v))
					return len(out) < limit
				}
			rowLoop:
				for _, i := range rows {
					if ok != nil && !ok(int(i)) {
						continue
					}
					v := x(int(i))
					if a, isArr := v.array(); isArr && set {
						// make_set of arrays is the set of their elements.
						for _, e := range a {
							if !add(e) {
								break rowLoop
							}
						}
						continue
					}
					if !add(v) {
						break
					}
				}
				return []Value{dynArray(out)}
			}}, nil
		}
	}
	aggFuncs["make_list"] = &aggFunc{1, 2, makeList("list_", false, false, false)}
	aggFuncs["make_list_if"] = &aggFunc{2, 3, makeList("list_", false, true, false)}
	aggFuncs["make_list_with_nulls"] = &aggFunc{1, 2, makeList("list_", false, false, true)}
	aggFuncs["make_set"] = &aggFunc{1, 2, makeList("set_", true, false, false)}
	aggFuncs["make_set_if"] = &aggFunc{2, 3, makeList("set_", true, true, false)}
	aggFuncs["makelist"] = aggFuncs["make_list"]
	aggFuncs["makeset"] = aggFuncs["make_set"]

	aggFuncs["make_bag"] = &aggFunc{1, 2, func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
		args, err := c.aggArgs(call, 1)
		if err != nil {
			return nil, err
		}
		limit, err := c.limitArg(call, 1)
		if err != nil {
			return nil, err
		}
		x := args[0].fn
		return &aggImpl{cols: []Column{{"bag_" + defaultName(call.Args[0]), TypeDynamic}}, fn: func(rows []int32) []Value {
			out := &propBag{}
			for _, i := range rows {
				b, ok := x(int(i)).bag()
				if !ok {
					continue
				}
				for k, key := range b.keys {
					if _, dup := out.Get(key); !dup && out.Len() < limit {
						out.set(key, b.vals[k])
					}
				}
			}
			return []Value{dynBag(out)}
		}}, nil
	}}

	aggFuncs["arg_max"] = &aggFunc{2, -1, argMinMax(true)}
	aggFuncs["arg_min"] = &aggFunc{2, -1, argMinMax(false)}
	aggFuncs["take_any"] = &aggFunc{1, -1, takeAny}
	aggFuncs["any"] = &aggFunc{1, -1, takeAny}
}

func (c *compiler) wantBool(n kql.Expr, x *cexpr) error {
	if x.typ != TypeBool && x.typ != TypeDynamic {
		return c.errorAt(n, "the predicate must be bool, not %s", x.typ)
	}
	return nil
}

// returnCols compiles the ExprToReturn arguments of arg_max, arg_min and
// take_any: expressions, named expressions and * (all input columns but the
// by columns and those in skip).
func (c *compiler) returnCols(args []kql.Expr, ac *aggCtx, skip map[string]bool) ([]Column, []*cexpr, error) {
	var cols []Column
	var exprs []*cexpr
	for _, a := range args {
		switch a := a.(type) {
		case *kql.Star:
			for j, col := range c.in.cols {
				if ac.byNames[col.Name] || skip[col.Name] {
					continue
				}
				cols = append(cols, col)
				exprs = append(exprs, c.column(j))
			}
			continue
		case *kql.NamedExpr:
			x, err := c.expr(a.Value)
			if err != nil {
				return nil, nil, err
			}
			cols = append(cols, Column{a.Name.Name, x.typ})
			exprs = append(exprs, x)
			continue
		}
		x, err := c.expr(a)
		if err != nil {
			return nil, nil, err
		}
		name := defaultName(a)
		if name == "" {
			name = "Column"
		}
		cols = append(cols, Column{name, x.typ})
		exprs = append(exprs, x)
	}
	return cols, exprs, nil
}

// argMinMax implements arg_max and arg_min: the values of the return
// expressions in the row where the first argument is largest (smallest).
// Rows where it is null are skipped; when it is null everywhere, the first
// row of the group is used; ties keep the first row.
func argMinMax(max bool) func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
	return func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
		x, err := c.expr(call.Args[0])
		if err != nil {
			return nil, err
		}
		if x.typ == TypeDynamic || x.typ == TypeBool {
			return nil, c.errorAt(call.Args[0], "cannot take the maximum of %s values", x.typ)
		}
		name := defaultName(call.Args[0])
		skip := map[string]bool{}
		if id, ok := call.Args[0].(*kql.Ident); ok {
			skip[id.Name] = true
		}
		if name == "" {
			if max {
				name = "max_"
			} else {
				name = "min_"
			}
		}
		cols, exprs, err := c.returnCols(call.Args[1:], ac, skip)
		if err != nil {
			return nil, err
		}
		cols = append([]Column{{name, x.typ}}, cols...)
		exprs = append([]*cexpr{x}, exprs...)
		return &aggImpl{cols: cols, fn: func(rows []int32) []Value {
			out := make([]Value, len(exprs))
			if len(rows) == 0 {
				for k, col := range cols {
					out[k] = Null(col.Type)
				}
				return out
			}
			best := rows[0]
			bestV := x.fn(int(best))
			for _, i := range rows[1:] {
				v := x.fn(int(i))
				if v.null {
					continue
				}
				if bestV.null {
					best, bestV = i, v
					continue
				}
				if r, ok := compareValues(v, bestV); ok && (r > 0 && max || r < 0 && !max) {
					best, bestV = i, v
				}
			}
			for k, e := range exprs {
				out[k] = e.fn(int(best))
			}
			return out
		}}, nil
	}
}

// takeAny returns the values of its arguments in one row of the group: the
// first row, or for a single column the first row where it is not empty.
func takeAny(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
	cols, exprs, err := c.returnCols(call.Args, ac, nil)
	if err != nil {
		return nil, err
	}
	single := len(call.Args) == 1 && len(exprs) == 1
	return &aggImpl{cols: cols, fn: func(rows []int32) []Value {
		out := make([]Value, len(exprs))
		if len(rows) == 0 {
			for k, col := range cols {
				out[k] = Null(col.Type)
			}
			return out
		}
		pick := rows[0]
		if single {
			for _, i := range rows {
				if !isEmpty(exprs[0].fn(int(i))) {
					pick = i
					break
				}
			}
		}
		for k, e := range exprs {
			out[k] = e.fn(int(pick))
		}
		return out
	}}, nil
}

// keySet is a set of values, compared as appendKey compares them. Strings
// and guids are kept by their text, without building a key.
type keySet struct {
	strs  map[string]struct{}
	other map[string]struct{}
	buf   []byte
}

// add adds v and reports whether it was new.
func (s *keySet) add(v Value) bool {
	if u := v.unwrap(); !u.null && (u.typ == TypeString || u.typ == TypeGUID) {
		if s.strs == nil {
			s.strs = make(map[string]struct{})
		}
		if _, dup := s.strs[u.s]; dup {
			return false
		}
		s.strs[u.s] = struct{}{}
		return true
	}
	if s.other == nil {
		s.other = make(map[string]struct{})
	}
	s.buf = appendKey(s.buf[:0], v)
	if _, dup := s.other[string(s.buf)]; dup {
		return false
	}
	s.other[string(s.buf)] = struct{}{}
	return true
}

func (s *keySet) len() int { return len(s.strs) + len(s.other) }
