package kql

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// parseBothWays parses src with simpleSchema and with the schema grammar
// alone, and reports whether the two give the same tree, or the same
// error.
func parseBothWays(t testing.TB, src string) {
	t.Helper()
	q1, err1 := Parse(src)
	schemaGrammarOnly = true
	q2, err2 := Parse(src)
	schemaGrammarOnly = false
	if err1 != nil || err2 != nil {
		require.Equal(t, err2, err1, "the errors differ for %q", src)
		return
	}
	if !reflect.DeepEqual(q1, q2) {
		t.Fatalf("simpleSchema builds another tree than the schema grammar for %q:\n%s\n%s", src, dump(q1), dump(q2))
	}
}

// TestSimpleSchemas checks that the schemas that simpleSchema converts
// are those that the schema grammar reads, into the same trees, on the
// schemas of the tests and of the corpus.
func TestSimpleSchemas(t *testing.T) {
	srcs := []string{
		"datatable(a:string, ['b c']:long, d:dynamic)[]",
		"datatable(a:string, b:long,)[]",
		"datatable(,a:string)[]",
		"datatable()[]",
		"datatable(a:string, ['b' 'c']:long)[]",
		"datatable(a:string, ['b\\q']:long)[]",
		"datatable(a:string, b)[]",
		"datatable(a, b:long)[]",
		"datatable(a:string b:long)[]",
		"datatable(where:string)[]",
		"datatable(a:nosuchtype)[]",
		"let f = (a:string, T:(x:long)) { T }; f('a', S)",
		"let f = (a:string = 'x', b:long) { a }; f()",
		"let f = (*) { 1 }; f()",
		"print typeof(a:string, b:int)",
		"print typeof(string)",
	}
	for _, c := range constructs {
		srcs = append(srcs, c.src)
	}
	for _, c := range errorCases {
		srcs = append(srcs, c.src)
	}
	for _, src := range srcs {
		parseBothWays(t, src)
	}
	assert.False(t, schemaGrammarOnly)
}

func TestSimpleSchemasCorpus(t *testing.T) {
	for _, e := range kqltest.Corpus(t) {
		parseBothWays(t, e.Query)
	}
}
