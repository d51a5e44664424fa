package transform

import (
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// forEachRef calls fn for every identifier in root that refers to
// something — a column, a let binding, a table or a function — as opposed
// to one that declares a name (let x, extend x = ..., as x) or names a
// member, a type, an operator parameter or a chart.
func forEachRef(root kql.Node, fn func(id *kql.Ident)) {
	// fields[i] is the field of the i-th node on the path from the root
	// that holds it; the top of the stack describes the current parent.
	var fields []string
	kql.Apply(root, func(c *kql.Cursor) bool {
		if id, ok := c.Node().(*kql.Ident); ok {
			grand := ""
			if len(fields) > 0 {
				grand = fields[len(fields)-1]
			}
			if isRef(c.Parent(), c.Name(), grand) {
				fn(id)
			}
			return false
		}
		fields = append(fields, c.Name())
		return true
	}, func(c *kql.Cursor) bool {
		fields = fields[:len(fields)-1]
		return true
	})
}

// isRef reports whether an identifier in field name of parent is a
// reference; grand is the field that holds parent.
func isRef(parent kql.Node, name, grand string) bool {
	switch parent.(type) {
	case *kql.LetStmt, *kql.CompoundNamedExpr, *kql.ColumnDecl, *kql.TypeOfExpr,
		*kql.RenderOp, *kql.AsOp, *kql.RangeOp, *kql.ScanStep, *kql.PatternStmt, *kql.SetStmt, *kql.AliasStmt:
		return name != "Name" && name != "Names" && name != "Type" && name != "Types" && name != "Chart"
	case *kql.NamedExpr:
		if grand == "Params" || grand == "Props" {
			return false // kind=inner, with (title="x")
		}
		return name != "Name"
	case *kql.SelectorExpr:
		return name != "Sel"
	}
	return true
}

// letInfo is a top-level let binding and how often it is referenced.
type letInfo struct {
	stmt  *kql.LetStmt
	refs  int
	depth int // how many lets deep leaves followed this one
}

// columnOf returns the column that x reads: a plain reference, or
// column_ifexists("name", default).
func columnOf(x kql.Expr) (string, bool) {
	switch x := x.(type) {
	case *kql.Ident:
		return x.Name, true
	case *kql.ParenExpr:
		return columnOf(x.X)
	case *kql.CallExpr:
		if name, ok := callName(x); ok && (name == "column_ifexists" || name == "columnifexists") && len(x.Args) == 2 {
			if s, ok := kql.StringValue(x.Args[0]); ok {
				return s, true
			}
		}
	}
	return "", false
}

// comparedColumn returns the column a comparison compares: a column (see
// columnOf), or one under tolower, toupper or tostring, which change its
// case or type but not which rows it selects by a string value
// (tolower(_ResourceId) has "/providers/microsoft.keyvault/vaults/").
func comparedColumn(x kql.Expr) (string, bool) {
	if c, ok := x.(*kql.CallExpr); ok && len(c.Args) == 1 {
		if name, ok := callName(c); ok && (name == "tolower" || name == "toupper" || name == "tostring") {
			return comparedColumn(c.Args[0])
		}
	}
	if p, ok := x.(*kql.ParenExpr); ok {
		return comparedColumn(p.X)
	}
	return columnOf(x)
}

func callName(c *kql.CallExpr) (string, bool) {
	if id, ok := c.Fun.(*kql.Ident); ok {
		return id.Name, true
	}
	return "", false
}

// Comparison operators, by how they relate a column to a value.
var (
	positiveOps = set("==", "=~", "has", "has_cs", "contains", "contains_cs", "containscs",
		"startswith", "startswith_cs", "endswith", "endswith_cs", "hasprefix", "hasprefix_cs",
		"hassuffix", "hassuffix_cs", "like", "likecs", "matches regex", "in", "in~", "has_any", "has_all")
	negativeOps = set("!=", "<>", "!~", "!has", "!has_cs", "!contains", "!contains_cs", "notcontains",
		"notcontainscs", "!startswith", "!startswith_cs", "!endswith", "!endswith_cs", "!hasprefix",
		"!hasprefix_cs", "!hassuffix", "!hassuffix_cs", "notlike", "notlikecs", "!in", "!in~")
	// equalityOps compare whole values.
	equalityOps = set("==", "=~", "!=", "<>", "!~", "in", "in~", "!in", "!in~")
	// termOps match whole terms; operation names are single terms, so for
	// them a term match is a whole-value match.
	termOps   = set("has", "has_cs", "!has", "!has_cs", "has_any")
	prefixOps = set("startswith", "startswith_cs", "hasprefix", "hasprefix_cs",
		"!startswith", "!startswith_cs", "!hasprefix", "!hasprefix_cs")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// site is a comparison of a column with values.
type site struct {
	expr   kql.Expr // the *kql.BinaryExpr or *kql.InExpr
	column string
	op     string
	values []kql.Expr // the value operands: one for a binary comparison, the list for in
}

// siteOf returns the comparison x makes, if it compares a column with
// values.
func siteOf(x kql.Node) (site, bool) {
	switch x := x.(type) {
	case *kql.BinaryExpr:
		if !positiveOps[x.Op] && !negativeOps[x.Op] {
			return site{}, false
		}
		if col, ok := comparedColumn(x.X); ok && isValue(x.Y) {
			return site{expr: x, column: col, op: x.Op, values: []kql.Expr{x.Y}}, true
		}
		if col, ok := comparedColumn(x.Y); ok && isValue(x.X) && (x.Op == "==" || x.Op == "=~" || x.Op == "!=" || x.Op == "!~" || x.Op == "<>") {
			return site{expr: x, column: col, op: x.Op, values: []kql.Expr{x.X}}, true
		}
	case *kql.InExpr:
		if col, ok := comparedColumn(x.X); ok {
			return site{expr: x, column: col, op: x.Op, values: x.List}, true
		}
	}
	return site{}, false
}

// isValue reports whether x can hold the compared values: a literal, a
// name (possibly a let binding), or a dynamic array.
func isValue(x kql.Expr) bool {
	switch x := x.(type) {
	case *kql.BasicLit:
		return x.Kind == kql.StringLit
	case *kql.CompoundString, *kql.Ident, *kql.DynamicLit:
		return true
	case *kql.ParenExpr:
		return isValue(x.X)
	}
	return false
}

// strLeaf is a string literal reachable from a compared value, with the
// list that holds it, if any, so that it can be removed.
type strLeaf struct {
	lit   kql.Expr // *kql.BasicLit or *kql.CompoundString
	value string
	list  *[]kql.Expr // the in-list or dynamic array holding lit, or nil
	let   *letInfo    // the let binding it was reached through, or nil
}

// leaves returns the string literals of a compared value, following let
// bindings and dynamic arrays. complete is false when the value has parts
// that are not string literals (a column, a subquery), whose values are
// unknown.
func leaves(x kql.Expr, lets map[string]*letInfo, list *[]kql.Expr, via *letInfo) (out []strLeaf, complete bool) {
	complete = true
	switch x := x.(type) {
	case *kql.BasicLit, *kql.CompoundString:
		if s, ok := kql.StringValue(x); ok {
			return []strLeaf{{lit: x, value: s, list: list, let: via}}, true
		}
		return nil, false
	case *kql.ParenExpr:
		return leaves(x.X, lets, nil, via)
	case *kql.Ident:
		l := lets[x.Name]
		if l == nil || l.stmt.Value == nil || via != nil && via.depth > len(lets) {
			return nil, false // unknown, or a cycle of lets (let a = a)
		}
		if via != nil {
			l.depth = via.depth + 1
		} else {
			l.depth = 1
		}
		return leaves(l.stmt.Value, lets, nil, l)
	case *kql.DynamicLit:
		arr, ok := x.Value.(*kql.ArrayLit)
		if !ok {
			return leaves(x.Value, lets, nil, via)
		}
		for _, e := range arr.Elems {
			sub, ok := leaves(e, lets, &arr.Elems, via)
			out = append(out, sub...)
			complete = complete && ok
		}
		return out, complete
	}
	return nil, false
}

// siteLeaves returns the string literals compared by s.
func siteLeaves(s site, lets map[string]*letInfo) ([]strLeaf, bool) {
	var out []strLeaf
	complete := true
	var list *[]kql.Expr
	if in, ok := s.expr.(*kql.InExpr); ok {
		list = &in.List
	}
	for _, v := range s.values {
		sub, ok := leaves(v, lets, list, nil)
		out = append(out, sub...)
		complete = complete && ok
	}
	return out, complete
}

// lowerEq compares two names case-insensitively.
func lowerEq(a, b string) bool { return strings.EqualFold(a, b) }
