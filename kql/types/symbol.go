package types

import (
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// Symbol is what a name of a query refers to. It is one of
//
//   - *Table: a table of the Database;
//   - *Column: a column of the row in scope, of a table or made by an
//     operator (its Origin);
//   - *Let: a name bound by let (a scalar, a tabular value or a
//     function) or by the as operator;
//   - *Param: a parameter of a function bound by let, or a query
//     parameter (declare query_parameters);
//   - *Function: a workspace function of the Database;
//   - *Builtin: a built-in function, aggregate or plugin;
//   - *RowRef: $left or $right in a join condition, or a scan step.
//
// Info.Uses and Info.Defs map identifiers to symbols.
type Symbol interface {
	// String describes the symbol, as in "column SigninLogs.UserId: string".
	String() string
	isSymbol()
}

func (*Table) isSymbol()    {}
func (*Column) isSymbol()   {}
func (*Let) isSymbol()      {}
func (*Param) isSymbol()    {}
func (*Function) isSymbol() {}
func (*Builtin) isSymbol()  {}
func (*RowRef) isSymbol()   {}

// Let is a name bound by a let statement, or by the as operator.
type Let struct {
	Name string
	// Decl is the *kql.LetStmt or *kql.AsOp that binds the name, or the
	// *kql.Command of a function command (.create function).
	Decl kql.Node
	// Type is the type of the bound value: a Kind for a scalar, a *Schema
	// for a tabular value. For a function it is the type of its body
	// with each parameter of its declared type; a call may have another
	// (a tabular parameter takes the schema of its argument).
	Type Type
	// Func is the function's declaration when the name is bound to a
	// function, as in let f = (T:(*), n:long) { T | take n }; Params are
	// its parameters.
	Func   *kql.FuncLit
	Params []*Param

	scope *scope // the names the function's body sees

	// isConst says the bound value is a constant, of value value (when
	// known), as in let n = 5.
	isConst bool
	value   any
}

// String describes the binding: "let x: long", "let T: (a:string)",
// "let f(T: (*), n: long)".
func (l *Let) String() string {
	var b strings.Builder
	b.WriteString("let ")
	b.WriteString(kql.QuoteIdent(l.Name))
	if l.Func != nil {
		b.WriteByte('(')
		for i, p := range l.Params {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strings.TrimPrefix(p.String(), "parameter "))
		}
		b.WriteByte(')')
		return b.String()
	}
	if l.Type != nil {
		b.WriteString(": ")
		b.WriteString(l.Type.String())
	}
	return b.String()
}

// RowRef is a name that stands for a row of a known schema, whose
// columns are reached with a dot: $left and $right in the condition of
// a join or lookup, and the name of a step of scan.
type RowRef struct {
	Name   string
	Schema *Schema
}

// String describes the reference: "$left: (a:string, b:long)".
func (r *RowRef) String() string { return r.Name + ": " + r.Schema.String() }

// String describes the built-in: "aggregate count", "function tolower",
// "plugin bag_unpack".
func (b *Builtin) String() string { return b.Kind.String() + " " + b.Name }
