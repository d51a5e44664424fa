package eval

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadJSONLInference(t *testing.T) {
	in := `{"TimeGenerated":"2025-06-02T10:00:00Z","Op":"KeyGet","N":1,"R":1,"Ok":true,"Props":{"b":1,"a":[1,2]},"Mixed":1,"Empty":null}

{"TimeGenerated":"2025-06-02T10:05:00.5Z","Op":"KeyDelete","N":2,"R":2.5,"Ok":false,"Props":[1],"Mixed":"x","Late":"2025-06-01"}
`
	tb, err := ReadJSONL(strings.NewReader(in), nil)
	require.NoError(t, err)
	assert.Equal(t, normalize(`TimeGenerated:datetime | Op:string | N:long | R:real | Ok:bool | Props:dynamic | Mixed:dynamic | Empty:string | Late:datetime
		2025-06-02T10:00:00Z | KeyGet | 1 | 1 | true | {"b":1,"a":[1,2]} | 1 | | null
		2025-06-02T10:05:00.5000000Z | KeyDelete | 2 | 2.5 | false | [1] | x | | 2025-06-01T00:00:00Z`, false), normalize(render(tb), false))
}

func TestReadJSONLDeclared(t *testing.T) {
	cols := []Column{{"TimeGenerated", TypeDateTime}, {"Declared", TypeString}, {"N", TypeReal}, {"G", TypeGUID}, {"D", TypeDynamic}}
	in := `{"N":1,"G":"12E8B78D-55B4-46AE-B068-26D7A0080254","Extra":"2025-06-02","D":"text","TimeGenerated":"2025-06-02 10:00"}`
	tb, err := ReadJSONL(strings.NewReader(in), cols)
	require.NoError(t, err)
	assert.Equal(t, normalize(`TimeGenerated:datetime | Declared:string | N:real | G:guid | D:dynamic | Extra:datetime
		2025-06-02T10:00:00Z | | 1 | 12e8b78d-55b4-46ae-b068-26d7a0080254 | text | 2025-06-02T00:00:00Z`, false), normalize(render(tb), false))

	// A declared column exists for column_ifexists even when no row has it.
	res, err := Run(`T | project a = column_ifexists("Declared", "missing"), b = column_ifexists("Nope", "missing")`,
		Options{Tables: map[string]*Table{"T": tb}})
	require.NoError(t, err)
	assert.Equal(t, "a:string | b:string\n | missing", render(res))

	for _, bad := range []struct{ line, msg string }{
		{`{"TimeGenerated":"yesterday"}`, `row 1, column TimeGenerated: "yesterday" is not a datetime`},
		{`{"N":"many"}`, `row 1, column N: "many" is not a real`},
		{`{"G":"x"}`, `row 1, column G: "x" is not a guid`},
		{`{"TimeGenerated":5}`, `does not fit a datetime column`},
		{`["not an object"]`, `line 1: row 1: expected a JSON object`},
		{`{"a":1} {"b":2}`, `line 1:`},
		{`{"a":1,"a":2}`, `line 1: field "a" appears twice`},
	} {
		_, err := ReadJSONL(strings.NewReader(bad.line), cols)
		require.Error(t, err, bad.line)
		assert.Contains(t, err.Error(), bad.msg, bad.line)
	}
}

func TestReadJSONArray(t *testing.T) {
	tb, err := ReadJSONL(strings.NewReader(` [{"a":1},{"a":2,"b":"x"}]`), nil)
	require.NoError(t, err)
	assert.Equal(t, "a:long | b:string\n1 | \n2 | x", render(tb))
}

