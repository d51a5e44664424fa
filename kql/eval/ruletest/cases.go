package ruletest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/kql/input"
	"github.com/kqlt/kqlt/rules"
)

// CaseFile is a loaded test-case file.
type CaseFile struct {
	Path   string
	Schema eval.Schema
	Cases  []*Case
	// Limits bound the files the cases read and their runs (set by
	// LoadCasesLimits; the zero value means the defaults).
	Limits Limits
}

// Limits bound what a test run reads and evaluates. The zero value means
// the defaults.
type Limits struct {
	// MaxInput bounds each file read: case and schema files (0 means 16
	// MiB) and sample-data files (0 means 1 GiB). Rule files are always
	// bounded by rules.MaxFileSize (1 MiB).
	MaxInput int64
	// MaxRows and MaxMemory bound the evaluation; see eval.Options.
	MaxRows   int
	MaxMemory int64
}

func (l Limits) meta() int64 {
	if l.MaxInput > 0 {
		return l.MaxInput
	}
	return input.MaxMetaSize
}

func (l Limits) data() int64 {
	if l.MaxInput > 0 {
		return l.MaxInput
	}
	return input.MaxDataSize
}

// MaxCaseValues bounds the values a case file holds once its YAML aliases
// and merge keys are expanded and its generators have run: an alias bomb
// or a huge generate count fails with an error, not by exhausting memory.
const MaxCaseValues = 1_000_000

// caseValueBudget is MaxCaseValues; the fuzz test lowers it, so that a
// mutation that expands costs milliseconds, not seconds.
var caseValueBudget = MaxCaseValues

// maxCaseDepth bounds the nesting of a case file's values.
const maxCaseDepth = 1000

// Case is one test case.
type Case struct {
	Name   string
	Line   int    // line of the case in its file
	Rule   string // path of the rule file
	Now    time.Time
	Window time.Duration
	Tables map[string]*TableSpec
	// Watchlists are the sample watchlists, by alias; see LoadWatchlists
	// for their columns.
	Watchlists map[string]*TableSpec
	Expect     Expect

	file *CaseFile
}

// TableSpec is how a case builds one table.
type TableSpec struct {
	File    string        // data file, or
	Records []eval.Record // inline and generated rows
	Lines   []int         // the line of each record in the case file
}

// Expect is what a case expects of the rule.
type Expect struct {
	Fires    *bool    `json:"fires,omitempty"`
	Rows     *int     `json:"rows,omitempty"`
	Entities []Entity `json:"entities,omitempty"` // Row is ignored
	Error    string   `json:"error,omitempty"`
}

// CaseResult is the outcome of one case.
type CaseResult struct {
	Name     string   `json:"name"`
	File     string   `json:"file"` // the case file
	Line     int      `json:"line"`
	Rule     string   `json:"rule"`
	Pass     bool     `json:"pass"`
	Failures []string `json:"failures,omitempty"` // unmet expectations and errors
	Result   *Result  `json:"result,omitempty"`
}

// Report is the outcome of a case file.
type Report struct {
	File   string        `json:"file"`
	Passed int           `json:"passed"`
	Failed int           `json:"failed"`
	Cases  []*CaseResult `json:"cases"`
}

// RunCases loads a case file and runs all its cases.
func RunCases(path string) (*Report, error) { return RunCasesLimits(path, Limits{}) }

// RunCasesLimits loads a case file and runs all its cases, within limits.
func RunCasesLimits(path string, l Limits) (*Report, error) {
	f, err := LoadCasesLimits(path, l)
	if err != nil {
		return nil, err
	}
	return f.Run(), nil
}

// Run runs every case of the file.
func (f *CaseFile) Run() *Report {
	rep := &Report{File: f.Path, Cases: []*CaseResult{}}
	for _, c := range f.Cases {
		r := c.Run()
		rep.Cases = append(rep.Cases, r)
		if r.Pass {
			rep.Passed++
		} else {
			rep.Failed++
		}
	}
	return rep
}

