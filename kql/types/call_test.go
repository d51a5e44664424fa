package types

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
)

// testRow is the row schema the test calls see: one column of each type,
// named as in testdata/calls.schema.json.
var testRow = &Schema{Columns: []*Column{
	{Name: "b", Type: Bool}, {Name: "i", Type: Int}, {Name: "l", Type: Long}, {Name: "r", Type: Real},
	{Name: "m", Type: Decimal}, {Name: "s", Type: String}, {Name: "d", Type: DateTime},
	{Name: "t", Type: Timespan}, {Name: "g", Type: GUID}, {Name: "y", Type: Dynamic},
}}

// testTables are the tables a test call may pass as an argument.
var testTables = map[string]*Schema{"T": testTable}

// testTyper types the arguments of the calls of a query the way the
// binder will, for the node kinds the tests use: literals, the columns of
// testRow, tables, and nested calls of built-ins. Anything else is
// Unknown.
type testTyper struct {
	row *Schema
	by  []*Column // the by clause's columns, in summarize
}

func litKind(k kql.LitKind) Kind {
	switch k {
	case kql.StringLit:
		return String
	case kql.LongLit:
		return Long
	case kql.IntLit:
		return Int
	case kql.RealLit:
		return Real
	case kql.DecimalLit:
		return Decimal
	case kql.BoolLit:
		return Bool
	case kql.TimespanLit:
		return Timespan
	case kql.DateTimeLit:
		return DateTime
	case kql.GUIDLit:
		return GUID
	}
	return Unknown
}

// argument returns e as the binder would pass it, binding names in the
// scope the parameter's argument kind asks for.
func (ty *testTyper) argument(e kql.Expr, kind BuiltinKind, argKind ArgumentKind) argument {
	a := argument{Expr: e}
	v := e
	if n, ok := e.(*kql.NamedExpr); ok {
		a.Name = n.Name.Name
		a.ResultName = n.Name.Name
		v = n.Value
	}
	for {
		p, ok := v.(*kql.ParenExpr)
		if !ok {
			break
		}
		v = p.X
	}
	switch x := v.(type) {
	case *kql.Star:
		a.Star = true
		a.Type = Unknown
	case *kql.BasicLit:
		a.Type = litKind(x.Kind)
		a.Const = true
		a.Value = literalValue(x)
	case *kql.CompoundString:
		a.Type = String
		a.Const = true
		a.Value, _ = kql.StringValue(x)
	case *kql.DynamicLit:
		a.Type = Dynamic
		a.Const = true
	case *kql.UnaryExpr:
		if lit, ok := x.X.(*kql.BasicLit); ok {
			a.Type = litKind(lit.Kind)
			a.Const = true
		}
	case *kql.BinaryExpr:
		operand := func(e kql.Expr) argument { return ty.argument(e, ScalarFunction, ArgExpression) }
		a.Type, _ = checkOperator(&operatorSite{Op: x.Op, Node: x, Args: []argument{operand(x.X), operand(x.Y)}})
	case *kql.Ident:
		switch c := ty.scope(argKind).Lookup(x.Name); {
		case c != nil:
			a.Type, a.Column = c.Type, c
		case testTables[x.Name] != nil:
			a.Type = testTables[x.Name]
		}
		if a.ResultName == "" {
			a.ResultName = x.Name
		}
	case *kql.CallExpr:
		if id, ok := x.Fun.(*kql.Ident); ok {
			fn := lookupBuiltin(kind, id.Name)
			if fn == nil {
				fn = lookupBuiltin(AggregateFunction, id.Name)
			}
			if fn == nil {
				fn = lookupBuiltin(ScalarFunction, id.Name)
			}
			if fn != nil {
				a.Type, _ = ty.check(x, fn)
			}
		}
	}
	if a.Type == nil {
		a.Type = Unknown
	}
	return a
}

