package eval

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRowCumsumAndSession checks row_cumsum and row_window_session against
// the reference's examples, and their edges.
func TestRowCumsumAndSession(t *testing.T) {
	runCases(t, nil, []evalCase{
		{name: "row_cumsum example", query: `datatable (a:long) [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
			| where a%2==0
			| serialize cs=row_cumsum(a)`,
			want: "a:long | cs:long\n2 | 2\n4 | 6\n6 | 12\n8 | 20\n10 | 30"},
		{name: "row_cumsum partitioned example", query: `datatable (name:string, month:int, salary:long)
			["Alice", 1, 1000, "Bob", 1, 1000, "Alice", 2, 2000, "Bob", 2, 1950, "Alice", 3, 1400, "Bob", 3, 1450]
			| order by name asc, month asc
			| extend total=row_cumsum(salary, name != prev(name))`,
			want: "name:string | month:int | salary:long | total:long\nAlice | 1 | 1000 | 1000\nAlice | 2 | 2000 | 3000\nAlice | 3 | 1400 | 4400\nBob | 1 | 1000 | 1000\nBob | 2 | 1950 | 2950\nBob | 3 | 1450 | 4400"},
		{name: "row_cumsum keeps the term's type", query: `range x from 1 to 3 step 1 | serialize i = row_cumsum(toint(x)), r = row_cumsum(x * 0.5)`,
			want: "x:long | i:int | r:real\n1 | 1 | 0.5\n2 | 3 | 1.5\n3 | 6 | 3"},
		{name: "row_window_session example", query: `datatable (ID:string, Timestamp:datetime) [
				"1", datetime(2024-04-11 10:00:00),
				"2", datetime(2024-04-11 10:18:00),
				"1", datetime(2024-04-11 11:00:00),
				"3", datetime(2024-04-11 11:30:00),
				"2", datetime(2024-04-11 13:30:00),
				"2", datetime(2024-04-11 10:16:00)
			]
			| sort by ID asc, Timestamp asc
			| extend SessionStarted = row_window_session(Timestamp, 1h, 5m, ID != prev(ID))`,
			want: "ID:string | Timestamp:datetime | SessionStarted:datetime\n" +
				"1 | 2024-04-11T10:00:00Z | 2024-04-11T10:00:00Z\n" +
				"1 | 2024-04-11T11:00:00Z | 2024-04-11T11:00:00Z\n" +
				"2 | 2024-04-11T10:16:00Z | 2024-04-11T10:16:00Z\n" +
				"2 | 2024-04-11T10:18:00Z | 2024-04-11T10:16:00Z\n" +
				"2 | 2024-04-11T13:30:00Z | 2024-04-11T13:30:00Z\n" +
				"3 | 2024-04-11T11:30:00Z | 2024-04-11T11:30:00Z"},
		// A session ends when it reaches MaxDistanceFromFirst from its
		// start (equal counts), though neighbours stay close.
		{name: "row_window_session from first", query: `range t from datetime(2024-01-01 00:00) to datetime(2024-01-01 00:25) step 5m
			| serialize s = row_window_session(t, 10m, 6m)`,
			want: "t:datetime | s:datetime\n" +
				"2024-01-01T00:00:00Z | 2024-01-01T00:00:00Z\n2024-01-01T00:05:00Z | 2024-01-01T00:00:00Z\n" +
				"2024-01-01T00:10:00Z | 2024-01-01T00:10:00Z\n2024-01-01T00:15:00Z | 2024-01-01T00:10:00Z\n" +
				"2024-01-01T00:20:00Z | 2024-01-01T00:20:00Z\n2024-01-01T00:25:00Z | 2024-01-01T00:20:00Z"},
		{name: "row_window_session neighbours", query: `range t from datetime(2024-01-01 00:00) to datetime(2024-01-01 00:20) step 5m
			| serialize s = row_window_session(t, 1h, 5m)`,
			want: "t:datetime | s:datetime\n" +
				"2024-01-01T00:00:00Z | 2024-01-01T00:00:00Z\n2024-01-01T00:05:00Z | 2024-01-01T00:05:00Z\n" +
				"2024-01-01T00:10:00Z | 2024-01-01T00:10:00Z\n2024-01-01T00:15:00Z | 2024-01-01T00:15:00Z\n" +
				"2024-01-01T00:20:00Z | 2024-01-01T00:20:00Z"},
		{name: "row_cumsum not serialized", query: `range x from 1 to 3 step 1 | extend c = row_cumsum(x)`,
			err: "row_cumsum() is supported in extend, where, project and serialize over a serialized row set only"},
		{name: "row_window_session type", query: `range x from 1 to 3 step 1 | serialize s = row_window_session(x, 1h, 5m)`,
			err: "the expression of row_window_session() must be a datetime, not long"},
	})
}

func TestRowCumsumAndSessionUndocumented(t *testing.T) {
	for _, tc := range []struct{ query, msg string }{
		{`datatable(x:long)[1, long(null)] | serialize c = row_cumsum(x)`, "row_cumsum() of a null value (row 2) is not supported"},
		{`datatable(x:long)[9223372036854775807, 1] | serialize c = row_cumsum(x)`, "row_cumsum() over the range of long is not supported"},
		{`datatable(x:int)[2147483647, 1] | serialize c = row_cumsum(x)`, "row_cumsum() over the range of int is not supported"},
		{`datatable(t:datetime)[datetime(2024-01-01), datetime(null)] | serialize s = row_window_session(t, 1h, 5m)`, "row_window_session() of a null value (row 2) is not supported"},
		{`datatable(t:datetime, d:timespan)[datetime(2024-01-01), 1h] | serialize s = row_window_session(t, d, 5m)`, "row_window_session() with a MaxDistanceFromFirst that is not a constant timespan is not supported"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			_, err := Run(tc.query, Options{Now: testNow})
			var e *Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.True(t, e.Unsupported, "%v", err)
			assert.Contains(t, e.Msg, tc.msg)
		})
	}
}
