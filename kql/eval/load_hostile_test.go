package eval

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Sample data nested 1,000,000 deep fails with an error naming the place,
// not a stack overflow.
func TestDeepJSON(t *testing.T) {
	deep := strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000)
	for _, tc := range []struct {
		name, data, err string
		read            func(string) (*Table, error)
	}{
		{"JSON Lines", `{"ok":1}` + "\n" + `{"a":` + deep + "}\n", `line 2: field "a": JSON nested deeper than 1000 levels`, jsonl},
		{"JSON array", "[\n{\"ok\":1},\n{\"a\":" + deep + "}]", `line 3: row 2: field "a": JSON nested deeper than 1000 levels`, jsonl},
		{"top-level array", deep, `line 1: row 1: expected a JSON object`, jsonl},
		{"CSV cell", "a,b\n1,x\n2,\"" + deep + "\"\n", `line 3: row 2, column b: JSON nested deeper than 1000 levels`, csvText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.read(tc.data)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
			var de *DataError
			assert.ErrorAs(t, err, &de)
		})
	}
	// A declared dynamic column too.
	_, err := ReadCSV(strings.NewReader("b\n\""+deep+"\"\n"), []Column{{"b", TypeDynamic}})
	assert.ErrorContains(t, err, "line 2: row 1, column b: JSON nested deeper than 1000 levels")

	// 1000 levels are fine.
	ok := strings.Repeat("[", 999) + strings.Repeat("]", 999)
	tb, err := jsonl(`{"a":` + ok + "}")
	require.NoError(t, err)
	assert.Equal(t, TypeDynamic, tb.Columns()[0].Type)

	// parse_json of a too-deep string keeps the string.
	tb, err = TableFromRecords([]Record{{{"s", deep}}}, nil)
	require.NoError(t, err)
	res, err := Run(`T | project t = gettype(parse_json(s))`, Options{Tables: map[string]*Table{"T": tb}})
	require.NoError(t, err)
	assert.Equal(t, "string", res.Value(0, 0).String())
}

func jsonl(s string) (*Table, error)   { return ReadJSONL(strings.NewReader(s), nil) }
func csvText(s string) (*Table, error) { return ReadCSV(strings.NewReader(s), nil) }

// A JSON Lines line over 16 MiB is an error naming the line.
func TestLongLines(t *testing.T) {
	long := `{"a":"` + strings.Repeat("x", MaxLineSize) + `"}`
	_, err := jsonl("{\"a\":\"1\"}\n\n" + long + "\n")
	require.Error(t, err)
	assert.Equal(t, "line 3: the line is longer than 16 MiB (JSON Lines holds one object per line)", err.Error())

	_, err = csvText("a\n1\n" + strings.Repeat("x", MaxLineSize+1))
	require.Error(t, err)
	assert.Equal(t, "line 3: the line is longer than 16 MiB", err.Error())
}

// An object with many keys is read in linear time.
func TestWideObject(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"a":{`)
	for i := 0; i < 200_000; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d":%d`, i, i)
	}
	b.WriteString(`,"k7":"last"}}`)
	tb, err := jsonl(b.String())
	require.NoError(t, err)
	bag, ok := tb.Value(0, 0).bag()
	require.True(t, ok)
	assert.Equal(t, 200_000, bag.Len())
	v, _ := bag.Get("k7")
	assert.Equal(t, "last", v.String())
}

// Errors in JSON arrays and CSV name the line.
func TestDataErrorLines(t *testing.T) {
	_, err := jsonl("[\n  {\"a\": 1},\n  {\"a\": 2},\n  {\"a\": }\n]")
	assert.EqualError(t, err, "line 4: row 3: invalid character '}' looking for beginning of value")
	_, err = jsonl("[\n  {\"a\": 1},\n")
	assert.ErrorContains(t, err, "the data ends before the closing ] of the array")
	_, err = csvText("a,b\n1,2\n3,\"x\n")
	assert.ErrorContains(t, err, "line 3: csv: column")
	_, err = ReadJSONL(strings.NewReader(`{"TimeGenerated":"x"}`), []Column{{"TimeGenerated", TypeDateTime}})
	assert.EqualError(t, err, `line 1: row 1, column TimeGenerated: "x" is not a datetime`)
}

