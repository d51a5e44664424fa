package transform

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/kqltest"
	"github.com/kqlt/kqlt/rules"
)

// TestCorpusRules converts every rule of the two real rule repositories in
// the shared corpus: rules that are not about Key Vault are left alone, no
// conversion produces a query the parser rejects, and converting a
// conversion again changes nothing.
func TestCorpusRules(t *testing.T) {
	shared := kqltest.RequireShared(t)
	p := builtin(t)
	root := filepath.Join(shared, "corpus", "rules")
	var converted, skipped, unreadable []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") && !strings.HasSuffix(path, ".yml") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		f, err := rules.Load(path)
		if err != nil {
			unreadable = append(unreadable, rel)
			return nil
		}
		orig := f.Bytes()
		res, err := Convert(f, p)
		if err != nil {
			// Only a query the parser rejects may stop a conversion.
			r, rerr := f.Rule()
			require.NoError(t, rerr, rel)
			_, perr := kql.Parse(r.Query())
			require.Error(t, perr, "%s: %v", rel, err)
			unreadable = append(unreadable, rel)
			return nil
		}
		assert.Equal(t, orig, f.Bytes(), "%s: the source must not change", rel)
		switch res.Status {
		case Converted:
			converted = append(converted, filepath.ToSlash(rel))
			out, err := res.Output.Rule()
			require.NoError(t, err)
			_, err = kql.Parse(out.Query())
			require.NoError(t, err, rel)
			again, err := Convert(res.Output, p)
			require.NoError(t, err, rel)
			assert.Equal(t, OutOfScope, again.Status, rel)
		default:
			assert.Nil(t, res.Output, rel)
			assert.NotEmpty(t, res.Reason, rel)
			skipped = append(skipped, rel)
		}
		return nil
	})
	require.NoError(t, err)
	sort.Strings(converted)
	assert.Equal(t, []string{
		"asichaib__Azure-Sentinel/Detections/AzureDiagnostics/KeyVaultSensitiveOperations.yaml",
		"asichaib__Azure-Sentinel/Detections/AzureDiagnostics/KeyvaultMassSecretRetrieval.yaml",
		"asichaib__Azure-Sentinel/Detections/AzureDiagnostics/TimeSeriesKeyvaultAccessAnomaly.yaml",
	}, converted)
	t.Logf("%d converted, %d skipped, %d unreadable or unparsable: %v", len(converted), len(skipped), len(unreadable), unreadable)
	assert.Equal(t, 642, len(converted)+len(skipped)+len(unreadable))
}

// The AzureActivity rules of Sentinel-As-Code that mention Key Vault
// operations (MICROSOFT.KEYVAULT/VAULTS/...) are not Key Vault diagnostics
// rules: they are out of scope, with that reason.
func TestCorpusAzureActivityOutOfScope(t *testing.T) {
	shared := kqltest.RequireShared(t)
	dir := filepath.Join(shared, "corpus/rules/noodlemctwoodle__Sentinel-As-Code/Content/AnalyticalRules/Community/Dalonso/AzureActivity")
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	require.NoError(t, err)
	mentions := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		if !bytes.Contains(data, []byte("MICROSOFT.KEYVAULT/VAULTS")) {
			continue
		}
		mentions++
		f, err := rules.Parse(path, data)
		require.NoError(t, err)
		res, err := Convert(f, builtin(t))
		require.NoError(t, err)
		assert.Equal(t, OutOfScope, res.Status, path)
		assert.Contains(t, res.Reason, "does not read AzureDiagnostics")
	}
	assert.Equal(t, 3, mentions)
}

// TestCorpusQueries converts every query of the corpus that the official
// parser accepts: no conversion fails, queries out of scope come back
// unchanged, and converted queries parse.
func TestCorpusQueries(t *testing.T) {
	p := builtin(t)
	inScope := 0
	for _, e := range kqltest.Corpus(t) {
		if !e.Oracle.OK {
			continue
		}
		res, err := ConvertQuery(e.Query, p)
		require.NoError(t, err, e.ID)
		if !res.InScope {
			assert.Equal(t, e.Query, res.Text, e.ID)
			assert.Empty(t, res.Changes, e.ID)
			continue
		}
		inScope++
		_, err = kql.Parse(res.Text)
		assert.NoError(t, err, e.ID)
	}
	t.Logf("%d corpus queries in scope", inScope)
	assert.Positive(t, inScope)
}
