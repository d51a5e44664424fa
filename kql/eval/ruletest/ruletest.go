// Package ruletest runs Microsoft Sentinel analytic rules offline: it
// evaluates a rule's query over sample tables as Sentinel would schedule it,
// decides whether the rule fires under its trigger, and extracts the
// entities its entity mappings name. It also runs declarative test-case
// files (see LoadCases) so that rule repositories can keep rule unit tests.
//
// As Sentinel does, a scheduled rule sees only the rows whose TimeGenerated
// lies within its queryPeriod before now: from now-queryPeriod to now, both
// included. Tables without a TimeGenerated column are not filtered. An NRT
// rule (and a hunting query) has no period and sees every row, unless
// Options.Window is set (a window, when set, also replaces a scheduled
// rule's queryPeriod).
//
// A rule fires when its number of result rows satisfies triggerOperator
// (gt, lt, eq, ne, or the ARM names GreaterThan, LessThan, Equal,
// NotEqual) against triggerThreshold; a rule without them fires on any
// row (gt 0), as NRT rules do. Entities are extracted per result row: an
// entity of each mapping whose mapped columns are not all empty, with the
// values as tostring() renders them.
//
// Evaluation uses package eval; see it for the supported subset of KQL.
// A rule using something unsupported fails with an error naming it and its
// line and column in the rule file, never with a guess.
//
// # Test-case files
//
// A test-case file (kqlt test --cases FILE.yaml) declares sample tables and
// what a rule must do with them:
//
//	rule: rules/MyRule.yaml            # the rule of every case (a case may name its own)
//	schema: schema.json                # optional column types, kusto-oracle format
//	now: 2025-06-02T12:00:00Z          # evaluation time of every case (a case may set its own)
//	window: 1h                         # optional look-back window (NRT rules see every row without one)
//	templates:                         # ignored: a place for YAML anchors (&name) that rows merge (<<: *name)
//	  event: &event {ResourceType: MANAGEDHSMS, ResultType: Success}
//	tables:                            # tables of every case (a case's tables replace them by name)
//	  ThreatIntelligenceIndicator:
//	    file: data/indicators.jsonl    # JSON Lines, JSON or CSV
//	watchlists:                        # watchlists _GetWatchlist('alias') reads, by alias, as tables are given
//	  VIPUsers:                        # columns: SearchKey and the watchlist's own (see LoadWatchlists)
//	    rows:
//	      - {SearchKey: alice@contoso.com, Tier: "1"}
//	cases:
//	  - name: key delete fires
//	    tables:
//	      AzureDiagnostics:
//	        rows:                      # inline rows (instead of a file)
//	          - {<<: *event, TimeGenerated: 2025-06-02T10:00:00Z, OperationName: KeyDelete}
//	        generate:                  # and/or generated rows: count copies of row, numbered
//	          - count: 51              # i = 0..50; {i}, {i%N} and {i/N} in its strings are replaced
//	            row: {<<: *event, requestUri_s: "https://hsm.managedhsm.azure.net/keys/k{i%11}"}
//	    expect:                        # at least one of:
//	      fires: true
//	      rows: 1                      # number of result rows
//	      entities:                    # entities that must be among those extracted
//	        - type: Account
//	          fields: {AadUserId: 4f1c...}
//	      error: "unsupported"         # the run must fail with an error containing this text
//
// A case's tables and watchlists replace the file's by name. A watchlist the
// rule reads but the case does not give is an error naming it. Paths are
// relative to the case file. Unknown keys are errors. A case file
// is bounded: at most 16 MiB (LoadCasesLimits changes it), values nested at
// most 1000 levels, and at most MaxCaseValues values once YAML aliases,
// merge keys and generators are expanded (an alias bomb fails with an
// error naming the row, not by exhausting memory). A table
// built from rows takes its column types from the schema, or infers them
// (see eval.TableFromRecords); YAML timestamps are datetimes.
package ruletest

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/rules"
)

