package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// propBag is a dynamic property bag. It keeps its keys in insertion order.
type propBag struct {
	keys []string
	vals []Value // dynamic values
}

// Len returns the number of properties.
func (b *propBag) Len() int { return len(b.keys) }

// Keys returns the property names in order.
func (b *propBag) Keys() []string { return append([]string(nil), b.keys...) }

// Get returns the value of property k.
func (b *propBag) Get(k string) (Value, bool) {
	for i, key := range b.keys {
		if key == k {
			return b.vals[i], true
		}
	}
	return Value{}, false
}

// set sets property k, keeping the position of an existing key.
func (b *propBag) set(k string, v Value) {
	for i, key := range b.keys {
		if key == k {
			b.vals[i] = v
			return
		}
	}
	b.keys = append(b.keys, k)
	b.vals = append(b.vals, v)
}

// dynNull is the dynamic JSON null.
var dynNull = Value{typ: TypeDynamic, null: true}

// toDyn wraps a value in a dynamic value. A dynamic value is returned as is;
// a null scalar becomes JSON null.
func toDyn(v Value) Value {
	if v.typ == TypeDynamic {
		return v
	}
	if v.null || v.typ == 0 {
		return dynNull
	}
	v.sub = v.typ
	v.typ = TypeDynamic
	return v
}

// unwrap returns the scalar a dynamic value holds, as a value of its inner
// type; arrays, bags and JSON null are returned as they are. Values of other
// types are returned unchanged.
func (v Value) unwrap() Value {
	if v.typ != TypeDynamic || v.sub == 0 {
		return v
	}
	v.typ, v.sub = v.sub, 0
	return v
}

// dynArray returns a dynamic array of the given (dynamic) elements.
func dynArray(elems []Value) Value {
	if elems == nil {
		elems = []Value{}
	}
	n := int64(1)
	for _, e := range elems {
		n += nodes(e)
	}
	return Value{typ: TypeDynamic, d: elems, n: checkNodes(n)}
}

// Arrays and bags share their elements (pack_array(a, a) holds a twice), so
// a few extends can build a value whose JSON text is exponentially large.
// Each container records in n its expanded size: the number of values its
// text holds. A value larger than maxDynamicNodes is not built: its builder
// panics with a *valueTooLarge, which the evaluator turns into an error at
// the operator.
const maxDynamicNodes = 1 << 24

// nodes returns the expanded size of v (1 for a scalar).
func nodes(v Value) int64 {
	if v.typ == TypeDynamic && v.d != nil {
		return max(v.n, 1)
	}
	return 1
}

func checkNodes(n int64) int64 {
	if n > maxDynamicNodes {
		panic(&valueTooLarge{msg: fmt.Sprintf("a dynamic value would hold more than %s values once written out", formatCount(maxDynamicNodes))})
	}
	return n
}

func dynBag(b *propBag) Value {
	n := int64(1)
	for _, v := range b.vals {
		n += nodes(v)
	}
	return Value{typ: TypeDynamic, d: b, n: checkNodes(n)}
}

// array returns the elements of a dynamic array.
func (v Value) array() ([]Value, bool) {
	if v.typ != TypeDynamic || v.null {
		return nil, false
	}
	a, ok := v.d.([]Value)
	return a, ok
}

// bag returns the property bag of a dynamic value.
func (v Value) bag() (*propBag, bool) {
	if v.typ != TypeDynamic || v.null {
		return nil, false
	}
	b, ok := v.d.(*propBag)
	return b, ok
}

// dynKind names the kind of a dynamic value as gettype() does.
func (v Value) dynKind() string {
	if v.null {
		return "null"
	}
	switch v.d.(type) {
	case []Value:
		return "array"
	case *propBag:
		return "dictionary"
	}
	switch v.sub {
	case TypeLong:
		return "long"
	case TypeInt:
		return "int"
	case TypeReal:
		return "real"
	case TypeDateTime:
		return "datetime"
	case TypeTimespan:
		return "timespan"
	}
	return v.sub.String()
}

