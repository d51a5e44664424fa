package verify

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/kql/types"
)

// This file finds in a query what the generator needs: the tables it reads
// and their columns, the constants it compares columns with (through let
// bindings and constant expressions, which the evaluator computes), the
// thresholds it compares aggregates with, and the columns that join keys
// tie together.
//
// The analysis of values goes by name, as the transform does: a column
// called TimeGenerated is compared the same way in every table. Which table
// a column belongs to is the binder's answer (package kql/types) when the
// schema knows the table; a name the binder cannot resolve (a column that a
// closed schema lacks, a table it does not know) is attributed to the
// tables of the pipeline that reads it.

// facts is what the analysis found in one query.
type facts struct {
	q        *kql.Query
	lets     map[string]*kql.LetStmt // top-level let bindings
	letText  string                  // the let statements, to evaluate constants in their scope
	asNames  map[string]bool         // names given by "as"
	given    map[string]bool         // column names operators give (extend a = ..., summarize a = ...)
	givers   map[string][]kql.Node   // a given name → the operators that give it (nil: one not known)
	lineage  map[string][]string     // a given name → the names its value reads
	tables   []string                // tables read, in order of first appearance
	columns  map[string][]string     // table → columns read, in order of first appearance
	ifExists map[string]bool         // columns read through column_ifexists
	sites    []*site                 // comparisons of columns with constants
	aggs     map[string][]aggregate  // aggregate output name → the aggregates that give it
	defs     map[string][]kql.Expr   // a given name → the expressions that give it its value
	thresh   []*threshold            // comparisons of aggregates with constants
	ipLike   map[string]bool         // columns passed to IPv4 functions
	joins    [][2]string             // pairs of names a join or an in () ties together
	distinct map[string]bool         // columns counted by dcount
	boolean  map[string]bool         // names used as conditions (where x, a and b, iff(x, ...))
	schema   *schemas
	uses     map[*kql.Ident]types.Symbol // the binder's resolution of names, when there is a schema
	errs     []string                    // constants that could not be evaluated, for notes
	context  []kql.Node                  // the path to the node being visited
	ingest   bool                        // the query calls ingestion_time()
	dynamic  map[string]bool             // names read as dynamic values: X.prop, X["prop"], X[0]
	// paramTables are, for a parameter of a let-bound function that the
	// body passes to table(), the table names its calls pass
	// (f("SigninLogs")).
	paramTables map[string][]string
}

// site is a comparison of a column with constants.
type site struct {
	column   string       // the name compared (a source column, or a name given by an operator)
	op       string       // the operator: ==, in~, has, >, between, isempty...
	values   []eval.Value // the constant values (for between: low, high)
	negated  bool         // under an odd number of not(): rows pass when the comparison is false
	filter   bool         // in a where predicate (not in a condition of iff or case): rows must pass it
	text     string       // the comparison as written
	wrappers []string     // tolower/toupper/tostring applied to the column
}

// aggregate is what an aggregate output column counts.
type aggregate struct {
	fn     string   // count, countif, dcount, dcountif, count_distinct, sum...
	args   []string // the column names its first argument reads
	arg    kql.Expr // its first argument, or nil
	text   string
	output string
	pl     *kql.Pipeline // the pipeline of the summarize that gives it
	at     int           // the index of that summarize in pl.Ops
}

// analyze parses nothing: it walks q.
func analyze(q *kql.Query, schema *schemas) *facts {
	f := &facts{
		q: q, lets: map[string]*kql.LetStmt{}, asNames: map[string]bool{}, given: map[string]bool{}, givers: map[string][]kql.Node{},
		lineage: map[string][]string{}, columns: map[string][]string{}, ifExists: map[string]bool{},
		aggs: map[string][]aggregate{}, defs: map[string][]kql.Expr{}, ipLike: map[string]bool{}, distinct: map[string]bool{}, boolean: map[string]bool{}, schema: schema,
	}
	var lets strings.Builder
	for _, s := range q.Stmts {
		if l, ok := s.(*kql.LetStmt); ok {
			f.lets[l.Name.Name] = l
			text := strings.TrimSpace(q.Text(l))
			if !strings.HasSuffix(text, ";") {
				text += ";"
			}
			lets.WriteString(text)
			lets.WriteString("\n")
		}
	}
	f.letText = lets.String()
	if schema != nil && schema.db != nil {
		info := &types.Info{Uses: map[*kql.Ident]types.Symbol{}}
		(&types.Config{Database: schema.db}).Check(q, info)
		f.uses = info.Uses
	}
	f.collectNames()
	f.collectTables()
	f.collectColumns()
	f.collectAggregates()
	f.collectComparisons()
	f.dynamic = map[string]bool{}
	kql.Inspect(q, func(n kql.Node) bool {
		var x kql.Expr
		switch n := n.(type) {
		case *kql.CallExpr:
			if id, ok := n.Fun.(*kql.Ident); ok && id.Name == "ingestion_time" && len(n.Args) == 0 {
				f.ingest = true
			}
		case *kql.SelectorExpr:
			if _, ok := n.Sel.(*kql.Ident); ok {
				x = n.X
			}
		case *kql.IndexExpr:
			x = n.X
		}
		if id, ok := x.(*kql.Ident); ok && !strings.HasPrefix(id.Name, "$") && f.lets[id.Name] == nil && !isTable(f.tables, id.Name) {
			f.dynamic[id.Name] = true
		}
		return true
	})
	return f
}

