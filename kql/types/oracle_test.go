package types_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/kqltest"
	"github.com/kqlt/kqlt/kql/types"
)

// TestCasesAgainstOracle checks checkCases with the official parser, in
// one batch: the same verdict (findings or none), every name it reports
// as unknown reported by name, and, for a query that binds cleanly to a
// closed schema, each column of that schema selectable after it.
func TestCasesAgainstOracle(t *testing.T) {
	oracle := kqltest.RequireOracle(t)
	schema, err := testDB.writeOracleSchema(t.TempDir())
	require.NoError(t, err)

	conf := &types.Config{Database: testDB}
	var queries []string
	var probes []int // the cases whose output columns are probed
	var outputs []*types.Schema
	for i, tc := range checkCases {
		queries = append(queries, tc.query)
		q, err := kql.Parse(tc.query)
		require.NoError(t, err)
		info := &types.Info{}
		conf.Check(q, info)
		outputs = append(outputs, info.Output)
		if len(tc.diags) == 0 && info.Output != nil && !info.Output.Open && len(info.Output.Columns) > 0 {
			probes = append(probes, i)
		}
	}
	for _, i := range probes {
		var cols []string
		for _, c := range outputs[i].Columns {
			cols = append(cols, kql.QuoteIdent(c.Name))
		}
		queries = append(queries, checkCases[i].query+"\n| project "+strings.Join(cols, ", "))
	}
	results, err := oracle.Run(queries, "--schema", schema)
	require.NoError(t, err)

	quoted := regexp.MustCompile(`'([^']*)'`)
	for i, tc := range checkCases {
		r := results[i]
		var official []string
		for _, d := range append(r.Syntax, r.Semantic...) {
			if d.Severity != "Error" && d.Severity != "Warning" {
				continue
			}
			official = append(official, d.Code+" "+d.Message)
			switch d.Code {
			case "KS142", "KS204", "KS211", "KS205":
				if m := quoted.FindStringSubmatch(d.Message); m != nil && deliberate[tc.query] == "" {
					assert.Contains(t, tc.diags, nameOf(tc.diags, m[1]), "%s: the official analysis reports %q", tc.query, m[1])
				}
			}
		}
		// SR213 says kqlt did not check a control command: a warning
		// beyond the official analysis, which checks commands.
		var diags []string
		for _, d := range tc.diags {
			if !strings.HasPrefix(d, types.CodeCommand+" ") {
				diags = append(diags, d)
			}
		}
		assert.Equal(t, len(official) > 0, len(diags) > 0, "%s\nofficial: %v\nkqlt: %v", tc.query, official, tc.diags)
	}
	for j, i := range probes {
		r := results[len(checkCases)+j]
		assert.Empty(t, r.Semantic, "%s: the official analysis lacks columns of %s", checkCases[i].query, outputs[i])
	}
}

// deliberate lists the cases where kqlt departs from the official
// analysis on purpose, and why.
var deliberate = map[string]string{
	"SigninLogs | evaluate nope_plugin() | where x == 1": "an unknown plugin may be newer than Kusto.Language 12.4.1: its output is open, not an error",
	`graph("G") | graph-match (x)-->(y) project x.name`:  "a graph model the schema lacks is a warning and its nodes are open: no schema has graph models",
}

// nameOf returns the entry of diags ("code name") that names name, or a
// string no entry equals.
func nameOf(diags []string, name string) string {
	for _, d := range diags {
		if _, n, _ := strings.Cut(d, " "); n == name {
			return d
		}
	}
	return "a diagnostic naming " + name
}
