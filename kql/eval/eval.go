package eval

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/kqlt/kqlt/kql"
)

// DefaultMaxRows is the default bound on the rows one operator may produce.
const DefaultMaxRows = 10_000_000

// Options controls an evaluation.
type Options struct {
	// Now is the value of now(); ago(x) is Now - x. The zero value means
	// the current time. Set it for reproducible results.
	Now time.Time

	// Tables are the tables the query can name, by name (case-sensitive, as
	// in Kusto).
	Tables map[string]*Table

	// Watchlists are the watchlists _GetWatchlist('alias') reads, by alias
	// (case-sensitive): a table of the items, with a SearchKey column
	// (the value of the watchlist's key column) and the watchlist's own
	// columns. _GetWatchlist returns the WatchlistColumns first, adding
	// those the table lacks, then the own columns; see WatchlistColumns.
	// A watchlist the query reads but Watchlists lacks is an error whose
	// Watchlist field names it.
	Watchlists map[string]*Table

	// MaxRows bounds the rows any operator may produce (0 means
	// DefaultMaxRows); a query that would exceed it fails instead of
	// exhausting memory.
	MaxRows int

	// MaxMemory bounds the bytes of the values the evaluation builds, as
	// estimated row by row (0 means DefaultMaxMemory); see the package
	// documentation.
	MaxMemory int64
}

// Run parses query and evaluates it; see Eval.
func Run(query string, opts Options) (*Table, error) {
	q, err := kql.Parse(query)
	if err != nil {
		return nil, err
	}
	return Eval(q, opts)
}

// Eval evaluates a query over opts.Tables and returns its result: the table
// of its one tabular expression statement (let statements may precede it).
//
// Errors are *Error values naming a position in the query, or *kql.Error
// for syntax errors (Run). Before evaluating anything, Eval checks the whole
// query for operators and functions it does not implement, so that an
// unsupported construct fails whatever the data; see the package
// documentation for what is supported.
func Eval(q *kql.Query, opts Options) (*Table, error) {
	res, err := EvalAll(q, opts)
	if err != nil {
		return nil, err
	}
	switch len(res) {
	case 0:
		return nil, &Error{Msg: "the query has no tabular expression statement"}
	case 1:
		return res[0], nil
	}
	return nil, &Error{Msg: fmt.Sprintf("the query has %d tabular expression statements; Eval needs exactly one (use EvalAll)", len(res))}
}

// EvalAll evaluates a query and returns the result of each of its tabular
// expression statements, in order.
func EvalAll(q *kql.Query, opts Options) (res []*Table, err error) {
	ev := newEvaluator(q, opts)
	if err := ev.check(q); err != nil {
		return nil, err
	}
	defer ev.recoverTooLarge(&err)
	return ev.stmts(q.Stmts, ev.root)
}

type evaluator struct {
	// serialIn says the input of the operator being evaluated is a
	// serialized row set, where window functions may be used.
	serialIn bool

	q      *kql.Query
	tables map[string]*Table
	// watchlists are Options.Watchlists; watchlistCache holds the tables
	// _GetWatchlist returned, built once per alias.
	watchlists     map[string]*Table
	watchlistCache map[string]*Table
	now            int64 // ticks
	maxRows        int
	maxMem         int64
	mem            int64 // estimated bytes of the values built so far; see budget.go
	root           *scope
	depth          int      // user function call depth
	at             kql.Node // the operator being evaluated, for budget errors
}

func newEvaluator(q *kql.Query, opts Options) *evaluator {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	max := opts.MaxRows
	if max <= 0 {
		max = DefaultMaxRows
	}
	mem := opts.MaxMemory
	if mem <= 0 {
		mem = DefaultMaxMemory
	}
	return &evaluator{q: q, tables: opts.Tables, watchlists: opts.Watchlists, now: ticksOf(now), maxRows: max, maxMem: mem, root: &scope{}}
}

// ---------------------------------------------------------------------------
// Scopes

type bindKind int

const (
	bindScalar bindKind = iota + 1
	bindTabular
	bindFunc
)