// isFunc reports whether the identifier at the cursor names a function.
func isFunc(cur *kql.Cursor) bool {
	_, isCall := cur.Parent().(*kql.CallExpr)
	return isCall && cur.Name() == "Fun"
}

// collectNames records the names operators give and what their values read.
func (f *facts) collectNames() {
	kql.Inspect(f.q, func(n kql.Node) bool {
		switch n := n.(type) {
		case *kql.AsOp:
			f.asNames[n.Name.Name] = true
		case *kql.ExtendOp:
			f.named(n, n.Exprs)
		case *kql.ProjectOp:
			f.named(n, n.Exprs)
		case *kql.SummarizeOp:
			f.named(n, n.Aggs)
			f.named(n, n.Groups)
		case *kql.SerializeOp:
			f.named(n, n.Exprs)
		case *kql.MvExpandOp:
			for _, x := range n.Exprs {
				f.named(n, []kql.Expr{x.X})
			}
		case *kql.ParseOp:
			// parse gives the columns of its pattern.
			for _, x := range n.Pattern {
				if d, ok := x.(*kql.ColumnDecl); ok && d.Name != nil {
					f.given[d.Name.Name] = true
					f.givers[d.Name.Name] = append(f.givers[d.Name.Name], n)
				}
			}
		case *kql.CompoundNamedExpr:
			for _, id := range n.Names {
				f.given[id.Name] = true
				f.givers[id.Name] = append(f.givers[id.Name], nil)
				f.lineage[id.Name] = append(f.lineage[id.Name], reads(n.Value)...)
			}
		}
		return true
	})
}

func (f *facts) named(op kql.Node, list []kql.Expr) {
	for _, e := range list {
		if ne, ok := e.(*kql.NamedExpr); ok {
			f.given[ne.Name.Name] = true
			f.givers[ne.Name.Name] = append(f.givers[ne.Name.Name], op)
			f.defs[ne.Name.Name] = append(f.defs[ne.Name.Name], ne.Value)
			f.lineage[ne.Name.Name] = append(f.lineage[ne.Name.Name], reads(ne.Value)...)
		}
	}
}

// reads returns the names an expression reads: references and
// column_ifexists names, not function names.
func reads(x kql.Node) []string {
	var out []string
	kql.Apply(x, func(cur *kql.Cursor) bool {
		switch n := cur.Node().(type) {
		case *kql.Pipeline:
			return false // a subquery reads its own source
		case *kql.Ident:
			if !isFunc(cur) && isRef(cur.Parent(), cur.Name()) {
				out = append(out, n.Name)
			}
		case *kql.CallExpr:
			if col, ok := ifExistsName(n); ok {
				out = append(out, col)
				return false
			}
		}
		return true
	}, nil)
	return out
}

// isRef reports whether an identifier in field name of parent refers to
// something, as opposed to declaring a name or naming a member or a
// parameter.
func isRef(parent kql.Node, name string) bool {
	switch parent.(type) {
	case *kql.LetStmt, *kql.CompoundNamedExpr, *kql.ColumnDecl, *kql.TypeOfExpr, *kql.RenderOp, *kql.AsOp,
		*kql.RangeOp, *kql.ScanStep, *kql.PatternStmt, *kql.SetStmt, *kql.AliasStmt:
		return name != "Name" && name != "Names" && name != "Type" && name != "Types" && name != "Chart"
	case *kql.NamedExpr:
		return name != "Name"
	case *kql.SelectorExpr:
		return name != "Sel"
	}
	return true
}

// ifExistsName returns the column named by column_ifexists("name", default).
func ifExistsName(c *kql.CallExpr) (string, bool) {
	id, ok := c.Fun.(*kql.Ident)
	if !ok || (id.Name != "column_ifexists" && id.Name != "columnifexists") || len(c.Args) != 2 {
		return "", false
	}
	return kql.StringValue(c.Args[0])
}

// isParam reports whether the NamedExpr at the cursor is an operator
// parameter (kind=inner), not a column.
func isParam(cur *kql.Cursor) bool {
	return cur.Name() == "Params" || cur.Name() == "Props"
}

