package eval

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// set_union, set_intersect and set_difference over dynamic arrays; countof;
// tohex.

func init() {
	setFn := func(name string, keep func(inOthers []bool) bool, fromAll bool) {
		register(name, 2, -1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
			for _, a := range args {
				if a.typ != TypeDynamic {
					return nil, c.errorAt(call, "%s() takes dynamic arrays, not %s", name, a.typ)
				}
			}
			return liftN(TypeDynamic, args, func(vs []Value) Value {
				arrays := make([][]Value, len(vs))
				for k, v := range vs {
					a, ok := v.array()
					if !ok {
						return dynNull
					}
					arrays[k] = a
				}
				return dynArray(setOp(arrays, keep, fromAll))
			}), nil
		})
	}
	// The result keeps the values in the order they first appear.
	setFn("set_union", nil, true)
	setFn("set_intersect", func(in []bool) bool {
		for _, b := range in {
			if !b {
				return false
			}
		}
		return true
	}, false)
	setFn("set_difference", func(in []bool) bool {
		for _, b := range in {
			if b {
				return false
			}
		}
		return true
	}, false)

	register("countof", 2, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		kind := "normal"
		if len(args) == 3 {
			if !args[2].konst || args[2].typ != TypeString {
				return nil, c.errorAt(call.Args[2], "the kind of countof() must be a constant string: normal or regex")
			}
			kind = strings.ToLower(args[2].fn(0).s)
		}
		switch kind {
		case "normal":
			return lift2(TypeLong, args[0], args[1], func(s, sub Value) Value {
				if s.null || sub.null || stringOf(sub) == "" {
					return Null(TypeLong)
				}
				return NewLong(countOverlapping(stringOf(s), stringOf(sub)))
			}), nil
		case "regex":
			if !args[1].konst {
				return nil, c.ev.unsupported(call.Args[1], "countof() with kind regex is supported with a constant regular expression only")
			}
			re, err := regexp.Compile(stringOf(args[1].fn(0)))
			if err != nil {
				return nil, c.errorAt(call.Args[1], "invalid regular expression: %v", err)
			}
			return lift1(TypeLong, args[0], func(s Value) Value {
				if s.null {
					return Null(TypeLong)
				}
				return NewLong(int64(len(re.FindAllStringIndex(stringOf(s), -1))))
			}), nil
		}
		return nil, c.errorAt(call.Args[2], "unknown countof() kind %q: expected normal or regex", kind)
	})

	register("tohex", 1, 2, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if args[0].typ != TypeInt && args[0].typ != TypeLong && args[0].typ != TypeDynamic {
			return nil, c.errorAt(call, "tohex() takes an int or a long, not %s", args[0].typ)
		}
		width := constant(NewLong(0))
		if len(args) == 2 {
			width = args[1]
			if width.typ != TypeInt && width.typ != TypeLong {
				return nil, c.errorAt(call, "the minimum length of tohex() must be an integer, not %s", width.typ)
			}
		}
		bits := 64
		if args[0].typ == TypeInt {
			bits = 32
		}
		return lift2(TypeString, args[0], width, func(v, w Value) Value {
			n, ok := castTo(v, TypeLong).Long()
			if v.unwrap().typ == TypeReal || !ok {
				return Null(TypeString)
			}
			minLen, ok := w.Long()
			if !ok || minLen < 0 {
				return Null(TypeString)
			}
			var s string
			if bits == 32 {
				s = strconv.FormatUint(uint64(uint32(n)), 16)
			} else {
				s = strconv.FormatUint(uint64(n), 16)
			}
			if minLen > 16 {
				minLen = 16
			}
			if pad := int(minLen) - len(s); pad > 0 {
				s = strings.Repeat("0", pad) + s
			}
			return NewString(s)
		}), nil
	})
}

// setOp returns the distinct values of arrays[0] (of all the arrays when
// fromAll) that keep accepts, given whether each other array holds them;
// nil keep accepts all. Values compare as summarize keys do.
func setOp(arrays [][]Value, keep func(inOthers []bool) bool, fromAll bool) []Value {
	others := make([]map[string]bool, len(arrays)-1)
	if keep != nil {
		for k, a := range arrays[1:] {
			others[k] = map[string]bool{}
			for _, e := range a {
				others[k][string(appendKey(nil, e))] = true
			}
		}
	}
	from := arrays[:1]
	if fromAll {
		from = arrays
	}
	seen := map[string]bool{}
	out := []Value{}
	in := make([]bool, len(others))
	for _, a := range from {
		for _, e := range a {
			k := string(appendKey(nil, e))
			if seen[k] {
				continue
			}
			seen[k] = true
			if keep != nil {
				for j, o := range others {
					in[j] = o[k]
				}
				if !keep(in) {
					continue
				}
			}
			out = append(out, e)
		}
	}
	return out
}

// countOverlapping counts the occurrences of sub in s, overlapping ones
// included (countof("aaaa", "aa") is 3).
func countOverlapping(s, sub string) int64 {
	n := int64(0)
	for i := 0; i+len(sub) <= len(s); {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			break
		}
		n++
		i += j + 1
	}
	return n
}
