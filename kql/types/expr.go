package types

import (
	"strconv"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// operand is what binding an expression yields.
type operand struct {
	typ Type    // Kind, *Schema, *Tuple, or one of the binder's own types; nil when unknowable
	col *Column // the column the expression is: a plain reference, or a conversion to its own type
	sym Symbol  // what the expression refers to, for a name
	// name is the name KQL gives the expression's column when a
	// projection does not name it (Kusto's GetExpressionResultName):
	// "a" for a, "a_b" for a.b of a dynamic a, "max_a" for max(a); ""
	// when KQL gives it none (and numbers it Column1...).
	name string
	// str is the value of a string constant.
	str   string
	isStr bool
	// isConst says the expression is a constant as KQL folds it: a
	// literal, a let-bound constant, a function's scalar parameter, or an
	// operator or foldable call over constants; value is its value when
	// known (string, int64, float64 or bool).
	isConst bool
	value   any
	// shape is the shape of a dynamic value, when known.
	shape Shape
}

// exprContext says what a name may stand for where it is used.
type exprContext uint8

const (
	scalarContext    exprContext = iota // a value in an operator's expression
	tabularContext                      // a table: a pipeline's source, a join or union operand
	statementContext                    // the value of a let or of a query statement: a table or a scalar
)

// databaseType is the type of database("name") and of an alias: a
// database whose tables kqlt cannot see.
type databaseType struct{}

func (databaseType) String() string { return "database" }
func (databaseType) isType()        {}

// rowType is the type of $left, $right and a scan step's name: a row
// whose columns are reached with a dot.
type rowType struct{ ref *RowRef }

func (r rowType) String() string { return r.ref.String() }
func (rowType) isType()          {}

// unknownValue is the type of an unknown name or call where KQL cannot
// tell a table from a scalar: the value of a let, a query statement, the
// function invoke calls. As a scalar it is unknown; as a table it has no
// columns KQL knows of (see Schema.unknownSource).
type unknownValue struct{ from string }

func (unknownValue) String() string { return "unknown" }
func (unknownValue) isType()        {}

// poisoned returns the schema of rows that come from the unknown source
// from.
func poisoned(from string) *Schema { return &Schema{unknownSource: from} }

// asSchema returns the row schema of a tabular operand: its schema, an
// empty one for an unknown source, or nil if it is no table.
func asSchema(t Type) *Schema {
	switch t := t.(type) {
	case *Schema:
		return t
	case unknownValue:
		return poisoned(t.from)
	}
	return nil
}

// funcType is the type of a name bound to a function, used without a
// call.
type funcType struct{}

func (funcType) String() string { return "function" }
func (funcType) isType()        {}

// open is the row schema of a table kqlt knows nothing about.
func openSchema() *Schema { return &Schema{Open: true} }

// expr binds a scalar expression (or a tabular one used as a value).
func (c *checker) expr(x kql.Expr) operand {
	return c.tabularOrScalar(x, scalarContext)
}

// tabular binds an expression that must be tabular, where a name is a
// table's.
func (c *checker) tabular(x kql.Expr) *Schema {
	v := c.tabularOrScalar(x, tabularContext)
	if s := asSchema(v.typ); s != nil {
		return s
	}
	if v.typ != nil && v.typ != Unknown && !isOpaque(v.typ) {
		c.errorf(CodeScalarExpected, x, v.name, "a table is expected here, not a value of type %s", v.typ)
	}
	return openSchema()
}

// isOpaque reports whether t is one of the binder's own types, which it
// does not check against anything.
func isOpaque(t Type) bool {
	switch t.(type) {
	case databaseType, funcType, rowType, unknownValue:
		return true
	}
	return false
}

// tabularOrScalar binds x, in a context that says what a lone name
// stands for.
func (c *checker) tabularOrScalar(x kql.Expr, ctx exprContext) (v operand) {
	switch x := x.(type) {
	case nil:
		return operand{typ: Unknown}
	case *kql.Ident:
		v = c.ident(x, ctx)
	case *kql.ParenExpr:
		v = c.tabularOrScalar(x.X, ctx)
		v.sym = nil
	case *kql.BasicLit:
		v = literal(x)
	case *kql.CompoundString:
		s, _ := kql.StringValue(x)
		v = operand{typ: String, str: s, isStr: true, isConst: true, value: s}
	case *kql.DynamicLit:
		v = operand{typ: Dynamic, isConst: true}
	case *kql.TypeOfExpr:
		v = operand{typ: c.typeOf(x)}
	case *kql.Star:
		v = operand{typ: Unknown}
	case *kql.UnaryExpr:
		v = c.unary(x)
	case *kql.BinaryExpr:
		v = c.binary(x)
	case *kql.InExpr:
		v = c.in(x)
	case *kql.BetweenExpr:
		v = c.between(x)
	case *kql.CallExpr:
		v = c.call(x, ctx)
	case *kql.SelectorExpr:
		v = c.selector(x, ctx)
	case *kql.IndexExpr:
		v = c.index(x)
	case *kql.NamedExpr:
		v = c.expr(x.Value)
		v.name = x.Name.Name
	case *kql.SortExpr:
		v = c.expr(x.X)
	case *kql.BraceExpr:
		v = c.tabularOrScalar(x.X, ctx)
	case *kql.Pipeline:
		v = operand{typ: c.pipeline(x, nil)}
	case *kql.DatatableExpr:
		v = operand{typ: c.datatable(x)}
	case *kql.ExternalDataExpr:
		v = operand{typ: c.externalData(x)}
	case *kql.Command:
		v = c.command(x) // command.go
	case kql.Operator:
		// union, print, range, search, find and evaluate start a query.
		row := c.row
		c.row = nil
		v = operand{typ: c.operator(x, nil)}
		c.row = row
	default:
		// Declarations and literals of dynamic values have no type of
		// their own here.
		return operand{typ: Unknown}
	}
	c.record(x, v.typ)
	return v
}

// literal returns the operand of a literal.
func literal(x *kql.BasicLit) operand {
	v := operand{typ: Unknown, isConst: true}
	switch x.Kind {
	case kql.StringLit:
		s, err := kql.Unquote(x.Value)
		v.typ, v.str, v.isStr = String, s, err == nil
		if err == nil {
			v.value = s
		}
	case kql.LongLit, kql.IntLit:
		v.typ = Long
		if x.Kind == kql.IntLit {
			v.typ = Int
		}
		if n, ok := intValue(x.Value); ok {
			v.value = n
		}
	case kql.RealLit:
		v.typ = Real
		if f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(x.Value, "real("), "double("), ")"), 64); err == nil {
			v.value = f
		}
	case kql.DecimalLit:
		v.typ = Decimal
	case kql.BoolLit:
		v.typ = Bool
		if strings.Contains(x.Value, "true") {
			v.value = true
		} else if strings.Contains(x.Value, "false") {
			v.value = false
		}
	case kql.TimespanLit:
		v.typ = Timespan
	case kql.DateTimeLit:
		v.typ = DateTime
	case kql.GUIDLit:
		v.typ = GUID
	case kql.NullLit:
		v.typ = Dynamic
	}
	return v
}

