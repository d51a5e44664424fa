package ruletest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzParseCases parses arbitrary bytes as a test-case file: it returns the
// cases or an error naming the file, never panics, and stops within the
// value budget (aliases, merge keys and generators included). Its seeds
// are the bundled case files and those below; fuzz it with
//
//	go test -fuzz=FuzzParseCases -fuzztime=2m ./kql/eval/ruletest
func FuzzParseCases(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "ruletests", "*.yaml"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, p := range []string{"cases.yaml", "missing.yaml"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "watchlist", p)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(aliasBomb()))
	f.Add([]byte("rule: r.yaml\ntemplates:\n  e: &e {a: 1}\ntables:\n  T:\n    rows:\n      - {<<: *e, b: [1, {c: d}]}\n    generate:\n      - {count: 3, row: {<<: *e, k: \"x{i%2}-{i/2}\"}}\ncases:\n  - {name: a, expect: {fires: true, rows: 1, entities: [{type: IP, fields: {Address: 1.2.3.4}}]}}\n"))
	f.Add([]byte("rule: r.yaml\nwatchlists:\n  W: {rows: [{SearchKey: a, X: 1}]}\ncases:\n  - {name: w, watchlists: {V: {generate: [{count: 2, row: {SearchKey: \"k{i}\"}}]}}, expect: {rows: 0}}\n"))
	f.Add([]byte("rule: [\n"))
	f.Add([]byte("- a\n"))
	f.Add([]byte("rule: r.yaml\ntables: {T: {rows: [{x: " + strings.Repeat("[", 1100) + strings.Repeat("]", 1100) + "}]}}\ncases:\n  - {name: d, expect: {fires: true}}\n"))
	defer func(b int) { caseValueBudget = b }(caseValueBudget)
	caseValueBudget = 20_000 // the bound is what is tested, not its size
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		f, err := ParseCases("fuzz/cases.yaml", data)
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("parsing took %v", d)
		}
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz/cases.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		if len(f.Cases) == 0 {
			t.Fatal("a case file without cases parsed")
		}
		for _, c := range f.Cases {
			if c.Name == "" || c.Rule == "" || c.Line < 1 {
				t.Fatalf("incomplete case: %+v", c)
			}
			for name, spec := range c.Tables {
				if len(spec.Lines) != len(spec.Records) {
					t.Fatalf("table %s: %d records, %d lines", name, len(spec.Records), len(spec.Lines))
				}
			}
			for alias, spec := range c.Watchlists {
				if len(spec.Lines) != len(spec.Records) {
					t.Fatalf("watchlist %s: %d records, %d lines", alias, len(spec.Records), len(spec.Lines))
				}
			}
		}
	})
}
