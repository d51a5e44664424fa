package verify

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/kql/eval/ruletest"
	"github.com/kqlt/kqlt/kql/types"
	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
)

// DefaultSeed is the seed of the generator when Options.Seed is 0.
const DefaultSeed = 1

// Defaults of the bounds in Options.
const (
	DefaultMaxEvents = 5_000
	DefaultMaxRows   = 1_000_000
	DefaultMaxMemory = 128 << 20
	DefaultMaxSearch = 200
	DefaultMaxCases  = 300
)

// DefaultNow is the evaluation time when Options.Now is zero: a fixed
// time, so that the same rule, profile and seed give the same cases.
var DefaultNow = time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)

var fixedNow = DefaultNow

// Options controls a verification.
type Options struct {
	// Seed changes the generated values (identities, addresses, object
	// names), not the structure of the cases. 0 means DefaultSeed.
	Seed int64

	// Now is the time the rules run at (DefaultNow when zero).
	Now time.Time

	// Schema gives the tables and the types of their columns (package
	// kql/schema: schema.Default() is Microsoft Sentinel's). Columns it does
	// not list get types by Azure Monitor's naming conventions (_s string,
	// _d real, _b bool, _t datetime) or from how the query uses them. nil
	// means no schema.
	Schema types.Database

	// MaxEvents bounds the events of one case (DefaultMaxEvents when 0).
	// A threshold that would need more is reported as not covered.
	MaxEvents int

	// MaxRows bounds the rows any operator of either rule may produce on
	// one case (DefaultMaxRows when 0): a query that would exceed it is
	// unverifiable, with the evaluator's message.
	MaxRows int

	// MaxMemory bounds the bytes one run of either rule may build, as the
	// evaluator estimates them (DefaultMaxMemory when 0); a query that
	// would exceed it is unverifiable, with the evaluator's message.
	MaxMemory int64

	// MaxSearch bounds the rule runs spent looking for events that make
	// the original rule fire (DefaultMaxSearch when 0).
	MaxSearch int

	// MaxCases bounds the cases (DefaultMaxCases when 0); the events of
	// all cases together are bounded by 20 × MaxEvents. Cases beyond the
	// bounds are left out, and the result says so.
	MaxCases int
}