// intValue returns the value of a long or int literal: 42, 0x2A,
// long(42), int(-1).
func intValue(lit string) (int64, bool) {
	s := lit
	if i := strings.IndexByte(s, '('); i >= 0 && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[i+1 : len(s)-1])
	}
	n, err := strconv.ParseInt(s, 0, 64)
	return n, err == nil
}

// typeOf returns the type typeof(...) names: a Kind for typeof(long), a
// *Schema for typeof(a:string, b:long) or typeof(*).
func (c *checker) typeOf(x *kql.TypeOfExpr) Type {
	if len(x.Types) == 1 {
		if id, ok := x.Types[0].(*kql.Ident); ok {
			return kindOf(id.Name)
		}
	}
	s := &Schema{}
	for _, t := range x.Types {
		switch t := t.(type) {
		case *kql.ColumnDecl:
			col := &Column{Name: t.Name.Name, Origin: x}
			if id, ok := t.Type.(*kql.Ident); ok {
				col.Type = kindOf(id.Name)
			}
			s.Columns = append(s.Columns, col)
		case *kql.Star:
			s.Open = true
		}
	}
	return s
}

// ---------------------------------------------------------------------------
// Names

// ident resolves a name, in the order KQL does: the columns of the row
// in scope, then let bindings and parameters, then workspace functions
// that take no argument, then tables, and last, for an open row, a
// column the row may have.
func (c *checker) ident(id *kql.Ident, ctx exprContext) operand {
	name := id.Name
	if name == "" {
		return operand{typ: Unknown}
	}
	if strings.ContainsRune(name, '*') {
		// A wildcard outside the operators that take one.
		return operand{typ: Unknown}
	}
	if id.Braced() {
		// A client parameter {Name} of a workbook or dashboard: the
		// client substitutes it before the query runs. The official
		// analysis, which Sentinel runs on rules, does not accept one.
		c.report(CodeUnknownName, SeverityWarning, id, name, "{%s} is a client parameter of a workbook or dashboard, which the client fills in; %q is no name of the query, and Sentinel rules cannot use one", name, name)
		if ctx == tabularContext {
			return operand{typ: openSchema()}
		}
		return operand{typ: Unknown}
	}
	if id.Raw() == "" && (strings.EqualFold(name, "true") || strings.EqualFold(name, "false")) {
		// KQL reads True and FALSE as bool literals too.
		return operand{typ: Bool}
	}
	if c.unknownRight != "" && (name == "$left" || name == "$right") {
		c.report(CodeUnknownName, SeverityWarning, id, name, "%s is unknown here: the join's right side comes from %q, which the schema does not have; %s",
			name, c.unknownRight, addSchemaHint)
		return operand{typ: unknownValue{c.unknownRight}, name: name}
	}
	if c.right != nil && (name == "$left" || name == "$right") {
		ref := &RowRef{Name: name, Schema: c.row}
		if name == "$right" {
			ref.Schema = c.right
		}
		if ref.Schema == nil {
			ref.Schema = openSchema()
		}
		c.use(id, ref)
		return operand{typ: rowType{ref}, sym: ref}
	}
	if c.row != nil && c.kind != aggregateScope {
		if col := c.row.Lookup(name); col != nil {
			c.use(id, col)
			return operand{typ: col.Type, col: col, sym: col, name: name, shape: col.shape}
		}
	}
	if c.right != nil {
		if col := c.right.Lookup(name); col != nil {
			c.use(id, col)
			return operand{typ: col.Type, col: col, sym: col, name: name}
		}
	}
	if s := c.scope.lookup(name); s != nil {
		c.use(id, s)
		return c.symbolOperand(id, s)
	}
	if c.db != nil {
		if f := c.db.Function(name); f != nil && minParams(f) == 0 {
			c.use(id, f)
			return operand{typ: workspaceResult(f), sym: f, name: name}
		}
		if t := c.db.Table(name); t != nil {
			c.use(id, t)
			return operand{typ: c.tableSchema(t), sym: t, name: name}
		}
	}
	if c.row != nil && c.kind != aggregateScope && c.row.Open {
		col := c.inferred(c.row, name)
		c.use(id, col)
		return operand{typ: Unknown, col: col, sym: col, name: name}
	}
	if c.right != nil && c.right.Open {
		col := c.inferred(c.right, name)
		c.use(id, col)
		return operand{typ: Unknown, col: col, sym: col, name: name}
	}
	if c.row != nil && c.row.unknownSource != "" && c.kind != aggregateScope {
		c.report(CodeUnknownName, SeverityWarning, id, name,
			"unknown column %q: the rows come from %q, which the schema does not have, so their columns are unknown; %s", name, c.row.unknownSource, addSchemaHint)
		return operand{typ: Unknown, name: name}
	}
	if c.kind == aggregateScope && c.row != nil {
		if col := c.row.Lookup(name); col != nil || c.row.Open {
			c.errorf(CodeAggregateContext, id, name, "the column %q must be used inside an aggregate function here, as in max(%s)", name, kql.QuoteIdent(name))
			return operand{typ: Unknown, name: name}
		}
	}
	return c.unknownName(id, ctx)
}

