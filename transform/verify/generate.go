package verify

import (
	"fmt"
	"hash/fnv"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/transform"
)

// This file turns the facts of a query into events. An event's values come
// from three places:
//
//   - a column the query compares with constants takes one of its
//     candidates: those constants (and values just beside them for
//     numbers and times), an empty value when the query tests emptiness,
//     and a generated value that matches none of them;
//   - a column the query does not compare takes a generated value that
//     depends on the entity (the caller) the event belongs to, so that
//     events of one entity group together and join partners match: columns
//     a join ties together share their values;
//   - a column the query counts distinct values of (dcount) takes a value
//     per row within the group, as many distinct ones as the case needs.
//
// A scenario is one entity's events: a group of rows in each scope table
// (as many as the thresholds need) and one row in each other table.

// key names a column of a table.
type key struct{ table, column string }

func (k key) String() string { return k.table + "." + k.column }

// candidate is a possible value of a compared column.
type candidate struct {
	value     eval.Value // when not generated
	generated bool       // the entity's generated value, which matches no constant
}

// plan is what the generator knows about one rule.
type plan struct {
	f        *facts
	p        *transform.Profile
	opts     *Options
	tables   []string                 // tables the original query reads
	scope    map[string]bool          // scope tables: their scenarios have groups of rows
	cols     map[string][]eval.Column // table → the columns generated, with types
	cands    map[key][]candidate      // compared columns → candidates, default first
	filters  map[key][]*site          // compared columns → the filter sites they must pass
	class    map[string]string        // column → the name whose generated values it shares
	ipClass  map[string]bool          // class → IPv4 addresses
	distinct map[string]bool          // columns counted by dcount
	numeric  map[string]*numDim       // numeric columns whose aggregates thresholds compare
	idCols   map[string]bool          // resource id columns (value maps by substring)
	provider string                   // resource provider segment of generated ids
	opsCol   string
	scopeCol string
	timeDef  time.Time
	period   time.Duration // the rule's look-back window (queryPeriod), or 0
	seedTag  uint64
}

// scenario is the events of one entity.
type scenario struct {
	k        int                // entity of the scope tables' rows
	kOther   int                // entity of the other tables' rows
	set      map[key]candidate  // values that differ from the defaults
	size     int                // rows in each scope table
	distinct map[string]int     // dcount column → distinct values in the group
	amounts  map[string]float64 // numeric column → the value of its aggregate in the group
	label    string
}

func (s scenario) clone() scenario {
	c := s
	c.set = map[key]candidate{}
	for k, v := range s.set {
		c.set[k] = v
	}
	c.distinct = map[string]int{}
	for k, v := range s.distinct {
		c.distinct[k] = v
	}
	c.amounts = map[string]float64{}
	for k, v := range s.amounts {
		c.amounts[k] = v
	}
	return c
}

// upnName matches the names of columns that hold user principal names or
// mail addresses.
var upnName = regexp.MustCompile(`(^|_)(upn|mail)(_|$)|UPN|Upn($|[A-Z_])|UserPrincipalName|[Ee]mail|Mail($|[A-Z_])`)

var ipName = regexp.MustCompile(`IP(Address|Addr)?($|[A-Z_])|IpAddress|Ipv4|IPv4|(^|_)ip(_|$)`)

