package kql

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustParse(t testing.TB, src string) *Query {
	t.Helper()
	q, err := Parse(src)
	require.NoError(t, err)
	return q
}

// isIdent reports whether n is the identifier name.
func isIdent(n Node, name string) bool {
	id, ok := n.(*Ident)
	return ok && id.Name == name
}

func TestInspectOrder(t *testing.T) {
	q := mustParse(t, "let x = 1;\nT | where a == x | project b, c = d + 1")
	var got []string
	Inspect(q, func(n Node) bool {
		if n == nil {
			got = append(got, ")")
			return false
		}
		name := strings.TrimPrefix(strings.SplitN(dump(n), " ", 2)[0], "(")
		if id, ok := n.(*Ident); ok {
			name = id.Name
		}
		got = append(got, name)
		return true
	})
	assert.Equal(t, "Query LetStmt x ) 1 ) ) ExprStmt Pipeline T ) WhereOp == a ) x ) ) ) ProjectOp b ) = c ) + d ) 1 ) ) ) ) ) ) )",
		strings.Join(got, " "))
}

// TestInspectTables lists the tables and columns a query reads, the way a
// validator would.
func TestInspectTables(t *testing.T) {
	q := mustParse(t, "union (SigninLogs | where ResultType == 0), AADNonInteractiveUserSignInLogs\n| join (IdentityInfo) on AccountUPN")
	var names []string
	Inspect(q, func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			names = append(names, id.Name)
		}
		return true
	})
	assert.Equal(t, []string{"SigninLogs", "ResultType", "AADNonInteractiveUserSignInLogs", "IdentityInfo", "AccountUPN"}, names)
}

func TestInspectSkipChildren(t *testing.T) {
	q := mustParse(t, "T | where f(a, b) | extend c")
	var idents []string
	Inspect(q, func(n Node) bool {
		if _, ok := n.(*CallExpr); ok {
			return false
		}
		if id, ok := n.(*Ident); ok {
			idents = append(idents, id.Name)
		}
		return true
	})
	assert.Equal(t, []string{"T", "c"}, idents)
}

func TestApplyAbort(t *testing.T) {
	q := mustParse(t, "T | where a | where b | where c")
	var seen []string
	Apply(q, func(c *Cursor) bool {
		if id, ok := c.Node().(*Ident); ok {
			seen = append(seen, id.Name)
		}
		return true
	}, func(c *Cursor) bool {
		return !isIdent(c.Node(), "b") // stop after b
	})
	assert.Equal(t, []string{"T", "a", "b"}, seen)
}

func TestApplyCursor(t *testing.T) {
	q := mustParse(t, "T | project a, b")
	var got []string
	Apply(q, func(c *Cursor) bool {
		if _, ok := c.Node().(*Ident); ok {
			parent := strings.TrimPrefix(strings.SplitN(dump(c.Parent()), " ", 2)[0], "(")
			got = append(got, c.Node().(*Ident).Name+" in "+parent+"."+c.Name()+"["+itoa(max(c.Index(), 0))+"]")
		}
		if c.Node() == q {
			assert.Nil(t, c.Parent())
			assert.Equal(t, -1, c.Index())
		}
		return true
	}, nil)
	assert.Equal(t, []string{"T in Pipeline.Source[0]", "a in ProjectOp.Exprs[0]", "b in ProjectOp.Exprs[1]"}, got)
}

func TestApplyReplaceRoot(t *testing.T) {
	q := mustParse(t, "T | take 1")
	x := &Ident{Name: "U"}
	got := Apply(q.Stmts[0].(*ExprStmt).X, func(c *Cursor) bool {
		if c.Parent() == nil {
			c.Replace(x)
			return false
		}
		return true
	}, nil)
	assert.Same(t, x, got)
}

