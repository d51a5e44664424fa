package eval

import (
	"math"
	"net/netip"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// Logical, conditional, math, dynamic, IP and schema functions.

func init() {
	columnIfExists := func(c *compiler, call *kql.CallExpr, _ []*cexpr) (*cexpr, error) {
		name, ok := kql.StringValue(call.Args[0])
		if !ok {
			return nil, c.errorAt(call.Args[0], "%s() needs a constant column name", call.Fun.(*kql.Ident).Name)
		}
		if c.in != nil {
			if j := c.in.ColumnIndex(name); j >= 0 {
				return c.column(j), nil
			}
		}
		return c.expr(call.Args[1])
	}
	registerRaw("column_ifexists", 2, 2, columnIfExists)
	// columnifexists is the older spelling, which the official parser still
	// accepts (as a hidden alternative of column_ifexists).
	registerRaw("columnifexists", 2, 2, columnIfExists)
	iff := func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return c.cases(call, args)
	}
	register("iff", 3, 3, iff)
	register("iif", 3, 3, iff)
	register("case", 3, -1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if len(args)%2 == 0 {
			return nil, c.errorAt(call, "case() takes predicate, value pairs and an else value")
		}
		return c.cases(call, args)
	})
	register("coalesce", 2, 64, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		typ := args[0].typ
		for i, a := range args[1:] {
			t, ok := unify(typ, a.typ)
			if !ok {
				return nil, c.errorAt(call.Args[i+1], "coalesce() arguments must have the same type: %s and %s", typ, a.typ)
			}
			typ = t
		}
		return liftN(typ, args, func(vs []Value) Value {
			for _, v := range vs {
				if !isEmpty(v) {
					return convertTo(v, typ)
				}
			}
			return Null(typ)
		}), nil
	})
	register("not", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if args[0].typ != TypeBool && args[0].typ != TypeDynamic {
			return nil, c.errorAt(call, "not() takes a bool, not %s", args[0].typ)
		}
		return lift1(TypeBool, args[0], func(v Value) Value {
			b, ok := v.Bool()
			if !ok {
				return Null(TypeBool)
			}
			return NewBool(!b)
		}), nil
	})
	minMaxOf := func(max bool) func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
			typ := args[0].typ
			for _, a := range args[1:] {
				t, ok := unify(typ, a.typ)
				if !ok || t == TypeDynamic {
					return nil, c.errorAt(call, "the arguments must have the same type")
				}
				typ = t
			}
			return liftN(typ, args, func(vs []Value) Value {
				best := Null(typ)
				for _, v := range vs {
					if v.null {
						continue
					}
					v = convertTo(v, typ)
					if best.null {
						best = v
						continue
					}
					if r, ok := compareValues(v, best); ok && (r > 0) == max && r != 0 {
						best = v
					}
				}
				return best
			}), nil
		}
	}
	register("max_of", 2, 64, minMaxOf(true))
	register("min_of", 2, 64, minMaxOf(false))

	// Math.
	register("abs", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		t := args[0].typ
		if !t.isNumeric() && t != TypeTimespan {
			return nil, c.errorAt(call, "abs() takes a number or a timespan, not %s", t)
		}
		return lift1(t, args[0], func(v Value) Value {
			if v.null {
				return v
			}
			if t == TypeReal {
				return NewReal(math.Abs(v.real()))
			}
			if v.n < 0 {
				v.n = -v.n
			}
			return v
		}), nil
	})
	register("round", 1, 2, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if !args[0].typ.isNumeric() {
			return nil, c.errorAt(call, "round() takes a number, not %s", args[0].typ)
		}
		if len(args) == 1 {
			args = append(args, constant(NewLong(0)))
		}
		typ := args[0].typ
		return lift2(typ, args[0], args[1], func(v, p Value) Value {
			if v.null || p.null {
				return Null(typ)
			}
			x, _ := v.Real()
			k, _ := p.Long()
			scale := math.Pow(10, float64(k))
			r := math.Round(x*scale) / scale
			return convertNumeric(NewReal(r), typ)
		}), nil
	})
	math1 := func(name string, f func(float64) float64) {
		register(name, 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
			if !args[0].typ.isNumeric() && args[0].typ != TypeDynamic {
				return nil, c.errorAt(call, "%s() takes a number, not %s", name, args[0].typ)
			}
			return lift1(TypeReal, args[0], func(v Value) Value {
				x, ok := v.Real()
				if !ok {
					return Null(TypeReal)
				}
				return NewReal(f(x))
			}), nil
		})
	}
	math1("sqrt", math.Sqrt)
	math1("exp", math.Exp)
	math1("log", math.Log)
	math1("log10", math.Log10)
	math1("log2", math.Log2)
	register("ceiling", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		t := args[0].typ
		if !t.isNumeric() {
			return nil, c.errorAt(call, "ceiling() takes a number, not %s", t)
		}
		return lift1(t, args[0], func(v Value) Value {
			if v.null || t != TypeReal {
				return v
			}
			return NewReal(math.Ceil(v.real()))
		}), nil
	})
	register("pow", 2, 2, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift2(TypeReal, args[0], args[1], func(a, b Value) Value {
			x, ok1 := a.Real()
			y, ok2 := b.Real()
			if !ok1 || !ok2 {
				return Null(TypeReal)
			}
			return NewReal(math.Pow(x, y))
		}), nil
	})

	// Dynamic values.
	register("array_length", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeLong, args[0], func(v Value) Value {
			a, ok := v.array()
			if !ok {
				return Null(TypeLong)
			}
			return NewLong(int64(len(a)))
		}), nil
	})
	// arraylength is the older spelling the official parser still accepts
	// (a hidden alternative of array_length).
	scalarFuncs["arraylength"] = scalarFuncs["array_length"]
	register("pack_array", 1, -1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return liftN(TypeDynamic, args, func(vs []Value) Value {
			elems := make([]Value, len(vs))
			for i, v := range vs {
				elems[i] = toDyn(v)
			}
			return dynArray(elems)
		}), nil
	})
	pack := func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if len(args)%2 != 0 {
			return nil, c.errorAt(call, "bag_pack() takes key, value pairs")
		}
		return liftN(TypeDynamic, args, func(vs []Value) Value {
			b := &propBag{}
			for i := 0; i < len(vs); i += 2 {
				b.set(stringOf(vs[i].unwrap()), toDyn(vs[i+1]))
			}
			return dynBag(b)
		}), nil
	}
	register("bag_pack", 2, -1, pack)
	register("pack", 2, -1, pack)
	register("pack_dictionary", 2, -1, pack)
	register("bag_keys", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeDynamic, args[0], func(v Value) Value {
			b, ok := v.bag()
			if !ok {
				return dynNull
			}
			elems := make([]Value, len(b.keys))
			for i, k := range b.keys {
				elems[i] = toDyn(NewString(k))
			}
			return dynArray(elems)
		}), nil
	})
	register("array_concat", 1, -1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return liftN(TypeDynamic, args, func(vs []Value) Value {
			var out []Value
			for _, v := range vs {
				a, ok := v.array()
				if !ok {
					return dynNull
				}
				out = append(out, a...)
			}
			return dynArray(out)
		}), nil
	})
	// array_index_of(array, value[, start[, length[, occurrence]]]): the
	// zero-based index of the occurrence-th element equal to value among
	// the length elements from start (a negative start counts from the
	// end; length -1 is no limit); -1 when there is none; null for an
	// input that is not an array, occurrence < 0 or length < -1, as the
	// reference says. (occurrence 0, which the reference leaves open, is
	// null too.)
	register("array_index_of", 2, 5, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return liftN(TypeLong, args, func(vs []Value) Value {
			arr, ok := vs[0].array()
			if !ok {
				return Null(TypeLong)
			}
			opt := func(k int, def int64) (int64, bool) {
				if k >= len(vs) {
					return def, true
				}
				return vs[k].Long()
			}
			start, ok1 := opt(2, 0)
			length, ok2 := opt(3, -1)
			occurrence, ok3 := opt(4, 1)
			if !ok1 || !ok2 || !ok3 || occurrence < 1 || length < -1 {
				return Null(TypeLong)
			}
			n := int64(len(arr))
			if start < 0 {
				start = max(n+start, 0)
			}
			end := n
			if length >= 0 {
				end = min(n, start+length)
			}
			k := string(appendKey(nil, vs[1].unwrap()))
			for i := start; i < end; i++ {
				if string(appendKey(nil, arr[i].unwrap())) == k {
					if occurrence--; occurrence == 0 {
						return NewLong(i)
					}
				}
			}
			return NewLong(-1)
		}), nil
	})
	// array_slice(array, start, end): the elements start..end, both
	// included; negative indexes count from the end, and indexes out of
	// the array are ignored.
	register("array_slice", 3, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift3(TypeDynamic, args[0], args[1], args[2], func(a, s, e Value) Value {
			arr, ok := a.array()
			start, ok1 := s.Long()
			end, ok2 := e.Long()
			if !ok || !ok1 || !ok2 {
				return dynNull
			}
			n := int64(len(arr))
			if start < 0 {
				start += n
			}
			if end < 0 {
				end += n
			}
			start, end = max(start, 0), min(end, n-1)
			if start > end {
				return dynArray(nil)
			}
			return dynArray(append([]Value(nil), arr[start:end+1]...))
		}), nil
	})
	register("set_has_element", 2, 2, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift2(TypeBool, args[0], args[1], func(a, v Value) Value {
			arr, ok := a.array()
			if !ok {
				return Null(TypeBool)
			}
			k := string(appendKey(nil, v))
			for _, e := range arr {
				if string(appendKey(nil, e)) == k {
					return NewBool(true)
				}
			}
			return NewBool(false)
		}), nil
	})
	register("gettype", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeString, args[0], func(v Value) Value {
			if v.typ == TypeDynamic {
				return NewString(v.dynKind())
			}
			return NewString(v.typ.String())
		}), nil
	})
	register("range", 2, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if len(args) == 2 {
			step := NewLong(1)
			if args[0].typ == TypeDateTime || args[0].typ == TypeTimespan {
				step = timespanTicks(ticksPerHr)
			}
			args = append(args, constant(step))
		}
		elemType, ok := rangeType(args[0].typ, args[1].typ, args[2].typ)
		if !ok {
			return nil, c.errorAt(call, "range() cannot step from %s to %s by %s", args[0].typ, args[1].typ, args[2].typ)
		}
		return lift3(TypeDynamic, args[0], args[1], args[2], func(a, b, s Value) Value {
			n, ok := rangeCount(a, b, s, elemType)
			if !ok {
				return dynNull
			}
			// As in Kusto, the array stops at 1,048,576 (2^20) values.
			n = min(n, maxRangeValues)
			c.ev.need(int64(n)*valueBytes, "range()")
			vals := rangeValues(a, s, elemType, int(n))
			for i := range vals {
				vals[i] = toDyn(vals[i])
			}
			return dynArray(vals)
		}), nil
	})

	// IPv4.
	register("ipv4_is_private", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeBool, args[0], func(v Value) Value {
			p, ok := parseIPv4Prefix(stringOf(v))
			if !ok {
				return Null(TypeBool)
			}
			for _, r := range privateIPv4 {
				if r.Contains(p.Addr()) && p.Bits() >= r.Bits() {
					return NewBool(true)
				}
			}
			return NewBool(false)
		}), nil
	})
	register("ipv4_is_in_range", 2, 2, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift2(TypeBool, args[0], args[1], func(ip, rng Value) Value {
			p, ok1 := parseIPv4Prefix(stringOf(ip))
			r, ok2 := parseIPv4Prefix(stringOf(rng))
			if !ok1 || !ok2 {
				return Null(TypeBool)
			}
			return NewBool(r.Contains(p.Addr()))
		}), nil
	})
	// ipv4_is_match(ip1, ip2[, prefix]) compares the addresses under the
	// shortest of their prefixes and the prefix argument (0 to 32).
	register("ipv4_is_match", 2, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		bits := constant(NewLong(32))
		if len(args) == 3 {
			bits = args[2]
			if bits.typ != TypeInt && bits.typ != TypeLong && bits.typ != TypeDynamic {
				return nil, c.errorAt(call.Args[2], "the prefix of ipv4_is_match() must be an integer, not %s", bits.typ)
			}
		}
		return lift3(TypeBool, args[0], args[1], bits, func(a, b, n Value) Value {
			p, ok1 := parseIPv4Prefix(stringOf(a))
			q, ok2 := parseIPv4Prefix(stringOf(b))
			k, ok3 := castTo(n, TypeLong).Long()
			if !ok1 || !ok2 || !ok3 || k < 0 || k > 32 {
				return Null(TypeBool)
			}
			m := min(p.Bits(), q.Bits(), int(k))
			pm, _ := p.Addr().Prefix(m)
			qm, _ := q.Addr().Prefix(m)
			return NewBool(pm == qm)
		}), nil
	})
}

