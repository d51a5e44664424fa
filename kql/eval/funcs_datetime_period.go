package eval

import (
	"math"
	"strings"
	"time"

	"github.com/kqlt/kqlt/kql"
)

// datetime_diff, datetime_add and datetime_part (with its older spelling
// datepart): calendar arithmetic by a period named in a string.

func init() {
	register("datetime_diff", 3, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		period, err := c.periodArg(call, args[0], diffPeriods)
		if err != nil {
			return nil, err
		}
		for _, a := range args[1:] {
			if a.typ != TypeDateTime && a.typ != TypeDynamic {
				return nil, c.errorAt(call, "datetime_diff() takes datetimes, not %s", a.typ)
			}
		}
		return lift2(TypeLong, args[1], args[2], func(a, b Value) Value {
			a, b = castTo(a, TypeDateTime), castTo(b, TypeDateTime)
			if a.null || b.null {
				return Null(TypeLong)
			}
			return NewLong(datetimeDiff(period, a.n, b.n))
		}), nil
	})
	register("datetime_add", 3, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		period, err := c.periodArg(call, args[0], diffPeriods)
		if err != nil {
			return nil, err
		}
		if args[1].typ != TypeInt && args[1].typ != TypeLong && args[1].typ != TypeDynamic {
			return nil, c.errorAt(call, "the amount of datetime_add() must be an integer, not %s", args[1].typ)
		}
		if args[2].typ != TypeDateTime && args[2].typ != TypeDynamic {
			return nil, c.errorAt(call, "datetime_add() takes a datetime, not %s", args[2].typ)
		}
		return lift2(TypeDateTime, args[1], args[2], func(n, d Value) Value {
			d = castTo(d, TypeDateTime)
			k, ok := castTo(n, TypeLong).Long()
			if d.null || !ok {
				return Null(TypeDateTime)
			}
			if t, ok := datetimeAdd(period, k, d.n); ok {
				return dateTimeTicks(t)
			}
			return Null(TypeDateTime)
		}), nil
	})
	part := func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		period, err := c.periodArg(call, args[0], partPeriods)
		if err != nil {
			return nil, err
		}
		if args[1].typ != TypeDateTime && args[1].typ != TypeDynamic {
			return nil, c.errorAt(call, "datetime_part() takes a datetime, not %s", args[1].typ)
		}
		return lift1(TypeInt, args[1], func(d Value) Value {
			d = castTo(d, TypeDateTime)
			if d.null {
				return Null(TypeInt)
			}
			return NewInt(int32(datetimePart(period, d.n)))
		}), nil
	}
	// make_datetime(year, month, day[, hour, minute[, second]]): the
	// seconds may have a fraction; a date that does not exist is null.
	register("make_datetime", 3, 6, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if len(args) == 4 {
			return nil, c.errorAt(call, "make_datetime() takes 3, 5 or 6 arguments")
		}
		for _, a := range args {
			if !a.typ.isNumeric() && a.typ != TypeDynamic {
				return nil, c.errorAt(call, "make_datetime() takes numbers, not %s", a.typ)
			}
		}
		return liftN(TypeDateTime, args, func(vs []Value) Value {
			var parts [5]int64
			for k, v := range vs[:min(len(vs), 5)] {
				n, ok := castTo(v, TypeLong).Long()
				if !ok {
					return Null(TypeDateTime)
				}
				parts[k] = n
			}
			sec := 0.0
			if len(vs) == 6 {
				f, ok := castTo(vs[5], TypeReal).Real()
				if !ok {
					return Null(TypeDateTime)
				}
				sec = f
			}
			y, mo, d, h, mi := parts[0], parts[1], parts[2], parts[3], parts[4]
			if y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > int64(daysIn(int(y), int(mo))) ||
				h < 0 || h > 23 || mi < 0 || mi > 59 || !(sec >= 0 && sec < 60) {
				return Null(TypeDateTime)
			}
			day := ticksOf(time.Date(int(y), time.Month(mo), int(d), 0, 0, 0, 0, time.UTC))
			return dateTimeTicks(day + h*ticksPerHr + mi*ticksPerMin + int64(math.Round(sec*float64(ticksPerSec))))
		}), nil
	})
	register("datetime_part", 2, 2, part)
	register("datepart", 2, 2, part)
}

// diffPeriods are the periods of datetime_diff and datetime_add;
// partPeriods those of datetime_part. Names are case-insensitive.
var (
	diffPeriods = []string{"year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond", "microsecond", "nanosecond"}
	partPeriods = []string{"year", "quarter", "month", "week_of_year", "day", "dayofyear", "hour", "minute", "second", "millisecond", "microsecond", "nanosecond"}
)

// periodArg returns the period a constant string argument names.
func (c *compiler) periodArg(call *kql.CallExpr, a *cexpr, periods []string) (string, error) {
	if !a.konst || a.typ != TypeString {
		return "", c.errorAt(call, "the period must be a constant string: one of %s", strings.Join(periods, ", "))
	}
	p := strings.ToLower(a.fn(0).s)
	for _, q := range periods {
		if p == q {
			return p, nil
		}
	}
	if p == "weekofyear" {
		return "", c.ev.unsupported(call, "the weekofyear part is not supported: it is the obsolete, non-ISO week number; use week_of_year")
	}
	return "", c.errorAt(call, "unknown period %q: expected one of %s", a.fn(0).s, strings.Join(periods, ", "))
}

// tickUnits are the periods of fixed length, in ticks.
var tickUnits = map[string]int64{
	"day": ticksPerDay, "hour": ticksPerHr, "minute": ticksPerMin, "second": ticksPerSec,
	"millisecond": ticksPerSec / 1000, "microsecond": ticksPerSec / 1000000,
}

