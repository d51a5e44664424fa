package verify

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/transform"
)

// This file maps source events to the target as the profile says (its
// value maps, operation renames, column and table renames, and its event
// mapping), checks that the profile's predicates and column expressions
// agree with the mapped events, and maps the original rule's output values
// the same way.

// mapper maps the events of one rule's cases.
type mapper struct {
	p      *transform.Profile
	pl     *plan
	events [][2]string // the profile's event mapping: column → expression
	types  map[string][]eval.Column
}

// dictionary maps values of the source to their values on the target, as
// the mapping of the events changed them.
type dictionary map[string]string

func (d dictionary) add(from, to string) {
	if from != to && from != "" {
		d[from] = to
	}
}

// targetTable is a table's name on the target.
func (m *mapper) targetTable(t string) string {
	if to, ok := m.p.Tables.Rename[t]; ok {
		return to
	}
	return t
}

// targetColumns returns the columns a source table's events have on the
// target, in order: the event mapping's columns last.
func (m *mapper) targetColumns(t string) []eval.Column {
	set := map[string]bool{}
	if m.pl.scope[t] {
		for _, e := range m.events {
			set[e[0]] = true
		}
	}
	var out []eval.Column
	seen := map[string]bool{}
	for _, c := range m.pl.cols[t] {
		name := c.Name
		if _, computed := m.p.Columns.Expressions[name]; computed && !set[name] {
			continue
		}
		if to, ok := m.p.Columns.Rename[name]; ok && !set[name] {
			name = to
		}
		if !seen[name] && !set[name] { // the event mapping's columns win over renames
			seen[name] = true
			out = append(out, eval.Column{Name: name, Type: c.Type})
		}
	}
	if m.pl.scope[t] {
		out = append(out, m.eventTypes(t)...)
	}
	return out
}

// eventTypes returns the event mapping's columns with their types, which
// the evaluator infers from the expressions over the source columns.
func (m *mapper) eventTypes(t string) []eval.Column {
	if len(m.events) == 0 {
		return nil
	}
	if m.types == nil {
		m.types = map[string][]eval.Column{}
	}
	if cols, ok := m.types[t]; ok {
		return cols
	}
	var cols []eval.Column
	var exprs []string
	for j, e := range m.events {
		exprs = append(exprs, fmt.Sprintf("__e%d = %s", j, e[1]))
	}
	tab, _ := eval.NewTable(m.pl.cols[t], nil)
	res, err := eval.Run("__events | project "+strings.Join(exprs, ", "), eval.Options{Now: m.pl.opts.Now, Tables: map[string]*eval.Table{"__events": tab}})
	for j, e := range m.events {
		typ := eval.TypeString
		if err == nil {
			typ = res.Columns()[j].Type
		}
		cols = append(cols, eval.Column{Name: e[0], Type: typ})
	}
	m.types[t] = cols
	return cols
}

// lacked reports whether a source event holds an operation the target
// lacks: such events have no counterpart on the target.
func (m *mapper) lacked(rec eval.Record) bool {
	if m.pl.opsCol == "" {
		return false
	}
	for _, f := range rec {
		if strings.EqualFold(f.Name, m.pl.opsCol) {
			if v, ok := f.Value.(eval.Value); ok && v.Type() == eval.TypeString {
				return m.p.TargetLacks(v.String())
			}
		}
	}
	return false
}

// inTarget returns the events that have a counterpart on the target.
func (m *mapper) inTarget(src map[string][]eval.Record) map[string][]eval.Record {
	out := map[string][]eval.Record{}
	for t, recs := range src {
		kept := []eval.Record{}
		for _, r := range recs {
			if !m.lacked(r) {
				kept = append(kept, r)
			}
		}
		out[t] = kept
	}
	return out
}

// mapEvents maps events (all with counterparts on the target) to the
// target. It returns the target tables, and the dictionary of the values
// it changed.
func (m *mapper) mapEvents(src map[string][]eval.Record) (map[string][]eval.Record, dictionary, error) {
	dict := dictionary{}
	out := map[string][]eval.Record{}
	for _, t := range m.pl.tables {
		recs := src[t]
		// The event mapping's columns, computed over the source events.
		var computed [][]eval.Value
		if len(m.events) > 0 && len(recs) > 0 && m.pl.scope[t] {
			var err error
			if computed, err = m.compute(t, recs); err != nil {
				return nil, nil, err
			}
		}
		set := map[string]bool{}
		if computed != nil {
			for _, e := range m.events {
				set[e[0]] = true
			}
		}
		mapped := make([]eval.Record, 0, len(recs))
		for i, r := range recs {
			var nr eval.Record
			for _, f := range r {
				name := f.Name
				if set[name] {
					continue
				}
				if _, comp := m.p.Columns.Expressions[name]; comp {
					continue
				}
				v := f.Value.(eval.Value)
				if v.Type() == eval.TypeString {
					if to, changed := m.p.MapValue(name, v.String()); changed {
						dict.add(v.String(), to)
						v = eval.NewString(to)
					}
				}
				if to, ok := m.p.Columns.Rename[name]; ok {
					name = to
				}
				if set[name] {
					continue // the event mapping gives this column
				}
				nr = put(nr, name, v, name != f.Name)
			}
			for j, e := range m.events {
				if computed == nil {
					break
				}
				v := computed[i][j]
				// The values this column had in the source: its own, and
				// those of the columns renamed to it.
				for _, f := range r {
					to, renamed := m.p.Columns.Rename[f.Name]
					if f.Name != e[0] && (!renamed || to != e[0]) {
						continue
					}
					if old := f.Value.(eval.Value); old.Type() == eval.TypeString && v.Type() == eval.TypeString {
						dict.add(old.String(), v.String())
					}
				}
				if v.IsNull() || v.Type() == eval.TypeString && v.String() == "" {
					continue
				}
				nr = append(nr, eval.Field{Name: e[0], Value: v})
			}
			mapped = append(mapped, nr)
		}
		tt := m.targetTable(t)
		out[tt] = append(out[tt], mapped...)
	}
	return out, dict, nil
}