// inferred returns the column that the open schema s has by the name
// name: KQL lets a query read any column of a table whose schema it does
// not know, and types it as unknown.
func (c *checker) inferred(s *Schema, name string) *Column {
	if c.inferredCols == nil {
		c.inferredCols = make(map[inferredKey]*Column)
	}
	k := inferredKey{s, name}
	col := c.inferredCols[k]
	if col == nil {
		col = &Column{Name: name, Type: Unknown}
		c.inferredCols[k] = col
	}
	return col
}

type inferredKey struct {
	s    *Schema
	name string
}

// unknownName reports a name that refers to nothing.
func (c *checker) unknownName(id *kql.Ident, ctx exprContext) operand {
	name := id.Name
	tableLike := ctx == tabularContext || ctx == statementContext && c.row == nil
	switch {
	case c.fuzzy && tableLike:
		c.report(CodeUnknownTable, SeverityWarning, id, name,
			"the table %q is unknown; union isfuzzy=true skips it, but %s", name, addSchemaHint)
	case tableLike:
		c.report(CodeUnknownTable, SeverityWarning, id, name, "unknown table %q%s; %s", name, c.suggestTable(name), addSchemaHint)
	case c.graphWhere != "":
		c.errorf(CodeUnknownName, id, name, "unknown name %q: the official analysis (Kusto.Language 12.4.1) resolves no column in the predicate of %s", name, c.graphWhere)
	default:
		c.errorf(CodeUnknownName, id, name, "unknown name %q: no column, variable or function has it%s", name, c.suggestName(name))
	}
	switch {
	case ctx == tabularContext:
		// KQL reads the rows of an unknown table as having any column.
		return operand{typ: openSchema(), name: name}
	case ctx == statementContext:
		return operand{typ: unknownValue{name}, name: name}
	}
	return operand{typ: Unknown, name: name}
}

