package eval

import (
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/kqlt/kqlt/kql"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// events returns a table of n rows with a few columns, as sample events.
func events(t *testing.T, n int) *Table {
	t.Helper()
	recs := make([]Record, n)
	for i := range recs {
		recs[i] = Record{{"TimeGenerated", "2025-06-02T10:00:00Z"}, {"Caller", fmt.Sprintf("u%d", i)},
			{"Ip", fmt.Sprintf("10.0.%d.%d", i/250, i%250)}, {"Op", "KeyGet"}}
	}
	tb, err := TableFromRecords(recs, nil)
	require.NoError(t, err)
	return tb
}

// TestBudgets runs hostile queries: each must stop with an error naming
// the operator and the limit, within a few seconds, before building what
// it asks for.
func TestBudgets(t *testing.T) {
	small := events(t, 3000)
	for _, tc := range []struct {
		name, query string
		maxRows     int
		maxMemory   int64
		limit, msg  string
	}{
		{"cartesian join, rows", `T | extend k = 1 | join kind=inner (T | extend k = 1) on k`, 1_000_000, 0,
			"rows", "1:20: join produces more than 1,000,000 rows, the row limit"},
		{"cartesian join, memory", `T | extend k = 1 | join kind=inner (T | extend k = 1) on k`, 0, 64 << 20,
			"memory", "1:20: join: the values the query builds would take more than 64 MiB, the memory limit"},
		{"mv-expand of range()", `T | mv-expand x = range(1, 5000000)`, 0, 0,
			"rows", "1:5: mv-expand produces more than 10,000,000 rows, the row limit"},
		{"mv-expand, memory", `T | mv-expand x = range(1, 5000)`, 0, 64 << 20,
			"memory", "1:5: mv-expand: the values the query builds would take more than 64 MiB"},
		{"range", `range x from 1 to 100000000000 step 1`, 0, 0,
			"rows", "1:1: range produces more than 10,000,000 rows, the row limit"},
		{"range, memory", `range x from 1 to 5000000 step 1`, 0, 64 << 20,
			"memory", "1:1: range: the values the query builds would take more than 64 MiB"},
		{"union", `let a = T | union T; let b = a | union a; let c = b | union b; c | union c | union c`, 50_000, 0,
			"rows", "union produces more than 50,000 rows, the row limit"},
		{"make-series", `T | make-series count() on TimeGenerated from datetime(2025-01-01) to datetime(2025-06-01) step 1m by Caller`, 0, 64 << 20,
			"memory", "1:5: make-series: the values the query builds would take more than 64 MiB"},
		{"summarize", `T | summarize make_list(Caller) by Op`, 0, 100 << 10,
			"memory", "1:5: summarize: the values the query builds would take more than 100 KiB"},
		{"range() per row", `T | extend n = strlen(Caller) * 5000000 | extend r = range(1, n)`, 0, 64 << 20,
			"memory", "extend: range() would take 48 MiB, more than is left of the memory limit of 64 MiB"},
		{"doubling strcat", `T | take 1 | extend s = Caller` + strings.Repeat(` | extend s = strcat(s, s)`, 40), 0, 64 << 20,
			"memory", "extend: strcat() would take 32 MiB, more than is left of the memory limit of 64 MiB"},
		{"replace_string", `T | take 1 | extend s = Caller` + strings.Repeat(` | extend s = replace_string(s, "u", "uuuuuuuuuu")`, 20), 0, 64 << 20,
			"memory", "extend: replace_string() would take"},
		{"shared dynamic values", `T | take 1 | extend a = pack_array(Caller)` + strings.Repeat(` | extend a = pack_array(a, a)`, 40) + ` | extend s = tostring(a)`, 0, 0,
			"", "extend: a dynamic value would hold more than 16,777,216 values once written out"},
		{"extend, memory", `T | extend a = strcat(Caller, Caller), b = strcat(Ip, Ip), c = strcat(Op, Op)`, 0, 200 << 10,
			"memory", "extend: the values the query builds would take more than 200 KiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(tc.query, Options{Tables: map[string]*Table{"T": small}, MaxRows: tc.maxRows, MaxMemory: tc.maxMemory})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
			var e *Error
			require.True(t, errors.As(err, &e))
			assert.Equal(t, tc.limit, e.Limit)
		})
	}
}

// The budgets leave ordinary queries alone, and a raised limit lets the
// query through.
func TestBudgetsAllow(t *testing.T) {
	small := events(t, 3000)
	res, err := Run(`T | extend k = 1 | join kind=inner (T | take 100 | extend k = 1) on k | count`,
		Options{Tables: map[string]*Table{"T": small}})
	require.NoError(t, err)
	assert.Equal(t, "300000", res.Value(0, 0).String())
	res, err = Run(`T | mv-expand x = range(1, 100) | count`, Options{Tables: map[string]*Table{"T": small}, MaxRows: 300_000})
	require.NoError(t, err)
	assert.Equal(t, "300000", res.Value(0, 0).String())
	_, err = Run(`T | mv-expand x = range(1, 100) | count`, Options{Tables: map[string]*Table{"T": small}, MaxRows: 299_999})
	assert.ErrorContains(t, err, "mv-expand produces more than 299,999 rows")
}