// binding is what a let statement, an as operator or a function parameter
// binds a name to.
type binding struct {
	kind bindKind
	node kql.Node

	val Value // bindScalar

	expr  kql.Expr // bindTabular: evaluated on first use, in sc
	sc    *scope
	tab   *Table
	state int // 0 not evaluated, 1 being evaluated, 2 done

	fn   *kql.FuncLit // bindFunc
	fnSc *scope
}

// scope is a chain of name bindings. let statements extend the chain with a
// new link, so a tabular let that is evaluated later still sees the names as
// they were where it was written; as operators bind in the statement's own
// link.
type scope struct {
	parent *scope
	names  map[string]*binding
}

func (s *scope) lookup(name string) *binding {
	for ; s != nil; s = s.parent {
		if b, ok := s.names[name]; ok {
			return b
		}
	}
	return nil
}

func (s *scope) child() *scope { return &scope{parent: s} }

func (s *scope) bind(name string, b *binding) {
	if s.names == nil {
		s.names = make(map[string]*binding)
	}
	s.names[name] = b
}

// ---------------------------------------------------------------------------
// Statements

func (ev *evaluator) stmts(stmts []kql.Stmt, sc *scope) ([]*Table, error) {
	var out []*Table
	for _, st := range stmts {
		switch st := st.(type) {
		case *kql.LetStmt:
			var err error
			if sc, err = ev.let(st, sc); err != nil {
				return nil, err
			}
		case *kql.ExprStmt:
			if !ev.isTabular(st.X, sc) {
				return nil, ev.errorAt(st.X, "a query statement must be a tabular expression")
			}
			t, err := ev.tabular(st.X, sc.child())
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		default:
			return nil, ev.unsupported(st, "%s statements are not supported", stmtName(st))
		}
	}
	return out, nil
}

func stmtName(st kql.Stmt) string {
	switch st.(type) {
	case *kql.SetStmt:
		return "set"
	case *kql.DeclareParamsStmt:
		return "declare query_parameters"
	case *kql.AliasStmt:
		return "alias"
	case *kql.PatternStmt:
		return "declare pattern"
	}
	return fmt.Sprintf("%T", st)
}

// let binds a let statement's name in a new scope link and returns it.
func (ev *evaluator) let(st *kql.LetStmt, sc *scope) (*scope, error) {
	next := sc.child()
	name := st.Name.Name
	switch v := st.Value.(type) {
	case *kql.FuncLit:
		next.bind(name, &binding{kind: bindFunc, node: st, fn: v, fnSc: next})
		return next, nil
	}
	if ev.isTabular(st.Value, sc) {
		next.bind(name, &binding{kind: bindTabular, node: st, expr: st.Value, sc: sc})
		return next, nil
	}
	c := ev.compiler(sc, nil)
	x, err := c.expr(st.Value)
	if err != nil {
		return nil, err
	}
	if !x.konst {
		return nil, ev.errorAt(st.Value, "the value of let %s must not depend on table columns", name)
	}
	next.bind(name, &binding{kind: bindScalar, node: st, val: x.fn(0)})
	return next, nil
}

// isTabular reports whether e is a tabular expression.
func (ev *evaluator) isTabular(e kql.Expr, sc *scope) bool {
	switch e := e.(type) {
	case *kql.Pipeline, *kql.DatatableExpr, *kql.UnionOp, *kql.PrintOp, *kql.RangeOp,
		*kql.SearchOp, *kql.FindOp, *kql.EvaluateOp, *kql.ExternalDataExpr:
		return true
	case *kql.ParenExpr:
		return ev.isTabular(e.X, sc)
	case *kql.Ident:
		if b := sc.lookup(e.Name); b != nil {
			return b.kind == bindTabular || b.kind == bindFunc && b.fn.View
		}
		_, ok := ev.tables[e.Name]
		return ok
	case *kql.CallExpr:
		id, ok := e.Fun.(*kql.Ident)
		if !ok {
			return true // database("x").T(), cluster(...)...
		}
		switch id.Name {
		case "materialize", "table", "view":
			return true
		}
		if b := sc.lookup(id.Name); b != nil && b.kind == bindFunc {
			return ev.funcIsTabular(b)
		}
		return id.Name == getWatchlist
	}
	return false
}