// addSchemaHint says how to make a custom table or function known.
const addSchemaHint = "if the workspace has it, add its schema with --schema"

// symbolOperand returns the operand of a name in scope.
func (c *checker) symbolOperand(id *kql.Ident, s Symbol) operand {
	v := operand{sym: s, name: id.Name}
	switch s := s.(type) {
	case *Let:
		if s.Func != nil {
			if minLetParams(s) == 0 {
				// A function without parameters may be called without
				// parentheses.
				v.typ = c.letCall(s, nil, id)
			} else {
				v.typ = funcType{}
			}
			return v
		}
		v.typ = s.Type
		v.isConst, v.value = s.isConst, s.value
		if str, ok := s.value.(string); ok {
			v.str, v.isStr = str, true
		}
	case *Param:
		if s.Tabular != nil {
			v.typ = s.Tabular
		} else {
			v.typ = s.Type
			v.isConst = true
		}
	case *Column:
		v.typ, v.col = s.Type, s
	case *RowRef:
		v.typ = rowType{s}
	default:
		v.typ = Unknown
	}
	return v
}

func minParams(f *Function) int {
	n := 0
	for _, p := range f.Params {
		if !p.Optional {
			n++
		}
	}
	return n
}

func minLetParams(l *Let) int {
	n := 0
	for _, p := range l.Params {
		if !p.Optional {
			n++
		}
	}
	return n
}

// workspaceResult returns the type a workspace function returns.
func workspaceResult(f *Function) Type {
	if f.Result != nil {
		return f.Result
	}
	return f.ScalarResult
}

// selector binds X.Sel: a column of $left or $right, a property of a
// dynamic value, a table of a database.
func (c *checker) selector(x *kql.SelectorExpr, ctx exprContext) operand {
	baseCtx := scalarContext
	if ctx != scalarContext {
		// x.T where a table is expected: x is a database, or a call that
		// returns one.
		baseCtx = statementContext
	}
	base := c.tabularOrScalar(x.X, baseCtx)
	if u, ok := base.typ.(unknownValue); ok {
		// A part of something unknown is unknown.
		c.bindSelectorArgs(x.Sel)
		return operand{typ: u}
	}
	switch sel := x.Sel.(type) {
	case *kql.Ident:
		switch t := base.typ.(type) {
		case rowType:
			s := t.ref.Schema
			if col := s.Lookup(sel.Name); col != nil {
				c.use(sel, col)
				return operand{typ: col.Type, col: col, sym: col, name: sel.Name}
			}
			if s.Open {
				col := c.inferred(s, sel.Name)
				c.use(sel, col)
				return operand{typ: Unknown, col: col, sym: col, name: sel.Name}
			}
			if s.unknownSource != "" {
				c.report(CodeUnknownName, SeverityWarning, sel, sel.Name, "unknown column %q of %s: its rows come from %q, which the schema does not have; %s",
					sel.Name, t.ref.Name, s.unknownSource, addSchemaHint)
			} else {
				c.errorf(CodeUnknownName, sel, sel.Name, "unknown column %q of %s%s", sel.Name, t.ref.Name, suggest(sel.Name, columnNames(s)))
			}
			return operand{typ: Unknown, name: sel.Name}
		case databaseType:
			// A table of another database: kqlt cannot see it.
			return operand{typ: openSchema(), name: sel.Name}
		case Kind:
			if t == Dynamic || t == Unknown {
				return operand{typ: t, name: pathName(base.name, sel.Name)}
			}
			c.errorf(CodeUnknownName, sel, sel.Name, "unknown name %q: %s is a %s, which has no properties (only dynamic values do)", sel.Name, c.text(x.X), t)
			return operand{typ: Unknown, name: sel.Name}
		}
		return operand{typ: Unknown, name: sel.Name}
	case *kql.CallExpr:
		// database("d").f(), T.f(): kqlt cannot see these functions.
		c.bindArgs(sel.Args)
		if id, ok := sel.Fun.(*kql.Ident); ok && id.Name == "database" {
			return operand{typ: databaseType{}}
		}
		if ctx != scalarContext {
			return operand{typ: openSchema()}
		}
		return operand{typ: Unknown}
	case *kql.IndexExpr:
		// a.[0]
		c.expr(sel.Index)
		return operand{typ: dynamicOr(base.typ)}
	}
	return operand{typ: Unknown}
}

