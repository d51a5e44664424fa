package eval

import (
	"fmt"
	"math"

	"github.com/kqlt/kqlt/kql"
)

// row_cumsum and row_window_session, by the reference's pages: like
// row_number, they read the rows before the current one of a serialized
// row set, so every row is computed on the first call. What the reference
// leaves open fails as not supported: a null term of row_cumsum, a sum
// that overflows its type, and a null value of row_window_session's Expr
// (the reference says the next value starts a new session, not what the
// null row returns).

func init() {
	register("row_cumsum", 1, 2, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if err := c.windowAllowed(call, "row_cumsum"); err != nil {
			return nil, err
		}
		term := args[0]
		if term.typ != TypeInt && term.typ != TypeLong && term.typ != TypeReal {
			return nil, c.errorAt(call.Args[0], "the term of row_cumsum() must be an int, long or real, not %s", term.typ)
		}
		restart, err := windowRestart(c, call, args, 1, "row_cumsum")
		if err != nil {
			return nil, err
		}
		n := c.in.n
		c.ev.need(int64(n)*8, "row_cumsum()")
		refuse := func(format string, a ...any) {
			panic(&unsupportedValue{at: call, msg: "row_cumsum() " + fmt.Sprintf(format, a...) + " is not supported: the reference does not say what it returns"})
		}
		var sums []Value
		tf := term.fn
		return &cexpr{typ: term.typ, fn: func(i int) Value {
			if sums == nil {
				out := make([]Value, n)
				var isum int64
				var fsum float64
				for j := 0; j < n; j++ {
					if j > 0 && restart(j) {
						isum, fsum = 0, 0
					}
					v := tf(j)
					if v.null {
						refuse("of a null value (row %d)", j+1)
					}
					switch term.typ {
					case TypeReal:
						fsum += v.real()
						out[j] = NewReal(fsum)
					case TypeLong:
						s := isum + v.n
						if (s > isum) != (v.n > 0) {
							refuse("over the range of long")
						}
						isum = s
						out[j] = NewLong(isum)
					default:
						isum += v.n
						if isum < math.MinInt32 || isum > math.MaxInt32 {
							refuse("over the range of int")
						}
						out[j] = NewInt(int32(isum))
					}
				}
				sums = out
			}
			return sums[i]
		}}, nil
	})

	register("row_window_session", 3, 4, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if err := c.windowAllowed(call, "row_window_session"); err != nil {
			return nil, err
		}
		x := args[0]
		if x.typ != TypeDateTime {
			return nil, c.errorAt(call.Args[0], "the expression of row_window_session() must be a datetime, not %s", x.typ)
		}
		var limits [2]int64
		for k, what := range []string{"MaxDistanceFromFirst", "MaxDistanceBetweenNeighbors"} {
			a := args[k+1]
			if a.typ != TypeTimespan {
				return nil, c.errorAt(call.Args[k+1], "%s of row_window_session() must be a timespan, not %s", what, a.typ)
			}
			v := a.fn(0)
			if !a.konst || v.null {
				return nil, c.ev.unsupported(call.Args[k+1], "row_window_session() with a %s that is not a constant timespan is not supported", what)
			}
			limits[k] = v.n
		}
		restart, err := windowRestart(c, call, args, 3, "row_window_session")
		if err != nil {
			return nil, err
		}
		n := c.in.n
		c.ev.need(int64(n)*8, "row_window_session()")
		var starts []int64
		xf := x.fn
		return &cexpr{typ: TypeDateTime, fn: func(i int) Value {
			if starts == nil {
				out := make([]int64, n)
				var start, prev int64
				have := false // a previous session value
				for j := 0; j < n; j++ {
					v := xf(j)
					if v.null {
						panic(&unsupportedValue{at: call, msg: fmt.Sprintf("row_window_session() of a null value (row %d) is not supported: the reference does not say what it returns", j+1)})
					}
					t := v.n
					if !have || t >= addSat(start, limits[0]) || t >= addSat(prev, limits[1]) || j > 0 && restart(j) {
						start, have = t, true
					}
					out[j], prev = start, t
				}
				starts = out
			}
			return Value{typ: TypeDateTime, n: starts[i]}
		}}, nil
	})
}

// windowRestart compiles the optional restart predicate of a window
// function, argument k: a row restarts when it is true (null is false).
func windowRestart(c *compiler, call *kql.CallExpr, args []*cexpr, k int, name string) (func(int) bool, error) {
	if len(args) <= k {
		return func(int) bool { return false }, nil
	}
	r := args[k]
	if r.typ != TypeBool {
		return nil, c.errorAt(call.Args[k], "the restart predicate of %s() must be bool, not %s", name, r.typ)
	}
	return func(i int) bool {
		b, ok := r.fn(i).Bool()
		return ok && b
	}, nil
}

// addSat returns a+b, saturated at the range of int64.
func addSat(a, b int64) int64 {
	s := a + b
	switch {
	case b > 0 && s < a:
		return math.MaxInt64
	case b < 0 && s > a:
		return math.MinInt64
	}
	return s
}