// wideEvents returns n events of a table as wide as AzureDiagnostics in the
// built-in schema: the columns of events and extra string columns with no
// value.
func wideEvents(t *testing.T, n, extra int) *Table {
	t.Helper()
	cols := []Column{{"TimeGenerated", TypeDateTime}, {"Caller", TypeString}, {"Ip", TypeString}, {"Op", TypeString}}
	for i := 0; i < extra; i++ {
		cols = append(cols, Column{fmt.Sprintf("c%d_s", i), TypeString})
	}
	recs := make([]Record, n)
	for i := range recs {
		recs[i] = Record{{"TimeGenerated", "2025-06-02T10:00:00Z"}, {"Caller", fmt.Sprintf("u%d", i)},
			{"Ip", fmt.Sprintf("10.0.%d.%d", i/250, i%250)}, {"Op", "KeyGet"}}
	}
	tb, err := TableFromRecords(recs, cols)
	require.NoError(t, err)
	return tb
}

// TestMemoryEstimate compares the memory estimate with what the Go heap
// allocates while the query runs (runtime.ReadMemStats): it must not be
// far below (the budget would let a query take more than it says) nor far
// above (it would refuse queries that fit).
func TestMemoryEstimate(t *testing.T) {
	tables := map[string]*Table{"T": events(t, 3000), "W": wideEvents(t, 30, 211)}
	for _, query := range []string{
		`W | extend k = 1 | join kind=inner (W | extend k = 1) on k`,
		`T | take 1000 | extend k = 1 | join kind=inner (T | take 200 | extend k = 1) on k`,
		`T | mv-expand x = range(1, 20)`,
		`T | union T | union T`,
	} {
		q, err := kql.Parse(query)
		require.NoError(t, err)
		ev := newEvaluator(q, Options{Tables: tables})
		require.NoError(t, ev.check(q))
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res, err := ev.stmts(q.Stmts, ev.root)
		runtime.ReadMemStats(&after)
		require.NoError(t, err)
		require.NotEmpty(t, res)
		allocated := float64(after.TotalAlloc - before.TotalAlloc)
		ratio := float64(ev.mem) / allocated
		t.Logf("%s: estimate %s, allocated %s, ratio %.2f", query, formatBytes(ev.mem), formatBytes(int64(allocated)), ratio)
		assert.True(t, ratio > 0.8 && ratio < 1.25, "%s: the estimate is %.2f times what the query allocated", query, ratio)
	}
}

// A join over budget is refused at the left row where its output passes
// the limit, with an estimate near the limit, not at the next of some
// fixed number of rows (65,536 rows of a table as wide as AzureDiagnostics
// are 1.26 GiB).
func TestJoinRefusedAtTheLimit(t *testing.T) {
	tables := map[string]*Table{"W": wideEvents(t, 300, 211)}
	_, err := Run(`W | extend k = 1 | join kind=inner (W | extend k = 1) on k`, Options{Tables: tables, MaxMemory: 64 << 20})
	require.Error(t, err)
	m := regexp.MustCompile(`join: the values the query builds would take more than 64 MiB, the memory limit \(about ([0-9.]+) MiB with what join builds, estimated\)`).FindStringSubmatch(err.Error())
	require.NotNil(t, m, err.Error())
	estimate, err := strconv.ParseFloat(m[1], 64)
	require.NoError(t, err)
	assert.Less(t, estimate, 64*1.1, "one left row of 300 matches is 6 MiB")
}

// range() stops at 2^20 values, as Kusto's does.
func TestRangeFunctionTruncates(t *testing.T) {
	res, err := Run(`print r = range(1, 1000000000) | mv-expand r | count`, Options{})
	require.NoError(t, err)
	assert.Equal(t, "1048576", res.Value(0, 0).String())
	res, err = Run(`print r = array_length(range(1, 10, 3)), e = array_length(range(5, 1)), z = isnull(range(1, 5, 0))`, Options{})
	require.NoError(t, err)
	assert.Equal(t, "r:long | e:long | z:bool\n4 | 0 | true", render(res))
	res, err = Run(`range x from 0.5 to 2.0 step 0.5 | count`, Options{})
	require.NoError(t, err)
	assert.Equal(t, "4", res.Value(0, 0).String())
	res, err = Run(`range x from 9223372036854775800 to 9223372036854775807 step 3 | summarize max(x)`, Options{})
	require.NoError(t, err)
	assert.Equal(t, "9223372036854775806", res.Value(0, 0).String())
}

// mv-apply's expansion is bounded as mv-expand's is: a huge one fails
// with a limit before its subqueries run.
func TestMvApplyIsBounded(t *testing.T) {
	_, err := Run(`T | mv-apply x = range(1, 5000000) to typeof(long) on (summarize sum(x))`, Options{Tables: map[string]*Table{"T": events(t, 10)}})
	var e *Error
	require.True(t, errors.As(err, &e), "%v", err)
	assert.False(t, e.Unsupported)
	assert.Contains(t, e.Msg, "mv-apply")
}