// index returns element i of a dynamic array (negative i counts from the
// end), or JSON null.
func (v Value) index(i int64) Value {
	a, ok := v.array()
	if !ok {
		return dynNull
	}
	if i < 0 {
		i += int64(len(a))
	}
	if i < 0 || i >= int64(len(a)) {
		return dynNull
	}
	return a[i]
}

// member returns property k of a dynamic bag, or JSON null.
func (v Value) member(k string) Value {
	b, ok := v.bag()
	if !ok {
		return dynNull
	}
	if e, ok := b.Get(k); ok {
		return e
	}
	return dynNull
}

// NewDynamic returns a dynamic value built from a Go value: nil, bool, any
// integer or float type, json.Number, string, time.Time, time.Duration,
// []any, map[string]any (keys sorted), or another Value.
func NewDynamic(x any) (Value, error) {
	switch x := x.(type) {
	case nil:
		return dynNull, nil
	case Value:
		return toDyn(x), nil
	case bool:
		return toDyn(NewBool(x)), nil
	case string:
		return toDyn(NewString(x)), nil
	case int:
		return toDyn(NewLong(int64(x))), nil
	case int32:
		return toDyn(NewLong(int64(x))), nil
	case int64:
		return toDyn(NewLong(x)), nil
	case uint64:
		if x > math.MaxInt64 {
			return toDyn(NewReal(float64(x))), nil
		}
		return toDyn(NewLong(int64(x))), nil
	case float32:
		return toDyn(NewReal(float64(x))), nil
	case float64:
		return toDyn(NewReal(x)), nil
	case json.Number:
		return toDyn(numberValue(string(x))), nil
	case time.Time:
		return toDyn(NewDateTime(x)), nil
	case time.Duration:
		return toDyn(NewTimespan(x)), nil
	case []any:
		elems := make([]Value, len(x))
		for i, e := range x {
			v, err := NewDynamic(e)
			if err != nil {
				return Value{}, err
			}
			elems[i] = v
		}
		return dynArray(elems), nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b := &propBag{keys: keys, vals: make([]Value, len(keys))}
		for i, k := range keys { // keys are unique: no need for set
			v, err := NewDynamic(x[k])
			if err != nil {
				return Value{}, err
			}
			b.vals[i] = v
		}
		return dynBag(b), nil
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = e
		}
		return NewDynamic(m)
	}
	return Value{}, fmt.Errorf("cannot make a dynamic value of %T", x)
}

// numberValue returns a JSON number as a long when it is an integer that
// fits, else as a real.
func numberValue(s string) Value {
	if !strings.ContainsAny(s, ".eE") {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return NewLong(n)
		}
	}
	f, _ := strconv.ParseFloat(s, 64)
	return NewReal(f)
}

// MaxJSONDepth bounds the nesting of JSON values read as dynamic values:
// sample data, CSV cells and parse_json. Deeper values are an error (in
// sample data) or not JSON (parse_json keeps the string), never a stack
// overflow.
const MaxJSONDepth = 1000

// errTooDeep is the error of JSON nested deeper than MaxJSONDepth.
var errTooDeep = fmt.Errorf("JSON nested deeper than %d levels", MaxJSONDepth)

