package eval

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Type is the type of a column or scalar value.
type Type uint8

// The scalar types of KQL that the evaluator supports. (decimal is not
// supported: queries that use it fail with an "unsupported" error.)
const (
	TypeString   Type = iota + 1 // string: never null; the empty string stands for a missing value
	TypeLong                     // 64-bit integer
	TypeInt                      // 32-bit integer
	TypeReal                     // 64-bit IEEE 754 floating point (also named double)
	TypeBool                     // true or false
	TypeDateTime                 // a UTC instant, in 100-nanosecond ticks since 0001-01-01
	TypeTimespan                 // a duration, in 100-nanosecond ticks
	TypeGUID                     // a GUID, kept in its canonical lower-case form
	TypeDynamic                  // JSON-like: null, a scalar, an array or a property bag
)

var typeNames = [...]string{
	TypeString: "string", TypeLong: "long", TypeInt: "int", TypeReal: "real", TypeBool: "bool",
	TypeDateTime: "datetime", TypeTimespan: "timespan", TypeGUID: "guid", TypeDynamic: "dynamic",
}

// String returns the KQL name of the type: "string", "long", "datetime"...
func (t Type) String() string {
	if t > 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// MarshalJSON writes the type as its KQL name.
func (t Type) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// UnmarshalJSON reads a type name, accepting the aliases ParseType accepts.
func (t *Type) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	ty, err := ParseType(s)
	if err != nil {
		return err
	}
	*t = ty
	return nil
}

// ParseType returns the type named name, accepting KQL's aliases: double
// (real), date (datetime), time (timespan), boolean (bool), uniqueid (guid).
func ParseType(name string) (Type, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "string":
		return TypeString, nil
	case "long", "int64":
		return TypeLong, nil
	case "int", "int32":
		return TypeInt, nil
	case "real", "double":
		return TypeReal, nil
	case "bool", "boolean":
		return TypeBool, nil
	case "datetime", "date":
		return TypeDateTime, nil
	case "timespan", "time":
		return TypeTimespan, nil
	case "guid", "uniqueid":
		return TypeGUID, nil
	case "dynamic":
		return TypeDynamic, nil
	case "decimal":
		return 0, fmt.Errorf("type decimal is not supported")
	}
	return 0, fmt.Errorf("unknown type %q", name)
}

// isNumeric reports whether t is int, long or real.
func (t Type) isNumeric() bool { return t == TypeInt || t == TypeLong || t == TypeReal }

// netType returns the .NET type name getschema reports for t.
func (t Type) netType() string {
	switch t {
	case TypeString:
		return "System.String"
	case TypeLong:
		return "System.Int64"
	case TypeInt:
		return "System.Int32"
	case TypeReal:
		return "System.Double"
	case TypeBool:
		return "System.SByte"
	case TypeDateTime:
		return "System.DateTime"
	case TypeTimespan:
		return "System.TimeSpan"
	case TypeGUID:
		return "System.Guid"
	}
	return "System.Object"
}
