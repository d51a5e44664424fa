package types

import (
	"fmt"
	"sort"

	"github.com/kqlt/kqlt/kql"
)

// Config configures the binding of queries, as types.Config does for
// go/types. The zero Config binds against an empty database, so every
// table is unknown.
type Config struct {
	// Database resolves the names of tables and workspace functions. A
	// nil Database knows none.
	Database Database
}

// Info holds what Check finds out about a query, in the maps the caller
// asks for: Check fills only the maps that are not nil.
type Info struct {
	// Uses maps each identifier that refers to something to its symbol:
	// the column, table, let binding, parameter or function it names.
	// An identifier that refers to nothing (an unknown name) is absent.
	Uses map[*kql.Ident]Symbol
	// Defs maps each identifier that declares a name to what it
	// declares: let x (a *Let), extend x = ... (a *Column), as T (a
	// *Let), a function's parameters (*Param).
	Defs map[*kql.Ident]Symbol
	// Types maps each expression to its type: a Kind for a scalar
	// expression, a *Schema for a tabular one, a *Tuple for a call that
	// yields several values. Expressions that are neither (a typeof(),
	// an operator parameter's value) are absent.
	Types map[kql.Expr]Type
	// Schemas maps each tabular operator of a pipeline to the row schema
	// it outputs.
	Schemas map[kql.Operator]*Schema

	// Output is the row schema of the query's result: the type of its
	// last query statement, or nil if it has none or returns a scalar.
	// Check always sets it. Use Output.HasColumn to tell whether a
	// rule's entity mappings and custom details name a column the query
	// outputs.
	Output *Schema
}

// TypeOf returns the type of x, or nil if Info.Types does not record it.
func (info *Info) TypeOf(x kql.Expr) Type {
	if info == nil || info.Types == nil {
		return nil
	}
	return info.Types[x]
}

// SymbolOf returns the symbol that id declares or refers to, or nil.
func (info *Info) SymbolOf(id *kql.Ident) Symbol {
	if info == nil {
		return nil
	}
	if s, ok := info.Defs[id]; ok {
		return s
	}
	return info.Uses[id]
}

// Check binds the names of q, types its expressions and returns the
// diagnostics, sorted by position: unknown columns, tables and functions,
// calls with the wrong arguments, and the other mistakes the official
// analysis (Kusto.Language) reports. Errors are what Microsoft Sentinel
// rejects; warnings may be fine in a workspace that has more tables and
// functions than the Database; notes are hints. If info is not nil, Check
// fills its maps.
//
// Check never fails on a query that kql.Parse accepted; a query with
// syntax errors cannot be bound. Check does not modify q, and one Config
// may check several queries at once from different goroutines, provided
// its Database is safe for concurrent use (see Database).
func (conf *Config) Check(q *kql.Query, info *Info) []Diagnostic {
	c := newChecker(conf, info)
	c.directives(q)
	var out Type
	c.stmts(q.Stmts, &out)
	if info != nil {
		info.Output, _ = out.(*Schema)
	}
	sort.SliceStable(c.diags, func(i, j int) bool { return c.diags[i].Pos < c.diags[j].Pos })
	return c.diags
}

// checker holds the state of one Check.
type checker struct {
	conf  *Config
	db    Database
	info  *Info
	diags []Diagnostic

	// quiet is positive while a function body is bound again at a call
	// site to find the call's result type: its diagnostics were reported
	// when the declaration was bound, and Info describes the declaration.
	quiet int

	scope *scope // let bindings, parameters and other names in scope

	// The row scope: the columns that names in an operator's expressions
	// refer to. It is nil outside operators.
	row *Schema
	// right is the row of the right side while a join or lookup
	// condition is bound; unknownRight is the unknown source of that
	// side's rows, if any.
	right        *Schema
	unknownRight string

	// kind is the scope kind: which functions names find.
	kind scopeKind
	// fuzzy is set while the tables of union isfuzzy=true are bound:
	// unknown ones are not reported.
	fuzzy bool
	// inGraphMatch counts the where and project clauses of graph-match
	// being bound, where the graph functions (all, any, map...) exist;
	// graphWhere is the keyword of the graph-where-nodes or
	// graph-where-edges whose predicate is being bound.
	inGraphMatch int
	graphWhere   string

	// colSuffix numbers the columns KQL names Column1, Column2... for
	// unnamed expressions, across the query as KQL does.
	colSuffix int

	// implicit is the input of invoke, the implicit first argument of
	// the function it calls.
	implicit *Schema
	// by holds the columns of the by clause of the summarize whose
	// aggregates are being bound, which arg_max(x, *) leaves out.
	by []*Column

	// expanding holds the let functions whose bodies are being bound at
	// a call site, to stop recursion; depth counts the nested expansions.
	expanding      map[*Let]int
	depth          int
	expansionCount int
	// expansions caches the result type of a function for a list of
	// argument types.
	expansions map[expansionKey]Type

	// inferredCols holds the columns inferred for open schemas, so that
	// every reference to the same name gets the same column.
	inferredCols map[inferredKey]*Column
}

