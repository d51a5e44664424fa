package verify

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/kql/eval/ruletest"
)

// This file builds the cases of a rule:
//
//   - base: the events of the first assignment of values (defaults first,
//     then one and two changes) that makes the original rule fire, with
//     groups as small as the thresholds allow and as many entities as the
//     trigger needs;
//   - empty: no events;
//   - value: the base with one compared column set to another of its
//     candidates (each constant, an empty value, a value that matches
//     none, times inside and outside each window);
//   - threshold: the base with a group's size, distinct count or sum,
//     average, minimum or maximum of a column just beside each edge of
//     each threshold the query compares an aggregate with (threshold.go),
//     the other alternatives of its or failing;
//   - trigger: as many firing entities as triggerThreshold, and one more;
//   - join: the rows of the other tables belong to another entity;
//   - mixed: the base and every value case at once, each its own entity.

// sizing is the group size, distinct counts and aggregate values the
// thresholds need.
type sizing struct {
	size     int
	distinct map[string]int
	amounts  map[string]float64
	notes    []string

	// fail gives, for the dimensions whose thresholds are all in one
	// alternative of an or (TotalMB > 50 or count() > 200), a value that
	// fails them; others has the other dimensions of that or. The base
	// passes the first alternative only, and a threshold case of one
	// fails the others, so that each alternative decides in its cases.
	fail   map[dim]float64
	others map[dim][]dim
}

// dim is what a threshold's cases vary: the rows of a group (kind "rows"),
// the distinct values of a column ("distinct"), or the values of a numeric
// column whose aggregate the threshold compares ("sum", "avg", "min",
// "max", "any").
type dim struct {
	kind string
	col  string
}

func (d dim) String() string {
	switch d.kind {
	case "rows":
		return "the number of rows"
	case "distinct":
		return "the distinct values of " + d.col
	}
	return d.kind + "(" + d.col + ")"
}

// setDim gives the scenario's group the value x of a dimension.
func (sc *scenario) setDim(d dim, x float64) {
	switch d.kind {
	case "rows":
		n := int(x)
		sc.size = n
		for col, dn := range sc.distinct {
			sc.distinct[col] = min(dn, n)
		}
	case "distinct":
		// No distinct value: no group at all, as for counts.
		n := int(x)
		sc.distinct[d.col] = n
		sc.size = max(sc.size, n)
		if n == 0 {
			sc.size = 0
		}
	default:
		sc.amounts[d.col] = x
	}
}

// failing returns a value beside a threshold that fails it.
func failing(t *threshold) (float64, bool) {
	s := t.sides()
	switch t.op {
	case ">", ">=", "==", "between":
		return s[0], true
	case "<", "<=":
		return s[len(s)-1], true
	}
	return 0, false
}

// dimension returns what a threshold's cases vary.
func (pl *plan) dimension(t *threshold) dim {
	if t.num != nil {
		return dim{t.num.kind, t.num.col}
	}
	set, _ := listAgg(t.agg.fn)
	switch {
	case t.length && set, t.agg.fn == "dcount", t.agg.fn == "dcountif", t.agg.fn == "count_distinct", t.agg.fn == "count_distinctif":
		for _, a := range t.agg.args {
			for _, c := range pl.f.sources(a) {
				if pl.distinct[c] {
					return dim{"distinct", c}
				}
			}
		}
	}
	return dim{kind: "rows"}
}

// solvable returns the thresholds the generator puts cases on both sides of.
func (pl *plan) solvable() []*threshold {
	var out []*threshold
	for _, t := range pl.f.thresh {
		if t.reason == "" {
			out = append(out, t)
		}
	}
	return out
}