// WriteText writes the report for a terminal: one line per case, with the
// failures under failing cases.
func (rep *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, c := range rep.Cases {
		status := "ok  "
		if !c.Pass {
			status = "FAIL"
		}
		fmt.Fprintf(&b, "%s %s:%d: %s\n", status, displayName(c.File), c.Line, c.Name)
		for _, f := range c.Failures {
			fmt.Fprintf(&b, "       %s\n", f)
		}
	}
	fmt.Fprintf(&b, "%d passed, %d failed\n", rep.Passed, rep.Failed)
	_, err := io.WriteString(w, b.String())
	return err
}

// displayName returns a file name for text output: quoted as a Go string
// when it holds a control character, which would break the line.
func displayName(name string) string {
	if strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7F || r >= 0x80 && r < 0xA0 }) < 0 {
		return name
	}
	return strconv.Quote(name)
}

// BuildTables builds the case's tables.
func (c *Case) BuildTables() (map[string]*eval.Table, error) {
	return c.build("table", c.Tables, func(name string) []eval.Column {
		if c.file != nil && c.file.Schema != nil {
			return c.file.Schema[name]
		}
		return nil
	})
}

// BuildWatchlists builds the case's watchlists.
func (c *Case) BuildWatchlists() (map[string]*eval.Table, error) {
	return c.build("watchlist", c.Watchlists, func(string) []eval.Column { return eval.WatchlistColumns })
}

func (c *Case) build(what string, specs map[string]*TableSpec, columns func(name string) []eval.Column) (map[string]*eval.Table, error) {
	out := make(map[string]*eval.Table, len(specs))
	for name, spec := range specs {
		schema := columns(name)
		var t *eval.Table
		var err error
		var limits Limits
		if c.file != nil {
			limits = c.file.Limits
		}
		if spec.File != "" {
			t, err = eval.LoadTableLimit(spec.File, schema, limits.data())
		} else {
			path := ""
			if c.file != nil {
				path = c.file.Path
			}
			t, err = eval.TableFromFileRecords(spec.Records, schema, path, spec.Lines)
		}
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", what, name, err)
		}
		out[name] = t
	}
	return out, nil
}

// Run runs the case.
func (c *Case) Run() *CaseResult {
	out := &CaseResult{Name: c.Name, Line: c.Line, Rule: c.Rule}
	if c.file != nil {
		out.File = c.file.Path
	}
	fail := func(format string, args ...any) {
		out.Failures = append(out.Failures, fmt.Sprintf(format, args...))
	}
	tables, err := c.BuildTables()
	if err != nil {
		fail("%v", err)
		return out
	}
	watchlists, err := c.BuildWatchlists()
	if err != nil {
		fail("%v", err)
		return out
	}
	opts := Options{Now: c.Now, Window: c.Window, Tables: tables, Watchlists: watchlists}
	if c.file != nil {
		opts.MaxRows, opts.MaxMemory = c.file.Limits.MaxRows, c.file.Limits.MaxMemory
	}
	res, err := RunFile(c.Rule, opts)
	out.Result = res
	exp := c.Expect
	switch {
	case err != nil && exp.Error == "":
		fail("error: %v", err)
	case err != nil && !strings.Contains(err.Error(), exp.Error):
		fail("error %q does not contain %q", err.Error(), exp.Error)
	case err == nil && exp.Error != "":
		fail("expected an error containing %q, but the rule ran", exp.Error)
	}
	if err == nil {
		if exp.Fires != nil && res.Fires != *exp.Fires {
			if *exp.Fires {
				fail("expected the rule to fire, but it does not (%d rows, trigger %s)", res.RowCount, res.Trigger)
			} else {
				fail("expected the rule not to fire, but it does (%d rows, trigger %s)", res.RowCount, res.Trigger)
			}
		}
		if exp.Rows != nil && res.RowCount != *exp.Rows {
			fail("expected %d result rows, got %d", *exp.Rows, res.RowCount)
		}
		for _, want := range exp.Entities {
			if !hasEntity(res.Entities, want) {
				var got []string
				for _, e := range res.Entities {
					got = append(got, e.String())
				}
				fail("expected entity %s, got [%s]", want, strings.Join(got, ", "))
			}
		}
	}
	out.Pass = len(out.Failures) == 0
	return out
}

