package eval

import (
	"math"
	"time"

	"github.com/kqlt/kqlt/kql"
)

// Date and time functions. now() is the evaluation time from Options.Now,
// the same everywhere in a query.

func init() {
	register("now", 0, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		now := dateTimeTicks(c.ev.now)
		if len(args) == 0 {
			return constant(now), nil
		}
		if args[0].typ != TypeTimespan {
			return nil, c.errorAt(call, "now() takes a timespan offset")
		}
		return lift1(TypeDateTime, args[0], func(off Value) Value {
			if off.null {
				return Null(TypeDateTime)
			}
			return dateTimeTicks(now.n + off.n)
		}), nil
	})
	register("ago", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if args[0].typ != TypeTimespan {
			return nil, c.errorAt(call, "ago() takes a timespan, not %s", args[0].typ)
		}
		now := c.ev.now
		return lift1(TypeDateTime, args[0], func(d Value) Value {
			if d.null {
				return Null(TypeDateTime)
			}
			return dateTimeTicks(now - d.n)
		}), nil
	})
	binFn := func(name string) func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
			typ, ok := binType(args[0].typ, args[1].typ)
			if !ok {
				return nil, c.errorAt(call, "%s() cannot round a %s value by a %s", name, args[0].typ, args[1].typ)
			}
			return lift2(typ, args[0], args[1], func(v, size Value) Value {
				return binAt(v, size, Value{}, typ)
			}), nil
		}
	}
	register("bin", 2, 2, binFn("bin"))
	register("floor", 2, 2, binFn("floor"))
	register("bin_at", 3, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		typ, ok := binType(args[0].typ, args[1].typ)
		if !ok || !comparableTypes(args[0].typ, args[2].typ) {
			return nil, c.errorAt(call, "bin_at() cannot round a %s value by a %s from a %s", args[0].typ, args[1].typ, args[2].typ)
		}
		return lift3(typ, args[0], args[1], args[2], func(v, size, at Value) Value {
			if at.null {
				return Null(typ)
			}
			return binAt(v, size, at, typ)
		}), nil
	})
	startOf := func(unit string, end bool) func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
			if args[0].typ != TypeDateTime && args[0].typ != TypeDynamic {
				return nil, c.errorAt(call, "the argument must be a datetime, not %s", args[0].typ)
			}
			off := constant(NewLong(0))
			if len(args) == 2 {
				off = args[1]
				if !off.typ.isNumeric() {
					return nil, c.errorAt(call, "the offset must be a number, not %s", off.typ)
				}
			}
			return lift2(TypeDateTime, args[0], off, func(d, o Value) Value {
				d = castTo(d, TypeDateTime)
				k, ok := o.Long()
				if d.null || !ok {
					return Null(TypeDateTime)
				}
				t := timeOf(d.n)
				y, m, day := t.Date()
				var s time.Time
				switch unit {
				case "day":
					s = time.Date(y, m, day+int(k), 0, 0, 0, 0, time.UTC)
					if end {
						s = s.AddDate(0, 0, 1)
					}
				case "week":
					s = time.Date(y, m, day-int(t.Weekday())+7*int(k), 0, 0, 0, 0, time.UTC)
					if end {
						s = s.AddDate(0, 0, 7)
					}
				case "month":
					s = time.Date(y, m+time.Month(k), 1, 0, 0, 0, 0, time.UTC)
					if end {
						s = s.AddDate(0, 1, 0)
					}
				case "year":
					s = time.Date(y+int(k), 1, 1, 0, 0, 0, 0, time.UTC)
					if end {
						s = s.AddDate(1, 0, 0)
					}
				}
				ticks := ticksOf(s)
				if end {
					ticks--
				}
				return dateTimeTicks(ticks)
			}), nil
		}
	}
	for _, u := range []string{"day", "week", "month", "year"} {
		register("startof"+u, 1, 2, startOf(u, false))
		register("endof"+u, 1, 2, startOf(u, true))
	}
	part := func(typ Type, f func(t time.Time) int64) func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
			if args[0].typ != TypeDateTime && args[0].typ != TypeDynamic {
				return nil, c.errorAt(call, "the argument must be a datetime, not %s", args[0].typ)
			}
			return lift1(typ, args[0], func(d Value) Value {
				d = castTo(d, TypeDateTime)
				if d.null {
					return Null(typ)
				}
				n := f(timeOf(d.n))
				switch typ {
				case TypeTimespan:
					return timespanTicks(n)
				case TypeInt:
					return NewInt(int32(n))
				}
				return NewLong(n)
			}), nil
		}
	}
	register("dayofweek", 1, 1, part(TypeTimespan, func(t time.Time) int64 { return int64(t.Weekday()) * ticksPerDay }))
	register("hourofday", 1, 1, part(TypeInt, func(t time.Time) int64 { return int64(t.Hour()) }))
	register("dayofmonth", 1, 1, part(TypeInt, func(t time.Time) int64 { return int64(t.Day()) }))
	register("dayofyear", 1, 1, part(TypeInt, func(t time.Time) int64 { return int64(t.YearDay()) }))
	register("getmonth", 1, 1, part(TypeInt, func(t time.Time) int64 { return int64(t.Month()) }))
	register("monthofyear", 1, 1, part(TypeInt, func(t time.Time) int64 { return int64(t.Month()) }))
	register("getyear", 1, 1, part(TypeInt, func(t time.Time) int64 { return int64(t.Year()) }))
}

