package kql

// This file declares the syntax tree. Every node records the positions of its
// tokens, so that a tree can be printed back byte for byte (see print.go).
// Separator tokens (commas, pipes) are not stored: the printer finds them in
// the query's token table next to the nodes they separate, which keeps lists
// plain slices that rewrites can edit freely.

// Node is implemented by every syntax tree node.
type Node interface {
	Pos() Pos // position of the first byte of the node
	End() Pos // position of the first byte after the node
}

// Expr is a scalar or tabular expression.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement of a query: let, set, declare, alias, or a query
// expression.
type Stmt interface {
	Node
	stmtNode()
}

// Operator is a tabular operator, the part of a pipeline after a '|'.
type Operator interface {
	Node
	operatorNode()
}

// ---------------------------------------------------------------------------
// Leaves

// Ident is a name: a column, table, function, parameter or keyword-like word
// in a position where it names something. Wildcarded names such as Col* are
// identifiers too.
type Ident struct {
	NamePos Pos
	Name    string // the name itself: ['my col'] has the Name "my col"
	Raw     string // the source spelling when it differs from Name (['my col']); may be empty

	parsedName string // Name as parsed, to tell whether Raw still spells Name
	rawLen     int    // length of the source text of the name
}

// LitKind is the kind of a BasicLit.
type LitKind int

// Literal kinds.
const (
	IllegalLit  LitKind = iota
	StringLit           // "a", 'a', @"a", h"a", ```a```
	LongLit             // 1, 0x1F, long(1)
	IntLit              // int(1)
	RealLit             // 1.5, 1e3, real(1.5), double(1)
	DecimalLit          // decimal(1.5)
	BoolLit             // true, false, bool(true)
	TimespanLit         // 1d, 10ms, timespan(1.02:00:00), time(1h)
	DateTimeLit         // datetime(2020-01-01), date(2020-01-01)
	GUIDLit             // guid(...)
	NullLit             // null (inside dynamic)
)

var litKindNames = [...]string{"illegal", "string", "long", "int", "real", "decimal", "bool", "timespan", "datetime", "guid", "null"}

func (k LitKind) String() string {
	if int(k) < len(litKindNames) {
		return litKindNames[k]
	}
	return "illegal"
}

// BasicLit is a literal written as one token: a number, a timespan, a string,
// a boolean, or a typed literal such as datetime(2020-01-01) or int(null).
type BasicLit struct {
	ValuePos Pos
	Kind     LitKind
	Value    string // the literal's source text, quotes included
}

// CompoundString is a string literal written as adjacent string tokens, which
// KQL concatenates: "a" 'b' @"c".
type CompoundString struct {
	Parts []*BasicLit
}

// Star is a '*' standing for all columns or for any table.
type Star struct {
	Star Pos
}

// ---------------------------------------------------------------------------
// Scalar expressions

// ParenExpr is a parenthesized scalar or tabular expression.
type ParenExpr struct {
	Lparen Pos
	X      Expr
	Rparen Pos
}

// UnaryExpr is -X or +X. (KQL has no unary not: not(X) is a CallExpr.)
type UnaryExpr struct {
	OpPos Pos
	Op    string // "-" or "+"
	X     Expr
}

// BinaryExpr is X Op Y for the logical, comparison, arithmetic and string
// operators: and, or, ==, !=, <>, <, <=, >, >=, +, -, *, /, %, =~, !~, has,
// !has, contains, startswith, matches regex, like, and the other string
// operators with their _cs and negated forms.
type BinaryExpr struct {
	X     Expr
	OpPos Pos
	Op    string // the operator as written, e.g. "==", "and", "!contains_cs", "matches regex"
	Y     Expr
}

// InExpr is X in (List), and likewise for in~, !in, !in~, has_any and has_all.
// A list element may be a tabular expression or a dynamic array.
type InExpr struct {
	X      Expr
	OpPos  Pos
	Op     string // "in", "in~", "!in", "!in~", "has_any", "has_all"
	Lparen Pos
	List   []Expr
	Rparen Pos
}

// BetweenExpr is X between (Low .. High) or X !between (Low .. High).
type BetweenExpr struct {
	X      Expr
	OpPos  Pos
	Op     string // "between" or "!between"
	Lparen Pos
	Low    Expr
	DotDot Pos
	High   Expr
	Rparen Pos
}

