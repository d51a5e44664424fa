package kql

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/format with the current output")

// goldenInputs returns the inputs of the Format golden tests.
func goldenInputs(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "format", "*.kql"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// TestFormatGolden formats each testdata/format/*.kql and compares the
// result with the .golden file next to it; go test ./kql -update rewrites
// the golden files. The golden output must also be a fixed point of Format
// and parse to the tree of the input.
func TestFormatGolden(t *testing.T) {
	for _, in := range goldenInputs(t) {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			require.NoError(t, err)
			q := mustParse(t, string(src))
			require.Equal(t, string(src), q.String())
			got := Format(q)
			golden := strings.TrimSuffix(in, ".kql") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./kql -run TestFormatGolden -update to create it")
			assert.Equal(t, string(want), got)

			q2 := mustParse(t, got)
			assert.Equal(t, got, Format(q2), "the golden output is a fixed point")
			assert.Equal(t, dump(q), dump(q2), "Format keeps the tree")
			assert.Equal(t, comments(string(src)), comments(got), "Format keeps every comment, in order")
		})
	}
}

// comments returns the // comments of src, trimmed, in order.
func comments(src string) []string {
	q, err := Parse(src)
	if err != nil {
		return nil
	}
	var out []string
	for i := 0; i <= len(q.tokens()); i++ {
		for _, line := range strings.Split(q.gap(i), "\n") {
			if k := strings.Index(line, "//"); k >= 0 {
				out = append(out, strings.TrimSpace(line[k:]))
			}
		}
	}
	return out
}

// TestFormatNodes formats nodes without their query: built by hand or
// detached, they print with canonical spacing.
func TestFormatNodes(t *testing.T) {
	pred := &BinaryExpr{X: &Ident{Name: "a"}, Op: "==", Y: &BasicLit{Kind: LongLit, Value: "1"}}
	assert.Equal(t, "a == 1", Format(pred))
	assert.Equal(t, "where a == 1", Format(&WhereOp{Keyword: "where", Pred: pred}))
	pl := &Pipeline{Source: &Ident{Name: "T"}, Ops: []Operator{&WhereOp{Keyword: "where", Pred: pred}, &CountOp{}}}
	assert.Equal(t, "T\n| where a == 1\n| count", Format(pl))
	assert.Equal(t, "T | where a == 1 | count", printNode(pl, false))
	call := &CallExpr{Fun: &Ident{Name: "f"}, Args: []Expr{&Star{}, &NamedExpr{Name: &Ident{Name: "x"}, Value: &BasicLit{Kind: StringLit, Value: `"y"`}}}}
	assert.Equal(t, `f(*, x = "y")`, Format(call))
	assert.Equal(t, "['a b']", Format(&Ident{Name: "a b"}))

	// A subtree of a parsed query formats without the query's comments.
	q := mustParse(t, "T // c\n| where  a==1 // d\n")
	w := q.Stmts[0].(*ExprStmt).X.(*Pipeline).Ops[0]
	assert.Equal(t, "where a == 1", Format(w))
}