// hasEntity reports whether an entity of want's type has all of want's
// fields.
func hasEntity(ents []Entity, want Entity) bool {
	for _, e := range ents {
		if e.Type != want.Type {
			continue
		}
		ok := true
		for k, v := range want.Fields {
			if e.Fields[k] != v {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Loading

// LoadCases reads a test-case file, with the default limits.
func LoadCases(path string) (*CaseFile, error) { return LoadCasesLimits(path, Limits{}) }

// LoadCasesLimits reads a test-case file, with the limits l. The file, like
// the schema it names, must be a regular file (or a standard-input pipe)
// of at most l.MaxInput bytes: named pipes and devices are refused before
// they are opened.
func LoadCasesLimits(path string, l Limits) (*CaseFile, error) {
	data, err := input.ReadFile(path, l.meta())
	if err != nil {
		return nil, err
	}
	return parseCases(path, data, l)
}

// caseError is an error at a line of a case file.
func caseError(path string, n *yaml.Node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return fmt.Errorf("%s:%d: %s", path, line, fmt.Sprintf(format, args...))
}

// ParseCases parses a test-case file; path names it in errors and is the
// base of its relative paths. YAML aliases and merge keys are expanded
// within MaxCaseValues values; values nest at most 1000 levels deep.
func ParseCases(path string, data []byte) (*CaseFile, error) {
	return parseCases(path, data, Limits{})
}

func parseCases(path string, data []byte, l Limits) (f *CaseFile, err error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	defer func() {
		if r := recover(); r != nil { // yaml.v3 is not supposed to panic; never let it escape
			f, err = nil, fmt.Errorf("%s: the YAML parser failed: %v", path, r)
		}
	}()
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s:1: the case file is empty", path)
		}
		return nil, rules.YAMLError(path, data, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, caseError(path, &doc, "a case file is a mapping with rule, tables and cases")
	}
	p := &caseParser{path: path, dir: filepath.Dir(path), budget: caseValueBudget, limits: l}
	return p.file(doc.Content[0])
}

type caseParser struct {
	path, dir string
	budget    int // values left to expand (MaxCaseValues)
	limits    Limits
	row       *yaml.Node // the row or generator being read, for errors
}

// spend counts one value of node n against the budget and checks its depth.
func (p *caseParser) spend(n *yaml.Node, depth int) error {
	if depth > maxCaseDepth {
		return p.errorf(n, "values nest deeper than %d levels", maxCaseDepth)
	}
	if p.budget--; p.budget < 0 {
		if p.row != nil {
			n = p.row // where the expansion started, not where it ran out
		}
		return p.errorf(n, "the case file expands to more than %d values (YAML aliases, merge keys and generate counts included)", caseValueBudget)
	}
	return nil
}

func (p *caseParser) errorf(n *yaml.Node, format string, args ...any) error {
	return caseError(p.path, n, format, args...)
}

// fields returns a mapping's values by key, refusing keys not in allowed.
func (p *caseParser) fields(n *yaml.Node, what string, allowed ...string) (map[string]*yaml.Node, error) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n, "%s must be a mapping", what)
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		ok := false
		for _, a := range allowed {
			ok = ok || a == k
		}
		if !ok {
			return nil, p.errorf(n.Content[i], "unknown key %q in %s (expected one of: %s)", k, what, strings.Join(allowed, ", "))
		}
		if _, dup := out[k]; dup {
			return nil, p.errorf(n.Content[i], "key %q appears twice in %s", k, what)
		}
		out[k] = n.Content[i+1]
	}
	return out, nil
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func (p *caseParser) path2(n *yaml.Node) string {
	s := n.Value
	if s == "" || filepath.IsAbs(s) {
		return s
	}
	return filepath.Join(p.dir, filepath.FromSlash(s))
}

func (p *caseParser) file(root *yaml.Node) (*CaseFile, error) {
	f, err := p.fields(root, "the case file", "rule", "schema", "now", "window", "templates", "tables", "watchlists", "cases")
	if err != nil {
		return nil, err
	}
	cf := &CaseFile{Path: p.path, Limits: p.limits}
	if n := f["schema"]; n != nil {
		s, err := eval.LoadSchemaLimit(p.path2(n), p.limits.meta())
		if err != nil {
			return nil, p.errorf(n, "%v", err)
		}
		cf.Schema = s
	}
	defaults := &Case{}
	if err := p.common(f, defaults); err != nil {
		return nil, err
	}
	cases := f["cases"]
	if cases == nil || resolve(cases).Kind != yaml.SequenceNode || len(resolve(cases).Content) == 0 {
		return nil, p.errorf(root, "the case file has no cases")
	}
	names := map[string]bool{}
	for _, cn := range resolve(cases).Content {
		c, err := p.caseNode(cn, defaults)
		if err != nil {
			return nil, err
		}
		if names[c.Name] {
			return nil, p.errorf(cn, "two cases are named %q", c.Name)
		}
		names[c.Name] = true
		c.file = cf
		cf.Cases = append(cf.Cases, c)
	}
	return cf, nil
}

// common reads the keys a case shares with the file: rule, now, window,
// tables, watchlists.
func (p *caseParser) common(f map[string]*yaml.Node, c *Case) error {
	if n := f["rule"]; n != nil {
		c.Rule = p.path2(n)
	}
	if n := f["now"]; n != nil {
		t, err := ParseTime(n.Value)
		if err != nil {
			return p.errorf(n, "%v", err)
		}
		c.Now = t
	}
	if n := f["window"]; n != nil {
		d, ok := ParseDuration(n.Value)
		if !ok || d <= 0 {
			return p.errorf(n, "window %q is not a duration (such as 1h or PT1H)", n.Value)
		}
		c.Window = d
	}
	if n := f["tables"]; n != nil {
		if c.Tables == nil {
			c.Tables = map[string]*TableSpec{}
		}
		if err := p.tables(n, "tables must map table names to tables", c.Tables); err != nil {
			return err
		}
	}
	if n := f["watchlists"]; n != nil {
		if c.Watchlists == nil {
			c.Watchlists = map[string]*TableSpec{}
		}
		if err := p.tables(n, "watchlists must map watchlist aliases to tables", c.Watchlists); err != nil {
			return err
		}
	}
	return nil
}

// tables reads a mapping of names to tables into specs.
func (p *caseParser) tables(n *yaml.Node, notMapping string, specs map[string]*TableSpec) error {
	tn := resolve(n)
	if tn.Kind != yaml.MappingNode {
		return p.errorf(n, "%s", notMapping)
	}
	for i := 0; i+1 < len(tn.Content); i += 2 {
		spec, err := p.table(tn.Content[i+1])
		if err != nil {
			return err
		}
		specs[tn.Content[i].Value] = spec
	}
	return nil
}

func (p *caseParser) caseNode(n *yaml.Node, defaults *Case) (*Case, error) {
	f, err := p.fields(n, "a case", "name", "rule", "now", "window", "tables", "watchlists", "expect")
	if err != nil {
		return nil, err
	}
	c := &Case{Line: n.Line, Rule: defaults.Rule, Now: defaults.Now, Window: defaults.Window,
		Tables: map[string]*TableSpec{}, Watchlists: map[string]*TableSpec{}}
	for k, v := range defaults.Tables {
		c.Tables[k] = v
	}
	for k, v := range defaults.Watchlists {
		c.Watchlists[k] = v
	}
	if f["name"] == nil || f["name"].Value == "" {
		return nil, p.errorf(n, "a case needs a name")
	}
	c.Name = f["name"].Value
	if err := p.common(f, c); err != nil {
		return nil, err
	}
	if c.Rule == "" {
		return nil, p.errorf(n, "case %q has no rule", c.Name)
	}
	if f["expect"] == nil {
		return nil, p.errorf(n, "case %q has no expect", c.Name)
	}
	if c.Expect, err = p.expect(f["expect"]); err != nil {
		return nil, err
	}
	return c, nil
}

func (p *caseParser) expect(n *yaml.Node) (Expect, error) {
	var e Expect
	f, err := p.fields(n, "expect", "fires", "rows", "entities", "error")
	if err != nil {
		return e, err
	}
	if v := f["fires"]; v != nil {
		b, err := strconv.ParseBool(v.Value)
		if err != nil {
			return e, p.errorf(v, "fires must be true or false")
		}
		e.Fires = &b
	}
	if v := f["rows"]; v != nil {
		k, err := strconv.Atoi(v.Value)
		if err != nil || k < 0 {
			return e, p.errorf(v, "rows must be a number of rows")
		}
		e.Rows = &k
	}
	if v := f["entities"]; v != nil {
		seq := resolve(v)
		if seq.Kind != yaml.SequenceNode {
			return e, p.errorf(v, "entities must be a list")
		}
		for _, en := range seq.Content {
			ef, err := p.fields(en, "an entity", "type", "fields")
			if err != nil {
				return e, err
			}
			if ef["type"] == nil || ef["fields"] == nil {
				return e, p.errorf(en, "an entity needs a type and fields")
			}
			ent := Entity{Type: ef["type"].Value, Fields: map[string]string{}}
			fn := resolve(ef["fields"])
			if fn.Kind != yaml.MappingNode {
				return e, p.errorf(fn, "fields must map identifiers to values")
			}
			for i := 0; i+1 < len(fn.Content); i += 2 {
				ent.Fields[fn.Content[i].Value] = resolve(fn.Content[i+1]).Value
			}
			e.Entities = append(e.Entities, ent)
		}
	}
	if v := f["error"]; v != nil {
		e.Error = v.Value
	}
	if e.Fires == nil && e.Rows == nil && e.Entities == nil && e.Error == "" {
		return e, p.errorf(n, "expect needs fires, rows, entities or error")
	}
	return e, nil
}

func (p *caseParser) table(n *yaml.Node) (*TableSpec, error) {
	f, err := p.fields(n, "a table", "file", "rows", "generate")
	if err != nil {
		return nil, err
	}
	spec := &TableSpec{}
	if v := f["file"]; v != nil {
		if f["rows"] != nil || f["generate"] != nil {
			return nil, p.errorf(n, "a table takes a file, or rows and generate, not both")
		}
		spec.File = p.path2(v)
		return spec, nil
	}
	if v := f["rows"]; v != nil {
		seq := resolve(v)
		if seq.Kind != yaml.SequenceNode {
			return nil, p.errorf(v, "rows must be a list of rows")
		}
		for _, rn := range seq.Content {
			p.row = rn
			rec, err := p.record(rn, nil, 0)
			if err != nil {
				return nil, err
			}
			spec.Records = append(spec.Records, rec)
			spec.Lines = append(spec.Lines, resolve(rn).Line)
		}
	}
	if v := f["generate"]; v != nil {
		seq := resolve(v)
		if seq.Kind != yaml.SequenceNode {
			return nil, p.errorf(v, "generate must be a list")
		}
		for _, gn := range seq.Content {
			gf, err := p.fields(gn, "a generator", "count", "row")
			if err != nil {
				return nil, err
			}
			if gf["count"] == nil || gf["row"] == nil {
				return nil, p.errorf(gn, "a generator needs a count and a row")
			}
			count, err := strconv.Atoi(gf["count"].Value)
			if err != nil || count < 0 || count > 1_000_000 {
				return nil, p.errorf(gf["count"], "count must be a number from 0 to 1000000")
			}
			p.row = gn
			for i := 0; i < count; i++ {
				k := i
				rec, err := p.record(gf["row"], func(s string) string { return expandIndex(s, k) }, 0)
				if err != nil {
					return nil, err
				}
				spec.Records = append(spec.Records, rec)
				spec.Lines = append(spec.Lines, gn.Line)
			}
		}
	}
	p.row = nil
	return spec, nil
}

var indexRE = regexp.MustCompile(`\{i(?:([%/])(\d+))?\}`)

// expandIndex replaces {i}, {i%N} and {i/N} in s with the row number i,
// its remainder and its quotient.
func expandIndex(s string, i int) string {
	if !strings.Contains(s, "{i") {
		return s
	}
	return indexRE.ReplaceAllStringFunc(s, func(m string) string {
		sm := indexRE.FindStringSubmatch(m)
		if sm[1] == "" {
			return strconv.Itoa(i)
		}
		n, _ := strconv.Atoi(sm[2])
		if n == 0 {
			return m
		}
		if sm[1] == "%" {
			return strconv.Itoa(i % n)
		}
		return strconv.Itoa(i / n)
	})
}

// record converts a YAML mapping to a row, keeping the order of its keys
// and applying merge keys (<<: *anchor). sub rewrites strings.
func (p *caseParser) record(n *yaml.Node, sub func(string) string, depth int) (eval.Record, error) {
	n = resolve(n)
	if err := p.spend(n, depth); err != nil {
		return nil, err
	}
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n, "a row must be a mapping of column names to values")
	}
	rec := make(eval.Record, 0, len(n.Content)/2)
	var index map[string]int // for large rows; small ones are searched
	set := func(name string, v any, override bool) {
		k := -1
		if index != nil {
			if i, ok := index[name]; ok {
				k = i
			}
		} else {
			for i := range rec {
				if rec[i].Name == name {
					k = i
					break
				}
			}
		}
		if k >= 0 {
			if override {
				rec[k].Value = v
			}
			return
		}
		if index == nil && len(rec) >= 16 {
			index = make(map[string]int, 2*len(rec))
			for i := range rec {
				index[rec[i].Name] = i
			}
		}
		if index != nil {
			index[name] = len(rec)
		}
		rec = append(rec, eval.Field{Name: name, Value: v})
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" || k.Value == "<<" && k.Style == 0 {
			vs := []*yaml.Node{resolve(v)}
			if vs[0].Kind == yaml.SequenceNode {
				vs = vs[0].Content
			}
			for _, m := range vs {
				merged, err := p.record(m, sub, depth+1)
				if err != nil {
					return nil, err
				}
				for _, fl := range merged {
					set(fl.Name, fl.Value, false)
				}
			}
			continue
		}
		val, err := p.value(v, sub, depth+1)
		if err != nil {
			return nil, err
		}
		set(k.Value, val, true)
	}
	return rec, nil
}