// CallExpr is a function call: f(x), T.f(), count(), arg_max(x, *),
// toscalar(T | count), materialize(T), table("x").
type CallExpr struct {
	Fun    Expr // *Ident, or *SelectorExpr for database("d").f()
	Lparen Pos
	Args   []Expr // an argument may be a *NamedExpr (plugins), a *Star or a tabular expression
	Rparen Pos
}

// SelectorExpr is X.Sel: a.b, $left.a, database("d").T, T.f().
type SelectorExpr struct {
	X   Expr
	Dot Pos
	Sel Expr // *Ident, or *CallExpr for T.f()
}

// IndexExpr is X[Index]: a['b'], a[0].
type IndexExpr struct {
	X      Expr
	Lbrack Pos
	Index  Expr
	Rbrack Pos
}

// NamedExpr is Name = Value: a column named by extend, project, summarize or
// print, a named operator parameter (kind=inner, hint.strategy=shuffle), or a
// named function argument.
type NamedExpr struct {
	Name   *Ident
	Assign Pos
	Value  Expr
}

// CompoundNamedExpr is (Name, Name, ...) = Value, which names the columns of a
// function returning several, as in extend (a, b) = f(x).
type CompoundNamedExpr struct {
	Lparen Pos
	Names  []*Ident
	Rparen Pos
	Assign Pos
	Value  Expr
}

// SortExpr is an expression with a sort order: x desc nulls last.
type SortExpr struct {
	X             Expr
	OrderPos      Pos    // position of Order
	Order         string // "asc", "desc", "granny-asc", "granny-desc" or ""
	NullsPos      Pos    // position of "nulls"
	Nulls         string // "first", "last" or ""
	NullsOrderPos Pos    // position of Nulls
}

// TypeOfExpr is typeof(T) or typeof(a:T, b:U).
type TypeOfExpr struct {
	TypeOf Pos
	Lparen Pos
	Types  []Expr // *Ident for a type name, *ColumnDecl for a named column, *Star
	Rparen Pos
}

// DynamicLit is dynamic(value) with a JSON-like value.
type DynamicLit struct {
	Dynamic Pos
	Lparen  Pos
	Value   Expr // *ArrayLit, *ObjectLit, *BasicLit (including null), *UnaryExpr for -1
	Rparen  Pos
}

// ArrayLit is a JSON-like array [a, b] inside dynamic(...).
type ArrayLit struct {
	Lbrack Pos
	Elems  []Expr
	Rbrack Pos
}

// ObjectLit is a JSON-like object {"a": 1} inside dynamic(...).
type ObjectLit struct {
	Lbrace Pos
	Fields []*KeyValue
	Rbrace Pos
}

// KeyValue is a field "key": value of an ObjectLit.
type KeyValue struct {
	Key   *BasicLit
	Colon Pos
	Value Expr
}

// ---------------------------------------------------------------------------
// Declarations

// ColumnDecl declares a name with an optional type and default value: a
// function parameter (a:string = "x"), a column of a datatable or
// externaldata schema (a:string), or a column extracted by parse (a:long).
type ColumnDecl struct {
	Name    *Ident
	Colon   Pos
	Type    Expr // *Ident for a scalar type, *SchemaExpr for a tabular parameter; nil if untyped
	Assign  Pos
	Default Expr // nil when there is no default value
}

// SchemaExpr is a parenthesized list of column declarations: (a:string, b:long)
// or (*) for a tabular parameter of any schema.
type SchemaExpr struct {
	Lparen  Pos
	Columns []Expr // *ColumnDecl or *Star
	Rparen  Pos
}

// FuncLit is the body of a user function bound by let:
// (a:string, b:long = 5) { T | where x == a }, or view () { ... }.
type FuncLit struct {
	View    bool // a view: view () { ... }
	ViewPos Pos  // position of "view"
	Params  *SchemaExpr
	Lbrace  Pos
	Body    []Stmt // let statements and a final query expression
	Rbrace  Pos
}

// ParenList is a parenthesized list of expressions: the tables of
// search in (T1, T2), or the arguments of a pattern rule.
type ParenList struct {
	Lparen Pos
	Elems  []Expr
	Rparen Pos
}

// PropertyList is a parenthesized list of name = value properties:
// with (title="x", kind=stacked).
type PropertyList struct {
	With   Pos // position of "with"
	Lparen Pos
	Props  []*NamedExpr
	Rparen Pos
}