// put sets a field of a record. A column renamed to the name of another
// column of the source (ResourceId to _ResourceId) is that column on the
// target: the renamed value wins.
func put(r eval.Record, name string, v eval.Value, renamed bool) eval.Record {
	for i, f := range r {
		if f.Name == name {
			if renamed {
				r[i].Value = v
			}
			return r
		}
	}
	return append(r, eval.Field{Name: name, Value: v})
}

func fieldValue(r eval.Record, name string) (eval.Value, bool) {
	for _, f := range r {
		if f.Name == name {
			if v, ok := f.Value.(eval.Value); ok {
				return v, true
			}
		}
	}
	return eval.Value{}, false
}

// compute evaluates the event mapping's columns over a table's source
// events: one value per row and column.
func (m *mapper) compute(t string, recs []eval.Record) ([][]eval.Value, error) {
	var exprs []string
	for j, e := range m.events {
		exprs = append(exprs, fmt.Sprintf("__e%d = %s", j, e[1]))
	}
	rows, err := m.project(m.pl.cols[t], recs, strings.Join(exprs, ", "))
	if err != nil {
		return nil, fmt.Errorf("the profile's event mapping (events.columns) cannot be computed over %s events: %v", t, err)
	}
	return rows, nil
}

// project evaluates "T | project exprs" over records of a table with cols.
func (m *mapper) project(cols []eval.Column, recs []eval.Record, exprs string) ([][]eval.Value, error) {
	tab, err := eval.TableFromRecords(recs, cols)
	if err != nil {
		return nil, err
	}
	res, err := eval.Run("__events | project "+exprs, eval.Options{Now: m.pl.opts.Now, Tables: map[string]*eval.Table{"__events": tab}, MaxRows: m.pl.opts.MaxRows, MaxMemory: m.pl.opts.MaxMemory})
	if err != nil {
		return nil, err
	}
	out := make([][]eval.Value, res.NumRows())
	for i := range out {
		out[i] = res.Row(i)
	}
	return out, nil
}

// check checks that the profile's predicates and column expressions agree
// with the mapped events: a source event compares equal to a predicate's
// values exactly when its mapped event satisfies the replacement, and each
// column expression can be computed over the mapped events (its values
// join the dictionary). The error says why the profile cannot be checked
// on data.
func (m *mapper) check(src, mapped map[string][]eval.Record, dict dictionary) error {
	for _, t := range m.pl.tables {
		recs := src[t]
		tt := m.targetTable(t)
		mrecs := mapped[tt]
		if len(recs) == 0 || len(recs) != len(mrecs) {
			continue
		}
		cols := m.targetColumns(t)
		for _, pm := range m.p.Predicates {
			if !hasColumn(m.pl.cols[t], pm.Column) {
				continue
			}
			rows, err := m.project(cols, mrecs, "__p = "+pm.Replace)
			if err != nil {
				return fmt.Errorf("the predicate %s cannot be computed over the mapped events (%v)", pm, err)
			}
			for i, r := range recs {
				v, _ := fieldValue(r, pm.Column)
				want := false
				for _, pv := range pm.Values {
					want = want || strings.EqualFold(v.String(), pv)
				}
				got, _ := rows[i][0].Bool()
				if got != want {
					return fmt.Errorf("the predicate %s does not hold on events mapped by the profile's maps (%s %q maps to an event where the replacement is %v)",
						pm, pm.Column, v.String(), got)
				}
			}
		}
		for _, col := range sortedKeys(m.p.Columns.Expressions) {
			if !hasColumn(m.pl.cols[t], col) {
				continue
			}
			expr := m.p.Columns.Expressions[col]
			rows, err := m.project(cols, mrecs, "__x = tostring("+expr+")")
			if err != nil {
				return fmt.Errorf("columns.expressions.%s cannot be computed over the mapped events (%v)", col, err)
			}
			for i, r := range recs {
				if v, ok := fieldValue(r, col); ok {
					dict.add(v.String(), rows[i][0].String())
				}
			}
		}
	}
	return nil
}

func hasColumn(cols []eval.Column, name string) bool {
	for _, c := range cols {
		if c.Name == name {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// mapOutput maps a value of the original rule's output to the target: the
// strings the mapping of the events changed, and whole values the
// profile's maps name, inside dynamic values too.
func (m *mapper) mapOutput(x any, dict dictionary) any {
	switch x := x.(type) {
	case string:
		if to, ok := dict[x]; ok {
			return to
		}
		for _, vm := range m.p.Values {
			for from, to := range vm.Map {
				if strings.EqualFold(x, from) {
					if strings.ToLower(x) == x {
						return strings.ToLower(to)
					}
					return strings.ToUpper(to)
				}
			}
		}
		return x
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = m.mapOutput(e, dict)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = m.mapOutput(e, dict)
		}
		return out
	}
	return x
}