// collectTables records the tables the query reads.
func (f *facts) collectTables() {
	// Functions whose body reads table(param): which parameters.
	f.paramTables = map[string][]string{}
	tableParams := map[string][]int{}
	for name, l := range f.lets {
		fl, ok := l.Value.(*kql.FuncLit)
		if !ok || fl.Params == nil {
			continue
		}
		index := map[string]int{}
		for i, c := range fl.Params.Columns {
			if d, ok := c.(*kql.ColumnDecl); ok && d.Name != nil {
				index[d.Name.Name] = i
			}
		}
		for _, st := range fl.Body {
			kql.Inspect(st, func(n kql.Node) bool {
				if call, ok := n.(*kql.CallExpr); ok {
					if id, ok := call.Fun.(*kql.Ident); ok && id.Name == "table" && len(call.Args) >= 1 {
						if arg, ok := call.Args[0].(*kql.Ident); ok {
							if i, ok := index[arg.Name]; ok {
								tableParams[name] = append(tableParams[name], i)
								if _, ok := f.paramTables[arg.Name]; !ok {
									f.paramTables[arg.Name] = nil // the calls below give its tables
								}
							}
						}
					}
				}
				return true
			})
		}
	}
	seen := map[string]bool{}
	add := func(name string) {
		if name == "" || seen[name] || f.lets[name] != nil || f.asNames[name] {
			return
		}
		seen[name] = true
		f.tables = append(f.tables, name)
	}
	kql.Inspect(f.q, func(n kql.Node) bool {
		switch n := n.(type) {
		case *kql.Pipeline:
			if id, ok := n.Source.(*kql.Ident); ok {
				add(id.Name)
			}
		case *kql.LetStmt:
			if id, ok := n.Value.(*kql.Ident); ok {
				add(id.Name)
			}
		case *kql.ExprStmt:
			if id, ok := n.X.(*kql.Ident); ok {
				add(id.Name)
			}
		case *kql.JoinOp:
			if id, ok := unparen(n.Right).(*kql.Ident); ok {
				add(id.Name)
			}
		case *kql.UnionOp:
			for _, t := range n.Tables {
				if id, ok := unparen(t).(*kql.Ident); ok {
					add(id.Name)
				}
			}
		case *kql.CallExpr:
			if id, ok := n.Fun.(*kql.Ident); ok && id.Name == "table" && len(n.Args) == 1 {
				if s, ok := kql.StringValue(n.Args[0]); ok {
					add(s)
				}
			}
			if name, ok := watchlistRef(n); ok {
				add(name)
			}
			if id, ok := n.Fun.(*kql.Ident); ok {
				for _, i := range tableParams[id.Name] {
					if i >= len(n.Args) {
						continue
					}
					if s, ok := kql.StringValue(n.Args[i]); ok {
						add(s)
						fl := f.lets[id.Name].Value.(*kql.FuncLit)
						if d, ok := fl.Params.Columns[i].(*kql.ColumnDecl); ok {
							f.paramTables[d.Name.Name] = append(f.paramTables[d.Name.Name], s)
						}
					}
				}
			}
		}
		return true
	})
}

func unparen(x kql.Expr) kql.Expr {
	for {
		p, ok := x.(*kql.ParenExpr)
		if !ok {
			return x
		}
		x = p.X
	}
}

// tablesOf returns the tables a tabular expression reads from.
func (f *facts) tablesOf(x kql.Expr, depth int) []string {
	if depth > 20 || x == nil {
		return nil
	}
	var out []string
	switch x := unparen(x).(type) {
	case *kql.Ident:
		if l := f.lets[x.Name]; l != nil {
			return f.tablesOf(l.Value, depth+1)
		}
		if f.asNames[x.Name] {
			return f.asTables(x.Name, depth)
		}
		return []string{x.Name}
	case *kql.Pipeline:
		out = f.tablesOf(x.Source, depth+1)
		for _, op := range x.Ops {
			switch op := op.(type) {
			case *kql.JoinOp:
				out = append(out, f.tablesOf(op.Right, depth+1)...)
			case *kql.UnionOp:
				for _, t := range op.Tables {
					out = append(out, f.tablesOf(t, depth+1)...)
				}
			}
		}
	case *kql.CallExpr:
		if name, ok := watchlistRef(x); ok {
			return []string{name}
		}
		if id, ok := x.Fun.(*kql.Ident); ok && id.Name == "table" && len(x.Args) >= 1 {
			if p, ok := x.Args[0].(*kql.Ident); ok {
				if names, ok := f.paramTables[p.Name]; ok {
					return uniq(names) // table(param) in a function
				}
			}
		}
		for _, a := range x.Args {
			out = append(out, f.tablesOf(a, depth+1)...)
		}
	}
	return out
}

// watchlistPrefix names the table of generated events that stands for a
// watchlist: "_GetWatchlist:alias". Its rows are given to the rules as
// the watchlist (ruletest.Options.Watchlists), not as a table.
const watchlistPrefix = "_GetWatchlist:"

// watchlistRef returns the table name of _GetWatchlist('alias') with a
// constant alias.
func watchlistRef(call *kql.CallExpr) (string, bool) {
	id, ok := call.Fun.(*kql.Ident)
	if !ok || id.Name != "_GetWatchlist" || len(call.Args) != 1 {
		return "", false
	}
	alias, ok := kql.StringValue(call.Args[0])
	if !ok || alias == "" {
		return "", false
	}
	return watchlistPrefix + alias, true
}

// splitWatchlists separates the watchlists from the tables.
func splitWatchlists[T any](all map[string]T) (tables, watchlists map[string]T) {
	tables = map[string]T{}
	for name, t := range all {
		if alias, ok := strings.CutPrefix(name, watchlistPrefix); ok {
			if watchlists == nil {
				watchlists = map[string]T{}
			}
			watchlists[alias] = t
			continue
		}
		tables[name] = t
	}
	return tables, watchlists
}