func TestApplyPanics(t *testing.T) {
	q := mustParse(t, "T | where a")
	assert.PanicsWithValue(t, "kql: Cursor.Delete: *kql.Ident is not in a list", func() {
		Apply(q, func(c *Cursor) bool {
			if isIdent(c.Node(), "a") {
				c.Delete()
			}
			return true
		}, nil)
	})
	assert.Panics(t, func() {
		Apply(q, func(c *Cursor) bool {
			if _, ok := c.Node().(*WhereOp); ok {
				c.Replace(&Ident{Name: "x"}) // not an Operator
			}
			return true
		}, nil)
	})
	assert.Panics(t, func() {
		Apply(q, func(c *Cursor) bool {
			if _, ok := c.Node().(*WhereOp); ok {
				c.InsertAfter(&Ident{Name: "x"})
			}
			return true
		}, nil)
	})
}

// TestApplyInsertVisits checks that Apply does not visit inserted nodes,
// before or after the current one.
func TestApplyInsertVisits(t *testing.T) {
	q := mustParse(t, "T | project a")
	var seen []string
	Apply(q, func(c *Cursor) bool {
		if id, ok := c.Node().(*Ident); ok {
			seen = append(seen, id.Name)
			if id.Name == "a" {
				c.InsertBefore(&Ident{Name: "before"})
				c.InsertAfter(&Ident{Name: "after"})
			}
		}
		return true
	}, nil)
	assert.Equal(t, []string{"T", "a"}, seen)
	assert.Equal(t, "T | project before, a, after", q.String())
}