// bindSelectorArgs binds the arguments of a call after a dot, such as
// the "d" of x.database("d").
func (c *checker) bindSelectorArgs(sel kql.Expr) {
	switch sel := sel.(type) {
	case *kql.CallExpr:
		c.bindArgs(sel.Args)
	case *kql.IndexExpr:
		c.expr(sel.Index)
	}
}

// pathName is the name KQL gives a.b or a["b"] of a dynamic a.
func pathName(left, right string) string {
	if strings.TrimSpace(left) != "" {
		return left + "_" + right
	}
	return right
}

// dynamicOr returns the type of an element or property of a value of type
// t: dynamic, or unknown when t is.
func dynamicOr(t Type) Type {
	if t == Unknown {
		return Unknown
	}
	return Dynamic
}

// index binds X[Index].
func (c *checker) index(x *kql.IndexExpr) operand {
	if x.X == nil {
		c.expr(x.Index)
		return operand{typ: Unknown}
	}
	base := c.expr(x.X)
	// The index is not bound in the scope of X.
	idx := c.expr(x.Index)
	right := ""
	if lit, ok := x.Index.(*kql.BasicLit); ok && (lit.Kind == kql.StringLit || lit.Kind == kql.LongLit || lit.Kind == kql.IntLit) {
		if lit.Kind == kql.StringLit {
			right = idx.str
		} else {
			right = lit.Value
		}
	} else if idx.isStr {
		right = idx.str
	}
	switch t := base.typ.(type) {
	case rowType:
		if idx.isStr {
			if col := t.ref.Schema.Lookup(idx.str); col != nil {
				return operand{typ: col.Type, col: col, sym: col, name: col.Name}
			}
		}
		return operand{typ: Unknown, name: right}
	case Kind:
		if t == Dynamic {
			v := operand{typ: t, name: pathName(base.name, right)}
			switch sh := base.shape; {
			case sh > ShapeArrayOf && sh < ShapeArrayOf+Shape(Dynamic):
				// An element of an array of strings is a dynamic string.
				v.shape = ShapeScalarOf + (sh - ShapeArrayOf)
			case sh > ShapeScalarOf && sh < ShapeScalarOf+Shape(Dynamic):
				c.errorf(CodeTypeMismatch, x, "", "%s is a single %s in a dynamic value: the [] operator applies to arrays and property bags", c.text(x.X), Kind(sh-ShapeScalarOf))
				return operand{typ: Unknown, name: right}
			}
			return v
		}
		if t == Unknown {
			return operand{typ: t, name: pathName(base.name, right)}
		}
		c.errorf(CodeTypeMismatch, x, "", "%s is a %s: the [] operator applies to dynamic values only", c.text(x.X), t)
	}
	return operand{typ: Unknown, name: right}
}

// ---------------------------------------------------------------------------
// Operators

func isNumeric(k Kind) bool { return k == Int || k == Long || k == Real || k == Decimal }

// kindOfType returns t as a Kind, with tables and the binder's own types
// as Unknown.
func kindOfType(t Type) Kind {
	if k, ok := t.(Kind); ok {
		return k
	}
	return Unknown
}

// The scalar operators are typed by the catalog, as the official analysis
// types them (Kusto.Language's Operators and signature matching): see
// checkOperator.

func (c *checker) unary(x *kql.UnaryExpr) operand {
	v := c.expr(x.X)
	out := operand{typ: c.checkOperator(x, x.Op, []kql.Expr{x.X}, []operand{v}), isConst: v.isConst}
	if x.Op == "-" {
		switch n := v.value.(type) {
		case int64:
			out.value = -n
		case float64:
			out.value = -n
		}
	} else {
		out.value = v.value
	}
	return out
}