// asTables returns the tables of the pipeline that an "as name" ends.
func (f *facts) asTables(name string, depth int) []string {
	var out []string
	kql.Inspect(f.q, func(n kql.Node) bool {
		pl, ok := n.(*kql.Pipeline)
		if !ok {
			return true
		}
		for i, op := range pl.Ops {
			if as, ok := op.(*kql.AsOp); ok && as.Name.Name == name {
				out = append(out, f.tablesOf(&kql.Pipeline{Source: pl.Source, Ops: pl.Ops[:i]}, depth+1)...)
			}
		}
		return true
	})
	return out
}

// collectColumns attributes the columns the query reads to its tables: a
// name read in a pipeline belongs to the tables that pipeline reads from
// (at that operator), narrowed by the schema when it knows them.
func (f *facts) collectColumns() {
	known := map[string]map[string]bool{}
	for _, t := range f.tables {
		if cols, ok := f.schema.cols(t); ok {
			m := map[string]bool{}
			for _, c := range cols {
				m[c.Name] = true
			}
			known[t] = m
		}
	}
	seen := map[string]map[string]bool{}
	add := func(table, col string) {
		if seen[table] == nil {
			seen[table] = map[string]bool{}
		}
		if !seen[table][col] {
			seen[table][col] = true
			f.columns[table] = append(f.columns[table], col)
		}
	}
	// upstream are the nodes whose output the operator being walked
	// reads: its pipeline's source and earlier operators, and the lets
	// they name. A name no operator there gives (project a = tolower(a),
	// or a name another pipeline gives) is read from the input: a column
	// of a table the schema lacks.
	var upstream map[kql.Node]bool
	givenBefore := func(col string) bool {
		if !f.given[col] {
			return false
		}
		for _, op := range f.givers[col] {
			if op == nil || upstream[op] {
				return true
			}
		}
		return false
	}
	// markUpstream adds n, and the lets it names, to upstream. A
	// pipeline's walk marks its source, then each operator once it is
	// walked: the next one's upstream grows by it rather than being
	// marked anew from the source.
	var upstreamLets map[*kql.LetStmt]bool
	var markUpstream func(n kql.Node, depth int)
	markUpstream = func(n kql.Node, depth int) {
		if n == nil || depth > 20 {
			return
		}
		kql.Inspect(n, func(m kql.Node) bool {
			if m == nil {
				return false
			}
			upstream[m] = true
			if id, ok := m.(*kql.Ident); ok {
				if l := f.lets[id.Name]; l != nil && !upstreamLets[l] {
					upstreamLets[l] = true
					markUpstream(l.Value, depth+1)
				}
			}
			return true
		})
	}
	attribute := func(col string, ifExists bool, from []string) {
		if f.lets[col] != nil || f.asNames[col] || isTable(f.tables, col) || col == "$left" || col == "$right" {
			return
		}
		var inSchema, unknown []string
		for _, t := range uniq(from) {
			switch {
			case known[t] == nil:
				unknown = append(unknown, t)
			case known[t][col]:
				inSchema = append(inSchema, t)
			}
		}
		switch {
		case len(inSchema) > 0:
			for _, t := range inSchema {
				add(t, col)
			}
		case ifExists:
			// column_ifexists reads a column that may be absent: give it
			// to the first table, so that cases have it and lack it.
			if len(from) > 0 {
				add(from[0], col)
			}
		case !givenBefore(col) && len(unknown) > 0:
			for _, t := range unknown {
				add(t, col)
			}
		case !f.given[col] && len(from) > 0:
			// Read, given by no operator, and in no schema: a column
			// the schema does not list (AzureDiagnostics is open).
			add(from[0], col)
		}
	}
	// bound attributes a name the binder resolved: a table's column to
	// its table; anything else (a column an operator made, a let, a
	// function) is no column of a table.
	bound := func(id *kql.Ident) bool {
		sym, ok := f.uses[id]
		if !ok {
			return false
		}
		c, isCol := sym.(*types.Column)
		if isCol && c.Table == nil && c.Origin == nil {
			// A column of rows whose source the schema lacks (a custom
			// table or function): no table claims it, so it is
			// attributed by name, as without a schema.
			return false
		}
		if isCol && c.Table != nil && isTable(f.tables, c.Table.Name) {
			add(c.Table.Name, c.Name)
		}
		if t, ok := sym.(*types.Table); ok && !isTable(f.tables, t.Name) {
			// A name the binder takes for a table the query does not
			// read, in a row whose columns it does not know (Operation
			// over a custom table): a column, attributed by name.
			return false
		}
		return true
	}
	var walk func(pl *kql.Pipeline)
	walk = func(pl *kql.Pipeline) {
		from := f.tablesOf(pl.Source, 0)
		upstream, upstreamLets = map[kql.Node]bool{}, map[*kql.LetStmt]bool{}
		markUpstream(pl.Source, 0)
		for i, op := range pl.Ops {
			if i > 0 {
				markUpstream(pl.Ops[i-1], 0)
			}
			// sides are the tables of $left and $right in a join's
			// condition.
			var sides map[string][]string
			switch op := op.(type) {
			case *kql.JoinOp:
				right := f.tablesOf(op.Right, 0)
				sides = map[string][]string{"$left": append([]string(nil), from...), "$right": right}
				from = append(from, right...)
			case *kql.UnionOp:
				for _, t := range op.Tables {
					from = append(from, f.tablesOf(t, 0)...)
				}
			}
			kql.Apply(op, func(cur *kql.Cursor) bool {
				switch n := cur.Node().(type) {
				case *kql.Pipeline:
					return false
				case *kql.NamedExpr:
					if isParam(cur) {
						return false
					}
				case *kql.Ident:
					if !isFunc(cur) && isRef(cur.Parent(), cur.Name()) && !bound(n) {
						attribute(n.Name, false, from)
					}
				case *kql.SelectorExpr:
					if id, ok := n.X.(*kql.Ident); ok && (id.Name == "$left" || id.Name == "$right") {
						if sel, ok := n.Sel.(*kql.Ident); ok && !bound(sel) {
							side := sides[id.Name]
							if len(side) == 0 {
								side = from
							}
							attribute(sel.Name, false, side)
						}
						return false
					}
				case *kql.CallExpr:
					if col, ok := ifExistsName(n); ok {
						f.ifExists[col] = true
						attribute(col, true, from)
						return false
					}
				}
				return true
			}, nil)
		}
	}
	kql.Inspect(f.q, func(n kql.Node) bool {
		if pl, ok := n.(*kql.Pipeline); ok && pl.Source != nil {
			walk(pl)
		}
		return true
	})
	// Columns of a pipeline's source that a join or union adds later are
	// attributed above; a table read only through a let still has its
	// TimeGenerated when the schema says so, for the look-back window.
	for _, t := range f.tables {
		if known[t]["TimeGenerated"] {
			add(t, "TimeGenerated")
		}
	}
}