// newPlan prepares the generation of events for a query.
func newPlan(f *facts, p *transform.Profile, opts *Options, period time.Duration) *plan {
	pl := &plan{
		f: f, p: p, opts: opts, tables: f.tables, scope: map[string]bool{}, cols: map[string][]eval.Column{},
		cands: map[key][]candidate{}, filters: map[key][]*site{}, class: map[string]string{}, ipClass: map[string]bool{},
		distinct: map[string]bool{}, numeric: map[string]*numDim{}, idCols: map[string]bool{}, scopeCol: p.Scope.Column, period: period,
	}
	if p.Operations != nil {
		pl.opsCol = p.Operations.Column
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "seed %d", opts.Seed)
	pl.seedTag = h.Sum64()
	for _, t := range p.Scope.Tables {
		pl.scope[t] = true
	}
	anyScope := false
	for _, t := range f.tables {
		anyScope = anyScope || pl.scope[t]
	}
	if !anyScope && len(f.tables) > 0 {
		pl.scope[f.tables[0]] = true
	}
	pl.timeDef = opts.Now.Add(-5 * time.Minute)
	if period > 0 && period/4 < 5*time.Minute {
		pl.timeDef = opts.Now.Add(-period / 4)
	}

	// Columns and their types: those the query reads, and in the scope
	// tables those the profile's expressions read on source events.
	extra := pl.profileReads()
	for _, t := range f.tables {
		// Every Sentinel table has TimeGenerated, which the look-back
		// window filters on.
		if _, known := f.schema.cols(t); period > 0 && !known && !isTable(f.columns[t], "TimeGenerated") {
			f.columns[t] = append(f.columns[t], "TimeGenerated")
		}
		if pl.scope[t] {
			for _, c := range extra {
				if !isTable([]string(f.columns[t]), c) {
					f.columns[t] = append(f.columns[t], c)
				}
			}
		}
		for _, c := range f.columns[t] {
			pl.cols[t] = append(pl.cols[t], eval.Column{Name: c, Type: pl.columnType(t, c)})
		}
	}
	// Join classes: union-find over names, through lineage.
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		return x
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		if rb < ra {
			ra, rb = rb, ra
		}
		parent[rb] = ra
	}
	for _, j := range f.joins {
		var names []string
		for _, side := range j {
			names = append(names, f.sources(side)...)
		}
		for i := 1; i < len(names); i++ {
			union(names[0], names[i])
		}
	}
	for _, t := range f.tables {
		for _, c := range f.columns[t] {
			pl.class[c] = find(c)
		}
	}
	for name := range f.ipLike {
		for _, c := range f.sources(name) {
			pl.ipClass[find(c)] = true
		}
	}
	for c, rep := range pl.class {
		if ipName.MatchString(c) && pl.typeOf(c) == eval.TypeString {
			pl.ipClass[rep] = true
		}
	}
	for name := range f.distinct {
		for _, c := range f.sources(name) {
			pl.distinct[c] = true
		}
	}
	for _, t := range f.tables {
		for _, c := range f.columns[t] {
			isID := p.ValueMapped(c) || strings.EqualFold(strings.TrimPrefix(c, "_"), "ResourceId")
			if isID && !strings.EqualFold(c, pl.scopeCol) && !strings.EqualFold(c, pl.opsCol) && pl.typeOf(c) == eval.TypeString {
				pl.idCols[c] = true
			}
		}
	}
	pl.provider = pl.findProvider()
	pl.numericColumns()
	pl.solveDerived()
	pl.candidates()
	return pl
}

// numericColumns finds the columns whose values the thresholds on sum,
// avg, min and max need set, with their types; a threshold on a column of
// another type, or on a column another threshold already sets through
// another aggregate, gets its reason.
func (pl *plan) numericColumns() {
	for _, t := range pl.f.thresh {
		kind, ok := numericAgg(t.agg.fn)
		if t.reason != "" || t.length || !ok {
			continue
		}
		col, conv, _ := pl.f.numericSource(t.agg.arg, 0)
		typ := pl.typeOf(col)
		d := &numDim{kind: kind, col: col, typ: typ, text: t.agg.text}
		switch {
		case typ == eval.TypeLong || typ == eval.TypeInt:
			d.integral = true
		case typ == eval.TypeReal:
		case typ == eval.TypeString && conv != "":
			d.integral = conv == "toint" || conv == "tolong" || conv == "int" || conv == "long"
		default:
			t.reason = fmt.Sprintf("the generator does not solve %s: %s is a %s column", t.agg.text, col, typ)
			continue
		}
		if old := pl.numeric[col]; old != nil && old.kind != kind {
			t.reason = fmt.Sprintf("the generator does not solve %s and %s at once: the cases set %s for the first", old.text, t.agg.text, col)
			continue
		} else if old != nil {
			d = old
		}
		pl.numeric[col] = d
		t.num = d
	}
}

