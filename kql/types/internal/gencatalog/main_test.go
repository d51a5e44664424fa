package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// TestCatalogUpToDate regenerates the catalog from the official package
// and compares it with the committed builtin_gen.go. It skips without the
// oracle, and fails in CI without it.
func TestCatalogUpToDate(t *testing.T) {
	oracle := kqltest.RequireOracle(t)
	pkg, err := packageDir(oracle.Script)
	require.NoError(t, err)
	cat, err := extract(pkg)
	require.NoError(t, err)
	got, err := generate(cat)
	require.NoError(t, err)
	want, err := os.ReadFile(filepath.Join("..", "..", "builtin_gen.go"))
	require.NoError(t, err)
	if string(got) != string(want) {
		diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: difflib.SplitLines(string(want)), B: difflib.SplitLines(string(got)),
			FromFile: "builtin_gen.go (committed)", ToFile: "builtin_gen.go (from " + cat.Version + ")", Context: 2,
		})
		if len(diff) > 20000 {
			diff = diff[:20000] + "\n..."
		}
		t.Fatalf("the committed catalog differs from the package; run go generate ./kql/types\n%s", diff)
	}
}

// TestGenerateRejectsUnknownKinds checks that a kind the generator does
// not know fails the generation instead of being dropped.
func TestGenerateRejectsUnknownKinds(t *testing.T) {
	cat := &catalog{Package: "p", Version: "1", Functions: []*function{{
		Name: "f", ResultNameKind: "None",
		Signatures: []*signature{{ReturnKind: "Declared", ReturnType: &typeSymbol{Kind: "scalar", Name: "long"},
			Tabularity: "Scalar", Layout: "Fixed", Parameters: []*parameter{{
				Name: "x", TypeKind: "SomethingNew", ArgumentKind: "Expression", Min: 1, Max: 1}}}},
	}}}
	_, err := generate(cat)
	require.ErrorContains(t, err, `unknown ParameterTypeKind "SomethingNew"`)

	cat.Functions[0].Signatures[0].Parameters[0].TypeKind = "Scalar"
	src, err := generate(cat)
	require.NoError(t, err)
	require.Contains(t, string(src), `{Name: "x", TypeKind: ParamScalar, MinOccur: 1, MaxOccur: 1}`)
}
