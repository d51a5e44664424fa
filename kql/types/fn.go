package types

import (
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// call binds a call: of a built-in function, aggregate or plugin, of a
// function bound by let, or of a workspace function.
func (c *checker) call(x *kql.CallExpr, ctx exprContext) operand {
	id, ok := x.Fun.(*kql.Ident)
	if !ok {
		// a.f(), database("d").f(): functions kqlt cannot see.
		c.expr(x.Fun)
		c.bindArgs(x.Args)
		if ctx != scalarContext {
			return operand{typ: openSchema()}
		}
		return operand{typ: Unknown}
	}
	name := id.Name
	implicit := c.implicit
	c.implicit = nil
	switch name {
	case "toscalar":
		return c.toscalar(x)
	case "materialize":
		if len(x.Args) == 1 {
			s := c.tabular(x.Args[0])
			return operand{typ: s}
		}
	case "table":
		if v, ok := c.tableCall(id, x); ok {
			return v
		}
	}
	switch c.kind {
	case pluginScope:
		if b := lookupBuiltin(PlugIn, name); b != nil {
			return c.builtin(b, id, x)
		}
		c.bindArgs(x.Args)
		c.errorf(CodeUnknownFunction, id, name, "unknown plugin %q%s", name, suggest(name, builtinNames(PlugIn)))
		return operand{typ: openSchema()}
	case aggregateScope:
		if b := lookupBuiltin(AggregateFunction, name); b != nil {
			return c.builtin(b, id, x)
		}
	}
	if name == "graph" && c.kind != pluginScope && ctx != scalarContext {
		return c.graphCall(id, x)
	}
	if b := lookupBuiltin(ScalarFunction, name); b != nil && (!b.GraphOnly || c.inGraphMatch > 0) {
		return c.builtin(b, id, x)
	}
	if s := c.scope.lookup(name); s != nil {
		if l, ok := s.(*Let); ok && l.Func != nil {
			c.use(id, l)
			args := c.bindArgs(x.Args)
			if implicit != nil {
				args = append([]operand{{typ: implicit}}, args...)
			}
			return operand{typ: c.letCall(l, args, x), sym: l}
		}
	}
	if c.db != nil {
		if f := c.db.Function(name); f != nil {
			c.use(id, f)
			args := c.bindArgs(x.Args)
			n := len(args)
			if implicit != nil {
				n++
			}
			if n < minParams(f) || n > len(f.Params) {
				c.errorf(CodeArgumentCount, x, name, "%s takes %s, not %d", name, argCount(minParams(f), len(f.Params)), n)
			}
			return operand{typ: workspaceResult(f), sym: f}
		}
	}
	c.bindArgs(x.Args)
	switch {
	case c.kind != aggregateScope && lookupBuiltin(AggregateFunction, name) != nil:
		c.errorf(CodeAggregateContext, id, name, "the aggregate function %q can only be used in summarize, make-series and the like", name)
		return operand{typ: Unknown}
	case lookupBuiltin(PlugIn, name) != nil:
		c.errorf(CodeAggregateContext, id, name, "the plugin %q can only be called by evaluate", name)
		return operand{typ: openSchema()}
	case strings.HasPrefix(name, "__"):
		// Kusto's internal functions.
		return operand{typ: Unknown}
	case ctx != scalarContext:
		c.report(CodeUnknownWorkspace, SeverityWarning, id, name, "unknown function %q: not built in, not declared by let, and not a workspace function of the schema%s; %s",
			name, c.suggestFunction(name), addSchemaHint)
		if ctx == tabularContext {
			return operand{typ: openSchema()}
		}
		return operand{typ: unknownValue{name}}
	}
	c.errorf(CodeUnknownFunction, id, name, "unknown function %q%s", name, c.suggestFunction(name))
	return operand{typ: Unknown}
}

// argCount describes how many arguments a function takes.
func argCount(min, max int) string {
	switch {
	case min == max && min == 1:
		return "1 argument"
	case min == max:
		return itoa(min) + " arguments"
	}
	return itoa(min) + " to " + itoa(max) + " arguments"
}

// bindArgs binds the arguments of a call in the current scope.
func (c *checker) bindArgs(list []kql.Expr) []operand {
	args := make([]operand, len(list))
	for i, a := range list {
		args[i] = c.tabularOrScalar(a, scalarContext)
	}
	return args
}

// toscalar(T) is the value of the first column of the first row of T.
func (c *checker) toscalar(x *kql.CallExpr) operand {
	if len(x.Args) == 0 {
		return operand{typ: Unknown}
	}
	row := c.row
	c.row = nil
	v := c.tabularOrScalar(x.Args[0], statementContext)
	c.row = row
	for _, a := range x.Args[1:] {
		c.expr(a)
	}
	switch t := v.typ.(type) {
	case *Schema:
		if len(t.Columns) > 0 {
			return operand{typ: t.Columns[0].Type}
		}
		return operand{typ: Unknown}
	case Kind:
		return operand{typ: t}
	}
	return operand{typ: Unknown}
}

// tableCall binds table("name"), a table named by a string.
func (c *checker) tableCall(id *kql.Ident, x *kql.CallExpr) (operand, bool) {
	if len(x.Args) == 0 {
		return operand{}, false
	}
	name, ok := kql.StringValue(x.Args[0])
	if !ok {
		return operand{}, false
	}
	c.bindArgs(x.Args)
	if s, ok := c.scope.lookup(name).(*Let); ok {
		if sch, ok := s.Type.(*Schema); ok {
			return operand{typ: sch, sym: s}, true
		}
	}
	if c.db != nil {
		if t := c.db.Table(name); t != nil {
			c.use(id, t)
			return operand{typ: c.tableSchema(t), sym: t}, true
		}
	}
	c.report(CodeUnknownTable, SeverityWarning, x.Args[0], name, "unknown table %q%s; %s", name, c.suggestTable(name), addSchemaHint)
	return operand{typ: openSchema()}, true
}

// tableSchema returns the row schema of a table, the same for every
// reference.
func (c *checker) tableSchema(t *Table) *Schema { return t.Schema() }

// builtin binds a call of a built-in function, aggregate or plugin.
func (c *checker) builtin(b *Builtin, id *kql.Ident, x *kql.CallExpr) operand {
	c.use(id, b)
	kind := c.kind
	if b.Kind == AggregateFunction || b.Kind == PlugIn {
		// The arguments of an aggregate are values of the row.
		kind = normalScope
	}
	kinds := argumentKinds(b, x.Args)
	saved, savedRow := c.kind, c.row
	args := make([]operand, len(x.Args))
	for i, a := range x.Args {
		c.kind, c.row = kind, savedRow
		if i < len(kinds) {
			switch kinds[i] {
			case ArgAggregate:
				c.kind = aggregateScope
			case ArgExpressionParameter0Element:
				// all(e, w > 1): the element's properties are in scope.
				if r, ok := args[0].typ.(rowType); ok && i > 0 {
					c.row = r.ref.Schema
				}
			case ArgColumnParameter0, ArgColumnParameter0Common:
				if t, ok := args[0].typ.(*Schema); ok && i > 0 {
					c.kind = normalScope
					if kinds[i] == ArgColumnParameter0 {
						c.row = t
					} else {
						c.row = &Schema{Columns: commonColumns([]*Schema{savedRow, t}), Open: savedRow.Open && t.Open}
					}
				}
			}
		}
		if _, star := a.(*kql.Star); star {
			args[i] = operand{}
			continue
		}
		args[i] = c.tabularOrScalar(a, scalarContext)
	}
	c.kind, c.row = saved, savedRow
	t, shape := c.checkBuiltin(b, x, args)
	v := operand{typ: t, sym: b, name: resultName(b, args, c.row)}
	if t == Dynamic {
		v.shape = callShape(b)
		if v.shape == ShapeAny {
			v.shape = shape
		}
	}
	if b.ConstantFoldable {
		v.isConst = true
		for _, a := range args {
			v.isConst = v.isConst && a.isConst
		}
	}
	if isConversion(b.Name) && len(args) == 1 && args[0].col != nil && args[0].col.Type == t {
		// tostring(s) of a string column s is s.
		v.col = args[0].col
		v.name = args[0].col.Name
	}
	return v
}

// checkBuiltin checks a call of a built-in against the catalog and
// returns its result type, and the shape its arguments give a dynamic
// result.
func (c *checker) checkBuiltin(b *Builtin, x *kql.CallExpr, args []operand) (Type, Shape) {
	site := &callSite{Call: x, Fun: b, Args: make([]argument, len(args)), Row: c.row, By: c.by}
	for i, v := range args {
		site.Args[i] = argumentOf(x.Args[i], v)
	}
	t, diags := checkCall(site)
	for _, d := range diags {
		if c.quiet == 0 {
			c.diags = append(c.diags, d)
		}
	}
	if t == nil {
		t = Unknown
	}
	return t, site.ResultShape
}

// isConversion reports whether a function converts its argument to a
// type, so that converting a column to its own type is the column.
func isConversion(name string) bool {
	switch name {
	case "tobool", "todatetime", "todecimal", "todouble", "todynamic", "toguid", "toint",
		"tolong", "toreal", "tostring", "totime", "totimespan":
		return true
	}
	return false
}

// resultName returns the name KQL gives the column of an unnamed call
// (Kusto's GetFunctionResultName): count() is count_, dcount(x) is
// dcount_x, take_any(x) is x; "" when the column gets a ColumnN name.
func resultName(b *Builtin, args []operand, row *Schema) string {
	if b.ResultName == ResultNameFirstArgumentValueIfColumn {
		if len(args) > 0 && args[0].isStr && row.Lookup(args[0].str) != nil {
			return args[0].str
		}
		return ""
	}
	var buf [4]string // most calls have few arguments: no allocation
	names := buf[:0]
	for _, a := range args {
		names = append(names, a.name)
	}
	return b.ColumnName(names)
}

// ---------------------------------------------------------------------------
// Functions bound by let

// maxExpansionDepth bounds how deeply calls of let functions are followed
// to find their result types, and maxExpansions how many bodies one Check
// binds again: beyond them a call's result is unknown, so no query can
// make the binder do more than a bounded amount of work.
const (
	maxExpansionDepth = 16
	maxExpansions     = 1000
)

// funcDecl binds the declaration of a function: its body, with each
// parameter of its declared type. The diagnostics of the body are
// reported here, once.
func (c *checker) funcDecl(l *Let, f *kql.FuncLit) {
	l.Func = f
	// The body sees the names declared before the function, as KQL's
	// static scoping has it.
	l.scope = &scope{outer: c.scope.outer, syms: c.scope.syms[:len(c.scope.syms):len(c.scope.syms)]}
	pop := c.push()
	if f.Params != nil {
		l.Params = c.params(f.Params)
		for _, p := range l.Params {
			c.declare(p)
		}
	}
	row, right, kind, suffix := c.row, c.right, c.kind, c.colSuffix
	c.row, c.right, c.kind, c.colSuffix = nil, nil, normalScope, 1
	var out Type
	c.stmts(f.Body, &out)
	c.row, c.right, c.kind, c.colSuffix = row, right, kind, suffix
	pop()
	if out == nil {
		out = Unknown
	}
	l.Type = out
}

// expansionKey identifies the expansion of a function for the types of
// its tabular arguments.
type expansionKey struct {
	l    *Let
	args [3]Type
}

// letCall checks a call of a function bound by let and returns its result
// type. A function with tabular parameters is bound again with the
// arguments' schemas, as KQL does, since its result depends on them.
func (c *checker) letCall(l *Let, args []operand, at kql.Node) Type {
	if len(args) < minLetParams(l) || len(args) > len(l.Params) {
		c.errorf(CodeArgumentCount, at, l.Name, "%s takes %s, not %d", l.Name, argCount(minLetParams(l), len(l.Params)), len(args))
	}
	tabular := 0
	var key expansionKey
	key.l = l
	for i, p := range l.Params {
		if p.Tabular != nil {
			if tabular < len(key.args) && i < len(args) {
				key.args[tabular] = args[i].typ
			}
			tabular++
		}
	}
	if tabular == 0 {
		return l.Type
	}
	if t, ok := c.expansions[key]; ok && tabular <= len(key.args) {
		return t
	}
	t := c.expand(l, args)
	if tabular <= len(key.args) {
		if c.expansions == nil {
			c.expansions = make(map[expansionKey]Type)
		}
		c.expansions[key] = t
	}
	return t
}

// expand binds the body of l again with the arguments' types, quietly,
// and returns its result type.
func (c *checker) expand(l *Let, args []operand) Type {
	if c.expanding[l] > 0 || c.depth >= maxExpansionDepth || c.expansionCount >= maxExpansions {
		if _, ok := l.Type.(*Schema); ok {
			return openSchema()
		}
		return Unknown
	}
	if c.expanding == nil {
		c.expanding = make(map[*Let]int)
	}
	saved := *c
	c.scope = &scope{outer: l.scope}
	for i, p := range l.Params {
		q := &Param{Name: p.Name, Type: p.Type, Tabular: p.Tabular, Optional: p.Optional, Decl: p.Decl}
		if p.Tabular != nil && i < len(args) {
			if s, ok := args[i].typ.(*Schema); ok {
				q.Tabular = s
			} else {
				q.Tabular = openSchema()
			}
		}
		c.declare(q)
	}
	c.row, c.right, c.kind, c.colSuffix, c.fuzzy, c.implicit = nil, nil, normalScope, 1, false, nil
	c.quiet++
	c.depth++
	c.expanding[l]++
	c.expansionCount++
	var out Type
	c.stmts(l.Func.Body, &out)
	c.expanding[l]--
	// Restore everything but what the expansion may add to (the caches
	// and the diagnostics, which it does not report).
	expansions, expanding, inferred, count := c.expansions, c.expanding, c.inferredCols, c.expansionCount
	*c = saved
	c.expansions, c.expanding, c.inferredCols, c.expansionCount = expansions, expanding, inferred, count
	if out == nil {
		out = Unknown
	}
	return out
}

// graphCall binds graph("name"), a persistent graph model. The database
// has no graph models: the graph's nodes and edges have any properties.
func (c *checker) graphCall(id *kql.Ident, x *kql.CallExpr) operand {
	c.bindArgs(x.Args)
	name := id.Name
	if len(x.Args) > 0 {
		if s, ok := kql.StringValue(x.Args[0]); ok {
			name = s
		}
	}
	c.report(CodeUnknownTable, SeverityWarning, x, name, "the graph model %q is not in the schema; its nodes and edges are not checked", name)
	return operand{typ: &graphType{edges: openSchema(), nodes: openSchema()}}
}