// profileReads returns the source columns the profile's expressions read:
// those of its event mapping, and those its predicates and column
// expressions read that the event mapping does not make.
func (pl *plan) profileReads() []string {
	defined := map[string]bool{}
	var out []string
	for _, e := range pl.p.EventColumns() {
		defined[e[0]] = true
		out = append(out, exprReads(e[1])...)
	}
	var others []string
	for _, pm := range pl.p.Predicates {
		others = append(others, exprReads(pm.Replace)...)
	}
	for _, col := range sortedKeys(pl.p.Columns.Expressions) {
		others = append(others, exprReads(pl.p.Columns.Expressions[col])...)
	}
	for _, c := range others {
		if !defined[c] {
			out = append(out, c)
		}
	}
	return uniq(out)
}

// exprReads returns the columns a KQL expression of the profile reads.
func exprReads(src string) []string {
	x, err := kql.ParseExpr(src)
	if err != nil {
		return nil
	}
	return reads(x)
}

// columnType is the type of a column: the schema's, or by the naming
// conventions of Azure Monitor (suffixes _s, _d, _b, _t, _g), or by what
// the query compares it with.
func (pl *plan) columnType(table, col string) eval.Type {
	for _, c := range pl.f.schema.of(table) {
		if c.Name == col {
			return c.Type
		}
	}
	if strings.HasPrefix(table, watchlistPrefix) {
		for _, c := range eval.WatchlistColumns {
			if c.Name == col {
				return c.Type
			}
		}
	}
	switch {
	case col == "TimeGenerated" || strings.HasSuffix(col, "_t"):
		return eval.TypeDateTime
	case strings.HasSuffix(col, "_d"):
		return eval.TypeReal
	case strings.HasSuffix(col, "_b"):
		return eval.TypeBool
	case strings.HasSuffix(col, "_s") || strings.HasSuffix(col, "_g"):
		return eval.TypeString
	case pl.f.boolean[col]:
		return eval.TypeBool
	case pl.f.dynamic[col]:
		// Read as X.prop or X[...]: a dynamic value, which a column
		// of a custom table can hold (generated absent).
		return eval.TypeDynamic
	}
	// A column whose sum, average, minimum or maximum is compared with a
	// number holds numbers.
	for _, t := range pl.f.thresh {
		if _, ok := numericAgg(t.agg.fn); !ok || t.length || t.reason != "" {
			continue
		}
		if c, conv, ok := pl.f.numericSource(t.agg.arg, 0); ok && c == col && conv == "" {
			if t.derived[0] == "" && (t.value != math.Trunc(t.value) || t.high != math.Trunc(t.high)) {
				return eval.TypeReal
			}
			return eval.TypeLong
		}
	}
	for _, s := range pl.f.sites {
		if s.column != col || len(s.values) == 0 {
			continue
		}
		switch s.values[0].Type() {
		case eval.TypeDateTime:
			return eval.TypeDateTime
		case eval.TypeLong, eval.TypeInt:
			if s.op != "has" && !strings.Contains(s.op, "in") {
				return eval.TypeLong
			}
		case eval.TypeReal:
			return eval.TypeReal
		case eval.TypeBool:
			return eval.TypeBool
		}
	}
	return eval.TypeString
}

// typeOf returns the type of a column in the first table that has it.
func (pl *plan) typeOf(col string) eval.Type {
	for _, t := range pl.tables {
		for _, c := range pl.cols[t] {
			if c.Name == col {
				return c.Type
			}
		}
	}
	return eval.TypeString
}