func (pl *plan) sizing() sizing {
	s := sizing{size: 1, distinct: map[string]int{}, amounts: map[string]float64{}}
	byDim := map[dim][]*threshold{}
	var dims []dim
	for _, t := range pl.solvable() {
		d := pl.dimension(t)
		if byDim[d] == nil {
			dims = append(dims, d)
		}
		byDim[d] = append(byDim[d], t)
	}
	// Alternatives: the dimensions whose thresholds are all in one or.
	s.fail, s.others = map[dim]float64{}, map[dim][]dim{}
	byGroup := map[kql.Node][]dim{}
	var groups []kql.Node
	for _, d := range dims {
		g := byDim[d][0].either
		for _, t := range byDim[d] {
			if t.either != g {
				g = nil
			}
		}
		x, ok := failing(byDim[d][0])
		counted := d.kind == "rows" || d.kind == "distinct"
		if g == nil || !ok || counted && x < 1 {
			continue
		}
		if op := byDim[d][0].op; counted && (op == ">" || op == ">=") {
			x = 1 // the smallest group that fails it
		}
		if byGroup[g] == nil {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], d)
		s.fail[d] = x
	}
	for _, g := range groups {
		ds := byGroup[g]
		if len(ds) < 2 {
			delete(s.fail, ds[0])
			continue
		}
		for _, d := range ds {
			for _, o := range ds {
				if o != d {
					s.others[d] = append(s.others[d], o)
				}
			}
		}
	}
	first := map[kql.Node]bool{}
	for _, d := range dims {
		if x, ok := s.fail[d]; ok && first[byDim[d][0].either] {
			// Not the first alternative of its or: it fails in the base.
			switch d.kind {
			case "rows":
				s.size = max(s.size, int(x))
			case "distinct":
				s.distinct[d.col] = int(x)
			default:
				s.amounts[d.col] = x
			}
			continue
		} else if ok {
			first[byDim[d][0].either] = true
		}
		lo, hi, ok := passing(byDim[d])
		if !ok {
			either := false
			for _, t := range byDim[d] {
				either = either || t.either != nil
			}
			if either {
				// Alternatives (a > 5 or a == 3): the first decides.
				lo, hi, _ = passing(byDim[d][:1])
			} else {
				s.notes = append(s.notes, fmt.Sprintf("the thresholds on %s cannot all hold at once", d))
			}
		}
		switch d.kind {
		case "rows", "distinct":
			n := 1
			if lo > 1 && !math.IsInf(lo, 1) {
				n = int(min(lo, math.MaxInt32))
			}
			if d.kind == "rows" {
				s.size = max(s.size, n)
			} else {
				s.distinct[d.col] = n
			}
		default:
			switch {
			case !math.IsInf(lo, -1):
				s.amounts[d.col] = lo
			case !math.IsInf(hi, 1):
				s.amounts[d.col] = hi
			default: // only != and !between: a value that passes them
				t := byDim[d][0]
				s.amounts[d.col] = t.above(math.Max(t.value, t.high))
			}
		}
	}
	for _, n := range s.distinct {
		s.size = max(s.size, n)
	}
	return s
}

