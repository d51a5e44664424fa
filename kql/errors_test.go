package kql

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// errorCases are malformed queries with the error Parse must report. Each
// is also invalid for the official parser (TestErrorsOracle).
var errorCases = []struct {
	src  string
	want string // Error(): line:column: message
}{
	// Missing pieces.
	{"T | where", "1:10: expected an expression, found end of query"},
	{"T |", "1:4: expected a tabular operator, found end of query"},
	{"T | take", "1:9: expected an expression, found end of query"},
	{"T | project a,", "1:15: expected an expression, found end of query"},
	{"T | extend x = 1 |", "1:19: expected a tabular operator, found end of query"},
	{"T | where a ==", "1:15: expected an expression, found end of query"},
	{"T | join (U) on", "1:16: expected an expression, found end of query"},
	{"T | sort a", "1:10: expected 'by', found 'a'"},
	{"T | top 10", "1:11: expected 'by', found end of query"},
	{"T | render", "1:11: expected a chart type, found end of query"},
	{"T | mv-expand a to string", "1:20: expected typeof(...), found 'string'"},
	{"print a.", "1:9: expected a name after '.', found end of query"},
	{"print f(1,", "1:11: expected an expression, found end of query"},
	{"union", "1:6: expected a table, found end of query"},

	// Unbalanced brackets.
	{"T | where a in (1, 2", "1:21: expected ')', found end of query"},
	{"T | where (a", "1:13: expected ')', found end of query"},
	{"print a[1", "1:10: expected ']', found end of query"},
	{"print )", "1:7: expected an expression, found ')'"},
	{"datatable(a:string) ['x'", "1:25: expected ']', found end of query"},
	{"print dynamic([1, 2)", "1:14: missing ')' to close this '('"},

	// Wrong tokens.
	{"T | where a = = 1", "1:15: expected an expression, found '='"},
	{"T\n| where x\n| extend = 1", "3:10: expected an expression, found '='"},
	{"T | frobnicate x", "1:5: expected a tabular operator, found 'frobnicate'"},
	{"let x = ;", "1:9: expected an expression, found ';'"},
	{"let x = 1 T", "1:11: expected ';' or the end of the query, found 'T'"},
	{"T | where a between (1, 2)", "1:23: expected '..', found ','"},
	{"T | where a has_any 'x'", "1:13: expected ';' or the end of the query, found 'has_any'"},
	{"T | where a !in ()", "1:18: expected an expression, found ')'"},
	{"print a == b == c", "1:14: expected ';' or the end of the query, found '=='"},
	{"print a has b has c", "1:15: expected ';' or the end of the query, found 'has'"},
	{"print - -1", "1:9: expected an expression, found '-'"},
	{"print {", "1:7: expected an expression, found '{'"},
	{"T | summarize count() by int", "1:26: the type name 'int' cannot be used as a name here; write ['int'] for a column of that name"},
	{"print int (1)", "1:7: the type name 'int' cannot be used as a name here; write ['int'] for a column of that name"},
	{`externaldata(a:string)["x"] with (format="csv",)`, "1:48: expected a property, found ')'"},
	{"declare pattern p = (a:string)[b:string,] { (\"x\").[\"y\"] = { T }; };", "1:40: expected ']', found ','"},
	{"declare pattern A = () { (\"x\") = { T } };", "1:40: expected ';', found '}'"},
	{"declare pattern A = () { };", "1:26: expected '(', found '}'"},
	{"T | mv-apply a with_itemindex=i on (take 1)", "1:16: expected 'on', found 'with_itemindex'"},
	{"T | partition by a hint.strategy=native (take 1)", "1:20: expected '(', found 'hint'"},
	{"print dynamic(00}", "1:14: missing ')' to close this '('"},
	{"print dynamic([1)]", "1:14: missing ')' to close this '('"},
	{"print dynamic()", "1:15: expected a value in dynamic(), found ')'"},
	{"declare query_parameters a:string", "1:26: expected '(', found 'a'"},
	{"let f = view (a) { T };", "1:18: expected ';' or the end of the query, found '{'"}, // view(a) is a call: no function starts without a:type,
	{"datatable(a) ['x']", "1:12: expected ':' and a type after a, found ')'"},
	{"let f = (a:string = ) { T }", "1:19: expected ')', found '='"},
	{"set x = ;", "1:9: expected an expression, found ';'"},
	{"T | where a\n\nU", "3:1: expected ';' or the end of the query, found 'U'"},

	// Tokens.
	{`print "abc`, `1:11: unterminated string literal: missing "`},
	{"print 'abc\nx'", "1:11: unterminated string literal: missing '"},
	{"print ```abc", "1:13: unterminated multi-line string literal: missing ```"},
	{"print datetime(2020", "1:20: missing ')' to close the datetime literal"},
	{"T | project ['a", "1:16: unterminated string literal: missing '"},
	{"T # x", "1:3: unexpected character '#'"},
	{"print 1;\n#x\nprint 2", "2:1: unexpected character '#'"},
	{`T | where p contains "\Windows"`, `1:23: invalid escape sequence in string literal: \W`},
	{`print 'a\x4'`, `1:9: invalid escape sequence in string literal: \x`},
	{"print 'a\\\nb'", "1:9: invalid escape sequence in string literal: a backslash at the end of a line"},
	{"T\u2028| take 1", "1:2: unexpected character '\u2028'"},
	{"print a\x00", "1:8: unexpected character U+0000"},
	{"print \xff", "1:7: invalid UTF-8 encoding"},

	// Columns count bytes.
	{"print 'é' + = 1", "1:14: expected an expression, found '='"},

	// Not queries, or not supported.
	{".show table T extents", "1:1: the control command .show table T extents is not supported by kqlt"},
	{"// setup\n.foo bar", "2:1: the control command .foo is not supported by kqlt"},
	{".create database D persist (@'x')", "1:1: the control command .create database ... persist is not supported by kqlt"},
	{".drop database D", "1:1: the control command .drop database is not supported by kqlt"},
	{".1", "1:1: the control command .1 is not supported by kqlt"},
	{"print 1; .show tables", "1:10: a control command (.show) must start the text, not follow a statement"},

	// Control commands.
	{".create table T (a:foo)", "1:20: expected a column type (bool, datetime, decimal, dynamic, guid, int, long, real, string, timespan, ...), found 'foo'"},
	{".create table T (a:int,)", "1:24: expected a name, found ')'"},
	{".show table T schema", "1:21: expected 'as', found end of query"},
	{".add database D viewer ('x')", "1:17: expected a role (admins, ingestors, monitors, unrestrictedviewers, users, viewers), found 'viewer'"},
	{".add database D viewers ('x' 'y')", "1:30: expected ')', found string 'y'"},
	{".set T print 1", "1:8: expected '<|' or with, found 'print'"},
	{".create function F { print 1 }", "1:20: expected '(', found '{'"},
	{".show tables | where", "1:21: expected an expression, found end of query"},
	{".ingest inline into table T with (format=csv) <| a", "1:42: expected a literal, found 'csv'"},
	{"T | assert-schema (a:string)", "1:5: the assert-schema operator is not supported by kqlt"},
	{"T | graph-merge G", "1:5: graph-merge is not a KQL operator (the official parser, Kusto.Language 12.4.1, has none)"},
}