// funcIsTabular reports whether a user function's body ends in a tabular
// expression.
func (ev *evaluator) funcIsTabular(b *binding) bool {
	body := b.fn.Body
	if len(body) == 0 {
		return false
	}
	last, ok := body[len(body)-1].(*kql.ExprStmt)
	if !ok {
		return false
	}
	// Parameters shadow outer names; bind them as scalars (tabular
	// parameters are not supported) to classify the body.
	sc := b.fnSc.child()
	if b.fn.Params != nil {
		for _, p := range b.fn.Params.Columns {
			if cd, ok := p.(*kql.ColumnDecl); ok {
				sc.bind(cd.Name.Name, &binding{kind: bindScalar})
			}
		}
	}
	for _, st := range body[:len(body)-1] {
		if l, ok := st.(*kql.LetStmt); ok {
			if ev.isTabular(l.Value, sc) {
				sc = sc.child()
				sc.bind(l.Name.Name, &binding{kind: bindTabular})
			} else {
				sc = sc.child()
				sc.bind(l.Name.Name, &binding{kind: bindScalar})
			}
		}
	}
	return ev.isTabular(last.X, sc)
}

// ---------------------------------------------------------------------------
// Tabular expressions

func (ev *evaluator) tabular(e kql.Expr, sc *scope) (*Table, error) {
	t, err := ev.tabular1(e, sc)
	if err != nil {
		return nil, err
	}
	if t.n > ev.maxRows { // operators check as they go; this is a last guard
		return nil, ev.overRows(e, "the expression")
	}
	return t, nil
}

func (ev *evaluator) tabular1(e kql.Expr, sc *scope) (*Table, error) {
	ev.at = e
	switch e := e.(type) {
	case *kql.Pipeline:
		if e.Source == nil {
			return nil, ev.errorAt(e, "a pipeline needs an input table")
		}
		t, err := ev.tabular(e.Source, sc)
		if err != nil {
			return nil, err
		}
		// runOps restores the evaluator's current operator and serial state:
		// a nested pipeline may run while an operator compiles.
		return ev.runOps(e.Ops, t, sc)
	case *kql.ParenExpr:
		return ev.tabular(e.X, sc)
	case *kql.Ident:
		return ev.tableRef(e, sc)
	case *kql.CallExpr:
		return ev.tabularCall(e, sc)
	case *kql.DatatableExpr:
		return ev.datatable(e, sc)
	case *kql.PrintOp:
		return ev.print(e, sc)
	case *kql.RangeOp:
		return ev.rangeOp(e, sc)
	case *kql.UnionOp:
		return ev.union(e, nil, sc)
	case *kql.SearchOp:
		return nil, ev.unsupported(e, "the search operator is not supported")
	case *kql.FindOp:
		return nil, ev.unsupported(e, "the find operator is not supported")
	case *kql.EvaluateOp:
		return nil, ev.unsupported(e, "evaluate (plugins) is not supported")
	case *kql.ExternalDataExpr:
		return nil, ev.unsupported(e, "externaldata is not supported")
	}
	return nil, ev.errorAt(e, "not a tabular expression")
}

// tableRef resolves a name used as a table: a tabular let, an as name, a
// view, or one of the supplied tables.
func (ev *evaluator) tableRef(id *kql.Ident, sc *scope) (*Table, error) {
	if b := sc.lookup(id.Name); b != nil {
		switch b.kind {
		case bindTabular:
			return ev.force(b, id)
		case bindFunc:
			if b.fn.View || b.fn.Params == nil || len(b.fn.Params.Columns) == 0 {
				return ev.callTabularFunc(b, id, nil, sc)
			}
			return nil, ev.errorAt(id, "%s is a function: call it with arguments", id.Name)
		default:
			return nil, ev.errorAt(id, "%s is a scalar value, not a table", id.Name)
		}
	}
	if t, ok := ev.tables[id.Name]; ok {
		return t, nil
	}
	e := ev.errorAt(id, "no table named %q (%s)", id.Name, ev.tableList())
	e.Table = id.Name
	return nil, e
}

