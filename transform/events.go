package transform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// EventMapping says how an event of the source looks on the target, for
// checking conversions on data (package transform/verify). A profile needs
// one only when its own maps cannot say it: predicates and column
// expressions rewrite the query, but cannot be run backwards to turn a
// source event into a target event (ResourceType "VAULTS" says nothing about
// the _ResourceId that toupper(tostring(split(_ResourceId, "/")[7])) reads).
//
// Columns gives target columns as KQL expressions over the source event's
// columns, with the source's names and values:
//
//	events:
//	  columns:
//	    _ResourceId: replace_string(tolower(_ResourceId), "/vaults/", "/managedhsms/")
//	    Identity: bag_pack("claim", bag_pack("oid", identity_claim_oid_g, "upn", identity_claim_upn_s))
//
// A target event is the source event with the profile's value maps and
// operation renames applied to its values, then these columns set (they
// win over the renames of columns.rename), the other columns renamed as
// columns.rename says, and the columns of columns.expressions left out (the
// target computes them).
type EventMapping struct {
	Columns map[string]string `yaml:"columns"`
}

// compileEvents checks the event mapping's expressions.
func (p *Profile) compileEvents(bad func(format string, args ...any)) {
	if p.Events == nil {
		return
	}
	if len(p.Events.Columns) == 0 {
		bad("events.columns: give at least one column, or leave events out")
	}
	for _, col := range sortedKeys(p.Events.Columns) {
		if !kql.IsIdent(col) {
			bad("events.columns.%s: %q is not a plain column name", col, col)
		}
		if _, err := kql.ParseExpr(p.Events.Columns[col]); err != nil {
			bad("events.columns.%s: %v", col, err)
		}
	}
}

// EventColumns returns the columns of the profile's event mapping, sorted by
// name, with their expressions; nil when the profile has none.
func (p *Profile) EventColumns() [][2]string {
	if p.Events == nil {
		return nil
	}
	var out [][2]string
	for _, col := range sortedKeys(p.Events.Columns) {
		out = append(out, [2]string{col, p.Events.Columns[col]})
	}
	return out
}

// MapValue returns the value that value, held by column in a source event,
// has on the target: the profile's value maps of that column (whole values,
// then substrings, in the case style of value) and, for the operation
// column, its operation renames. changed reports whether it differs.
func (p *Profile) MapValue(column, value string) (mapped string, changed bool) {
	mapped = value
	for _, m := range p.valueBy[strings.ToLower(column)] {
		if nv, _, ok := applyValueMap(mapped, m); ok {
			mapped = nv
			break
		}
	}
	if o := p.Operations; o != nil && strings.EqualFold(column, o.Column) {
		if to, ok := p.renames[strings.ToLower(mapped)]; ok {
			mapped = to
		}
	}
	return mapped, mapped != value
}

// TargetLacks reports whether the target lacks the operation op (a drop
// pattern of the profile matches it).
func (p *Profile) TargetLacks(op string) bool {
	dropped, _ := p.dropped(op)
	return dropped
}

// TargetOnlyOperations returns the operations that the profile adds to
// operation lists (operations.add): the target has them, the source does
// not.
func (p *Profile) TargetOnlyOperations() []string {
	seen := map[string]bool{}
	var out []string
	if p.Operations == nil {
		return nil
	}
	for _, a := range p.Operations.Add {
		for _, op := range a.Add {
			if !seen[strings.ToLower(op)] {
				seen[strings.ToLower(op)] = true
				out = append(out, op)
			}
		}
	}
	sort.Strings(out)
	return out
}

// ValueMapped reports whether the profile's value maps apply to column.
func (p *Profile) ValueMapped(column string) bool {
	return len(p.valueBy[strings.ToLower(column)]) > 0
}

// Inverse returns the source value that a whole-value map of column gives
// target for, if one does (MANAGEDHSMS → VAULTS for ResourceType).
func (p *Profile) Inverse(column, target string) (string, bool) {
	for _, m := range p.valueBy[strings.ToLower(column)] {
		for _, from := range sortedKeys(m.Map) {
			if strings.EqualFold(m.Map[from], target) {
				return caseLike(target, from), true
			}
		}
	}
	return "", false
}

// String returns the predicate map as the comparison it replaces and its
// replacement, for messages: ResourceType in ("VAULTS") → _ResourceId has "/managedhsms/".
func (pm PredicateMap) String() string {
	q := make([]string, len(pm.Values))
	for i, v := range pm.Values {
		q[i] = kql.Quote(v, kql.StringStyle{Quote: '"'})
	}
	return fmt.Sprintf("%s in (%s) → %s", pm.Column, strings.Join(q, ", "), pm.Replace)
}
