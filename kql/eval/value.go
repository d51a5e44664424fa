package eval

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Value is a typed scalar value: a cell of a table or the result of a
// scalar expression. The zero Value is invalid; build values with the New*
// functions or Null.
//
// Every type except string can be null (KQL's typed null, such as
// long(null)); a string is empty instead. A dynamic value holds JSON null, a
// scalar of another type (its "inner" type), an array or a property bag.
type Value struct {
	typ  Type
	sub  Type // for a dynamic scalar: its inner type
	null bool
	n    int64  // long, int, bool (0/1), datetime and timespan ticks, real bits
	s    string // string, guid (canonical form)
	d    any    // dynamic container: []Value (elements are dynamic) or *propBag
}

// Null returns the null value of type t. The "null" string is the empty
// string.
func Null(t Type) Value {
	if t == TypeString {
		return Value{typ: TypeString}
	}
	return Value{typ: t, null: true}
}

// NewString returns a string value.
func NewString(s string) Value { return Value{typ: TypeString, s: s} }

// NewLong returns a long value.
func NewLong(n int64) Value { return Value{typ: TypeLong, n: n} }

// NewInt returns an int value.
func NewInt(n int32) Value { return Value{typ: TypeInt, n: int64(n)} }

// NewReal returns a real value.
func NewReal(f float64) Value { return Value{typ: TypeReal, n: int64(math.Float64bits(f))} }

// NewBool returns a bool value.
func NewBool(b bool) Value {
	if b {
		return Value{typ: TypeBool, n: 1}
	}
	return Value{typ: TypeBool}
}

// NewDateTime returns a datetime value. Precision is 100 ns (one tick).
func NewDateTime(t time.Time) Value { return Value{typ: TypeDateTime, n: ticksOf(t)} }

// NewTimespan returns a timespan value. Precision is 100 ns (one tick).
func NewTimespan(d time.Duration) Value { return Value{typ: TypeTimespan, n: int64(d / 100)} }

// NewGUID returns a guid value from its text form (with or without dashes
// or braces).
func NewGUID(s string) (Value, error) {
	g, ok := parseGUID(s)
	if !ok {
		return Value{}, fmt.Errorf("%q is not a GUID", s)
	}
	return Value{typ: TypeGUID, s: g}, nil
}

func dateTimeTicks(t int64) Value { return Value{typ: TypeDateTime, n: t} }
func timespanTicks(t int64) Value { return Value{typ: TypeTimespan, n: t} }

// Type returns the value's type.
func (v Value) Type() Type { return v.typ }

// IsNull reports whether v is null. Strings are never null.
func (v Value) IsNull() bool { return v.null }

// IsValid reports whether v was built (the zero Value is not).
func (v Value) IsValid() bool { return v.typ != 0 }

func (v Value) real() float64 { return math.Float64frombits(uint64(v.n)) }
func (v Value) bool() bool    { return v.n != 0 }

// Time returns a datetime value as a time.Time in UTC (the zero time for
// null or other types).
func (v Value) Time() time.Time {
	if v.typ != TypeDateTime || v.null {
		return time.Time{}
	}
	return timeOf(v.n)
}

// Duration returns a timespan value as a time.Duration (saturating).
func (v Value) Duration() time.Duration {
	if v.typ != TypeTimespan || v.null {
		return 0
	}
	if v.n > math.MaxInt64/100 {
		return math.MaxInt64
	}
	if v.n < math.MinInt64/100 {
		return math.MinInt64
	}
	return time.Duration(v.n * 100)
}

// Long returns an int, long, real (truncated) or bool value as an int64.
func (v Value) Long() (int64, bool) {
	if v.null {
		return 0, false
	}
	switch v.typ {
	case TypeLong, TypeInt, TypeBool:
		return v.n, true
	case TypeReal:
		f := v.real()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, false
		}
		return int64(f), true
	case TypeDynamic:
		return v.unwrap().Long()
	}
	return 0, false
}