var privateIPv4 = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// parseIPv4Prefix parses an IPv4 address, optionally in IP-prefix notation
// (a.b.c.d/n); the address is masked to the prefix.
func parseIPv4Prefix(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	addr, bits, hasBits := strings.Cut(s, "/")
	a, err := netip.ParseAddr(addr)
	if err != nil || !a.Is4() {
		return netip.Prefix{}, false
	}
	n := 32
	if hasBits {
		k, ok := parseInteger(bits)
		if !ok || k < 0 || k > 32 {
			return netip.Prefix{}, false
		}
		n = int(k)
	}
	p, err := a.Prefix(n)
	return p, err == nil
}

// cases compiles iff(p, a, b) and case(p1, v1, ..., else): the value of the
// first true predicate (a null predicate counts as false). Only the chosen
// branch is evaluated.
func (c *compiler) cases(call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
	n := len(args) / 2
	typ := args[len(args)-1].typ
	for k := 0; k < n; k++ {
		if p := args[2*k]; p.typ != TypeBool && p.typ != TypeDynamic {
			return nil, c.errorAt(call.Args[2*k], "the condition must be bool, not %s", p.typ)
		}
		t, ok := unify(typ, args[2*k+1].typ)
		if !ok {
			return nil, c.errorAt(call, "the values of %s must have the same type: %s and %s", c.ev.q.Text(call.Fun), args[2*k+1].typ, typ)
		}
		typ = t
	}
	konst := true
	for _, a := range args {
		konst = konst && a.konst
	}
	elseF := args[len(args)-1].fn
	fn := func(i int) Value {
		for k := 0; k < n; k++ {
			if b, ok := args[2*k].fn(i).Bool(); ok && b {
				return convertTo(args[2*k+1].fn(i), typ)
			}
		}
		return convertTo(elseF(i), typ)
	}
	if konst {
		return constant(coerce(fn(0), typ)), nil
	}
	return &cexpr{typ: typ, fn: fn}, nil
}