func (o *Options) defaults() {
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.Now.IsZero() {
		o.Now = DefaultNow
	}
	o.Now = o.Now.UTC().Truncate(100 * time.Nanosecond)
	if o.MaxEvents <= 0 {
		o.MaxEvents = DefaultMaxEvents
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxMemory <= 0 {
		o.MaxMemory = DefaultMaxMemory
	}
	if o.MaxSearch <= 0 {
		o.MaxSearch = DefaultMaxSearch
	}
	if o.MaxCases <= 0 {
		o.MaxCases = DefaultMaxCases
	}
}

// Outcome is the verdict of a verification.
type Outcome string

// The outcomes.
const (
	// Verified: the cases ran, and the rules agree on every one.
	Verified Outcome = "verified"
	// Disagrees: on some events the rules differ; Result.Counterexample
	// shows the smallest such events found.
	Disagrees Outcome = "disagrees"
	// Unverifiable: the rules cannot be compared on data; Result.Reason
	// says why (the evaluator does not support the query, or the profile
	// cannot map events).
	Unverifiable Outcome = "unverifiable"
)

// Result is the outcome of verifying one conversion.
type Result struct {
	Outcome        Outcome         `json:"outcome"`
	Reason         string          `json:"reason,omitempty"` // why it is unverifiable, or what differs
	Seed           int64           `json:"seed"`
	Now            time.Time       `json:"now"`
	Cases          []*Case         `json:"cases,omitempty"`
	Thresholds     []Threshold     `json:"thresholds,omitempty"`
	Counterexample *Counterexample `json:"counterexample,omitempty"`
	Notes          []string        `json:"notes,omitempty"`

	v *verifier // the state of the verification, for CaseFile
}

// Case is one generated case: events, and what each rule did with them.
type Case struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`   // base, empty, value, threshold, trigger, join or mixed
	Events int    `json:"events"` // source events, those with operations the target lacks included

	// Original is the original rule on the events the target has, its
	// output mapped to the target; Converted is the converted rule on those
	// events mapped to the target. They must be equal.
	Original  Alerts `json:"original"`
	Converted Alerts `json:"converted"`
	// Unmapped is the converted rule on the source events as they are;
	// it must be what the converted rule gives without them (no alerts,
	// for rules that only report what they find).
	Unmapped Alerts `json:"unmapped"`
	Agree    bool   `json:"agree"`

	scenarios []scenario
	src       map[string][]eval.Record // the source events
	blocks    map[string][]block       // their blocks
	mapped    map[string][]eval.Record // the events the target has, mapped
	in        map[string][]eval.Record // the events the target has, unmapped
	original  *ruletest.Result         // the original rule's raw result
	converted *ruletest.Result
	unmapped  *ruletest.Result
	baseline  Alerts
	th        *threshold // the threshold a threshold case is beside
	at        float64    // the value it gives the threshold's aggregate
}

// Alerts summarizes a rule's run: whether it fires, its rows, and per row
// the entities and custom details it raises.
type Alerts struct {
	Fires  bool     `json:"fires"`
	Rows   int      `json:"rows"`
	Alerts []string `json:"alerts,omitempty"` // one per result row, sorted
	Error  string   `json:"error,omitempty"`
}

func (a Alerts) String() string {
	if a.Error != "" {
		return "error: " + a.Error
	}
	verdict := "does not fire"
	if a.Fires {
		verdict = "fires"
	}
	return fmt.Sprintf("%d %s, %s", a.Rows, plural(a.Rows, "row", "rows"), verdict)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Threshold is a threshold the query compares an aggregate with, or the
// trigger's, and whether cases on both sides of it ran.
type Threshold struct {
	// What is compared: count() > 25, dcount(requestUri_s) > 10,
	// sum(BytesSent) > 1000000000, array_length(make_set(x)) >= 5,
	// triggerThreshold: rows gt 0.
	What  string `json:"what"`
	Where string `json:"where,omitempty"` // the comparison as the query writes it
	// Below and Above are the values of the aggregate tested on one side
	// and on the other (for == and between, the lowest and the highest of
	// the values tested); both 0 when no case could be made.
	Below   float64 `json:"below"`
	Above   float64 `json:"above"`
	Covered bool    `json:"covered"`        // the original rule did something else on each side of each edge
	Note    string  `json:"note,omitempty"` // why it is not covered
}

func (t Threshold) String() string {
	s := t.What
	if t.Below != t.Above {
		s += fmt.Sprintf(" (%s, %s)", formatNumber(t.Below), formatNumber(t.Above))
	}
	if !t.Covered {
		s += " not covered"
		if t.Note != "" {
			s += ": " + t.Note
		}
	}
	return s
}

// Counterexample is a smallest set of events on which the rules differ:
// removing any one of them makes the difference vanish.
type Counterexample struct {
	Case        string   `json:"case"`  // the case it was shrunk from
	Check       string   `json:"check"` // "mapped" (the rules differ) or "unmapped" (the converted rule fires on source events)
	Shrunk      int      `json:"shrunkFrom"`
	Events      []Event  `json:"events"`
	Original    Alerts   `json:"original"`
	Converted   Alerts   `json:"converted"`
	Differences []string `json:"differences"`
	Mapped      []string `json:"mapped,omitempty"` // the values the mapping changed: VAULTS → MANAGEDHSMS

	elems []element // the events, as the rules saw them
}

// Event is a source event: a row of a table.
type Event struct {
	Table  string  `json:"table"`
	Fields []Field `json:"fields"`
}

// Field is a column of an event.
type Field struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Conversion verifies that converted, the conversion of the rule src by
// profile p, detects on the target what src detects on the source: it
// generates events from src's query, runs src on them and converted on
// them mapped by p, and compares the alerts. The error is a problem with
// the inputs (a query that does not parse); every other outcome is in the
// Result.
func Conversion(src, converted *rules.Rule, p *transform.Profile, opts Options) (*Result, error) {
	opts.defaults()
	res := &Result{Seed: opts.Seed, Now: opts.Now}
	sq, err := kql.Parse(src.Query())
	if err != nil {
		return nil, fmt.Errorf("%s: the query does not parse: %w", src.File().Name(), err)
	}
	cq, err := kql.Parse(converted.Query())
	if err != nil {
		return nil, fmt.Errorf("%s: the converted query does not parse: %w", src.File().Name(), err)
	}
	sch := newSchemas(opts.Schema)
	f := analyze(sq, sch)
	cf := analyze(cq, sch)
	period := time.Duration(0)
	if k := src.Kind(); k != "NRT" && k != "" {
		if d, ok := ruletest.ParseDuration(src.QueryPeriod()); ok {
			period = d
		}
	}
	pl := newPlan(f, p, &opts, period)
	m := &mapper{p: p, pl: pl, events: p.EventColumns()}
	v := &verifier{res: res, src: src, conv: converted, p: p, pl: pl, m: m, opts: &opts, convTables: cf.tables, schema: sch}
	res.v = v

	// What the evaluator cannot run, it cannot verify.
	for _, r := range []*rules.Rule{src, converted} {
		if reason, ok := v.unsupported(r); !ok {
			res.Outcome, res.Reason = Unverifiable, reason
			return res, nil
		}
	}
	for _, e := range f.errs {
		res.Notes = append(res.Notes, "a constant of the query could not be evaluated: "+e)
	}

	v.generate()
	if res.Outcome != "" {
		return res, nil
	}
	var failing []*Case
	for _, c := range res.Cases {
		if stop := v.run(c); stop {
			return res, nil
		}
		if !c.Agree {
			failing = append(failing, c)
		}
	}
	v.thresholds()
	if len(failing) > 0 {
		sort.SliceStable(failing, func(i, j int) bool { return failing[i].Events < failing[j].Events })
		res.Outcome = Disagrees
		res.Counterexample = v.shrink(failing[0])
		res.Reason = fmt.Sprintf("%d of %d cases differ; smallest counterexample: %d %s",
			len(failing), len(res.Cases), len(res.Counterexample.Events), plural(len(res.Counterexample.Events), "event", "events"))
		return res, nil
	}
	res.Outcome = Verified
	fires := false
	for _, c := range res.Cases {
		fires = fires || c.Original.Fires
	}
	if !fires {
		res.Notes = append(res.Notes, "no generated case makes the original rule fire: the cases only show that both rules stay silent")
	}
	return res, nil
}

// verifier holds the state of one verification.
type verifier struct {
	res        *Result
	src, conv  *rules.Rule
	p          *transform.Profile
	pl         *plan
	m          *mapper
	opts       *Options
	convTables []string
	schema     *schemas
	runs       int
}

// unsupported runs a rule on empty tables: the evaluator checks the whole
// query for what it does not implement before it reads a row.
func (v *verifier) unsupported(r *rules.Rule) (string, bool) {
	q, err := kql.Parse(r.Query())
	if err != nil {
		return "", true
	}
	tables := map[string]*eval.Table{}
	for _, t := range analyze(q, v.schema).tables {
		cols := v.pl.cols[t]
		if cols == nil {
			cols = v.m.targetColumnsByName(t)
		}
		tables[t], _ = eval.NewTable(v.withIngestion(withSchema(v.schema.of(t), cols)), nil)
	}
	_, err = v.runOn(r, tables)
	var re *ruletest.Error
	if errors.As(err, &re) && re.Unsupported {
		return "the evaluator does not support what the query uses: " + re.Error(), false
	}
	return "", true
}

// targetColumnsByName returns the target columns of the source table that
// has target name t.
func (m *mapper) targetColumnsByName(t string) []eval.Column {
	for _, s := range m.pl.tables {
		if m.targetTable(s) == t {
			return m.targetColumns(s)
		}
	}
	return nil
}

// withSchema returns the schema's columns followed by the generated ones
// it lacks.
func withSchema(schema, cols []eval.Column) []eval.Column {
	out := append([]eval.Column{}, schema...)
	for _, c := range cols {
		if !hasColumn(out, c.Name) {
			out = append(out, c)
		}
	}
	return out
}

// sourceColumns returns the columns of a source table, schema included.
func (v *verifier) sourceColumns(t string) []eval.Column {
	return withSchema(v.schema.of(t), v.pl.cols[t])
}

// tableColumns returns the columns a table of either side is built with: a
// table that both sides have (AzureDiagnostics, whose columns may be
// renamed) has the columns of both, so that it is the same table.
func (v *verifier) tableColumns(name string) []eval.Column {
	var cols []eval.Column
	cols = append(cols, v.schema.of(name)...)
	for _, t := range v.pl.tables {
		if t == name {
			cols = withSchema(cols, v.pl.cols[t])
		}
		if v.m.targetTable(t) == name {
			cols = withSchema(cols, v.m.targetColumns(t))
		}
	}
	return v.withIngestion(cols)
}

// withIngestion returns cols with the hidden ingestion time column when
// the rules call ingestion_time(): every event has one.
func (v *verifier) withIngestion(cols []eval.Column) []eval.Column {
	if !v.pl.f.ingest {
		return cols
	}
	return append(cols, eval.Column{Name: eval.IngestionTimeField, Type: eval.TypeDateTime})
}

// tables builds eval tables from records; every name in need gets a table,
// empty if there are no records.
func (v *verifier) tables(recs map[string][]eval.Record, need []string) (map[string]*eval.Table, error) {
	out := map[string]*eval.Table{}
	names := append([]string{}, need...)
	for t := range recs {
		names = append(names, t)
	}
	for _, t := range uniq(names) {
		tab, err := eval.TableFromRecords(recs[t], v.tableColumns(t))
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", t, err)
		}
		out[t] = tab
	}
	return out, nil
}

// runRule runs a rule on records.
func (v *verifier) runRule(r *rules.Rule, recs map[string][]eval.Record, need []string) (*ruletest.Result, error) {
	v.runs++
	tabs, err := v.tables(recs, need)
	if err != nil {
		return nil, err
	}
	return v.runOn(r, tabs)
}

// runOn runs a rule on tables, those of generated watchlist items given to
// it as its watchlists, within the options' bounds.
func (v *verifier) runOn(r *rules.Rule, tables map[string]*eval.Table) (*ruletest.Result, error) {
	tables, watchlists := splitWatchlists(tables)
	return ruletest.Run(r, ruletest.Options{Now: v.opts.Now, Tables: tables, Watchlists: watchlists, MaxRows: v.opts.MaxRows, MaxMemory: v.opts.MaxMemory})
}

// outcome of one check on a case.
type check struct {
	original, converted, unmapped, baseline *ruletest.Result
	o, c, u, b                              Alerts
	dict                                    dictionary
	mapped, in                              map[string][]eval.Record
	fatal                                   string // a reason that makes the rule unverifiable
}

// evaluate runs both rules on source events.
func (v *verifier) evaluate(src map[string][]eval.Record, needUnmapped bool) *check {
	ch := &check{}
	ch.in = v.m.inTarget(src)
	mapped, dict, err := v.m.mapEvents(ch.in)
	if err != nil {
		ch.fatal = err.Error()
		return ch
	}
	if len(v.p.Predicates) > 0 || len(v.p.Columns.Expressions) > 0 {
		if err := v.m.check(ch.in, mapped, dict); err != nil {
			ch.fatal = "the profile cannot map source events to the target: " + err.Error() +
				"; declare how events map (events: in the profile)"
			return ch
		}
	}
	ch.mapped, ch.dict = mapped, dict
	ch.original, err = v.runRule(v.src, ch.in, v.pl.tables)
	ch.o = v.alerts(ch.original, err, v.src, dict, true)
	if err != nil {
		ch.fatal = v.fatal("the original rule", err)
		return ch
	}
	ch.converted, err = v.runRule(v.conv, mapped, v.convTables)
	ch.c = v.alerts(ch.converted, err, v.conv, nil, false)
	if err != nil && isBudget(err) {
		ch.fatal = v.fatal("the converted rule", err)
		return ch
	}
	if !needUnmapped {
		return ch
	}
	// The converted rule on the source events as they are, and without
	// them. Source events are those of the scope tables that hold a scope
	// value (ResourceType "VAULTS"); the other events are the same on both
	// sides, and keep their mapped form.
	kv, rest := v.splitSource(src)
	restMapped, _, err := v.m.mapEvents(v.m.inTarget(rest))
	if err != nil {
		ch.fatal = err.Error()
		return ch
	}
	un, base := map[string][]eval.Record{}, map[string][]eval.Record{}
	for t, recs := range restMapped {
		un[t] = append([]eval.Record{}, recs...)
		base[t] = recs
	}
	for t, recs := range kv {
		un[t] = append(un[t], recs...)
	}
	ch.unmapped, err = v.runRule(v.conv, un, v.convTables)
	ch.u = v.alerts(ch.unmapped, err, v.conv, nil, false)
	if err != nil && isBudget(err) {
		ch.fatal = v.fatal("the converted rule", err)
		return ch
	}
	ch.baseline, err = v.runRule(v.conv, base, v.convTables)
	ch.b = v.alerts(ch.baseline, err, v.conv, nil, false)
	return ch
}

// splitSource splits events into the source events (the scope tables'
// events whose scope column holds a scope value) and the others.
func (v *verifier) splitSource(src map[string][]eval.Record) (kv, rest map[string][]eval.Record) {
	kv, rest = map[string][]eval.Record{}, map[string][]eval.Record{}
	for t, recs := range src {
		rest[t] = []eval.Record{}
		for _, r := range recs {
			if v.pl.scope[t] && v.isSource(r) {
				kv[t] = append(kv[t], r)
			} else {
				rest[t] = append(rest[t], r)
			}
		}
	}
	return kv, rest
}

// isSource reports whether an event holds one of the scope's values in the
// scope column.
func (v *verifier) isSource(r eval.Record) bool {
	val, ok := fieldValue(r, v.p.Scope.Column)
	if !ok {
		return false
	}
	for _, s := range v.p.Scope.Values {
		if strings.EqualFold(val.String(), s) {
			return true
		}
	}
	return false
}

// isBudget reports whether err is the evaluator refusing to exceed a bound
// (eval.Error.Limit, carried by ruletest.Error.Limit).
func isBudget(err error) bool {
	var ee *eval.Error
	if errors.As(err, &ee) && ee.Limit != "" {
		return true
	}
	var re *ruletest.Error
	return errors.As(err, &re) && re.Limit != ""
}

// fatal is the reason a run error makes the rule unverifiable.
func (v *verifier) fatal(who string, err error) string {
	var re *ruletest.Error
	if errors.As(err, &re) && re.Watchlist != "" {
		return fmt.Sprintf("%s reads the watchlist %q (_GetWatchlist) through an alias that is not a string literal, and verify generates items only for _GetWatchlist('alias')", who, re.Watchlist)
	}
	if isBudget(err) {
		return who + " exceeds the evaluator's bounds on generated events: " + err.Error()
	}
	return who + " fails on generated events: " + err.Error()
}

// run runs one case; it reports whether the verification must stop (the
// rule is unverifiable).
func (v *verifier) run(c *Case) bool {
	ch := v.evaluate(c.src, true)
	if ch.fatal != "" {
		v.res.Outcome, v.res.Reason = Unverifiable, ch.fatal
		return true
	}
	c.Original, c.Converted, c.Unmapped, c.baseline = ch.o, ch.c, ch.u, ch.b
	c.original, c.converted, c.unmapped = ch.original, ch.converted, ch.unmapped
	c.mapped, c.in = ch.mapped, ch.in
	c.Agree = len(differences(ch.o, ch.c)) == 0 && len(differences(ch.b, ch.u)) == 0
	return false
}

// differences lists how two summaries differ.
func differences(want, got Alerts) []string {
	var out []string
	if want.Error != got.Error {
		switch {
		case want.Error == "":
			out = append(out, "the converted rule fails: "+got.Error)
		case got.Error == "":
			out = append(out, "the original rule fails: "+want.Error)
		default:
			out = append(out, "the rules fail differently")
		}
		return out
	}
	if want.Fires != got.Fires {
		out = append(out, fmt.Sprintf("the original %s, the converted %s", firesText(want.Fires), firesText(got.Fires)))
	}
	if want.Rows != got.Rows {
		out = append(out, fmt.Sprintf("the original returns %d %s, the converted %d", want.Rows, plural(want.Rows, "row", "rows"), got.Rows))
	}
	onlyW, onlyG := multisetDiff(want.Alerts, got.Alerts)
	for _, a := range onlyW {
		out = append(out, "only the original raises: "+alertText(a))
	}
	for _, a := range onlyG {
		out = append(out, "only the converted raises: "+alertText(a))
	}
	return out
}

// alertText describes an alert by its summary, which is empty when the
// rule maps no entities and no custom details: the alert is then told
// apart from others by nothing but its being there.
func alertText(summary string) string {
	if summary == "" {
		return "an alert with no entities or custom details (the rule maps none)"
	}
	return summary
}

func firesText(b bool) string {
	if b {
		return "fires"
	}
	return "does not fire"
}

func multisetDiff(a, b []string) (onlyA, onlyB []string) {
	count := map[string]int{}
	for _, x := range a {
		count[x]++
	}
	for _, x := range b {
		count[x]--
	}
	for _, x := range a {
		if count[x] > 0 {
			onlyA = append(onlyA, x)
			count[x]--
		}
	}
	for k, n := range count {
		for ; n < 0; n++ {
			onlyB = append(onlyB, k)
		}
	}
	sort.Strings(onlyB)
	return
}

// alerts summarizes a run. The original's values are mapped to the target
// through the dictionary and the profile's value maps.
func (v *verifier) alerts(r *ruletest.Result, err error, rule *rules.Rule, dict dictionary, mapOut bool) Alerts {
	if err != nil {
		return Alerts{Error: err.Error()}
	}
	a := Alerts{Fires: r.Fires, Rows: r.RowCount}
	if r.Rows == nil {
		return a
	}
	ents, details := v.outputs(rule)
	for i := 0; i < r.Rows.NumRows(); i++ {
		var parts []string
		for _, e := range ents {
			var fields []string
			for _, fm := range e.fields {
				val, ok := r.Rows.Get(i, fm[1])
				if !ok {
					continue
				}
				s := v.render(val, dict, mapOut)
				if s != "" {
					fields = append(fields, fm[0]+"="+s)
				}
			}
			if len(fields) > 0 {
				sort.Strings(fields)
				parts = append(parts, e.typ+"{"+strings.Join(fields, ", ")+"}")
			}
		}
		var ds []string
		for _, d := range details {
			if val, ok := r.Rows.Get(i, d[1]); ok {
				ds = append(ds, d[0]+"="+v.render(val, dict, mapOut))
			}
		}
		if len(ds) > 0 {
			parts = append(parts, "details{"+strings.Join(ds, ", ")+"}")
		}
		sort.Strings(parts)
		a.Alerts = append(a.Alerts, strings.Join(parts, " "))
	}
	sort.Strings(a.Alerts)
	return a
}

// render writes a value as the alert shows it; dynamic values as JSON.
func (v *verifier) render(val eval.Value, dict dictionary, mapOut bool) string {
	x := val.Interface()
	if mapOut {
		x = v.m.mapOutput(x, dict)
	}
	switch x := x.(type) {
	case nil:
		return ""
	case string:
		return x
	case []any, map[string]any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	if val.Type() == eval.TypeDateTime || val.Type() == eval.TypeTimespan {
		return val.String()
	}
	return fmt.Sprint(x)
}

type entitySpec struct {
	typ    string
	fields [][2]string // identifier, column
}

// outputs returns the entity mappings and custom details of a rule that
// both rules have (by entity type and identifier, and by detail key), with
// the rule's own column names.
func (v *verifier) outputs(rule *rules.Rule) ([]entitySpec, [][2]string) {
	common := map[string]bool{}
	count := map[string]int{}
	for _, r := range []*rules.Rule{v.src, v.conv} {
		seen := map[string]bool{}
		for _, em := range r.EntityMappings() {
			for _, fm := range em.FieldMappings {
				seen[em.EntityType+"."+fm.Identifier] = true
			}
		}
		for _, cd := range r.CustomDetails() {
			seen["details."+cd.Key] = true
		}
		for k := range seen {
			count[k]++
		}
	}
	for k, n := range count {
		common[k] = n == 2
	}
	var ents []entitySpec
	for _, em := range rule.EntityMappings() {
		e := entitySpec{typ: em.EntityType}
		for _, fm := range em.FieldMappings {
			if common[em.EntityType+"."+fm.Identifier] {
				e.fields = append(e.fields, [2]string{fm.Identifier, fm.ColumnName})
			}
		}
		if len(e.fields) > 0 {
			ents = append(ents, e)
		}
	}
	var details [][2]string
	for _, cd := range rule.CustomDetails() {
		if common["details."+cd.Key] {
			details = append(details, [2]string{cd.Key, cd.Column})
		}
	}
	sort.Slice(details, func(i, j int) bool { return details[i][0] < details[j][0] })
	return ents, details
}