var providerRE = regexp.MustCompile(`(?i)/providers/([^/]+)/`)

// findProvider returns the resource provider for generated resource ids:
// one the query names, or a placeholder.
func (pl *plan) findProvider() string {
	for _, s := range pl.f.sites {
		for _, v := range s.values {
			if v.Type() != eval.TypeString {
				continue
			}
			if m := providerRE.FindStringSubmatch(v.String()); m != nil {
				return strings.ToUpper(m[1])
			}
			if strings.EqualFold(s.column, "ResourceProvider") {
				return strings.ToUpper(v.String())
			}
		}
	}
	return "MICROSOFT.EXAMPLE"
}

// candidates computes each compared column's candidates and picks the
// default: the first that passes every filter the column meets.
func (pl *plan) candidates() {
	f := pl.f
	targetOnly := map[string]bool{}
	for _, op := range pl.p.TargetOnlyOperations() {
		targetOnly[strings.ToLower(op)] = true
	}
	for _, t := range pl.tables {
		colsOf := map[string]eval.Type{}
		for _, c := range pl.cols[t] {
			colsOf[c.Name] = c.Type
		}
		byCol := map[string][]*site{}
		var order []string
		for _, s := range f.sites {
			for _, c := range f.sources(s.column) {
				if _, ok := colsOf[c]; !ok {
					continue
				}
				if byCol[c] == nil {
					order = append(order, c)
				}
				byCol[c] = append(byCol[c], s)
			}
		}
		for _, c := range pl.cols[t] {
			if (c.Name == "TimeGenerated" || c.Type == eval.TypeBool && f.boolean[c.Name]) && byCol[c.Name] == nil {
				order = append(order, c.Name)
				byCol[c.Name] = []*site{}
			}
		}
		for _, col := range order {
			typ := colsOf[col]
			k := key{t, col}
			var list []candidate
			seen := map[string]bool{}
			addv := func(v eval.Value) {
				cv, ok := convert(v, typ)
				if !ok {
					return
				}
				id := cv.GoString()
				if seen[id] {
					return
				}
				if typ == eval.TypeString {
					s := cv.String()
					// Values the source never has: the target's own
					// operations, values a map gives on the target.
					if strings.EqualFold(col, pl.opsCol) && targetOnly[strings.ToLower(s)] {
						return
					}
					if _, isTarget := pl.p.Inverse(col, s); isTarget {
						return
					}
				}
				seen[id] = true
				list = append(list, candidate{value: cv})
			}
			for _, s := range byCol[col] {
				if s.filter {
					pl.filters[k] = append(pl.filters[k], s)
				}
				switch s.op {
				case "isempty", "isnotempty", "isnull", "isnotnull":
					addv(emptyOf(typ))
				case "matches regex", "like", "notlike":
				case "<", "<=", ">", ">=", "between":
					for _, v := range s.values {
						for _, nv := range around(v) {
							addv(nv)
						}
					}
				case "==", "!=", "<>":
					for _, v := range s.values {
						addv(v)
						if v.Type() != eval.TypeString {
							for _, nv := range around(v) {
								addv(nv)
							}
						}
					}
				default:
					for _, v := range s.values {
						addv(v)
						if pl.p.ValueMapped(col) && v.Type() == eval.TypeString {
							// The other case, for the retargeting of
							// case-insensitive and case-sensitive comparisons.
							addv(eval.NewString(strings.ToLower(v.String())))
						}
					}
				}
			}
			if typ == eval.TypeBool && (f.boolean[col] || len(list) == 0) {
				// A bool compared with what no bool is (x_b =~ "true"
				// reads as a string comparison) still takes both values.
				addv(eval.NewBool(true))
				addv(eval.NewBool(false))
			}
			if col == "TimeGenerated" {
				addv(eval.NewDateTime(pl.timeDef))
				if pl.period > 0 {
					addv(eval.NewDateTime(pl.opts.Now.Add(-pl.period - time.Minute)))
					addv(eval.NewDateTime(pl.opts.Now.Add(-pl.period + time.Minute)))
				}
			}
			if typ != eval.TypeBool && col != "TimeGenerated" {
				// A value that matches none of the constants (a boolean
				// has no other value; the default time is TimeGenerated's).
				list = append(list, candidate{generated: true})
			}
			if len(list) > 0 {
				pl.cands[k] = pl.order(k, list)
			}
		}
	}
}