// maxRangeValues is the most values range() returns: Kusto truncates its
// array there.
const maxRangeValues = 1 << 20

// rangeType returns the element type of range(start, stop, step).
func rangeType(a, b, s Type) (Type, bool) {
	switch {
	case a.isNumeric() && b.isNumeric() && s.isNumeric():
		t, _ := arithType("+", a, b)
		t2, _ := arithType("+", t, s)
		if t2 == TypeInt {
			t2 = TypeLong
		}
		return t2, true
	case a == TypeDateTime && b == TypeDateTime && s == TypeTimespan:
		return TypeDateTime, true
	case a == TypeTimespan && b == TypeTimespan && s == TypeTimespan:
		return TypeTimespan, true
	}
	return 0, false
}

// rangeCount returns how many values range(start, stop, step) has (stop
// included), or math.MaxUint64 for an infinite range. ok is false when an
// argument is null or the step is zero (or NaN).
func rangeCount(a, b, s Value, t Type) (n uint64, ok bool) {
	if a.null || b.null || s.null {
		return 0, false
	}
	ints := func(x, y, st int64) (uint64, bool) {
		switch {
		case st == 0:
			return 0, false
		case st > 0 && y < x, st < 0 && y > x:
			return 0, true
		case st > 0:
			return (uint64(y)-uint64(x))/uint64(st) + 1, true
		}
		return (uint64(x)-uint64(y))/(uint64(-(st+1))+1) + 1, true
	}
	switch t {
	case TypeLong:
		x, _ := a.Long()
		y, _ := b.Long()
		st, _ := s.Long()
		return ints(x, y, st)
	case TypeDateTime, TypeTimespan:
		return ints(a.n, b.n, s.n)
	case TypeReal:
		x, _ := a.Real()
		y, _ := b.Real()
		st, _ := s.Real()
		if st == 0 || math.IsNaN(st) {
			return 0, false
		}
		f := math.Floor((y-x)/st) + 1
		switch {
		case math.IsNaN(f) || f > 1<<53:
			return math.MaxUint64, true
		case f <= 0:
			return 0, true
		}
		// Count as rangeValues steps: start + k*step, up to stop.
		n := uint64(f)
		for n > 0 && beyond(x+float64(n-1)*st, y, st) {
			n--
		}
		for !beyond(x+float64(n)*st, y, st) {
			n++
		}
		return n, true
	}
	return 0, false
}