// editCases edit a query with Apply and give the exact text String prints
// afterwards, and the text Format prints ("" to skip).
var editCases = []struct {
	name   string
	src    string
	pre    func(c *Cursor) bool
	want   string
	format string
}{
	{
		name: "delete an operator with its comments",
		src:  "T\n| where a // keep a\n// about take\n| take 1 // one\n| project b\n",
		pre: func(c *Cursor) bool {
			if _, ok := c.Node().(*TakeOp); ok {
				c.Delete()
			}
			return true
		},
		want:   "T\n| where a // keep a\n| project b\n",
		format: "T\n| where a // keep a\n| project b\n",
	},
	{
		name: "delete an operator on one line",
		src:  "T | where a | take 1 | project b",
		pre:  deleteOp[*TakeOp],
		want: "T | where a | project b",
	},
	{
		name: "delete the first operator",
		src:  "T\n| where a\n| project b",
		pre:  deleteOp[*WhereOp],
		want: "T\n| project b",
	},
	{
		name: "delete the last operator",
		src:  "T\n| where a\n| project b\n",
		pre:  deleteOp[*ProjectOp],
		want: "T\n| where a\n",
	},
	{
		name: "delete the first list element",
		src:  "T | project a, b, c",
		pre:  deleteIdent("a"),
		want: "T | project b, c",
	},
	{
		name: "delete the middle list element",
		src:  "T | project a, b, c",
		pre:  deleteIdent("b"),
		want: "T | project a, c",
	},
	{
		name: "delete the last list element",
		src:  "T | project a, b, c",
		pre:  deleteIdent("c"),
		want: "T | project a, b",
	},
	{
		name: "delete a list element on its own line",
		src:  "T\n| project\n    a,\n    b, // bee\n    c\n",
		pre:  deleteIdent("b"),
		want: "T\n| project\n    a,\n    c\n",
	},
	{
		name: "delete the last list element on its own line",
		src:  "T\n| project\n    a,\n    b // bee\n| take 1",
		pre:  deleteIdent("b"),
		want: "T\n| project\n    a\n| take 1",
	},
	{
		name: "delete an in-list element",
		src:  "T | where x in ('a', 'b', 'c')",
		pre:  deleteLit("'b'"),
		want: "T | where x in ('a', 'c')",
	},
	{
		name: "delete a let statement with its comment lines",
		src:  "// config\nlet x = 1; // trailing\n// the query\nT | where a == x\n",
		pre:  deleteLet("x"),
		want: "// the query\nT | where a == x\n",
	},
	{
		name: "delete a let statement between others",
		src:  "let y = 2;\n// about x\nlet x = 1;\nlet z = 3;\nT",
		pre:  deleteLet("x"),
		want: "let y = 2;\nlet z = 3;\nT",
	},
	{
		name: "replace a literal",
		src:  "T\n| where Level == 1 // errors\n| take 5",
		pre: func(c *Cursor) bool {
			if l, ok := c.Node().(*BasicLit); ok && l.Value == "1" {
				c.Replace(&BasicLit{Kind: StringLit, Value: `"Error"`})
			}
			return true
		},
		want:   "T\n| where Level == \"Error\" // errors\n| take 5",
		format: "T\n| where Level == \"Error\" // errors\n| take 5",
	},
	{
		name: "replace a literal and delete the next operator",
		src:  "AzureDiagnostics\n| where ResourceType == \"VAULTS\" // Key Vault\n| take 100 // testing\n| project a",
		pre: func(c *Cursor) bool {
			switch x := c.Node().(type) {
			case *BasicLit:
				if x.Value == `"VAULTS"` {
					c.Replace(&BasicLit{Kind: StringLit, Value: `"MANAGEDHSMS"`})
				}
			case *TakeOp:
				c.Delete()
			}
			return true
		},
		want:   "AzureDiagnostics\n| where ResourceType == \"MANAGEDHSMS\" // Key Vault\n| project a",
		format: "AzureDiagnostics\n| where ResourceType == \"MANAGEDHSMS\" // Key Vault\n| project a",
	},
	{
		name: "insert an operator and delete the next",
		src:  "T\n| where a // A\n| take 1 // B\n| project b",
		pre: func(c *Cursor) bool {
			switch c.Node().(type) {
			case *WhereOp:
				c.InsertAfter(&CountOp{})
			case *TakeOp:
				c.Delete()
			}
			return true
		},
		want:   "T\n| where a // A\n| count\n| project b",
		format: "T\n| where a // A\n| count\n| project b",
	},
	{
		name: "retarget a string",
		src:  "AzureDiagnostics\n| where ResourceType == \"VAULTS\" and OperationName in (\"SecretGet\")\n",
		pre: func(c *Cursor) bool {
			if l, ok := c.Node().(*BasicLit); ok && l.Value == `"VAULTS"` {
				c.Replace(&BasicLit{Kind: StringLit, Value: Quote("MANAGEDHSMS", StyleOf(l.Value))})
			}
			return true
		},
		want: "AzureDiagnostics\n| where ResourceType == \"MANAGEDHSMS\" and OperationName in (\"SecretGet\")\n",
	},
	{
		name: "rename a table",
		src:  "AzureDiagnostics // the table\n| where a",
		pre: func(c *Cursor) bool {
			if id, ok := c.Node().(*Ident); ok && id.Name == "AzureDiagnostics" {
				id.Name = "AZKVAuditLogs"
			}
			return true
		},
		want: "AZKVAuditLogs // the table\n| where a",
	},
	{
		name: "rename a column to a bracketed name",
		src:  "T | project a, b",
		pre: func(c *Cursor) bool {
			if id, ok := c.Node().(*Ident); ok && id.Name == "a" {
				id.Name = "my col"
			}
			return true
		},
		want: "T | project ['my col'], b",
	},
	{
		name: "insert an operator after",
		src:  "T\n| where a\n| project b\n",
		pre: func(c *Cursor) bool {
			if _, ok := c.Node().(*WhereOp); ok {
				c.InsertAfter(&TakeOp{Keyword: "take", Count: &BasicLit{Kind: LongLit, Value: "10"}})
			}
			return true
		},
		want: "T\n| where a\n| take 10\n| project b\n",
	},
	{
		name: "insert an operator before",
		src:  "T | where a | project b",
		pre: func(c *Cursor) bool {
			if _, ok := c.Node().(*WhereOp); ok {
				c.InsertBefore(&WhereOp{Keyword: "where", Pred: &BinaryExpr{
					X:  &Ident{Name: "TimeGenerated"},
					Op: ">",
					Y:  &CallExpr{Fun: &Ident{Name: "ago"}, Args: []Expr{&BasicLit{Kind: TimespanLit, Value: "1d"}}},
				}})
			}
			return true
		},
		want:   "T | where TimeGenerated > ago(1d) | where a | project b",
		format: "T\n| where TimeGenerated > ago(1d)\n| where a\n| project b",
	},
	{
		name: "append an operator",
		src:  "T\n| where a // last\n",
		pre: func(c *Cursor) bool {
			if _, ok := c.Node().(*WhereOp); ok {
				c.InsertAfter(&CountOp{})
			}
			return true
		},
		want: "T\n| where a // last\n| count\n",
	},
	{
		name: "insert a list element",
		src:  "T | project a, c",
		pre: func(c *Cursor) bool {
			if isIdent(c.Node(), "a") {
				c.InsertAfter(&Ident{Name: "b"})
			}
			return true
		},
		want: "T | project a, b, c",
	},
	{
		name: "replace a predicate with a parsed expression",
		src:  "T\n| where a == 1\n| take 1",
		pre: func(c *Cursor) bool {
			if w, ok := c.Node().(*WhereOp); ok {
				x, err := ParseExpr("b has 'x' and c")
				if err != nil {
					panic(err)
				}
				w.Pred = x
			}
			return true
		},
		want: "T\n| where b has 'x' and c\n| take 1",
	},
	{
		name: "delete a graph pattern",
		src:  "G | graph-match (a)-->(b), (b)-[e]->(c) where a.x > 1 project a",
		pre: func(c *Cursor) bool {
			if _, ok := c.Node().(*GraphPattern); ok && c.Index() == 1 {
				c.Delete()
			}
			return true
		},
		want: "G | graph-match (a)-->(b) where a.x > 1 project a",
	},
	{
		name: "extend a graph pattern",
		src:  "G\n| graph-match (a)-->(b)\n    project a",
		pre: func(c *Cursor) bool {
			if n, ok := c.Node().(*GraphNode); ok && n.Name.Name == "b" {
				c.InsertAfter(&GraphNode{Name: &Ident{Name: "c"}})
				c.InsertAfter(&GraphEdge{Open: "-[", Name: &Ident{Name: "e"}, Min: &BasicLit{Kind: LongLit, Value: "1"}, Max: &BasicLit{Kind: LongLit, Value: "2"}, Close: "]->"})
			}
			return true
		},
		want:   "G\n| graph-match (a)-->(b)-[e*1..2]->(c)\n    project a",
		format: "G\n| graph-match (a)-->(b)-[e*1..2]->(c) project a",
	},
	{
		name: "delete a table of make-graph",
		src:  "E | make-graph s --> d with N on id, M on id2",
		pre: func(c *Cursor) bool {
			if t, ok := c.Node().(*MakeGraphTable); ok && isIdent(t.Table, "N") {
				c.Delete()
			}
			return true
		},
		want: "E | make-graph s --> d with M on id2",
	},
	{
		name: "rename the count column",
		src:  "T | count as N // rows",
		pre: func(c *Cursor) bool {
			if isIdent(c.Node(), "N") {
				c.Replace(&Ident{Name: "Total"})
			}
			return true
		},
		want: "T | count as Total // rows",
	},
	{
		name: "replace a client parameter",
		src:  "T | where x > toreal({Seats})",
		pre: func(c *Cursor) bool {
			if id, ok := c.Node().(*Ident); ok && id.Braced() {
				c.Replace(&BasicLit{Kind: LongLit, Value: "25"})
			}
			return true
		},
		want: "T | where x > toreal(25)",
	},
	{
		name: "rename a client parameter",
		src:  "print {Seats[1]}",
		pre: func(c *Cursor) bool {
			if id, ok := c.Node().(*Ident); ok && id.Braced() {
				id.Name = "Users[-1]"
			}
			return true
		},
		want: "print {Users[-1]}",
	},
	{
		name: "insert after the last element of a line",
		src:  "T\n| project a\n| take 1",
		pre: func(c *Cursor) bool {
			if isIdent(c.Node(), "a") {
				c.InsertAfter(&Ident{Name: "b"})
			}
			return true
		},
		want: "T\n| project a, b\n| take 1",
	},
	{
		name: "replace the last token of a query with a comment",
		src:  "T | take 1 // one\n",
		pre: func(c *Cursor) bool {
			if _, ok := c.Node().(*BasicLit); ok {
				c.Replace(&BasicLit{Kind: LongLit, Value: "2"})
			}
			return true
		},
		want:   "T | take 2 // one\n",
		format: "T\n| take 2 // one\n",
	},
	{
		name: "delete a column of render by",
		src:  "T | render piechart by a, b with 'x'",
		pre:  deleteIdent("a"),
		want: "T | render piechart by b with 'x'",
	},
}

