package eval

import (
	"github.com/kqlt/kqlt/kql"
)

// The window functions prev, next and row_number read other rows of a
// serialized row set: the output of serialize, sort/order or top, through
// the operators that keep it (extend, where, project, project-away,
// project-rename, take/limit, mv-expand, parse), as the reference's page on
// window functions lists them. They may be used in the expressions of
// extend, where, project and serialize; anywhere else, or over a row set
// the reference does not say is serialized, they are reported as not
// supported.

// serializedAfter says whether the output of op is a serialized row set,
// given whether its input is.
func serializedAfter(op kql.Operator, in bool) bool {
	switch op := op.(type) {
	case *kql.SortOp, *kql.TopOp, *kql.SerializeOp:
		return true
	case *kql.ExtendOp, *kql.WhereOp, *kql.TakeOp, *kql.MvExpandOp:
		return in
	case *kql.ParseOp:
		return in && op.Keyword == "parse"
	case *kql.ProjectOp:
		return in && (op.Keyword == "project" || op.Keyword == "project-away" || op.Keyword == "project-rename")
	}
	return false
}

func init() {
	shift := func(name string, dir int) func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
			if err := c.windowAllowed(call, name); err != nil {
				return nil, err
			}
			x := args[0]
			offset := int64(1)
			if len(args) >= 2 {
				k, ok := args[1].fn(0).Long()
				if !args[1].konst || !ok || k < 0 {
					return nil, c.errorAt(call.Args[1], "the offset of %s() must be a constant non-negative integer", name)
				}
				offset = k
			}
			def := constant(Null(x.typ))
			if len(args) == 3 {
				def = args[2]
				if def.typ != x.typ && !(def.konst && def.fn(0).null) {
					return nil, c.errorAt(call.Args[2], "the default of %s() must be a %s, not %s", name, x.typ, def.typ)
				}
			}
			n := c.in.n
			xf, df := x.fn, def.fn
			return &cexpr{typ: x.typ, fn: func(i int) Value {
				j := int64(i) + int64(dir)*offset
				if j < 0 || j >= int64(n) {
					return coerce(df(i), x.typ)
				}
				return xf(int(j))
			}}, nil
		}
	}
	register("prev", 1, 3, shift("prev", -1))
	register("next", 1, 3, shift("next", 1))

	register("row_number", 0, 2, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if err := c.windowAllowed(call, "row_number"); err != nil {
			return nil, err
		}
		start := constant(NewLong(1))
		restart := constant(NewBool(false))
		if len(args) >= 1 {
			start = args[0]
			if start.typ != TypeLong && start.typ != TypeInt {
				return nil, c.errorAt(call.Args[0], "the start of row_number() must be an integer, not %s", start.typ)
			}
		}
		if len(args) == 2 {
			restart = args[1]
			if restart.typ != TypeBool {
				return nil, c.errorAt(call.Args[1], "the restart predicate of row_number() must be bool, not %s", restart.typ)
			}
		}
		if !start.konst {
			return nil, c.ev.unsupported(call.Args[0], "row_number() with a start that is not a constant is not supported")
		}
		first, ok := start.fn(0).Long()
		if !ok {
			return nil, c.errorAt(call.Args[0], "the start of row_number() must not be null")
		}
		n := c.in.n
		c.ev.need(int64(n)*8, "row_number()")
		// Each row's number depends on the rows before it: they are all
		// numbered on the first call.
		var nums []int64
		rf := restart.fn
		return &cexpr{typ: TypeLong, fn: func(i int) Value {
			if nums == nil {
				nums = make([]int64, n)
				k := first
				for j := 0; j < n; j++ {
					if b, ok := rf(j).Bool(); j > 0 && ok && b {
						k = first
					}
					nums[j] = k
					k++
				}
			}
			return NewLong(nums[i])
		}}, nil
	})
}

// windowAllowed fails unless window functions may be used here.
func (c *compiler) windowAllowed(call *kql.CallExpr, name string) error {
	if c.window && c.in != nil {
		return nil
	}
	return c.ev.unsupported(call, "%s() is supported in extend, where, project and serialize over a serialized row set only (after serialize, sort or top)", name)
}
