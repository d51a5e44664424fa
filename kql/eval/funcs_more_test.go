package eval

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMoreFunctions runs the reference's examples of reverse()
// (https://learn.microsoft.com/kusto/query/reverse-function), translate()
// (.../translate-function), base64_decode_tostring() and its alias
// base64_decodestring() (.../base64-decode-tostring-function) and
// make_timespan() (.../make-timespan-function).
func TestMoreFunctions(t *testing.T) {
	runScalars(t, []scalarCase{
		{`reverse("ABCDEFGHIJKLMNOPQRSTUVWXYZ")`, "string:ZYXWVUTSRQPONMLKJIHGFEDCBA"},
		{`reverse(12345)`, "string:54321"},
		{`reverse(123.45)`, "string:54.321"},
		{`reverse(3h)`, "string:00:00:30"},
		{`reverse("C:\\Windows\\cmd.exe")`, `string:exe.dmc\swodniW\:C`},
		{`reverse("äbc")`, "string:cbä"},
		{`translate("abc", "x", "abc")`, "string:xxx"},
		{`translate("abc", "", "ab")`, "string:"},
		{`translate("krasp", "otsku", "spark")`, "string:kusto"},
		{`translate("\0", "", "a\0b\0")`, "string:ab"},
		{`base64_decode_tostring("S3VzdG8=")`, "string:Kusto"},
		{`base64_decodestring("S3VzdG8=")`, "string:Kusto"},
		{`base64_decode_tostring("U3RyaW5n0KHR0tGA0L7Rh9C60LA=")`, "string:"},
		{`make_timespan(1, 12, 30, 55.123)`, "timespan:1.12:30:55.1230000"},
		{`make_timespan(2, 0)`, "timespan:02:00:00"},
		{`make_timespan(2, 30, 15)`, "timespan:02:30:15"},
		{`make_timespan(24, 0)`, "timespan:null"},
		{`make_timespan(1, 60)`, "timespan:null"},
	})
}

// TestPackAll runs the reference's example of pack_all()
// (https://learn.microsoft.com/kusto/query/pack-all-function).
func TestPackAll(t *testing.T) {
	runCases(t, nil, []evalCase{{name: "pack_all", query: `datatable(SourceNumber:string,TargetNumber:string,CharsCount:long)
		[
		'555-555-1234','555-555-1212',46,
		'555-555-1234','555-555-1213',50,
		'555-555-1313','',42,
		'','555-555-3456',74
		]
		| extend Packed=pack_all(), PackedIgnoreNullEmpty=pack_all(true)`,
		want: `SourceNumber:string | TargetNumber:string | CharsCount:long | Packed:dynamic | PackedIgnoreNullEmpty:dynamic
			555-555-1234 | 555-555-1212 | 46 | {"SourceNumber":"555-555-1234","TargetNumber":"555-555-1212","CharsCount":46} | {"SourceNumber":"555-555-1234","TargetNumber":"555-555-1212","CharsCount":46}
			555-555-1234 | 555-555-1213 | 50 | {"SourceNumber":"555-555-1234","TargetNumber":"555-555-1213","CharsCount":50} | {"SourceNumber":"555-555-1234","TargetNumber":"555-555-1213","CharsCount":50}
			555-555-1313 |  | 42 | {"SourceNumber":"555-555-1313","TargetNumber":"","CharsCount":42} | {"SourceNumber":"555-555-1313","CharsCount":42}
			 | 555-555-3456 | 74 | {"SourceNumber":"","TargetNumber":"555-555-3456","CharsCount":74} | {"TargetNumber":"555-555-3456","CharsCount":74}`,
	}})
}

// TestPackAllInSummarize: in an aggregation, pack_all() packs each input
// row.
func TestPackAllInSummarize(t *testing.T) {
	runCases(t, nil, []evalCase{{name: "make_list(pack_all())", query: `datatable(k:string, v:long) ['a', 1, 'a', 2, 'b', 3]
		| summarize rows = make_list(pack_all()) by k`,
		want: `k:string | rows:dynamic
			a | [{"k":"a","v":1},{"k":"a","v":2}]
			b | [{"k":"b","v":3}]`, unordered: true}})
}

// TestMoreFunctionsUnsupported: what those pages leave open fails as not
// supported.
func TestMoreFunctionsUnsupported(t *testing.T) {
	for _, tc := range []struct{ query, msg string }{
		{`print r = reverse(datetime(2017-10-15 12:00))`, "reverse() of a datetime is not supported"},
		{`print r = translate("aa", "xy", "a")`, `translate() with "a" twice in its search list is not supported`},
		{`print r = base64_decode_tostring("S3VzdG8")`, `base64_decode_tostring() of "S3VzdG8", which is not padded base64, is not supported`},
		{`print r = make_timespan(-1, 0, 0, 0)`, "make_timespan() of a negative day is not supported"},
		{`print a = dynamic([]) | extend p = pack_all(true)`, "pack_all(true) of an empty array is not supported"},
	} {
		_, err := Run(tc.query, Options{Now: testNow})
		var e *Error
		require.True(t, errors.As(err, &e), "%s: got %v", tc.query, err)
		assert.True(t, e.Unsupported, tc.query)
		assert.Contains(t, e.Msg, tc.msg, tc.query)
	}
}
