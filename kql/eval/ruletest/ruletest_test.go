package ruletest

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var now = time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)

// parseRule parses a rule written in a test.
func parseRule(t *testing.T, yml string) *rules.Rule {
	t.Helper()
	f, err := rules.Parse("rule.yaml", []byte(yml))
	require.NoError(t, err)
	r, err := f.Rule()
	require.NoError(t, err)
	return r
}

func table(t *testing.T, jsonl string) *eval.Table {
	t.Helper()
	tb, err := eval.ReadJSONL(strings.NewReader(jsonl), nil)
	require.NoError(t, err)
	return tb
}

const events = `{"TimeGenerated":"2025-06-02T11:00:00Z","Op":"KeyDelete","User":"alice@contoso.com","IP":"203.0.113.45"}
{"TimeGenerated":"2025-06-01T11:00:00Z","Op":"KeyDelete","User":"bob@contoso.com","IP":""}
{"TimeGenerated":"2025-05-20T11:00:00Z","Op":"KeyDelete","User":"carol@contoso.com","IP":"198.51.100.7"}
`

func rule(kind, period, op, threshold string) string {
	y := "id: 3f1c9c3e-0000-4000-8000-000000000001\nname: Deletes\nkind: " + kind + "\n"
	if period != "" {
		y += "queryFrequency: 1h\nqueryPeriod: " + period + "\n"
	}
	if op != "" {
		y += "triggerOperator: " + op + "\ntriggerThreshold: " + threshold + "\n"
	}
	return y + `query: |
  T
  | where Op == "KeyDelete"
  | extend Name = tostring(split(User, "@")[0])
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: Name
        columnName: Name
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IP
`
}

func TestRunWindowAndTrigger(t *testing.T) {
	tables := map[string]*eval.Table{"T": table(t, events), "Static": table(t, `{"a":1}`)}
	cases := []struct {
		name             string
		rule             string
		window           time.Duration
		rows             int
		fires            bool
		inWindow, static int
	}{
		{"scheduled sees its queryPeriod", rule("Scheduled", "1d", "gt", "0"), 0, 1, true, 1, 1},
		{"period boundaries are included", rule("Scheduled", "25h", "gt", "0"), 0, 2, true, 2, 1},
		{"ISO period", rule("Scheduled", "P14D", "gt", "0"), 0, 3, true, 3, 1},
		{"NRT sees every row", rule("NRT", "", "", ""), 0, 3, true, 3, 1},
		{"window option replaces the period", rule("Scheduled", "14d", "gt", "0"), 2 * time.Hour, 1, true, 1, 1},
		{"window option on NRT", rule("NRT", "", "", ""), 30 * time.Minute, 0, false, 0, 1},
		{"gt threshold", rule("Scheduled", "14d", "gt", "3"), 0, 3, false, 3, 1},
		{"lt", rule("Scheduled", "14d", "lt", "5"), 0, 3, true, 3, 1},
		{"eq", rule("Scheduled", "14d", "eq", "3"), 0, 3, true, 3, 1},
		{"ne", rule("Scheduled", "14d", "ne", "3"), 0, 3, false, 3, 1},
		{"ARM operator names", rule("Scheduled", "14d", "GreaterThan", "2"), 0, 3, true, 3, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Run(parseRule(t, tc.rule), Options{Now: now, Window: tc.window, Tables: tables})
			require.NoError(t, err)
			assert.Equal(t, tc.rows, res.RowCount)
			assert.Equal(t, tc.fires, res.Fires)
			assert.Equal(t, []Input{{Table: "Static", Rows: 1, InWindow: tc.static}, {Table: "T", Rows: 3, InWindow: tc.inWindow}}, res.Inputs)
		})
	}
}

func TestRunEntities(t *testing.T) {
	res, err := Run(parseRule(t, rule("NRT", "", "", "")), Options{Now: now, Tables: map[string]*eval.Table{"T": table(t, events)}})
	require.NoError(t, err)
	assert.Equal(t, []Entity{
		{Type: "Account", Fields: map[string]string{"Name": "alice"}, Row: 0},
		{Type: "IP", Fields: map[string]string{"Address": "203.0.113.45"}, Row: 0},
		{Type: "Account", Fields: map[string]string{"Name": "bob"}, Row: 1}, // an empty IP makes no IP entity
		{Type: "Account", Fields: map[string]string{"Name": "carol"}, Row: 2},
		{Type: "IP", Fields: map[string]string{"Address": "198.51.100.7"}, Row: 2},
	}, res.Entities)
	assert.Equal(t, "Account{Name=alice}", res.Entities[0].String())
}

