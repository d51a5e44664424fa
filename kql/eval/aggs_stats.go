package eval

import (
	"fmt"
	"math"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// Standard deviation and variance: stdev, stdevif, variance and varianceif
// treat the group as a sample (Bessel's correction, dividing by n-1);
// stdevp, variancep and variancepif as the population (dividing
// by n). Nulls are ignored, as the reference says.
//
// The reference does not say what the sample forms return for a group of
// fewer than two values (its formula divides by zero), nor what any form
// returns for a group with no values, so those groups fail as not
// supported rather than guess.

func init() {
	stats := func(name string, sample, sqrt, hasPred bool) func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
		fn := strings.TrimSuffix(name, "_")
		return func(c *compiler, call *kql.CallExpr, ac *aggCtx) (*aggImpl, error) {
			args, ok, err := c.aggArgsIf(call, hasPred)
			if err != nil {
				return nil, err
			}
			if t := args[0].typ; !t.isNumeric() && t != TypeDynamic {
				return nil, c.ev.unsupported(call, "%s() of %s values is not supported", fn, t)
			}
			x := args[0].fn
			return &aggImpl{cols: []Column{{name + defaultName(call.Args[0]), TypeReal}}, fn: func(rows []int32) []Value {
				var vals []float64
				for _, i := range rows {
					if ok != nil && !ok(int(i)) {
						continue
					}
					v := x(int(i))
					if v.null {
						continue
					}
					switch v = v.unwrap(); v.typ {
					case TypeLong, TypeInt:
						vals = append(vals, float64(v.n))
					case TypeReal:
						vals = append(vals, v.real())
					}
				}
				min := 1
				if sample {
					min = 2
				}
				if len(vals) < min {
					panic(&unsupportedValue{at: call, msg: fmt.Sprintf("%s() of a group with %s is not supported: the reference does not say what Kusto returns", fn, countValues(len(vals)))})
				}
				// Two passes (mean, then squared deviations) keep the
				// precision that the one-pass sum of squares loses.
				var sum float64
				for _, f := range vals {
					sum += f
				}
				mean := sum / float64(len(vals))
				var sq float64
				for _, f := range vals {
					sq += (f - mean) * (f - mean)
				}
				n := float64(len(vals))
				if sample {
					n--
				}
				r := sq / n
				if sqrt {
					r = math.Sqrt(r)
				}
				return []Value{NewReal(r)}
			}}, nil
		}
	}
	aggFuncs["stdev"] = &aggFunc{1, 1, stats("stdev_", true, true, false)}
	aggFuncs["stdevif"] = &aggFunc{2, 2, stats("stdevif_", true, true, true)}
	aggFuncs["stdevp"] = &aggFunc{1, 1, stats("stdevp_", false, true, false)}
	aggFuncs["variance"] = &aggFunc{1, 1, stats("variance_", true, false, false)}
	aggFuncs["varianceif"] = &aggFunc{2, 2, stats("varianceif_", true, false, true)}
	aggFuncs["variancep"] = &aggFunc{1, 1, stats("variancep_", false, false, false)}
	aggFuncs["variancepif"] = &aggFunc{2, 2, stats("variancepif_", false, false, true)}
}

func countValues(n int) string {
	switch n {
	case 0:
		return "no values"
	case 1:
		return "one value"
	}
	return fmt.Sprintf("%d values", n)
}
