package eval

import (
	"encoding/binary"
	"math"
)

// appendKey appends an encoding of v that is equal for values KQL treats as
// equal when grouping, joining, deduplicating and testing membership:
// numbers by value (1 and 1.0 alike), guids like their string form, dynamic
// scalars like the scalar, and nulls alike. The encoding is unambiguous when
// several keys are concatenated.
func appendKey(b []byte, v Value) []byte {
	if v.typ == TypeDynamic && !v.null {
		switch d := v.d.(type) {
		case []Value:
			b = append(b, 'a')
			b = binary.AppendUvarint(b, uint64(len(d)))
			for _, e := range d {
				b = appendKey(b, e)
			}
			return b
		case *propBag:
			b = append(b, 'o')
			b = binary.AppendUvarint(b, uint64(len(d.keys)))
			for i, k := range d.keys {
				b = binary.AppendUvarint(b, uint64(len(k)))
				b = append(b, k...)
				b = appendKey(b, d.vals[i])
			}
			return b
		}
		v = v.unwrap()
	}
	if v.null {
		return append(b, 'N')
	}
	switch v.typ {
	case TypeString, TypeGUID:
		b = append(b, 's')
		b = binary.AppendUvarint(b, uint64(len(v.s)))
		return append(b, v.s...)
	case TypeLong, TypeInt:
		return binary.LittleEndian.AppendUint64(append(b, 'i'), uint64(v.n))
	case TypeReal:
		f := v.real()
		if f == math.Trunc(f) && math.Abs(f) < 9e18 {
			return binary.LittleEndian.AppendUint64(append(b, 'i'), uint64(int64(f)))
		}
		if math.IsNaN(f) {
			f = math.NaN()
		}
		return binary.LittleEndian.AppendUint64(append(b, 'f'), math.Float64bits(f))
	case TypeBool:
		return append(b, 'b', byte(v.n))
	case TypeDateTime:
		return binary.LittleEndian.AppendUint64(append(b, 't'), uint64(v.n))
	case TypeTimespan:
		return binary.LittleEndian.AppendUint64(append(b, 'p'), uint64(v.n))
	}
	return append(b, '?')
}