func (ev *evaluator) tableList() string { return suppliedList("tables", ev.tables) }

// suppliedList names, for a message, the inputs of one kind a run was
// given: "tables: A, B" or "no tables were supplied".
func suppliedList[V any](kind string, m map[string]V) string {
	if len(m) == 0 {
		return "no " + kind + " were supplied"
	}
	return kind + ": " + strings.Join(slices.Sorted(maps.Keys(m)), ", ")
}

// force evaluates a tabular binding once.
func (ev *evaluator) force(b *binding, at kql.Node) (*Table, error) {
	switch b.state {
	case 2:
		return b.tab, nil
	case 1:
		return nil, ev.errorAt(at, "%s refers to itself", ev.q.Text(at))
	}
	b.state = 1
	t, err := ev.tabular(b.expr, b.sc.child())
	if err != nil {
		b.state = 0
		return nil, err
	}
	b.tab, b.state = t, 2
	return t, nil
}

func (ev *evaluator) tabularCall(call *kql.CallExpr, sc *scope) (*Table, error) {
	id, ok := call.Fun.(*kql.Ident)
	if !ok {
		return nil, ev.unsupported(call, "cross-database and cross-cluster references are not supported")
	}
	switch id.Name {
	case "materialize":
		if len(call.Args) != 1 {
			return nil, ev.errorAt(call, "materialize() takes one tabular argument")
		}
		return ev.tabular(call.Args[0], sc)
	case "table":
		if len(call.Args) != 1 {
			return nil, ev.errorAt(call, "table() takes a table name")
		}
		// The name is a constant string: a literal, or (as in the
		// reference's example of table() in a function) a parameter or
		// let bound to one.
		name, ok := kql.StringValue(call.Args[0])
		if !ok {
			x, err := ev.compiler(sc, nil).expr(call.Args[0])
			if err != nil {
				return nil, err
			}
			if !x.konst || x.typ != TypeString {
				return nil, ev.unsupported(call.Args[0], "table() with a name that is not a constant string is not supported")
			}
			name = stringOf(x.fn(0))
		}
		return ev.tableRef(&kql.Ident{NamePos: call.Pos(), Name: name}, sc)
	}
	if b := sc.lookup(id.Name); b != nil && b.kind == bindFunc {
		return ev.callTabularFunc(b, call, call.Args, sc)
	}
	if id.Name == getWatchlist {
		return ev.watchlist(call)
	}
	return nil, ev.errorAt(call, "%s() does not return a table", id.Name)
}

// callTabularFunc calls a user function whose body is tabular. Its
// arguments must be constants.
func (ev *evaluator) callTabularFunc(b *binding, at kql.Node, args []kql.Expr, sc *scope) (*Table, error) {
	if ev.depth > 50 {
		return nil, ev.errorAt(at, "user functions nest too deeply")
	}
	ev.depth++
	defer func() { ev.depth-- }()
	fsc := b.fnSc.child()
	params, err := ev.funcParams(b.fn, at, len(args))
	if err != nil {
		return nil, err
	}
	c := ev.compiler(sc, nil)
	for i, p := range params {
		var v Value
		if i < len(args) {
			x, err := c.expr(args[i])
			if err != nil {
				return nil, err
			}
			if !x.konst {
				return nil, ev.unsupported(args[i], "arguments of tabular functions must be constants")
			}
			v = x.fn(0)
		} else {
			x, err := ev.compiler(b.fnSc, nil).expr(p.Default)
			if err != nil {
				return nil, err
			}
			v = x.fn(0)
		}
		if p.typ != 0 && v.typ != p.typ {
			cv, ok := convertArg(v, p.typ)
			if !ok {
				return nil, ev.errorAt(at, "argument %s of %s must be %s, not %s", p.name, ev.q.Text(at), p.typ, v.typ)
			}
			v = cv
		}
		fsc.bind(p.name, &binding{kind: bindScalar, val: v})
	}
	res, err := ev.stmts(b.fn.Body, fsc)
	if err != nil {
		return nil, err
	}
	if len(res) != 1 {
		return nil, ev.errorAt(at, "the function body must end in one tabular expression")
	}
	return res[0], nil
}