// ---------------------------------------------------------------------------
// Tabular expressions

// Pipeline is a tabular expression: a source followed by operators, each after
// a '|'. Inside mv-apply, partition, facet and fork, a pipeline has no Source:
// its first operator applies to the input of the enclosing operator.
type Pipeline struct {
	Source Expr // nil for a pipeline that starts with an operator
	Ops    []Operator
}

// DatatableExpr is datatable(a:string, b:long) [ "x", 1, "y", 2 ].
type DatatableExpr struct {
	Datatable     Pos
	Params        []*NamedExpr
	Schema        *SchemaExpr
	Lbrack        Pos
	Values        []Expr
	TrailingComma Pos // a comma after the last value, or NoPos
	Rbrack        Pos
}

// ExternalDataExpr is externaldata(a:string) [ "https://..." ] with (format="csv").
type ExternalDataExpr struct {
	ExternalData Pos
	Keyword      string // "externaldata" or "external_data"
	Params       []*NamedExpr
	Schema       *SchemaExpr
	Lbrack       Pos
	URIs         []Expr
	Rbrack       Pos
	Props        *PropertyList // nil without a with clause
}

// ---------------------------------------------------------------------------
// Statements

// LetStmt binds a name: let x = 1; let T = Table | where ...; let f = (a:string) { ... };
type LetStmt struct {
	Let    Pos
	Name   *Ident
	Assign Pos
	Value  Expr // a scalar or tabular expression, or *FuncLit
	Semi   Pos  // position of the terminating ';', or NoPos
}

// ExprStmt is a query expression used as a statement.
type ExprStmt struct {
	X    Expr
	Semi Pos
}

// SetStmt sets a request property: set querytrace; set x = value;
type SetStmt struct {
	Set    Pos
	Name   *Ident
	Assign Pos  // NoPos without a value
	Value  Expr // nil without a value
	Semi   Pos
}

// DeclareParamsStmt is declare query_parameters(a:string, b:long = 5);
type DeclareParamsStmt struct {
	Declare Pos
	Params  *SchemaExpr // the parameter list after query_parameters
	Semi    Pos
}

// AliasStmt is alias database name = cluster("c").database("d");
type AliasStmt struct {
	Alias  Pos
	Name   *Ident
	Assign Pos
	Value  Expr
	Semi   Pos
}

// PatternStmt declares or defines a query pattern:
// declare pattern p; or declare pattern p = (a:string)[b:string] { ("x").["y"] = { T }; };
type PatternStmt struct {
	Declare Pos
	Name    *Ident
	Assign  Pos         // NoPos for a bare declaration
	Params  *SchemaExpr // nil for a bare declaration
	Path    *SchemaExpr // the optional [b:string] path parameter, with brackets
	Lbrace  Pos
	Rules   []*PatternRule
	Rbrace  Pos
	Semi    Pos
}

// PatternRule is one ("x").["y"] = { body }; of a pattern definition.
type PatternRule struct {
	Args   *ParenList // ("x")
	Dot    Pos        // NoPos without a path value
	Path   *IndexExpr // ["y"], with X nil
	Assign Pos
	Lbrace Pos
	Body   []Stmt
	Rbrace Pos
	Semi   Pos
}

// ---------------------------------------------------------------------------
// Operators

// WhereOp is where Pred (or filter Pred).
type WhereOp struct {
	Where   Pos
	Keyword string // "where" or "filter"
	Params  []*NamedExpr
	Pred    Expr
}

// ExtendOp is extend a = x, b.
type ExtendOp struct {
	Extend Pos
	Exprs  []Expr
}

// ProjectOp is project, project-away, project-keep, project-rename or
// project-reorder with its list of columns or column expressions.
type ProjectOp struct {
	Project Pos
	Keyword string // "project", "project-away", "project-keep", "project-rename", "project-reorder", "project-smart"
	Exprs   []Expr
}

// SummarizeOp is summarize Aggs by Groups.
type SummarizeOp struct {
	Summarize Pos
	Params    []*NamedExpr
	Aggs      []Expr
	By        Pos // NoPos without a by clause
	Groups    []Expr
}