// An inferred column with datetimes in some rows and a value that is not
// one in another is a string column that remembers the conflict: ruletest
// refuses it as TimeGenerated, and a query comparing it with a datetime
// fails, naming the row.
func TestDateTimeConflict(t *testing.T) {
	data := `{"TimeGenerated":"2025-06-02T09:14:03Z","Op":"KeyGet"}
{"TimeGenerated":"2025-06-02T10:14:03Z","Op":"KeyGet"}

{"TimeGenerated":"2025-02-30T09:14:03Z","Op":"KeyDelete"}
`
	tb, err := jsonl(data)
	require.NoError(t, err)
	assert.Equal(t, TypeString, tb.Columns()[0].Type)
	err = tb.DateTimeConflict("TimeGenerated")
	require.Error(t, err)
	assert.Equal(t, `line 4: row 3, column TimeGenerated: "2025-02-30T09:14:03Z" is not a datetime, but 2 other rows (such as row 1 (line 1)) hold datetimes: the column was read as a string (fix the value, or declare the column's type in a schema)`, err.Error())
	assert.NoError(t, tb.DateTimeConflict("Op"))

	for _, q := range []string{
		`T | where TimeGenerated > ago(1d)`,
		`T | where TimeGenerated between (ago(1d) .. now())`,
		`T | where TimeGenerated in (datetime(2025-06-02T09:14:03Z))`,
		`T | where Op == "KeyDelete" | project t = TimeGenerated | where t < now()`,
	} {
		_, err := Run(q, Options{Tables: map[string]*Table{"T": tb}, Now: time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)})
		require.Error(t, err, q)
		assert.Contains(t, err.Error(), `column TimeGenerated was read as a string: row 3 (line 4) holds "2025-02-30T09:14:03Z", which is not a datetime, but 2 other rows (such as row 1 (line 1)) hold datetimes`, q)
	}
	// Comparing it as a string is fine.
	_, err = Run(`T | where TimeGenerated startswith "2025"`, Options{Tables: map[string]*Table{"T": tb}})
	assert.NoError(t, err)

	// CSV, one row each.
	tb, err = csvText("When,What\n2025-06-02T09:14:03Z,a\nsoon,b\n")
	require.NoError(t, err)
	assert.EqualError(t, tb.DateTimeConflict("When"), `line 3: row 2, column When: "soon" is not a datetime, but row 1 (line 2) holds a datetime: the column was read as a string (fix the value, or declare the column's type in a schema)`)

	// Text that only sometimes looks like a date is no conflict unless it
	// is used as a datetime.
	tb, err = TableFromRecords([]Record{{{"Note", "2025-06-02"}}, {{"Note", "later"}}}, nil)
	require.NoError(t, err)
	_, err = Run(`T | where Note has "later"`, Options{Tables: map[string]*Table{"T": tb}})
	assert.NoError(t, err)
	assert.EqualError(t, tb.DateTimeConflict("Note"), `row 2, column Note: "later" is not a datetime, but row 1 holds a datetime: the column was read as a string (fix the value, or declare the column's type in a schema)`)
}

func TestReadTableSniffs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"\n {\"a\":1}\n", "a:long\n1"},
		{"[{\"a\":1}]", "a:long\n1"},
		{"a,b\n1,x\n", "a:long | b:string\n1 | x"},
	} {
		tb, err := ReadTable(strings.NewReader(tc.in), "", nil)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, render(tb))
	}
}

func TestLoadTableLimits(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.jsonl")
	require.NoError(t, os.WriteFile(p, []byte(`{"a":1}`+"\n"+`{"a":2}`+"\n"), 0o644))
	_, err := LoadTableLimit(p, nil, 10)
	assert.EqualError(t, err, p+": is 16 bytes, more than the limit of 10 bytes")
	tb, err := LoadTableLimit(p, nil, 16)
	require.NoError(t, err)
	assert.Equal(t, 2, tb.NumRows())

	_, err = LoadTable(dir, nil)
	assert.ErrorContains(t, err, "unknown data format")
	d := filepath.Join(dir, "d.json")
	require.NoError(t, os.Mkdir(d, 0o755))
	_, err = LoadTable(d, nil)
	assert.EqualError(t, err, d+": is a directory")

	bad := filepath.Join(dir, "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte(`{"a":1}`+"\n"+`{"a":`+"\n"), 0o644))
	_, err = LoadTable(bad, nil)
	var de *DataError
	require.True(t, errors.As(err, &de))
	assert.Equal(t, bad, de.File)
	assert.Equal(t, 2, de.Line)
}