// order puts the candidates of a column in the order the generator prefers
// them, with the default first: the first that passes every filter; for
// the operation column, operations the target has first.
func (pl *plan) order(k key, list []candidate) []candidate {
	if strings.EqualFold(k.column, pl.opsCol) {
		sort.SliceStable(list, func(i, j int) bool {
			return !pl.lacks(list[i]) && pl.lacks(list[j])
		})
	}
	if k.column == "TimeGenerated" {
		// The default time first: inside every window.
		for i, c := range list {
			if !c.generated && c.value.Time().Equal(pl.timeDef) {
				list[0], list[i] = list[i], list[0]
				break
			}
		}
	}
	filters := pl.filters[k]
	if len(filters) == 0 {
		// Nothing to pass: the generated value is the natural default,
		// except for times.
		if k.column != "TimeGenerated" {
			for i, c := range list {
				if c.generated {
					return append(append([]candidate{c}, list[:i]...), list[i+1:]...)
				}
			}
		}
		return list
	}
	for i, c := range list {
		if pl.passes(k, c, filters) {
			return append(append([]candidate{c}, list[:i]...), list[i+1:]...)
		}
	}
	return list
}

// lacks reports whether the candidate is an operation the target lacks.
func (pl *plan) lacks(c candidate) bool {
	return !c.generated && c.value.Type() == eval.TypeString && pl.p.TargetLacks(c.value.String())
}

// passes reports whether a candidate value passes the filter sites, each
// judged alone: a comparison under not() must be false.
func (pl *plan) passes(k key, c candidate, sites []*site) bool {
	v := c.value
	if c.generated {
		v = pl.generated(k.table, k.column, 1, -1)
	}
	var exprs []string
	for i, s := range sites {
		e := siteExpr(s, v)
		if e == "" {
			continue
		}
		if s.negated {
			e = "not(" + e + ")"
		}
		exprs = append(exprs, fmt.Sprintf("r%d = %s", i, e))
	}
	if len(exprs) == 0 {
		return true
	}
	res, err := eval.Run("print "+strings.Join(exprs, ", "), eval.Options{Now: pl.opts.Now, MaxRows: 10, MaxMemory: 16 << 20})
	if err != nil || res.NumRows() != 1 {
		return false
	}
	for j := 0; j < res.NumColumns(); j++ {
		if b, ok := res.Value(0, j).Bool(); !ok || !b {
			return false
		}
	}
	return true
}

// siteExpr writes the comparison of a site with v in place of its column.
func siteExpr(s *site, v eval.Value) string {
	x := literal(v)
	for i := len(s.wrappers) - 1; i >= 0; i-- {
		x = s.wrappers[i] + "(" + x + ")"
	}
	switch s.op {
	case "isempty", "isnotempty", "isnull", "isnotnull":
		return s.op + "(" + x + ")"
	case "between":
		return fmt.Sprintf("%s between (%s .. %s)", x, literal(s.values[0]), literal(s.values[1]))
	case "in", "in~", "!in", "!in~", "has_any", "has_all":
		var parts []string
		for _, v := range s.values {
			parts = append(parts, literal(v))
		}
		return fmt.Sprintf("%s %s (%s)", x, s.op, strings.Join(parts, ", "))
	}
	if len(s.values) != 1 {
		return ""
	}
	return fmt.Sprintf("%s %s %s", x, s.op, literal(s.values[0]))
}