// scope returns the row an argument's names refer to: the lookup
// table T for a column of the first argument's table, the columns both
// have for a common column, else the row.
func (ty *testTyper) scope(argKind ArgumentKind) *Schema {
	switch argKind {
	case ArgColumnParameter0:
		return testTable
	case ArgColumnParameter0Common:
		common := &Schema{}
		for _, c := range testTable.Columns {
			if ty.row.Lookup(c.Name) != nil {
				common.Columns = append(common.Columns, c)
			}
		}
		return common
	}
	return ty.row
}

func literalValue(lit *kql.BasicLit) any {
	switch lit.Kind {
	case kql.StringLit:
		s, _ := kql.StringValue(lit)
		return s
	case kql.BoolLit:
		return strings.EqualFold(lit.Value, "true")
	case kql.LongLit:
		if v, err := strconv.ParseInt(lit.Value, 0, 64); err == nil {
			return v
		}
	case kql.RealLit, kql.DecimalLit, kql.IntLit:
		// 1.5, decimal(1), int(2)
		v := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(lit.Value, "decimal("), "int("), ")")
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && lit.Kind == kql.IntLit {
			return n
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return f
		}
	}
	return nil
}

func (ty *testTyper) check(call *kql.CallExpr, fn *Builtin) (Type, []Diagnostic) {
	site := &callSite{Call: call, Fun: fn, Row: ty.row, By: ty.by}
	kinds := argumentKinds(fn, call.Args)
	for i, e := range call.Args {
		argKind := ArgExpression
		if i < len(kinds) {
			argKind = kinds[i]
		}
		site.Args = append(site.Args, ty.argument(e, fn.Kind, argKind))
	}
	return checkCall(site)
}

// parseCall parses the call in a query of one of the forms
// "print f(...)", "T | extend f(...)", "T | summarize f(...)" or
// "T | evaluate f(...)", and returns it with the kind of built-in the
// operator calls.
func parseCall(t *testing.T, query string) (*kql.CallExpr, BuiltinKind) {
	t.Helper()
	q, err := kql.Parse(query)
	require.NoError(t, err, query)
	var call *kql.CallExpr
	kind := ScalarFunction
	kql.Inspect(q.Stmts[len(q.Stmts)-1], func(n kql.Node) bool {
		if call != nil {
			return false
		}
		switch n := n.(type) {
		case *kql.SummarizeOp:
			kind = AggregateFunction
		case *kql.EvaluateOp:
			kind = PlugIn
		case *kql.CallExpr:
			call = n
			return false
		}
		return true
	})
	require.NotNil(t, call, "no call in %s", query)
	return call, kind
}

// checkQuery checks the first call of query.
func checkQuery(t *testing.T, query string) (Type, []Diagnostic) {
	t.Helper()
	call, kind := parseCall(t, query)
	name := call.Fun.(*kql.Ident).Name
	fn := lookupBuiltin(kind, name)
	require.NotNil(t, fn, "%s is no %s", name, kind)
	ty := &testTyper{row: testRow}
	return ty.check(call, fn)
}

func codes(diags []Diagnostic) string {
	var cs []string
	for _, d := range diags {
		cs = append(cs, d.Code)
	}
	return strings.Join(cs, " ")
}