// MakeSeriesOp is make-series Aggs on Axis from Start to Stop step Step by Groups
// (or on Axis in range(Start, Stop, Step)).
type MakeSeriesOp struct {
	MakeSeries Pos
	Params     []*NamedExpr
	Aggs       []*MakeSeriesAgg
	On         Pos
	Axis       Expr
	In         Pos  // position of "in" for the in range(...) form
	Range      Expr // the range(...) call of that form
	From       Pos
	Start      Expr
	To         Pos
	Stop       Expr
	Step       Pos
	StepSize   Expr
	By         Pos
	Groups     []Expr
}

// MakeSeriesAgg is one aggregate of make-series with an optional default=X.
type MakeSeriesAgg struct {
	X       Expr
	Default Pos // position of "default", or NoPos
	Assign  Pos
	Value   Expr
}

// MvExpandOp is mv-expand (or mvexpand) with an optional limit.
type MvExpandOp struct {
	MvExpand Pos
	Keyword  string // "mv-expand" or "mvexpand"
	Params   []*NamedExpr
	Exprs    []*MvExpandExpr
	Limit    Pos
	LimitX   Expr
}

// MvExpandExpr is one column of mv-expand or mv-apply: x to typeof(string).
type MvExpandExpr struct {
	X    Expr // may be a *NamedExpr
	To   Pos
	Type *TypeOfExpr
}

// MvApplyOp is mv-apply Exprs on (Sub).
type MvApplyOp struct {
	MvApply Pos
	Keyword string // "mv-apply" or "mvapply"
	Params  []*NamedExpr
	Exprs   []*MvExpandExpr
	Limit   Pos
	LimitX  Expr
	On      Pos
	Sub     Expr // *ParenExpr around a pipeline without source
}

// ParseOp is parse X with Pattern, or parse-where.
type ParseOp struct {
	Parse   Pos
	Keyword string // "parse" or "parse-where"
	Params  []*NamedExpr
	X       Expr
	With    Pos
	Pattern []Expr // string literals, *Star, and *ColumnDecl for extracted columns
}

// ParseKvOp is parse-kv X as (a:string, ...) with (pair_delimiter=',', ...).
type ParseKvOp struct {
	ParseKv Pos
	X       Expr
	As      Pos
	Schema  *SchemaExpr
	Props   *PropertyList // nil without a with clause
}

// JoinOp is join or lookup: join kind=inner (Right) on Conds.
type JoinOp struct {
	Join    Pos
	Keyword string // "join" or "lookup"
	Params  []*NamedExpr
	Right   Expr
	On      Pos // NoPos without an on clause
	Conds   []Expr
}

// UnionOp is union kind=outer withsource=T A, B, (C | where x).
type UnionOp struct {
	Union  Pos
	Params []*NamedExpr
	Tables []Expr
}

// TakeOp is take N or limit N.
type TakeOp struct {
	Take    Pos
	Keyword string // "take" or "limit"
	Params  []*NamedExpr
	Count   Expr
}

// TopOp is top N by Keys.
type TopOp struct {
	Top    Pos
	Params []*NamedExpr
	Count  Expr
	By     Pos
	Keys   []Expr // *SortExpr or plain expressions
}

// TopNestedOp is top-nested clauses separated by commas.
type TopNestedOp struct {
	Clauses []*TopNestedClause
}

// TopNestedClause is top-nested N of X with others = Y by Agg asc.
type TopNestedClause struct {
	TopNested Pos
	Count     Expr // nil without N
	Of        Pos
	X         Expr
	With      Pos // "with others =", or NoPos
	Others    Expr
	By        Pos
	Agg       Expr // may be a *SortExpr
}

// TopHittersOp is top-hitters N of X by Y.
type TopHittersOp struct {
	TopHitters Pos
	Count      Expr
	Of         Pos
	X          Expr
	By         Pos
	ByX        Expr
}

// SortOp is sort by Keys or order by Keys.
type SortOp struct {
	Sort    Pos
	Keyword string // "sort" or "order"
	Params  []*NamedExpr
	By      Pos
	Keys    []Expr // *SortExpr or plain expressions
}

// DistinctOp is distinct a, b (or distinct *).
type DistinctOp struct {
	Distinct Pos
	Params   []*NamedExpr
	Exprs    []Expr
}

// CountOp is count.
type CountOp struct {
	Count Pos
}

// AsOp is as Name.
type AsOp struct {
	As     Pos
	Params []*NamedExpr
	Name   *Ident
}