// Real returns a numeric value as a float64.
func (v Value) Real() (float64, bool) {
	if v.null {
		return 0, false
	}
	switch v.typ {
	case TypeLong, TypeInt:
		return float64(v.n), true
	case TypeReal:
		return v.real(), true
	case TypeDynamic:
		return v.unwrap().Real()
	}
	return 0, false
}

// Bool returns a bool value; ok is false for null and other types.
func (v Value) Bool() (b, ok bool) {
	if v.null {
		return false, false
	}
	switch v.typ {
	case TypeBool:
		return v.n != 0, true
	case TypeDynamic:
		return v.unwrap().Bool()
	}
	return false, false
}

// String returns the value as KQL's tostring() does: "" for null, ISO 8601
// for datetime ("2024-01-31T10:00:00Z", with seven fraction digits when the
// time has a fraction), [-][d.]hh:mm:ss[.fffffff] for timespan, JSON for
// dynamic arrays and bags, and the inner value of a dynamic scalar.
func (v Value) String() string {
	if v.null {
		return ""
	}
	switch v.typ {
	case TypeString, TypeGUID:
		return v.s
	case TypeLong, TypeInt:
		return strconv.FormatInt(v.n, 10)
	case TypeReal:
		return formatReal(v.real())
	case TypeBool:
		if v.n != 0 {
			return "true"
		}
		return "false"
	case TypeDateTime:
		return formatDateTime(v.n)
	case TypeTimespan:
		return formatTimespan(v.n)
	case TypeDynamic:
		if v.sub != 0 {
			return v.unwrap().String()
		}
		return string(appendJSON(nil, v))
	}
	return ""
}

// GoString returns the value as a KQL literal, for test failure messages.
func (v Value) GoString() string {
	if v.null {
		return v.typ.String() + "(null)"
	}
	switch v.typ {
	case TypeString:
		return strconv.Quote(v.s)
	case TypeDynamic:
		return "dynamic(" + string(appendJSON(nil, v)) + ")"
	case TypeLong, TypeBool:
		return v.String()
	}
	return v.typ.String() + "(" + v.String() + ")"
}

// MarshalJSON writes the value as JSON: numbers and booleans as such,
// datetime, timespan and guid as strings, dynamic as its JSON, null as null.
// Reals that JSON cannot hold (NaN, ±Inf) are written as the strings "NaN",
// "Infinity" and "-Infinity".
func (v Value) MarshalJSON() ([]byte, error) {
	if v.typ == 0 {
		return []byte("null"), nil
	}
	return appendJSON(nil, v), nil
}

// Interface returns the value as a plain Go value: string, int64, int32,
// float64, bool, time.Time, time.Duration, a GUID string, or for dynamic
// values nil, a scalar, []any or map[string]any. Null is nil.
func (v Value) Interface() any {
	if v.null || v.typ == 0 {
		return nil
	}
	switch v.typ {
	case TypeString, TypeGUID:
		return v.s
	case TypeLong:
		return v.n
	case TypeInt:
		return int32(v.n)
	case TypeReal:
		return v.real()
	case TypeBool:
		return v.n != 0
	case TypeDateTime:
		return v.Time()
	case TypeTimespan:
		return v.Duration()
	case TypeDynamic:
		switch d := v.d.(type) {
		case []Value:
			out := make([]any, len(d))
			for i, e := range d {
				out[i] = e.Interface()
			}
			return out
		case *propBag:
			out := make(map[string]any, len(d.keys))
			for i, k := range d.keys {
				out[k] = d.vals[i].Interface()
			}
			return out
		}
		return v.unwrap().Interface()
	}
	return nil
}

// formatReal formats a real as .NET's shortest round-trip format does:
// 1.5, 118, 1E+15, 1E-05, NaN, Infinity.
func formatReal(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, exps, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(exps)
	if exp >= 15 || exp < -4 {
		sign := "+"
		if exp < 0 {
			sign = "-"
			exp = -exp
		}
		return fmt.Sprintf("%sE%s%02d", mant, sign, exp)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
