package types

import (
	"strings"
	"sync/atomic"

	"github.com/kqlt/kqlt/kql"
)

// Type is the type of an expression: a Kind for a scalar expression, a
// *Schema for a tabular one, and a *Tuple for the few calls that yield
// several named values at once (arg_max(t, a, b) in summarize).
type Type interface {
	String() string
	isType()
}

func (Kind) isType()    {}
func (*Schema) isType() {}

// Kind is a scalar type of KQL.
type Kind uint8

// The scalar types. Unknown is the type of an expression the binder cannot
// type (an open schema's column, a plugin's output): it is compatible with
// every type, so it never causes a diagnostic.
const (
	Unknown Kind = iota
	Bool
	Int
	Long
	Real
	Decimal
	String
	DateTime
	Timespan
	GUID
	Dynamic
)

var kindNames = [...]string{
	Unknown: "unknown", Bool: "bool", Int: "int", Long: "long", Real: "real", Decimal: "decimal",
	String: "string", DateTime: "datetime", Timespan: "timespan", GUID: "guid", Dynamic: "dynamic",
}

// String returns the KQL name of the type: "string", "long", "datetime"...
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// ParseKind returns the scalar type a KQL type name denotes, accepting
// KQL's aliases (double, date, time, boolean, uniqueid, int64, int32).
// Names are not case-sensitive here because schema files spell them in
// either case.
func ParseKind(name string) (Kind, bool) {
	switch strings.ToLower(name) {
	case "bool", "boolean":
		return Bool, true
	case "int", "int32":
		return Int, true
	case "long", "int64":
		return Long, true
	case "real", "double":
		return Real, true
	case "decimal":
		return Decimal, true
	case "string":
		return String, true
	case "datetime", "date":
		return DateTime, true
	case "timespan", "time":
		return Timespan, true
	case "guid", "uniqueid":
		return GUID, true
	case "dynamic":
		return Dynamic, true
	}
	return Unknown, false
}

// Column is a column of a row schema. The same *Column flows through the
// operators that keep it (where, take, sort, project a), so two schemas
// that hold the same pointer hold the same column; an operator that makes
// a column (extend, summarize, project a = x, a join's renamed a1) makes a
// new one.
type Column struct {
	Name string
	Type Kind
	// Table is the table the column belongs to, or nil for a column an
	// operator or expression made.
	Table *Table
	// Origin is the node that made a column no table has: the operator
	// (extend, summarize, parse...) or the tabular expression (datatable,
	// range, print...) whose output introduced it. It is nil for a
	// table's column.
	Origin kql.Node

	// shape is what the binder knows of the shape of a Dynamic column's
	// values (an array of strings, a property bag...), from the call that
	// made it; the catalog checks calls with it as the official analysis
	// does.
	shape Shape
}

// String describes the column: "column SigninLogs.UserId: string", or
// "column n: long" for a column an operator made.
func (c *Column) String() string {
	var b strings.Builder
	b.WriteString("column ")
	if c.Table != nil {
		b.WriteString(kql.QuoteIdent(c.Table.Name))
		b.WriteByte('.')
	}
	b.WriteString(kql.QuoteIdent(c.Name))
	b.WriteString(": ")
	b.WriteString(c.Type.String())
	return b.String()
}

// Schema is the row schema of a tabular expression: its columns, in order.
// An open schema may have more columns than it lists (AzureDiagnostics in
// a workspace, the output of bag_unpack or of an unknown plugin): a name
// that is not among its columns is not an error.
type Schema struct {
	Columns []*Column
	Open    bool

	// unknownSource is set for rows that come from a table or function
	// the database does not have, named where KQL cannot treat it as a
	// table (let x = Unknown; invoke unknown()). KQL then knows no
	// columns: the schema is closed, but the names it lacks are reported
	// as warnings that point at the unknown source.
	unknownSource string

	// parent, when set, is a schema whose columns are the first
	// len(parent.Columns) columns of this one, unchanged (extend appends
	// to its input): Lookup searches the appended columns and then the
	// parent, so that a chain of operators does not index the same
	// columns again and again.
	parent *Schema
	depth  int // the length of the parent chain

	// index maps column names to positions in Columns (in the columns
	// after the parent's, when there is a parent), built on the first
	// Lookup of a wide schema. Schemas are not modified after the binder
	// makes them, so the index stays valid.
	index atomic.Pointer[map[string]int]
}

// String returns the schema as KQL writes one: (a:string, b:long), with
// a trailing "*" when it is open.
func (s *Schema) String() string {
	var b strings.Builder
	b.WriteByte('(')
	for i, c := range s.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		if c.Name != "" {
			b.WriteString(kql.QuoteIdent(c.Name))
		}
		b.WriteByte(':')
		b.WriteString(c.Type.String())
	}
	if s.Open {
		if len(s.Columns) > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('*')
	}
	b.WriteByte(')')
	return b.String()
}

