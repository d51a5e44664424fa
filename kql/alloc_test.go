package kql

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The nodes and lists of a tree come from blocks (alloc.go). These tests
// check what that must not change: a tree's lists can be appended to
// without touching another list, and a tree shares no node with the tree
// of another parse.

func TestListsAppendWithoutOverwriting(t *testing.T) {
	tests := []struct {
		name, src string
	}{
		{"firstNodes", "T | extend a = 1, b = 2 | project c, d | where x in (1, 2)"},
		// Enough lists to fill the firstNodes' room and the blocks after it.
		{"blocks", "T" + strings.Repeat(" | project a, b, c | extend d = f(x, y)", 40)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := mustParse(t, tt.src)
			want := q.String()
			var lists [][]Expr
			Inspect(q, func(n Node) bool {
				switch n := n.(type) {
				case *ExtendOp:
					lists = append(lists, n.Exprs)
				case *ProjectOp:
					lists = append(lists, n.Exprs)
				case *CallExpr:
					lists = append(lists, n.Args)
				case *InExpr:
					lists = append(lists, n.List)
				}
				return true
			})
			require.NotEmpty(t, lists)
			for _, l := range lists {
				assert.Equal(t, len(l), cap(l), "a list has spare room that an append would write into")
				_ = append(l, &Ident{Name: "appended"})
			}
			assert.Equal(t, want, q.String())
			var ops []Operator
			Inspect(q, func(n Node) bool {
				if pl, ok := n.(*Pipeline); ok {
					ops = pl.Ops
				}
				return true
			})
			assert.Equal(t, len(ops), cap(ops))
			assert.Equal(t, len(q.Stmts), cap(q.Stmts))
		})
	}
}

func TestParsesShareNoNodes(t *testing.T) {
	// Parses reuse their parser (and its buffers) from a pool; the nodes
	// of one parse must be new all the same.
	srcs := []string{
		"let a = 1; T | where x == a | extend y = b.c[0], z = f(1)",
		"T | where x == 2 | extend y = d.e[1], z = g(2)",
	}
	for i := 0; i < 20; i++ {
		srcs = append(srcs, fmt.Sprintf("T%d | where x%d == %d and y has 'z' | summarize count() by k%d", i, i, i, i))
	}
	var qs []*Query
	var want []string
	for _, src := range srcs {
		q := mustParse(t, src)
		qs = append(qs, q)
		want = append(want, q.String())
	}
	// Rename every name of the later trees; the earlier ones keep theirs.
	for _, q := range qs[1:] {
		Inspect(q, func(n Node) bool {
			if id, ok := n.(*Ident); ok {
				id.Name = "renamed"
			}
			return true
		})
	}
	assert.Equal(t, want[0], qs[0].String())
	Inspect(qs[0], func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			assert.NotEqual(t, "renamed", id.Name)
		}
		return true
	})
}
