package schema

import (
	"strings"

	"github.com/kqlt/kqlt/kql/types"
)

// ParseType returns the scalar type a schema file names. It accepts the
// names and aliases of Kusto's scalar types, in any case (string, long,
// int64, real, double, float, bool, boolean, datetime, date, timespan,
// time, guid, uuid, uniqueid, dynamic, decimal, and the unsigned and
// smaller integer aliases Kusto maps to int and long), and the .NET type
// names that Kusto and the Azure-Sentinel CI's schema files use for them,
// with or without the System. prefix: String, Int32, Int64, Double,
// Single, Boolean, SByte (Kusto's storage type for bool), DateTime,
// TimeSpan, Guid, Object (dynamic), Decimal, SqlDecimal; and bigint, which
// those files use for long.
func ParseType(name string) (types.Kind, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimPrefix(n, "system.")
	n = strings.TrimPrefix(n, "data.sqltypes.")
	switch n {
	case "bool", "boolean", "sbyte":
		return types.Bool, true
	case "int", "int32", "uint", "uint32", "int16", "uint16", "int8", "uint8", "byte":
		return types.Int, true
	case "long", "int64", "uint64", "ulong", "bigint":
		return types.Long, true
	case "real", "double", "float", "single":
		return types.Real, true
	case "decimal", "sqldecimal":
		return types.Decimal, true
	case "string":
		return types.String, true
	case "datetime", "date":
		return types.DateTime, true
	case "timespan", "time":
		return types.Timespan, true
	case "guid", "uuid", "uniqueid":
		return types.GUID, true
	case "dynamic", "object":
		return types.Dynamic, true
	}
	return types.Unknown, false
}