// generate builds the cases.
func (v *verifier) generate() {
	pl := v.pl
	sz := pl.sizing()
	v.res.Notes = append(v.res.Notes, sz.notes...)
	if sz.size > v.opts.MaxEvents {
		v.res.Notes = append(v.res.Notes, fmt.Sprintf("the thresholds need groups of %d events, more than the bound of %d: groups are cut to it", sz.size, v.opts.MaxEvents))
		sz.size = v.opts.MaxEvents
	}
	trig := v.trigger()
	entities := trig.Threshold + 1
	if trig.Operator != "gt" || entities < 1 {
		entities = 1
	}
	const maxEntities = 50
	if entities > maxEntities {
		v.res.Notes = append(v.res.Notes, fmt.Sprintf("triggerThreshold %d needs %d entities: cases use %d", trig.Threshold, entities, maxEntities))
		entities = maxEntities
	}
	if entities*sz.size > v.opts.MaxEvents {
		entities = max(1, v.opts.MaxEvents/sz.size)
	}
	base := func(set map[key]candidate) []scenario {
		var scs []scenario
		for k := 1; k <= entities; k++ {
			sc := scenario{k: k, kOther: k, set: map[key]candidate{}, size: sz.size, distinct: map[string]int{}, amounts: map[string]float64{}}
			for kk, c := range set {
				sc.set[kk] = c
			}
			for d, n := range sz.distinct {
				sc.distinct[d] = n
			}
			for d, v := range sz.amounts {
				sc.amounts[d] = v
			}
			scs = append(scs, sc)
		}
		return scs
	}

	// Find values that make the original rule fire.
	keys := pl.keys()
	chosen := map[key]candidate{}
	if !v.fires(base(chosen)) {
		found := false
		budget := v.opts.MaxSearch
		try := func(set map[key]candidate) bool {
			budget--
			if v.fires(base(set)) {
				chosen, found = set, true
			}
			return found || budget <= 0
		}
	search:
		for _, k := range keys {
			for _, c := range pl.cands[k][1:] {
				if try(map[key]candidate{k: c}) {
					break search
				}
			}
		}
		if !found && budget > 0 {
		pairs:
			for i, k := range keys {
				for _, k2 := range keys[i+1:] {
					for _, c := range pl.cands[k][1:] {
						for _, c2 := range pl.cands[k2][1:] {
							if try(map[key]candidate{k: c, k2: c2}) {
								break pairs
							}
						}
					}
				}
			}
		}
		if !found {
			v.res.Notes = append(v.res.Notes, fmt.Sprintf("no assignment of the query's values tried (%d runs) makes the original rule fire", v.opts.MaxSearch-budget))
		}
	}
	baseScs := base(chosen)
	total, left := 0, 0
	defer func() {
		if left > 0 {
			v.res.Notes = append(v.res.Notes, fmt.Sprintf("%d %s left out: the bounds are %d cases and %d events in all",
				left, plural(left, "case", "cases"), v.opts.MaxCases, 20*v.opts.MaxEvents))
		}
	}()
	add := func(name, kind string, scs []scenario) *Case {
		n := 0
		for _, sc := range scs {
			n += sc.size
		}
		if len(v.res.Cases) >= v.opts.MaxCases || total+n > 20*v.opts.MaxEvents {
			left++
			return nil
		}
		c := &Case{Name: name, Kind: kind, scenarios: scs}
		c.src, c.blocks = pl.eventBlocks(scs)
		for _, recs := range c.src {
			c.Events += len(recs)
		}
		if c.Events > v.opts.MaxEvents {
			v.res.Notes = append(v.res.Notes, fmt.Sprintf("case %q needs %d events, more than the bound of %d: left out", name, c.Events, v.opts.MaxEvents))
			return nil
		}
		total += c.Events
		v.res.Cases = append(v.res.Cases, c)
		return c
	}
	add("base", "base", baseScs)
	add("no events", "empty", nil)

	// One compared column at a time.
	var variations []scenario
	for _, k := range keys {
		cur := chosenOrDefault(pl, chosen, k)
		for _, c := range pl.cands[k] {
			if sameCandidate(c, cur) {
				continue
			}
			sc := baseScs[0].clone()
			sc.set[k] = c
			sc.label = fmt.Sprintf("%s = %s", k, pl.describe(k, c))
			add(sc.label, "value", []scenario{sc})
			variations = append(variations, sc)
		}
	}

	// Thresholds: a group on each side of each edge, the other
	// alternatives of its or failing.
	for _, t := range pl.solvable() {
		d := pl.dimension(t)
		for _, x := range t.sides() {
			sc := baseScs[0].clone()
			if (d.kind == "rows" || d.kind == "distinct") && (x < 0 || x > float64(v.opts.MaxEvents)) {
				continue
			}
			for _, o := range sz.others[d] {
				sc.setDim(o, sz.fail[o])
			}
			sc.setDim(d, x)
			what := ""
			switch d.kind {
			case "rows":
				what = fmt.Sprintf("%d %s", int(x), plural(int(x), "event", "events"))
			case "distinct":
				what = fmt.Sprintf("%d distinct %s", int(x), d.col)
			default:
				what = fmt.Sprintf("%s = %s", t.quantity(), formatNumber(x))
			}
			if sc.size > v.opts.MaxEvents {
				continue
			}
			scs := []scenario{sc}
			if sc.size == 0 {
				scs = nil
			}
			if c := add(fmt.Sprintf("%s: %s", t.text, what), "threshold", scs); c != nil {
				c.th, c.at = t, x
			}
		}
	}

	// The trigger.
	if trig.Operator == "gt" && trig.Threshold > 0 && entities == trig.Threshold+1 {
		add(fmt.Sprintf("triggerThreshold %d: %d firing entities", trig.Threshold, trig.Threshold), "trigger", baseScs[:trig.Threshold])
	}

	// Joins: the other tables' rows belong to another entity.
	if len(pl.tables) > 1 && len(pl.f.joins) > 0 {
		scs := []scenario{}
		for _, sc := range baseScs {
			c := sc.clone()
			c.kOther = sc.k + 100
			scs = append(scs, c)
		}
		add("join: the other tables' rows belong to another entity", "join", scs)
	}

	// Everything at once.
	if len(variations) > 0 {
		scs := append([]scenario{}, baseScs...)
		next := entities + 1
		for _, sc := range variations {
			c := sc.clone()
			c.k, c.kOther = next, next
			next++
			scs = append(scs, c)
		}
		total := 0
		for _, sc := range scs {
			total += sc.size
		}
		for total > v.opts.MaxEvents && len(scs) > len(baseScs) {
			total -= scs[len(scs)-1].size
			scs = scs[:len(scs)-1]
		}
		add("mixed: the base and every value case, each its own entity", "mixed", scs)
	}
}

