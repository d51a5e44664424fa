package ruletest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/eval"
)

// aliasBomb is a "billion laughs" case file: nine levels of nine aliases.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("rule: rule.yaml\ntemplates:\n  l0: &l0 {a: lol}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "  l%d: &l%d [", i, i)
		for k := 0; k < 9; k++ {
			if k > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("tables:\n  T:\n    rows:\n      - {x: *l9}\ncases:\n  - {name: bomb, expect: {fires: true}}\n")
	return b.String()
}

// Hostile case files end with an error naming the file and line, in
// bounded time and memory.
func TestHostileCaseFiles(t *testing.T) {
	deep := "rule: rule.yaml\ntables:\n  T:\n    rows:\n      - {x: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "}\ncases:\n  - {name: deep, expect: {fires: true}}\n"
	for _, tc := range []struct{ name, yaml, want string }{
		{"alias bomb", aliasBomb(), "cases.yaml:16: the case file expands to more than 1000000 values (YAML aliases, merge keys and generate counts included)"},
		{"deep values", deep, "values nest deeper than 1000 levels"},
		{"generate total", "rule: rule.yaml\ntables:\n  T:\n    generate:\n" + strings.Repeat("      - {count: 300000, row: {a: 1, b: 2}}\n", 3) + "cases:\n  - {name: many, expect: {fires: true}}\n",
			"the case file expands to more than 1000000 values"},
		{"merge bomb", "rule: rule.yaml\ntemplates:\n  a: &a {x: 1, y: 2}\n  b: &b {<<: [*a, *a, *a, *a, *a, *a, *a, *a]}\n  c: &c {<<: [*b, *b, *b, *b, *b, *b, *b, *b]}\n  d: &d {<<: [*c, *c, *c, *c, *c, *c, *c, *c]}\n  e: &e {<<: [*d, *d, *d, *d, *d, *d, *d, *d]}\n  f: &f {<<: [*e, *e, *e, *e, *e, *e, *e, *e]}\n  g: &g {<<: [*f, *f, *f, *f, *f, *f, *f, *f]}\n  h: &h {<<: [*g, *g, *g, *g, *g, *g, *g, *g]}\ntables:\n  T:\n    rows:\n      - *h\ncases:\n  - {name: m, expect: {fires: true}}\n",
			"the case file expands to more than 1000000 values"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := caseDir(t, map[string]string{"cases.yaml": tc.yaml, "rule.yaml": rule("NRT", "", "", "")})
			_, err := LoadCases(filepath.Join(dir, "cases.yaml"))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// A case file larger than its limit is refused before it is parsed.
func TestCaseFileSizeLimit(t *testing.T) {
	dir := caseDir(t, map[string]string{"cases.yaml": "rule: r.yaml\n# " + strings.Repeat("x", 2000) + "\ncases: []\n"})
	_, err := LoadCasesLimits(filepath.Join(dir, "cases.yaml"), Limits{MaxInput: 1000})
	assert.ErrorContains(t, err, "cases.yaml: is 2026 bytes, more than the limit of 1000 bytes")
}

// A TimeGenerated that sample data made a string because one row holds an
// impossible date is an error naming the row, not a window silently
// skipped (the five-year-old KeyDelete of issue 11 would "fire").
func TestTimeGeneratedConflict(t *testing.T) {
	data := `{"TimeGenerated":"2020-06-02T09:14:03Z","Op":"KeyDelete","User":"a@x","IP":"1.2.3.4"}
{"TimeGenerated":"2025-02-30T09:14:03Z","Op":"KeyGet","User":"b@x","IP":"1.2.3.5"}
`
	tb, err := eval.ReadJSONL(strings.NewReader(data), nil)
	require.NoError(t, err)
	dir := caseDir(t, map[string]string{"rule.yaml": rule("Scheduled", "1d", "gt", "0")})
	now := time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)
	res, err := RunFile(filepath.Join(dir, "rule.yaml"), Options{Now: now, Tables: map[string]*eval.Table{"T": tb}})
	require.Error(t, err)
	assert.False(t, res.Fires)
	assert.Equal(t, `table T: line 2: row 2, column TimeGenerated: "2025-02-30T09:14:03Z" is not a datetime, but row 1 (line 1) holds a datetime: the column was read as a string (fix the value, or declare the column's type in a schema); the look-back window needs TimeGenerated to be a datetime`, err.Error())

	// A TimeGenerated of text only is refused too; one with no values
	// leaves no row in the window.
	tb, err = eval.ReadJSONL(strings.NewReader(`{"TimeGenerated":"yesterday","Op":"KeyDelete"}`), nil)
	require.NoError(t, err)
	_, err = RunFile(filepath.Join(dir, "rule.yaml"), Options{Now: now, Tables: map[string]*eval.Table{"T": tb}})
	assert.ErrorContains(t, err, `table T: row 1, column TimeGenerated: "yesterday" is a string, not a datetime`)
	tb, err = eval.ReadJSONL(strings.NewReader(`{"TimeGenerated":null,"Op":"KeyDelete","User":"a@x","IP":"1.2.3.4"}`), nil)
	require.NoError(t, err)
	res, err = RunFile(filepath.Join(dir, "rule.yaml"), Options{Now: now, Tables: map[string]*eval.Table{"T": tb}})
	require.NoError(t, err)
	assert.False(t, res.Fires)
	assert.Equal(t, 0, res.Inputs[0].InWindow)

	// In a case file the row is named by its line in the case file.
	dir = caseDir(t, map[string]string{"rule.yaml": rule("Scheduled", "1d", "gt", "0"), "cases.yaml": `rule: rule.yaml
now: 2025-06-02T12:00:00Z
cases:
  - name: old delete
    tables:
      T:
        rows:
          - {TimeGenerated: "2020-06-02T09:14:03Z", Op: KeyDelete, User: a@x}
          - {TimeGenerated: "2025-02-30T09:14:03Z", Op: KeyGet, User: b@x}
    expect: {fires: false}
`})
	rep, err := RunCases(filepath.Join(dir, "cases.yaml"))
	require.NoError(t, err)
	require.Len(t, rep.Cases, 1)
	assert.False(t, rep.Cases[0].Pass)
	assert.Contains(t, strings.Join(rep.Cases[0].Failures, "\n"), `row 2, column TimeGenerated: "2025-02-30T09:14:03Z" is not a datetime, but row 1 (line 8) holds a datetime`)
	assert.Contains(t, strings.Join(rep.Cases[0].Failures, "\n"), `cases.yaml:9: row 2, column TimeGenerated`)
}

// A case run is bounded by the case file's limits.
func TestCaseLimits(t *testing.T) {
	dir := caseDir(t, map[string]string{"rule.yaml": `id: 3f1c9c3e-0000-4000-8000-000000000002
name: cartesian
kind: NRT
query: |
  T | extend k = 1 | join kind=inner (T | extend k = 1) on k
`, "cases.yaml": `rule: rule.yaml
cases:
  - name: join
    tables:
      T:
        generate:
          - {count: 3000, row: {a: "x{i}"}}
    expect: {fires: true}
`})
	f, err := LoadCasesLimits(filepath.Join(dir, "cases.yaml"), Limits{MaxRows: 1_000_000})
	require.NoError(t, err)
	rep := f.Run()
	require.Len(t, rep.Cases, 1)
	assert.Contains(t, strings.Join(rep.Cases[0].Failures, "\n"), "join produces more than 1,000,000 rows, the row limit")
}