// SerializeOp is serialize [a = f(), ...].
type SerializeOp struct {
	Serialize Pos
	Params    []*NamedExpr
	Exprs     []Expr
}

// RenderOp is render Chart with (Props), or the older render Chart kind=x.
type RenderOp struct {
	Render Pos
	Chart  *Ident
	Params []*NamedExpr  // the older form: render timechart kind=stacked
	Props  *PropertyList // with (...), or nil
}

// EvaluateOp is evaluate plugin(args), with an optional output schema:
// evaluate bag_unpack(x) : (a:string, b:long).
type EvaluateOp struct {
	Evaluate Pos
	Params   []*NamedExpr
	Call     Expr
	Colon    Pos         // position of the ':' before Schema, or NoPos
	Schema   *SchemaExpr // the output schema, or nil
}

// InvokeOp is invoke f(args).
type InvokeOp struct {
	Invoke Pos
	Call   Expr
}

// GetSchemaOp is getschema.
type GetSchemaOp struct {
	GetSchema Pos
}

// ConsumeOp is consume.
type ConsumeOp struct {
	Consume Pos
	Params  []*NamedExpr
}

// SampleOp is sample N.
type SampleOp struct {
	Sample Pos
	Params []*NamedExpr
	Count  Expr
}

// SampleDistinctOp is sample-distinct N of X.
type SampleDistinctOp struct {
	SampleDistinct Pos
	Params         []*NamedExpr
	Count          Expr
	Of             Pos
	X              Expr
}

// FacetOp is facet by a, b [with (Sub)].
type FacetOp struct {
	Facet Pos
	By    Pos
	Exprs []Expr
	With  Pos
	Sub   Expr // *ParenExpr, or nil
}

// ForkOp is fork (Sub) (Sub) ..., each branch optionally named: name = (Sub).
type ForkOp struct {
	Fork     Pos
	Branches []Expr // *ParenExpr or *NamedExpr with a *ParenExpr value
}

// PartitionOp is partition by X (Sub) or partition by X { Sub }.
type PartitionOp struct {
	Partition Pos
	Params    []*NamedExpr
	By        Pos
	X         Expr
	Sub       Expr // *ParenExpr, or *BraceExpr for the { } form
}

// BraceExpr is an expression in braces, as in partition by X { T | top 3 by y }.
type BraceExpr struct {
	Lbrace Pos
	X      Expr
	Rbrace Pos
}

// ReduceOp is reduce by X [with threshold=0.1, characters="..."].
type ReduceOp struct {
	Reduce Pos
	Params []*NamedExpr
	By     Pos
	X      Expr
	With   Pos
	Props  []*NamedExpr
}

// ScanOp is scan [with_match_id=id] [declare (cols)] with (steps).
type ScanOp struct {
	Scan    Pos
	Params  []*NamedExpr
	Declare Pos
	Decls   *SchemaExpr
	With    Pos
	Lparen  Pos
	Steps   []*ScanStep
	Rparen  Pos
}

// ScanStep is step name [output=all|last|none]: Cond [=> a = x, ...];
type ScanStep struct {
	Step    Pos
	Name    *Ident
	Params  []*NamedExpr // output=...
	Colon   Pos
	Cond    Expr
	Arrow   Pos
	Assigns []*NamedExpr
	Semi    Pos
}

// SearchOp is search [kind=case_sensitive] [in (T1, T2)] Pred.
type SearchOp struct {
	Search Pos
	Params []*NamedExpr
	In     Pos
	Tables *ParenList // the tables of in (T1, T2), or nil
	Pred   Expr
}

// FindOp is find [withsource=T] [in (T1, T2)] where Pred [project a, b].
type FindOp struct {
	Find      Pos
	Params    []*NamedExpr
	In        Pos
	Tables    *ParenList
	Where     Pos // NoPos when the predicate follows find directly
	Pred      Expr
	Project   Pos
	ProjectKw string // "project", "project-smart" or "project-away"
	Columns   []Expr
}

// PrintOp is print a = 1, b.
type PrintOp struct {
	Print Pos
	Exprs []Expr
}

// RangeOp is range x from 1 to 10 step 1.
type RangeOp struct {
	Range    Pos
	Name     *Ident
	From     Pos
	Start    Expr
	To       Pos
	Stop     Expr
	Step     Pos
	StepSize Expr
}