func deleteOp[T Operator](c *Cursor) bool {
	if _, ok := c.Node().(T); ok {
		c.Delete()
	}
	return true
}

func deleteIdent(name string) ApplyFunc {
	return func(c *Cursor) bool {
		if isIdent(c.Node(), name) && c.Index() >= 0 {
			c.Delete()
		}
		return true
	}
}

func deleteLit(value string) ApplyFunc {
	return func(c *Cursor) bool {
		if l, ok := c.Node().(*BasicLit); ok && l.Value == value {
			c.Delete()
		}
		return true
	}
}

func deleteLet(name string) ApplyFunc {
	return func(c *Cursor) bool {
		if l, ok := c.Node().(*LetStmt); ok && l.Name.Name == name {
			c.Delete()
		}
		return true
	}
}

func TestEdits(t *testing.T) {
	for _, tt := range editCases {
		t.Run(tt.name, func(t *testing.T) {
			q := mustParse(t, tt.src)
			Apply(q, tt.pre, nil)
			got := q.String()
			assert.Equal(t, tt.want, got)
			if tt.format != "" {
				assert.Equal(t, tt.format, Format(q))
			}
			// The edited query parses, and String of the result is stable.
			q2, err := Parse(got)
			require.NoError(t, err, got)
			assert.Equal(t, got, q2.String())
			assert.Equal(t, Format(q2), Format(q), "Format of the edited tree and of its reparse agree")
		})
	}
}

