package eval

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ingestTables are sign-in events with ingestion times, given as the
// $IngestionTime field (the hidden column of Kusto's IngestionTime policy)
// of each event; Audit has none.
func ingestTables(t *testing.T) map[string]*Table {
	t.Helper()
	read := func(s string) *Table {
		tb, err := ReadJSONL(strings.NewReader(s), nil)
		require.NoError(t, err)
		return tb
	}
	return map[string]*Table{
		"SigninLogs": read(`{"TimeGenerated": "2025-06-02T10:00:00Z", "$IngestionTime": "2025-06-02T11:50:00Z", "User": "alice"}
{"TimeGenerated": "2025-06-02T10:00:00Z", "$IngestionTime": "2025-06-02T10:05:00Z", "User": "bob"}`),
		"AADNonInteractiveUserSignInLogs": read(`{"TimeGenerated": "2025-06-02T11:00:00Z", "$IngestionTime": "2025-06-02T11:40:00Z", "User": "carol"}`),
		"Audit":                           read(`{"TimeGenerated": "2025-06-02T11:00:00Z", "User": "dave"}`),
	}
}

// TestIngestionTime: ingestion_time() reads each event's ingestion time
// (https://learn.microsoft.com/kusto/query/ingestion-time-function; the
// reference's example is T | extend ingestionTime = ingestion_time() | top
// 10 by ingestionTime), which is no column of the table. now() is
// 2025-06-02 12:00.
func TestIngestionTime(t *testing.T) {
	runCases(t, ingestTables(t), []evalCase{
		{name: "the reference's example", query: `SigninLogs | extend ingestionTime = ingestion_time() | top 10 by ingestionTime`,
			want: `TimeGenerated:datetime | User:string | ingestionTime:datetime
				2025-06-02T10:00:00Z | alice | 2025-06-02T11:50:00Z
				2025-06-02T10:00:00Z | bob | 2025-06-02T10:05:00Z`},
		{name: "a hidden column", query: `SigninLogs | getschema | project ColumnName`,
			want: "ColumnName:string\nTimeGenerated\nUser"},
		{name: "where", query: `SigninLogs | where ingestion_time() > ago(35m) | project User`,
			want: "User:string\nalice"},
		{name: "after where and extend", query: `SigninLogs | where User != "carol" | extend U = toupper(User) | where ingestion_time() < ago(1h) | project U`,
			want: "U:string\nBOB"},
		{name: "union of tables", query: `union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs | where ingestion_time() > ago(35m) | project User`,
			want: "User:string\nalice\ncarol", unordered: true},
		{name: "in materialize", query: `let M = materialize(SigninLogs | where ingestion_time() > ago(35m)); M | project User`,
			want: "User:string\nalice"},
	})
}

// TestIngestionTimeUnsupported: where the rows carry no ingestion time
// (the events give none, or an operator made new rows) ingestion_time()
// fails as not supported rather than returning null, which would make a
// rule silently never fire.
func TestIngestionTimeUnsupported(t *testing.T) {
	for _, q := range []string{
		`Audit | where ingestion_time() > ago(1h)`,
		`SigninLogs | project User | where ingestion_time() > ago(1h)`,
		`SigninLogs | summarize count() by User | extend i = ingestion_time()`,
		`union SigninLogs, Audit | where ingestion_time() > ago(1h)`,
		`print i = ingestion_time()`,
	} {
		_, err := Run(q, Options{Now: testNow, Tables: ingestTables(t)})
		var e *Error
		require.True(t, errors.As(err, &e), "%s: got %v", q, err)
		assert.True(t, e.Unsupported, q)
		assert.Contains(t, e.Msg, `ingestion_time() is not supported here: these rows carry no ingestion time (sample data gives it as a "$IngestionTime" datetime field`, q)
	}
	_, err := ReadJSONL(strings.NewReader(`{"$IngestionTime": 5}`), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `the ingestion time must be a datetime, not a long`)
}

// TestIngestionTimeFilter: Table.Filter (the look-back window of kqlt
// test) keeps the rows' ingestion times.
func TestIngestionTimeFilter(t *testing.T) {
	in := ingestTables(t)["SigninLogs"]
	out := in.Filter(func(row int) bool { return row == 1 })
	res, err := Run(`SigninLogs | project User, i = ingestion_time()`, Options{Now: testNow, Tables: map[string]*Table{"SigninLogs": out}})
	require.NoError(t, err)
	assert.Equal(t, normalize("User:string | i:datetime\nbob | 2025-06-02T10:05:00Z", false), normalize(render(res), false))
}