// literal writes a value as a KQL literal.
func literal(v eval.Value) string {
	if v.IsNull() {
		switch v.Type() {
		case eval.TypeDynamic:
			return "dynamic(null)"
		case eval.TypeString:
			return `""`
		}
		return v.Type().String() + "(null)"
	}
	switch v.Type() {
	case eval.TypeString:
		return quote(v.String())
	case eval.TypeDateTime:
		return "datetime(" + v.Time().Format(time.RFC3339Nano) + ")"
	case eval.TypeTimespan:
		return fmt.Sprintf("totimespan(%d)", int64(v.Duration()/100))
	case eval.TypeGUID:
		return "guid(" + v.String() + ")"
	case eval.TypeDynamic:
		return "dynamic(" + v.String() + ")"
	case eval.TypeReal:
		f, _ := v.Real()
		return fmt.Sprintf("real(%v)", f)
	case eval.TypeInt:
		return "int(" + v.String() + ")"
	case eval.TypeLong:
		return "long(" + v.String() + ")"
	}
	return v.String()
}

// quote writes a KQL string literal that holds s exactly.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// around returns values just beside v and v itself: a minute for times, one
// for numbers.
func around(v eval.Value) []eval.Value {
	switch v.Type() {
	case eval.TypeDateTime:
		t := v.Time()
		return []eval.Value{eval.NewDateTime(t.Add(-time.Minute)), eval.NewDateTime(t.Add(time.Minute))}
	case eval.TypeLong, eval.TypeInt:
		n, _ := v.Long()
		return []eval.Value{eval.NewLong(n - 1), eval.NewLong(n), eval.NewLong(n + 1)}
	case eval.TypeReal:
		r, _ := v.Real()
		return []eval.Value{eval.NewReal(r - 1), eval.NewReal(r), eval.NewReal(r + 1)}
	case eval.TypeTimespan:
		d := v.Duration()
		return []eval.Value{eval.NewTimespan(d - time.Minute), eval.NewTimespan(d + time.Minute)}
	}
	return []eval.Value{v}
}

// emptyOf is the empty value of a type: "" for strings, null for others.
func emptyOf(t eval.Type) eval.Value {
	if t == eval.TypeString {
		return eval.NewString("")
	}
	return eval.Null(t)
}

// convert converts a constant to a column's type, when it makes sense.
func convert(v eval.Value, t eval.Type) (eval.Value, bool) {
	if v.Type() == t {
		return v, true
	}
	if v.IsNull() {
		return eval.Null(t), true
	}
	switch t {
	case eval.TypeString:
		switch v.Type() {
		case eval.TypeLong, eval.TypeInt, eval.TypeReal, eval.TypeBool, eval.TypeGUID:
			return eval.NewString(v.String()), true
		}
	case eval.TypeGUID:
		if v.Type() == eval.TypeString {
			g, err := eval.NewGUID(v.String())
			return g, err == nil
		}
	case eval.TypeLong:
		if n, ok := v.Long(); ok && v.Type() != eval.TypeBool {
			return eval.NewLong(n), true
		}
	case eval.TypeInt:
		if n, ok := v.Long(); ok && v.Type() != eval.TypeBool && n >= math.MinInt32 && n <= math.MaxInt32 {
			return eval.NewInt(int32(n)), true
		}
	case eval.TypeReal:
		if r, ok := v.Real(); ok && v.Type() != eval.TypeBool {
			return eval.NewReal(r), true
		}
	case eval.TypeDynamic:
		d, err := eval.NewDynamic(v)
		return d, err == nil
	}
	return eval.Value{}, false
}

