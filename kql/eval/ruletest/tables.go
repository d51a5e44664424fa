package ruletest

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/kqlt/kqlt/kql/eval"
)

// ParseTableFlag parses a --table argument, NAME=FILE.
func ParseTableFlag(s string) (name, file string, err error) {
	return parseNameFile("--table", s, "AzureDiagnostics=events.jsonl")
}

// ParseWatchlistFlag parses a --watchlist argument, ALIAS=FILE.
func ParseWatchlistFlag(s string) (alias, file string, err error) {
	return parseNameFile("--watchlist", s, "VIPUsers=vips.csv")
}

func parseNameFile(flag, s, example string) (name, file string, err error) {
	name, file, ok := strings.Cut(s, "=")
	name, file = strings.TrimSpace(name), strings.TrimSpace(file)
	if !ok || name == "" || file == "" {
		return "", "", fmt.Errorf("%s %q: expected NAME=FILE, such as %s", flag, s, example)
	}
	return name, file, nil
}

// LoadWatchlists loads sample watchlists from files (alias → path; JSON
// Lines, JSON or CSV by extension), of at most maxBytes bytes each (0 means
// 1 GiB). A watchlist file holds a SearchKey column (the value of the
// watchlist's key column) and the watchlist's own columns, whose types are
// inferred; it may hold the other eval.WatchlistColumns, which have the
// types declared there.
func LoadWatchlists(files map[string]string, maxBytes int64) (map[string]*eval.Table, error) {
	out := make(map[string]*eval.Table, len(files))
	for _, alias := range slices.Sorted(maps.Keys(files)) {
		t, err := eval.LoadTableLimit(files[alias], eval.WatchlistColumns, maxBytes)
		if err != nil {
			return nil, fmt.Errorf("watchlist %s: %w", alias, err)
		}
		out[alias] = t
	}
	return out, nil
}

// LoadTables loads sample tables from files (name → path; JSON Lines,
// JSON or CSV by extension), with the column types the schema declares for
// each name (schema may be nil: types are then inferred).
func LoadTables(files map[string]string, schema eval.Schema) (map[string]*eval.Table, error) {
	return LoadTablesLimit(files, schema, 0)
}

// LoadTablesLimit is LoadTables with files of at most maxBytes bytes each
// (0 means 1 GiB); see eval.LoadTableLimit.
func LoadTablesLimit(files map[string]string, schema eval.Schema, maxBytes int64) (map[string]*eval.Table, error) {
	out := make(map[string]*eval.Table, len(files))
	for _, name := range slices.Sorted(maps.Keys(files)) {
		t, err := eval.LoadTableLimit(files[name], schema[name], maxBytes)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// WriteText writes the result for a terminal: the rule, the window, the
// inputs, whether it fires, the entities and the result rows.
func (r *Result) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "rule:     %s (%s) — %s\n", r.Name, r.Kind, r.File)
	fmt.Fprintf(&b, "now:      %s\n", r.Now.Format(time.RFC3339Nano))
	if r.Window != nil {
		fmt.Fprintf(&b, "window:   %s .. %s (%s)\n", r.Window.From.Format(time.RFC3339Nano), r.Window.To.Format(time.RFC3339Nano), r.Window.Source)
	} else {
		fmt.Fprintf(&b, "window:   none (every row)\n")
	}
	for _, in := range r.Inputs {
		if in.Watchlist != "" {
			fmt.Fprintf(&b, "input:    watchlist %s: %d rows\n", in.Watchlist, in.Rows)
			continue
		}
		fmt.Fprintf(&b, "input:    %s: %d rows, %d in the window\n", in.Table, in.Rows, in.InWindow)
	}
	verdict := "does not fire"
	if r.Fires {
		verdict = "FIRES"
	}
	if len(r.Errors) > 0 {
		verdict = "ERROR"
	}
	rows := "rows"
	if r.RowCount == 1 {
		rows = "row"
	}
	fmt.Fprintf(&b, "result:   %d %s; trigger %s: %s\n", r.RowCount, rows, r.Trigger, verdict)
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "error:    %s\n", e.Error())
	}
	if len(r.Entities) > 0 {
		b.WriteString("entities:\n")
		for _, e := range r.Entities {
			fmt.Fprintf(&b, "  row %d: %s\n", e.Row, e)
		}
	}
	if r.Rows != nil && r.Rows.NumRows() > 0 {
		b.WriteString("rows:\n")
		var rows strings.Builder
		_ = r.Rows.WriteTextSummary(&rows, "Result.Rows holds every column")
		for _, line := range strings.SplitAfter(rows.String(), "\n") {
			if line != "" {
				b.WriteString("  " + line)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
