package eval

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kqlt/kqlt/kql"
)

// Conversion functions: tostring, toint, tolong, todouble/toreal, tobool,
// todatetime, totimespan, toguid, todynamic/parse_json. A failed conversion
// gives null (the empty string for tostring).

func init() {
	conv := func(name string, typ Type, f func(Value) Value, accept func(Type) bool) {
		register(name, 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
			if accept != nil && !accept(args[0].typ) {
				return nil, c.ev.unsupported(call, "%s() of a %s value is not supported", name, args[0].typ)
			}
			return lift1(typ, args[0], f), nil
		})
	}
	conv("tostring", TypeString, toStringV, nil)
	conv("toint", TypeInt, toIntV, nil)
	conv("tolong", TypeLong, toLongV, nil)
	conv("todouble", TypeReal, toRealV, nil)
	conv("toreal", TypeReal, toRealV, nil)
	conv("tobool", TypeBool, toBoolV, nil)
	conv("toboolean", TypeBool, toBoolV, nil)
	notNumber := func(t Type) bool { return !t.isNumeric() }
	conv("todatetime", TypeDateTime, toDateTimeV, notNumber)
	conv("todate", TypeDateTime, toDateTimeV, notNumber)
	conv("totimespan", TypeTimespan, toTimespanV, notNumber)
	conv("totime", TypeTimespan, toTimespanV, notNumber)
	conv("toguid", TypeGUID, toGUIDV, nil)
	conv("todynamic", TypeDynamic, toDynamicV, nil)
	conv("parse_json", TypeDynamic, toDynamicV, nil)
	conv("parsejson", TypeDynamic, toDynamicV, nil)
	conv("toobject", TypeDynamic, toDynamicV, nil) // the older spelling of todynamic
}

func toStringV(v Value) Value {
	if v.typ == TypeString {
		return v
	}
	return NewString(v.String())
}

func toLongV(v Value) Value {
	if v.null {
		return Null(TypeLong)
	}
	v = v.unwrap()
	switch v.typ {
	case TypeLong, TypeInt, TypeBool, TypeDateTime, TypeTimespan:
		return NewLong(v.n)
	case TypeReal:
		f := v.real()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return Null(TypeLong)
		}
		return NewLong(int64(f))
	case TypeString:
		if n, ok := parseIntString(v.s); ok {
			return NewLong(n)
		}
	}
	return Null(TypeLong)
}

func toIntV(v Value) Value {
	l := toLongV(v)
	if l.null || v.unwrap().typ == TypeDateTime || v.unwrap().typ == TypeTimespan {
		return Null(TypeInt)
	}
	return NewInt(int32(l.n))
}

// parseIntString parses an integer, or a real that it truncates.
func parseIntString(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) < 9.2e18 {
		return int64(f), true
	}
	return 0, false
}

func toRealV(v Value) Value {
	if v.null {
		return Null(TypeReal)
	}
	v = v.unwrap()
	switch v.typ {
	case TypeLong, TypeInt, TypeBool:
		return NewReal(float64(v.n))
	case TypeReal:
		return v
	case TypeString:
		if f, ok := parseRealText(v.s); ok {
			return NewReal(f)
		}
	}
	return Null(TypeReal)
}

func toBoolV(v Value) Value {
	if v.null {
		return Null(TypeBool)
	}
	v = v.unwrap()
	switch v.typ {
	case TypeBool:
		return v
	case TypeLong, TypeInt:
		return NewBool(v.n != 0)
	case TypeReal:
		return NewBool(v.real() != 0)
	case TypeString:
		switch strings.ToLower(strings.TrimSpace(v.s)) {
		case "true", "1":
			return NewBool(true)
		case "false", "0":
			return NewBool(false)
		}
	}
	return Null(TypeBool)
}

func toDateTimeV(v Value) Value {
	if v.null {
		return Null(TypeDateTime)
	}
	v = v.unwrap()
	switch v.typ {
	case TypeDateTime:
		return v
	case TypeString:
		if t, ok := parseDateTime(v.s); ok {
			return dateTimeTicks(t)
		}
	}
	return Null(TypeDateTime)
}

func toTimespanV(v Value) Value {
	if v.null {
		return Null(TypeTimespan)
	}
	v = v.unwrap()
	switch v.typ {
	case TypeTimespan:
		return v
	case TypeString:
		if t, ok := parseTimespan(v.s); ok {
			return timespanTicks(t)
		}
	}
	return Null(TypeTimespan)
}

func toGUIDV(v Value) Value {
	if v.null {
		return Null(TypeGUID)
	}
	v = v.unwrap()
	switch v.typ {
	case TypeGUID:
		return v
	case TypeString:
		if g, ok := parseGUID(v.s); ok {
			return Value{typ: TypeGUID, s: g}
		}
	}
	return Null(TypeGUID)
}

// toDynamicV implements parse_json: a string holding JSON is parsed; any
// other string becomes a dynamic string; other values are wrapped.
func toDynamicV(v Value) Value {
	if v.typ == TypeString {
		if strings.TrimSpace(v.s) == "" {
			return dynNull
		}
		if j, err := parseJSON(v.s); err == nil {
			return j
		}
		return toDyn(v)
	}
	return toDyn(v)
}

// castTo converts v to t as mv-expand's "to typeof(t)" does: a cast, not a
// parse. Numbers convert between numeric types; a value of another kind
// becomes null.
func castTo(v Value, t Type) Value {
	if t == TypeDynamic {
		return toDyn(v)
	}
	u := v.unwrap()
	if u.null || u.typ == TypeDynamic {
		return Null(t)
	}
	switch {
	case u.typ == t:
		return u
	case t.isNumeric() && u.typ.isNumeric():
		return convertNumeric(u, t)
	case t == TypeString:
		return NewString(u.String())
	case t == TypeGUID && u.typ == TypeString:
		return toGUIDV(u)
	case (t == TypeDateTime || t == TypeTimespan) && u.typ == TypeString:
		// Dynamic values hold datetimes and timespans that came from JSON
		// as strings.
		if t == TypeDateTime {
			return toDateTimeV(u)
		}
		return toTimespanV(u)
	}
	return Null(t)
}

func init() {
	// base64_decode_tostring(s) decodes base64 to a UTF-8 string
	// (https://learn.microsoft.com/kusto/query/base64-decode-tostring-function;
	// base64_decodestring is its deprecated alias). Bytes that are not
	// UTF-8 give null, which for a string is "" (the reference's second
	// example). Text that is not padded base64 of the standard alphabet,
	// whose result the reference does not give, is not supported.
	decode := func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if t := args[0].typ; t != TypeString && t != TypeDynamic {
			return nil, c.errorAt(call, "%s() takes a string, not %s", funcName(call), t)
		}
		return lift1(TypeString, args[0], func(v Value) Value {
			s := stringOf(v)
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				panic(&unsupportedValue{at: call, msg: fmt.Sprintf("%s() of %s, which is not padded base64, is not supported: the reference does not say what Kusto returns", funcName(call), quoteValue(s))})
			}
			if !utf8.Valid(b) {
				return NewString("")
			}
			return NewString(string(b))
		}), nil
	}
	register("base64_decode_tostring", 1, 1, decode)
	register("base64_decodestring", 1, 1, decode)
}