// parseJSON parses JSON text into a dynamic value, keeping the order of
// object keys.
func parseJSON(s string) (Value, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	v, err := decodeJSONValue(dec, 0)
	if err != nil {
		return Value{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return Value{}, fmt.Errorf("invalid JSON: trailing data")
	}
	return v, nil
}

func decodeJSONValue(dec *json.Decoder, depth int) (Value, error) {
	tok, err := dec.Token()
	if err != nil {
		return Value{}, err
	}
	return decodeJSONToken(dec, tok, depth)
}

// decodeJSONToken decodes the value that starts with tok, at nesting depth
// depth (0 for a top-level value).
func decodeJSONToken(dec *json.Decoder, tok json.Token, depth int) (Value, error) {
	switch t := tok.(type) {
	case nil:
		return dynNull, nil
	case bool:
		return toDyn(NewBool(t)), nil
	case string:
		return toDyn(NewString(t)), nil
	case json.Number:
		// Kusto's JSON parser gives int for integers that fit 32 bits
		// (gettype(parse_json('1')) is "int").
		v := numberValue(string(t))
		if v.typ == TypeLong && v.n >= math.MinInt32 && v.n <= math.MaxInt32 {
			v.typ = TypeInt
		}
		return toDyn(v), nil
	case json.Delim:
		if depth >= MaxJSONDepth {
			return Value{}, errTooDeep
		}
		switch t {
		case '[':
			elems := []Value{}
			for dec.More() {
				e, err := decodeJSONValue(dec, depth+1)
				if err != nil {
					return Value{}, err
				}
				elems = append(elems, e)
			}
			if _, err := dec.Token(); err != nil {
				return Value{}, err
			}
			return dynArray(elems), nil
		case '{':
			b := &propBag{}
			var index map[string]int // for large objects: set is linear
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return Value{}, err
				}
				k, ok := kt.(string)
				if !ok {
					return Value{}, fmt.Errorf("invalid JSON object key")
				}
				e, err := decodeJSONValue(dec, depth+1)
				if err != nil {
					return Value{}, err
				}
				if len(b.keys) < 16 && index == nil {
					b.set(k, e)
					continue
				}
				if index == nil {
					index = make(map[string]int, 2*len(b.keys))
					for i, k := range b.keys {
						index[k] = i
					}
				}
				if i, dup := index[k]; dup {
					b.vals[i] = e // the last value wins, as set does
					continue
				}
				index[k] = len(b.keys)
				b.keys = append(b.keys, k)
				b.vals = append(b.vals, e)
			}
			if _, err := dec.Token(); err != nil {
				return Value{}, err
			}
			return dynBag(b), nil
		}
	}
	return Value{}, fmt.Errorf("invalid JSON")
}

// appendJSON appends the JSON form of v.
func appendJSON(b []byte, v Value) []byte {
	if v.null || v.typ == 0 {
		return append(b, "null"...)
	}
	switch v.typ {
	case TypeString, TypeGUID, TypeDateTime, TypeTimespan:
		return appendJSONString(b, v.String())
	case TypeLong, TypeInt:
		return strconv.AppendInt(b, v.n, 10)
	case TypeReal:
		f := v.real()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return appendJSONString(b, formatReal(f))
		}
		// As JSON.NET writes doubles: 5.0, 1.5, 1E+20.
		s := formatReal(f)
		b = append(b, s...)
		if !strings.ContainsAny(s, ".E") {
			b = append(b, ".0"...)
		}
		return b
	case TypeBool:
		if v.n != 0 {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case TypeDynamic:
		switch d := v.d.(type) {
		case []Value:
			b = append(b, '[')
			for i, e := range d {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendJSON(b, e)
			}
			return append(b, ']')
		case *propBag:
			b = append(b, '{')
			for i, k := range d.keys {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, k)
				b = append(b, ':')
				b = appendJSON(b, d.vals[i])
			}
			return append(b, '}')
		}
		if v.sub == TypeDateTime {
			// Inside dynamic values Kusto writes datetimes in the round-trip
			// form, with all seven fraction digits (see make-series).
			return appendJSONString(b, timeOf(v.n).Format("2006-01-02T15:04:05.0000000Z"))
		}
		return appendJSON(b, v.unwrap())
	}
	return append(b, "null"...)
}

func appendJSONString(b []byte, s string) []byte {
	if isPlainJSON(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return append(b, bytes.TrimRight(buf.Bytes(), "\n")...)
}

func isPlainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