func TestErrors(t *testing.T) {
	for _, c := range errorCases {
		t.Run(c.src, func(t *testing.T) {
			q, err := Parse(c.src)
			require.Error(t, err)
			assert.Nil(t, q)
			var perr *Error
			require.True(t, errors.As(err, &perr), "%T is not a *Error", err)
			assert.Equal(t, c.want, err.Error())
			checkErrorPos(t, c.src, perr)
		})
	}
}

// checkErrorPos checks that the position of an error is inside the source
// (or at its end) and that its line and column agree with its offset.
func checkErrorPos(t testing.TB, src string, e *Error) {
	t.Helper()
	require.True(t, e.Pos.IsValid(), "error without position: %v", e)
	require.GreaterOrEqual(t, e.Pos.Offset, 0)
	require.LessOrEqual(t, e.Pos.Offset, len(src))
	line := 1 + strings.Count(src[:e.Pos.Offset], "\n")
	col := e.Pos.Offset - (strings.LastIndexByte(src[:e.Pos.Offset], '\n') + 1) + 1
	require.Equal(t, Position{Offset: e.Pos.Offset, Line: line, Column: col}, e.Pos)
}

func TestErrorSnippet(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"T | where a = = 1", "T | where a = = 1\n              ^"},
		{"T\n| where x\n| extend = 1\n| take 1", "| extend = 1\n         ^"},
		{"T\r\n| extend = 1\r\n", "| extend = 1\n         ^"},
		{"T\n|\twhere\ta = = 1", "|\twhere\ta = = 1\n \t     \t    ^"},
		{"print 'é' + = 1", "print 'é' + = 1\n            ^"},
		{"T | where", "T | where\n         ^"},
		{"T | where\n", "\n^"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src)
		require.Error(t, err)
		var perr *Error
		require.True(t, errors.As(err, &perr))
		assert.Equal(t, tt.want, perr.Snippet(), "%q", tt.src)
	}
	assert.Equal(t, "", (&Error{Msg: "x"}).Snippet(), "no source, no snippet")

	// A long line is cut around the error.
	long := "print " + strings.Repeat("a", 1<<20) + " + = 1"
	_, err := Parse(long)
	var perr *Error
	require.True(t, errors.As(err, &perr))
	snip := perr.Snippet()
	line, caret, _ := strings.Cut(snip, "\n")
	assert.Equal(t, "…"+strings.Repeat("a", 97)+" + = 1", line)
	assert.Equal(t, strings.Repeat(" ", 1+100)+"^", caret)
	long = "print '" + strings.Repeat("é", 300) + "' + = 1 + '" + strings.Repeat("é", 300) + "'"
	_, err = Parse(long)
	require.True(t, errors.As(err, &perr))
	line, caret, _ = strings.Cut(perr.Snippet(), "\n")
	assert.True(t, utf8.ValidString(line))
	assert.True(t, strings.HasPrefix(line, "…") && strings.HasSuffix(line, "…"), line)
	assert.Less(t, utf8.RuneCountInString(line), 210)
	assert.Equal(t, utf8.RuneCountInString(line[:strings.Index(line, "+ =")+2]), len(caret)-1, "the caret is under the =")
	assert.Equal(t, "-: x", (&Error{Msg: "x"}).Error())
}

