package types_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/kqltest"
	"github.com/kqlt/kqlt/kql/schema"
	"github.com/kqlt/kqlt/kql/types"
	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
)

// keyVaultRules returns the Key Vault rule files: the copies bundled in
// testdata, and those of the shared data when it is there.
func keyVaultRules(t *testing.T) []string {
	var files []string
	for _, pattern := range []string{"*.yaml", "seed-era/*.yaml"} {
		m, err := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "keyvault", pattern))
		require.NoError(t, err)
		files = append(files, m...)
		if dir, err := kqltest.SharedDir(); err == nil {
			m, err := filepath.Glob(filepath.Join(dir, "keyvault", pattern))
			require.NoError(t, err)
			files = append(files, m...)
		}
	}
	require.NotEmpty(t, files)
	return files
}

// bindRule binds a rule's query against the built-in schema and checks
// that it has no finding and outputs the columns its entity mappings and
// custom details name.
func bindRule(t *testing.T, name string, r *rules.Rule) {
	t.Helper()
	q, err := kql.Parse(r.Query())
	require.NoError(t, err, name)
	info := &types.Info{}
	for _, d := range (&types.Config{Database: schema.Default()}).Check(q, info) {
		if d.Severity != types.SeverityNote {
			t.Errorf("%s: %s", name, d)
		}
	}
	require.NotNil(t, info.Output, name)
	for _, m := range r.EntityMappings() {
		for _, f := range m.FieldMappings {
			assert.True(t, info.Output.HasColumn(f.ColumnName), "%s: %s maps the column %q, which the query does not output: %s", name, m.Path, f.ColumnName, info.Output)
		}
	}
	for _, d := range r.CustomDetails() {
		assert.True(t, info.Output.HasColumn(d.Column), "%s: customDetails.%s names the column %q, which the query does not output", name, d.Key, d.Column)
	}
}

// TestKeyVaultRules binds every Key Vault rule, seed-era included, and
// their conversions with the built-in profile and with the AZKVAuditLogs
// example profile, against the built-in schema: none may have a finding.
func TestKeyVaultRules(t *testing.T) {
	profiles := map[string]string{
		"built-in":      transform.DefaultProfile,
		"azkvauditlogs": filepath.Join("..", "..", "examples", "azkvauditlogs", "profile.yaml"),
	}
	for _, file := range keyVaultRules(t) {
		f, err := rules.Load(file)
		require.NoError(t, err)
		r, err := f.Rule()
		require.NoError(t, err, file)
		bindRule(t, file, r)
		for pname, ppath := range profiles {
			p, err := transform.LoadProfile(ppath)
			require.NoError(t, err)
			res, err := transform.Convert(f, p)
			require.NoError(t, err, file)
			if res.Status != transform.Converted {
				continue
			}
			cr, err := res.Output.Rule()
			require.NoError(t, err)
			bindRule(t, file+" converted by "+pname, cr)
		}
	}
}