func TestCheckCall(t *testing.T) {
	for _, tc := range []struct {
		query string
		typ   string // the result type's String
		codes string // the diagnostics' codes
	}{
		{"print tolower(1, 2)", "string", "SR202"},
		{"print tolower('A')", "string", ""},
		{"print strlen(1)", "long", "SR203"},
		{"print strlen(dynamic(1))", "long", ""},
		{"print strcat()", "string", "SR202"},
		{"print bin(1)", "long", "SR202"},
		{"print bin(now())", "datetime", "SR202"}, // ambiguous: both datetime signatures
		{"print bin(1, 2)", "long", ""},
		{"print bin(1.5, 2)", "real", ""},
		{"print bin(datetime(2020-01-01), 1h)", "datetime", ""},
		{"print iff(true, 'a', 1)", "dynamic", ""},
		{"print iff(true, 1, 2.5)", "real", ""},
		{"print coalesce('a', 1)", "unknown", "SR203"},
		{"print coalesce('a', 'b')", "string", ""},
		{"print array_length('a')", "long", "SR203"},
		{"print datetime_add('days', 1, now())", "datetime", "SR203"},
		{"print datetime_add('day', 1, now())", "datetime", ""},
		{"print extract('a', 1, 'abc', typeof(long))", "long", ""},
		{"print extract('a', 1, 'abc')", "string", ""},
		{"T | summarize count(1)", "long", "SR203"},
		{"T | summarize count()", "long", ""},
		{"T | summarize make_set(s, 'a')", "dynamic", "SR203"},
		{"T | summarize sum(i)", "long", ""},
		{"T | summarize sum(r)", "real", ""},
		{"T | summarize max(d)", "datetime", ""},
		{"T | summarize percentile(l, 95)", "(percentile_l_95:long)", ""},
		{"T | summarize arg_max(d, s, l)", "(d:datetime, s:string, l:long)", ""},
		{"T | extend series_fit_line(y)", "(series_fit_line_y_rsquare:real, series_fit_line_y_slope:real, series_fit_line_y_variance:real, series_fit_line_y_rvariance:real, series_fit_line_y_interception:real, series_fit_line_y_line_fit:dynamic)", ""},
		{"print replace_regex('a', 'b')", "string", "SR202"},
		{"T | evaluate bag_unpack(y)", "(b:bool, i:int, l:long, r:real, m:decimal, s:string, d:datetime, t:timespan, g:guid, *)", ""},
		{"T | evaluate narrow()", "(Row:long, Column:string, Value:string)", ""},
	} {
		t.Run(tc.query, func(t *testing.T) {
			typ, diags := checkQuery(t, tc.query)
			assert.Equal(t, tc.codes, codes(diags), "%v", diags)
			assert.Equal(t, tc.typ, typ.String())
			for _, d := range diags {
				assert.Contains(t, d.Message, "\"", "the message quotes the function name")
				assert.True(t, d.Pos.IsValid() && d.End > d.Pos, "span %v-%v", d.Pos, d.End)
			}
		})
	}
}

func TestLookupBuiltin(t *testing.T) {
	assert.NotNil(t, lookupBuiltin(ScalarFunction, "tolower"))
	assert.Nil(t, lookupBuiltin(ScalarFunction, "ToLower"), "names are case-sensitive")
	assert.Nil(t, lookupBuiltin(ScalarFunction, "count"), "count is an aggregate")
	assert.NotNil(t, lookupBuiltin(AggregateFunction, "count"))
	assert.NotNil(t, lookupBuiltin(PlugIn, "bag_unpack"))
	assert.Nil(t, lookupBuiltin(0, "tolower"))
	assert.Nil(t, lookupBuiltin(PlugIn+1, "tolower"))
	assert.Len(t, builtinFunctions, 429)
	assert.Len(t, builtinAggregates, 61)
	assert.Len(t, builtinPlugIns, 47)
	assert.Len(t, builtinOperators, 55)
	assert.Same(t, lookupBuiltin(Operator, "NotEqual"), lookupOperator("<>", false))
	assert.Same(t, lookupBuiltin(Operator, "UnaryMinus"), lookupOperator("-", true))
	assert.Same(t, lookupBuiltin(Operator, "Subtract"), lookupOperator("-", false))
	assert.Nil(t, lookupOperator("!", false))
	for op, name := range operatorKinds {
		assert.NotNil(t, lookupBuiltin(Operator, name), op)
	}
	for _, list := range [][]*Builtin{builtinFunctions, builtinAggregates, builtinPlugIns, builtinOperators} {
		for _, b := range list {
			assert.Same(t, b, lookupBuiltin(b.Kind, b.Name))
			for _, s := range b.Signatures {
				assert.Same(t, b, s.Fun)
			}
		}
	}
}
