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
//
// A braced name such as {TotalSeats} or {Range[1]} is a client parameter of a
// workbook or dashboard, which the client substitutes before the query runs:
// its Name is the text between the braces and Braced reports true (see
// NewBracedIdent). KQL accepts it wherever a name may stand, but it names
// nothing in the query itself.
//
// How the source spells a name, when that is not Name written plain, is
// kept out of line (Raw, Braced): most names are plain words, and an Ident
// is 32 bytes, the size of go/ast's.
type Ident struct {
	NamePos Pos
	Name    string // the name itself: ['my col'] has the Name "my col", {P} the Name "P"

	spell *spelling // nil for a plain name (see spelling)
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
// or (*) for a tabular parameter of any schema. The row schemas of datatable,
// externaldata, parse-kv and evaluate may start or end with a comma:
// (,a:string,); the schema of a tabular parameter or column may end with one
// after a column: T:(a:string,).
type SchemaExpr struct {
	Lparen        Pos
	LeadingComma  Pos    // a comma before the first column, or NoPos
	Columns       []Expr // *ColumnDecl or *Star
	TrailingComma Pos    // a comma after the last column, or NoPos
	Rparen        Pos
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
	LeadingComma  Pos // a comma before the first value, or NoPos
	Values        []Expr
	TrailingComma Pos // a comma after the last value, or NoPos
	Rbrack        Pos
}

// ExternalDataExpr is externaldata(a:string) [ "https://..." ] with (format="csv").
type ExternalDataExpr struct {
	ExternalData  Pos
	Keyword       string // "externaldata" or "external_data"
	Params        []*NamedExpr
	Schema        *SchemaExpr
	Lbrack        Pos
	URIs          []Expr
	TrailingComma Pos // a comma after the last URI, or NoPos
	Rbrack        Pos
	Props         *PropertyList // nil without a with clause
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
	Keyword string // "project", "project-away", "project-keep", "project-rename" or "project-reorder"
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
	Agg       Expr // may be a *SortExpr, and named (n = count())
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

// CountOp is count, or count as Name, which names the count column.
type CountOp struct {
	Count Pos
	As    Pos    // position of "as", or NoPos
	Name  *Ident // the name of the count column, or nil for the default (Count)
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

// RenderOp is render Chart with (Props), or the older forms
// render Chart kind=stacked title="t" by a, b with "t".
type RenderOp struct {
	Render Pos
	Chart  *Ident
	Params []Expr        // the older form: *NamedExpr for kind=x, title=x, accumulate=x; *RenderClause for by and with
	Props  *PropertyList // with (...), or nil
}

// RenderClause is a clause of the older form of render written without '=':
// by a, b (the series columns) or with "title".
type RenderClause struct {
	KeywordPos Pos
	Keyword    string // "by" or "with"
	Exprs      []Expr // the *Ident columns of by; the one string literal of with
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
	ProjectKw string // "project" or "project-smart"
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

// ---------------------------------------------------------------------------
// Graph operators

// MakeGraphOp is make-graph Source --> Target, which builds a graph from its
// input's rows, one edge per row, with the node tables and key columns of
// with T1 on Key1, T2 on Key2 (or with_node_id=Name, which names the node id
// column of nodes made from the edges alone), and an optional
// partitioned-by Column (Sub) that applies Sub to each partition's graph.
type MakeGraphOp struct {
	MakeGraph     Pos
	Params        []*NamedExpr // hint.strategy=...
	Source        *Ident       // the column of the source node id of each edge
	ArrowPos      Pos
	Arrow         string // "-->" (directed edges) or "--" (undirected)
	Target        *Ident // the column of the target node id
	With          Pos    // position of "with" before Tables, or NoPos
	Tables        []*MakeGraphTable
	WithNodeID    Pos        // position of "with_node_id", or NoPos
	Assign        Pos        // position of the '=' after with_node_id
	NodeIDName    *Ident     // the node id column declared by with_node_id=Name, or nil
	PartitionedBy Pos        // position of "partitioned-by", or NoPos
	Partition     *Ident     // the partition column, or nil
	Sub           *ParenExpr // the pipeline without source applied to each partition, or nil
}

// MakeGraphTable is one T on Key of the with clause of make-graph: the
// table of node properties and its node id column.
type MakeGraphTable struct {
	Table Expr // a table name, a call, or a parenthesized tabular expression
	On    Pos
	Key   *Ident
}

// GraphMatchOp is graph-match Patterns where Pred project Exprs, which
// finds the occurrences of patterns in a graph, or graph-shortest-paths with
// the same clauses, which finds the shortest paths that match them.
type GraphMatchOp struct {
	GraphMatch Pos
	Keyword    string       // "graph-match" or "graph-shortest-paths"
	Params     []*NamedExpr // cycles=..., output=...
	Patterns   []*GraphPattern
	Where      Pos  // NoPos without a where clause
	Pred       Expr // nil without a where clause
	Project    Pos  // NoPos without a project clause
	Exprs      []Expr
}

// GraphPattern is a sequence of graph nodes and edges: (a)-[e*1..3]->(b)<--(c).
type GraphPattern struct {
	Elems []GraphElem
}

// GraphElem is an element of a graph pattern: a *GraphNode or a *GraphEdge.
type GraphElem interface {
	Node
	graphElemNode()
}

// GraphNode is a node of a graph pattern: (name), or () for an anonymous
// node.
type GraphNode struct {
	Lparen Pos
	Name   *Ident // nil for an anonymous node
	Rparen Pos
}

// GraphEdge is an edge of a graph pattern. An edge written without brackets
// is one token: --> (left to right), <-- (right to left) or -- (either way).
// An edge in brackets may have a name and a variable length:
// -[e*1..3]-> and <-[e]- and -[e]-. Each bracket is a token of its own,
// written without spaces: -[ or <-[ opens, ]-> or ]- closes.
type GraphEdge struct {
	OpenPos  Pos
	Open     string // "-->", "<--" or "--" for an edge without brackets; "-[" or "<-[" to open brackets
	Name     *Ident // the edge's name, or nil; only in brackets
	Star     Pos    // position of the '*' of a variable length, or NoPos
	Min      Expr   // the minimum length of a variable-length edge
	DotDot   Pos
	Max      Expr // the maximum length
	ClosePos Pos
	Close    string // "]->" or "]-" to close brackets; "" without brackets
}

// GraphToTableOp is graph-to-table nodes [as N] [with_node_id=Id],
// edges [as E] [with_source_id=S] [with_target_id=T]: the nodes or edges
// of a graph as tables.
type GraphToTableOp struct {
	GraphToTable Pos
	Outputs      []*GraphToTableOutput
}

// GraphToTableOutput is one output of graph-to-table: nodes or edges, with
// an optional as Name and parameters.
type GraphToTableOutput struct {
	KindPos Pos
	Kind    string       // "nodes" or "edges"
	As      Pos          // NoPos without as
	Name    *Ident       // the name bound by as, or nil
	Params  []*NamedExpr // with_node_id=..., with_source_id=..., with_target_id=...
}

// GraphMarkComponentsOp is graph-mark-components [kind=...]
// [with_component_id=Name], which marks each node with the id of its
// connected component.
type GraphMarkComponentsOp struct {
	GraphMarkComponents Pos
	Params              []*NamedExpr
}

// GraphWhereOp is graph-where-nodes Pred or graph-where-edges Pred, which
// keeps the nodes or edges of a graph for which Pred holds.
type GraphWhereOp struct {
	GraphWhere Pos
	Keyword    string // "graph-where-nodes" or "graph-where-edges"
	Pred       Expr
}