type funcParam struct {
	name    string
	typ     Type
	Default kql.Expr
}

// funcParams returns a user function's scalar parameters, checking the
// argument count.
func (ev *evaluator) funcParams(fn *kql.FuncLit, at kql.Node, nargs int) ([]funcParam, error) {
	var params []funcParam
	required := 0
	if fn.Params != nil {
		for _, p := range fn.Params.Columns {
			cd, ok := p.(*kql.ColumnDecl)
			if !ok {
				return nil, ev.unsupported(p, "this kind of function parameter is not supported")
			}
			fp := funcParam{name: cd.Name.Name, Default: cd.Default}
			switch ty := cd.Type.(type) {
			case nil:
			case *kql.Ident:
				t, err := ParseType(ty.Name)
				if err != nil {
					return nil, ev.unsupported(ty, "%v", err)
				}
				fp.typ = t
			default:
				return nil, ev.unsupported(cd.Type, "tabular function parameters are not supported")
			}
			if cd.Default == nil {
				required++
			}
			params = append(params, fp)
		}
	}
	if nargs < required || nargs > len(params) {
		return nil, ev.errorAt(at, "%s takes %d argument(s), got %d", ev.q.Text(at), len(params), nargs)
	}
	return params, nil
}

// convertArg converts a constant argument to a parameter type when KQL
// would (numbers between int, long and real).
func convertArg(v Value, t Type) (Value, bool) {
	if v.null {
		return Null(t), true
	}
	switch {
	case t == TypeDynamic:
		return toDyn(v), true
	case t.isNumeric() && v.typ.isNumeric():
		return convertNumeric(v, t), true
	}
	return v, false
}

// ---------------------------------------------------------------------------
// Checks before evaluation

// check reports the first construct in the query that the evaluator does
// not implement, wherever it is, so that unsupported queries fail whatever
// the data.
func (ev *evaluator) check(q *kql.Query) error {
	if c := q.Command(); c != nil {
		return ev.unsupported(c, "%q is a control command: the evaluator runs queries only", c.Kind.String())
	}
	userFuncs := map[string]bool{}
	for _, st := range q.Stmts {
		kql.Inspect(st, func(n kql.Node) bool {
			if l, ok := n.(*kql.LetStmt); ok {
				if _, ok := l.Value.(*kql.FuncLit); ok {
					userFuncs[l.Name.Name] = true
				}
			}
			return true
		})
	}
	var first error
	// A function that returns several columns is supported where extend
	// names its columns: extend (a, b, ...) = f(x).
	multi := map[*kql.CallExpr]bool{}
	for _, st := range q.Stmts {
		kql.Inspect(st, func(n kql.Node) bool {
			if first != nil || n == nil {
				return false
			}
			if ext, ok := n.(*kql.ExtendOp); ok {
				for _, e := range ext.Exprs {
					if cn, ok := e.(*kql.CompoundNamedExpr); ok {
						if call, ok := cn.Value.(*kql.CallExpr); ok {
							multi[call] = true
						}
					}
				}
			}
			if call, ok := n.(*kql.CallExpr); ok && multi[call] {
				if id, ok := call.Fun.(*kql.Ident); ok {
					if _, ok := multiColumnFuncs[id.Name]; ok {
						return true
					}
				}
			}
			if err := ev.checkNode(n, userFuncs); err != nil {
				first = err
				return false
			}
			return true
		})
		if first != nil {
			return first
		}
	}
	return nil
}