// scopeKind is the kind of names a name in an expression may refer to.
type scopeKind uint8

const (
	normalScope    scopeKind = iota
	aggregateScope           // the aggregates of summarize: aggregate functions, no bare columns
	pluginScope              // the plugin name after evaluate
)

func newChecker(conf *Config, info *Info) *checker {
	c := &checker{conf: conf, info: info, colSuffix: 1}
	if conf != nil {
		c.db = conf.Database
	}
	c.scope = &scope{}
	return c
}

// ---------------------------------------------------------------------------
// Diagnostics and info

func (c *checker) report(code string, sev Severity, n kql.Node, name, format string, args ...any) {
	if c.quiet > 0 {
		return
	}
	var pos, end kql.Pos
	if n != nil {
		pos, end = n.Pos(), n.End()
	}
	c.diags = append(c.diags, Diagnostic{
		Code: code, Severity: sev, Pos: pos, End: end, Name: name,
		Message: fmt.Sprintf(format, args...),
	})
}

func (c *checker) errorf(code string, n kql.Node, name, format string, args ...any) {
	c.report(code, SeverityError, n, name, format, args...)
}

func (c *checker) use(id *kql.Ident, s Symbol) {
	if c.quiet == 0 && c.info != nil && c.info.Uses != nil && s != nil {
		c.info.Uses[id] = s
	}
}

func (c *checker) def(id *kql.Ident, s Symbol) {
	if c.quiet == 0 && c.info != nil && c.info.Defs != nil && s != nil && id != nil {
		c.info.Defs[id] = s
	}
}

func (c *checker) record(x kql.Expr, t Type) {
	if c.quiet == 0 && c.info != nil && c.info.Types != nil && t != nil {
		c.info.Types[x] = t
	}
}

func (c *checker) recordSchema(op kql.Operator, s *Schema) {
	if c.quiet == 0 && c.info != nil && c.info.Schemas != nil && s != nil {
		c.info.Schemas[op] = s
	}
}

// ---------------------------------------------------------------------------
// Scopes

// scope is a list of names declared by let, by a function's parameters,
// by declare query_parameters and by a few operators, searched from the
// latest declaration back to the outermost scope.
type scope struct {
	outer *scope
	syms  []Symbol
}

func (s *scope) lookup(name string) Symbol {
	for ; s != nil; s = s.outer {
		for i := len(s.syms) - 1; i >= 0; i-- {
			if symbolName(s.syms[i]) == name {
				return s.syms[i]
			}
		}
	}
	return nil
}

// names calls fn for each name in scope.
func (s *scope) names(fn func(string)) {
	for ; s != nil; s = s.outer {
		for _, sym := range s.syms {
			fn(symbolName(sym))
		}
	}
}

func (c *checker) declare(s Symbol) { c.scope.syms = append(c.scope.syms, s) }

// push opens a new scope and returns a function that closes it.
func (c *checker) push() func() {
	outer := c.scope
	c.scope = &scope{outer: outer}
	return func() { c.scope = outer }
}

// symbolName returns the name a symbol is declared with.
func symbolName(s Symbol) string {
	switch s := s.(type) {
	case *Table:
		return s.Name
	case *Column:
		return s.Name
	case *Let:
		return s.Name
	case *Param:
		return s.Name
	case *Function:
		return s.Name
	case *Builtin:
		return s.Name
	case *RowRef:
		return s.Name
	}
	return ""
}

// ---------------------------------------------------------------------------
// Statements