func TestRunErrors(t *testing.T) {
	tables := map[string]*eval.Table{"T": table(t, events)}
	cases := []struct {
		name, rule, want string
		unsupported      bool
		noResult         bool
	}{
		{name: "unsupported function, placed in the file",
			rule: strings.Replace(rule("NRT", "", "", ""), `tostring(split(User, "@")[0])`, `tostring(parse_user(User))`, 1),
			want: "rule.yaml:7:28: unsupported: function parse_user() is not supported", unsupported: true},
		{name: "unknown column",
			rule: strings.Replace(rule("NRT", "", "", ""), `Op == "KeyDelete"`, `Operation == "KeyDelete"`, 1),
			want: `rule.yaml:6:11: no column or variable named "Operation"`},
		{name: "syntax error",
			rule: strings.Replace(rule("NRT", "", "", ""), `| where Op == "KeyDelete"`, `| where Op == `, 1),
			want: "rule.yaml:7:3: syntax error:"},
		{name: "entity mapping names a missing column",
			rule: strings.Replace(rule("NRT", "", "", ""), "columnName: IP", "columnName: ClientIP", 1),
			want: `rule.yaml:16:21: entity mapping IP.Address names column "ClientIP", which the query result does not have`},
		{name: "scheduled rule without a period", rule: rule("Scheduled", "", "", ""), want: "a scheduled rule needs a queryPeriod"},
		{name: "bad period", rule: rule("Scheduled", "soon", "gt", "0"), want: `rule.yaml:5:14: queryPeriod "soon" is not a duration`},
		{name: "bad operator", rule: rule("Scheduled", "1d", "gte", "0"), want: `rule.yaml:6:18: triggerOperator "gte" is not gt, lt, eq or ne`},
		{name: "no query", rule: "id: x\nname: y\nkind: NRT\nquery: ''\n", want: "the rule has no query", noResult: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Run(parseRule(t, tc.rule), Options{Now: now, Tables: tables})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			var e *Error
			require.True(t, errors.As(err, &e))
			assert.Equal(t, tc.unsupported, e.Unsupported)
			if tc.noResult {
				assert.Nil(t, res)
				return
			}
			require.NotNil(t, res)
			assert.False(t, res.Fires)
			require.NotEmpty(t, res.Errors)
			assert.Equal(t, *e, res.Errors[0])
		})
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"5m": 5 * time.Minute, "1h": time.Hour, "1d": 24 * time.Hour, "30s": 30 * time.Second, "14d": 14 * 24 * time.Hour,
		"PT5H": 5 * time.Hour, "P1D": 24 * time.Hour, "P1DT12H": 36 * time.Hour, "pt30m": 30 * time.Minute, "P2W": 14 * 24 * time.Hour,
		"1.00:00:00": 24 * time.Hour, "01:30:00": 90 * time.Minute, "1.5h": 90 * time.Minute,
	} {
		got, ok := ParseDuration(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "x", "P", "PT", "P1H", "PT1D", "1y", "h"} {
		_, ok := ParseDuration(bad)
		assert.False(t, ok, bad)
	}
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2025-06-02T12:00:00Z":      now,
		"2025-06-02T14:00:00+02:00": now,
		"2025-06-02 12:00":          now,
		"2025-06-02":                now.Truncate(24 * time.Hour),
	} {
		got, err := ParseTime(in)
		require.NoError(t, err, in)
		assert.True(t, want.Equal(got), "%s: %v", in, got)
	}
	_, err := ParseTime("tomorrow")
	assert.ErrorContains(t, err, `"tomorrow" is not a time`)
}

func TestLoadTables(t *testing.T) {
	name, file, err := ParseTableFlag("AzureDiagnostics=" + filepath.Join(bundledDir, "data", "mhsm-key-create-delete.jsonl"))
	require.NoError(t, err)
	assert.Equal(t, "AzureDiagnostics", name)
	schema, err := eval.LoadSchema(filepath.Join(bundledDir, "schema.json"))
	require.NoError(t, err)
	tables, err := LoadTables(map[string]string{name: file}, schema)
	require.NoError(t, err)
	tb := tables["AzureDiagnostics"]
	assert.Equal(t, 2, tb.NumRows())
	assert.Equal(t, len(schema["AzureDiagnostics"]), tb.NumColumns(), "every column of the data is in the schema")
	for _, bad := range []string{"AzureDiagnostics", "=x", "T="} {
		_, _, err := ParseTableFlag(bad)
		assert.Error(t, err, bad)
	}
	_, err = LoadTables(map[string]string{"T": "nope.jsonl"}, nil)
	assert.ErrorContains(t, err, "table T:")
}

// TestResultOutput checks the JSON and text forms of a result (the
// --json and default output of kqlt test) against golden files; run with
// -update to rewrite them.
func TestResultOutput(t *testing.T) {
	schema, err := eval.LoadSchema(filepath.Join(bundledDir, "schema.json"))
	require.NoError(t, err)
	tables, err := LoadTables(map[string]string{"AzureDiagnostics": filepath.Join(bundledDir, "data", "vault-key-create-delete.jsonl")}, schema)
	require.NoError(t, err)
	res, err := RunFile(filepath.Join(bundledDir, "..", "rules", "keyvault", "KeyVaultSensitiveOperations.yaml"), Options{Now: now, Tables: tables})
	require.NoError(t, err)
	res.File = "testdata/rules/keyvault/KeyVaultSensitiveOperations.yaml"
	js, err := json.MarshalIndent(res, "", "  ")
	require.NoError(t, err)
	var text bytes.Buffer
	require.NoError(t, res.WriteText(&text))
	golden(t, "result.json", append(js, '\n'))
	golden(t, "result.txt", text.Bytes())
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(bundledDir, "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), string(got), "%s differs; run go test -update and review the diff", path)
}