func (ev *evaluator) checkNode(n kql.Node, userFuncs map[string]bool) error {
	switch n := n.(type) {
	case *kql.SetStmt, *kql.DeclareParamsStmt, *kql.AliasStmt, *kql.PatternStmt:
		return ev.unsupported(n, "%s statements are not supported", stmtName(n.(kql.Stmt)))
	case *kql.CallExpr:
		id, ok := n.Fun.(*kql.Ident)
		if !ok {
			return ev.unsupported(n, "cross-database and cross-cluster references are not supported")
		}
		name := id.Name
		if userFuncs[name] || scalarFuncs[name] != nil || aggFuncs[name] != nil {
			return nil
		}
		switch name {
		case "materialize", "table", "toscalar", "range", getWatchlist:
			return nil
		}
		if msg, ok := knownUnsupportedFuncs[name]; ok {
			return ev.unsupported(n, "%s() is not supported%s", name, msg)
		}
		return ev.unsupported(n, "function %s() is not supported", name)
	case *kql.ParseOp:
		// Its kind, flags and pattern are checked whatever the data.
		if _, _, _, err := ev.parseSpec(n); err != nil {
			return err
		}
	case kql.Operator:
		if name := unsupportedOperator(n); name != "" {
			return ev.unsupported(n, "the %s operator is not supported", name)
		}
	case *kql.ExternalDataExpr:
		return ev.unsupported(n, "externaldata is not supported: it reads its rows from storage URLs when the query runs, which an offline evaluator does not fetch (give the rows as a let-bound datatable to test the rest of the rule)")
	case *kql.Ident:
		if n.Braced() {
			return ev.unsupported(n, "the client parameter {%s} is not supported: a workbook or dashboard substitutes it before the query runs", n.Name)
		}
	}
	return nil
}

// knownUnsupportedFuncs explains why some documented functions fail.
var knownUnsupportedFuncs = map[string]string{
	"series_decompose_anomalies": ": its seasonality detection (series_periods_detect) and anomaly scoring are not documented precisely enough to reproduce Kusto's results",
	"series_decompose":           ": its seasonality detection is not documented precisely enough to reproduce Kusto's results",
	"series_outliers":            ": its scoring is not documented precisely enough to reproduce Kusto's results",
	"series_periods_detect":      ": its algorithm is not documented precisely enough to reproduce Kusto's results",
	"series_fit_line":            ": it returns several columns; name them: extend (a, b, ...) = series_fit_line(y)",
	"percentile":                 ": Kusto estimates percentiles with t-digest; an exact result would differ",
	"percentiles":                ": Kusto estimates percentiles with t-digest; an exact result would differ",
	"hll":                        "",
	"tdigest":                    "",
	"todecimal":                  ": the decimal type is not supported",
	"database":                   ": cross-database and cross-cluster references are not supported",
	"cluster":                    ": cross-database and cross-cluster references are not supported",
	"graph":                      ": graphs (make-graph, graph-match and the other graph operators) are not supported",
}

// unsupportedOperator returns the name of an operator the evaluator does
// not implement, or "".
func unsupportedOperator(op kql.Node) string {
	switch op := op.(type) {
	case *kql.ParseKvOp:
		return "parse-kv"
	case *kql.TopNestedOp:
		return "top-nested"
	case *kql.TopHittersOp:
		return "top-hitters"
	case *kql.EvaluateOp:
		return "evaluate"
	case *kql.InvokeOp:
		return "invoke"
	case *kql.ConsumeOp:
		return "consume"
	case *kql.SampleOp:
		return "sample"
	case *kql.SampleDistinctOp:
		return "sample-distinct"
	case *kql.FacetOp:
		return "facet"
	case *kql.ForkOp:
		return "fork"
	case *kql.PartitionOp:
		return "partition"
	case *kql.ReduceOp:
		return "reduce"
	case *kql.ScanOp:
		return "scan"
	case *kql.SearchOp:
		return "search"
	case *kql.FindOp:
		return "find"
	case *kql.MakeGraphOp:
		return "make-graph"
	case *kql.GraphMatchOp:
		return op.Keyword
	case *kql.GraphToTableOp:
		return "graph-to-table"
	case *kql.GraphMarkComponentsOp:
		return "graph-mark-components"
	case *kql.GraphWhereOp:
		return op.Keyword
	}
	return ""
}