// generated returns the generated value of a column for entity k; j
// numbers the row within the entity's group for distinct values, or is -1.
func (pl *plan) generated(table, col string, k, j int) eval.Value {
	typ := eval.TypeString
	for _, c := range pl.cols[table] {
		if c.Name == col {
			typ = c.Type
		}
	}
	rep := pl.class[col]
	if rep == "" {
		rep = col
	}
	switch typ {
	case eval.TypeDateTime:
		if col == "TimeGenerated" {
			return eval.NewDateTime(pl.timeDef)
		}
		return eval.NewDateTime(pl.opts.Now.Add(24 * time.Hour))
	case eval.TypeTimespan:
		return eval.NewTimespan(time.Duration(k) * time.Minute)
	case eval.TypeLong:
		return eval.NewLong(int64(k*100 + max(j, 0)))
	case eval.TypeInt:
		return eval.NewInt(int32(k*100 + max(j, 0)))
	case eval.TypeReal:
		return eval.NewReal(float64(k*100 + max(j, 0)))
	case eval.TypeBool:
		return eval.NewBool(true)
	case eval.TypeGUID:
		g, _ := eval.NewGUID(pl.guid(rep, k, j))
		return g
	case eval.TypeDynamic:
		return eval.Null(eval.TypeDynamic)
	}
	lower := strings.ToLower(col)
	switch {
	case pl.ipClass[rep]:
		n := pl.ipIndex(k, j)
		return eval.NewString(fmt.Sprintf("203.0.%d.%d", 113+n/250, n%250+1))
	case strings.HasSuffix(col, "_g") || strings.HasSuffix(lower, "objectid") || strings.HasSuffix(lower, "tenantid"):
		return eval.NewString(pl.guid(rep, k, j))
	case upnName.MatchString(col):
		return eval.NewString(fmt.Sprintf("user%d%s@contoso.example", k, pl.suffix(j)))
	case pl.idCols[col]:
		return eval.NewString(pl.resourceID(col, pl.scopeValueFor(table, nil), k))
	case col == "Resource":
		return eval.NewString(fmt.Sprintf("RESOURCE-%d", k))
	}
	return eval.NewString(fmt.Sprintf("%s-%d%s", rep, k, pl.suffix(j)))
}

// suffix tells rows of a group apart for distinct values; with a seed
// other than the default, it also carries the seed.
func (pl *plan) suffix(j int) string {
	s := ""
	if pl.opts.Seed != DefaultSeed {
		s = fmt.Sprintf("-%04x", pl.seedTag&0xffff)
	}
	if j >= 0 {
		s += fmt.Sprintf("/%d", j)
	}
	return s
}

func (pl *plan) ipIndex(k, j int) int {
	n := k*64 + max(j, 0)
	if pl.opts.Seed != DefaultSeed {
		n += int(pl.seedTag % 997)
	}
	return n % 2500
}