func isTable(tables []string, name string) bool {
	for _, t := range tables {
		if t == name {
			return true
		}
	}
	return false
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// collectAggregates records the outputs of summarize and count, with
// where they are made.
func (f *facts) collectAggregates() {
	kql.Inspect(f.q, func(n kql.Node) bool {
		pl, ok := n.(*kql.Pipeline)
		if !ok {
			return true
		}
		for i, op := range pl.Ops {
			switch op := op.(type) {
			case *kql.SummarizeOp:
				for _, a := range op.Aggs {
					name := ""
					x := a
					if ne, ok := a.(*kql.NamedExpr); ok {
						name, x = ne.Name.Name, ne.Value
					}
					call, ok := unparen(x).(*kql.CallExpr)
					if !ok {
						continue
					}
					fn, ok := call.Fun.(*kql.Ident)
					if !ok {
						continue
					}
					agg := aggregate{fn: strings.ToLower(fn.Name), text: f.text(call), pl: pl, at: i}
					if len(call.Args) > 0 {
						agg.arg = call.Args[0]
						agg.args = reads(call.Args[0])
					}
					if name == "" {
						name = defaultAggName(agg.fn, call)
					}
					agg.output = name
					f.aggs[name] = append(f.aggs[name], agg)
					if agg.fn == "dcount" || agg.fn == "dcountif" || agg.fn == "count_distinct" || agg.fn == "count_distinctif" {
						for _, c := range agg.args {
							f.distinct[c] = true
						}
					}
				}
			case *kql.CountOp:
				f.aggs["Count"] = append(f.aggs["Count"], aggregate{fn: "count", text: "count", output: "Count", pl: pl, at: i})
			}
		}
		return true
	})
}

// defaultAggName is the column name KQL gives an unnamed aggregate
// (count_, dcount_X, countif_, sum_X, set_X, list_X; arg_max(X, ...)
// gives X), as the evaluator names it.
func defaultAggName(fn string, call *kql.CallExpr) string {
	arg := ""
	if len(call.Args) > 0 {
		arg = exprName(call.Args[0])
	}
	switch fn {
	case "countif":
		return "countif_"
	case "make_set", "make_set_if", "makeset":
		return "set_" + arg
	case "make_list", "make_list_if", "makelist", "make_list_with_nulls":
		return "list_" + arg
	case "make_bag":
		return "bag_" + arg
	case "arg_max", "arg_min":
		if arg != "" {
			return arg
		}
		return strings.TrimPrefix(fn, "arg_") + "_"
	}
	return fn + "_" + arg
}

// exprName is the column name an expression gives: the name of a column,
// a_b for a.b and a["b"], the name of x for bin(x, ...) and floor(x, ...).
func exprName(e kql.Expr) string {
	switch e := e.(type) {
	case *kql.Ident:
		return e.Name
	case *kql.ParenExpr:
		return exprName(e.X)
	case *kql.SelectorExpr:
		x := exprName(e.X)
		if sel, ok := e.Sel.(*kql.Ident); ok && x != "" {
			return x + "_" + sel.Name
		}
	case *kql.IndexExpr:
		x := exprName(e.X)
		if s, ok := kql.StringValue(e.Index); ok && x != "" {
			return x + "_" + s
		}
	case *kql.CallExpr:
		switch callName(e) {
		case "bin", "floor", "bin_at":
			if len(e.Args) > 0 {
				return exprName(e.Args[0])
			}
		}
	}
	return ""
}

// collectComparisons records the comparisons of columns with constants,
// and of aggregates with thresholds.
func (f *facts) collectComparisons() {
	notDepth := 0
	kql.Apply(f.q, func(cur *kql.Cursor) bool {
		f.context = append(f.context, cur.Node())
		switch n := cur.Node().(type) {
		case *kql.CallExpr:
			name := callName(n)
			switch name {
			case "not":
				notDepth++
			case "isempty", "isnotempty", "isnull", "isnotnull":
				if len(n.Args) == 1 {
					if col, wr, ok := f.columnOf(n.Args[0]); ok {
						f.sites = append(f.sites, &site{column: col, op: name, negated: notDepth%2 == 1, filter: f.inFilter(), text: f.text(n), wrappers: wr})
					}
				}
			}
			if strings.HasPrefix(name, "ipv4_") || strings.HasPrefix(name, "ipv6_") || name == "has_any_ipv4" || name == "has_ipv4" {
				if len(n.Args) > 0 {
					for _, c := range reads(n.Args[0]) {
						f.ipLike[c] = true
					}
				}
			}
		case *kql.BinaryExpr:
			f.binary(n, notDepth%2 == 1)
		case *kql.InExpr:
			f.in(n, notDepth%2 == 1)
		case *kql.BetweenExpr:
			f.between(n, notDepth%2 == 1)
		case *kql.JoinOp:
			f.joinKeys(n)
		}
		f.conditions(cur.Node())
		return true
	}, func(cur *kql.Cursor) bool {
		if n, ok := cur.Node().(*kql.CallExpr); ok && callName(n) == "not" {
			notDepth--
		}
		f.context = f.context[:len(f.context)-1]
		return true
	})
}

// conditions records the names used as conditions: a where predicate, an
// operand of and, or and not(), the condition of iff and case.
func (f *facts) conditions(n kql.Node) {
	var conds []kql.Expr
	switch n := n.(type) {
	case *kql.WhereOp:
		conds = append(conds, n.Pred)
	case *kql.BinaryExpr:
		if n.Op == "and" || n.Op == "or" {
			conds = append(conds, n.X, n.Y)
		}
	case *kql.CallExpr:
		switch strings.ToLower(callName(n)) {
		case "not":
			conds = append(conds, n.Args...)
		case "iff", "iif":
			if len(n.Args) > 0 {
				conds = append(conds, n.Args[0])
			}
		case "case":
			for i := 0; i+1 < len(n.Args); i += 2 {
				conds = append(conds, n.Args[i])
			}
		}
	}
	for _, c := range conds {
		if id, ok := unparen(c).(*kql.Ident); ok && f.lets[id.Name] == nil {
			f.boolean[id.Name] = true
		}
	}
}

// inFilter reports whether the node being visited is part of a where
// predicate, outside the conditions of iff and case.
func (f *facts) inFilter() bool {
	for i := len(f.context) - 1; i >= 0; i-- {
		switch n := f.context[i].(type) {
		case *kql.WhereOp:
			return true
		case *kql.CallExpr:
			switch strings.ToLower(callName(n)) {
			case "iff", "iif", "case", "countif", "dcountif", "sumif", "make_set_if", "make_list_if", "minif", "maxif", "avgif":
				return false
			}
		case kql.Operator:
			return false
		}
	}
	return false
}

// countLike reports whether an aggregate counts rows or distinct values:
// the generator sizes groups for its thresholds.
func countLike(fn string) bool {
	switch fn {
	case "count", "countif", "dcount", "dcountif", "count_distinct", "count_distinctif":
		return true
	}
	return false
}

func callName(c *kql.CallExpr) string {
	if id, ok := c.Fun.(*kql.Ident); ok {
		return id.Name
	}
	return ""
}

func (f *facts) text(n kql.Node) string {
	if s := f.q.Text(n); s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return kql.Format(n)
}

// columnOf returns the name x reads when it is a column, possibly through
// column_ifexists and case or string conversions.
func (f *facts) columnOf(x kql.Expr) (string, []string, bool) {
	var wrappers []string
	for {
		switch y := unparen(x).(type) {
		case *kql.Ident:
			if f.lets[y.Name] != nil {
				return "", nil, false
			}
			return y.Name, wrappers, true
		case *kql.CallExpr:
			if col, ok := ifExistsName(y); ok {
				return col, wrappers, true
			}
			switch name := strings.ToLower(callName(y)); name {
			case "tolower", "toupper", "tostring", "trim":
				if len(y.Args) != 1 {
					return "", nil, false
				}
				wrappers = append(wrappers, name)
				x = y.Args[0]
				continue
			}
			return "", nil, false
		default:
			return "", nil, false
		}
	}
}

// comparisonOps are the operators that compare a column with values; the
// value is "!" for the negated ones.
var comparisonOps = map[string]string{
	"==": "", "=~": "", "has": "", "has_cs": "", "contains": "", "contains_cs": "", "startswith": "",
	"startswith_cs": "", "endswith": "", "endswith_cs": "", "hasprefix": "", "hasprefix_cs": "",
	"hassuffix": "", "hassuffix_cs": "", "like": "", "matches regex": "",
	"!=": "!", "<>": "!", "!~": "!", "!has": "!", "!has_cs": "!", "!contains": "!", "!contains_cs": "!",
	"!startswith": "!", "!startswith_cs": "!", "!endswith": "!", "!endswith_cs": "!", "!hasprefix": "!",
	"!hasprefix_cs": "!", "!hassuffix": "!", "!hassuffix_cs": "!", "notlike": "!",
	"<": "", "<=": "", ">": "", ">=": "",
}

// flipped is the operator with its operands swapped: 5 < x is x > 5.
var flipped = map[string]string{"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=", "<>": "<>", "=~": "=~", "!~": "!~"}

func (f *facts) binary(n *kql.BinaryExpr, neg bool) {
	if _, ok := comparisonOps[n.Op]; !ok {
		return
	}
	if f.aggThreshold(n) {
		return
	}
	try := func(colX, valX kql.Expr, op string) bool {
		col, wr, ok := f.columnOf(colX)
		if !ok {
			return false
		}
		vals := f.constant(valX)
		if vals == nil {
			return false
		}
		f.sites = append(f.sites, &site{column: col, op: op, values: vals, negated: neg, filter: f.inFilter(), text: f.text(n), wrappers: wr})
		return true
	}
	if try(n.X, n.Y, n.Op) {
		return
	}
	if fl, ok := flipped[n.Op]; ok {
		try(n.Y, n.X, fl)
	}
}

func (f *facts) in(n *kql.InExpr, neg bool) {
	col, wr, ok := f.columnOf(n.X)
	if !ok {
		return
	}
	var vals []eval.Value
	for _, e := range n.List {
		if id, ok := unparen(e).(*kql.Ident); ok && f.tabularLet(id.Name, 0) {
			// x in (T), a let-bound table: the values of its column.
			for _, c := range projected(f.lets[id.Name].Value) {
				f.joins = append(f.joins, [2]string{col, c})
			}
			continue
		}
		if containsPipeline(e) {
			// x in (T | project y): the values of another column.
			for _, c := range projected(e) {
				f.joins = append(f.joins, [2]string{col, c})
			}
			continue
		}
		vals = append(vals, f.constant(e)...)
	}
	if len(vals) == 0 {
		return
	}
	f.sites = append(f.sites, &site{column: col, op: n.Op, values: vals, negated: neg, filter: f.inFilter(), text: f.text(n), wrappers: wr})
}

func (f *facts) between(n *kql.BetweenExpr, neg bool) {
	if f.aggBetween(n) {
		return
	}
	col, wr, ok := f.columnOf(n.X)
	if !ok {
		return
	}
	lo, hi := f.constant(n.Low), f.constant(n.High)
	if len(lo) != 1 || len(hi) != 1 {
		return
	}
	f.sites = append(f.sites, &site{column: col, op: "between", values: []eval.Value{lo[0], hi[0]},
		negated: neg, filter: f.inFilter(), text: f.text(n), wrappers: wr})
}

// joinKeys records the names a join's conditions tie together.
func (f *facts) joinKeys(j *kql.JoinOp) {
	side := func(x kql.Expr) (string, bool) {
		switch x := unparen(x).(type) {
		case *kql.Ident:
			return x.Name, true
		case *kql.SelectorExpr:
			if id, ok := x.Sel.(*kql.Ident); ok {
				return id.Name, true
			}
		}
		return "", false
	}
	for _, c := range j.Conds {
		if b, ok := c.(*kql.BinaryExpr); ok && b.Op == "and" {
			f.joinKeys(&kql.JoinOp{Conds: []kql.Expr{b.X, b.Y}})
			continue
		}
		if b, ok := c.(*kql.BinaryExpr); ok && b.Op == "==" {
			l, ok1 := side(b.X)
			r, ok2 := side(b.Y)
			if ok1 && ok2 {
				f.joins = append(f.joins, [2]string{l, r})
			}
			continue
		}
		if name, ok := side(c); ok {
			f.joins = append(f.joins, [2]string{name, name})
		}
	}
}

// tabularLet reports whether a let binds a table (a pipeline, a table,
// another tabular let, materialize(...)).
func (f *facts) tabularLet(name string, depth int) bool {
	l := f.lets[name]
	if l == nil || depth > 20 {
		return false
	}
	switch v := unparen(l.Value).(type) {
	case *kql.Pipeline:
		return true
	case *kql.Ident:
		return isTable(f.tables, v.Name) || f.tabularLet(v.Name, depth+1)
	case *kql.CallExpr:
		switch callName(v) {
		case "materialize", "table", "view":
			return true
		}
	}
	return false
}

func containsPipeline(x kql.Node) bool {
	found := false
	kql.Inspect(x, func(n kql.Node) bool {
		if _, ok := n.(*kql.Pipeline); ok {
			found = true
		}
		return !found
	})
	return found
}

// projected returns the columns a subquery's last project, distinct or
// summarize gives, or that its make_set/make_list aggregates collect.
func projected(x kql.Node) []string {
	var out []string
	kql.Inspect(x, func(n kql.Node) bool {
		switch n := n.(type) {
		case *kql.CallExpr:
			switch callName(n) {
			case "make_set", "make_list", "makeset", "makelist", "make_set_if", "make_list_if":
				if len(n.Args) > 0 {
					out = append(out, reads(n.Args[0])...)
				}
			}
		case *kql.ProjectOp:
			if n.Keyword == "project" && len(n.Exprs) == 1 {
				out = append(out, reads(n.Exprs[0])...)
			}
		case *kql.DistinctOp:
			if len(n.Exprs) == 1 {
				out = append(out, reads(n.Exprs[0])...)
			}
		}
		return true
	})
	return out
}

// constant evaluates x when it does not depend on rows: a literal, a let
// binding, a function of constants. A dynamic array gives its elements.
// It returns nil for anything else.
func (f *facts) constant(x kql.Expr) []eval.Value {
	if x == nil || containsPipeline(x) {
		return nil
	}
	if id, ok := unparen(x).(*kql.Ident); ok && (f.lets[id.Name] == nil || f.tabularLet(id.Name, 0)) {
		return nil // a column, or a table
	}
	if f.readsData(x) {
		return nil // let baseline = toscalar(T | count): computed from the rows
	}
	text := f.text(x)
	if f.q.Text(x) != "" {
		text = f.q.Text(x)
	}
	tables := map[string]*eval.Table{}
	for _, t := range f.tables {
		tables[t], _ = eval.NewTable(f.schema.of(t), nil)
	}
	res, err := eval.Run(f.letsFor(x)+"print __v = "+text, eval.Options{Now: fixedNow, Tables: tables, MaxRows: 10_000, MaxMemory: 16 << 20})
	if err != nil || res.NumRows() != 1 {
		if err != nil && !strings.Contains(err.Error(), "unknown") && !strings.Contains(err.Error(), "resolve") {
			f.errs = append(f.errs, fmt.Sprintf("%s: %v", text, err))
		}
		return nil
	}
	v := res.Value(0, 0)
	if v.Type() != eval.TypeDynamic {
		if v.IsNull() {
			return nil
		}
		return []eval.Value{v}
	}
	return dynamicElems(v)
}

// readsData reports whether x reads a table, directly or through the lets
// it needs: its value is computed at run time, from the rows.
func (f *facts) readsData(x kql.Node) bool {
	seen := map[string]bool{}
	var visit func(n kql.Node, depth int) bool
	visit = func(n kql.Node, depth int) bool {
		if depth > 50 || containsPipeline(n) {
			return true
		}
		found := false
		kql.Inspect(n, func(m kql.Node) bool {
			id, ok := m.(*kql.Ident)
			if !ok || found {
				return !found
			}
			if l := f.lets[id.Name]; l != nil {
				if !seen[id.Name] {
					seen[id.Name] = true
					found = visit(l.Value, depth+1)
				}
			} else if isTable(f.tables, id.Name) {
				found = true
			}
			return !found
		})
		return found
	}
	return visit(x, 0)
}

// letsFor returns the let statements x needs, directly or through other
// lets, in query order.
func (f *facts) letsFor(xs ...kql.Node) string {
	need := map[string]bool{}
	var visit func(n kql.Node)
	visit = func(n kql.Node) {
		for _, r := range reads(n) {
			if l := f.lets[r]; l != nil && !need[r] {
				need[r] = true
				visit(l.Value)
			}
		}
		kql.Inspect(n, func(m kql.Node) bool {
			if id, ok := m.(*kql.Ident); ok {
				if l := f.lets[id.Name]; l != nil && !need[id.Name] {
					need[id.Name] = true
					visit(l.Value)
				}
			}
			return true
		})
	}
	for _, x := range xs {
		visit(x)
	}
	var b strings.Builder
	for _, s := range f.q.Stmts {
		l, ok := s.(*kql.LetStmt)
		if !ok || !need[l.Name.Name] || f.lets[l.Name.Name] != l {
			continue
		}
		text := strings.TrimSpace(f.q.Text(l))
		if !strings.HasSuffix(text, ";") {
			text += ";"
		}
		b.WriteString(text)
		b.WriteString("\n")
	}
	return b.String()
}

// dynamicElems returns the scalar elements of a dynamic array (or the
// scalar itself), as typed values.
func dynamicElems(v eval.Value) []eval.Value {
	x := v.Interface()
	arr, ok := x.([]any)
	if !ok {
		arr = []any{x}
	}
	var out []eval.Value
	for _, e := range arr {
		switch e := e.(type) {
		case string:
			out = append(out, eval.NewString(e))
		case bool:
			out = append(out, eval.NewBool(e))
		case int64:
			out = append(out, eval.NewLong(e))
		case int32:
			out = append(out, eval.NewLong(int64(e)))
		case float64:
			out = append(out, eval.NewReal(e))
		case json.Number:
			if n, err := e.Int64(); err == nil {
				out = append(out, eval.NewLong(n))
			} else if r, err := e.Float64(); err == nil {
				out = append(out, eval.NewReal(r))
			}
		}
	}
	return out
}

// sources returns the source columns behind a name: the name itself when
// a table has it, else the columns its defining expressions read,
// recursively.
func (f *facts) sources(name string) []string {
	var out []string
	seen := map[string]bool{}
	var visit func(n string, depth int)
	visit = func(n string, depth int) {
		if seen[n] || depth > 50 {
			return
		}
		seen[n] = true
		if f.isColumn(n) {
			out = append(out, n)
		}
		for _, r := range f.lineage[n] {
			visit(r, depth+1)
		}
	}
	visit(name, 0)
	sort.Strings(out)
	return out
}

// isColumn reports whether some table the query reads has the column.
func (f *facts) isColumn(name string) bool {
	for _, t := range f.tables {
		for _, c := range f.columns[t] {
			if c == name {
				return true
			}
		}
	}
	return false
}
