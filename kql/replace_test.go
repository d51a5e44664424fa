package kql

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// freshIdents replaces every identifier of q with a fresh copy through
// Cursor.Replace: the same Name and Raw, but no source position. It
// returns how many it replaced.
func freshIdents(q *Query) int {
	n := 0
	Apply(q, func(c *Cursor) bool {
		if id, ok := c.Node().(*Ident); ok {
			fresh := &Ident{Name: id.Name}
			fresh.SetRaw(id.text())
			c.Replace(fresh)
			n++
			return false
		}
		return true
	}, nil)
	return n
}

// TestReplaceKeepsTrivia replaces nodes in every kind of position and checks
// that the replacement takes the trivia around the node it replaces: the
// comment lines above it, its indentation and the comment after it.
func TestReplaceKeepsTrivia(t *testing.T) {
	table := func(from, to string) func(c *Cursor) {
		return func(c *Cursor) {
			if id, ok := c.Node().(*Ident); ok && id.Name == from {
				c.Replace(&Ident{Name: to})
			}
		}
	}
	expr := func(op, to string) func(c *Cursor) {
		return func(c *Cursor) {
			if b, ok := c.Node().(*BinaryExpr); ok && b.Op == op {
				x, err := ParseExpr(to)
				if err != nil {
					panic(err)
				}
				c.Replace(x)
			}
		}
	}
	tests := []struct {
		name, src, want string
		edit            func(c *Cursor)
	}{
		{"join", "T\n| join kind=inner (\n    AzureDiagnostics // the table\n    | where x == 1\n) on a",
			"T\n| join kind=inner (\n    AZKVAuditLogs // the table\n    | where x == 1\n) on a", table("AzureDiagnostics", "AZKVAuditLogs")},
		{"union", "union (\n    AzureDiagnostics  // again\n), (\n\tAzureDiagnostics\n)",
			"union (\n    AZKVAuditLogs  // again\n), (\n\tAZKVAuditLogs\n)", table("AzureDiagnostics", "AZKVAuditLogs")},
		{"union list", "union\n    A, // first\n    B // second\n",
			"union\n    Z, // first\n    B // second\n", table("A", "Z")},
		{"last in list", "union\n    B,\n    A // last\n",
			"union\n    B,\n    Z // last\n", table("A", "Z")},
		{"first token", "// about T\nA\n| take 1", "// about T\nZ\n| take 1", table("A", "Z")},
		{"last token", "T | project A  // the end\n", "T | project Z  // the end\n", table("A", "Z")},
		{"let value", "let t = A; // a table\nt", "let t = Z; // a table\nt", table("A", "Z")},
		{"comment lines above", "T\n| where\n    // lead\n    A == 1 // trail\n    and B == 2\n| take 1",
			"T\n| where\n    // lead\n    R has \"x\" // trail\n    and R has \"x\"\n| take 1", expr("==", `R has "x"`)},
		{"end of line", "T\n| where A == 1 // trail\n| take 1", "T\n| where R has \"x\" // trail\n| take 1", expr("==", `R has "x"`)},
		{"function argument", "T | extend x = f(\n    a == 1, // one\n    b)",
			"T | extend x = f(\n    R has \"x\", // one\n    b)", expr("==", `R has "x"`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse(tt.src)
			require.NoError(t, err)
			Apply(q, nil, func(c *Cursor) bool { tt.edit(c); return true })
			assert.Equal(t, tt.want, q.String())
		})
	}
}

// TestQueryApplyKeepsTrivia: a walk of a node below the query keeps the
// trivia of what it replaces when it goes through the query.
func TestQueryApplyKeepsTrivia(t *testing.T) {
	src := "T\n| where\n    A == 1 // trail\n    and B == 2"
	q, err := Parse(src)
	require.NoError(t, err)
	where := q.Stmts[0].(*ExprStmt).X.(*Pipeline).Ops[0]
	q.Apply(where, nil, func(c *Cursor) bool {
		if b, ok := c.Node().(*BinaryExpr); ok && b.Op == "==" {
			x, err := ParseExpr(`R has "x"`)
			require.NoError(t, err)
			c.Replace(x)
		}
		return true
	})
	assert.Equal(t, "T\n| where\n    R has \"x\" // trail\n    and R has \"x\"", q.String())
}

// TestFormatKeepsReplacedComments: Format keeps the comments around a
// replaced node, as it keeps those around any node.
func TestFormatKeepsReplacedComments(t *testing.T) {
	src := "T\n| where\n    // lead\n    A == 1 // trail\n    and B == 2\n| take 1 // end"
	q, err := Parse(src)
	require.NoError(t, err)
	Apply(q, nil, func(c *Cursor) bool {
		if b, ok := c.Node().(*BinaryExpr); ok && b.Op == "==" {
			x, err := ParseExpr(`R has "x"`)
			require.NoError(t, err)
			c.Replace(x)
		}
		return true
	})
	want := Format(mustParse(t, strings.ReplaceAll(strings.ReplaceAll(src, "A == 1", `R has "x"`), "B == 2", `R has "x"`)))
	assert.Equal(t, want, Format(q))
	assert.Contains(t, want, "// lead")
	assert.Contains(t, want, "// trail")
}

// TestReplaceIdentsRoundTrip is the property: replacing every identifier
// with a fresh copy prints the source byte for byte. It runs on the bundled
// queries here and on the corpus in TestCorpusReplaceIdents.
func TestReplaceIdentsRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "keyvault", "*.kql"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		q, err := Parse(string(data))
		require.NoError(t, err, f)
		require.Positive(t, freshIdents(q), f)
		assert.Equal(t, string(data), q.String(), f)
	}
}

func TestCorpusReplaceIdents(t *testing.T) {
	corpus := kqltest.Corpus(t)
	total, same, idents := 0, 0, 0
	for _, e := range corpus {
		q, err := Parse(e.Query)
		if err != nil {
			continue
		}
		total++
		idents += freshIdents(q)
		if assert.Equal(t, e.Query, q.String(), e.ID) {
			same++
		}
	}
	t.Logf("corpus: %d queries, %d identifiers replaced; %d print byte for byte", total, idents, same)
	require.Positive(t, total)
}