// datetimeDiff counts the period boundaries between b and a (a - b), as
// Kusto does: the difference of the periods each datetime falls in, not
// the elapsed time divided by the period's length. datetime_diff('year',
// 2017-01-01, 2000-12-31) is 17; datetime_diff('second', 10.1s, 0.9s) is 10.
func datetimeDiff(period string, a, b int64) int64 {
	switch period {
	case "year", "quarter", "month":
		ta, tb := timeOf(a), timeOf(b)
		ya, yb := int64(ta.Year()), int64(tb.Year())
		ma, mb := int64(ta.Month())-1, int64(tb.Month())-1
		switch period {
		case "year":
			return ya - yb
		case "quarter":
			return ya*4 + ma/3 - (yb*4 + mb/3)
		}
		return ya*12 + ma - (yb*12 + mb)
	case "week":
		// Weeks start on Sunday, as startofweek() counts them; 0001-01-01
		// was a Monday, so day 6 is the first Sunday.
		return floorDiv(floorDiv(a, ticksPerDay)+1, 7) - floorDiv(floorDiv(b, ticksPerDay)+1, 7)
	case "nanosecond":
		return (a - b) * 100
	}
	u := tickUnits[period]
	return floorDiv(a, u) - floorDiv(b, u)
}

// datetimeAdd adds k periods to the datetime d. Months and years keep the
// day of the month, clamped to the month's last day (2024-01-31 plus one
// month is 2024-02-29), as .NET's AddMonths does. A result outside the
// datetime range is not ok.
func datetimeAdd(period string, k int64, d int64) (int64, bool) {
	var months int64
	switch period {
	case "year":
		months = 12
	case "quarter":
		months = 3
	case "month":
		months = 1
	}
	if months != 0 {
		if k > 120000 || k < -120000 {
			return 0, false
		}
		t := timeOf(d)
		m := int64(t.Year())*12 + int64(t.Month()) - 1 + k*months
		y, mo := floorDiv(m, 12), int(floorMod(m, 12))+1
		if y < 1 || y > 9999 {
			return 0, false
		}
		day := min(t.Day(), daysIn(int(y), mo))
		start := ticksOf(time.Date(int(y), time.Month(mo), day, 0, 0, 0, 0, time.UTC))
		return start + floorMod(d, ticksPerDay), true
	}
	var unit int64
	switch period {
	case "week":
		unit = 7 * ticksPerDay
	case "nanosecond":
		// One tick is 100 ns: the nanoseconds are truncated to ticks.
		k, unit = k/100, 1
	default:
		unit = tickUnits[period]
	}
	if k != 0 && (k > maxDateTime/unit || k < -maxDateTime/unit) {
		return 0, false
	}
	t := d + k*unit
	if t < minDateTime || t > maxDateTime {
		return 0, false
	}
	return t, true
}

// datetimePart extracts a part of a datetime.
func datetimePart(part string, d int64) int64 {
	t := timeOf(d)
	frac := floorMod(d, ticksPerSec) // ticks within the second
	switch part {
	case "year":
		return int64(t.Year())
	case "quarter":
		return int64(t.Month()-1)/3 + 1
	case "month":
		return int64(t.Month())
	case "week_of_year":
		_, w := t.ISOWeek()
		return int64(w)
	case "day":
		return int64(t.Day())
	case "dayofyear":
		return int64(t.YearDay())
	case "hour":
		return int64(t.Hour())
	case "minute":
		return int64(t.Minute())
	case "second":
		return int64(t.Second())
	case "millisecond":
		return frac / 10000
	case "microsecond":
		return frac / 10
	}
	return frac * 100 // nanosecond
}

func init() {
	// make_timespan(hour, minute), (hour, minute, second) or (day, hour,
	// minute, second) (https://learn.microsoft.com/kusto/query/make-timespan-function):
	// hour 0-23, minute 0-59, second 0 to 59.9999999 (with a fraction);
	// "otherwise, the result will be null", as make_datetime() does for a
	// date that does not exist. The reference gives no range for the day: a
	// negative day is not supported.
	register("make_timespan", 2, 4, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		for _, a := range args {
			if !a.typ.isNumeric() && a.typ != TypeDynamic {
				return nil, c.errorAt(call, "make_timespan() takes numbers, not %s", a.typ)
			}
		}
		n := len(args)
		return liftN(TypeTimespan, args, func(vs []Value) Value {
			var day, h, mi int64
			sec := 0.0
			ints := vs
			if n == 4 {
				ints = vs[:3]
			} else if n == 3 {
				ints = vs[:2]
			}
			var parts []int64
			for _, v := range ints {
				x, ok := castTo(v, TypeLong).Long()
				if !ok {
					return Null(TypeTimespan)
				}
				parts = append(parts, x)
			}
			if n >= 3 {
				f, ok := castTo(vs[n-1], TypeReal).Real()
				if !ok {
					return Null(TypeTimespan)
				}
				sec = f
			}
			if n == 4 {
				day, h, mi = parts[0], parts[1], parts[2]
			} else {
				h, mi = parts[0], parts[1]
			}
			if day < 0 {
				panic(&unsupportedValue{at: call, msg: "make_timespan() of a negative day is not supported: the reference does not say what Kusto returns"})
			}
			if day > 10675199 || h < 0 || h > 23 || mi < 0 || mi > 59 || !(sec >= 0 && sec < 60) {
				return Null(TypeTimespan)
			}
			ticks := day*24*ticksPerHr + h*ticksPerHr + mi*ticksPerMin + int64(math.Round(sec*float64(ticksPerSec)))
			return Value{typ: TypeTimespan, n: ticks}
		}), nil
	})
}
