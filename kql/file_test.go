package kql

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFile(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // the text of each query
	}{
		{"one query", "T\n| where a\n\n| take 1\n", []string{"T\n| where a\n\n| take 1\n"}},
		{"empty", "", []string{""}},
		{"comments only", "// a\n\n// b\n", []string{"// a\n\n// b\n"}},
		{"two queries", "T | take 1\n\nU | count\n", []string{"T | take 1\n", "U | count\n"}},
		{"no final newline", "T | take 1\n\n\nU | count", []string{"T | take 1\n", "U | count"}},
		{"blank lines with spaces", "T | take 1\n  \t\n\u00a0\nU | count\n", []string{"T | take 1\n", "U | count\n"}},
		{"crlf", "T | take 1\r\n\r\nU | count\r\n", []string{"T | take 1\r\n", "U | count\r\n"}},
		{"header comment joins the first query", "// header\n\n// first\nT\n\n// second\nU\n",
			[]string{"// header\n\n// first\nT\n", "// second\nU\n"}},
		{"trailing comments join the last query", "T\n\nU\n\n// the end\n", []string{"T\n", "U\n\n// the end\n"}},
		{"let statements join the query after them", "let a = 1;\n\nlet b = 2;\n\nT | where x == a\n\nU\n",
			[]string{"let a = 1;\n\nlet b = 2;\n\nT | where x == a\n", "U\n"}},
		{"let-only file end", "T\n\nlet a = 1;\n", []string{"T\n", "let a = 1;\n"}},
		{"blank line inside brackets", "T\n| where a in (\n\n'x')\n\nU\n", []string{"T\n| where a in (\n\n'x')\n", "U\n"}},
		{"blank line inside a function body", "let f = () {\n\n    T\n};\nf()\n\nU\n", []string{"let f = () {\n\n    T\n};\nf()\n", "U\n"}},
		{"blank line after an operator", "T\n| where a and\n\nb\n\nU\n", []string{"T\n| where a and\n\nb\n", "U\n"}},
		{"blank line in a multi-line string", "print ```a\n\nb```\n\nU\n", []string{"print ```a\n\nb```\n", "U\n"}},
		{"pipe after a blank line continues", "T\n\n| take 1\n\nU\n", []string{"T\n\n| take 1\n", "U\n"}},
		{"pipe after a comment chunk continues", "T\n\n// note\n\n| take 1\n\nU\n", []string{"T\n\n// note\n\n| take 1\n", "U\n"}},
		{"several statements", "T | take 1;\nU\n\nV\n", []string{"T | take 1;\nU\n", "V\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fqs, err := ParseFile(tt.src)
			require.NoError(t, err)
			var got []string
			for _, fq := range fqs {
				got = append(got, fq.Query.Source())
				assert.Equal(t, fq.Query.Source(), fq.Query.String())
			}
			assert.Equal(t, tt.want, got)
			checkFileQueries(t, tt.src, fqs, true)
		})
	}
}

func TestParseFileVersusParse(t *testing.T) {
	src := "T | take 1\n\nU | count\n"
	_, err := Parse(src)
	require.Error(t, err, "Parse takes the whole text as one query")
	assert.Equal(t, "3:1: expected ';' or the end of the query, found 'U'", err.Error())
	fqs, err := ParseFile(src)
	require.NoError(t, err)
	require.Len(t, fqs, 2)
	assert.Equal(t, 12, fqs[1].Offset)
	assert.Equal(t, 3, fqs[1].Line)
	assert.Equal(t, len(src), fqs[1].End())
}

func TestParseFileErrors(t *testing.T) {
	src := "T | take 1\n\n// broken\nU | where a = = 1\n\nV | count\n\nW | where\n"
	fqs, err := ParseFile(src)
	require.Error(t, err)
	var list ErrorList
	require.True(t, errors.As(err, &list))
	require.Len(t, list, 2)
	assert.Equal(t, "4:15: expected an expression, found '='", list[0].Error())
	assert.Equal(t, "U | where a = = 1\n              ^", list[0].Snippet())
	assert.Equal(t, "9:1: expected an expression, found end of query", list[1].Error())
	assert.Equal(t, "4:15: expected an expression, found '=' (and 1 more error)", err.Error())
	var first *Error
	require.True(t, errors.As(err, &first), "errors.As finds the first *Error")
	assert.Equal(t, list[0], first)

	// The queries before and between the errors are returned.
	require.Len(t, fqs, 2)
	assert.Equal(t, "T | take 1\n", fqs[0].Query.Source())
	assert.Equal(t, "V | count\n", fqs[1].Query.Source())
	assert.Equal(t, 6, fqs[1].Line)
}

func TestParseFilePosition(t *testing.T) {
	src := "T\n\n// second\nU\n| where x == 1\n"
	fqs, err := ParseFile(src)
	require.NoError(t, err)
	require.Len(t, fqs, 2)
	fq := fqs[1]
	var lit *BasicLit
	Inspect(fq.Query, func(n Node) bool {
		if b, ok := n.(*BasicLit); ok {
			lit = b
		}
		return true
	})
	require.NotNil(t, lit)
	pos := fq.Position(lit.Pos())
	assert.Equal(t, Position{Offset: strings.Index(src, "1\n"), Line: 5, Column: 14}, pos)
	assert.Equal(t, Position{Offset: 25, Line: 3, Column: 14}, fq.Query.Position(lit.Pos()), "relative to the query")
	assert.False(t, fq.Position(NoPos).IsValid())
}

// TestParseFileSplice formats each query of a file and splices the results
// back, as the CLI's fmt does.
func TestParseFileSplice(t *testing.T) {
	src := "T|where a==1|take 1\n\n\nU|count\n"
	fqs, err := ParseFile(src)
	require.NoError(t, err)
	var b strings.Builder
	prev := 0
	for _, fq := range fqs {
		b.WriteString(src[prev:fq.Offset])
		b.WriteString(Format(fq.Query))
		prev = fq.End()
	}
	b.WriteString(src[prev:])
	assert.Equal(t, "T\n| where a == 1\n| take 1\n\n\nU\n| count\n", b.String())
}

func TestErrorList(t *testing.T) {
	assert.Equal(t, "no errors", ErrorList(nil).Error())
	e := &Error{Pos: Position{Offset: 0, Line: 1, Column: 1}, Msg: "x"}
	assert.Equal(t, "1:1: x", ErrorList{e}.Error())
	assert.Equal(t, "1:1: x (and 2 more errors)", ErrorList{e, e, e}.Error())
	assert.Len(t, ErrorList{e, e}.Unwrap(), 2)
}

// TestParseFileQuadratic checks that a long run of incomplete chunks, each
// joined with the next and parsed again, stays fast: past a budget of work,
// ParseFile parses the rest of the file as one query. (Without the budget
// this takes about 30 s.)
func TestParseFileQuadratic(t *testing.T) {
	body := "print a,\n\n" + strings.Repeat("a,\n\n", 20000) + "b\n"
	fqs, err := ParseFile(body)
	require.NoError(t, err)
	require.Len(t, fqs, 1, "the whole text parses")

	fqs, err = ParseFile("T\n\n" + body + "\nU | where = =\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "expected ';' or the end of the query, found 'U'")
	require.Len(t, fqs, 1)
	assert.Equal(t, "T\n", fqs[0].Query.Source())
}