func TestReadCSV(t *testing.T) {
	in := "\ufeffTimeGenerated,Op,N,R,Ok,Props,Text,Blank\n" +
		"2025-06-02T10:00:00Z,KeyGet,1,1,true,\"{\"\"a\"\":1}\",007,\n" +
		"2025-06-02T11:00:00Z,KeyDelete,,2.5,FALSE,[1],x y,\n"
	tb, err := ReadCSV(strings.NewReader(in), nil)
	require.NoError(t, err)
	assert.Equal(t, normalize(`TimeGenerated:datetime | Op:string | N:long | R:real | Ok:bool | Props:dynamic | Text:string | Blank:string
		2025-06-02T10:00:00Z | KeyGet | 1 | 1 | true | {"a":1} | 007 |
		2025-06-02T11:00:00Z | KeyDelete | null | 2.5 | false | [1] | x y |`, false), normalize(render(tb), false))

	tb, err = ReadCSV(strings.NewReader("a,b\n1,2\n"), []Column{{"b", TypeString}, {"c", TypeTimespan}})
	require.NoError(t, err)
	assert.Equal(t, "b:string | c:timespan | a:long\n2 | null | 1", render(tb))

	tb, err = ReadCSV(strings.NewReader("a,b\n"), nil)
	require.NoError(t, err)
	assert.Equal(t, "a:string | b:string", render(tb))

	_, err = ReadCSV(strings.NewReader("a,b\n1\n"), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 2 has 1 fields")
	_, err = ReadCSV(strings.NewReader("a,a\n1,2\n"), nil)
	require.Error(t, err)
	_, err = ReadCSV(strings.NewReader("a\nx\n"), []Column{{"a", TypeLong}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `row 1, column a: "x" is not a long`)
}

func TestParseSchema(t *testing.T) {
	s, err := ParseSchema([]byte(`{"$comment": "x", "T": {"b": "string", "a": "double", "c": "date", "$x": "long"}, "U": {}}`))
	require.NoError(t, err)
	assert.Equal(t, Schema{"T": {{"b", TypeString}, {"a", TypeReal}, {"c", TypeDateTime}}, "U": {}}, s)
	for _, bad := range []string{`[]`, `{"T": {"a": "decimal"}}`, `{"T": {"a": "text"}}`, `{"T": {"a": 1}}`, `{"T": {"a": "long", "a": "long"}}`} {
		_, err := ParseSchema([]byte(bad))
		assert.Error(t, err, bad)
	}
	s, err = LoadSchema("../../testdata/ruletests/schema.json")
	require.NoError(t, err)
	assert.Contains(t, s["AzureDiagnostics"], Column{"identity_claim_oid_g", TypeGUID})
	assert.Len(t, s["ThreatIntelligenceIndicator"], 33)
}

func TestLoadTable(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	tb, err := LoadTable(write("a.jsonl", `{"x":1}`+"\n"), nil)
	require.NoError(t, err)
	assert.Equal(t, 1, tb.NumRows())
	tb, err = LoadTable(write("a.csv", "x\n1\n2\n"), nil)
	require.NoError(t, err)
	assert.Equal(t, 2, tb.NumRows())
	_, err = LoadTable(write("a.txt", "x"), nil)
	assert.ErrorContains(t, err, "unknown data format")
	_, err = LoadTable(write("b.jsonl", "{"), nil)
	assert.ErrorContains(t, err, "b.jsonl:1: the JSON object ends before its closing }")
}

func TestTableFromRecords(t *testing.T) {
	ts := time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)
	tb, err := TableFromRecords([]Record{
		{{"T", ts}, {"N", 3}, {"D", map[string]any{"b": 1, "a": "x"}}, {"S", []any{1, "a"}}},
		{{"T", "2025-06-02T11:00:00Z"}, {"N", int64(4)}, {"V", NewTimespan(time.Hour)}},
	}, []Column{{"S", TypeString}})
	require.NoError(t, err)
	assert.Equal(t, normalize(`S:string | T:datetime | N:long | D:dynamic | V:timespan
		[1,"a"] | 2025-06-02T10:00:00Z | 3 | {"a":"x","b":1} | null
		| 2025-06-02T11:00:00Z | 4 | null | 01:00:00`, false), normalize(render(tb), false))
}

func TestTableOutput(t *testing.T) {
	tb := mustTable(t, `datatable(s:string, n:long, r:real, d:datetime, ts:timespan, g:guid, dy:dynamic, b:bool) [
		"a\tb", 1, 0.5, datetime(2025-06-02), 90m, guid(12e8b78d-55b4-46ae-b068-26d7a0080254), dynamic({"k":[1,"x"]}), true,
		"", long(null), real(nan), datetime(null), timespan(null), guid(null), dynamic(null), bool(null)]`)
	b, err := json.Marshal(tb)
	require.NoError(t, err)
	assert.JSONEq(t, `{"columns":[{"name":"s","type":"string"},{"name":"n","type":"long"},{"name":"r","type":"real"},{"name":"d","type":"datetime"},
		{"name":"ts","type":"timespan"},{"name":"g","type":"guid"},{"name":"dy","type":"dynamic"},{"name":"b","type":"bool"}],
		"rows":[["a\tb",1,0.5,"2025-06-02T00:00:00Z","01:30:00","12e8b78d-55b4-46ae-b068-26d7a0080254",{"k":[1,"x"]},true],
		["",null,"NaN",null,null,null,null,null]]}`, string(b))
	assert.Equal(t, "s     n  r    d                     ts        g                                     dy             b\n"+
		`a\tb  1  0.5  2025-06-02T00:00:00Z  01:30:00  12e8b78d-55b4-46ae-b068-26d7a0080254  {"k":[1,"x"]}  true`+"\n"+
		"         NaN\n", tb.String())

	var cols []Column
	require.NoError(t, json.Unmarshal([]byte(`[{"name":"a","type":"double"}]`), &cols))
	assert.Equal(t, []Column{{"a", TypeReal}}, cols)
}

func TestTableSelect(t *testing.T) {
	tb := mustTable(t, `datatable(a:long, b:string, c:bool) [1, "x", true, 2, "y", false] | where a > 1`)
	sel := tb.Select([]int{2, 0})
	assert.Equal(t, []Column{{"c", TypeBool}, {"a", TypeLong}}, sel.Columns())
	assert.Equal(t, "c      a\nfalse  2\n", sel.String())
	assert.Equal(t, 3, tb.NumColumns(), "the table selected from is unchanged")
}

func TestNewTable(t *testing.T) {
	tb, err := NewTable([]Column{{"a", TypeLong}, {"d", TypeDynamic}}, [][]Value{{NewLong(1), NewString("x")}, {{}, Value{}}})
	require.NoError(t, err)
	assert.Equal(t, "a:long | d:dynamic\n1 | x\nnull | null", render(tb))
	_, err = NewTable([]Column{{"a", TypeLong}}, [][]Value{{NewString("x")}})
	assert.ErrorContains(t, err, `row 1, column "a": a string value in a long column`)
	_, err = NewTable([]Column{{"a", TypeLong}, {"a", TypeLong}}, nil)
	assert.ErrorContains(t, err, "duplicate column")
	_, err = NewTable([]Column{{"a", TypeLong}}, [][]Value{{}})
	assert.ErrorContains(t, err, "row 1 has 0 values")
	v, ok := tb.Get(0, "a")
	assert.True(t, ok)
	assert.Equal(t, NewLong(1), v)
	assert.Equal(t, []Value{NewLong(1), toDyn(NewString("x"))}, tb.Row(0))
}