// beyond reports whether v lies past stop y, going by step st.
func beyond(v, y, st float64) bool { return st > 0 && v > y || st < 0 && v < y }

// rangeValues returns the n values start, start+step, ... (see rangeCount).
func rangeValues(a, s Value, t Type, n int) []Value {
	out := make([]Value, n)
	switch t {
	case TypeLong:
		x, _ := a.Long()
		st, _ := s.Long()
		for i := range out {
			out[i] = NewLong(x + int64(i)*st)
		}
	case TypeReal:
		x, _ := a.Real()
		st, _ := s.Real()
		for i := range out {
			out[i] = NewReal(x + float64(i)*st)
		}
	case TypeDateTime, TypeTimespan:
		for i := range out {
			out[i] = Value{typ: t, n: a.n + int64(i)*s.n}
		}
	}
	return out
}

func init() {
	// pack_all([ignore_null_empty]) is a property bag of the row's columns
	// (https://learn.microsoft.com/kusto/query/pack-all-function), in the
	// table's column order, as the reference's example shows them (it adds
	// that the order is not guaranteed); with ignore_null_empty, null and
	// empty values are left out. An empty array or bag with
	// ignore_null_empty, which the reference leaves open, is not supported.
	// In extend it packs the columns of extend's input, not those an
	// earlier item of the same extend adds (the example's
	// PackedIgnoreNullEmpty holds no Packed).
	register("pack_all", 0, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		in := c.in
		if c.opIn != nil {
			in = c.opIn
		}
		if in == nil || c.aggValues != nil {
			return nil, c.ev.unsupported(call, "pack_all() is supported over the rows of an operator's input only")
		}
		ignore := false
		if len(args) == 1 {
			if !args[0].konst || args[0].typ != TypeBool {
				return nil, c.ev.unsupported(call, "pack_all() takes a constant bool")
			}
			ignore, _ = args[0].fn(0).Bool()
		}
		return &cexpr{typ: TypeDynamic, fn: func(i int) Value {
			b := &propBag{}
			for j, col := range in.cols {
				v := in.data[j].at(i)
				if ignore {
					if v.null || v.typ == TypeString && v.s == "" {
						continue
					}
					if a, ok := v.array(); ok && len(a) == 0 {
						panic(&unsupportedValue{at: call, msg: "pack_all(true) of an empty array is not supported: the reference does not say whether Kusto leaves it out"})
					}
					if bg, ok := v.bag(); ok && bg.Len() == 0 {
						panic(&unsupportedValue{at: call, msg: "pack_all(true) of an empty property bag is not supported: the reference does not say whether Kusto leaves it out"})
					}
				}
				b.set(col.Name, toDyn(v))
			}
			return dynBag(b)
		}}, nil
	})
}