// keys returns the compared columns, in a stable order: the scope tables'
// first.
func (pl *plan) keys() []key {
	var out []key
	for _, t := range pl.tables {
		for _, c := range pl.cols[t] {
			if _, ok := pl.cands[key{t, c.Name}]; ok {
				out = append(out, key{t, c.Name})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return pl.scope[out[i].table] && !pl.scope[out[j].table] })
	return out
}

func chosenOrDefault(pl *plan, chosen map[key]candidate, k key) candidate {
	if c, ok := chosen[k]; ok {
		return c
	}
	return pl.cands[k][0]
}

func sameCandidate(a, b candidate) bool {
	if a.generated || b.generated {
		return a.generated == b.generated
	}
	return a.value.Type() == b.value.Type() && a.value.GoString() == b.value.GoString()
}

// describe names a candidate for a case name.
func (pl *plan) describe(k key, c candidate) string {
	if c.generated {
		return "a value the query does not name"
	}
	if c.value.Type() == eval.TypeString && c.value.String() == "" {
		return "empty"
	}
	if c.value.IsNull() {
		return "null"
	}
	if c.value.Type() == eval.TypeDateTime {
		d := pl.opts.Now.Sub(c.value.Time())
		if d >= 0 {
			return fmt.Sprintf("now-%s", shortDuration(d))
		}
		return fmt.Sprintf("now+%s", shortDuration(-d))
	}
	s := c.value.String()
	if pl.p.TargetLacks(s) && strings.EqualFold(k.column, pl.opsCol) {
		return s + " (the target lacks it)"
	}
	return s
}

// shortDuration writes 24h1m0s as 24h1m.
func shortDuration(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	s = strings.TrimSuffix(s, "0m")
	return s
}

// fires reports whether the original rule fires on the events of
// scenarios that the target has.
func (v *verifier) fires(scs []scenario) bool {
	src := v.m.inTarget(v.pl.events(scs))
	r, err := v.runRule(v.src, src, v.pl.tables)
	return err == nil && r.Fires
}

// trigger returns the source rule's trigger.
func (v *verifier) trigger() ruletest.Trigger {
	t := ruletest.Trigger{Operator: "gt"}
	switch strings.ToLower(v.src.TriggerOperator()) {
	case "lt", "lessthan":
		t.Operator = "lt"
	case "eq", "equal":
		t.Operator = "eq"
	case "ne", "notequal":
		t.Operator = "ne"
	}
	if n, ok := v.src.TriggerThreshold(); ok {
		t.Threshold = n
	}
	return t
}

// thresholds reports, for each threshold, the cases on both sides of its
// edges, and whether the original rule does something else on each side:
// it fires or not, or returns another number of rows (for a threshold
// outside a where predicate, iff(count() > 5, ...), other alerts).
func (v *verifier) thresholds() {
	pl := v.pl
	byName := map[string]*Case{}
	for _, c := range v.res.Cases {
		byName[c.Name] = c
	}
	for _, t := range pl.f.thresh {
		th := Threshold{What: t.describe(), Where: t.text}
		if t.reason != "" {
			th.Note = t.reason
			v.res.Thresholds = append(v.res.Thresholds, th)
			continue
		}
		sides := t.sides()
		th.Below, th.Above = sides[0], sides[len(sides)-1]
		at := map[float64]*Case{}
		for _, c := range v.res.Cases {
			if c.th == t {
				at[c.at] = c
			}
		}
		for _, x := range sides {
			if at[x] == nil {
				th.Note = fmt.Sprintf("no case at %s", formatNumber(x))
				break
			}
		}
		if th.Note == "" {
			th.Covered = true
			for _, e := range t.edges() {
				a, b := at[e[0]].Original, at[e[1]].Original
				differ := a.Fires != b.Fires || a.Rows != b.Rows
				if !t.filter && !differ {
					differ = len(differences(a, b)) > 0
				}
				if !differ {
					th.Covered = false
					th.Note = fmt.Sprintf("the original rule does the same at %s and %s (another condition decides)", formatNumber(e[0]), formatNumber(e[1]))
					break
				}
			}
		}
		v.res.Thresholds = append(v.res.Thresholds, th)
	}
	trig := v.trigger()
	if trig.Operator == "gt" {
		th := Threshold{What: fmt.Sprintf("triggerThreshold: rows gt %d", trig.Threshold), Below: float64(trig.Threshold), Above: float64(trig.Threshold + 1)}
		var below, above *Case
		if trig.Threshold == 0 {
			below = byName["no events"]
		} else {
			below = byName[fmt.Sprintf("triggerThreshold %d: %d firing entities", trig.Threshold, trig.Threshold)]
		}
		above = byName["base"]
		switch {
		case below == nil || above == nil:
			th.Note = "no case on one side"
		case below.Original.Rows == trig.Threshold && above.Original.Rows > trig.Threshold:
			th.Covered = true
		default:
			th.Note = fmt.Sprintf("the cases give %d and %d rows", below.Original.Rows, above.Original.Rows)
		}
		v.res.Thresholds = append(v.res.Thresholds, th)
	}
}