// TestEditKeepsUntouchedText edits one literal deep in a long real-world
// query and checks that every byte outside the literal is unchanged.
func TestEditKeepsUntouchedText(t *testing.T) {
	src := keyVaultQueries(t)[0]
	q := mustParse(t, src)
	var old *BasicLit
	Apply(q, func(c *Cursor) bool {
		if l, ok := c.Node().(*BasicLit); ok && l.Kind == StringLit && old == nil {
			old = l
			c.Replace(&BasicLit{Kind: StringLit, Value: `"REPLACED"`})
		}
		return true
	}, nil)
	require.NotNil(t, old)
	start, end := old.Pos().Offset(), old.End().Offset()
	assert.Equal(t, src[:start]+`"REPLACED"`+src[end:], q.String())
}

// TestSetLeadingTrivia keeps a comment of a deleted statement by moving it
// onto the next one, as a rewrite does for a section header.
func TestSetLeadingTrivia(t *testing.T) {
	q := mustParse(t, "let a = 1;\n\n// section\n\nlet b = 2;\nT | where x == a")
	b := q.Stmts[1].(*LetStmt)
	assert.Equal(t, "\n// section\n\n", q.LeadingTrivia(b))
	next := q.Stmts[2]
	require.True(t, q.SetLeadingTrivia(next, q.LeadingTrivia(b)+q.LeadingTrivia(next)))
	Apply(q, deleteLet("b"), nil)
	assert.Equal(t, "let a = 1;\n\n// section\n\nT | where x == a", q.String())
	assert.False(t, q.SetLeadingTrivia(&Ident{Name: "new"}, "x"), "a node without position")
}