// stmts binds a list of statements: the query's, or a function body's.
// It sets *result to the type of the last expression statement.
func (c *checker) stmts(list []kql.Stmt, result *Type) {
	for _, s := range list {
		switch s := s.(type) {
		case *kql.LetStmt:
			c.letStmt(s)
		case *kql.ExprStmt:
			x := c.stmtExpr(s.X)
			*result = x.typ
		case *kql.DeclareParamsStmt:
			c.queryParams(s)
		case *kql.AliasStmt:
			// alias database x = cluster(...).database(...): a database
			// kqlt cannot see into.
			if s.Name != nil {
				l := &Let{Name: s.Name.Name, Decl: s, Type: databaseType{}}
				c.def(s.Name, l)
				c.declare(l)
			}
		case *kql.PatternStmt:
			if s.Name != nil {
				l := &Let{Name: s.Name.Name, Decl: s, Type: Unknown}
				c.def(s.Name, l)
				c.declare(l)
			}
		case *kql.SetStmt:
			// Request properties: their values are options, not names.
		}
	}
}

// stmtExpr binds the expression of a let or query statement, where a
// lone name is most likely a table.
func (c *checker) stmtExpr(x kql.Expr) operand {
	row := c.row
	c.row = nil
	defer func() { c.row = row }()
	return c.tabularOrScalar(x, statementContext)
}

func (c *checker) letStmt(s *kql.LetStmt) {
	if s.Name == nil {
		return
	}
	l := &Let{Name: s.Name.Name, Decl: s}
	switch v := s.Value.(type) {
	case *kql.FuncLit:
		c.funcDecl(l, v)
	case nil:
		l.Type = Unknown
	default:
		x := c.stmtExpr(v)
		l.Type = x.typ
		l.isConst, l.value = x.isConst, x.value
		if fl, ok := x.sym.(*Let); ok && fl.Func != nil {
			// let g = f: an alias of a function.
			l.Func, l.Params, l.Type = fl.Func, fl.Params, fl.Type
		}
		if l.Type == nil {
			l.Type = Unknown
		}
	}
	c.def(s.Name, l)
	c.declare(l)
}

// queryParams declares the parameters of declare query_parameters(...).
func (c *checker) queryParams(s *kql.DeclareParamsStmt) {
	if s.Params == nil {
		return
	}
	for _, p := range c.params(s.Params) {
		c.declare(p)
	}
}

// params returns the parameters a parameter list declares, binding their
// default values.
func (c *checker) params(list *kql.SchemaExpr) []*Param {
	var out []*Param
	for _, x := range list.Columns {
		d, ok := x.(*kql.ColumnDecl)
		if !ok || d.Name == nil {
			continue
		}
		p := &Param{Name: d.Name.Name, Decl: d, Optional: d.Default != nil}
		switch t := d.Type.(type) {
		case *kql.Ident:
			p.Type = kindOf(t.Name)
		case *kql.SchemaExpr:
			p.Tabular = c.declaredSchema(t, nil)
		}
		if d.Default != nil {
			c.expr(d.Default)
		}
		c.def(d.Name, p)
		out = append(out, p)
	}
	return out
}

// kindOf returns the scalar type a type name in a declaration names, or
// Unknown.
func kindOf(name string) Kind {
	k, _ := ParseKind(name)
	return k
}

// declaredSchema returns the row schema a column list declares:
// (a:string, b:long) for datatable, externaldata, parse-kv, evaluate's
// output and tabular parameters. (*) alone is a tabular parameter that
// takes any table; inside the function it has no columns, as in KQL.
// Columns get origin as their Origin.
func (c *checker) declaredSchema(s *kql.SchemaExpr, origin kql.Node) *Schema {
	out := &Schema{}
	seen := map[string]bool{}
	for _, x := range s.Columns {
		d, ok := x.(*kql.ColumnDecl)
		if !ok || d.Name == nil {
			continue
		}
		col := &Column{Name: d.Name.Name, Origin: origin}
		if t, ok := d.Type.(*kql.Ident); ok {
			col.Type = kindOf(t.Name)
		}
		c.def(d.Name, col)
		if seen[col.Name] {
			c.errorf(CodeDuplicateColumn, d.Name, col.Name, "the column %q is declared twice", col.Name)
			continue
		}
		seen[col.Name] = true
		out.Columns = append(out.Columns, col)
	}
	return out
}