// Options controls a rule run.
type Options struct {
	// Now is the time the rule runs at: the value of now() and the end of
	// its time window. The zero value means the current time.
	Now time.Time

	// Window, when not zero, is the look-back window instead of the rule's
	// own (queryPeriod for scheduled rules, none for NRT rules).
	Window time.Duration

	// Tables are the sample tables, by name. A table the query names but
	// Tables lacks is an error (not an empty table).
	Tables map[string]*eval.Table

	// Watchlists are the sample watchlists _GetWatchlist('alias') reads,
	// by alias; see eval.Options.Watchlists and LoadWatchlists. The look-back
	// window does not filter them. A watchlist the query reads but
	// Watchlists lacks is an error naming it.
	Watchlists map[string]*eval.Table

	// MaxRows and MaxMemory bound the evaluation; see eval.Options.
	MaxRows   int
	MaxMemory int64
}

// Result is the outcome of running a rule. It marshals to JSON as the
// --json output of kqlt test.
type Result struct {
	File     string      `json:"file"`             // the rule file
	Name     string      `json:"name"`             // the rule's display name
	Kind     string      `json:"kind"`             // Scheduled, NRT or "hunting query"
	Now      time.Time   `json:"now"`              // the evaluation time
	Window   *Window     `json:"window,omitempty"` // the TimeGenerated window the query saw; nil when it saw every row
	Inputs   []Input     `json:"inputs"`           // the tables supplied, with how many rows the window kept
	Trigger  Trigger     `json:"trigger"`
	RowCount int         `json:"rowCount"`        // result rows
	Fires    bool        `json:"fires"`           // whether the rule raises an alert
	Rows     *eval.Table `json:"table,omitempty"` // the result rows, {"columns": [...], "rows": [[...], ...]}
	Entities []Entity    `json:"entities"`
	Errors   []Error     `json:"errors,omitempty"`
}

// Window is the time range of the rows a rule sees.
type Window struct {
	From   time.Time     `json:"from"`
	To     time.Time     `json:"to"`
	Period time.Duration `json:"-"`
	Source string        `json:"source"` // "queryPeriod 1d" or "window option"
}

// Input describes one supplied table or watchlist.
type Input struct {
	Table    string `json:"table,omitempty"`
	Rows     int    `json:"rows"`     // rows supplied
	InWindow int    `json:"inWindow"` // rows the rule's time window kept
	// Watchlist is the alias of a watchlist (Table is then empty); the
	// window does not filter it.
	Watchlist string `json:"watchlist,omitempty"`
}

// Trigger is the rule's alert condition: rows Operator Threshold.
type Trigger struct {
	Operator  string `json:"operator"` // gt, lt, eq or ne
	Threshold int    `json:"threshold"`
}

// Holds reports whether n result rows satisfy the trigger.
func (t Trigger) Holds(n int) bool {
	switch t.Operator {
	case "gt":
		return n > t.Threshold
	case "lt":
		return n < t.Threshold
	case "eq":
		return n == t.Threshold
	case "ne":
		return n != t.Threshold
	}
	return false
}

func (t Trigger) String() string { return fmt.Sprintf("rows %s %d", t.Operator, t.Threshold) }

// Entity is an entity extracted from one result row.
type Entity struct {
	Type   string            `json:"type"`   // Account, IP, AzureResource...
	Fields map[string]string `json:"fields"` // identifier → value
	Row    int               `json:"row"`    // the result row it comes from (0-based)
}

func (e Entity) String() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + e.Fields[k]
	}
	return e.Type + "{" + strings.Join(parts, ", ") + "}"
}

