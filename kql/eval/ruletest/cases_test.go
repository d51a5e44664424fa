package ruletest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// caseDir writes a rule and case files into a temporary directory.
func caseDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

func TestCaseFileRows(t *testing.T) {
	dir := caseDir(t, map[string]string{
		"rule.yaml": rule("NRT", "", "", ""),
		"cases.yaml": `
rule: rule.yaml
now: 2025-06-02T12:00:00Z
templates:
  base: &base {Op: KeyDelete, IP: 203.0.113.45, TimeGenerated: 2025-06-02T11:00:00Z}
  more: &more {N: 1, Ratio: 0.5, Ok: true, Nothing: null, When: "2025-06-02", Tags: [a, b], Bag: {k: v}}
cases:
  - name: inline and generated rows
    tables:
      T:
        rows:
          - {<<: [*base, *more], User: alice@contoso.com}
          - {<<: *base, Op: KeyGet, User: bob@contoso.com}
        generate:
          - count: 3
            row: {<<: *base, User: "u{i}-{i%2}-{i/2}@contoso.com"}
    expect:
      rows: 4
      entities:
        - {type: Account, fields: {Name: alice}}
        - {type: Account, fields: {Name: u2-0-1}}
`,
	})
	f, err := LoadCases(filepath.Join(dir, "cases.yaml"))
	require.NoError(t, err)
	require.Len(t, f.Cases, 1)
	c := f.Cases[0]
	assert.Equal(t, filepath.Join(dir, "rule.yaml"), c.Rule)
	assert.Equal(t, 8, c.Line)
	tables, err := c.BuildTables()
	require.NoError(t, err)
	tb := tables["T"]
	var names []string
	for _, col := range tb.Columns() {
		names = append(names, col.Name+":"+col.Type.String())
	}
	assert.Equal(t, []string{"Op:string", "IP:string", "TimeGenerated:datetime", "N:long", "Ratio:real", "Ok:bool",
		"Nothing:string", "When:datetime", "Tags:dynamic", "Bag:dynamic", "User:string"}, names)
	var users []string
	for i := 0; i < tb.NumRows(); i++ {
		v, _ := tb.Get(i, "User")
		users = append(users, v.String())
	}
	assert.Equal(t, []string{"alice@contoso.com", "bob@contoso.com", "u0-0-0@contoso.com", "u1-1-0@contoso.com", "u2-0-1@contoso.com"}, users)
	op, _ := tb.Get(1, "Op")
	assert.Equal(t, "KeyGet", op.String(), "an explicit key overrides a merged one")

	res := c.Run()
	assert.True(t, res.Pass, "%v", res.Failures)
}

func TestCaseFailures(t *testing.T) {
	dir := caseDir(t, map[string]string{
		"rule.yaml":  rule("Scheduled", "1d", "gt", "0"),
		"bad.jsonl":  "{\n",
		"data.jsonl": `{"TimeGenerated":"2025-06-02T11:00:00Z","Op":"KeyDelete","User":"alice@contoso.com","IP":"203.0.113.45"}` + "\n",
		"cases.yaml": `
rule: rule.yaml
now: 2025-06-02T12:00:00Z
tables:
  T: {file: data.jsonl}
cases:
  - name: passes
    expect: {fires: true, rows: 1, entities: [{type: IP, fields: {Address: 203.0.113.45}}]}
  - name: wrong expectations
    expect: {fires: false, rows: 2, entities: [{type: IP, fields: {Address: 10.0.0.1}}]}
  - name: expects an error
    expect: {error: unsupported}
  - name: a later now leaves the window
    now: 2025-06-04T00:00:00Z
    expect: {fires: true}
  - name: a window option
    now: 2025-06-02T12:30:00Z
    window: 1h
    expect: {fires: false}
  - name: missing rule
    rule: nope.yaml
    expect: {fires: true}
  - name: bad data
    tables:
      T: {file: bad.jsonl}
    expect: {fires: true}
`,
	})
	rep, err := RunCases(filepath.Join(dir, "cases.yaml"))
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Passed)
	assert.Equal(t, 5, rep.Failed)
	failures := map[string][]string{}
	for _, c := range rep.Cases {
		failures[c.Name] = c.Failures
	}
	assert.Nil(t, failures["passes"])
	assert.Equal(t, []string{
		"expected the rule not to fire, but it does (1 rows, trigger rows gt 0)",
		"expected 2 result rows, got 1",
		"expected entity IP{Address=10.0.0.1}, got [Account{Name=alice}, IP{Address=203.0.113.45}]",
	}, failures["wrong expectations"])
	assert.Equal(t, []string{`expected an error containing "unsupported", but the rule ran`}, failures["expects an error"])
	assert.Equal(t, []string{"expected the rule to fire, but it does not (0 rows, trigger rows gt 0)"}, failures["a later now leaves the window"])
	assert.Nil(t, failures["a window option"], "the event is 90 minutes old, outside a 1h window")
	require.Len(t, failures["missing rule"], 1)
	assert.Contains(t, failures["missing rule"][0], "error: ")
	assert.Contains(t, failures["missing rule"][0], "nope.yaml")
	require.Len(t, failures["bad data"], 1)
	assert.Contains(t, failures["bad data"][0], "table T: ")
	assert.Contains(t, failures["bad data"][0], "bad.jsonl:1: the JSON object ends before its closing }")

	var text bytes.Buffer
	require.NoError(t, rep.WriteText(&text))
	assert.Contains(t, text.String(), "ok   "+filepath.Join(dir, "cases.yaml")+":7: passes\n")
	assert.Contains(t, text.String(), "FAIL "+filepath.Join(dir, "cases.yaml")+":9: wrong expectations\n       expected the rule not to fire")
	assert.True(t, strings.HasSuffix(text.String(), "2 passed, 5 failed\n"))

	js, err := json.Marshal(rep)
	require.NoError(t, err)
	var back struct {
		Passed, Failed int
		Cases          []struct {
			Name   string
			Pass   bool
			Result *struct{ Fires bool }
		}
	}
	require.NoError(t, json.Unmarshal(js, &back))
	assert.Equal(t, 5, back.Failed)
	assert.True(t, back.Cases[0].Pass)
	assert.True(t, back.Cases[0].Result.Fires)
}