// binType returns the result type of bin(value, size).
func binType(v, size Type) (Type, bool) {
	switch {
	case v == TypeDateTime && size == TypeTimespan:
		return TypeDateTime, true
	case v == TypeTimespan && size == TypeTimespan:
		return TypeTimespan, true
	case v.isNumeric() && size.isNumeric():
		if v == TypeReal || size == TypeReal {
			return TypeReal, true
		}
		return TypeLong, true
	}
	return 0, false
}

// binAt rounds v down to a multiple of size, counted from at (from zero,
// or 0001-01-01 for datetimes, when at is invalid). A null, zero or
// negative size gives null.
func binAt(v, size, at Value, typ Type) Value {
	if v.null || size.null {
		return Null(typ)
	}
	switch typ {
	case TypeDateTime, TypeTimespan:
		if size.n <= 0 {
			return Null(typ)
		}
		base := int64(0)
		if at.typ != 0 {
			base = at.n
		}
		return Value{typ: typ, n: floorDiv(v.n-base, size.n)*size.n + base}
	case TypeLong:
		s, _ := size.Long()
		if s <= 0 {
			return Null(typ)
		}
		base, _ := at.Long()
		return NewLong(floorDiv(v.n-base, s)*s + base)
	case TypeReal:
		x, _ := v.Real()
		s, _ := size.Real()
		if !(s > 0) {
			return Null(typ)
		}
		base, _ := at.Real()
		return NewReal(math.Floor((x-base)/s)*s + base)
	}
	return Null(typ)
}

func init() {
	// ingestion_time() is the time the row was ingested, which Kusto's
	// IngestionTime policy records in a hidden column
	// (https://learn.microsoft.com/kusto/query/ingestion-time-function).
	// The rows of a table carry it when its sample data gives each event an
	// IngestionTimeField; where, extend and a union of such tables keep it.
	// Elsewhere (no ingestion times given, or rows another operator made)
	// the call fails as not supported: Kusto returns null for a table
	// without the policy, and a rule that never fires because its sample
	// data lacks the field would be a silent wrong answer.
	register("ingestion_time", 0, 0, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if c.in == nil || c.in.ingest == nil || c.aggValues != nil {
			return nil, c.ev.unsupported(call, "ingestion_time() is not supported here: these rows carry no ingestion time (sample data gives it as a %q datetime field of each event, which ingestion_time() reads in where and extend after the table or a union of tables)", IngestionTimeField)
		}
		col := *c.in.ingest
		return &cexpr{typ: TypeDateTime, fn: col.at}, nil
	})
}