// guid returns a GUID that depends on the seed, the class, the entity and
// the row.
func (pl *plan) guid(rep string, k, j int) string {
	h := fnv.New128a()
	fmt.Fprintf(h, "%d/%s/%d/%d", pl.opts.Seed, rep, k, j)
	b := h.Sum(nil)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// resourceID builds a resource id for entity k whose type segment is the
// event's scope value: /SUBSCRIPTIONS/…/PROVIDERS/<provider>/VAULTS/RESOURCE-k.
// Columns whose name starts with an underscore (_ResourceId) are lower-case,
// as Azure writes them.
func (pl *plan) resourceID(col, typ string, k int) string {
	sub := pl.guid("subscription", 1, 0)
	id := fmt.Sprintf("/SUBSCRIPTIONS/%s/RESOURCEGROUPS/RG-%d/PROVIDERS/%s/%s/RESOURCE-%d", strings.ToUpper(sub), k, pl.provider, typ, k)
	if strings.HasPrefix(col, "_") {
		return strings.ToLower(id)
	}
	return strings.ToUpper(id)
}

// scopeValueFor returns the scope column's value in a scenario's events of
// table (the default when the scenario does not set it).
func (pl *plan) scopeValueFor(table string, sc *scenario) string {
	k := key{table, pl.scopeCol}
	c, ok := candidate{}, false
	if sc != nil {
		c, ok = sc.set[k]
	}
	if !ok {
		if list := pl.cands[k]; len(list) > 0 {
			c, ok = list[0], true
		}
	}
	switch {
	case ok && !c.generated:
		return c.value.String()
	case ok:
		kk := 1
		if sc != nil {
			kk = sc.k
		}
		return pl.generated(table, pl.scopeCol, kk, -1).String()
	case len(pl.p.Scope.Values) > 0:
		return pl.p.Scope.Values[0]
	}
	return "RESOURCES"
}

// value returns the value of a column in row j of a scenario's group in
// table.
func (pl *plan) value(table, col string, sc *scenario, j int) eval.Value {
	k := sc.k
	if !pl.scope[table] {
		k = sc.kOther
	}
	kk := key{table, col}
	c, set := sc.set[kk]
	if nd := pl.numeric[col]; nd != nil && !set {
		if v, ok := sc.amounts[col]; ok {
			n := 1
			if pl.scope[table] {
				n = sc.size
			}
			return nd.value(nd.row(v, n, j))
		}
	}
	if !set {
		if list := pl.cands[kk]; len(list) > 0 {
			c, set = list[0], true
		}
	}
	if set && !c.generated {
		return c.value
	}
	row := -1 // no distinct values: every row of the group has the same
	if d := sc.distinct[col]; d > 1 && pl.scope[table] {
		row = j % d
	}
	if pl.idCols[col] {
		id := pl.resourceID(col, pl.scopeValueFor(table, sc), k)
		if row >= 0 {
			id += fmt.Sprintf("/OBJECT-%d", row)
			if strings.HasPrefix(col, "_") {
				id = strings.ToLower(id)
			}
		}
		return eval.NewString(id)
	}
	if col == "TimeGenerated" {
		return eval.NewDateTime(pl.timeDef)
	}
	return pl.generated(table, col, k, row)
}

// ingestionTime is the ingestion time of a generated event, for a query
// that calls ingestion_time(): its TimeGenerated (no ingestion delay), or
// the default time.
func ingestionTime(rec eval.Record, def time.Time) eval.Value {
	for _, f := range rec {
		if v, ok := f.Value.(eval.Value); ok && f.Name == "TimeGenerated" && v.Type() == eval.TypeDateTime {
			return v
		}
	}
	return eval.NewDateTime(def)
}

// block is a run of rows of one scenario in one table: count rows that
// differ at most in their distinct values.
type block struct {
	start, count int
}

// events materializes scenarios: the rows of each table.
func (pl *plan) events(scs []scenario) map[string][]eval.Record {
	out, _ := pl.eventBlocks(scs)
	return out
}

// eventBlocks materializes scenarios, with the blocks of rows of each table.
func (pl *plan) eventBlocks(scs []scenario) (map[string][]eval.Record, map[string][]block) {
	out := map[string][]eval.Record{}
	blocks := map[string][]block{}
	for _, t := range pl.tables {
		out[t] = []eval.Record{}
	}
	for i := range scs {
		sc := &scs[i]
		for _, t := range pl.tables {
			n := 1
			if pl.scope[t] {
				n = sc.size
			}
			if n > 0 {
				blocks[t] = append(blocks[t], block{start: len(out[t]), count: n})
			}
			for j := 0; j < n; j++ {
				rec := make(eval.Record, 0, len(pl.cols[t]))
				for _, c := range pl.cols[t] {
					v := pl.value(t, c.Name, sc, j)
					if v.IsNull() || v.Type() == eval.TypeString && v.String() == "" {
						continue // an absent value
					}
					rec = append(rec, eval.Field{Name: c.Name, Value: v})
				}
				if pl.f.ingest {
					rec = append(rec, eval.Field{Name: eval.IngestionTimeField, Value: ingestionTime(rec, pl.timeDef)})
				}
				out[t] = append(out[t], rec)
			}
		}
	}
	return out, blocks
}