// Error is a problem with a rule or its run, placed in the rule file.
type Error struct {
	File        string `json:"file,omitempty"`
	Line        int    `json:"line,omitempty"` // position in the rule file
	Column      int    `json:"column,omitempty"`
	QueryLine   int    `json:"queryLine,omitempty"` // position in the query, for errors in it
	QueryColumn int    `json:"queryColumn,omitempty"`
	Field       string `json:"field,omitempty"` // "query", "queryPeriod", "entityMappings[0].fieldMappings[1].columnName"...
	Message     string `json:"message"`
	Unsupported bool   `json:"unsupported,omitempty"` // the query uses something the evaluator does not implement
	Limit       string `json:"limit,omitempty"`       // "rows" or "memory": the run went over a budget (see eval.Error)
	Watchlist   string `json:"watchlist,omitempty"`   // the alias of a watchlist the query reads and the run was not given
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", e.Line, e.Column)
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	if e.Unsupported {
		b.WriteString("unsupported: ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// RunFile loads the rule file at path and runs it; see Run.
func RunFile(path string, opts Options) (*Result, error) {
	f, err := rules.Load(path)
	if err != nil {
		return nil, err
	}
	r, err := f.Rule()
	if err != nil {
		return nil, err
	}
	return Run(r, opts)
}

// Run runs a rule over opts.Tables. It returns a Result even when the run
// fails, with Errors describing the failure (Fires is then false); the
// error returned is then the first of them. A rule file problem that leaves
// nothing to run (no query) gives a nil Result.
func Run(r *rules.Rule, opts Options) (*Result, error) {
	file := r.File().Name()
	query, qerr := r.QueryText()
	if qerr != nil {
		e := &Error{File: file, Field: "query", Message: qerr.Error()}
		var re *rules.Error
		if errors.As(qerr, &re) {
			e.Line, e.Column, e.Message = re.Pos.Line, re.Pos.Column, "query "+re.Msg
		}
		return nil, e
	}
	if strings.TrimSpace(query) == "" {
		return nil, &Error{File: file, Field: "query", Message: "the rule has no query"}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(100 * time.Nanosecond)
	res := &Result{File: file, Name: r.Name(), Kind: r.Kind(), Now: now, Entities: []Entity{}}
	if res.Kind == "" {
		res.Kind = "hunting query"
	}
	fail := func(e *Error) (*Result, error) {
		res.Errors = append(res.Errors, *e)
		res.Fires = false
		return res, e
	}

	trig, terr := trigger(r)
	res.Trigger = trig
	if terr != nil {
		return fail(terr)
	}

	// The time window.
	switch {
	case opts.Window > 0:
		res.Window = &Window{From: now.Add(-opts.Window), To: now, Period: opts.Window, Source: "window option"}
	case r.Kind() == "NRT", r.Kind() == "": // NRT rules and hunting queries have no period
	default:
		p := r.QueryPeriod()
		if p == "" {
			return fail(&Error{File: file, Line: 1, Column: 1, Field: "queryPeriod", Message: "a scheduled rule needs a queryPeriod (or give a window)"})
		}
		d, ok := ParseDuration(p)
		if !ok || d <= 0 {
			pos := r.Pos("queryPeriod")
			return fail(&Error{File: file, Line: pos.Line, Column: pos.Column, Field: "queryPeriod", Message: fmt.Sprintf("queryPeriod %q is not a duration", p)})
		}
		res.Window = &Window{From: now.Add(-d), To: now, Period: d, Source: "queryPeriod " + p}
	}
	tables := make(map[string]*eval.Table, len(opts.Tables))
	names := make([]string, 0, len(opts.Tables))
	for name := range opts.Tables {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t := opts.Tables[name]
		in := Input{Table: name, Rows: t.NumRows()}
		if res.Window != nil {
			if err := timeGeneratedProblem(t); err != nil {
				return fail(&Error{Field: "TimeGenerated", Message: fmt.Sprintf("table %s: %v; the look-back window needs TimeGenerated to be a datetime", name, err)})
			}
			t = inWindow(t, res.Window)
		}
		in.InWindow = t.NumRows()
		tables[name] = t
		res.Inputs = append(res.Inputs, in)
	}

	aliases := make([]string, 0, len(opts.Watchlists))
	for alias := range opts.Watchlists {
		aliases = append(aliases, alias)
	}
	sort.Strings(aliases)
	for _, alias := range aliases {
		n := opts.Watchlists[alias].NumRows()
		res.Inputs = append(res.Inputs, Input{Watchlist: alias, Rows: n, InWindow: n})
	}

	// The query.
	q, err := kql.Parse(query)
	if err != nil {
		return fail(queryError(r, err))
	}
	rows, err := eval.Eval(q, eval.Options{Now: now, Tables: tables, Watchlists: opts.Watchlists, MaxRows: opts.MaxRows, MaxMemory: opts.MaxMemory})
	if err != nil {
		return fail(queryError(r, err))
	}
	res.Rows = rows
	res.RowCount = rows.NumRows()
	res.Fires = trig.Holds(res.RowCount)

	// The entities.
	ents, errs := entities(r, rows)
	res.Entities = ents
	if len(errs) > 0 {
		res.Errors = append(res.Errors, errs...)
		res.Fires = false
		return res, &res.Errors[0]
	}
	return res, nil
}

// trigger reads the rule's trigger; a rule without one fires on any row.
func trigger(r *rules.Rule) (Trigger, *Error) {
	t := Trigger{Operator: "gt", Threshold: 0}
	if op := r.TriggerOperator(); op != "" {
		switch strings.ToLower(op) {
		case "gt", "greaterthan":
			t.Operator = "gt"
		case "lt", "lessthan":
			t.Operator = "lt"
		case "eq", "equal":
			t.Operator = "eq"
		case "ne", "notequal":
			t.Operator = "ne"
		default:
			pos := r.Pos("triggerOperator")
			return t, &Error{File: r.File().Name(), Line: pos.Line, Column: pos.Column, Field: "triggerOperator",
				Message: fmt.Sprintf("triggerOperator %q is not gt, lt, eq or ne", op)}
		}
	}
	if r.Node("triggerThreshold") != nil {
		n, ok := r.TriggerThreshold()
		if !ok {
			pos := r.Pos("triggerThreshold")
			return t, &Error{File: r.File().Name(), Line: pos.Line, Column: pos.Column, Field: "triggerThreshold",
				Message: "triggerThreshold is not an integer"}
		}
		t.Threshold = n
	}
	return t, nil
}

// timeGeneratedProblem says why a table's TimeGenerated column cannot
// place its rows in time: sample data made it a string (or another type)
// although it must hold datetimes. Without it, the window would be
// skipped silently. A column with no value at all is fine: its rows have
// no time, and lie in no window.
func timeGeneratedProblem(t *eval.Table) error {
	j := t.ColumnIndex("TimeGenerated")
	if j < 0 || t.Columns()[j].Type == eval.TypeDateTime {
		return nil
	}
	if err := t.DateTimeConflict("TimeGenerated"); err != nil {
		return err
	}
	for i := 0; i < t.NumRows(); i++ {
		if v := t.Value(i, j); !v.IsNull() && v.String() != "" {
			return fmt.Errorf("row %d, column TimeGenerated: %q is a %s, not a datetime", i+1, v.String(), v.Type())
		}
	}
	return nil
}

// inWindow keeps the rows whose TimeGenerated lies in the window. Rows
// without a TimeGenerated lie in no window.
func inWindow(t *eval.Table, w *Window) *eval.Table {
	j := t.ColumnIndex("TimeGenerated")
	if j < 0 {
		return t
	}
	if t.Columns()[j].Type != eval.TypeDateTime { // no value: see timeGeneratedProblem
		return t.Filter(func(int) bool { return false })
	}
	return t.Filter(func(i int) bool {
		v := t.Value(i, j)
		if v.IsNull() {
			return false
		}
		ts := v.Time()
		return !ts.Before(w.From) && !ts.After(w.To)
	})
}

// queryError places an error of the query in the rule file.
func queryError(r *rules.Rule, err error) *Error {
	out := &Error{File: r.File().Name(), Field: "query", Message: err.Error()}
	var pos kql.Position
	var ee *eval.Error
	var pe *kql.Error
	switch {
	case errors.As(err, &ee):
		pos, out.Message, out.Unsupported, out.Limit = ee.Pos, ee.Msg, ee.Unsupported, ee.Limit
		if ee.Watchlist != "" {
			out.Watchlist = ee.Watchlist
			out.Message += fmt.Sprintf("; supply it with kqlt test --watchlist %s=FILE, or under watchlists: in a test-case file", ee.Watchlist)
		}
	case errors.As(err, &pe):
		pos, out.Message = pe.Pos, "syntax error: "+pe.Msg
	}
	if pos.IsValid() {
		fp := r.QueryPosition(pos.Offset)
		out.Line, out.Column = fp.Line, fp.Column
		out.QueryLine, out.QueryColumn = pos.Line, pos.Column
	} else {
		fp := r.Pos("query")
		out.Line, out.Column = fp.Line, fp.Column
	}
	return out
}

// entities extracts the entities of each result row. A mapped column that
// the result lacks is an error, as it is when Sentinel validates the rule.
func entities(r *rules.Rule, rows *eval.Table) ([]Entity, []Error) {
	var errs []Error
	maps := r.EntityMappings()
	type field struct {
		id  string
		col int
	}
	cols := make([][]field, len(maps))
	for m, em := range maps {
		for _, fm := range em.FieldMappings {
			j := rows.ColumnIndex(fm.ColumnName)
			if j < 0 {
				pos := r.Pos(fm.Path + ".columnName")
				errs = append(errs, Error{File: r.File().Name(), Line: pos.Line, Column: pos.Column, Field: fm.Path + ".columnName",
					Message: fmt.Sprintf("entity mapping %s.%s names column %q, which the query result does not have", em.EntityType, fm.Identifier, fm.ColumnName)})
				continue
			}
			cols[m] = append(cols[m], field{fm.Identifier, j})
		}
	}
	out := []Entity{}
	for i := 0; i < rows.NumRows(); i++ {
		for m, em := range maps {
			e := Entity{Type: em.EntityType, Fields: map[string]string{}, Row: i}
			for _, f := range cols[m] {
				if s := rows.Value(i, f.col).String(); s != "" {
					e.Fields[f.id] = s
				}
			}
			if len(e.Fields) > 0 {
				out = append(out, e)
			}
		}
	}
	return out, errs
}

// ParseDuration parses a duration: the forms rule files use (see
// rules.ParseDuration: 5m, 1h, 1d, ISO 8601 such as PT5H or P1DT12H, a .NET
// TimeSpan such as 1.00:00:00), and for windows given by hand also seconds
// (30s), weeks (P2W) and any KQL timespan (1.5h).
func ParseDuration(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if d, ok := rules.ParseDuration(s); ok {
		return d, true
	}
	if n, err := strconv.Atoi(strings.TrimSuffix(s, "s")); err == nil && n >= 0 && strings.HasSuffix(s, "s") {
		return time.Duration(n) * time.Second, true
	}
	if u := strings.ToUpper(s); strings.HasPrefix(u, "P") {
		if n, err := strconv.Atoi(strings.TrimSuffix(u[1:], "W")); err == nil && n >= 0 && strings.HasSuffix(u, "W") {
			return time.Duration(n) * 7 * 24 * time.Hour, true
		}
		return 0, false
	}
	if s == "" {
		return 0, false
	}
	// Other KQL timespan forms.
	res, err := eval.Run("print totimespan("+strconv.Quote(s)+")", eval.Options{})
	if err != nil || res.Value(0, 0).IsNull() {
		return 0, false
	}
	return res.Value(0, 0).Duration(), true
}

// ParseTime parses an evaluation time: RFC 3339 (2025-06-02T12:00:00Z),
// or any datetime form KQL accepts (2025-06-02 12:00, 2025-06-02), as UTC.
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s)); err == nil {
		return t.UTC(), nil
	}
	res, err := eval.Run("print todatetime("+strconv.Quote(s)+")", eval.Options{})
	if err != nil || res.Value(0, 0).IsNull() {
		return time.Time{}, fmt.Errorf("%q is not a time (use 2025-06-02T12:00:00Z)", s)
	}
	return res.Value(0, 0).Time(), nil
}
