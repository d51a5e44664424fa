package eval

import (
	"errors"
	"testing"

	"github.com/kqlt/kqlt/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnsupported checks that queries using what the evaluator does not
// implement fail with an *Error marked Unsupported that names the
// construct and its position, whatever the data.
func TestUnsupported(t *testing.T) {
	tables := map[string]*Table{"T": mustTable(t, `datatable(a:string, n:long) ["x", 1]`)}
	cases := []struct {
		query, pos, msg string
	}{
		{`T | parse-where kind=relaxed a with * "x" b:string`, "1:5", "parse-where kind=relaxed is not supported"},
		{`T | parse-kv a as (k:string)`, "1:5", "the parse-kv operator is not supported"},
		{`T | mv-apply pack_array(a) on (take 1)`, "1:14", "mv-apply of an expression without a name is not supported"},
		{`T | evaluate bag_unpack(a)`, "1:5", "the evaluate operator is not supported"},
		{`T | extend r = row_number()`, "1:16", "row_number() is supported in extend, where, project and serialize over a serialized row set only"},
		{`T | top-nested 2 of a by count()`, "1:5", "the top-nested operator is not supported"},
		{`T | sample 1`, "1:5", "the sample operator is not supported"},
		{`T | facet by a`, "1:5", "the facet operator is not supported"},
		{`T | invoke f()`, "1:5", "the invoke operator is not supported"},
		{`T | partition by a (take 1)`, "1:5", "the partition operator is not supported"},
		{`T | reduce by a`, "1:5", "the reduce operator is not supported"},
		{`search "x"`, "1:1", "the search operator is not supported"},
		{`externaldata(a:string) ["https://example.com/x.csv"]`, "1:1", "externaldata is not supported"},
		{`set querytrace; T`, "1:1", "set statements are not supported"},
		{`declare query_parameters(p:string); T`, "1:1", "declare query_parameters statements are not supported"},
		{`T | extend h = hash_sha256(a)`, "1:16", "function hash_sha256() is not supported"},
		{`T | summarize percentiles(n, 50, 90)`, "1:15", "percentiles() is not supported"},
		{`T | extend d = todecimal(n)`, "1:16", "todecimal() is not supported: the decimal type is not supported"},
		{`print decimal(1.5)`, "1:7", "the decimal type is not supported"},
		{`T | extend x = database("d").T`, "1:16", "database() is not supported: cross-database and cross-cluster references are not supported"},
		{`T | make-series c = count() on n from 0 to 10 step 1 | extend s = series_outliers(c)`, "1:67", "series_outliers() is not supported"},
		{`T | make-graph a --> n with T on a | graph-match (x)-->(y) project x.a`, "1:5", "the make-graph operator is not supported"},
		{`graph('G') | graph-match (x)-[e*1..2]->(y) project x`, "1:1", "graph() is not supported: graphs"},
		{`T | where a == "x" | graph-shortest-paths (x)-->(y) project x`, "1:22", "the graph-shortest-paths operator is not supported"},
		{`T | graph-to-table nodes`, "1:5", "the graph-to-table operator is not supported"},
		{`T | graph-mark-components`, "1:5", "the graph-mark-components operator is not supported"},
		{`T | graph-where-nodes a == "x"`, "1:5", "the graph-where-nodes operator is not supported"},
		{`T | graph-where-edges a == "x"`, "1:5", "the graph-where-edges operator is not supported"},
		{`T | where n > toreal({TotalSeats})`, "1:22", "the client parameter {TotalSeats} is not supported"},
		{"T\n| where a == {Name[1]}", "2:14", "the client parameter {Name[1]} is not supported"},
		{`T | where a:strcat("x", "y")`, "1:11", "Column:\"term\") is supported with a string literal term only"},
		{`T | where a:"x*"`, "1:13", "a * in the term of Column:\"term\" is not supported"},
		{`search a:"x"`, "1:1", "the search operator is not supported"},
		{".show tables | count", "1:1", "\".show\" is a control command: the evaluator runs queries only"},
		{"// setup\n.set-or-append T <| T | take 1", "2:1", "\".set-or-append\" is a control command"},
		// Unsupported constructs fail even where no row would reach them.
		{"let unused = T | extend h = hash_md5(a);\nT | count", "1:29", "function hash_md5() is not supported"},
		{`T | where false | extend s = series_decompose_anomalies(dynamic([1,2,3]))`, "1:30", "series_decompose_anomalies() is not supported"},
		{`T | extend x = iff(n > 100, strrep(a, 2), a)`, "1:29", "function strrep() is not supported"},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			_, err := Run(tc.query, Options{Now: testNow, Tables: tables})
			require.Error(t, err)
			var e *Error
			require.True(t, errors.As(err, &e), "error %v is not an *Error", err)
			assert.True(t, e.Unsupported, "not marked unsupported: %v", err)
			assert.Equal(t, tc.pos, e.Pos.String())
			assert.Contains(t, e.Msg, tc.msg)
			assert.Contains(t, err.Error(), tc.pos+": unsupported: ")
		})
	}
}

// The Key Vault time-series rule needs series_decompose_anomalies: it must
// fail at that call.
func TestUnsupportedTimeSeriesRule(t *testing.T) {
	f, err := rules.Load("../../testdata/rules/keyvault/TimeSeriesKeyvaultAccessAnomaly.yaml")
	require.NoError(t, err)
	r, err := f.Rule()
	require.NoError(t, err)
	_, err = Run(r.Query(), Options{Now: testNow, Tables: map[string]*Table{}})
	var e *Error
	require.True(t, errors.As(err, &e), "got %v", err)
	assert.True(t, e.Unsupported)
	assert.Equal(t, "22:41", e.Pos.String())
	assert.Contains(t, e.Msg, "series_decompose_anomalies()")
}

func TestMaxRows(t *testing.T) {
	_, err := Run(`range x from 1 to 100 step 1`, Options{Now: testNow, MaxRows: 50})
	require.Error(t, err)
	assert.EqualError(t, err, "1:1: range produces more than 50 rows, the row limit")
	_, err = Run(`range x from 1 to 10 step 1 | mv-expand y = range(1, 10)`, Options{Now: testNow, MaxRows: 50})
	require.Error(t, err)
	assert.EqualError(t, err, "1:31: mv-expand produces more than 50 rows, the row limit")
}

func TestSyntaxErrorsComeFromTheParser(t *testing.T) {
	_, err := Run(`T | where`, Options{})
	require.Error(t, err)
	_, isEval := err.(*Error)
	assert.False(t, isEval)
}