func (c *checker) binary(x *kql.BinaryExpr) operand {
	l := c.expr(x.X)
	r := c.expr(x.Y)
	v := operand{typ: Bool}
	if x.Op != ":" && !obviouslyBool(x.Op, l.typ, r.typ) { // Column:"term" in the predicate of search and find
		v.typ = c.checkOperator(x, x.Op, []kql.Expr{x.X, x.Y}, []operand{l, r})
	}
	v.isConst = l.isConst && r.isConst
	return v
}

// obviouslyBool reports whether l op r is a bool that the official
// signatures accept, for the commonest operators, which then need no
// signature matching: and/or of bools, equality of two scalars, a string
// operator on two strings.
func obviouslyBool(op string, l, r Type) bool {
	lk, lok := l.(Kind)
	rk, rok := r.(Kind)
	if !lok || !rok {
		return false
	}
	switch op {
	case "and", "or":
		return lk == Bool && rk == Bool
	case "==", "!=", "<>":
		return true
	case "=~", "!~", "has", "!has", "contains", "!contains", "startswith", "!startswith", "endswith", "!endswith",
		"has_cs", "!has_cs", "contains_cs", "!contains_cs", "startswith_cs", "!startswith_cs", "endswith_cs", "!endswith_cs",
		"hasprefix", "!hasprefix", "hassuffix", "!hassuffix", "matches regex":
		return lk == String && rk == String
	}
	return false
}

// in binds X in (List): the list holds scalars, dynamic arrays or a
// table whose first column holds the values.
func (c *checker) in(x *kql.InExpr) operand {
	exprs := []kql.Expr{x.X}
	args := []operand{c.expr(x.X)}
	for _, e := range x.List {
		exprs = append(exprs, e)
		args = append(args, c.tabularOrScalar(e, scalarContext))
	}
	return operand{typ: c.checkOperator(x, x.Op, exprs, args)}
}

// between binds X between (Low .. High).
func (c *checker) between(x *kql.BetweenExpr) operand {
	a, b, d := c.expr(x.X), c.expr(x.Low), c.expr(x.High)
	t := c.checkOperator(x, x.Op, []kql.Expr{x.X, x.Low, x.High}, []operand{a, b, d})
	return operand{typ: t, isConst: a.isConst && b.isConst && d.isConst}
}

// checkOperator types an operator over its operands with the catalog
// and reports what the official analysis reports.
func (c *checker) checkOperator(node kql.Expr, op string, exprs []kql.Expr, args []operand) Type {
	site := &operatorSite{Op: op, Node: node, Args: make([]argument, len(args))}
	for i, v := range args {
		site.Args[i] = argumentOf(exprs[i], v)
	}
	t, diags := checkOperator(site)
	if c.quiet == 0 {
		c.diags = append(c.diags, diags...)
	}
	if t == nil {
		return Unknown
	}
	return t
}

// argumentOf describes a bound operand or argument for the catalog.
func argumentOf(e kql.Expr, v operand) argument {
	a := argument{Expr: e, Type: v.typ, Const: v.isConst, Value: v.value, Column: v.col, ResultName: v.name, Shape: v.shape}
	switch e := e.(type) {
	case *kql.Star:
		a.Star, a.Type = true, nil
	case *kql.NamedExpr:
		a.Name = e.Name.Name
	}
	if _, ok := a.Type.(Kind); !ok {
		switch a.Type.(type) {
		case *Schema, *Tuple:
		default:
			// The binder's own types (a database, an unknown source...)
			// are unknown to the catalog.
			if a.Type != nil {
				a.Type = Unknown
			}
		}
	}
	return a
}

// ---------------------------------------------------------------------------
// Checks of clauses

// checkBool reports a predicate that is not a bool.
func (c *checker) checkBool(x kql.Expr, v operand) {
	switch t := v.typ.(type) {
	case Kind:
		if t != Bool && t != Unknown && t != Dynamic {
			c.errorf(CodeTypeMismatch, x, v.name, "the predicate %s is a %s; it must be a bool", c.quoted(x, v), t)
		}
	case *Schema, *Tuple:
		c.errorf(CodeScalarExpected, x, v.name, "the predicate %s is a table; it must be a bool", c.quoted(x, v))
	}
}

// quoted returns how a message names an expression: its name, quoted,
// or its text.
func (c *checker) quoted(x kql.Expr, v operand) string {
	if v.name != "" {
		return quote(v.name)
	}
	return c.text(x)
}
