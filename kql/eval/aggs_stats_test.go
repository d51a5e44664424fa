package eval

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStdevVariance checks the standard deviation and variance aggregates
// against the reference's examples (stdev-aggregation-function and its
// siblings: range x from 1 to 5 step 1 | summarize make_list(x), f(x)).
// The reference shows stdev 1.58113883008419 and stdevp 1.4142135623731,
// rounded for display; round() compares at that precision.
func TestStdevVariance(t *testing.T) {
	const xs = `range x from 1 to 5 step 1 `
	runCases(t, nil, []evalCase{
		{name: "stdev", query: xs + `| summarize make_list(x), stdev(x) | extend stdev_x = round(stdev_x, 14)`,
			want: "list_x:dynamic | stdev_x:real\n[1,2,3,4,5] | 1.58113883008419"},
		{name: "stdevp", query: xs + `| summarize make_list(x), stdevp(x) | extend stdevp_x = round(stdevp_x, 13)`,
			want: "list_x:dynamic | stdevp_x:real\n[1,2,3,4,5] | 1.4142135623731"},
		{name: "variance", query: xs + `| summarize make_list(x), variance(x)`,
			want: "list_x:dynamic | variance_x:real\n[1,2,3,4,5] | 2.5"},
		{name: "variancep", query: xs + `| summarize make_list(x), variancep(x)`,
			want: "list_x:dynamic | variancep_x:real\n[1,2,3,4,5] | 2"},
		// The ...if forms aggregate the rows whose predicate is true: 2, 4.
		{name: "stdevif", query: xs + `| summarize stdevif(x, x % 2 == 0) | extend stdevif_x = round(stdevif_x, 14)`,
			want: "stdevif_x:real\n1.4142135623731"},
		{name: "varianceif", query: xs + `| summarize varianceif(x, x % 2 == 0), variancepif(x, x % 2 == 0)`,
			want: "varianceif_x:real | variancepif_x:real\n2 | 1"},
		// Nulls are ignored, as the reference says: 1, 3, 5.
		{name: "nulls ignored", query: xs + `| extend y = iff(x % 2 == 0, long(null), x) | summarize variance(y), variancep(y), s = stdev(todouble(y))`,
			want: "variance_y:real | variancep_y:real | s:real\n4 | 2.6666666666666665 | 2"},
		{name: "by groups", query: xs + `| summarize variance(x) by odd = x % 2 == 1 | order by odd asc`,
			want: "odd:bool | variance_x:real\nfalse | 2\ntrue | 4"},
		{name: "population of one value", query: `print x = 7 | summarize stdevp(x), variancep(x)`,
			want: "stdevp_x:real | variancep_x:real\n0 | 0"},
		{name: "string", query: `print x = "a" | summarize stdev(x)`, err: "stdev() of string values is not supported"},
	})
}

// TestStdevUndocumented checks that what the reference leaves open fails
// as not supported, naming the call, instead of guessing.
func TestStdevUndocumented(t *testing.T) {
	for _, tc := range []struct{ query, pos, msg string }{
		{`print x = 7 | summarize stdev(x)`, "1:25", "stdev() of a group with one value is not supported"},
		{`range x from 1 to 5 step 1 | summarize varianceif(x, x > 4)`, "1:40", "varianceif() of a group with one value is not supported"},
		{`datatable(x:long)[] | summarize variancep(x)`, "1:33", "variancep() of a group with no values is not supported"},
		{`range x from 1 to 3 step 1 | summarize stdev(x) by x`, "1:40", "stdev() of a group with one value is not supported"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			_, err := Run(tc.query, Options{Now: testNow})
			var e *Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.True(t, e.Unsupported)
			assert.Equal(t, tc.pos, e.Pos.String())
			assert.Contains(t, e.Msg, tc.msg)
		})
	}
}
