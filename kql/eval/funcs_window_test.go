package eval

import "testing"

// The examples of the row_number(), prev() and serialize reference pages,
// and where window functions are refused.
func TestWindowFunctions(t *testing.T) {
	tables := map[string]*Table{
		"Flights": mustTable(t, `datatable (Airport:string, Airline:string, Departures:long) [
  "TLV", "LH", 1,
  "TLV", "LY", 100,
  "SEA", "LH", 1,
  "SEA", "BA", 2,
  "SEA", "LY", 0]`),
		"S": mustTable(t, `datatable (session_type:string) ["Keynote", "Expo Session", "Breakout", "Expo Session"]`),
	}
	runCases(t, tables, []evalCase{
		{name: "row_number, docs", query: `range a from 1 to 10 step 1 | sort by a desc | extend rn=row_number() | where a in (10, 9, 1)`,
			want: "a:long | rn:long\n10 | 1\n9 | 2\n1 | 10"},
		{name: "row_number from 7, docs", query: `range a from 1 to 10 step 1 | sort by a desc | extend rn=row_number(7) | take 2`,
			want: "a:long | rn:long\n10 | 7\n9 | 8"},
		{name: "row_number restarting per partition, docs", query: `Flights | sort by Airport asc, Departures desc | extend Rank=row_number(1, prev(Airport) != Airport)`,
			want: `Airport:string | Airline:string | Departures:long | Rank:long
SEA | BA | 2 | 1
SEA | LH | 1 | 2
SEA | LY | 0 | 3
TLV | LY | 100 | 1
TLV | LH | 1 | 2`},
		{name: "serialize with prev, docs", query: `S | serialize previous_session_type = prev(session_type)`,
			want: "session_type:string | previous_session_type:string\nKeynote | \nExpo Session | Keynote\nBreakout | Expo Session\nExpo Session | Breakout"},
		{name: "prev with offset and default, next", query: `range x from 1 to 4 step 1 | sort by x asc | extend p = prev(x, 2, -1), n = next(x), z = next(x, 0)`,
			want: "x:long | p:long | n:long | z:long\n1 | -1 | 2 | 1\n2 | -1 | 3 | 2\n3 | 1 | 4 | 3\n4 | 2 | null | 4"},
		{name: "serialized through where and project", query: `range x from 1 to 5 step 1 | order by x asc | where x != 3 | project x, d = x - prev(x)`,
			want: "x:long | d:long\n1 | null\n2 | 1\n4 | 2\n5 | 1"},
		{name: "a constant offset from let", query: `let k = 1; range x from 1 to 3 step 1 | serialize | extend p = prev(x, k)`,
			want: "x:long | p:long\n1 | null\n2 | 1\n3 | 2"},
		{name: "serialize without columns", query: `S | serialize | extend r = row_number() | take 1`,
			want: "session_type:string | r:long\nKeynote | 1"},
		{name: "range is not listed as serialized", query: `range x from 1 to 3 step 1 | extend p = prev(x)`, err: "unsupported: prev() is supported"},
		{name: "project-keep is not listed as keeping it", query: `S | serialize | project-keep session_type | extend p = prev(session_type)`, err: "unsupported: prev() is supported"},
		{name: "not serialized", query: `S | extend p = prev(session_type)`, err: "unsupported: prev() is supported in extend, where, project and serialize over a serialized row set only"},
		{name: "summarize ends serialization", query: `Flights | sort by Airport | summarize n = count() by Airport | extend r = row_number()`, err: "unsupported: row_number() is supported"},
		{name: "not in summarize", query: `Flights | sort by Airport | summarize make_list(prev(Airport))`, err: "unsupported: prev() is supported"},
		{name: "offset not constant", query: `Flights | sort by Airport | extend p = prev(Airport, Departures)`, err: "the offset of prev() must be a constant non-negative integer"},
	})
}