// value converts a YAML value to a Go value for eval.TableFromRecords.
func (p *caseParser) value(n *yaml.Node, sub func(string) string, depth int) (any, error) {
	n = resolve(n)
	if err := p.spend(n, depth); err != nil {
		return nil, err
	}
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			err := n.Decode(&b)
			return b, err
		case "!!int":
			var i int64
			if err := n.Decode(&i); err != nil {
				return nil, p.errorf(n, "%v", err)
			}
			return i, nil
		case "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, p.errorf(n, "%v", err)
			}
			return f, nil
		case "!!timestamp":
			var t time.Time
			if err := n.Decode(&t); err != nil {
				return nil, p.errorf(n, "%v", err)
			}
			return t.UTC(), nil
		}
		if sub != nil {
			return sub(n.Value), nil
		}
		return n.Value, nil
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, e := range n.Content {
			v, err := p.value(e, sub, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case yaml.MappingNode:
		p.budget++ // record counts the mapping itself
		rec, err := p.record(n, sub, depth)
		if err != nil {
			return nil, err
		}
		m := make(map[string]any, len(rec))
		for _, f := range rec {
			m[f.Name] = f.Value
		}
		return m, nil
	}
	return nil, p.errorf(n, "unexpected YAML value")
}

// CaseNames returns the names of the cases, in file order.
func (f *CaseFile) CaseNames() []string {
	out := make([]string, len(f.Cases))
	for i, c := range f.Cases {
		out[i] = c.Name
	}
	return out
}