func TestCaseFileErrors(t *testing.T) {
	cases := map[string]struct{ yaml, want string }{
		"unknown top key":    {"rul: x\ncases: []\n", `cases.yaml:1: unknown key "rul" in the case file`},
		"no cases":           {"rule: r.yaml\n", "the case file has no cases"},
		"unknown case key":   {"rule: r.yaml\ncases:\n  - name: a\n    expects: {fires: true}\n", `cases.yaml:4: unknown key "expects" in a case`},
		"no name":            {"rule: r.yaml\ncases:\n  - expect: {fires: true}\n", "cases.yaml:3: a case needs a name"},
		"no rule":            {"cases:\n  - name: a\n    expect: {fires: true}\n", `case "a" has no rule`},
		"no expect":          {"rule: r.yaml\ncases:\n  - name: a\n", `case "a" has no expect`},
		"empty expect":       {"rule: r.yaml\ncases:\n  - name: a\n    expect: {}\n", "expect needs fires, rows, entities or error"},
		"duplicate name":     {"rule: r.yaml\ncases:\n  - {name: a, expect: {fires: true}}\n  - {name: a, expect: {fires: true}}\n", `cases.yaml:4: two cases are named "a"`},
		"bad fires":          {"rule: r.yaml\ncases:\n  - {name: a, expect: {fires: maybe}}\n", "fires must be true or false"},
		"bad rows":           {"rule: r.yaml\ncases:\n  - {name: a, expect: {rows: -1}}\n", "rows must be a number of rows"},
		"bad now":            {"rule: r.yaml\nnow: soon\ncases:\n  - {name: a, expect: {fires: true}}\n", `cases.yaml:2: "soon" is not a time`},
		"bad window":         {"rule: r.yaml\nwindow: 0m\ncases:\n  - {name: a, expect: {fires: true}}\n", `window "0m" is not a duration`},
		"file and rows":      {"rule: r.yaml\ntables: {T: {file: a.csv, rows: []}}\ncases:\n  - {name: a, expect: {fires: true}}\n", "a table takes a file, or rows and generate, not both"},
		"row not a mapping":  {"rule: r.yaml\ntables: {T: {rows: [1]}}\ncases:\n  - {name: a, expect: {fires: true}}\n", "a row must be a mapping"},
		"generator":          {"rule: r.yaml\ntables: {T: {generate: [{count: 2}]}}\ncases:\n  - {name: a, expect: {fires: true}}\n", "a generator needs a count and a row"},
		"entity":             {"rule: r.yaml\ncases:\n  - {name: a, expect: {entities: [{type: IP}]}}\n", "an entity needs a type and fields"},
		"missing schema":     {"rule: r.yaml\nschema: nope.json\ncases:\n  - {name: a, expect: {fires: true}}\n", "cases.yaml:2: "},
		"not a mapping":      {"- a\n", "a case file is a mapping"},
		"broken yaml":        {"rule: [\n", "cases.yaml:2:1: invalid YAML: did not find expected node content"},
		"merge of a scalar":  {"rule: r.yaml\ntables: {T: {rows: [{<<: 1}]}}\ncases:\n  - {name: a, expect: {fires: true}}\n", "a row must be a mapping"},
		"generator too many": {"rule: r.yaml\ntables: {T: {generate: [{count: 2000000, row: {a: 1}}]}}\ncases:\n  - {name: a, expect: {fires: true}}\n", "count must be a number from 0 to 1000000"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			dir := caseDir(t, map[string]string{"cases.yaml": tc.yaml})
			_, err := LoadCases(filepath.Join(dir, "cases.yaml"))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestExpandIndex(t *testing.T) {
	assert.Equal(t, "k7-1-2-{i%0}-{j}", expandIndex("k{i}-{i%3}-{i/3}-{i%0}-{j}", 7))
	assert.Equal(t, "plain", expandIndex("plain", 7))
}

func TestCaseDefaults(t *testing.T) {
	dir := caseDir(t, map[string]string{"cases.yaml": `
rule: rules/r.yaml
now: 2025-06-02T12:00:00Z
window: PT2H
tables:
  A: {file: data/a.jsonl}
  B: {rows: [{x: 1}]}
cases:
  - name: inherits
    expect: {fires: true}
  - name: overrides
    rule: other.yaml
    now: 2025-06-03
    window: 1d
    tables:
      B: {rows: [{x: 2}]}
    expect: {fires: true}
`})
	f, err := LoadCases(filepath.Join(dir, "cases.yaml"))
	require.NoError(t, err)
	a, b := f.Cases[0], f.Cases[1]
	assert.Equal(t, filepath.Join(dir, "rules", "r.yaml"), a.Rule)
	assert.Equal(t, 2*time.Hour, a.Window)
	assert.Equal(t, filepath.Join(dir, "data", "a.jsonl"), a.Tables["A"].File)
	assert.Equal(t, filepath.Join(dir, "other.yaml"), b.Rule)
	assert.Equal(t, time.Date(2025, 6, 3, 0, 0, 0, 0, time.UTC), b.Now)
	assert.Equal(t, 24*time.Hour, b.Window)
	assert.Equal(t, a.Tables["A"], b.Tables["A"])
	assert.NotEqual(t, a.Tables["B"], b.Tables["B"])
	assert.Equal(t, []string{"inherits", "overrides"}, f.CaseNames())
}

// TestCaseWatchlists runs the case files of testdata/watchlist: a rule
// reading _GetWatchlist, with the watchlist from a file or inline rows, and
// without it.
func TestCaseWatchlists(t *testing.T) {
	rep, err := RunCases(filepath.Join("testdata", "watchlist", "cases.yaml"))
	require.NoError(t, err)
	for _, c := range rep.Cases {
		assert.True(t, c.Pass, "%s: %v", c.Name, c.Failures)
	}
	require.Len(t, rep.Cases, 2)
	assert.Contains(t, rep.Cases[0].Result.Inputs, Input{Watchlist: "VIPUsers", Rows: 2, InWindow: 2})
	assert.Equal(t, "UserPrincipalName  IPAddress     Tier  Failures\nalice@contoso.com  198.51.100.7  gold  1\n", rep.Cases[0].Result.Rows.String())

	rep, err = RunCases(filepath.Join("testdata", "watchlist", "missing.yaml"))
	require.NoError(t, err)
	require.Len(t, rep.Cases, 1)
	assert.True(t, rep.Cases[0].Pass, "%v", rep.Cases[0].Failures)
	msg := rep.Cases[0].Result.Errors[0].Error()
	assert.Contains(t, msg, "rule.yaml:10:")
	assert.Contains(t, msg, `no watchlist with alias "VIPUsers" was supplied (no watchlists were supplied); supply it with kqlt test --watchlist VIPUsers=FILE, or under watchlists: in a test-case file`)
}

func TestParseCasesWatchlists(t *testing.T) {
	_, err := ParseCases("c.yaml", []byte("rule: r.yaml\nwatchlists: [a]\ncases:\n  - {name: a, expect: {fires: true}}\n"))
	assert.ErrorContains(t, err, "c.yaml:2: watchlists must map watchlist aliases to tables")
	_, err = ParseCases("c.yaml", []byte("rule: r.yaml\ncases:\n  - {name: a, watchlists: {W: {nope: 1}}, expect: {fires: true}}\n"))
	assert.ErrorContains(t, err, "c.yaml:3:")
	f, err := ParseCases("c.yaml", []byte("rule: r.yaml\nwatchlists: {W: {rows: [{SearchKey: a}]}, V: {file: v.csv}}\ncases:\n  - {name: a, watchlists: {W: {rows: [{SearchKey: b}, {SearchKey: c}]}}, expect: {fires: true}}\n  - {name: b, expect: {fires: true}}\n"))
	require.NoError(t, err)
	assert.Len(t, f.Cases[0].Watchlists["W"].Records, 2, "a case's watchlist replaces the file's")
	assert.Len(t, f.Cases[1].Watchlists["W"].Records, 1)
	assert.Equal(t, "v.csv", f.Cases[1].Watchlists["V"].File)
}