// TestDeepNesting feeds pathological input: Parse must return an error, not
// overflow the stack. (Running time is for the benchmarks: a wall-clock
// bound here would fail on a loaded machine under -race.)
func TestDeepNesting(t *testing.T) {
	if testing.Short() {
		t.Skip("slow in -short mode")
	}
	tests := []struct {
		name, src, want string
	}{
		{"parentheses", "print " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000), "nested too deeply"},
		{"unclosed parentheses", "print " + strings.Repeat("(", 100000), "nested too deeply"},
		{"unary minus", "print " + strings.Repeat("-", 100000) + "1", "expected an expression, found '-'"},
		{"or chain", "print " + strings.Repeat("a or ", 1000000) + "a", "expression too long"},
		{"plus chain", "print " + strings.Repeat("1+", 1000000) + "1", "expression too long"},
		{"dynamic arrays", "print dynamic(" + strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + ")", "nested too deeply"},
		{"calls", "print " + strings.Repeat("f(", 100000) + "1" + strings.Repeat(")", 100000), "nested too deeply"},
		{"indexes", "print a" + strings.Repeat("[a", 100000) + strings.Repeat("]", 100000), "nested too deeply"},
		{"members", "print a" + strings.Repeat(".a", 1000000), "expression too long"},
		{"subqueries", "T" + strings.Repeat(" | join (T", 100000) + strings.Repeat(") on a", 100000), "nested too deeply"},
		{"functions", strings.Repeat("let f = () { ", 100000) + "T" + strings.Repeat(" }", 100000), "nested too deeply"},
		{"schemas", "let f = (a:" + strings.Repeat("(a:", 100000) + "string" + strings.Repeat(")", 100001) + " { T }", "nested too deeply"},
		{"typeof", "print typeof(" + strings.Repeat("(", 100000) + strings.Repeat(")", 100001), "nested too deeply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.src)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var perr *Error
			require.True(t, errors.As(err, &perr))
			checkErrorPos(t, tt.src, perr)
		})
	}
}

// TestMaxDepth checks that trees at the depth limit parse, and print,
// format and walk without trouble.
func TestMaxDepth(t *testing.T) {
	n := maxDepth/2 - 1 // dynamic(...) takes a level of its own
	srcs := []string{
		"print " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n),
		"print " + strings.Repeat("a or ", 2*n) + "a",
		"print dynamic(" + strings.Repeat("[", 2*n) + strings.Repeat("]", 2*n) + ")",
	}
	for _, src := range srcs {
		q, err := Parse(src)
		require.NoError(t, err)
		checkPrinting(t, src, q)
		count := 0
		Inspect(q, func(Node) bool { count++; return true })
		assert.Greater(t, count, n)
	}
}

// TestDepthLimitIsTrue checks that the nesting limit fires at the number
// its message says, whatever nests: 5000 levels parse, 5001 do not.
func TestDepthLimitIsTrue(t *testing.T) {
	for name, src := range map[string]func(n int) string{
		"parentheses": func(n int) string { return "print " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) },
		"calls":       func(n int) string { return "print " + strings.Repeat("f(", n) + "1" + strings.Repeat(")", n) },
		"indexes":     func(n int) string { return "print a" + strings.Repeat("[a", n) + strings.Repeat("]", n) },
		"subqueries":  func(n int) string { return "T" + strings.Repeat(" | join (T", n) + strings.Repeat(") on a", n) },
		"toscalar": func(n int) string {
			return "print " + strings.Repeat("toscalar(T | where a == ", n) + "1" + strings.Repeat(")", n)
		},
		"functions": func(n int) string { return strings.Repeat("let f = () { ", n) + "T" + strings.Repeat(" }; f", n) },
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(src(maxDepth))
			require.NoError(t, err)
			_, err = Parse(src(maxDepth + 1))
			require.Error(t, err)
			assert.Contains(t, err.Error(), fmt.Sprintf("query nested too deeply (more than %d levels)", maxDepth))
		})
	}
}