// Lookup returns the column named name, or nil. Column names are
// case-sensitive, as in KQL.
func (s *Schema) Lookup(name string) *Column {
	if i := s.indexOf(name); i >= 0 {
		return s.Columns[i]
	}
	return nil
}

// indexOf returns the position of the first column named name, or -1.
func (s *Schema) indexOf(name string) int {
	if s == nil {
		return -1
	}
	from := 0
	if s.parent != nil {
		if j := s.parent.indexOf(name); j >= 0 {
			return j
		}
		from = len(s.parent.Columns)
	}
	own := s.Columns[from:]
	if len(own) <= 16 {
		for i, c := range own {
			if c.Name == name {
				return from + i
			}
		}
		return -1
	}
	idx := s.index.Load()
	if idx == nil {
		m := make(map[string]int, len(own))
		for i := len(own) - 1; i >= 0; i-- {
			m[own[i].Name] = i // the first of duplicate names wins
		}
		idx = &m
		s.index.Store(idx)
	}
	if i, ok := (*idx)[name]; ok {
		return from + i
	}
	return -1
}

// extending returns a schema of the columns cols, the first of which are
// base's, unchanged: it shares base's index.
func extending(base *Schema, cols []*Column, open bool) *Schema {
	s := &Schema{Columns: cols, Open: open}
	if base != nil && base.depth < 32 && len(base.Columns) <= len(cols) {
		s.parent, s.depth = base, base.depth+1
	}
	return s
}

// HasColumn reports whether rows of the schema may have a column named
// name: it is one of Columns, or the schema is open. The rule layer asks
// it of a query's result schema for the columns that entity mappings,
// custom details and alert details name.
func (s *Schema) HasColumn(name string) bool {
	return s != nil && (s.Open || s.Lookup(name) != nil)
}

// Table is a table of a Database. A Database must not change a table
// once it has handed it out.
type Table struct {
	Name    string
	Columns []*Column // their Table is this table
	// Open says the table may have columns beyond Columns, so reading an
	// unlisted one is not an error.
	Open bool

	schema atomic.Pointer[Schema] // made on the first call of Schema
}

// Schema returns the row schema of the table: the same *Schema each
// time, so that its index of column names is built once.
func (t *Table) Schema() *Schema {
	if s := t.schema.Load(); s != nil {
		return s
	}
	s := &Schema{Columns: t.Columns, Open: t.Open}
	if !t.schema.CompareAndSwap(nil, s) {
		s = t.schema.Load()
	}
	return s
}

// String describes the table: "table SigninLogs".
func (t *Table) String() string { return "table " + kql.QuoteIdent(t.Name) }

// Function is a workspace function: a stored function of the workspace,
// such as Sentinel's _GetWatchlist(alias) or an ASIM parser, that queries
// call like a table or a function.
type Function struct {
	Name   string
	Params []*Param
	// Result is the row schema the function returns; nil when it returns
	// a scalar of type ScalarResult.
	Result       *Schema
	ScalarResult Kind
}

// Param is a parameter of a Function, of a function bound by let, or of
// the query (declare query_parameters).
type Param struct {
	Name     string
	Type     Kind    // the scalar type, for a scalar parameter
	Tabular  *Schema // the expected schema, for a tabular parameter ((*) is an open empty schema)
	Optional bool    // has a default value
	// Decl is the declaration of a parameter of the query: a function
	// parameter or a query parameter; nil for a workspace function's.
	Decl *kql.ColumnDecl
}

// String describes the parameter: "parameter x: string", or
// "parameter T: (*)" for a tabular one.
func (p *Param) String() string {
	if p.Tabular != nil {
		return "parameter " + kql.QuoteIdent(p.Name) + ": " + p.Tabular.String()
	}
	return "parameter " + kql.QuoteIdent(p.Name) + ": " + p.Type.String()
}

// Database resolves the names of tables and workspace functions. Names
// are case-sensitive, as in KQL. Implementations must be safe for
// concurrent use.
type Database interface {
	// Table returns the table named name, or nil.
	Table(name string) *Table
	// Function returns the workspace function named name, or nil.
	Function(name string) *Function
	// TableNames returns the names of all tables, sorted, for "did you
	// mean" suggestions.
	TableNames() []string
}

// String describes the function: "workspace function _GetWatchlist(alias: string)".
func (f *Function) String() string {
	var b strings.Builder
	b.WriteString("workspace function ")
	b.WriteString(kql.QuoteIdent(f.Name))
	b.WriteByte('(')
	for i, p := range f.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(kql.QuoteIdent(p.Name))
		b.WriteString(": ")
		if p.Tabular != nil {
			b.WriteString(p.Tabular.String())
		} else {
			b.WriteString(p.Type.String())
		}
	}
	b.WriteByte(')')
	return b.String()
}
