package types

import (
	"fmt"

	"github.com/kqlt/kqlt/kql"
)

// Severity grades a Diagnostic.
type Severity uint8

// Severities. An error is what Sentinel (the official analysis) would
// reject; a warning is what it may reject depending on the workspace (an
// unknown table may be a custom table); a note is a hint beyond the
// official analysis and never fails anything.
const (
	SeverityError Severity = iota + 1
	SeverityWarning
	SeverityNote
)

func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	case SeverityNote:
		return "note"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// Diagnostic codes. They are stable: tools filter on them. The range
// SR200–SR299 belongs to the binder.
const (
	CodeUnknownName      = "SR200" // a name that is no column, variable or parameter in scope
	CodeUnknownFunction  = "SR201" // a call of a function that is neither built in nor declared
	CodeArgumentCount    = "SR202" // a call with too few or too many arguments
	CodeArgumentType     = "SR203" // an argument of a type the function cannot take
	CodeUnknownTable     = "SR204" // a table the database does not have (a warning: custom tables are common)
	CodeUnknownWorkspace = "SR205" // a call of a function that may be a workspace function the database lacks (a warning)
	CodeTypeMismatch     = "SR206" // an operand of a type the operator or clause cannot take (where on a string...)
	CodeDuplicateColumn  = "SR207" // two columns of the same name declared in one projection
	CodeColumnExpected   = "SR208" // an expression where only a column name may stand (project-rename, project-away...)
	CodeJoinCondition    = "SR209" // a join or lookup key that is not a column of both sides
	CodeAggregateContext = "SR210" // a column outside an aggregate in summarize, or an aggregate outside summarize
	CodeScalarExpected   = "SR211" // a table where a scalar value is expected, or the reverse
	CodeDirective        = "SR212" // a client directive (#name) that is unknown or connects elsewhere
	CodeCommand          = "SR213" // a control command (.create table ...), which the binder does not check (a warning)
)

// CodeInfo describes a diagnostic code, for lists of checks such as kqlt
// validate --list-checks.
type CodeInfo struct {
	Code     string
	Name     string   // short kebab-case name, such as "unknown-name"
	Severity Severity // the usual severity of its diagnostics
	Summary  string
}

var codeInfos = []CodeInfo{
	{CodeUnknownName, "unknown-name", SeverityError, "every name in the query is a column of the row in scope, a let binding, a parameter or a table (a warning when the rows come from an unknown table or function)"},
	{CodeUnknownFunction, "unknown-function", SeverityError, "every function called is built in or declared by let (plugins after evaluate)"},
	{CodeArgumentCount, "argument-count", SeverityError, "calls have as many arguments as the function takes"},
	{CodeArgumentType, "argument-type", SeverityError, "call arguments are of types the function takes"},
	{CodeUnknownTable, "unknown-table", SeverityWarning, "every table the query reads is in the schema (add custom tables with --schema)"},
	{CodeUnknownWorkspace, "unknown-workspace-function", SeverityWarning, "every function used as a table is in the schema (add workspace functions with --schema)"},
	{CodeTypeMismatch, "type-mismatch", SeverityError, "operators and clauses get operands of the types they take (a bool predicate, no dynamic group key...)"},
	{CodeDuplicateColumn, "duplicate-column", SeverityError, "a projection does not declare a column name twice"},
	{CodeColumnExpected, "column-expected", SeverityError, "project-rename, project-away and the like name columns"},
	{CodeJoinCondition, "join-key", SeverityError, "join and lookup keys are columns of both sides"},
	{CodeAggregateContext, "aggregate-context", SeverityError, "aggregates are used in summarize and its kin only, and columns there only inside aggregates"},
	{CodeScalarExpected, "scalar-or-table", SeverityError, "tables and scalar values are used where each is expected"},
	{CodeDirective, "directive", SeverityError, "client directives (#qp, #crp...) before the query are ones Kusto knows, and none connects to another cluster or database"},
	{CodeCommand, "control-command", SeverityWarning, "the text is a query, not a control command (.create table, .show ...), which the binder does not check beyond the queries and function bodies in it"},
}

// Codes returns the binder's diagnostic codes, in code order.
func Codes() []CodeInfo { return append([]CodeInfo(nil), codeInfos...) }

// Diagnostic is a finding of the binder about a query.
type Diagnostic struct {
	Code     string // one of the Code constants
	Severity Severity
	Pos, End kql.Pos // the byte span in the query
	Name     string  // the name the diagnostic is about, if any
	Message  string  // quotes Name
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%d: %s: %s: %s", d.Pos.Offset(), d.Code, d.Severity, d.Message)
}
